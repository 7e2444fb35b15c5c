"""Browser tests: Playwright drives the system Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to
# arrange data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    for candidate in [os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES]:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        launch = {
            "headless": True,
            "args": [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        }
        if path:  # otherwise Playwright's own Chromium (`playwright install chromium`)
            launch["executable_path"] = path
        browser = playwright.chromium.launch(**launch)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under tests/e2e/screenshots/ (kept as a test artefact)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(reference_data):
    """The demo people (by role) and calls (by key), as `manage.py seed_demo` makes them."""
    from django.conf import settings

    from grants.demo import seed_calls
    from portal.demo import seed_accounts, seed_users

    people = seed_users(notice_version=settings.PRIVACY_NOTICE_VERSION)
    calls = seed_calls(officer=people["officer"])
    seed_accounts()  # verified addresses; the demo's authenticator app for officers and the like
    return people, calls


@pytest.fixture
def log_in(live_server):
    """log_in(page, email): sign in through the login form (the demo password by default)."""
    from portal.demo import DEMO_PASSWORD

    def go(page, email: str, password: str = DEMO_PASSWORD) -> None:
        # Whoever was signed in is signed out first: the login page sends a signed-in person on.
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate/" in page.url:
            give_code(page, email)

    return go


def give_code(page, email: str) -> None:
    """The second factor after the password: the code of the person's authenticator app. A
    code is taken once: if this one was used a moment ago, the next one."""
    import time

    from portal import two_factor
    from portal.models import User

    secret = two_factor.enrol_totp(User.objects.get(email=email))  # the one they have
    for _attempt in range(2):
        page.fill("input[name=code]", two_factor.totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate/" not in page.url:
            return
        time.sleep(31 - time.time() % 30)


AXE_SCRIPT = Path(__file__).parent / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = """(tags) => axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
}).then((results) => results.violations)"""


def describe_violations(violations: list[dict]) -> str:
    """axe's violations as lines a person can act on: rule, impact, help, and where."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(node['target'])}  {node.get('failureSummary', '')}")
            lines[-1] = lines[-1].replace("\n", " / ")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def serious_violations(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def assert_accessible(violations: list[dict], where: str = "") -> None:
    """Fail on any serious or critical axe violation, naming each rule and element."""
    serious = serious_violations(violations)
    assert not serious, f"axe on {where}:\n{describe_violations(serious)}"


@pytest.fixture
def axe():
    """axe(page) -> the axe-core violations on the page as it is now (WCAG 2.1 A/AA and
    best practices); pair with `assert_accessible`."""

    def run(page) -> list[dict]:
        import contextlib

        from playwright.sync_api import Error

        loaded = "typeof window.axe !== 'undefined'"
        if not page.evaluate(loaded):
            with contextlib.suppress(Error):
                page.add_script_tag(path=str(AXE_SCRIPT))
        if not page.evaluate(loaded):
            # The portal's Content-Security-Policy (script-src 'self') refuses the inline
            # <script> the tag becomes; the DevTools protocol's evaluate is not subject to it.
            page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        return page.evaluate(AXE_RUN, AXE_TAGS)

    return run
