"""A grant's life: made at publication, suspended, resumed, cancelled (closure: closure.py)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.refusals import Refusal
from proposals.enums import ProposalState
from proposals.models import Proposal

from ..enums import GrantState
from ..models import Grant, GrantTransition
from ..states import transition_grant

DEFAULT_DURATION_MONTHS = 12


def grant_reference(call_code: str, number: int) -> str:
    """The grant's reference: the call's code, G and its number (CCIC2026-G001)."""
    return f"{call_code}-G{number:03d}"


def grant_period(start: date, duration_months: int | None) -> tuple[date, date]:
    """From `start`, for the proposal's duration (a year when it gave none)."""
    months = duration_months or DEFAULT_DURATION_MONTHS
    return start, start + relativedelta(months=months) - relativedelta(days=1)


def budget_of(proposal) -> list[dict]:
    """The proposal's budget lines as the grant keeps them (amendments move money)."""
    lines = sorted(proposal.budget_lines.all(), key=lambda line: (line.position, line.pk))
    return [{"line": line.item, "amount": str(line.amount)} for line in lines]


def officer_in_charge(call):
    """The call's first officer (by id), or whoever created the call."""
    return call.officers.order_by("pk").first() or call.created_by


@transaction.atomic
def create_grants_for_publication(publication, *, by, only=None) -> list[Grant]:
    """One grant per awarded proposal of the published call that has none yet (or only for
    the proposals whose ids are in `only`: a round published before the portal ran grants).

    Called by reviews' publish_results inside its transaction (registered from
    AwardsConfig.ready()). Each grant takes the decision's amount, the organisation, the
    period from the publication date for the proposal's duration, the call's first officer
    and the next reference of the call (CODE-G001, ...), the proposal's budget lines and its
    author as the contact person, and starts "agreement pending".
    Side effects: the Grant rows and one GrantTransition row each (creation, empty "from").
    """
    call = publication.call
    awarded = Proposal.objects.filter(call=call, state=ProposalState.AWARDED, grant__isnull=True)
    if only is not None:
        awarded = awarded.filter(pk__in=list(only))
    proposals = list(
        awarded.select_related("decision", "created_by")
        .prefetch_related("budget_lines")
        .order_by("sequence", "pk")
    )
    if not proposals:
        return []
    last = Grant.objects.filter(call=call).aggregate(n=Max("number"))["n"] or 0
    start = timezone.localdate(publication.published_at)
    officer = officer_in_charge(call)
    grants = []
    for offset, proposal in enumerate(proposals, start=1):
        starts_on, ends_on = grant_period(start, proposal.duration_months)
        grants.append(
            Grant(
                proposal=proposal,
                call=call,
                organisation_id=proposal.organisation_id,
                number=last + offset,
                reference=grant_reference(call.code, last + offset),
                amount=proposal.decision.amount,
                starts_on=starts_on,
                ends_on=ends_on,
                officer=officer,
                budget=budget_of(proposal),
                contact_name=getattr(proposal.created_by, "full_name", ""),
                contact_email=getattr(proposal.created_by, "email", ""),
            )
        )
    grants = Grant.objects.bulk_create(grants)
    GrantTransition.objects.bulk_create(
        GrantTransition(
            grant=grant,
            from_state="",
            to_state=GrantState.AGREEMENT_PENDING,
            by=by,
            note=_("Results published"),
        )
        for grant in grants
    )
    return grants


@transaction.atomic
def suspend_grant(grant: Grant, *, by, reason: str) -> Grant:
    """Suspend an active grant (no payments while suspended). Refused without a reason.
    Side effects: the state change and its log row with the reason."""
    if not reason.strip():
        raise Refusal(_("Say why the grant is suspended."), field="reason")
    transition_grant(grant, GrantState.SUSPENDED, by=by, note=reason.strip())
    return grant


@transaction.atomic
def resume_grant(grant: Grant, *, by, reason: str = "") -> Grant:
    """Make a suspended grant active again. Side effects: the state change and its log row."""
    transition_grant(grant, GrantState.ACTIVE, by=by, note=reason.strip())
    return grant


@transaction.atomic
def cancel_grant(grant: Grant, *, by, reason: str) -> Grant:
    """Cancel a grant that has not closed; what is unpaid will not be paid. Refused without
    a reason. Side effects: the state change and its log row with the reason."""
    if not reason.strip():
        raise Refusal(_("Say why the grant is cancelled."), field="reason")
    transition_grant(grant, GrantState.CANCELLED, by=by, note=reason.strip())
    return grant
