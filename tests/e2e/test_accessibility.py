"""Accessibility in headless Chromium.

axe-core (vendored in tests/e2e/axe/) runs on the key pages of every role with the data
`manage.py seed_demo` makes, in Thai and in English, on a desktop and on a phone; any violation
of impact "serious" or "critical" fails. Then the forms people must complete by keyboard alone.
"""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, describe_violations, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_urls(reference_data) -> dict[str, str]:
    """Every stage of the demo, seeded as `manage.py seed_demo` does; the pages to check."""
    from grants.models import Call
    from proposals.enums import ProposalState
    from proposals.models import Proposal
    from reviews.enums import AssignmentState
    from reviews.models import Assignment

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    calls = {call.slug.rsplit("-", 1)[0]: call for call in Call.objects.all()}
    open_call = calls["city-community-innovation"]
    in_review = calls["social-innovation-village"]
    published = calls["local-community-innovation"]
    draft = Proposal.objects.get(created_by__email="applicant@example.org", call=open_call)
    received = Proposal.objects.get(created_by__email="applicant2@example.org", call=open_call)
    assert received.state == ProposalState.SUBMITTED
    mine = Assignment.objects.filter(
        reviewer__email="reviewer@example.org", proposal__call=in_review
    )
    to_declare = mine.get(state=AssignmentState.AWAITING_DECLARATION).proposal_id
    to_score = mine.exclude(state=AssignmentState.AWAITING_DECLARATION).get().proposal_id
    return {
        "home": "/",
        "calls": "/calls/",
        "call": f"/calls/{open_call.slug}/",
        "results": f"/reviews/results/{published.slug}/",
        "signup": "/signup/",
        "login": "/accounts/login/",
        "privacy": "/privacy/",
        "dashboard": "/dashboard/",
        "proposal_edit": f"/proposals/{draft.pk}/edit/",
        "proposal": f"/proposals/{draft.pk}/",
        "receipt": f"/proposals/{received.pk}/receipt/",
        "inbox": "/inbox/",
        "account": "/account/",
        "call_new": "/calls/new/",
        "call_edit": f"/calls/{open_call.slug}/edit/",
        "call_proposals": f"/proposals/call/{open_call.slug}/",
        "officer_proposal": f"/proposals/{received.pk}/officer/",
        "panel": f"/reviews/call/{in_review.slug}/panel/",
        "auto_assign": f"/reviews/call/{in_review.slug}/auto-assign/",
        "queue": "/reviews/mine/",
        "declare": f"/reviews/proposal/{to_declare}/",
        "score": f"/reviews/proposal/{to_score}/",
        "ranking": f"/reviews/call/{in_review.slug}/ranking/",
        "decide": f"/reviews/proposal/{to_score}/decide/",
        "dossier": f"/reviews/proposal/{to_score}/dossier/",
    }


# Who opens which pages (None: nobody logged in). applicant2@ has a submitted proposal on
# the open call, for its receipt; the demo applicant's own is still a draft.
KEY_PAGES = {
    None: ["home", "calls", "call", "results", "signup", "login", "privacy"],
    "applicant@example.org": ["dashboard", "proposal_edit", "proposal", "inbox", "account"],
    "applicant2@example.org": ["receipt"],
    "officer@example.org": [
        "dashboard",
        "call_new",
        "call_edit",
        "call_proposals",
        "officer_proposal",
        "panel",
        "auto_assign",
    ],
    "reviewer@example.org": ["dashboard", "queue", "declare", "score"],
    "committee@example.org": ["dashboard", "ranking", "decide", "dossier"],
    "admin@example.org": ["dashboard"],
}
IN_ENGLISH = {
    None: ["home", "call", "results", "signup"],
    "applicant@example.org": ["dashboard", "proposal_edit"],
    "officer@example.org": ["call_proposals", "auto_assign"],
    "reviewer@example.org": ["score"],
    "committee@example.org": ["ranking"],
}
ON_A_PHONE = {
    None: ["home", "call", "results"],
    "applicant@example.org": ["proposal_edit"],
    "reviewer@example.org": ["queue"],
    "committee@example.org": ["ranking", "dossier"],
}


def check_pages(
    browser, live_server, log_in, axe, urls, pages, *, viewport, english=False, shoot=None
):
    """Open each role's pages in a fresh browser context; axe's violations by page.
    shoot: (the screenshot fixture, a prefix, page names) to keep pictures of some pages."""
    found = {}
    for email, names in pages.items():
        context = browser.new_context(viewport=viewport, locale="th-TH")
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            if email:
                log_in(page, email)
            if english:  # by the switcher, as a person would (it also saves the choice)
                page.goto(live_server.url + "/")
                with page.expect_navigation():
                    page.locator(".lang-switch button[value=en]").click()
            for name in names:
                response = page.goto(live_server.url + urls[name])
                assert response.status == 200, f"{email} {name}: {response.status}"
                expected_language = "en" if english else "th"
                assert page.locator("html").get_attribute("lang") == expected_language
                found[f"{email or 'anonymous'} · {name} · {urls[name]}"] = axe(page)
                if shoot and name in shoot[2]:
                    shoot[0](page, f"{shoot[1]}-{name}")
        finally:
            context.close()
    return found


def assert_no_serious_violations(found: dict[str, list[dict]]) -> None:
    failing = {where: serious_violations(v) for where, v in found.items()}
    report = "\n".join(f"== {where}\n{describe_violations(v)}" for where, v in failing.items() if v)
    assert not report, f"serious or critical axe violations:\n{report}"


def test_key_pages_of_every_role_in_thai_have_no_serious_axe_violations(
    browser, live_server, log_in, axe, demo_urls, screenshot
):
    found = check_pages(
        browser,
        live_server,
        log_in,
        axe,
        demo_urls,
        KEY_PAGES,
        viewport=DESKTOP,
        shoot=(screenshot, "a11y", {"home", "call", "queue", "ranking", "call_proposals"}),
    )
    assert len(found) == sum(len(names) for names in KEY_PAGES.values()) == 29
    assert_no_serious_violations(found)


def test_key_pages_in_english_have_no_serious_axe_violations(
    browser, live_server, log_in, axe, demo_urls
):
    found = check_pages(
        browser, live_server, log_in, axe, demo_urls, IN_ENGLISH, viewport=DESKTOP, english=True
    )
    assert len(found) == 10
    assert_no_serious_violations(found)


def test_key_pages_on_a_phone_have_no_serious_axe_violations(
    browser, live_server, log_in, axe, demo_urls, screenshot
):
    found = check_pages(
        browser,
        live_server,
        log_in,
        axe,
        demo_urls,
        ON_A_PHONE,
        viewport=PHONE,
        shoot=(screenshot, "a11y-phone", {"queue", "home"}),
    )
    assert len(found) == 7
    assert_no_serious_violations(found)


def test_forms_with_errors_have_no_serious_axe_violations(page, live_server, axe, demo):
    # Sign-up sent empty (the form has novalidate): every field shows its error.
    page.goto(f"{live_server.url}/signup/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    assert_accessible(axe(page), "sign-up with errors")

    # A wrong password: the form's error message.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "applicant@example.org")
    page.fill("input[name=password]", "not the password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main .alert-danger")).to_be_visible()
    assert_accessible(axe(page), "login refused")


def test_axe_reports_what_it_should(page, live_server, axe, demo):
    """The check can fail: a field without a label and grey-on-grey text are found."""
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend",
                '<input type="text" name="nameless">' +
                '<p id="faint" class="contrast-probe">faint</p>');
            document.getElementById("faint").style.color = "#ccc";
        }"""
    )
    violations = axe(page)
    assert {"label", "color-contrast"} <= {v["id"] for v in serious_violations(violations)}
    with pytest.raises(AssertionError, match=r"\[critical\] label"):
        assert_accessible(violations, "a page with a nameless field")


# Keyboard alone -----------------------------------------------------------------------------

FOCUSED = "() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)"


def tab_until(page, predicate_js: str, *, limit: int = 40, key: str = "Tab") -> None:
    """Press Tab until the focused element satisfies `predicate_js` (a JS function of it)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(
        f"not reached by {key} in {limit} presses; focus on {page.evaluate(FOCUSED)}"
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page, live_server, demo
):
    page.goto(f"{live_server.url}/calls/")
    page.keyboard.press("Tab")
    skip = page.locator("a[href='#main']")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visually hidden until focused
    expect(skip).to_have_text("ข้ามไปยังเนื้อหา")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes on from the main content, past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_log_in_by_keyboard_alone(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("input[name=login]")).to_be_focused()  # autofocus
    page.keyboard.type("applicant@example.org")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    from portal.demo import DEMO_PASSWORD

    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/dashboard/**")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("nav .dropdown-toggle")).to_contain_text("มานี")


def test_language_switcher_is_reached_by_tab_and_works_with_enter_and_space(
    page, live_server, demo
):
    page.goto(f"{live_server.url}/calls/")
    assert page.locator("html").get_attribute("lang") == "th"
    tab_until(page, "(el) => el.matches('.lang-switch button[value=en]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/calls/"
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator(".lang-switch button[value=en]")).to_have_attribute("aria-pressed", "true")

    tab_until(page, "(el) => el.matches('.lang-switch button[value=th]')")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.locator("html").get_attribute("lang") == "th"


def test_sign_up_by_keyboard_alone_ticking_consent_with_space(page, live_server, demo):
    from portal.models import User

    page.goto(f"{live_server.url}/signup/")
    # The order a keyboard takes through the form is the order of the fields.
    tab_until(page, "(el) => el.name === 'email'")
    page.keyboard.type("keyboard@example.org")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=full_name]")).to_be_focused()
    page.keyboard.type("สมหญิง แป้นพิมพ์")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password1]")).to_be_focused()
    page.keyboard.type("ต้นกล้า-2569-ชุมชน")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password2]")).to_be_focused()
    page.keyboard.type("ต้นกล้า-2569-ชุมชน")
    # The language (Thai already chosen), then the consent box, ticked with Space.
    tab_until(page, "(el) => el.name === 'consent'", limit=5)
    consent = page.locator("input[name=consent]")
    expect(consent).not_to_be_checked()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_until(page, "(el) => el.type === 'submit' && !!el.closest('main')", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/dashboard/**")
    user = User.objects.get(email="keyboard@example.org")
    assert (user.full_name, user.language) == ("สมหญิง แป้นพิมพ์", "th")
    assert user.consents.count() == 1


# The focus ring a keyboard user sees: an outline or a box-shadow that is not "none".
FOCUS_RING = """(el) => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        matches: el.matches(":focus-visible"),
        ring: outline || style.boxShadow !== "none",
        outline: style.outlineStyle + " " + style.outlineWidth + " " + style.outlineColor,
        shadow: style.boxShadow,
    };
}"""


def test_focus_is_visible_on_links_buttons_and_fields(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/signup/")
    seen, screenshots = {}, {}
    for _ in range(30):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        kind = page.evaluate(
            "(el) => el.tagName.toLowerCase() + (el.type ? ':' + el.type : '')"
            " + (el.closest('nav') ? ' in nav' : el.closest('main') ? ' in main' : ' elsewhere')",
            handle,
        )
        ring = page.evaluate(FOCUS_RING, handle)
        assert ring["matches"], kind
        assert ring["ring"], f"no visible focus on {kind}: {ring}"
        seen.setdefault(kind, ring)
        if kind == "button:submit in nav" and "nav" not in screenshots:
            screenshots["nav"] = screenshot(page, "a11y-focus-ring-in-the-brand-bar")
        if kind == "input:email in main":
            screenshots["field"] = screenshot(page, "a11y-focus-ring-on-a-field")
        if kind == "button:submit in main":
            break
    # Every kind of control a keyboard reaches on the way was covered.
    assert {
        "a elsewhere",  # the skip link, before the navigation
        "a in nav",
        "button:submit in nav",
        "input:email in main",
        "input:password in main",
        "input:checkbox in main",
        "button:submit in main",
    } <= set(seen), sorted(seen)
    assert sorted(screenshots) == ["field", "nav"]
