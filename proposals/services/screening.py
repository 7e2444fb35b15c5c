"""What officers do with received proposals: screening, requests for information, extensions.

Every state change goes through states.transition(), which writes the activity log. A
refusal is a portal Refusal; those about a field of the officer's form name it (`field=`).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from grants.phases import current_time
from portal.refusals import Refusal

from .. import duplicates, notifications
from ..enums import EventKind, ProposalState
from ..models import Proposal, SimilarProposal
from ..states import SCREENABLE_STATES, STATES, log_event, transition

S = ProposalState


@dataclass
class BulkResult:
    """What a bulk screening did: the proposals changed, and why the others were skipped."""

    done: list[Proposal] = field(default_factory=list)
    skipped: list[tuple[Proposal, str]] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return len(self.done)


def _check_screenable(proposal: Proposal, to_state: str) -> None:
    if proposal.state not in SCREENABLE_STATES or not STATES.can_move(proposal.state, to_state):
        raise Refusal(
            _("A proposal that is “%(state)s” cannot be screened.")
            % {"state": S(proposal.state).label},
            code="transition",
        )


@transaction.atomic
def screen_proposal(proposal: Proposal, *, eligible: bool, reason: str = "", by) -> Proposal:
    """Mark `proposal` eligible or ineligible; an ineligible one needs a reason.

    Side effects: the proposal's state, screening_reason, screened_at and screened_by are
    written; a state-change row is added to its activity log. Screening it again to the
    state it already has changes nothing. An ineligible proposal leaves the review pool
    (proposals.pool.review_pool).
    """
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise Refusal(
            _("Say why the proposal is ineligible."), field="reason", code="reason_required"
        )
    to_state = S.ELIGIBLE if eligible else S.INELIGIBLE
    if proposal.state == to_state:
        return proposal
    _check_screenable(proposal, to_state)
    return transition(
        proposal,
        to_state,
        by=by,
        note=reason,
        screening_reason=reason,
        screened_at=current_time(),
        screened_by=by,
    )


@transaction.atomic
def screen_proposals(proposals, *, eligible: bool, reason: str = "", by) -> BulkResult:
    """Screen several proposals at once; those that cannot be screened are skipped.

    Side effects: as screen_proposal() for each proposal that can be screened. A proposal
    in another state (a draft, one awaiting information) or already in the wanted state is
    reported in `skipped` with the reason, and left unchanged.
    """
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise Refusal(
            _("Say why the proposals are ineligible."), field="reason", code="reason_required"
        )
    to_state = S.ELIGIBLE if eligible else S.INELIGIBLE
    result = BulkResult()
    for proposal in proposals:
        if proposal.state == to_state:
            result.skipped.append((proposal, _("It is already “%s”.") % S(to_state).label))
            continue
        try:
            with transaction.atomic():  # a refused one does not undo the others
                screen_proposal(proposal, eligible=eligible, reason=reason, by=by)
        except Refusal as refusal:
            result.skipped.append((proposal, str(refusal)))
        else:
            result.done.append(proposal)
    return result


@transaction.atomic
def request_information(proposal: Proposal, *, message: str, due: datetime, by) -> Proposal:
    """Ask the applicant for more information by `due`; they may edit and resubmit until then.

    Side effects: the proposal becomes “more information requested” with info_request and
    info_due written; a state-change row with the message is logged; the applicant is told
    (notifications.information_requested). When `due` passes without a resubmission,
    return_overdue_information_requests() puts it back to “submitted”.
    """
    message = (message or "").strip()
    if not message:
        raise Refusal(
            _("Write what information you need."), field="message", code="message_required"
        )
    if due is None or due <= current_time():
        raise Refusal(_("The due date must be in the future."), field="due", code="due_in_past")
    transition(proposal, S.NEEDS_INFO, by=by, note=message, info_request=message, info_due=due)
    notifications.information_requested(proposal)
    return proposal


@transaction.atomic
def return_overdue_information_requests(now: datetime | None = None) -> int:
    """Put back to “submitted” every proposal whose information was due before `now`.

    Side effects: each such proposal's state changes, with a log row by nobody (the system)
    and a note saying why. A proposal changed meanwhile by somebody else is left alone.
    Returns how many proposals were put back.
    """
    now = now or current_time()
    overdue = Proposal.objects.filter(state=S.NEEDS_INFO, info_due__lt=now).order_by("pk")
    count = 0
    for proposal in overdue:
        try:
            with transaction.atomic():
                transition(
                    proposal,
                    S.SUBMITTED,
                    by=None,
                    note=_("The requested information was not sent by the due date."),
                )
        except Refusal:
            continue  # the applicant resubmitted meanwhile
        count += 1
    return count


@transaction.atomic
def grant_extension(proposal: Proposal, *, until: datetime, reason: str, by) -> Proposal:
    """Let this proposal be submitted after the call's deadline, until `until`.

    Side effects: extension_until and extension_reason are written; an “extension granted”
    row is logged; the applicant is told (notifications.extension_granted).
    """
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Say why the extension is granted.")]
    if until is None or until <= proposal.call.deadline:
        errors["until"] = [_("The extension must end after the call's deadline.")]
    elif until <= current_time():
        errors["until"] = [_("The extension must end in the future.")]
    if errors:
        raise Refusal.of(errors)
    updated = Proposal.objects.filter(pk=proposal.pk).update(
        extension_until=until, extension_reason=reason
    )
    if not updated:
        raise Refusal(_("This proposal no longer exists."), code="raced")
    proposal.extension_until = until
    proposal.extension_reason = reason
    log_event(proposal, kind=EventKind.EXTENSION, by=by, note=reason)
    notifications.extension_granted(proposal)
    return proposal


@transaction.atomic
def check_duplicates(proposal: Proposal) -> list[SimilarProposal]:
    """Compare `proposal` with every other received proposal of all calls and years
    (proposals.duplicates) and record the near-duplicates, for its screening.

    Side effects: the proposal's SimilarProposal rows are replaced (and the row the other
    way round, so the officers of the other proposal see it too); duplicates_checked_at.
    Returns the proposal's rows, most similar first.
    """
    found = duplicates.near_duplicates(proposal)
    now = current_time()
    SimilarProposal.objects.filter(proposal=proposal).delete()
    SimilarProposal.objects.filter(other=proposal).exclude(
        proposal_id__in=[near.proposal_id for near in found]
    ).delete()
    rows = []
    for near in found:
        rows.append(
            SimilarProposal(
                proposal=proposal, other_id=near.proposal_id, similarity=near.similarity
            )
        )
        SimilarProposal.objects.update_or_create(
            proposal_id=near.proposal_id,
            other=proposal,
            defaults={"similarity": near.similarity, "found_at": now},
        )
    for row in rows:
        row.found_at = now
    SimilarProposal.objects.bulk_create(rows)
    Proposal.objects.filter(pk=proposal.pk).update(duplicates_checked_at=now)
    return rows
