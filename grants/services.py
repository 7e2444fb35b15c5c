"""The one place that changes calls: create, update, open, close, start review, archive; a
call's questions to applicants; the sectors a person follows.

A refusal is a `portal.refusals.Refusal`. Once a call's review has begun
(`phases.review_started`), its rubric and its blind review are fixed: reviewers score against
that rubric, and what they were told about the applicants cannot be taken back.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_datetime
from portal.models import User
from portal.outbox import queue_notification
from portal.refusals import Refusal
from portal.states import StateTable

from .enums import CallState
from .models import Call, CallTransition, Criterion, Question, SectorFollow
from .phases import ALLOWED_TRANSITIONS, move_blocker, review_started
from .rubric import DEFAULT_RUBRIC, same_rubric
from .stage_services import set_up_stages

# The table of allowed moves is in `phases`; the timeline's say is `move_blocker`, given to
# `move(allowed=...)` by `transition_call`.
CALL_STATES = StateTable(
    model=Call,
    allowed=ALLOWED_TRANSITIONS,
    labels=CallState,
    refused=_("A call that is “%(from)s” cannot become “%(to)s” now."),
    raced=_("Somebody else changed this call meanwhile; reload the page."),
)

RUBRIC_LOCKED = _("The rubric is fixed: the review of this call has started.")
BLIND_REVIEW_LOCKED = _(
    "Blind review is fixed: the review of this call has started, so reviewers may already "
    "know who applied."
)
DEADLINE_PASSED = _(
    "The submission deadline (%(deadline)s) has passed, so the call would be closed as soon as "
    "it is published. Set a later deadline first."
)


@transaction.atomic
def create_call(
    *,
    by,
    fields: dict,
    sectors,
    criteria: list[dict] | None = None,
    stage_template: str = "single",
) -> Call:
    """Create a draft call managed by `by`, with its sectors and rubric, and the later stages
    of `stage_template` (grants.stage_services.set_up_stages).

    Side effects: the call, its sector links, its criteria (the default rubric when none are
    given), `by` as one of its officers, and its later stages (draft calls).
    """
    call = Call.objects.create(created_by=by, state=CallState.DRAFT, **fields)
    call.sectors.set(sectors)
    call.officers.add(by)
    replace_rubric(call, criteria if criteria is not None else DEFAULT_RUBRIC)
    set_up_stages(call, template=stage_template)
    return call


@transaction.atomic
def update_call(
    call: Call, *, fields: dict, sectors=None, criteria: list[dict] | None = None
) -> Call:
    """Save edited fields (and sectors, and rubric) of a call. The state is never changed here.

    Side effects: the call row; its sector links when `sectors` is given; its criteria,
    replaced by `criteria` when given and different. Once the review has begun, a change of
    the rubric or of blind review is refused (the rest of the change with it).
    """
    fields.pop("state", None)
    # Read under a row lock: the review may have started since the form was shown.
    call.state = Call.objects.select_for_update().values_list("state", flat=True).get(pk=call.pk)
    switches_blind_review = fields.get("blind_review", call.blind_review) != call.blind_review
    if switches_blind_review and review_started(call):
        raise Refusal(BLIND_REVIEW_LOCKED, field="blind_review", code="review_started")
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    if sectors is not None:
        call.sectors.set(sectors)
    if criteria is not None and not same_rubric(call.criteria.all(), criteria):
        replace_rubric(call, criteria)
    return call


@transaction.atomic
def replace_rubric(call: Call, criteria: list[dict]) -> list[Criterion]:
    """Replace a call's criteria with `criteria` (dicts of Criterion fields), in order.

    Refused once the review has begun: scores point at the criteria."""
    if review_started(call):
        raise Refusal(RUBRIC_LOCKED, code="review_started")
    call.criteria.all().delete()
    return Criterion.objects.bulk_create(
        Criterion(call=call, position=index, **{k: v for k, v in item.items() if k != "id"})
        for index, item in enumerate(criteria)
    )


@transaction.atomic
def transition_call(
    call: Call, to_state: str, *, by, note: str = "", now: datetime | None = None
) -> Call:
    """Move a call to `to_state` if the table and the timeline allow it (at `now`, the
    clock's time unless given).

    Side effects: the new state (written only if nobody changed it meanwhile), `closed_at`
    when closing early, and a CallTransition log row. Nothing happens when the state is
    already `to_state`. Refuses a move the table or the timeline does not allow, and a move
    somebody else made first.
    """
    from_state = call.state
    blocker = move_blocker(call, to_state, now)
    if blocker == "deadline_passed" and from_state != to_state:
        raise Refusal(
            DEADLINE_PASSED % {"deadline": format_datetime(call.deadline)},
            field="deadline",
            code=blocker,
            deadline=call.deadline,
        )
    # Closing early records when; reopening clears it; later moves keep it for the record.
    closed_at = call.closed_at
    if to_state == CallState.CLOSED:
        closed_at = timezone.now()
    elif to_state == CallState.PUBLISHED:
        closed_at = None
    moved = CALL_STATES.move(call, to_state, allowed=blocker is None, closed_at=closed_at)
    if moved:
        CallTransition.objects.create(
            call=call, from_state=from_state, to_state=to_state, by=by, note=note
        )
    return call


@transaction.atomic
def open_call(call: Call, *, by, now: datetime | None = None) -> Call:
    """Publish a call: it is open from its opening time until its deadline.

    Refused once the deadline has passed (`now`, the clock's time unless given: the demo
    data publishes last year's call as of then). Side effects: the state change and its log
    row; the first time a call is published, a message to everybody who follows one of its
    sectors (queued in this transaction).
    """
    first_time = not call.transitions.filter(to_state=CallState.PUBLISHED).exists()
    call = transition_call(call, CallState.PUBLISHED, by=by, now=now)
    if first_time and call.first_stage_id is None:  # a later stage is no news to followers
        announce_new_call(call)
    return call


def announce_new_call(call: Call) -> int:
    """Queue a "new call" message to the followers of the call's sectors, once each."""
    followers = (
        User.objects.filter(is_active=True, followed_sectors__sector__in=call.sectors.all())
        .distinct()
        .order_by("pk")
    )
    count = 0
    for person in followers:
        queue_notification(
            kind="new_call",
            recipient=person,
            dedupe_key=f"new-call:{call.pk}:{person.pk}",
            about=f"call:{call.pk}",
            call=call,
            link=call.get_absolute_url(),
            context={"call": call},
        )
        count += 1
    return count


@transaction.atomic
def set_followed_sectors(user, sectors) -> None:
    """Replace the sectors `user` follows. Side effects: SectorFollow rows."""
    chosen = {sector.pk for sector in sectors}
    SectorFollow.objects.filter(user=user).exclude(sector_id__in=chosen).delete()
    existing = set(SectorFollow.objects.filter(user=user).values_list("sector_id", flat=True))
    SectorFollow.objects.bulk_create(
        SectorFollow(user=user, sector_id=pk) for pk in sorted(chosen - existing)
    )


def close_call(call: Call, *, by, note: str = "") -> Call:
    """Close a call before its deadline; no more submissions are accepted."""
    return transition_call(call, CallState.CLOSED, by=by, note=note)


def start_review(call: Call, *, by) -> Call:
    return transition_call(call, CallState.IN_REVIEW, by=by)


def archive_call(call: Call, *, by) -> Call:
    return transition_call(call, CallState.ARCHIVED, by=by)


@transaction.atomic
def save_questions(
    call: Call, *, kept: list[tuple[Question | None, dict]], removed: list[Question]
) -> list[Question]:
    """Make `call`'s questions `kept`, in that order; delete `removed`.

    `kept` pairs an existing question of the call (updated in place, so answers stay linked)
    or None (a new question) with its fields. Answers keep a snapshot of their question and
    Answer.question is SET_NULL, so changing or removing a question never changes an answer
    already given. Side effects: Question rows updated, created, deleted; positions
    renumbered 1, 2, 3…
    """
    for question in removed:
        if question.call_id == call.pk:
            question.delete()
    saved = []
    for position, (existing, fields) in enumerate(kept, start=1):
        question = existing if existing and existing.call_id == call.pk else Question(call=call)
        for name, value in fields.items():
            setattr(question, name, value)
        question.position = position
        question.save()
        saved.append(question)
    return saved
