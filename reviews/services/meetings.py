"""Committee meetings: scheduling with an agenda from the ranking, attendance, conflicts per
item, votes, resolutions (one by one and in bulk) and closing with the minutes.

A resolution records the committee's decision through `record_decision` (the one path, with
its budget check): a meeting adds the quorum and the votes in front of it, nothing beside it.
The quorum and the tally are reviews.meetings' (one set of rules for services, page, minutes).
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants.enums import CallState
from grants.models import Call
from portal.formatting import format_baht
from portal.refusals import Refusal
from portal.rules import is_committee_member
from proposals.enums import ProposalState
from proposals.models import Proposal

from .. import notifications
from ..enums import (
    VOTE_OUTCOMES,
    AgendaItemState,
    DecisionOutcome,
    MeetingState,
    QuorumRule,
    VoteChoice,
)
from ..meetings import DEFAULT_LINE_WINDOW, Quorum, Tally, item_quorum, plan_agenda, tally
from ..models import AgendaItem, Conflict, Decision, ItemConflict, Meeting, MeetingMember, Vote
from ..ranking import ranking
from ..states import AGENDA_ITEMS, MEETINGS
from .decisions import record_decision

S = AgendaItemState


# ---------------------------------------------------------------- reading the numbers


def quorum_of(item: AgendaItem) -> Quorum:
    """The item's quorum now (conflicted members left out)."""
    meeting = item.meeting
    present = dict(meeting.members.values_list("pk", "present"))
    conflicted = item.conflicts.values_list("member_id", flat=True)
    return item_quorum(meeting.quorum_rule, meeting.quorum_number, present, conflicted)


def tally_of(item: AgendaItem) -> Tally:
    """The item's votes counted: those of the members present (attendance may change)."""
    return tally(item.votes.filter(member__present=True).values_list("choice", "amount"))


# ---------------------------------------------------------------- scheduling


def _refuse_unless_schedulable(call, members, chair, quorum_rule, quorum_number, place, link):
    if call.state != CallState.IN_REVIEW:
        raise Refusal(_("Committee meetings are held while the call is in review."))
    if not members:
        raise Refusal(_("Choose the members of the meeting."), field="members")
    if any(not is_committee_member(member) for member in members):
        raise Refusal(_("Only committee members sit on the meeting."), field="members")
    if chair is not None and chair not in members:
        raise Refusal(_("The chair must be one of the members."), field="chair")
    if quorum_rule == QuorumRule.FIXED and not (1 <= (quorum_number or 0) <= len(members)):
        raise Refusal(
            _("Give the number of members for the quorum, at most the number of members."),
            field="quorum_number",
        )
    if not (place or "").strip() and not link:
        raise Refusal(_("Give the place of the meeting or its online link."), field="place")


def _build_agenda(meeting: Meeting, window: int) -> None:
    """Agenda items from the ranking, for the eligible proposals not yet resolved; members
    with a conflict of interest on a proposal (reviews.Conflict) start conflicted on it."""
    call = meeting.call
    eligible = set(
        Proposal.objects.filter(call=call, state=ProposalState.ELIGIBLE).values_list(
            "pk", flat=True
        )
    )
    rows = [row for row in ranking(call, with_proposals=False) if row.pk in eligible]
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            proposal_id=plan.proposal_id,
            in_bulk=plan.in_bulk,
            proposed=plan.proposed,
            proposed_amount=plan.proposed_amount,
        )
        for position, plan in enumerate(plan_agenda(rows, window=window), start=1)
    )
    seats = {seat.user_id: seat for seat in meeting.members.all()}
    by_proposal = {item.proposal_id: item for item in items}
    known = Conflict.objects.filter(proposal__in=by_proposal, reviewer__in=seats)
    ItemConflict.objects.bulk_create(
        ItemConflict(
            item=by_proposal[conflict.proposal_id],
            member=seats[conflict.reviewer_id],
            reason=conflict.reason,
        )
        for conflict in known
    )


@transaction.atomic
def schedule_meeting(
    call: Call,
    *,
    starts_at: datetime,
    members: Iterable,
    quorum_rule: str = QuorumRule.MAJORITY,
    quorum_number: int | None = None,
    chair=None,
    place: str = "",
    link: str = "",
    line_window: int = DEFAULT_LINE_WINDOW,
    by,
) -> Meeting:
    """Schedule the next meeting of `call`'s committee, with its agenda from the ranking.

    Refuses: a call not in review; no members, or someone who is not a committee member; a
    chair who is not a member; a fixed quorum without a number (or above the members); no
    place and no link.
    Side effects: the Meeting (numbered 1, 2, … in the call), a MeetingMember per member,
    the AgendaItems (see reviews.meetings.plan_agenda), ItemConflicts for the members'
    known conflicts of interest, and a "meeting_agenda" message to each member.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    members = list(dict.fromkeys(members))
    _refuse_unless_schedulable(call, members, chair, quorum_rule, quorum_number, place, link)
    number = (call.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
    meeting = Meeting.objects.create(
        call=call,
        number=number,
        starts_at=starts_at,
        place=(place or "").strip(),
        link=link or "",
        quorum_rule=quorum_rule,
        quorum_number=quorum_number if quorum_rule == QuorumRule.FIXED else None,
        chair=chair,
        scheduled_by=by,
    )
    MeetingMember.objects.bulk_create(MeetingMember(meeting=meeting, user=u) for u in members)
    _build_agenda(meeting, line_window)
    notifications.meeting_agenda(meeting)
    return meeting


# ---------------------------------------------------------------- the session


@transaction.atomic
def record_attendance(meeting: Meeting, *, present: Iterable[int], by) -> None:
    """Mark which members came (MeetingMember ids), before or during the meeting.

    Side effects: MeetingMember.present for every member of the meeting.
    """
    if meeting.state == MeetingState.CLOSED:
        raise Refusal(_("The meeting is closed: its attendance can no longer change."))
    present = set(present)
    seats = list(meeting.members.all())
    for seat in seats:
        seat.present = seat.pk in present
    MeetingMember.objects.bulk_update(seats, ["present"])


@transaction.atomic
def open_meeting(meeting: Meeting, *, by) -> Meeting:
    """Open the session (scheduled → open). Side effects: Meeting.state, opened_at/by."""
    if not meeting.members.filter(present=True).exists():
        raise Refusal(_("Record who is present before opening the meeting."))
    MEETINGS.move(meeting, MeetingState.OPEN, opened_at=timezone.now(), opened_by=by)
    return meeting


def _refuse_unless_in_session(meeting: Meeting) -> None:
    if meeting.state != MeetingState.OPEN:
        raise Refusal(_("The meeting is not in session."), code="not_in_session")


@transaction.atomic
def declare_item_conflict(item: AgendaItem, *, member: MeetingMember, reason: str = "") -> None:
    """A member declares a conflict of interest on an item before it opens: they leave the
    item and do not count for its quorum. Side effects: an ItemConflict row."""
    if item.meeting.state == MeetingState.CLOSED or item.state != S.PENDING:
        raise Refusal(_("Conflicts are declared before the item is opened."), code="item_state")
    ItemConflict.objects.get_or_create(
        item=item, member=member, defaults={"reason": (reason or "").strip()}
    )


@transaction.atomic
def open_item(item: AgendaItem, *, by) -> AgendaItem:
    """Open an item for discussion and votes (pending → open)."""
    _refuse_unless_in_session(item.meeting)
    AGENDA_ITEMS.move(item, S.OPEN, opened_at=timezone.now(), opened_by=by)
    return item


@transaction.atomic
def open_bulk(meeting: Meeting, *, by) -> int:
    """Open every pending clear case at once, for the bulk resolution; how many opened."""
    _refuse_unless_in_session(meeting)
    items = list(meeting.items.filter(in_bulk=True, state=S.PENDING))
    for item in items:
        AGENDA_ITEMS.move(item, S.OPEN, opened_at=timezone.now(), opened_by=by)
    return len(items)


@transaction.atomic
def save_item_notes(item: AgendaItem, *, notes_th: str, notes_en: str = "", by) -> None:
    """The secretary's notes of the discussion, in Thai and English."""
    if item.meeting.state == MeetingState.CLOSED:
        raise Refusal(_("The meeting is closed: its minutes can no longer change."))
    item.notes_th, item.notes_en = notes_th.strip(), notes_en.strip()
    item.save(update_fields=["notes_th", "notes_en"])


# ---------------------------------------------------------------- votes


def _refuse_unless_present(member: MeetingMember) -> None:
    """Read from the database: attendance may have been recorded since `member` was loaded."""
    if not MeetingMember.objects.filter(pk=member.pk, present=True).exists():
        raise Refusal(_("Only members present at the meeting vote."), code="absent")


def _refuse_unless_may_vote(item: AgendaItem, member: MeetingMember) -> None:
    _refuse_unless_in_session(item.meeting)
    if item.state != S.OPEN:
        raise Refusal(_("Votes are cast while the item is open."), code="item_state")
    _refuse_unless_present(member)
    if item.conflicts.filter(member=member).exists():
        raise Refusal(
            _("You declared a conflict of interest on this item: you do not vote on it."),
            code="conflict",
        )


@transaction.atomic
def cast_vote(
    item: AgendaItem, *, member: MeetingMember, choice: str, amount: Decimal | None = None
) -> Vote:
    """A member's vote on an open item (cast again, it replaces the earlier one).

    Refuses: a meeting not in session, an item not open, a member absent or conflicted, a
    vote to fund without an amount or above the requested amount (the budget is checked
    when the item is resolved, by record_decision). Side effects: the Vote row.
    """
    _refuse_unless_may_vote(item, member)
    if choice not in VoteChoice.values:
        raise Refusal(_("Choose your vote."), field="choice")
    if choice == VoteChoice.FUND:
        requested = item.proposal.requested_amount or Decimal("0")
        if amount is None or amount <= 0:
            raise Refusal(_("Enter the amount to fund."), field="amount")
        if amount > requested:
            raise Refusal(
                _("The amount cannot be more than the requested %(amount)s.")
                % {"amount": format_baht(requested)},
                field="amount",
            )
    else:
        amount = None
    vote, _created = Vote.objects.update_or_create(
        item=item, member=member, defaults={"choice": choice, "amount": amount}
    )
    return vote


@transaction.atomic
def cast_bulk_vote(meeting: Meeting, *, member: MeetingMember, approve: bool) -> int:
    """A member's one vote on every open clear case: as proposed, or abstaining. Items the
    member is conflicted on are left out. Side effects: a Vote per item; how many."""
    _refuse_unless_in_session(meeting)
    _refuse_unless_present(member)
    conflicted = set(member.conflicts.values_list("item_id", flat=True))
    items = meeting.items.filter(in_bulk=True, state=S.OPEN).exclude(pk__in=conflicted)
    count = 0
    for item in items:
        choice = item.proposed if approve else VoteChoice.ABSTAIN
        amount = item.proposed_amount if choice == VoteChoice.FUND else None
        Vote.objects.update_or_create(
            item=item, member=member, defaults={"choice": choice, "amount": amount}
        )
        count += 1
    if not count:
        raise Refusal(_("No clear case is open for a vote."), code="item_state")
    return count


# ---------------------------------------------------------------- resolutions


def _reason(item: AgendaItem) -> str:
    """The decision's reason: the notes (Thai), else the resolution of the meeting, in Thai
    (the decision's reason is one text, printed in the Thai announcement)."""
    if item.notes_th:
        return item.notes_th
    with translation.override("th"):
        return _("By resolution of the committee meeting no. %(number)s") % {
            "number": item.meeting.number
        }


def _next_reserve_place(call_id: int, proposal: Proposal) -> int:
    return (
        Decision.objects.filter(proposal__call_id=call_id, outcome=DecisionOutcome.RESERVE)
        .exclude(proposal=proposal)
        .count()
        + 1
    )


@transaction.atomic
def resolve_item(item: AgendaItem, *, by) -> AgendaItem:
    """Record the item's resolution from its votes, and the committee's decision with it.

    Refuses: a meeting not in session, an item not open; no quorum (code "quorum"; the
    message says how many of how many are present and how many are needed); no choice with
    more than half of the votes (code "no_majority"); whatever record_decision refuses (the
    budget, the requested amount, the call's state).
    Side effects: record_decision (the Decision row, pending until publication, and its log
    row); AgendaItem.result, amount, state resolved, resolved_at and resolved_by.
    """
    _refuse_unless_in_session(item.meeting)
    if item.state != S.OPEN:
        raise AGENDA_ITEMS.refusal(item.state, S.RESOLVED)
    quorum = quorum_of(item)
    if not quorum.met:
        raise Refusal(
            _(
                "No quorum for %(reference)s: %(present)s of %(members)s members without a "
                "conflict are present, %(required)s are needed. The result is not recorded."
            )
            % {
                "reference": item.proposal.reference,
                "present": quorum.present,
                "members": quorum.members,
                "required": quorum.required,
            },
            code="quorum",
        )
    result = tally_of(item)
    if result.winner is None:
        raise Refusal(
            _("No resolution on %(reference)s: no choice has more than half of the votes.")
            % {"reference": item.proposal.reference},
            code="no_majority",
        )
    proposal = item.proposal
    record_decision(
        proposal,
        outcome=VOTE_OUTCOMES[result.winner],
        amount=result.amount,
        reserve_rank=_next_reserve_place(proposal.call_id, proposal),
        reason=_reason(item),
        by=by,
    )
    AGENDA_ITEMS.move(
        item,
        S.RESOLVED,
        result=result.winner,
        amount=result.amount,
        resolved_at=timezone.now(),
        resolved_by=by,
    )
    return item


@transaction.atomic
def resolve_bulk(meeting: Meeting, *, by) -> int:
    """Resolve every open clear case at once: all of them, or (on any refusal) none.
    Side effects: as resolve_item for each; how many were resolved."""
    _refuse_unless_in_session(meeting)
    items = list(
        meeting.items.filter(in_bulk=True, state=S.OPEN).select_related("proposal", "meeting")
    )
    if not items:
        raise Refusal(_("No clear case is open for the bulk resolution."), code="item_state")
    for item in items:
        resolve_item(item, by=by)
    return len(items)


@transaction.atomic
def close_meeting(meeting: Meeting, *, by) -> Meeting:
    """Close the session (open → closed); items not resolved stay undecided.

    Refuses while an item is still open. Side effects: Meeting.state, closed_at/by; a
    "meeting_minutes" message to each member, linking to the minutes.
    """
    if meeting.items.filter(state=S.OPEN).exists():
        raise Refusal(_("Resolve the open items before closing the meeting."), code="item_open")
    MEETINGS.move(meeting, MeetingState.CLOSED, closed_at=timezone.now(), closed_by=by)
    notifications.meeting_minutes(meeting)
    return meeting
