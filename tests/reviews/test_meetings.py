"""Committee meetings: the quorum rule (conflicted members left out), the tally, the agenda
from the ranking, the services (a resolution goes through record_decision and its budget
check), the messages and the minutes."""

import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.enums import Role
from portal.models import Notification
from portal.outbox import render_message
from portal.refusals import Refusal
from reviews import meetings as rules_of_meetings
from reviews.enums import AgendaItemState, DecisionOutcome, MeetingState, QuorumRule, VoteChoice
from reviews.meetings import item_quorum, plan_agenda, quorum_required, tally
from reviews.minutes_pdf import render_minutes_pdf
from reviews.models import Decision, ItemConflict, Meeting
from reviews.ranking import ranking
from reviews.services import meetings as service
from tests.factories import (
    CallInReviewFactory,
    ConflictFactory,
    EligibleProposalFactory,
    ReviewFactory,
    user_with,
)
from tests.factories.reviews import full_points
from tests.i18n_recorder import record_missing_thai

FUND, RESERVE, NOT_FUND, ABSTAIN = (
    VoteChoice.FUND,
    VoteChoice.RESERVE,
    VoteChoice.NOT_FUND,
    VoteChoice.ABSTAIN,
)

# ---------------------------------------------------------------- the rules, pure


@pytest.mark.parametrize(
    ("rule", "members", "fixed", "required"),
    [
        (QuorumRule.MAJORITY, 5, None, 3),
        (QuorumRule.MAJORITY, 4, None, 3),
        (QuorumRule.MAJORITY, 1, None, 1),
        (QuorumRule.TWO_THIRDS, 6, None, 4),
        (QuorumRule.TWO_THIRDS, 5, None, 4),
        (QuorumRule.TWO_THIRDS, 3, None, 2),
        (QuorumRule.FIXED, 9, 4, 4),
    ],
)
def test_quorum_required_by_rule(rule, members, fixed, required):
    assert quorum_required(rule, members, fixed) == required


def test_conflicted_members_count_neither_as_members_nor_as_present():
    present = {1: True, 2: True, 3: False, 4: True}

    without = item_quorum(QuorumRule.MAJORITY, None, present, [])
    conflicted = item_quorum(QuorumRule.MAJORITY, None, present, [2, 4])

    assert (without.members, without.present, without.required, without.met) == (4, 3, 3, True)
    assert (conflicted.members, conflicted.present, conflicted.required) == (2, 1, 2)
    assert conflicted.met is False


def test_nobody_present_is_never_a_quorum_even_with_a_fixed_number_of_zero():
    assert item_quorum(QuorumRule.FIXED, 0, {1: False}, []).met is False


def test_tally_counts_abstentions_but_they_decide_nothing():
    result = tally([(NOT_FUND, None), (ABSTAIN, None), (ABSTAIN, None), (FUND, Decimal("1"))])

    assert result.counts == {"fund": 1, "reserve": 0, "not_fund": 1, "abstain": 2}
    assert result.winner is None  # one against one: no choice has more than half


def test_tally_majority_and_the_lower_median_amount():
    votes = [
        (FUND, Decimal("80000")),
        (FUND, Decimal("100000")),
        (FUND, Decimal("90000")),
        (FUND, Decimal("60000")),
        (NOT_FUND, None),
        (ABSTAIN, None),
    ]

    result = tally(votes)

    assert (result.winner, result.amount, result.total) == (FUND, Decimal("80000"), 6)


def test_tally_plurality_without_majority_is_no_resolution():
    result = tally([(FUND, Decimal("5")), (FUND, Decimal("5")), (RESERVE, None), (NOT_FUND, None)])

    assert result.winner is None


@dataclass
class Row:
    pk: int
    rank: int
    above_line: bool
    passes_thresholds: bool = True
    requested_amount: Decimal = Decimal("100000")


def test_agenda_puts_the_proposals_around_the_funding_line_first_then_the_clear_cases():
    rows = [Row(pk=10 + r, rank=r, above_line=r <= 3) for r in range(1, 8)]
    rows[6].passes_thresholds = False

    agenda = plan_agenda(rows, window=1)

    assert [(i.proposal_id, i.in_bulk, i.proposed) for i in agenda] == [
        (13, False, FUND),
        (14, False, NOT_FUND),
        (11, True, FUND),
        (12, True, FUND),
        (15, True, NOT_FUND),
        (16, True, NOT_FUND),
        (17, True, NOT_FUND),
    ]
    assert [i.proposed_amount for i in agenda[:2]] == [Decimal("100000"), None]


# ---------------------------------------------------------------- the services


@pytest.fixture
def committee(db):
    return [
        user_with(Role.COMMITTEE, email=f"member{n}@example.org", full_name=f"กรรมการ {n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def call(officer):
    """In review, four eligible proposals of 100,000 baht each, a budget for two and a half."""
    call = CallInReviewFactory(officers=[officer], budget_total=Decimal("250000"))
    for share in ("0.9", "0.8", "0.6", "0.4"):
        proposal = EligibleProposalFactory(call=call)
        ReviewFactory(assignment__proposal=proposal, points=full_points(call, Decimal(share)))
    return call


def schedule(call, officer, people, **kwargs):
    fields = {
        "starts_at": timezone.now() + timedelta(days=1),
        "members": people,
        "chair": people[0],
        "place": "ห้องประชุม 1 ชั้น 9 อาคารจามจุรีสแควร์",
        "line_window": 1,
        "by": officer,
    }
    return service.schedule_meeting(call, **(fields | kwargs))


def in_session(meeting, officer, present):
    service.record_attendance(meeting, present=[s.pk for s in present], by=officer)
    service.open_meeting(meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


def seats(meeting):
    return list(meeting.members.order_by("pk"))


def test_scheduling_builds_the_agenda_from_the_ranking_and_sends_it(call, officer, committee):
    ranked = {row.rank: row.pk for row in ranking(call, with_proposals=False)}

    meeting = schedule(call, officer, committee)

    items = list(meeting.items.order_by("position"))
    assert [(i.proposal_id, i.in_bulk) for i in items] == [
        (ranked[2], False),
        (ranked[3], False),
        (ranked[1], True),
        (ranked[4], True),
    ]
    assert [i.proposed for i in items] == [FUND, NOT_FUND, FUND, NOT_FUND]
    assert (meeting.number, meeting.state) == (1, MeetingState.SCHEDULED)
    sent = Notification.objects.filter(kind="meeting_agenda")
    assert sorted(sent.values_list("dedupe_key", flat=True)) == sorted(
        f"meeting_agenda:{meeting.pk}:{u.pk}" for u in committee
    )
    assert all(n.call_ref == call.pk for n in sent)
    assert schedule(call, officer, committee).number == 2


def test_a_known_conflict_of_interest_starts_the_member_conflicted(call, officer, committee):
    proposal = call.proposals.order_by("pk").first()
    ConflictFactory(proposal=proposal, reviewer=committee[1], reason="เคยเป็นที่ปรึกษา")

    schedule(call, officer, committee)

    conflict = ItemConflict.objects.get()
    assert (conflict.item.proposal, conflict.member.user) == (proposal, committee[1])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": []}, "members"),
        ({"chair": "outsider"}, "chair"),
        ({"place": "", "link": ""}, "place"),
        ({"quorum_rule": QuorumRule.FIXED, "quorum_number": 4}, "quorum_number"),
        ({"members": "with_applicant"}, "members"),
    ],
)
def test_scheduling_refusals(call, officer, committee, applicant, change, field):
    if change.get("chair") == "outsider":
        change["chair"] = user_with(Role.COMMITTEE, email="outsider@example.org")
    if change.get("members") == "with_applicant":
        change["members"] = [*committee, applicant]
    with pytest.raises(Refusal) as refused:
        schedule(call, officer, committee, **change)
    assert list(refused.value.errors) == [field]
    assert not Meeting.objects.exists()


def test_meetings_are_held_while_the_call_is_in_review(officer, committee):
    call = CallInReviewFactory(officers=[officer], state="closed")
    with pytest.raises(Refusal, match="ขั้นพิจารณา"):
        schedule(call, officer, committee)


def vote_all(item, members, choice, amount=None):
    for seat in members:
        service.cast_vote(item, member=seat, choice=choice, amount=amount)


def test_without_quorum_the_result_is_refused_and_nothing_is_decided(call, officer, committee):
    meeting = schedule(call, officer, committee)
    first, second, _third = seats(meeting)
    meeting = in_session(meeting, officer, [first, second])
    item = meeting.items.order_by("position").first()
    ItemConflict.objects.create(item=item, member=second)  # as if declared before it opened
    service.open_item(item, by=officer)
    vote_all(item, [first], FUND, Decimal("100000"))

    with pytest.raises(Refusal) as refused:
        service.resolve_item(item, by=officer)

    assert refused.value.code == "quorum"
    assert "มาประชุม 1 คน จาก 2 คน ต้องมีอย่างน้อย 2 คน" in str(refused.value)
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert (item.state, item.result) == (AgendaItemState.OPEN, "")


def test_a_conflicted_member_does_not_vote_and_an_absent_one_neither(call, officer, committee):
    meeting = schedule(call, officer, committee)
    first, second, third = seats(meeting)
    meeting = in_session(meeting, officer, [first, second])
    item = meeting.items.order_by("position").first()
    service.declare_item_conflict(item, member=second, reason="ญาติ")
    service.open_item(item, by=officer)

    with pytest.raises(Refusal) as conflicted:
        service.cast_vote(item, member=second, choice=NOT_FUND)
    with pytest.raises(Refusal) as absent:
        service.cast_vote(item, member=third, choice=NOT_FUND)
    with pytest.raises(Refusal) as late:
        service.declare_item_conflict(item, member=first)

    assert (conflicted.value.code, absent.value.code, late.value.code) == (
        "conflict",
        "absent",
        "item_state",
    )


def test_a_resolution_with_quorum_records_the_decision_through_record_decision(
    call, officer, committee
):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members)
    item = meeting.items.order_by("position").first()
    service.open_item(item, by=officer)
    service.cast_vote(item, member=members[0], choice=FUND, amount=Decimal("90000"))
    service.cast_vote(item, member=members[1], choice=FUND, amount=Decimal("70000"))
    service.cast_vote(item, member=members[2], choice=ABSTAIN)
    service.save_item_notes(item, notes_th="แผนงานชัดเจน ชุมชนมีส่วนร่วม", by=officer)

    with mock.patch.object(service, "record_decision", wraps=service.record_decision) as spy:
        service.resolve_item(item, by=officer)

    spy.assert_called_once()
    decision = Decision.objects.get(proposal=item.proposal)
    assert (decision.outcome, decision.amount, decision.reason, decision.final) == (
        DecisionOutcome.AWARD,
        Decimal("70000"),
        "แผนงานชัดเจน ชุมชนมีส่วนร่วม",
        False,
    )
    item.refresh_from_db()
    assert (item.state, item.result, item.amount) == (
        AgendaItemState.RESOLVED,
        FUND,
        Decimal("70000"),
    )


def test_the_budget_check_of_record_decision_refuses_a_resolution(call, officer, committee):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members)
    first, second = meeting.items.order_by("position")[:2]
    call.budget_total = Decimal("150000")
    call.save(update_fields=["budget_total"])
    for item in (first, second):
        service.open_item(item, by=officer)
        vote_all(item, members, FUND, Decimal("100000"))
    service.resolve_item(first, by=officer)

    with pytest.raises(Refusal) as refused:
        service.resolve_item(second, by=officer)

    assert refused.value.code == "budget"
    assert list(Decision.objects.values_list("proposal_id", flat=True)) == [first.proposal_id]


def test_a_vote_to_fund_needs_an_amount_within_the_request(call, officer, committee):
    meeting = schedule(call, officer, committee)
    member = seats(meeting)[0]
    meeting = in_session(meeting, officer, [member])
    item = meeting.items.order_by("position").first()
    service.open_item(item, by=officer)

    for amount in (None, Decimal("100000.01")):
        with pytest.raises(Refusal) as refused:
            service.cast_vote(item, member=member, choice=FUND, amount=amount)
        assert list(refused.value.errors) == ["amount"]


def test_a_tie_is_no_resolution(call, officer, committee):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members[:2])
    item = meeting.items.order_by("position").first()
    service.open_item(item, by=officer)
    service.cast_vote(item, member=members[0], choice=RESERVE)
    service.cast_vote(item, member=members[1], choice=NOT_FUND)

    with pytest.raises(Refusal) as refused:
        service.resolve_item(item, by=officer)

    assert refused.value.code == "no_majority"


def test_the_bulk_resolution_resolves_every_clear_case_as_proposed(call, officer, committee):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members)
    bulk = list(meeting.items.filter(in_bulk=True).order_by("position"))
    service.declare_item_conflict(bulk[0], member=members[2])

    assert service.open_bulk(meeting, by=officer) == 2
    assert [service.cast_bulk_vote(meeting, member=s, approve=True) for s in members] == [2, 2, 1]
    assert service.resolve_bulk(meeting, by=officer) == 2

    decisions = {d.proposal_id: (d.outcome, d.amount) for d in Decision.objects.all()}
    assert decisions == {
        bulk[0].proposal_id: (DecisionOutcome.AWARD, Decimal("100000")),
        bulk[1].proposal_id: (DecisionOutcome.NOT_SELECTED, None),
    }
    assert rules_of_meetings.tally(bulk[0].votes.values_list("choice", "amount")).counts == {
        "fund": 2,
        "reserve": 0,
        "not_fund": 0,
        "abstain": 0,
    }


def test_the_bulk_resolution_is_all_or_nothing(call, officer, committee):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members[:2])
    bulk = list(meeting.items.filter(in_bulk=True).order_by("position"))
    service.declare_item_conflict(bulk[1], member=members[0])
    service.open_bulk(meeting, by=officer)
    for seat in members[:2]:
        service.cast_bulk_vote(meeting, member=seat, approve=True)

    with pytest.raises(Refusal) as refused:
        service.resolve_bulk(meeting, by=officer)

    assert refused.value.code == "quorum"  # the second case: 1 of 2 present, 2 needed
    assert bulk[1].proposal.reference in str(refused.value)
    assert not Decision.objects.exists()


def test_closing_sends_the_minutes_once_and_waits_for_open_items(call, officer, committee):
    meeting = schedule(call, officer, committee)
    meeting = in_session(meeting, officer, seats(meeting))
    item = meeting.items.order_by("position").first()
    service.open_item(item, by=officer)
    with pytest.raises(Refusal):
        service.close_meeting(meeting, by=officer)
    vote_all(item, seats(meeting), NOT_FUND)
    service.resolve_item(item, by=officer)

    service.close_meeting(meeting, by=officer)

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED and meeting.closed_at is not None
    assert Notification.objects.filter(kind="meeting_minutes").count() == 3
    with pytest.raises(Refusal):
        service.record_attendance(meeting, present=[], by=officer)


def test_the_messages_render_in_both_languages(call, officer, committee):
    meeting = schedule(call, officer, committee)
    context = {"meeting": meeting, "call": call, "link": "/x/", "recipient": committee[0]}
    for kind in ("meeting_agenda", "meeting_minutes"):
        with record_missing_thai() as missing:
            thai = render_message(kind, context, "th")
        english = render_message(kind, context, "en")
        assert sorted(missing) == []
        assert thai[0] != english[0]
        assert "ครั้งที่ 1" in thai[0]
    agenda = render_message("meeting_agenda", context, "th")[1]
    assert all(item.proposal.reference in agenda for item in meeting.items.all())


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_minutes_in_thai_and_english(call, officer, committee):
    meeting = schedule(call, officer, committee, quorum_rule=QuorumRule.FIXED, quorum_number=1)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members[:2])
    item = meeting.items.order_by("position").first()
    service.declare_item_conflict(item, member=members[1], reason="ญาติ")
    service.open_item(item, by=officer)
    service.cast_vote(item, member=members[0], choice=FUND, amount=Decimal("100000"))
    service.resolve_item(item, by=officer)
    service.close_meeting(meeting, by=officer)
    meeting.refresh_from_db()

    thai = pdf_text(render_minutes_pdf(meeting))
    with translation.override("en"):
        english = pdf_text(render_minutes_pdf(meeting))
    year = meeting.starts_at.year + 543

    assert "รายงานการประชุม" in thai
    assert f"ครั้งที่ 1/{year}" in thai
    assert "พ.ศ." in thai
    assert "กรรมการ 1" in thai and "กรรมการ 3" in thai  # present, and absent
    assert "การแจ้งการมีส่วนได้เสีย" in thai
    assert "กรรมการ 2 ในข้อเสนอ " + item.proposal.reference in thai
    assert "มติที่ประชุม: สนับสนุนทุน เป็นเงิน 100,000 บาท" in thai
    assert "ผู้ไม่มาประชุม" in thai and "ลงชื่อ" in thai and "ผู้จดรายงานการประชุม" in thai
    assert f"Meeting no. 1/{meeting.starts_at.year}" in english
    assert "Resolved: to fund, THB 100,000." in english


def test_a_member_marked_absent_after_voting_no_longer_counts(call, officer, committee):
    meeting = schedule(call, officer, committee)
    members = seats(meeting)
    meeting = in_session(meeting, officer, members)
    item = meeting.items.order_by("position").first()
    service.open_item(item, by=officer)
    service.cast_vote(item, member=members[0], choice=NOT_FUND)
    vote_all(item, members[1:], RESERVE)

    service.record_attendance(meeting, present=[members[0].pk, members[1].pk], by=officer)

    assert service.tally_of(item).counts == {"fund": 0, "reserve": 1, "not_fund": 1, "abstain": 0}
    assert service.tally_of(item).winner is None
