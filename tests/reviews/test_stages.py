"""Multi-stage calls: the shortlist, carrying a proposal forward, the applicant's stage
status, decisions only at the final stage, and the final ranking across stages."""

from decimal import Decimal

import pytest

from grants.enums import StageKind
from grants.models import Call
from portal.models import Notification
from portal.refusals import Refusal
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services.stages import carry_forward
from proposals.stages import stage_status
from reviews.enums import AssignmentState, DecisionOutcome
from reviews.models import StageResult
from reviews.ranking import ranking
from reviews.services.decisions import record_decision
from reviews.services.shortlist import shortlist_stage
from tests.factories import AssignmentFactory, ReviewFactory, fill_proposal
from tests.factories.reviews import full_points
from tests.stages_fixtures import staged_call

pytestmark = pytest.mark.django_db
S = ProposalState


def test_shortlist_carries_the_chosen_forward_and_tells_everybody(officer):
    (first, second), (a, b, c) = staged_call(officer=officer)
    results = shortlist_stage(first, shortlisted=[a.pk, b.pk], reason="งบประมาณจำกัด", by=officer)

    assert sorted((r.proposal_id, r.advanced, r.reason) for r in results) == sorted(
        [(a.pk, True, ""), (b.pk, True, ""), (c.pk, False, "งบประมาณจำกัด")]
    )
    carried = Proposal.objects.get(previous_stage=a)
    assert carried.call == second
    assert carried.state == S.DRAFT
    assert (carried.title, carried.problem, carried.requested_amount) == (
        a.title,
        a.problem,
        a.requested_amount,
    )
    assert list(carried.sectors.values_list("code", flat=True)) == ["urban"]
    assert [line.item for line in carried.budget_lines.all()] == ["เซนเซอร์ 20 ชุด"]
    assert carried.team.count() == 1 and carried.outcomes.count() == 1
    assert [ans.value for ans in carried.answers.all()] == ["คำตอบ 0"]
    assert not Proposal.objects.filter(previous_stage=c).exists()
    c.refresh_from_db()
    assert c.state == S.NOT_SELECTED
    kinds = sorted(Notification.objects.values_list("kind", "about"))
    assert kinds == sorted(
        [
            ("stage_invitation", f"proposal:{carried.pk}"),
            ("stage_invitation", f"proposal:{Proposal.objects.get(previous_stage=b).pk}"),
            ("stage_result", f"proposal:{c.pk}"),
        ]
    )
    result = Notification.objects.get(kind="stage_result")
    assert "งบประมาณจำกัด" in result.body_text and "ข้อเสนอแนะ 2" in result.body_text


def test_shortlist_twice_is_one_shortlist_and_another_is_refused(officer):
    (first, _second), (a, b, _c) = staged_call(officer=officer)
    shortlist_stage(first, shortlisted=[a.pk], reason="ไม่ผ่าน", by=officer)
    shortlist_stage(first, shortlisted=[a.pk], reason="ไม่ผ่าน", by=officer)
    assert Proposal.objects.filter(previous_stage=a).count() == 1
    assert StageResult.objects.count() == 3
    with pytest.raises(Refusal) as refused:
        shortlist_stage(first, shortlisted=[a.pk, b.pk], reason="ไม่ผ่าน", by=officer)
    assert refused.value.code == "confirmed"


def test_shortlist_without_a_reason_for_the_others_writes_nothing(officer):
    (first, _second), (a, _b, _c) = staged_call(officer=officer)
    with pytest.raises(Refusal) as refused:
        shortlist_stage(first, shortlisted=[a.pk], reason=" ", by=officer)
    assert list(refused.value.errors) == ["reason"]
    assert StageResult.objects.count() == 0
    assert Proposal.objects.filter(previous_stage__isnull=False).count() == 0
    assert Notification.objects.count() == 0


def test_the_last_stage_has_no_shortlist(officer):
    (_first, second), _proposals = staged_call(officer=officer)
    with pytest.raises(Refusal) as refused:
        shortlist_stage(second, shortlisted=[], reason="", by=officer)
    assert refused.value.code == "last_stage"


def test_a_pitch_stage_starts_submitted_with_its_reference(officer):
    (_first, pitch, _full), (a, _b, _c) = staged_call(
        officer=officer, template="concept_pitch_full"
    )
    carried = carry_forward(a, pitch)
    assert carried.state == S.SUBMITTED
    assert carried.reference == f"{pitch.code}-0001"
    assert carry_forward(a, pitch) == carried  # once


def test_stage_status_says_where_the_applicant_stands(officer):
    (first, _second), (a, _b, c) = staged_call(officer=officer)
    shortlist_stage(first, shortlisted=[a.pk], reason="ไม่ผ่าน", by=officer)
    status = stage_status(Proposal.objects.select_related("call").get(pk=a.pk))
    assert (status.number, status.total, status.kind, status.shortlisted) == (
        1,
        2,
        StageKind.CONCEPT,
        True,
    )
    assert status.next_proposal == Proposal.objects.get(previous_stage=a)
    assert status.next_kind == StageKind.FULL
    assert status.next_text.startswith("ส่งภายใน") or status.next_text.startswith("submit by")
    other = stage_status(Proposal.objects.select_related("call").get(pk=c.pk))
    assert (other.shortlisted, other.not_shortlisted) == (False, True)


def test_no_decision_before_the_final_stage(officer, committee_member):
    (_first, _second), (a, _b, _c) = staged_call(officer=officer)
    with pytest.raises(Refusal) as refused:
        record_decision(
            a,
            outcome=DecisionOutcome.AWARD,
            amount=Decimal("1000"),
            reason="ดี",
            by=committee_member,
        )
    assert refused.value.code == "not_final_stage"


def _submit_and_score(carried, share):
    Proposal.objects.filter(pk=carried.pk).update(state=S.ELIGIBLE)
    ReviewFactory(
        assignment=AssignmentFactory(proposal=carried, state=AssignmentState.ACTIVE),
        points=full_points(carried.call, share=Decimal(share)),
    )


def test_final_ranking_uses_the_final_stage_or_the_stage_weights(officer):
    (first, second), (a, b, _c) = staged_call(officer=officer)
    shortlist_stage(first, shortlisted=[a.pk, b.pk], reason="ไม่ผ่าน", by=officer)
    a2, b2 = (Proposal.objects.get(previous_stage=p) for p in (a, b))
    fill_proposal(a2)
    fill_proposal(b2)
    Call.objects.filter(pk=second.pk).update(state="in_review")
    second.refresh_from_db()
    # a was the better concept (0.9 against 0.7); b writes the better full proposal.
    _submit_and_score(a2, "0.6")
    _submit_and_score(b2, "0.7")
    assert [row.pk for row in ranking(second)] == [b2.pk, a2.pk]

    Call.objects.filter(pk=first.pk).update(stage_weight=80)
    Call.objects.filter(pk=second.pk).update(stage_weight=20)
    second.refresh_from_db()
    rows = ranking(second)
    assert [row.pk for row in rows] == [a2.pk, b2.pk]
    assert len(rows[0].stage_scores) == 2
    assert rows[0].calibrated == pytest.approx(
        0.8 * rows[0].stage_scores[0] + 0.2 * rows[0].stage_scores[1]
    )
