"""A pitch stage in headless Chromium, in Thai: the officer opens a series of slots, the
invited team books one on a phone and downloads its calendar file, the officer moves the
team, and a panel member scores the pitch from the pitch-day page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.enums import CallState, StageKind
from portal.enums import Role
from portal.models import Notification
from reviews.enums import ReviewState
from reviews.models import PitchSlot, Review
from tests.factories import (
    AssignmentFactory,
    CallFactory,
    CallInReviewFactory,
    OrganisationFactory,
    PanelMemberFactory,
    ProposalToReviewFactory,
    SubmittedProposalFactory,
    user_with,
)
from tests.factories.portal import PASSWORD

from .conftest import assert_accessible, give_code
from .test_reviews import fits_the_width

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def arranged(reference_data):
    officer = user_with(Role.OFFICER, email="officer-p@example.org", full_name="วิไลวรรณ เจ้าหน้าที่")
    team_member = user_with(Role.APPLICANT, email="team-p@example.org", full_name="สมชาย ใจดี")
    panel = user_with(Role.REVIEWER, email="panel-p@example.org", full_name="ดร.กมล กรรมการ")
    first = CallInReviewFactory(officers=[officer], created_by=officer)
    stage = CallFactory(
        first_stage=first,
        stage_number=2,
        stage_kind=StageKind.PITCH,
        state=CallState.IN_REVIEW,
        officers=[officer],
        created_by=officer,
        title_th="นวัตกรรมเพื่อชุมชน รอบนำเสนอ",
        rubric=[
            {"title_th": "ความชัดเจนของการนำเสนอ", "title_en": "Clarity", "weight": 60},
            {"title_th": "ความพร้อมของทีม", "title_en": "Team readiness", "weight": 40},
        ],
    )
    organisation = OrganisationFactory(members=[team_member], name="วิสาหกิจชุมชนบ้านนาเลา")
    earlier = ProposalToReviewFactory(
        call=first, organisation=organisation, title="ธนาคารเมล็ดพันธุ์ชุมชน"
    )
    team = SubmittedProposalFactory(
        call=stage, organisation=organisation, previous_stage=earlier, title=earlier.title
    )
    PanelMemberFactory(call=stage, reviewer=panel)
    AssignmentFactory(proposal=team, reviewer=panel)
    return stage, team, officer, team_member, panel


def sign_in(browser, live_server, email, *, width=1280, height=900, phone=False):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="th-TH",
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:  # an officer's second factor
        give_code(page, email)
    return page


def test_open_book_download_move_and_score_a_pitch_in_thai(
    browser, live_server, arranged, screenshot, axe, tmp_path
):
    stage, team, officer, team_member, panel = arranged
    day = timezone.localdate() + timedelta(days=5)

    # (a) The officer opens three slots of 20 minutes with a 10-minute break.
    page = sign_in(browser, live_server, officer.email)
    schedule = f"{live_server.url}/reviews/call/{stage.slug}/pitch/"
    page.goto(schedule)
    series = page.locator("form[action$='/pitch/series/']")
    series.locator("input[name=day]").fill(day.isoformat())
    series.locator("input[name=first_start]").fill("09:00")
    series.locator("input[name=minutes]").fill("20")
    series.locator("input[name=count]").fill("3")
    series.locator("input[name=break_minutes]").fill("10")
    series.locator("input[name=place]").fill("ห้องประชุม 3 อาคารสำนักงานนวัตกรรมแห่งชาติ")
    series.locator("input[name=link]").fill("https://meet.example.org/pitch-day")
    series.get_by_role("button", name="เปิดชุดช่วงเวลา").click()
    expect(page.locator(".alert-success")).to_contain_text("เปิดช่วงเวลาแล้ว 3 ช่วง")
    expect(page.locator("#pitch-slots > li")).to_have_count(3)
    assert_accessible(axe(page), "the pitch schedule")
    screenshot(page, "pitch-1-officer-schedule")
    slots = list(PitchSlot.objects.filter(stage=stage).order_by("starts_at"))
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in slots] == [
        "09:00",
        "09:30",
        "10:00",
    ]

    # (b) The team books the first slot on a phone and downloads the calendar file.
    phone = sign_in(browser, live_server, team_member.email, width=390, height=844, phone=True)
    phone.goto(f"{live_server.url}/reviews/proposal/{team.pk}/pitch/")
    screenshot(phone, "pitch-2-team-free-slots-phone")
    assert fits_the_width(phone)
    phone.locator("#free-slots form").first.get_by_role("button", name="จองช่วงเวลานี้").click()
    expect(phone.locator(".alert-success")).to_contain_text("จองเวลานำเสนอแล้ว")
    expect(phone.locator("#pitch-booking")).to_contain_text("ห้องประชุม 3")
    assert_accessible(axe(phone), "the team's booking")
    screenshot(phone, "pitch-3-team-booked-phone")
    assert fits_the_width(phone)
    with phone.expect_download() as download_info:
        phone.locator("#pitch-ics").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    ics = saved.read_bytes().decode("utf-8")  # as served: CRLF line ends
    assert saved.suffix == ".ics"
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    start_utc = slots[0].starts_at.astimezone(timezone.UTC)
    assert f"DTSTART:{start_utc:%Y%m%dT%H%M%SZ}\r\n" in ics
    assert PitchSlot.objects.get(pk=slots[0].pk).booked_proposal == team
    booked = Notification.objects.get(kind="pitch_booked", recipient=team_member)
    assert booked.attachment_name == "pitch.ics"

    # (c) The officer moves the team to the last slot; the team is told with a new file.
    page.goto(schedule)
    row = page.locator("#pitch-slots > li").first
    row.locator("select[name=slot]").select_option(str(slots[2].pk))
    row.get_by_role("button", name="ย้าย").click()
    expect(page.locator(".alert-success")).to_contain_text("ย้ายทีมแล้ว")
    screenshot(page, "pitch-4-officer-moved")
    assert PitchSlot.objects.get(pk=slots[2].pk).booked_proposal == team
    moved = Notification.objects.get(kind="pitch_moved", recipient=team_member)
    moved_start = slots[2].starts_at.astimezone(timezone.UTC)
    assert f"DTSTART:{moved_start:%Y%m%dT%H%M%SZ}" in moved.attachment_content

    # (d) A panel member opens the pitch day, reads the team's material and scores the pitch.
    panel_page = sign_in(browser, live_server, panel.email)
    panel_page.goto(f"{live_server.url}/reviews/call/{stage.slug}/pitch/day/")
    expect(panel_page.locator("#pitch-day")).to_contain_text(team.title)
    assert_accessible(axe(panel_page), "the pitch day")
    screenshot(panel_page, "pitch-5-panel-day")
    panel_page.get_by_role("link", name="เอกสารจากรอบก่อนหน้า").click()
    expect(panel_page.locator("h1")).to_contain_text(team.previous_stage.title)
    panel_page.go_back()
    panel_page.get_by_role("link", name="ให้คะแนนการนำเสนอ").click()
    panel_page.wait_for_load_state()
    panel_page.locator("input[name=declaration][value=no]").check()
    panel_page.locator("main form button[type=submit]").click()
    panel_page.wait_for_load_state()
    points = panel_page.locator("input.review-points")
    assert points.count() == 2
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(str(int(field.get_attribute("data-max")) * 4 // 5))
    panel_page.fill("textarea[name=comment]", "นำเสนอชัดเจน ทีมพร้อมลงพื้นที่")
    panel_page.fill("textarea[name=feedback]", "ควรเพิ่มแผนการขยายผล")
    screenshot(panel_page, "pitch-6-panel-scoring")
    panel_page.locator("button[name=action][value=submit]").click()
    panel_page.wait_for_load_state()
    review = Review.objects.get(assignment__proposal=team, assignment__reviewer=panel)
    assert review.state == ReviewState.SUBMITTED

    # The pitch day, on a phone.
    panel_phone = sign_in(browser, live_server, panel.email, width=390, height=844, phone=True)
    panel_phone.goto(f"{live_server.url}/reviews/call/{stage.slug}/pitch/day/")
    expect(panel_phone.locator("#pitch-day")).to_contain_text("ให้คะแนนแล้ว")
    screenshot(panel_phone, "pitch-7-panel-day-phone")
    assert fits_the_width(panel_phone)
    officer_phone = sign_in(browser, live_server, officer.email, width=390, height=844, phone=True)
    officer_phone.goto(schedule)
    screenshot(officer_phone, "pitch-8-officer-schedule-phone")
    assert fits_the_width(officer_phone)
