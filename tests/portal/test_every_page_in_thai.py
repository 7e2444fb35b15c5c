"""Every page of the demo, opened in Thai by each role that may open it, has no English.

The demo (`manage.py seed_demo`) is arranged once; every URL pattern of the project is filled
with its objects (each call, a proposal of each call in each state, an attachment, a
notification...) and opened by each demo person and by an anonymous visitor. The admin's
pages of every registered model are opened by the administrator. Any string asked of gettext
and missing from the Thai catalogues (the portal's over Django's and the libraries') fails
the test; so does a phrase of English words on a portal page (the admin, which shows data
as stored, English names included, is held to the first rule only).
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from portal.enums import Role
from tests.i18n_recorder import english_on_page, record_missing_thai

from .every_page import ANONYMOUS, admin_pages, arrange_demo, site_pages

# How many pages each role opens at least (200): the walk must really reach the pages.
LEAST_PAGES = {
    ANONYMOUS: 14,
    Role.APPLICANT: 24,
    Role.REVIEWER: 24,
    Role.COMMITTEE: 30,
    Role.OFFICER: 75,
    Role.ADMINISTRATOR: 75,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The seeded demo, inside a transaction rolled back when the module is done."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        world = None
        try:
            world = arrange_demo()
            for role, user in world.users.items():
                client = Client()
                client.force_login(user)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            if world is not None:  # the rollback keeps the stored file
                world.attachment.file.storage.delete(world.attachment.file.name)


def _client(demo, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = demo.sessions[role]
    return client


def _visit(client, pages):
    """Opens the pages; returns {url: status} and the English phrases seen, by page."""
    statuses, english, post_only = {}, {}, set()
    for page in pages:
        if page.pattern and page.pattern in post_only:
            continue
        if page.post:
            response = client.post(page.url, page.data, follow=page.follow)
        else:
            response = client.get(page.url, follow=page.follow)
        assert response.status_code < 500, page.url
        statuses[page.url] = response.status_code
        if response.status_code == 405:
            post_only.add(page.pattern)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            for phrase in english_on_page(response.content.decode()):
                english.setdefault(page.url, set()).add(phrase)
    return statuses, english


@pytest.mark.parametrize("role", [ANONYMOUS, *Role])
def test_every_page_a_role_may_open_is_thai(demo, db, role):
    client = _client(demo, role)
    with record_missing_thai() as missing:
        statuses, english = _visit(client, site_pages(demo, role))
    assert sorted(missing) == []
    assert english == {}
    assert sum(status == 200 for status in statuses.values()) >= LEAST_PAGES[role]


def test_every_admin_page_is_thai(demo, db):
    client = _client(demo, Role.ADMINISTRATOR)
    with record_missing_thai() as missing:
        statuses, _english = _visit(client, admin_pages(demo))
    assert sorted(missing) == []
    # Every page opens, but the adding and deleting of records the admin keeps read-only.
    refused = {url for url, status in statuses.items() if status != 200}
    assert refused == {url for url in refused if url.endswith(("/add/", "/delete/"))}
    assert len(statuses) - len(refused) >= 90
