"""A committee meeting in headless Chromium, in Thai: the officer schedules it, members vote
without and then with a quorum (without, the result is refused with a clear message), the
meeting is closed and its minutes are a Thai PDF, read with pypdf and rendered to PNG."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.enums import Role
from reviews.enums import DecisionOutcome
from reviews.models import Decision, Meeting
from tests.factories import CallInReviewFactory, EligibleProposalFactory, ReviewFactory, user_with
from tests.factories.portal import PASSWORD
from tests.factories.reviews import full_points

from .conftest import SCREENSHOTS, assert_accessible, give_code
from .test_reviews import fits_the_width

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = ["ศ.ประภา ประธาน", "รศ.ดร.ชัยวัฒน์ กรรมการ", "นางสาวพิมพ์ชนก กรรมการ"]


@pytest.fixture
def arranged(reference_data):
    """A call in review with three reviewed proposals of 100,000 baht, a budget for two; its
    officer and three committee members."""
    officer = user_with(Role.OFFICER, email="officer-m@example.org", full_name="วิไลวรรณ เลขานุการ")
    members = [
        user_with(Role.COMMITTEE, email=f"member{n}@example.org", full_name=name)
        for n, name in enumerate(MEMBERS, start=1)
    ]
    call = CallInReviewFactory(officers=[officer], budget_total=Decimal("200000"))
    for share in ("0.9", "0.7", "0.5"):
        proposal = EligibleProposalFactory(call=call)
        ReviewFactory(assignment__proposal=proposal, points=full_points(call, Decimal(share)))
    return call, officer, members


def sign_in(browser, live_server, email, *, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        give_code(page, email)
    return page


def schedule(page, live_server, call, axe):
    page.goto(f"{live_server.url}/reviews/call/{call.slug}/meetings/new/")
    assert_accessible(axe(page), "the form to schedule a meeting")
    page.fill("input[name=starts_at]", "2026-12-08T09:30")
    page.fill("input[name=place]", "ห้องประชุม 1 ชั้น 9 อาคารจามจุรีสแควร์")
    for name in MEMBERS:
        page.get_by_label(name).check()
    page.select_option("select[name=chair]", label=MEMBERS[0])
    page.fill("input[name=line_window]", "5")  # every proposal discussed one by one
    page.get_by_role("button", name="นัดประชุมและส่งระเบียบวาระ").click()
    expect(page.locator(".alert-success")).to_contain_text("นัดประชุมแล้ว")
    return Meeting.objects.get(call=call)


def attendance(page, present):
    form = page.locator("#attendance-form")
    for name in MEMBERS:
        box = form.get_by_label(name)
        box.check() if name in present else box.uncheck()
    form.get_by_role("button", name="บันทึกผู้มาประชุม").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกรายชื่อผู้มาประชุมแล้ว")


def vote_to_fund(page, item):
    page.reload()  # the item was opened since the page was loaded
    card = page.locator(f"#item-{item.pk}")
    card.locator("select[name=choice]").select_option("fund")
    card.locator("input[name=amount]").fill("90000")
    card.get_by_role("button", name="ลงคะแนน").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกการลงคะแนนของท่านแล้ว")


def test_a_meeting_from_agenda_to_minutes(browser, live_server, arranged, screenshot, axe):
    call, officer, members = arranged
    secretary = sign_in(browser, live_server, officer.email)
    meeting = schedule(secretary, live_server, call, axe)
    item = meeting.items.order_by("position").first()
    assert meeting.items.count() == 3 and meeting.members.count() == 3
    screenshot(secretary, "meeting-scheduled")

    # One member of three present: no quorum (more than half needs two).
    attendance(secretary, present=MEMBERS[:1])
    secretary.get_by_role("button", name="เปิดการประชุม").click()
    expect(secretary.locator("#meeting-state")).to_have_text("กำลังประชุม")
    secretary.locator(f"#item-{item.pk}").get_by_role("button", name="เริ่มพิจารณาวาระนี้").click()

    chair = sign_in(browser, live_server, members[0].email)
    chair.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    vote_to_fund(chair, item)

    card = secretary.locator(f"#item-{item.pk}")
    card.get_by_role("button", name="บันทึกมติ").click()
    refusal = secretary.locator(".alert-danger")
    expect(refusal).to_contain_text("ไม่ครบองค์ประชุมสำหรับ")
    expect(refusal).to_contain_text("มาประชุม 1 คน จาก 3 คน ต้องมีอย่างน้อย 2 คน")
    expect(refusal).to_contain_text("จึงไม่บันทึกผลการลงมติ")
    assert not Decision.objects.exists()
    screenshot(secretary, "meeting-no-quorum")
    assert_accessible(axe(secretary), "the meeting in session, for its secretary")

    # The second member arrives: quorum, a second vote, the resolution.
    attendance(secretary, present=MEMBERS[:2])
    second = sign_in(browser, live_server, members[1].email, width=390)
    second.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    vote_to_fund(second, item)
    assert fits_the_width(second)
    assert_accessible(axe(second), "the meeting in session, for a member on a phone")
    screenshot(second, "meeting-member-phone")

    card = secretary.locator(f"#item-{item.pk}")
    card.locator("textarea[name=notes_th]").fill("แผนงานชัดเจน ชุมชนมีส่วนร่วมตั้งแต่ต้น")
    card.get_by_role("button", name="บันทึกการพิจารณา").click()
    secretary.locator(f"#item-{item.pk}").get_by_role("button", name="บันทึกมติ").click()
    expect(secretary.locator(f"#item-{item.pk}-result")).to_contain_text("สนับสนุนทุน 90,000 บาท")
    decision = Decision.objects.get()
    assert (decision.proposal_id, decision.outcome, decision.amount) == (
        item.proposal_id,
        DecisionOutcome.AWARD,
        Decimal("90000"),
    )

    secretary.get_by_role("button", name="ปิดการประชุมและส่งรายงานการประชุม").click()
    expect(secretary.locator("#meeting-state")).to_have_text("ปิดการประชุมแล้ว")
    screenshot(secretary, "meeting-closed")
    minutes = secretary.request.get(f"{live_server.url}/reviews/meeting/{meeting.pk}/minutes.pdf")
    assert minutes.headers["content-type"] == "application/pdf"
    pdf = minutes.body()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "รายงานการประชุม",
        "ครั้งที่ 1/2569",
        "เมื่อวันอังคารที่ 8 ธันวาคม พ.ศ. 2569",
        "ผู้มาประชุม",
        f"{MEMBERS[0]} (ประธานกรรมการ)",
        "ผู้ไม่มาประชุม",
        MEMBERS[2],
        "มติที่ประชุม: สนับสนุนทุน เป็นเงิน 90,000 บาท",
        "แผนงานชัดเจน ชุมชนมีส่วนร่วมตั้งแต่ต้น",
        "ลงชื่อ",
        "ผู้จดรายงานการประชุม",
    ):
        assert expected in text, expected
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "meeting-minutes.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed command on the test's own file
        [
            shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(SCREENSHOTS / "meeting-minutes.pdf"),
            str(SCREENSHOTS / "meeting-minutes"),
        ],
        check=True,
    )
    assert (SCREENSHOTS / "meeting-minutes.png").stat().st_size > 10_000
