"""Appeals against published results, and the numbered amendments that publish a changed one.

An applicant's member lodges an appeal (grounds and a file) within the call's appeal window;
an officer of the call sends it to the committee; a committee member (or the officer, on the
committee's behalf) upholds it, with the new result, or rejects it, with a reason; the
applicant may withdraw it until then. An upheld appeal changes the decision through the
decision path (reviews.services.decisions.amend_decision: the same budget check) and is
published as Amendment No. n of the call's results: the Publication is never edited.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Call
from portal.formatting import format_datetime
from portal.refusals import Refusal
from proposals.deadlines import moment
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal
from proposals.services.attachments import check_upload
from proposals.states import log_event

from .. import notifications
from ..enums import AppealState, DecisionOutcome
from ..models import OPEN_APPEAL_STATES, Amendment, Appeal, Publication
from ..rules import (
    APPEALABLE_STATES,
    appeal_closes_at,
    has_published_results,
    is_appeal_window_open,
)
from ..states import APPEALS
from .decisions import amend_decision

GROUNDS_MAX = 5000


def _refuse_unless_appealable(proposal: Proposal, publication: Publication | None, at) -> None:
    if publication is None or not has_published_results(proposal.call):
        raise Refusal(_("Results can be appealed once they are published."), code="unpublished")
    if proposal.state not in APPEALABLE_STATES:
        raise Refusal(_("Only a result that was not funded can be appealed."), code="result")
    if not is_appeal_window_open(publication, at):
        raise Refusal(
            _("Appeals against these results were accepted until %(closes)s.")
            % {"closes": format_datetime(appeal_closes_at(publication) - timedelta(minutes=1))},
            code="window",
        )


def lodge_appeal(
    proposal: Proposal, *, grounds: str, uploaded_file, by, at: datetime | None = None
) -> Appeal:
    """Lodge `by`'s appeal against the published result of `proposal`, with a file.

    Judged at `at`, by default the request's arrival (portal.arrival), as deadlines are.
    Refused (Refusal, with a code) unless `by` is a member of the proposal's organisation
    ("member"); the results are published ("unpublished"); the proposal was not funded
    ("result"); the call's appeal window is still open ("window"); the grounds are given
    ("grounds", at that field); no other appeal of the proposal is open ("open_appeal"); the
    file passes every upload check (proposals.services.attachments.check_upload: size, type,
    harmful content, viruses), which runs before any transaction.

    Side effects: the file is stored under a random name; an Appeal row (lodged); a NOTE
    event in the proposal's log; an "appeal_lodged" message to each officer of the call.
    """
    arrived = moment(at)
    if not proposal.organisation.members.filter(pk=by.pk).exists():
        raise Refusal(_("Only the applicant's organisation may appeal."), code="member")
    publication = Publication.objects.filter(call_id=proposal.call_id).first()
    _refuse_unless_appealable(proposal, publication, arrived)
    grounds = (grounds or "").strip()
    if not grounds:
        raise Refusal(_("Give the grounds of your appeal."), field="grounds", code="grounds")
    if uploaded_file is None:
        raise Refusal(_("Attach a file to your appeal."), field="file", code="file")
    checked = check_upload(uploaded_file)
    appeal = Appeal(
        proposal=proposal,
        grounds=grounds[:GROUNDS_MAX],
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        scanned_at=checked.scanned_at,
        lodged_by=by,
        lodged_at=arrived,
    )
    return _store_appeal(appeal, uploaded_file, by=by)


@transaction.atomic
def _store_appeal(appeal: Appeal, uploaded_file, *, by) -> Appeal:
    proposal = appeal.proposal
    # Lock the proposal: of two appeals lodged at once, one is refused.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).exists()
    if proposal.appeals.filter(state__in=OPEN_APPEAL_STATES).exists():
        raise Refusal(_("An appeal of this proposal is already open."), code="open_appeal")
    uploaded_file.seek(0)
    appeal.file.save(appeal.original_name, uploaded_file, save=False)
    stored, storage = appeal.file.name, appeal.file.storage
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError as raced:  # the constraint: one open appeal per proposal
        storage.delete(stored)
        raise Refusal(
            _("An appeal of this proposal is already open."), code="open_appeal"
        ) from raced
    except Exception:
        storage.delete(stored)
        raise
    log_event(proposal, kind=EventKind.NOTE, by=by, note=_("Appeal lodged"))
    notifications.appeal_lodged(appeal)
    return appeal


@transaction.atomic
def route_appeal(appeal: Appeal, *, note: str = "", by) -> Appeal:
    """Send a lodged appeal to the committee (an officer of the call), with an optional note.

    Refused unless the appeal is lodged (the state table; "raced" when changed meanwhile).
    Side effects: the appeal's state, routed_by/at and note; a NOTE event in the proposal's log.
    """
    APPEALS.move(
        appeal,
        AppealState.WITH_COMMITTEE,
        routed_by=by,
        routed_at=timezone.now(),
        officer_note=(note or "").strip(),
    )
    log_event(appeal.proposal, kind=EventKind.NOTE, by=by, note=_("Appeal sent to the committee"))
    return appeal


@transaction.atomic
def withdraw_appeal(appeal: Appeal, *, by) -> Appeal:
    """The applicant withdraws their open appeal.

    Refused when it is decided or withdrawn already (the state table).
    Side effects: the appeal's state and withdrawn_at; a NOTE event in the proposal's log.
    """
    if not appeal.proposal.organisation.members.filter(pk=by.pk).exists():
        raise Refusal(_("Only the applicant's organisation may withdraw its appeal."))
    APPEALS.move(appeal, AppealState.WITHDRAWN, withdrawn_at=timezone.now())
    log_event(appeal.proposal, kind=EventKind.NOTE, by=by, note=_("Appeal withdrawn"))
    return appeal


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    *,
    upheld: bool,
    reason: str,
    outcome: str = "",
    amount: Decimal | None = None,
    by,
) -> Appeal:
    """Record the committee's decision on an appeal sent to it: upheld or rejected, and why.

    An upheld appeal gives the proposal its new result (`outcome`: an award with `amount`, or
    the reserve list) through decisions.amend_decision, refused as it refuses (the budget
    above all), and publishes it as the next numbered Amendment of the call's results.
    Refused unless the appeal is with the committee; without a reason.

    Side effects: the appeal's state, decision, decided_by/at (and outcome, amount); for an
    upheld one, the decision, the proposal's state and an Amendment row (the Publication
    untouched); a NOTE event in the proposal's log; an "appeal_decided" message to each
    member of the applicant's organisation.
    """
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give the reason for the committee's decision."), field="reason")
    to_state = AppealState.UPHELD if upheld else AppealState.REJECTED
    if not APPEALS.can_move(appeal.state, to_state):
        raise APPEALS.refusal(appeal.state, to_state)
    if upheld:
        _amend_result(appeal, outcome=outcome, amount=amount, reason=reason, by=by)
    else:
        outcome, amount = "", None
    APPEALS.move(
        appeal,
        to_state,
        decided_by=by,
        decided_at=timezone.now(),
        decision_reason=reason,
        outcome=outcome,
        amount=amount if outcome == DecisionOutcome.AWARD else None,
    )
    log_event(appeal.proposal, kind=EventKind.NOTE, by=by, note=appeal.get_state_display())
    notifications.appeal_decided(appeal)
    return appeal


def _amend_result(appeal: Appeal, *, outcome: str, amount, reason: str, by) -> Amendment:
    """Change the result (decisions.amend_decision) and publish it as the next amendment."""
    proposal = Proposal.objects.select_related("call").get(pk=appeal.proposal_id)
    previous = getattr(proposal, "decision", None)
    previous_state = proposal.state
    awarded = previous_state == ProposalState.AWARDED and previous is not None
    previous_amount = previous.amount if awarded else None
    previous_reason = previous.reason if previous else ""
    decision = amend_decision(proposal, outcome=outcome, amount=amount, reason=reason, by=by)
    appeal.proposal = proposal
    return publish_amendment(
        proposal,
        appeal=appeal,
        previous_state=previous_state,
        previous_amount=previous_amount,
        previous_reason=previous_reason,
        new_amount=decision.amount,
        reason=reason,
        by=by,
    )


@transaction.atomic
def publish_amendment(proposal: Proposal, *, appeal: Appeal | None, by, **change) -> Amendment:
    """Publish the change of `proposal`'s result as the next numbered amendment (1, 2, 3…)
    of its call's results: an Amendment row; the Publication is locked, never written."""
    call = Call.objects.get(pk=proposal.call_id)
    publication = Publication.objects.select_for_update().get(call=call)
    last = publication.amendments.aggregate(last=Max("number"))["last"] or 0
    return Amendment.objects.create(
        publication=publication,
        number=last + 1,
        appeal=appeal,
        proposal=proposal,
        new_state=proposal.state,
        published_by=by,
        **change,
    )
