"""The deadline-day surge's applicants (bench/surge.py) are what the portal expects of real
ones: the session of a login earlier in the day is a signed-in session, and their drafts can
be submitted. (The surge itself needs gunicorn, PostgreSQL and Redis: `make surge`.)"""

import pytest
from django.conf import settings

from bench.surge import seed, signed_in_session

pytestmark = pytest.mark.django_db


def test_a_surge_applicant_is_signed_in_and_submits_the_draft(client):
    _call, accounts = seed(3)
    user, proposal = accounts[0]
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(user)

    page = client.get(f"/proposals/{proposal}/edit/")
    submitted = client.post(f"/proposals/{proposal}/submit/")

    assert page.status_code == 200 and 'id="proposal-form"' in page.content.decode()
    assert submitted.status_code == 302 and submitted["Location"].endswith("/receipt/")
