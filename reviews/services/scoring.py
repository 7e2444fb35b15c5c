"""The reviewer's steps: declaring conflicts, saving a draft review, submitting it."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import CallState
from portal.refusals import Refusal
from proposals.enums import EventKind
from proposals.states import log_event

from .. import notifications
from ..enums import AssignmentState, ConflictSource, ReviewState
from ..models import Assignment, Conflict, Review, Score
from ..queries import criteria_of
from ..rules import refuse_after_review_deadline
from ..scoring import weighted_total
from ..states import ASSIGNMENTS, REVIEWS


@transaction.atomic
def declare_conflict(assignment: Assignment, *, has_conflict: bool, reason: str, by) -> Assignment:
    """The reviewer's declaration, made before any content of the proposal is shown.

    No conflict: the assignment becomes active (`declared_at` set) and the content opens.
    A conflict: a Conflict row (source "declared", with the reason), the assignment ends in
    state CONFLICT, a CONFLICT row in the proposal's log, and a `conflict_declared`
    notification to each officer of the call. Refused if already declared.
    """
    if assignment.state != AssignmentState.AWAITING_DECLARATION:
        raise Refusal(_("You have already declared your conflicts for this proposal."))
    if has_conflict and not reason.strip():
        raise Refusal(_("Please say briefly why you have a conflict of interest."), field="reason")
    # Each move is refused (raced) when a second tab, or an officer, changed the assignment
    # meanwhile.
    if not has_conflict:
        ASSIGNMENTS.move(assignment, AssignmentState.ACTIVE, declared_at=timezone.now())
    else:
        ASSIGNMENTS.move(assignment, AssignmentState.CONFLICT)
        Conflict.objects.get_or_create(
            proposal=assignment.proposal,
            reviewer=assignment.reviewer,
            defaults={"source": ConflictSource.DECLARED, "reason": reason.strip()},
        )
        # The reason stays in the Conflict row: the log is read more widely.
        log_event(assignment.proposal, kind=EventKind.CONFLICT, by=by)
        notifications.conflict_declared(assignment, reason.strip())
    return assignment


def _refuse_unless_scoring_open(assignment: Assignment) -> None:
    call = assignment.proposal.call
    if assignment.state != AssignmentState.ACTIVE:
        raise Refusal(_("Declare your conflicts of interest before scoring."))
    if call.state != CallState.IN_REVIEW:
        raise Refusal(_("This call is not in review."))
    refuse_after_review_deadline(call)


def _check_points(points: dict, criteria) -> None:
    """Refuse points outside 0..max of their criterion, each message at its criterion's field
    (named as the review form names it)."""
    errors: dict[str | None, list[str]] = {}
    by_pk = {criterion.pk: criterion for criterion in criteria}
    for pk, value in points.items():
        criterion = by_pk.get(pk)
        if criterion is None:
            errors.setdefault(None, []).append(
                _("A score was given for a criterion this call does not have.")
            )
        elif value is not None and not (Decimal("0") <= Decimal(value) <= criterion.max_points):
            errors.setdefault(f"points_{pk}", []).append(
                _("“%(criterion)s” takes 0 to %(max)s points.")
                % {"criterion": criterion.title, "max": criterion.max_points}
            )
    if errors:
        raise Refusal.of(errors)


@transaction.atomic
def save_review(
    assignment: Assignment, *, by, points: dict, comment: str = "", feedback: str = ""
) -> Review:
    """Save the reviewer's draft: points per criterion (None clears one), comment, feedback.

    Points are checked within 0..max of their criterion. Creates the Review on the first save;
    Score rows are written, updated or removed to match `points`. Refused once submitted,
    before the declaration and after the review period.
    """
    _refuse_unless_scoring_open(assignment)
    _check_points(points, criteria_of(assignment.proposal.call))
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.state == ReviewState.SUBMITTED:
        raise Refusal(_("Your review has already been submitted."))
    review.comment = comment
    review.feedback = feedback
    review.updated_at = timezone.now()
    review.save(update_fields=["comment", "feedback", "updated_at"])
    for pk, value in points.items():
        if value is None:
            Score.objects.filter(review=review, criterion_id=pk).delete()
        else:
            Score.objects.update_or_create(
                review=review, criterion_id=pk, defaults={"points": Decimal(value)}
            )
    assignment.review = review
    return review


@transaction.atomic
def submit_review(assignment: Assignment, *, by) -> Review:
    """Submit the saved draft: every criterion scored, within range, before the deadline.

    Writes Review.total with reviews.scoring.weighted_total, state SUBMITTED, submitted_at,
    and a REVIEW row in the proposal's log. Submitting twice changes nothing the second time.
    """
    # Locked: a double click waits for the first submission, then finds it made.
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    if review is not None and review.state == ReviewState.SUBMITTED:
        return review  # a double click or a reload: already in
    _refuse_unless_scoring_open(assignment)
    if review is None:
        raise Refusal(_("Score every criterion before submitting."))
    criteria = criteria_of(assignment.proposal.call)
    points = dict(review.scores.values_list("criterion_id", "points"))
    missing = [criterion.title for criterion in criteria if criterion.pk not in points]
    if missing:
        raise Refusal(
            _("Score every criterion before submitting. Missing: %(criteria)s.")
            % {"criteria": ", ".join(missing)}
        )
    _check_points(points, criteria)
    now = timezone.now()
    REVIEWS.move(
        review,
        ReviewState.SUBMITTED,
        total=weighted_total(points, criteria),
        submitted_at=now,
        updated_at=now,
    )
    log_event(assignment.proposal, kind=EventKind.REVIEW, by=by)
    return review
