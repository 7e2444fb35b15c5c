"""Demo committee meetings for `manage.py seed_demo` (called from reviews.demo).

- Committee members (committee@ and committee2@…committee4@example.org).
- Last year's call: its decisions are taken at a committee meeting held between the end of
  the review and the results: three members present and one absent, a conflict declared,
  the proposals around the funding line voted one by one, the clear cases in bulk, closed
  with its minutes. The resolutions record the decisions through record_decision, as at any
  meeting.
- The village call in review: the next meeting, scheduled for the coming week, its agenda
  sent to the members.

Everything goes through the services; the few writes they cannot express say why.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from grants.models import Call
from portal.demo import DEMO_PASSWORD
from portal.enums import Role
from portal.models import RoleGrant, User
from portal.services import record_consent

from .enums import DecisionOutcome, VoteChoice
from .models import Meeting
from .ranking import ranking
from .services import meetings as service

# (email, full name); the first is portal.demo's committee member, the chair.
COMMITTEE = [
    ("committee@example.org", "ศ.ประภา กรรมการ"),
    ("committee2@example.org", "รศ.ดร.ชัยวัฒน์ นวัตกรรม"),
    ("committee3@example.org", "นางสาวพิมพ์ชนก สังคมดี"),
    ("committee4@example.org", "นายวีระ ชุมชนเข้มแข็ง"),
]
PLACE = "ห้องประชุม 1 ชั้น 9 สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน) อาคารจามจุรีสแควร์ กรุงเทพมหานคร"
VOTES = {
    DecisionOutcome.AWARD: VoteChoice.FUND,
    DecisionOutcome.RESERVE: VoteChoice.RESERVE,
    DecisionOutcome.NOT_SELECTED: VoteChoice.NOT_FUND,
}
NOTES_EN = {
    DecisionOutcome.AWARD: "Clear plan, strong community participation, can be scaled up.",
    DecisionOutcome.RESERVE: "Good proposal; the budget is used up by higher-ranked ones.",
    DecisionOutcome.NOT_SELECTED: "Scores below the others; the plan needs more work.",
}


def _bangkok(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed_committee(*, people) -> list[User]:
    """The demo committee members, made as portal.demo makes the demo people."""
    members = []
    for email, full_name in COMMITTEE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, language="th"
            )
            record_consent(user)
        RoleGrant.objects.get_or_create(
            user=user, role=Role.COMMITTEE, defaults={"granted_by": people.get(Role.ADMINISTRATOR)}
        )
        user.__dict__.pop("roles", None)  # the role was just granted
        members.append(user)
    return members


def planned_outcomes(call: Call) -> dict[int, str]:
    """What the committee decides on each ranked proposal: awards from the top while the
    budget lasts, then two on the reserve list, the rest not selected."""
    remaining, reserve, outcomes = call.budget_total, 0, {}
    for row in sorted(ranking(call, with_proposals=False), key=lambda row: row.rank):
        if row.passes_thresholds and row.requested_amount <= remaining:
            outcomes[row.pk], remaining = DecisionOutcome.AWARD, remaining - row.requested_amount
        elif reserve < 2:
            outcomes[row.pk], reserve = DecisionOutcome.RESERVE, reserve + 1
        else:
            outcomes[row.pk] = DecisionOutcome.NOT_SELECTED
    return outcomes


def _vote(item, seats, outcome, *, bulk: bool) -> None:
    """Every present member without a conflict votes `outcome` (the last one abstains on an
    item discussed alone, so that the minutes show an abstention)."""
    voters = [s for s in seats if s.present and not item.conflicts.filter(member=s).exists()]
    for number, seat in enumerate(voters):
        choice = VOTES[outcome]
        if not bulk and number == len(voters) - 1 and len(voters) > 2:
            choice = VoteChoice.ABSTAIN
        amount = item.proposal.requested_amount if choice == VoteChoice.FUND else None
        service.cast_vote(item, member=seat, choice=choice, amount=amount)


def _discuss(meeting: Meeting, seats, outcomes, reasons, officer) -> None:
    """The items around the funding line, one by one: notes, votes, resolution."""
    for item in meeting.items.filter(in_bulk=False).select_related("proposal", "meeting"):
        outcome = outcomes[item.proposal_id]
        service.open_item(item, by=officer)
        service.save_item_notes(
            item, notes_th=reasons[outcome], notes_en=NOTES_EN[outcome], by=officer
        )
        _vote(item, seats, outcome, bulk=False)
        service.resolve_item(item, by=officer)


def _in_bulk(meeting: Meeting, seats, outcomes, reasons, officer) -> None:
    """The clear cases together: each member approves them as proposed; where the
    committee decides otherwise than proposed, the members vote that case on its own."""
    service.open_bulk(meeting, by=officer)
    for seat in seats:
        if seat.present:
            service.cast_bulk_vote(meeting, member=seat, approve=True)
    for item in meeting.items.filter(in_bulk=True).select_related("proposal", "meeting"):
        outcome = outcomes[item.proposal_id]
        if VOTES[outcome] != item.proposed:
            _vote(item, seats, outcome, bulk=True)
        service.save_item_notes(item, notes_th=reasons[outcome], by=officer)
    service.resolve_bulk(meeting, by=officer)


def hold_past_meeting(call: Call, *, people, committee: list[User], reasons) -> Meeting | None:
    """Last year's decisions, taken at a meeting held a week before the results; `reasons`:
    the reason of each kind of decision (the notes of its item)."""
    if call.meetings.exists():
        return None
    officer = people[Role.OFFICER]
    day = timezone.localdate(call.deadline) + timedelta(days=38)
    meeting = service.schedule_meeting(
        call,
        starts_at=_bangkok(day, 9, 30),
        members=committee,
        chair=committee[0],
        place=PLACE,
        by=officer,
    )
    seats = list(meeting.members.order_by("pk"))
    present = [seat.pk for seat in seats[:3]]  # the fourth member sent apologies
    service.record_attendance(meeting, present=present, by=officer)
    service.open_meeting(meeting, by=officer)
    seats = list(meeting.members.order_by("pk"))
    outcomes = planned_outcomes(call)
    # A member declares a conflict on the first clear case (an adviser to the applicant).
    first_clear = meeting.items.filter(in_bulk=True).order_by("position").first()
    if first_clear is not None:
        service.declare_item_conflict(
            first_clear, member=seats[2], reason="เคยเป็นที่ปรึกษาของหน่วยงานผู้เสนอ"
        )
    _discuss(meeting, seats, outcomes, reasons, officer)
    _in_bulk(meeting, seats, outcomes, reasons, officer)
    service.close_meeting(meeting, by=officer)
    # The services stamp the real time; the minutes tell the meeting's own hours.
    Meeting.objects.filter(pk=meeting.pk).update(
        opened_at=_bangkok(day, 9, 30),
        closed_at=_bangkok(day, 11, 45),
        scheduled_at=_bangkok(day - timedelta(days=7), 10),
    )
    return meeting


def schedule_next_meeting(call: Call, *, people, committee: list[User]) -> Meeting | None:
    """The village call's next meeting, in a week's time (once)."""
    if call.meetings.exists():
        return None
    return service.schedule_meeting(
        call,
        starts_at=_bangkok(timezone.localdate() + timedelta(days=7), 13, 30),
        members=committee,
        chair=committee[0],
        place=PLACE,
        link="https://meet.example.org/nia-committee",
        by=people[Role.OFFICER],
    )
