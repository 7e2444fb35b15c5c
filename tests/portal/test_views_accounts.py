"""Sign-up, login and logout, passwords, language and "My account"."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.enums import Role
from portal.models import Notification, User
from tests.factories import PASSWORD, user_with

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
NEW_PASSWORD = "kaeng-khiao-wan-2569"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def signup_data(**overrides) -> dict:
    data = {
        "email": "somsri@example.org",
        "full_name": "สมศรี รักชุมชน",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "language": "en",
        "consent": "on",
    }
    return data | overrides


def signed_in_email(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).email if user_id else None


# Sign-up (django-allauth, with the portal's name, language and consent)


def account_messages(**filters) -> list[Notification]:
    return list(Notification.objects.filter(kind="account", **filters).order_by("pk"))


def link_in(text: str, path_start: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S+/)", text).group(1)


@pytest.mark.parametrize("name", ["portal:signup", "account_signup"])
def test_signup_form_has_an_unticked_consent_linked_to_the_privacy_notice(client, name):
    response = client.get(reverse(name))

    html = response.content.decode()
    checkbox = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert f'href="{reverse("portal:privacy")}"' in html
    assert response.context["form"].fields["consent"].required is True
    assert "username" not in response.context["form"].fields


@time_machine.travel(NOW, tick=False)
def test_signup_creates_an_applicant_with_consent_logs_them_in_and_sends_the_link(client):
    response = client.post(reverse("account_signup"), signup_data(email="SomSri@Example.org"))

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert response.cookies[COOKIE].value == "en"
    user = User.objects.get(email="somsri@example.org")
    assert user.roles == {Role.APPLICANT}
    assert user.language == "en"
    assert list(user.consents.values_list("notice_version", "given_at")) == [
        (settings.PRIVACY_NOTICE_VERSION, NOW)
    ]
    assert signed_in_email(client) == "somsri@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("somsri@example.org", False)
    ]
    # The verification link: an outbox row in the person's language, never mail sent aside.
    [message] = account_messages()
    assert (message.recipient, message.language) == (user, "en")
    assert "Please confirm" in message.subject or "Confirm" in message.subject
    confirm = link_in(message.body_text, "/accounts/confirm-email/")
    page = client.get(confirm)
    assert page.status_code == 200
    done = client.post(confirm)
    assert done.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True


def test_signup_keeps_next(client):
    response = client.post(
        reverse("account_signup") + "?next=/calls/", {**signup_data(), "next": "/calls/"}
    )

    assert response.url == "/calls/"


def test_the_old_signup_address_shows_the_same_form_and_keeps_next(client):
    response = client.get(reverse("portal:signup") + "?next=/calls/")

    assert response.status_code == 200
    assert 'name="next" value="/calls/"' in response.content.decode()


def test_signup_without_consent_is_refused_and_keeps_what_was_typed(client_en):
    data = signup_data()
    del data["consent"]

    response = client_en.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["consent"]
    html = response.content.decode()
    assert "Please read the privacy notice and tick this box to continue." in html
    assert 'value="somsri@example.org"' in html
    assert 'value="สมศรี รักชุมชน"' in html
    assert NEW_PASSWORD not in html
    assert not User.objects.filter(email="somsri@example.org").exists()


def test_signup_with_an_address_already_used_in_another_case_is_refused_at_the_field(
    client_en,
):
    user_with(Role.REVIEWER, email="somsri@example.org")

    response = client_en.post(reverse("account_signup"), signup_data(email="SOMSRI@example.org"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert "already registered with this email address" in response.content.decode()
    assert User.objects.filter(email__iexact="somsri@example.org").count() == 1
    assert account_messages() == []


def test_signup_with_mismatched_or_weak_passwords_is_refused_without_crashing(client):
    mismatched = client.post(
        reverse("account_signup"),
        signup_data(password1=NEW_PASSWORD, password2="something-else"),
    )
    weak = client.post(reverse("account_signup"), signup_data(password1="12345", password2="12345"))

    assert "password2" in mismatched.context["form"].errors
    assert [error.code for error in weak.context["form"].errors.as_data()["password1"]] == [
        "password_too_short",
        "password_too_common",
        "password_entirely_numeric",
    ]
    assert not User.objects.filter(email="somsri@example.org").exists()


def test_signup_when_signed_in_goes_to_the_dashboard(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("portal:signup"))

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")


# Login and logout


def test_login_by_email_lands_on_the_role_dashboard_in_the_saved_language(client):
    user_with(Role.REVIEWER, email="expert@example.org", language="en")

    response = client.post(
        reverse("login"), {"login": "Expert@Example.org", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [
        (reverse("portal:dashboard"), 302),
        (reverse("portal:role_dashboard", args=["reviewer"]), 302),
    ]
    assert client.cookies[COOKIE].value == "en"
    assert signed_in_email(client) == "expert@example.org"
    assert response.context["role"] == Role.REVIEWER


def test_the_login_page_asks_for_the_email_address_not_a_username(client_en):
    response = client_en.get(reverse("login"))

    form = response.context["form"]
    assert list(form.fields)[:2] == ["login", "password"]
    assert form.fields["login"].widget.input_type == "email"
    assert response.template_name[0] == "account/login.html"


def test_login_follows_a_safe_next_and_ignores_another_site(client, applicant):
    safe = client.post(
        reverse("login") + "?next=/account/", {"login": applicant.email, "password": PASSWORD}
    )
    client.logout()
    unsafe = client.post(
        reverse("login"),
        {"login": applicant.email, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert safe.url == "/account/"
    assert unsafe.status_code != 302 or unsafe.url == reverse("portal:dashboard")


def test_login_with_a_wrong_password_says_so(client_en, applicant):
    response = client_en.post(reverse("login"), {"login": applicant.email, "password": "no"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "not correct" in response.content.decode()
    assert signed_in_email(client_en) is None


def test_logout_needs_a_post(client, applicant):
    client.force_login(applicant)

    refused = client.get(reverse("logout"))
    assert refused.status_code == 405
    assert signed_in_email(client) == applicant.email

    response = client.post(reverse("logout"))
    assert response.url == reverse("portal:home")
    assert signed_in_email(client) is None


# Passwords


def test_password_change_saves_the_new_password_and_tells_the_person(client_en, applicant):
    client_en.force_login(applicant)

    response = client_en.post(
        reverse("password_change"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    assert [m.recipient for m in account_messages()] == [applicant]


def test_password_change_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("password_change"))
    assert response.url == f"{reverse('login')}?next={reverse('password_change')}"


def test_password_reset_flow_from_the_outbox_to_a_new_password(
    client, django_capture_on_commit_callbacks
):
    person = user_with(Role.APPLICANT, email="somsri@example.org", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("password_reset"), {"email": "SOMSRI@example.org"})
    assert sent.url == reverse("account_reset_password_done")
    [message] = account_messages()
    assert (message.recipient, message.language) == (person, "en")
    assert [m.to for m in mail.outbox] == [["somsri@example.org"]]  # delivered by the outbox
    link = link_in(message.body_text, "/accounts/password/reset/key/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert done.url == reverse("account_reset_password_from_key_done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    reused = client.get(link, follow=True)
    assert reused.context["token_fail"] is True


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("account_reset_password_done")
    assert account_messages() == []
    assert mail.outbox == []


# Language


def test_language_switch_sets_the_cookie_for_anonymous_visitors(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/privacy/"})

    assert response.url == "/privacy/"
    assert response.cookies[COOKIE].value == "en"


def test_language_switch_saves_the_preference_of_a_signed_in_person(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/account/"})

    assert (response.url, response.cookies[COOKIE].value) == ("/account/", "en")
    applicant.refresh_from_db()
    assert applicant.language == "en"


def test_language_switch_ignores_an_unknown_language(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert response.url == "/"
    assert COOKIE not in response.cookies
    applicant.refresh_from_db()
    assert applicant.language == "th"


def test_the_chosen_language_is_used_for_the_next_page(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("portal:privacy"))

    assert response.context["LANGUAGE_CODE"] == "en"


# My account


def test_my_account_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("portal:profile"))
    assert response.url == f"{reverse('login')}?next={reverse('portal:profile')}"


@time_machine.travel(NOW, tick=False)
def test_my_account_shows_roles_and_consents_with_thai_dates(client):
    person = user_with(Role.APPLICANT, Role.REVIEWER, email="somsri@example.org")
    person.consents.create(notice_version="2026-11")
    client.force_login(person)

    response = client.get(reverse("portal:profile"))

    html = response.content.decode()
    assert [grant.role for grant in response.context["roles"]] == [
        Role.APPLICANT,
        Role.REVIEWER,
    ]
    assert "20 พฤศจิกายน 2569 เวลา 10:00 น. เวลาประเทศไทย" in html
    assert "ฉบับเดือนพฤศจิกายน 2569" in html  # the notice version, read as its month
    assert f'href="{reverse("password_change")}"' in html


def test_my_account_saves_name_and_language_and_switches_the_site_language(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("portal:profile"), {"full_name": "มานี มีนา", "language": "en"})

    assert response.url == reverse("portal:profile")
    assert response.cookies[COOKIE].value == "en"
    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.language) == ("มานี มีนา", "en")


def test_my_account_refuses_an_empty_name_and_keeps_the_language(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("portal:profile"), {"full_name": " ", "language": "en"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    assert response.context["form"]["language"].value() == "en"
    applicant.refresh_from_db()
    assert applicant.full_name != ""


# Public pages


def test_privacy_notice_shows_its_version_and_the_rights_of_the_person(client_en, settings):
    settings.PRIVACY_NOTICE_VERSION = "2027-01"

    response = client_en.get(reverse("portal:privacy"))

    html = response.content.decode()
    assert "Version January 2027." in html  # the version, read as its month
    for heading in ["What data we collect", "Your rights", "How long we keep it", "Contact"]:
        assert heading in html


def test_home_page_has_the_call_and_signup_buttons_and_the_four_steps(client_en):
    response = client_en.get(reverse("portal:home"))

    html = response.content.decode()
    assert f'href="{reverse("grants:call_list")}"' in html
    assert f'href="{reverse("portal:signup")}"' in html
    steps = re.findall(r'<h3 class="h5">([^<]+)</h3>', html)
    assert steps[-4:] == ["Apply", "Screening", "Review", "Results"]
