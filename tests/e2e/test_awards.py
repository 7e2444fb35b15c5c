"""A grant from publication to closure, in headless Chromium and in Thai: the officer plans
the tranches and issues the agreement, the grantee accepts it, the officer countersigns; a
report is sent back and resubmitted, approved and paid; an amendment is asked for and
approved (the agreement issued again and signed again); the final report, the last
payments, closure. The agreement PDFs are rendered to images and looked at."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from awards.enums import GrantState, ReportState
from awards.forms import default_plan
from awards.models import Grant, Report
from awards.queries import public_grant_facts
from awards.services.agreement import accept_agreement, countersign_agreement, issue_agreement
from awards.services.reports import review_report, save_report, submit_report
from awards.services.tranches import save_tranche_plan
from grants.enums import CallState
from tests.factories import OrganisationFactory, ProposalFactory
from tests.factories.awards import GrantFactory, PublishedCallFactory

from .conftest import SCREENSHOTS, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def new_grant(demo):
    """The demo applicant's grant of 150,000 baht, just made by publishing the results."""
    people, _calls = demo
    officer, applicant = people["officer"], people["applicant"]
    call = PublishedCallFactory(officers=[officer], created_by=officer, code="E2EGRANT")
    assert call.state == CallState.RESULTS_PUBLISHED
    organisation = OrganisationFactory(members=[applicant], name="วิสาหกิจชุมชนบ้านหนองบัว")
    proposal = ProposalFactory(
        call=call,
        organisation=organisation,
        state="awarded",
        title="ระบบแจ้งเตือนน้ำท่วมโดยชุมชน",
        requested_amount=Decimal("150000"),
    )
    today = date.today()
    grant = GrantFactory(
        proposal=proposal,
        amount=Decimal("150000"),
        starts_on=today,
        ends_on=today + timedelta(days=364),
    )
    return people, grant


def pdf_as_image(page, url: str, name: str) -> list:
    """Download the PDF as the signed-in person and render its pages as PNG screenshots."""
    response = page.request.get(url)
    assert response.ok and response.body().startswith(b"%PDF")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(response.body())
    command = ["/usr/bin/pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / name)]
    subprocess.run(command, check=True)  # noqa: S603 (our own file, a fixed command)
    pdf.unlink()
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


def click(page, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()


def accept(page, live_server, grant):
    page.goto(f"{live_server.url}/awards/{grant.pk}/agreement/accept/")
    page.fill("input[name=name]", "สมชาย ใจดี")
    page.fill("input[name=position]", "ประธานวิสาหกิจชุมชน")
    page.check("input[name=confirm]")
    click(page, "main form button")
    expect(page.locator(".alert-success")).to_be_visible()


def countersign(page, live_server, grant):
    page.goto(f"{live_server.url}{grant.get_absolute_url()}")
    click(page, "form[action$='/agreement/countersign/'] button")


def write_report(page, live_server, report, text, *, submit=True, final=False):
    page.goto(f"{live_server.url}/awards/reports/{report.pk}/")
    page.fill("textarea[name=narrative]", text)
    if final:
        page.fill("textarea[name=lessons]", "ชุมชนต้องเป็นเจ้าของระบบตั้งแต่ต้น")
        page.fill("textarea[name=recommendations]", "ขยายผลผ่าน อปท. ในลุ่มน้ำเดียวกัน")
        page.select_option("select[name=outcomes-0-province]", "TH-50")
        page.fill("input[name=outcomes-0-group]", "ครัวเรือนริมน้ำ")
        page.fill("input[name=outcomes-0-people]", "240")
    click(page, "button[name=submit]" if submit else "button[name=save]")


def review(page, live_server, report, decision, comment=""):
    page.goto(f"{live_server.url}/awards/reports/{report.pk}/")
    if comment:
        page.fill("textarea[name=comment]", comment)
    click(page, f"button[name=decision][value={decision}]")


def pay(page, live_server, grant, tranche):
    page.goto(f"{live_server.url}{grant.get_absolute_url()}")
    prefix = f"pay{tranche.pk}"
    page.fill(f"input[name={prefix}-paid_on]", date.today().isoformat())
    page.fill(f"input[name={prefix}-bank_reference]", f"KTB-{tranche.position}")
    click(page, f"form[action$='/tranches/{tranche.pk}/pay/'] button")


def test_a_grant_from_publication_to_closure(
    browser, page, live_server, log_in, new_grant, screenshot
):
    people, grant = new_grant
    officer_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    officer = officer_page.new_page()
    log_in(officer, "officer@example.org")
    log_in(page, "applicant@example.org")

    # The officer finds the grant in the list, plans the tranches (40/40/20) and issues.
    officer.goto(f"{live_server.url}/awards/")
    click(officer, f"a[href='{grant.get_absolute_url()}']")
    screenshot(officer, "awards-01-grant-pending")
    click(officer, "a[href$='/tranches/']")
    officer.fill("input[name=tranche-0-amount]", "70000")
    click(officer, "main form button.btn-primary")
    expect(officer.locator("input[name=tranche-0-amount]")).to_have_class(
        "numberinput form-control is-invalid"
    )  # the plan must add up to the grant: refused at the field
    screenshot(officer, "awards-02-plan-refused")
    officer.fill("input[name=tranche-0-amount]", "60000")
    click(officer, "main form button.btn-primary")
    click(officer, "form[action$='/agreement/issue/'] button")
    agreement = grant.agreements.get()
    thai = pdf_as_image(
        officer, f"{live_server.url}/awards/agreements/{agreement.pk}/th.pdf", "awards-agreement-th"
    )
    english = pdf_as_image(
        officer, f"{live_server.url}/awards/agreements/{agreement.pk}/en.pdf", "awards-agreement-en"
    )
    assert thai and english

    # The grantee sees it on the dashboard, accepts it; the officer countersigns.
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_text(grant.reference).first).to_be_visible()
    accept(page, live_server, grant)
    countersign(officer, live_server, grant)
    grant.refresh_from_db()
    assert grant.state == GrantState.ACTIVE
    signed = pdf_as_image(
        page,
        f"{live_server.url}/awards/agreements/{agreement.pk}/signed.pdf",
        "awards-agreement-signed",
    )
    assert signed

    # The first report: sent back, resubmitted, approved, paid.
    first, second, final = grant.reports.order_by("due_on")
    write_report(page, live_server, first, "ติดตั้งเซนเซอร์วัดระดับน้ำ 3 จุด")
    review(officer, live_server, first, "changes", "กรุณาระบุจำนวนครัวเรือนที่ได้รับการแจ้งเตือน")
    write_report(page, live_server, first, "ติดตั้งเซนเซอร์วัดระดับน้ำ 3 จุด แจ้งเตือน 120 ครัวเรือน")
    officer.goto(f"{live_server.url}/awards/reports/{first.pk}/changes/2/")
    expect(officer.locator("ins").first).to_be_visible()
    screenshot(officer, "awards-03-report-diff")
    review(officer, live_server, first, "approve")
    pay(officer, live_server, grant, first.tranche)

    # An amendment: a new contact person; approved, the agreement is issued and signed again.
    page.goto(f"{live_server.url}/awards/{grant.pk}/amendments/new/")
    page.select_option("select[name=kind]", "contact")
    page.fill("textarea[name=reason]", "ผู้ประสานงานเดิมย้ายไปทำงานที่อื่น")
    page.fill("input[name=contact_name]", "สมหญิง รักน้ำ")
    page.fill("input[name=contact_email]", "somying@example.org")
    click(page, "main form button")
    officer.goto(f"{live_server.url}{grant.get_absolute_url()}")
    click(officer, "form[action$='/decide/'] button[value=approve]")
    accept(page, live_server, grant)
    countersign(officer, live_server, grant)
    assert grant.agreements.filter(countersigned_at__isnull=False).count() == 2

    # The second report (through the services), the final report through the page.
    grantee = people["applicant"]
    saved = save_report(
        second, by=grantee, expected_version=second.version, content={"narrative": "ดำเนินการต่อ"}
    )
    submit_report(saved, by=grantee)
    review_report(saved, by=people["officer"], approve=True)
    pay(officer, live_server, grant, second.tranche)
    write_report(page, live_server, final, "ระบบใช้งานได้ทั้งตำบล", final=True)
    review(officer, live_server, final, "approve")
    pay(officer, live_server, grant, final.tranche)
    assert Report.objects.get(pk=final.pk).state == ReportState.APPROVED

    # Closure; the public facts carry the outcomes.
    officer.goto(f"{live_server.url}{grant.get_absolute_url()}")
    click(officer, "form[action$='/close/'] button")
    grant = Grant.objects.get(pk=grant.pk)
    assert grant.state == GrantState.CLOSED
    screenshot(officer, "awards-04-grant-closed")
    officer.goto(f"{live_server.url}/awards/ledger/")
    screenshot(officer, "awards-05-ledger")
    facts = public_grant_facts([grant.proposal_id])[grant.proposal_id]
    assert facts["paid"] == Decimal("150000") and facts["outcomes"]["people"] == 240

    page.goto(f"{live_server.url}{grant.get_absolute_url()}")
    screenshot(page, "awards-06-grantee-view")
    officer_page.close()


def test_the_grant_page_fits_a_phone(browser, live_server, log_in, new_grant, screenshot):
    _people, grant = new_grant
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    log_in(phone, "officer@example.org")
    for url, name in [
        (grant.get_absolute_url(), "grant"),
        ("/awards/", "list"),
        ("/awards/ledger/", "ledger"),
    ]:
        phone.goto(f"{live_server.url}{url}")
        screenshot(phone, f"awards-phone-{name}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_awards_pages_have_no_serious_axe_violations(
    browser, page, live_server, log_in, axe, new_grant
):
    people, grant = new_grant
    officer = people["officer"]
    save_tranche_plan(grant, by=officer, tranches=default_plan(grant))
    agreement = issue_agreement(grant, by=officer)
    report = grant.reports.order_by("due_on").first()
    pages = {
        "officer@example.org": [
            "/awards/",
            grant.get_absolute_url(),
            f"/awards/{grant.pk}/tranches/",
            "/awards/ledger/",
            f"/awards/calls/{grant.call.slug}/terms/",
        ],
        "applicant@example.org": [
            grant.get_absolute_url(),
            f"/awards/{grant.pk}/agreement/accept/",
            "/dashboard/",
        ],
    }
    for email, urls in pages.items():
        log_in(page, email)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            assert_accessible(axe(page), f"{email} {url}")
    accept_agreement(
        agreement, by=people["applicant"], name="ก", position="ข", sha256=agreement.sha256, ip=None
    )
    countersign_agreement(agreement, by=officer)
    log_in(page, "applicant@example.org")
    for url in (f"/awards/reports/{report.pk}/", f"/awards/{grant.pk}/amendments/new/"):
        page.goto(f"{live_server.url}{url}")
        assert_accessible(axe(page), url)
