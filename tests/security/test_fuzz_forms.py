"""Every form a person can post, fuzzed: random Unicode, Thai with combining marks, very long
strings, markup and NUL in every field. Never a 500, and markup never comes back unescaped,
neither in the form shown again nor on the page that shows what was stored.

Each test reads the form from its real page (every input, textarea and select of it), so a
field added later is fuzzed too. Per example, hypothesis chooses the value and which fields
get it: the text fields only (the others keep the page's values, so the form can be valid
and the value stored), every visible field, or every field including the hidden ones
(formset management forms, the draft's version).
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from grants.models import Call
from reviews.enums import AssignmentState
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    EligibleProposalFactory,
    ProposalToReviewFactory,
    ReviewFactory,
    Role,
    user_with,
)

EXAMPLES = 12  # per form; the whole file runs in about a minute on a shared 2-CPU machine
ALLOWED = {200, 302, 400, 403, 404, 405, 409, 413}

THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาำเแโใไๅ"
COMBINING = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b"
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "{{ 7|add:7 }}{% now 'Y' %}",
]
# What must never reach a page as it was typed.
RAW = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]

thai_text = st.text(alphabet=THAI + COMBINING + " \n", min_size=1, max_size=200)
values = st.one_of(
    st.text(max_size=80),  # any code point hypothesis likes, NUL and controls included
    thai_text,
    st.sampled_from(MARKUP),
    st.tuples(thai_text, st.sampled_from(MARKUP), thai_text).map("".join),
    st.tuples(st.sampled_from(MARKUP), st.just("\x00"), thai_text).map("".join),
    st.integers(1_000, 20_000).map(lambda n: ("ก" + COMBINING) * (n // 11)),
)
modes = st.sampled_from(["text", "text", "visible", "all"])

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

TEXT_TYPES = {"text", "textarea", "email", "url", "tel", "search", "password"}
SKIPPED = {"csrfmiddlewaretoken"}


class FormReader(HTMLParser):
    """The fields of the first POST form whose action is `action` (or empty)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str, str | None]] = []  # name, kind, value
        self._textarea: list | None = None
        self._select: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done:
            method = (a.get("method") or "get").lower()
            self.inside = method == "post" and (a.get("action") or self.action) == self.action
            return
        if not self.inside or "name" not in a or a["name"] in SKIPPED:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:  # unticked: sent only when fuzzed
                checked = a.get("value", "on") if "checked" in a else None
                self.fields.append((a["name"], kind, checked))
                return
            self.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None, None]

    def _option(self, a):
        value = a.get("value", "")
        if self._select[2] is None:
            self._select[2] = value
        if "selected" in a:
            self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], "textarea", self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, selected, first = self._select
            self.fields.append((name, "select", selected if selected is not None else first or ""))
            self._select = None


def read_form(client, url: str, action: str | None = None) -> list[tuple[str, str, str]]:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    reader = FormReader(action or url)
    reader.feed(page.content.decode())
    assert reader.fields, f"no form posting to {action or url} on {url}"
    return reader.fields


def fuzzed(fields, value: str, mode: str) -> dict:
    data: dict[str, list[str]] = {}
    for name, kind, default in fields:
        replace = (
            (mode == "text" and kind in TEXT_TYPES)
            or (mode == "visible" and kind != "hidden")
            or mode == "all"
        )
        if replace:
            data.setdefault(name, []).append(value)
        elif default is not None:
            data.setdefault(name, []).append(default)
    return data


def assert_escaped(response):
    if "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"{raw!r} came back unescaped"


def check(client, url, value, mode, *, show, action=None, extra=None, files=None):
    """Post the fuzzed form, then read the page that shows it."""
    data = fuzzed(read_form(client, url, action), value, mode)
    data.update(extra or {})
    response = client.post(action or url, {**data, **(files or {})})
    assert response.status_code in ALLOWED, response.status_code
    assert_escaped(response)
    shown = client.get(show)
    assert shown.status_code == 200
    assert_escaped(shown)
    return response


def stored_text(instance, *fields: str) -> list:
    instance.refresh_from_db()
    return [getattr(instance, field) for field in fields]


# --- Accounts -----------------------------------------------------------------------------


@fuzz
@given(value=values, mode=modes)
def test_signup(client, db, settings, value, mode):
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's limit of sign-ups per minute: not tested here
    client.logout()
    check(
        client,
        "/signup/",
        value,
        mode,
        show="/",
        action="/accounts/signup/",
        extra={"email": ["fuzz@example.org"]},
    )


@fuzz
@given(value=values, mode=modes)
def test_login(client, db, value, mode):
    response = client.post("/accounts/login/", {"login": value, "password": value})
    assert response.status_code in ALLOWED | {429}
    assert_escaped(response)


@fuzz
@given(value=values, mode=modes)
def test_password_reset(client, db, settings, value, mode):
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's limit of reset emails: not tested here
    check(client, "/accounts/password/reset/", value, mode, show="/accounts/password/reset/")


@pytest.fixture
def signed_in_applicant(client, applicant):
    client.force_login(applicant)
    return client


@fuzz
@given(value=values, mode=modes)
def test_profile(signed_in_applicant, value, mode):
    check(signed_in_applicant, "/account/", value, mode, show="/account/")


@fuzz
@given(value=values, mode=modes)
def test_invitation(client, officer, value, mode):
    client.force_login(officer)
    check(
        client,
        "/invitations/new/",
        value,
        mode,
        show="/invitations/",
        extra={"email": ["invited@example.org"]} if mode == "text" else None,
    )


@fuzz
@given(value=values, mode=modes)
def test_follow_sectors(signed_in_applicant, value, mode):
    check(signed_in_applicant, "/calls/follow/", value, mode, show="/calls/follow/")


# --- Calls ----------------------------------------------------------------------------------


@fuzz
@given(value=values, mode=modes)
def test_call_create(client, officer, value, mode):
    client.force_login(officer)
    check(client, "/calls/new/", value, mode, show="/calls/")
    for call in Call.objects.all():  # whatever was stored shows escaped on its page
        assert_escaped(client.get(call.get_absolute_url()))


@fuzz
@given(value=values, mode=modes)
def test_call_edit(client, officer, open_call, value, mode):
    client.force_login(officer)
    url = reverse("grants:call_edit", kwargs={"slug": open_call.slug})
    check(client, url, value, mode, show=open_call.get_absolute_url())


def test_call_edit_once_scored(client, officer):
    """The call form of a call in review: the rubric read-only, blind review fixed."""
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    ReviewFactory(assignment__proposal=ProposalToReviewFactory(call=call))
    rubric = list(call.criteria.values_list("pk", "weight"))
    client.force_login(officer)
    url = reverse("grants:call_edit", kwargs={"slug": call.slug})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        check(client, url, value, mode, show=call.get_absolute_url())
        assert list(call.criteria.values_list("pk", "weight")) == rubric
        assert stored_text(call, "blind_review") == [False]

    run()


@fuzz
@given(value=values, mode=modes)
def test_questions_editor(client, officer, open_call, value, mode):
    client.force_login(officer)
    url = reverse("grants:call_questions", kwargs={"slug": open_call.slug})
    check(client, url, value, mode, show=url)


# --- Proposals ------------------------------------------------------------------------------


@fuzz
@given(value=values, mode=modes)
def test_organisation(signed_in_applicant, organisation, value, mode):
    url = reverse("proposals:organisation")
    check(signed_in_applicant, url, value, mode, show=url)


@fuzz
@given(value=values, mode=modes)
@example(value="ก\u0e34\u0e48" + MARKUP[0] + "\x00", mode="text")
def test_proposal_edit(signed_in_applicant, complete_draft, value, mode):
    url = reverse("proposals:proposal_edit", kwargs={"pk": complete_draft.pk})
    show = reverse("proposals:proposal_detail", kwargs={"pk": complete_draft.pk})
    check(signed_in_applicant, url, value, mode, show=show)


@fuzz
@given(value=values, mode=modes)
def test_proposal_autosave(signed_in_applicant, complete_draft, value, mode):
    edit = reverse("proposals:proposal_edit", kwargs={"pk": complete_draft.pk})
    autosave = reverse("proposals:proposal_autosave", kwargs={"pk": complete_draft.pk})
    data = fuzzed(read_form(signed_in_applicant, edit), value, mode)
    response = signed_in_applicant.post(autosave, data)
    assert response.status_code in ALLOWED, response.status_code
    assert_escaped(signed_in_applicant.get(edit))


@fuzz
@given(value=values)
def test_attachment_file_name(signed_in_applicant, complete_draft, value):
    url = reverse("proposals:attachment_upload", kwargs={"pk": complete_draft.pk})
    upload = SimpleUploadedFile(
        f"{value[:200]}.pdf", b"%PDF-1.4\n%fuzz\n", content_type="application/pdf"
    )
    response = signed_in_applicant.post(url, {"file": upload, "description": value})
    assert response.status_code in ALLOWED, response.status_code
    assert_escaped(response)
    edit = reverse("proposals:proposal_edit", kwargs={"pk": complete_draft.pk})
    assert_escaped(signed_in_applicant.get(edit))
    complete_draft.attachments.all().delete()  # room for the next example


@pytest.fixture
def officer_on_submitted(client, officer, submitted):
    client.force_login(officer)
    return client


@pytest.mark.parametrize("route", ["officer_screen", "officer_request_information"])
def test_officer_actions_on_a_proposal(officer_on_submitted, submitted, route):
    page = reverse("proposals:officer_proposal", kwargs={"pk": submitted.pk})
    action = reverse(f"proposals:{route}", kwargs={"pk": submitted.pk})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        check(officer_on_submitted, page, value, mode, action=action, show=page)

    run()


def test_officer_extension(officer_on_submitted, submitted):
    page = reverse("proposals:officer_proposal", kwargs={"pk": submitted.pk})
    action = reverse("proposals:officer_extension", kwargs={"pk": submitted.pk})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        response = officer_on_submitted.post(action, {"until": value, "reason": value})
        assert response.status_code in ALLOWED, response.status_code
        assert_escaped(response)
        assert_escaped(officer_on_submitted.get(page))

    run()


# --- Reviews --------------------------------------------------------------------------------


@fuzz
@given(value=values, mode=modes)
def test_reviewer_profile(client, reviewer, value, mode):
    client.force_login(reviewer)
    url = reverse("reviews:reviewer_profile")
    check(client, url, value, mode, show=url)


def test_panel_add(client, officer):
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    user_with(Role.REVIEWER, email="expert@example.org")
    client.force_login(officer)
    panel = reverse("reviews:call_panel", kwargs={"slug": call.slug})
    action = reverse("reviews:panel_add", kwargs={"slug": call.slug})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        check(client, panel, value, mode, action=action, show=panel)

    run()


def test_review_scoring(client, officer, reviewer):
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    proposal = ProposalToReviewFactory(call=call)
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    client.force_login(reviewer)
    url = reverse("reviews:review_proposal", kwargs={"pk": proposal.pk})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        check(client, url, value, mode, show=url)

    run()


def test_conflict_declaration(client, officer, reviewer):
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    proposal = ProposalToReviewFactory(call=call)
    AssignmentFactory(proposal=proposal, reviewer=reviewer)
    client.force_login(reviewer)
    url = reverse("reviews:review_proposal", kwargs={"pk": proposal.pk})
    action = reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        response = client.post(action, {"has_conflict": "", "note": value, "reason": value})
        assert response.status_code in ALLOWED, response.status_code
        assert_escaped(response)
        assert_escaped(client.get(url))

    run()


def test_decision(client, committee_member, officer):
    call = CallInReviewFactory(
        officers=[officer], budget_total=Decimal("300000"), rubric=[{"weight": 60}, {"weight": 40}]
    )
    proposal = EligibleProposalFactory(call=call)
    ReviewFactory(assignment__proposal=proposal, points=[8, 8])
    client.force_login(committee_member)
    url = reverse("reviews:decide", kwargs={"pk": proposal.pk})
    ranking = reverse("reviews:ranking", kwargs={"slug": call.slug})

    @fuzz
    @given(value=values, mode=modes)
    def run(value, mode):
        check(client, url, value, mode, show=ranking)

    run()


def test_markup_typed_into_a_proposal_is_stored_as_typed_and_shown_escaped(
    signed_in_applicant, complete_draft
):
    """The fuzz tests can see stored values: one example made certain."""
    url = reverse("proposals:proposal_edit", kwargs={"pk": complete_draft.pk})
    data = fuzzed(read_form(signed_in_applicant, url), "x", "none")
    data["title"] = ["น้ำ" + MARKUP[0]]
    response = signed_in_applicant.post(url, data)
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.title == "น้ำ<script>alert(1)</script>"
    html = signed_in_applicant.get(
        reverse("proposals:proposal_detail", kwargs={"pk": complete_draft.pk})
    ).content.decode()
    assert "น้ำ&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
