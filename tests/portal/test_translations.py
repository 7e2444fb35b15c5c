"""Every string a person sees in Thai has a Thai translation, and the catalogue is sound."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from grants.demo import seed_calls
from portal.demo import seed_users
from portal.enums import Role
from tests.i18n_recorder import record_missing_thai

CATALOGUE = Path(settings.BASE_DIR) / "portal" / "locale" / "th" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}|</?\w+[^>]*>")


# The portal's pages, and the scripts of Django's admin (its calendar and selectors).
@pytest.fixture(scope="module", params=["django", "djangojs"])
def po(request):
    return polib.pofile(str(CATALOGUE / f"{request.param}.po"))


def test_catalogue_has_no_untranslated_or_fuzzy_entries(po):
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_plural_entries_have_the_one_thai_form(po):
    plurals = [e for e in po if e.msgid_plural]
    assert plurals
    assert [e.msgid for e in plurals if set(e.msgstr_plural) != {0}] == []


def test_compiled_catalogue_matches_the_source(po):
    compiled = polib.mofile(po.fpath.removesuffix(".po") + ".mo")

    def key(entry):
        return (entry.msgctxt or "", entry.msgid)

    def text(entry):
        return entry.msgstr or entry.msgstr_plural.get(0, "")

    source = {key(e): text(e) for e in po.translated_entries()}
    assert {key(e): text(e) for e in compiled if e.msgid} == source


def test_translations_keep_every_placeholder_and_tag(po):
    broken = [
        e.msgid
        for e in po.translated_entries()
        if sorted(PLACEHOLDER.findall(e.msgid))
        != sorted(PLACEHOLDER.findall(e.msgstr or e.msgstr_plural.get(0, "")))
    ]
    assert broken == []


@pytest.fixture
def demo(db):
    people = seed_users(notice_version=settings.PRIVACY_NOTICE_VERSION)
    calls = seed_calls(officer=people[Role.OFFICER])
    return people, calls


def visit(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code in {200, 302, 403, 404}, url
    return response


def test_the_page_of_a_refused_form_token_is_thai(db):
    """Django's CSRF failure page, met when a form is sent with an expired token."""
    client = Client(enforce_csrf_checks=True)
    with record_missing_thai() as missing:
        response = client.post(reverse("login"), {"login": "x@example.org", "password": "x"})
    assert response.status_code == 403
    assert "การตรวจสอบ CSRF ไม่ผ่าน" in response.content.decode()
    assert sorted(missing) == []


def test_public_pages_have_no_missing_thai(client, demo):
    _people, calls = demo
    urls = [
        reverse("portal:home"),
        reverse("grants:call_list"),
        reverse("grants:call_list") + "?phase=open&q=zzz",
        calls["ccic"].get_absolute_url(),
        calls["village"].get_absolute_url(),
        calls["contest"].get_absolute_url(),
        reverse("portal:signup"),
        reverse("login"),
        reverse("portal:privacy"),
        reverse("password_reset"),
        "/no-such-page/",
    ]
    with record_missing_thai() as missing:
        for url in urls:
            visit(client, url)
        visit(client, reverse("portal:signup"), "post", {"email": "not-an-email"})
        visit(client, reverse("login"), "post", {"username": "x@example.org", "password": "x"})
    assert sorted(missing) == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_their_pages_in_thai(client, demo, role):
    people, calls = demo
    client.force_login(people[role])
    urls = [
        reverse("portal:role_dashboard", kwargs={"role": role.value}),
        reverse("portal:profile"),
        reverse("password_change"),
        calls["ccic"].get_absolute_url(),
    ]
    if role in {Role.OFFICER, Role.ADMINISTRATOR}:
        urls += [
            reverse("grants:call_create"),
            reverse("grants:call_edit", kwargs={"slug": calls["ccic"].slug}),
            reverse("portal:invitation_create"),
            reverse("portal:invitation_list"),
        ]
    with record_missing_thai() as missing:
        for url in urls:
            visit(client, url)
        if role == Role.OFFICER:
            visit(client, reverse("grants:call_create"), "post", {"title_th": ""})
            visit(client, reverse("portal:invitation_create"), "post", {"email": "x"})
    assert sorted(missing) == []
