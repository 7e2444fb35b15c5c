"""A call in stages with a pitch, walked end to end in headless Chromium and in Thai: the
concept note is submitted and shortlisted, the team books a pitch slot and the panel scores
the pitch, the team is shortlisted again and submits the full proposal from the prefilled
form, which is ranked and decided at the final stage."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.enums import StageKind
from grants.models import Call
from grants.stages import stages_of
from portal.models import Notification
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services.drafting import save_organisation
from proposals.services.submission import submit_proposal
from reviews.demo import seed_reviewers
from reviews.enums import DecisionOutcome, ReviewState
from reviews.models import Decision, PitchSlot, Review, StageResult
from reviews.services.assignment import assign_reviewer
from reviews.services.panels import add_panel_member
from reviews.services.pitch import open_pitch_series
from tests.factories import OrganisationFactory, Role, user_with

from .test_stages import _close_and_review, _concept, open_staged_call

pytestmark = pytest.mark.django_db(transaction=True)


def _shortlist(page, live_server, stage, *, keep, drop, reason):
    page.goto(f"{live_server.url}/reviews/call/{stage.slug}/shortlist/")
    page.locator(f"#pick-{keep.pk}").check()
    page.locator(f"#pick-{drop.pk}").uncheck()
    page.fill("textarea[name=reason]", reason)
    page.locator("#shortlist-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()


def test_concept_pitch_and_full_proposal_to_decision_in_thai(
    page, live_server, demo, log_in, screenshot
):
    people, _calls = demo
    officer, applicant = people["officer"], people["applicant"]
    first = open_staged_call(
        officer,
        slug="pitch-challenge",
        code="PCH2026",
        title_th="ความท้าทายนวัตกรรมพร้อมการนำเสนอ",
        description_th="ส่งแนวคิด นำเสนอต่อคณะกรรมการ แล้วส่งข้อเสนอฉบับสมบูรณ์",
        template="concept_pitch_full",
    )
    concept, pitch, full_stage = stages_of(first)
    assert [s.stage_kind for s in (concept, pitch, full_stage)] == [
        StageKind.CONCEPT,
        StageKind.PITCH,
        StageKind.FULL,
    ]
    rival = user_with(Role.APPLICANT, email="rival-p@example.org")
    rival_org = OrganisationFactory(members=[rival])
    own_org = save_organisation(
        user=applicant,
        fields={
            "name": "วิสาหกิจชุมชนคลองสวย",
            "type": "community_enterprise",
            "province": rival_org.province,
            "address": "9 หมู่ 2",
            "phone": "02 000 0001",
            "tax_id": "",
        },
    )
    province = rival_org.province
    mine = _concept(first, applicant, "คลองสะอาดด้วยชุมชน", "150000", province)
    theirs = _concept(first, rival, "รถเข็นขายผักอัจฉริยะ", "120000", province)
    submit_proposal(mine, by=applicant)
    submit_proposal(theirs, by=rival)
    reviewers = seed_reviewers(people=people)[1:3]
    quality = {own_org.pk: 0.85, rival_org.pk: 0.5}
    _close_and_review(concept, officer, reviewers, quality)

    # (1) The officer shortlists the concept note for the pitch.
    log_in(page, officer.email)
    _shortlist(page, live_server, concept, keep=mine, drop=theirs, reason="ยังไม่ชัดเจนพอ")
    at_pitch = Proposal.objects.get(previous_stage=mine)
    assert (at_pitch.call_id, at_pitch.state) == (pitch.pk, ProposalState.SUBMITTED)
    assert StageResult.objects.get(proposal=theirs).advanced is False
    assert Notification.objects.filter(kind="stage_invitation", recipient=applicant).exists()
    pitch = Call.objects.get(pk=pitch.pk)
    slots = open_pitch_series(
        pitch,
        day=timezone.localdate() + timedelta(days=4),
        first_start=time(9, 0),
        minutes=20,
        count=2,
        break_minutes=10,
        place="ห้องประชุม 2 สำนักงานนวัตกรรมแห่งชาติ",
        by=officer,
    )

    # (2) The team sees where it stands and books the first pitch slot.
    page.context.clear_cookies()
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/reviews/proposal/{at_pitch.pk}/pitch/")
    page.locator("#free-slots form").first.get_by_role("button", name="จองช่วงเวลานี้").click()
    expect(page.locator(".alert-success")).to_contain_text("จองเวลานำเสนอแล้ว")
    screenshot(page, "stages-pitch-1-booked")
    assert PitchSlot.objects.get(pk=slots[0].pk).booked_proposal == at_pitch
    booked = Notification.objects.get(kind="pitch_booked", recipient=applicant)
    assert booked.attachment_name.endswith(".ics")

    # (3) The pitch day: the panel scores the pitch (one member in the browser).
    Call.objects.filter(pk=pitch.pk).update(
        opens_at=timezone.now() - timedelta(days=1),
        deadline=timezone.now() - timedelta(minutes=1),
    )
    panel_member, other_member = reviewers
    pitch = _close_and_review(Call.objects.get(pk=pitch.pk), officer, [other_member], quality)
    add_panel_member(pitch, reviewer=panel_member, by=officer)
    assign_reviewer(at_pitch, reviewer=panel_member, by=officer)
    page.context.clear_cookies()
    log_in(page, panel_member.email)
    page.goto(f"{live_server.url}/reviews/call/{pitch.slug}/pitch/day/")
    expect(page.locator("#pitch-day")).to_contain_text(at_pitch.title)
    page.get_by_role("link", name="ให้คะแนนการนำเสนอ").click()
    page.wait_for_load_state()
    page.locator("input[name=declaration][value=no]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    points = page.locator("input.review-points")
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(str(int(field.get_attribute("data-max")) * 4 // 5))
    page.fill("textarea[name=comment]", "นำเสนอชัดเจน ทีมพร้อม")
    page.fill("textarea[name=feedback]", "ควรเพิ่มแผนการดูแลระยะยาว")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    review = Review.objects.get(assignment__proposal=at_pitch, assignment__reviewer=panel_member)
    assert review.state == ReviewState.SUBMITTED
    screenshot(page, "stages-pitch-2-scored")

    # (4) The officer shortlists the pitch for the full proposal.
    page.context.clear_cookies()
    log_in(page, officer.email)
    page.goto(f"{live_server.url}/reviews/call/{pitch.slug}/shortlist/")
    page.locator(f"#pick-{at_pitch.pk}").check()
    page.locator("#shortlist-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()
    full = Proposal.objects.get(previous_stage=at_pitch)
    assert (full.call_id, full.state) == (full_stage.pk, ProposalState.DRAFT)
    Call.objects.filter(pk=full_stage.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), deadline=timezone.now() + timedelta(days=9)
    )

    # (5) The applicant submits the full proposal from the form prefilled at the concept.
    page.context.clear_cookies()
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/proposals/{full.pk}/edit/")
    expect(page.locator("input[name=title]")).to_have_value("คลองสะอาดด้วยชุมชน")
    expect(page.locator("input[name=requested_amount]")).to_have_value("150000")
    expect(page.locator("[data-stage-status]")).to_contain_text("ขั้นที่ 3 จาก 3")
    page.fill("input[name=budget-0-item]", "เครื่องดักขยะลอยน้ำ")
    page.fill("input[name=budget-0-amount]", "150000")
    page.fill("input[name=team-0-name]", "สมหญิง คลองสวย")
    page.fill("input[name=team-0-role]", "หัวหน้าโครงการ")
    page.fill("input[name=outcomes-0-outcome]", "คลองสะอาดตลอดปี")
    page.fill("input[name=outcomes-0-indicator]", "ปริมาณขยะที่เก็บได้ต่อเดือน")
    screenshot(page, "stages-pitch-3-full-prefilled")
    page.locator("button[name=save_and_review]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    full.refresh_from_db()
    assert full.state == ProposalState.SUBMITTED

    # (6) Reviewed, ranked and decided at the final stage.
    full_stage = _close_and_review(Call.objects.get(pk=full_stage.pk), officer, reviewers, quality)
    page.context.clear_cookies()
    log_in(page, "committee@example.org")
    page.goto(f"{live_server.url}/reviews/call/{full_stage.slug}/ranking/")
    expect(page.locator("#ranking-table")).to_contain_text(full.reference)
    screenshot(page, "stages-pitch-4-final-ranking")
    page.locator(f"main a[href='/reviews/proposal/{full.pk}/decide/']:visible").click()
    page.wait_for_load_state()
    page.locator("input[name=outcome][value=award]").check()
    page.fill("input[name=amount]", "150000")
    page.fill("textarea[name=reason]", "ผ่านทุกขั้นและพร้อมดำเนินการ")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    decision = Decision.objects.get(proposal=full)
    assert (decision.outcome, decision.amount) == (DecisionOutcome.AWARD, 150_000)
