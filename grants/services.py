"""The one place that changes calls: create, update, open, close, start review, archive."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.outbox import queue_notification
from portal.refusals import Refusal

from .enums import CallState
from .models import Call, CallTransition, Criterion, SectorFollow
from .phases import can_move
from .rubric import DEFAULT_RUBRIC


class CallStateError(Refusal):
    """A state change that the table or the timeline does not allow, or that lost a race."""


@transaction.atomic
def create_call(*, by, fields: dict, sectors, criteria: list[dict] | None = None) -> Call:
    """Create a draft call managed by `by`, with its sectors and rubric.

    Side effects: the call, its sector links, its criteria (the default rubric when none are
    given) and `by` as one of its officers.
    """
    call = Call.objects.create(created_by=by, state=CallState.DRAFT, **fields)
    call.sectors.set(sectors)
    call.officers.add(by)
    replace_rubric(call, criteria if criteria is not None else DEFAULT_RUBRIC)
    return call


@transaction.atomic
def update_call(call: Call, *, fields: dict, sectors=None) -> Call:
    """Save edited fields (and sectors) of a call. The state is never changed here."""
    fields.pop("state", None)
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    if sectors is not None:
        call.sectors.set(sectors)
    return call


@transaction.atomic
def replace_rubric(call: Call, criteria: list[dict]) -> list[Criterion]:
    """Replace a call's criteria with `criteria` (dicts of Criterion fields), in order."""
    call.criteria.all().delete()
    return Criterion.objects.bulk_create(
        Criterion(call=call, position=index, **{k: v for k, v in item.items() if k != "id"})
        for index, item in enumerate(criteria)
    )


@transaction.atomic
def transition_call(call: Call, to_state: str, *, by, note: str = "") -> Call:
    """Move a call to `to_state` if the table and the timeline allow it.

    Side effects: the new state (written only if nobody changed it meanwhile), `closed_at`
    when closing early, and a CallTransition log row. Nothing happens when the state is
    already `to_state`.
    """
    if call.state == to_state:
        return call
    if not can_move(call, to_state):
        raise CallStateError(
            _("A call that is “%(from)s” cannot become “%(to)s” now.")
            % {"from": CallState(call.state).label, "to": CallState(to_state).label}
        )
    # Closing early records when; reopening clears it; later moves keep it for the record.
    closed_at = call.closed_at
    if to_state == CallState.CLOSED:
        closed_at = timezone.now()
    elif to_state == CallState.PUBLISHED:
        closed_at = None
    extra = {"closed_at": closed_at}
    updated = Call.objects.filter(pk=call.pk, state=call.state).update(state=to_state, **extra)
    if not updated:
        raise CallStateError(_("Somebody else changed this call meanwhile; reload the page."))
    CallTransition.objects.create(
        call=call, from_state=call.state, to_state=to_state, by=by, note=note
    )
    call.state = to_state
    call.closed_at = extra["closed_at"]
    return call


@transaction.atomic
def open_call(call: Call, *, by) -> Call:
    """Publish a call: it is open from its opening time until its deadline.

    Side effects: the state change and its log row; the first time a call is published,
    a message to everybody who follows one of its sectors (queued in this transaction).
    """
    first_time = not call.transitions.filter(to_state=CallState.PUBLISHED).exists()
    call = transition_call(call, CallState.PUBLISHED, by=by)
    if first_time:
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
