"""The surge's virtual applicants: a browser's requests, one thread each, standard library only.

Each applicant logs in, opens their draft, autosaves changing text every few seconds as the
proposal form's script does (5 s after the last change), and submits at a planned moment.
Every request is recorded with its kind, wall-clock start and end, status and outcome.
"""

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30.0  # seconds for one request, like a patient browser
REFERENCE = re.compile(r'id="reference">\s*([^<\s]+)\s*<')


@dataclass
class Record:
    """One request as the client saw it."""

    applicant: int
    kind: str
    sent: float  # wall clock (time.time())
    received: float
    status: int | None  # None: no answer (see error)
    error: str = ""  # "timeout", "connection: ..." when there was no answer


@dataclass
class Plan:
    """One applicant's account, draft and timeline (wall-clock seconds)."""

    number: int
    email: str
    password: str
    proposal: int
    login_at: float
    submit_at: float
    autosave_every: tuple[float, float] = (5.0, 8.0)
    session: str = ""  # signed in earlier in the day: no login during the surge


@dataclass
class Outcome:
    """What one applicant was told, and what they last saw saved."""

    plan: Plan
    acked_text: str | None = None  # summary of the last autosave answered ok
    unacked_texts: list[str] = field(default_factory=list)  # sent after it, no ok seen
    autosaves_ok: int = 0
    submit_sent: float | None = None
    submit_received: float | None = None
    submit_status: int | None = None
    acknowledged: bool = False
    reference: str = ""
    refused: bool = False
    refusal_text: str = ""  # the messages shown after a refused submit
    failure: str = ""  # why the applicant stopped early


class FormReader(HTMLParser):
    """The fields of one <form id=...> as a browser would post them (no <template> rows)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.in_template = 0
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self.messages: list[str] = []
        self._alert = 0
        self._alert_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "alert" in (a.get("class") or "").split():
            self._alert += 1
            self._alert_text = []
        elif self._alert and tag == "div":
            self._alert += 1
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))

    def handle_endtag(self, tag):
        if self._alert and tag == "div":
            self._alert -= 1
            if not self._alert:
                self.messages.append(" ".join("".join(self._alert_text).split()))
        if not self.inside:
            return
        if tag == "template":
            self.in_template -= 1
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self._alert:
            self._alert_text.append(data)
        if self._textarea is not None and not self.in_template:
            self._text.append(data)


def read_form(html: str, form_id: str) -> FormReader:
    reader = FormReader(form_id)
    reader.feed(html)
    return reader


class Browser:
    """Cookies, CSRF token and one connection per request (Connection: close)."""

    def __init__(self, port: int, number: int, records: list, lock: threading.Lock):
        self.port = port
        self.number = number
        self.records = records
        self.lock = lock
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, data=None, headers=None):
        """(status, headers, body text) or None when no answer came; recorded either way."""
        body = urlencode(data, doseq=True).encode() if data is not None else None
        head = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["Origin"] = f"http://127.0.0.1:{self.port}"
            head["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        head.update(headers or {})
        sent = time.time()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=head)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except TimeoutError:
            self._record(kind, sent, None, "timeout")
            return None
        except (OSError, http.client.HTTPException) as error:
            self._record(kind, sent, None, f"connection: {type(error).__name__}")
            return None
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        self._record(kind, sent, response.status)
        return response.status, response.headers, text

    def _record(self, kind, sent, status, error=""):
        with self.lock:
            self.records.append(Record(self.number, kind, sent, time.time(), status, error))

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


def _wait_until(moment: float, stop: threading.Event) -> bool:
    """Sleep until `moment`; False when the run is being stopped."""
    return not stop.wait(max(0.0, moment - time.time()))


def _path(location: str) -> str:
    return urlsplit(location).path


def run_applicant(
    plan: Plan, port: int, records: list, lock: threading.Lock, stop: threading.Event
) -> Outcome:
    """One applicant's visit, from the login page to the answer to their submit."""
    outcome = Outcome(plan)
    browser = Browser(port, plan.number, records, lock)
    rng = random.Random(plan.number)
    if not _wait_until(plan.login_at, stop):
        return outcome
    if plan.session:
        browser.cookies["sessionid"] = plan.session
    elif not _log_in(browser, plan, outcome):
        return outcome
    edit = f"/proposals/{plan.proposal}/edit/"
    form = _open_form(browser, edit)
    if form is None:
        outcome.failure = "edit page"
        return outcome
    edits = 0
    # An empty form: the deadline passed before the page opened; only the submit is left.
    while form and time.time() < plan.submit_at and not stop.is_set():
        pause = rng.uniform(*plan.autosave_every)
        if time.time() + pause >= plan.submit_at:
            break
        if not _wait_until(time.time() + pause, stop):
            break
        edits += 1
        text = f"สรุปโครงการ ผู้สมัคร {plan.number} ฉบับแก้ไขที่ {edits} · summary edit {edits}"
        data = [(k, v) for k, v in form if k != "summary"] + [("summary", text)]
        answer = browser.request(
            "autosave",
            "POST",
            f"/proposals/{plan.proposal}/autosave/",
            data,
            headers={"X-CSRFToken": browser.csrf, "Accept": "application/json"},
        )
        if answer is not None and answer[0] == 200 and '"ok": true' in answer[2]:
            outcome.acked_text, outcome.unacked_texts = text, []
            outcome.autosaves_ok += 1
            version = re.search(r'"version": (\d+)', answer[2]).group(1)
            form = [(k, version if k == "version" else v) for k, v in data]
        else:
            outcome.unacked_texts.append(text)
            if answer is not None and answer[0] == 409 and '"stale": true' in answer[2]:
                # As the page says: reload and carry on from what is stored.
                form = _open_form(browser, edit) or form
            elif answer is not None and answer[0] in (403, 409):
                break  # can no longer be edited (the deadline passed): stop typing
    if stop.is_set() or not _wait_until(plan.submit_at, stop):
        return outcome
    _submit(browser, plan, outcome)
    return outcome


def _log_in(browser: Browser, plan: Plan, outcome: Outcome) -> bool:
    if browser.request("login page", "GET", "/accounts/login/") is None:
        outcome.failure = "login page"
        return False
    answer = browser.request(
        "login",
        "POST",
        "/accounts/login/",
        {"login": plan.email, "password": plan.password, "csrfmiddlewaretoken": browser.csrf},
    )
    if answer is None or answer[0] != 302:
        outcome.failure = f"login {answer[0] if answer else 'no answer'}"
        return False
    return True


def _open_form(browser: Browser, edit: str) -> list[tuple[str, str]] | None:
    answer = browser.request("edit page", "GET", edit)
    if answer is not None and answer[0] == 302 and "/edit/" not in answer[1]["Location"]:
        return []  # to the proposal's page: it can no longer be edited
    if answer is None or answer[0] != 200:
        return None
    return read_form(answer[2], "proposal-form").fields


def _submit(browser: Browser, plan: Plan, outcome: Outcome) -> None:
    outcome.submit_sent = time.time()
    answer = browser.request(
        "submit",
        "POST",
        f"/proposals/{plan.proposal}/submit/",
        {"csrfmiddlewaretoken": browser.csrf},
    )
    outcome.submit_received = time.time()
    if answer is None:
        return
    outcome.submit_status = answer[0]
    if answer[0] != 302:
        outcome.refusal_text = " ".join(unescape(re.sub(r"<[^>]+>", " ", answer[2])).split())
        return
    location = _path(answer[1]["Location"])
    # The redirect to the receipt is the acknowledgement; the page adds the reference.
    outcome.acknowledged = location.endswith("/receipt/")
    page = browser.request(
        "receipt" if location.endswith("/receipt/") else "after refusal", "GET", location
    )
    if page is None:
        return
    if location.endswith("/receipt/"):
        found = REFERENCE.search(page[2])
        outcome.reference = found.group(1) if found else ""
    else:
        outcome.refused = True
        outcome.refusal_text = " | ".join(read_form(page[2], "-").messages)
