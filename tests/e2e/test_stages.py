"""A call in two stages, in headless Chromium and in Thai: the applicant submits a concept
note (the short form), the officer shortlists it, the applicant submits the full proposal
from the form prefilled with what they wrote, it is reviewed and ranked, and the committee
decides on it at the final stage."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.enums import CallState
from grants.models import Call, Programme, Sector
from grants.services import create_call, open_call, start_review
from grants.stages import stages_of
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services.drafting import (
    DraftContent,
    save_draft,
    save_organisation,
    start_proposal,
)
from proposals.services.screening import screen_proposal
from proposals.services.submission import submit_proposal
from reviews.demo import seed_reviewers
from reviews.enums import DecisionOutcome
from reviews.models import Decision, StageResult
from reviews.queries import criteria_of
from reviews.services.assignment import assign_reviewer
from reviews.services.panels import add_panel_member
from reviews.services.scoring import declare_conflict, save_review, submit_review
from tests.factories import OrganisationFactory, Role, user_with

pytestmark = pytest.mark.django_db(transaction=True)


def _concept(call, user, title, amount, province):
    """A concept note written through the services (the browser submits it)."""
    proposal = start_proposal(call, by=user, title=title)
    urban = Sector.objects.get(code="urban")
    return save_draft(
        proposal,
        by=user,
        expected_version=proposal.version,
        content=DraftContent(
            fields={
                "summary": "แนวคิดสั้น ๆ ของโครงการ",
                "problem": "น้ำท่วมซ้ำซากทุกปี",
                "innovation": "เซนเซอร์ราคาถูกและการแจ้งเตือนผ่านไลน์",
                "target_group": "ครัวเรือนริมน้ำ 200 ครัวเรือน",
                "province": province,
                "district": "เมือง",
                "primary_sector": urban,
                "requested_amount": Decimal(amount),
                "duration_months": 12,
            },
            sectors=[urban],
        ),
    )


def _review_all(stage, reviewers, officer, quality):
    criteria = criteria_of(stage)
    for reviewer in reviewers:
        add_panel_member(stage, reviewer=reviewer, by=officer)
    for proposal in Proposal.objects.filter(call=stage, state=ProposalState.ELIGIBLE):
        for reviewer in reviewers:
            assignment = assign_reviewer(proposal, reviewer=reviewer, by=officer)
            declare_conflict(assignment, has_conflict=False, reason="", by=reviewer)
            share = quality[proposal.organisation_id]
            points = {c.pk: Decimal(round(c.max_points * share * 2)) / 2 for c in criteria}
            save_review(assignment, by=reviewer, points=points, feedback="ควรระบุตัวชี้วัดให้ชัด")
            submit_review(assignment, by=reviewer)


def _close_and_review(stage, officer, reviewers, quality):
    Call.objects.filter(pk=stage.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    stage.refresh_from_db()
    for proposal in Proposal.objects.filter(call=stage, state=ProposalState.SUBMITTED):
        screen_proposal(proposal, eligible=True, by=officer)
    stage = start_review(stage, by=officer)
    _review_all(stage, reviewers, officer, quality)
    return stage


def open_staged_call(officer, *, slug, code, title_th, description_th, template):
    """A call in stages (grants.stages template `template`), opened yesterday: its first
    stage takes concept notes for five days."""
    now = timezone.now()
    first = create_call(
        by=officer,
        fields={
            "slug": slug,
            "code": code,
            "programme": Programme.objects.get(code="project-grants"),
            "title_th": title_th,
            "title_en": "",
            "description_th": description_th,
            "description_en": "",
            "applicant_types": [],
            "opens_at": now - timedelta(days=1),
            "deadline": now + timedelta(days=5),
            "review_ends_at": now + timedelta(days=20),
            "results_at": now + timedelta(days=21),
            "grace_minutes": 0,
            "appeal_days": 15,
            "budget_total": Decimal("300000"),
            "max_per_proposal": Decimal("200000"),
            "reviewers_per_proposal": 2,
            "blind_review": False,
            "stage_weight": None,
        },
        sectors=Sector.objects.filter(code__in=["urban", "health"]),
        stage_template=template,
    )
    return open_call(first, by=officer)


def test_a_two_stage_call_from_concept_note_to_decision_in_thai(
    page, live_server, demo, log_in, screenshot
):
    people, _calls = demo
    officer, applicant = people["officer"], people["applicant"]
    now = timezone.now()
    first = open_staged_call(
        officer,
        slug="two-stage-challenge",
        code="TSC2026",
        title_th="ความท้าทายนวัตกรรมสองขั้น",
        description_th="ส่งแนวคิดก่อน แล้วจึงส่งข้อเสนอฉบับสมบูรณ์",
        template="concept_full",
    )
    second = stages_of(first)[1]
    Call.objects.filter(pk=second.pk).update(
        opens_at=now - timedelta(hours=1), deadline=now + timedelta(days=10)
    )
    rival = user_with(Role.APPLICANT, email="rival@example.org")
    rival_org = OrganisationFactory(members=[rival])
    own_org = save_organisation(
        user=applicant,
        fields={
            "name": "วิสาหกิจชุมชนริมน้ำ",
            "type": "community_enterprise",
            "province": rival_org.province,
            "address": "1 หมู่ 1",
            "phone": "02 000 0000",
            "tax_id": "",
        },
    )
    province = rival_org.province
    mine = _concept(first, applicant, "เตือนภัยน้ำท่วมโดยชุมชน", "150000", province)
    theirs = _concept(first, rival, "ตลาดชุมชนออนไลน์", "120000", province)
    submit_proposal(theirs, by=rival)

    # (1) The applicant submits the concept note: the short form has no budget table.
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/proposals/{mine.pk}/edit/")
    expect(page.locator("[data-stage-status]")).to_contain_text("ขั้นที่ 1 จาก 2")
    expect(page.locator("#budget-heading")).to_have_count(0)
    screenshot(page, "stages-1-concept-form")
    page.locator("button[name=save_and_review]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    mine.refresh_from_db()
    assert mine.state == ProposalState.SUBMITTED

    # The concept stage closes and is reviewed: the applicant's concept scores higher.
    reviewers = seed_reviewers(people=people)[1:3]
    quality = {own_org.pk: 0.85, rival_org.pk: 0.5}
    first = _close_and_review(first, officer, reviewers, quality)

    # (2) The officer shortlists the applicant's concept, with a reason for the other.
    page.context.clear_cookies()
    log_in(page, officer.email)
    page.goto(f"{live_server.url}/reviews/call/{first.slug}/shortlist/")
    expect(page.locator("#shortlist-table")).to_contain_text("เตือนภัยน้ำท่วมโดยชุมชน")
    page.locator(f"#pick-{mine.pk}").check()
    page.locator(f"#pick-{theirs.pk}").uncheck()
    expect(page.locator("#chosen-total")).to_have_text("150,000 บาท")
    page.fill("textarea[name=reason]", "แนวคิดยังไม่ชัดเจนพอสำหรับขั้นถัดไป")
    screenshot(page, "stages-2-shortlist")
    page.locator("#shortlist-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert StageResult.objects.get(proposal=theirs).advanced is False
    full = Proposal.objects.get(previous_stage=mine)

    # (3) The applicant sees where they stand and submits the prefilled full proposal.
    page.context.clear_cookies()
    log_in(page, applicant.email)
    page.goto(f"{live_server.url}/dashboard/applicant/")
    expect(page.locator("[data-stage-status]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("ผ่านการคัดเลือก")
    screenshot(page, "stages-3-dashboard")
    page.goto(f"{live_server.url}/proposals/{full.pk}/edit/")
    expect(page.locator("input[name=title]")).to_have_value("เตือนภัยน้ำท่วมโดยชุมชน")
    expect(page.locator("input[name=requested_amount]")).to_have_value("150000")
    expect(page.locator("[data-stage-status]")).to_contain_text("ขั้นที่ 2 จาก 2")
    page.fill("input[name=budget-0-item]", "เซนเซอร์วัดระดับน้ำ")
    page.fill("input[name=budget-0-amount]", "150000")
    page.fill("input[name=team-0-name]", "สมศรี ริมน้ำ")
    page.fill("input[name=team-0-role]", "หัวหน้าโครงการ")
    page.fill("input[name=outcomes-0-outcome]", "ครัวเรือนได้รับแจ้งเตือนล่วงหน้า")
    page.fill("input[name=outcomes-0-indicator]", "ชั่วโมงที่แจ้งก่อนน้ำท่วม")
    screenshot(page, "stages-4-full-form-prefilled")
    page.locator("button[name=save_and_review]").click()
    page.wait_for_load_state()
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    full.refresh_from_db()
    assert full.state == ProposalState.SUBMITTED
    assert full.reference == f"{second.code}-0001"

    # The full proposal stage closes and is reviewed.
    second = _close_and_review(Call.objects.get(pk=second.pk), officer, reviewers, quality)

    # (4) The committee reads the final ranking and decides.
    page.context.clear_cookies()
    log_in(page, "committee@example.org")
    page.goto(f"{live_server.url}/reviews/call/{second.slug}/ranking/")
    expect(page.locator("#ranking-table")).to_contain_text(full.reference)
    screenshot(page, "stages-5-final-ranking")
    page.locator(f"main a[href='/reviews/proposal/{full.pk}/decide/']:visible").click()
    page.wait_for_load_state()
    page.locator("input[name=outcome][value=award]").check()
    page.fill("input[name=amount]", "150000")
    page.fill("textarea[name=reason]", "แนวคิดชัดเจนและพร้อมดำเนินการในพื้นที่จริง")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    decision = Decision.objects.get(proposal=full)
    assert (decision.outcome, decision.amount) == (DecisionOutcome.AWARD, 150_000)
    assert first.state == CallState.IN_REVIEW
