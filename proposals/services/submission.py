"""Submitting, withdrawing and reopening a proposal; reference numbers and submitted versions."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from grants.models import Call
from portal.formatting import format_datetime_seconds
from portal.outbox import queue_task_after_commit
from portal.refusals import Refusal

from .. import notifications
from ..completeness import missing_for_submission
from ..deadlines import can_still_change, can_still_submit, cutoff_for, moment
from ..enums import ProposalState
from ..models import Proposal, ProposalVersion
from ..search import index_proposal
from ..states import REOPENABLE_STATES, WITHDRAWABLE_STATES, transition
from ..tasks import check_duplicates_task

S = ProposalState


def submission_deadline(proposal: Proposal) -> datetime | None:
    """The deadline that applies to this proposal now, as the applicant is told it."""
    if proposal.state == S.NEEDS_INFO and proposal.info_due:
        return proposal.info_due
    return cutoff_for(proposal) or proposal.call.deadline


def snapshot(proposal: Proposal) -> dict:
    """Everything the applicant submitted, as JSON: what officers compare between versions."""

    def text(value):
        return None if value is None else str(value)

    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "innovation": proposal.innovation,
        "target_group": proposal.target_group,
        "province": proposal.province.code if proposal.province else None,
        "district": proposal.district,
        "sectors": sorted(proposal.sectors.values_list("code", flat=True)),
        "primary_sector": proposal.primary_sector.code if proposal.primary_sector else None,
        "requested_amount": text(proposal.requested_amount),
        "duration_months": proposal.duration_months,
        "budget_lines": [
            {"item": line.item, "amount": str(line.amount)} for line in proposal.budget_lines.all()
        ],
        "team": [
            {"name": m.name, "role": m.role, "organisation": m.organisation}
            for m in proposal.team.all()
        ],
        "outcomes": [
            {"outcome": o.outcome, "indicator": o.indicator, "target": o.target}
            for o in proposal.outcomes.all()
        ],
        "answers": [
            {
                "question": a.question_snapshot,
                "value": a.value,
                "attachment": a.attachment.original_name if a.attachment else None,
                "attachment_id": a.attachment_id,
            }
            for a in proposal.answers.select_related("attachment")
        ],
        "attachments": [
            {"id": f.pk, "name": f.original_name, "size": f.size}
            for f in proposal.attachments.all()
        ],
    }


def _next_sequence(call: Call) -> int:
    # Lock the call: two proposals submitted at the same moment must not share a number.
    Call.objects.select_for_update().get(pk=call.pk)
    current = Proposal.objects.filter(call=call).aggregate(top=Max("sequence"))["top"]
    return (current or 0) + 1


@transaction.atomic
def submit_proposal(proposal: Proposal, *, by, at: datetime | None = None) -> Proposal:
    """Submit `proposal` (a draft, or one an officer asked more information about), as it
    arrived `at` (when the request reached the portal; deadlines.moment() by default).

    Side effects: a reference number `<call code>-0001` on the first submission (kept later),
    a new ProposalVersion with the submitted content, the state SUBMITTED with a log row,
    and the receipt notification. A proposal that is already submitted is returned as it is
    (a double click submits once). Refuses (Refusal) after the cutoff or while
    something is missing, one message per missing item; the draft stays as it was.
    The refusal of a late one tells both times to the second.
    """
    now = moment(at)
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if proposal.state == S.SUBMITTED:
        return proposal
    if not can_still_submit(proposal, now):
        raise Refusal(
            _(
                "Too late: the deadline for this proposal was %(deadline)s and your submission "
                "was received at %(received)s. Your draft has been kept."
            )
            % {
                "deadline": format_datetime_seconds(submission_deadline(proposal)),
                "received": format_datetime_seconds(now),
            },
            code="too_late",
        )
    missing = missing_for_submission(proposal)
    if missing:
        raise Refusal(*missing, code="incomplete")

    fields = {"submitted_at": now, "updated_at": now}
    if not proposal.reference:
        sequence = _next_sequence(proposal.call)
        fields["sequence"] = sequence
        fields["reference"] = f"{proposal.call.code}-{sequence:04d}"
    top = proposal.versions.aggregate(top=Max("number"))["top"] or 0
    ProposalVersion.objects.create(
        proposal=proposal,
        number=top + 1,
        data=snapshot(proposal),
        submitted_at=now,
        submitted_by=by,
    )
    transition(proposal, S.SUBMITTED, by=by, **fields)
    index_proposal(proposal)
    queue_task_after_commit(check_duplicates_task, proposal.pk)
    notifications.proposal_submitted(proposal)
    return proposal


@transaction.atomic
def withdraw_proposal(proposal: Proposal, *, by, at: datetime | None = None) -> Proposal:
    """Withdraw a draft or a submitted proposal, until its cutoff (judged `at`).

    Side effects: the state WITHDRAWN with a log row; the withdrawal notification.
    """
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if proposal.state == S.WITHDRAWN:
        return proposal
    if proposal.state not in WITHDRAWABLE_STATES or not can_still_change(proposal, at):
        raise Refusal(_("This proposal can no longer be withdrawn."))
    transition(proposal, S.WITHDRAWN, by=by)
    notifications.proposal_withdrawn(proposal)
    return proposal


@transaction.atomic
def reopen_proposal(proposal: Proposal, *, by, at: datetime | None = None) -> Proposal:
    """Bring a submitted or withdrawn proposal back to draft, until its cutoff (judged `at`).

    Side effects: the state DRAFT with a log row. The reference number is kept; the applicant
    must submit again for the proposal to count.
    """
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    if proposal.state == S.DRAFT:
        return proposal
    if proposal.state not in REOPENABLE_STATES or not can_still_change(proposal, at):
        raise Refusal(_("This proposal can no longer be reopened."))
    transition(proposal, S.DRAFT, by=by)
    return proposal
