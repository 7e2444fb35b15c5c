"""Login throttling (django-axes): five wrong passwords lock one address from one IP out."""

import pytest
import time_machine
from django.utils import timezone

from tests.factories import user_with

PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def person(db):
    user = user_with("applicant", email="person@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, email, password, ip="203.0.113.5"):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
    )


def fail_five_times(client, email, ip="203.0.113.5"):
    statuses = [
        log_in(client, email, f"wrong-{attempt}", ip=ip).status_code for attempt in range(5)
    ]
    # Four times the form again with its error; the fifth failure already answers the lockout.
    assert statuses == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, person):
    fail_five_times(client, person.email)

    response = log_in(client, person.email, PASSWORD)

    assert response.status_code == 429
    assert "portal/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_translated_and_says_how_long(client, person):
    fail_five_times(client, person.email)
    client.cookies["portal_language"] = "en"

    response = log_in(client, person.email, PASSWORD)

    html = response.content.decode()
    assert "Too many login attempts" in html
    assert "Try again in 15 minutes." in html


def test_four_failures_still_let_the_right_password_in(client, person):
    for attempt in range(4):
        log_in(client, person.email, f"wrong-{attempt}")

    response = log_in(client, person.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_successful_login_resets_the_count(client, person, django_user_model):
    for attempt in range(4):
        log_in(client, person.email, f"wrong-{attempt}")
    assert log_in(client, person.email, PASSWORD).status_code == 302
    client.logout()

    for attempt in range(4):
        log_in(client, person.email, f"again-{attempt}")
    response = log_in(client, person.email, PASSWORD)

    assert response.status_code == 302


def test_another_person_from_the_same_address_is_not_affected(client, person):
    other = user_with("applicant", email="other@example.org")
    other.set_password(PASSWORD)
    other.save()
    fail_five_times(client, person.email)

    response = log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_same_person_from_another_address_is_not_affected(client, person):
    fail_five_times(client, person.email, ip="203.0.113.5")

    response = log_in(client, person.email, PASSWORD, ip="198.51.100.7")

    assert response.status_code == 302


def test_changing_the_case_of_the_address_does_not_buy_more_guesses(client, person):
    for attempt, email in enumerate(["person@example.org", "Person@Example.org"] * 2):
        log_in(client, email, f"wrong-{attempt}")
    log_in(client, "PERSON@EXAMPLE.ORG", "wrong-5")

    response = log_in(client, person.email, PASSWORD)

    assert response.status_code == 429


def test_the_lockout_ends_after_fifteen_minutes(client, person):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_five_times(client, person.email)
        clock.shift(14 * 60)
        assert log_in(client, person.email, PASSWORD).status_code == 429

        clock.shift(61)
        response = log_in(client, person.email, PASSWORD)

    assert response.status_code == 302


def test_the_admin_login_counts_the_same_attempts(client, person):
    fail_five_times(client, person.email)

    response = client.post(
        "/admin/login/",
        {"username": person.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 429


@pytest.mark.parametrize("name", ["ก" * 300, "ำ" * 200 + "@example.org", "x" * 1000])
def test_an_overlong_address_is_refused_and_counted_within_the_column(client, db, name):
    from axes.models import AccessAttempt

    response = log_in(client, name, "wrong")

    assert response.status_code == 200
    counted = AccessAttempt.objects.values_list("username", flat=True)
    assert all(len(username) <= 255 for username in counted)


def test_axes_is_the_only_login_throttle(client, db, settings):
    """allauth's own login limits (30 a minute from one address, failures per account) are
    off: one mechanism, one lockout page. Many people behind one address (a university's
    network on deadline day) are not refused as a crowd."""
    assert settings.ACCOUNT_RATE_LIMITS["login"] is False
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] is False
    statuses = {
        log_in(client, f"person{n}@example.org", "wrong", ip="203.0.113.9").status_code
        for n in range(35)
    }

    assert statuses == {200}
