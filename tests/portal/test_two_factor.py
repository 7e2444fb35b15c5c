"""Two-factor authentication (allauth.mfa): required of officers, committee members and
administrators, enrolled at the first login, asked at every login after."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import two_factor
from portal.enums import Role
from tests.factories import PASSWORD, TOTP_SECRET, user_with

pytestmark = pytest.mark.django_db


def without_second_factor(*roles, **fields):
    person = user_with(*roles, **fields)
    Authenticator.objects.filter(user=person).delete()
    return person


def log_in(client, person):
    return client.post(reverse("login"), {"login": person.email, "password": PASSWORD})


def fresh_code(secret: str) -> str:
    """A code of the current period (allauth refuses a code used twice)."""
    return two_factor.totp_code(secret)


# Who needs it


@pytest.mark.parametrize(
    ("roles", "required"),
    [
        ([Role.APPLICANT], False),
        ([Role.REVIEWER], False),
        ([Role.OFFICER], True),
        ([Role.COMMITTEE], True),
        ([Role.ADMINISTRATOR], True),
        ([Role.APPLICANT, Role.COMMITTEE], True),
    ],
)
def test_who_must_have_a_second_factor(roles, required):
    assert two_factor.is_required_of(user_with(*roles)) is required


def test_a_superuser_without_the_role_needs_it_too():
    assert two_factor.is_required_of(user_with(is_superuser=True)) is True


def test_the_factories_enrol_those_who_need_it_and_only_them():
    officer, applicant = user_with(Role.OFFICER), user_with(Role.APPLICANT)

    assert two_factor.has_second_factor(officer) is True
    assert two_factor.has_second_factor(applicant) is False


def test_recovery_codes_alone_are_not_a_second_factor():
    officer = without_second_factor(Role.OFFICER)
    Authenticator.objects.create(
        user=officer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )

    assert two_factor.has_second_factor(officer) is False


# Enforcement


PAGES = [
    ("portal:dashboard", {}),
    ("portal:profile", {}),
    ("portal:inbox", {}),
    ("portal:outbox", {}),
    ("portal:invitation_list", {}),
    ("grants:call_list", {}),
    ("grants:call_create", {}),
    ("reviews:analytics:overview", {}),
    ("password_change", {}),
    ("account_email", {}),
    ("admin:index", {}),
    ("api_tokens:token_list", {}),
]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.COMMITTEE, Role.ADMINISTRATOR])
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_without_a_second_factor_every_page_sends_them_to_enrol(client, role, name, kwargs):
    person = without_second_factor(role, is_staff=role == Role.ADMINISTRATOR)
    client.force_login(person)

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert response.url == reverse("mfa_index")


def test_a_post_is_sent_to_enrol_too_and_changes_nothing(client, open_call):
    person = without_second_factor(Role.OFFICER)
    open_call.officers.add(person)
    client.force_login(person)
    state = open_call.state

    response = client.post(reverse("grants:call_close", kwargs={"slug": open_call.slug}))

    assert response.url == reverse("mfa_index")
    open_call.refresh_from_db()
    assert open_call.state == state


def test_the_enrolment_page_says_why(client_en):
    person = without_second_factor(Role.OFFICER)
    client_en.force_login(person)

    response = client_en.get(reverse("portal:dashboard"), follow=True)

    assert response.redirect_chain[-1] == (reverse("mfa_index"), 302)
    assert "Your role needs two-factor authentication" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/reauthenticate/",
        "/static/css/portal.css",
    ],
)
def test_the_pages_on_the_way_to_enrolment_are_open(client, path):
    client.force_login(without_second_factor(Role.OFFICER))

    response = client.get(path)

    assert response.status_code != 302 or response.url != reverse("mfa_index")


def test_logout_and_the_language_switch_still_work(client):
    person = without_second_factor(Role.OFFICER)
    client.force_login(person)

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    logged_out = client.post(reverse("logout"))

    assert switched.url == "/"
    assert logged_out.url == reverse("portal:home")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER])
def test_applicants_and_reviewers_are_not_asked(client, role):
    client.force_login(user_with(role))

    response = client.get(reverse("portal:dashboard"))

    assert response.url == reverse("portal:role_dashboard", args=[role])


def test_once_enrolled_the_session_remembers_it_without_a_query(client):
    client.force_login(user_with(Role.OFFICER))
    client.get(reverse("portal:profile"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:profile"))

    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


# Enrolling and logging in


def test_first_login_enrols_an_authenticator_app_then_reaches_the_portal(client):
    officer = without_second_factor(Role.OFFICER, email="new-officer@example.org")

    assert log_in(client, officer).url == reverse("portal:dashboard")
    assert client.get(reverse("portal:dashboard")).url == reverse("mfa_index")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    enrolled = client.post(reverse("mfa_activate_totp"), {"code": fresh_code(secret)})

    assert enrolled.status_code == 302
    assert two_factor.has_second_factor(officer)
    response = client.get(reverse("portal:dashboard"))
    assert response.url == reverse("portal:role_dashboard", args=[Role.OFFICER])


def test_a_wrong_code_does_not_enrol(client):
    officer = without_second_factor(Role.OFFICER)
    log_in(client, officer)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not two_factor.has_second_factor(officer)


def test_login_asks_for_the_code_after_the_password(client):
    officer = user_with(Role.OFFICER, language="en")

    response = log_in(client, officer)

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not logged in before the code
    done = client.post(reverse("mfa_authenticate"), {"code": fresh_code(TOTP_SECRET)})
    assert done.url == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert done.cookies["portal_language"].value == "en"  # the saved language, after the code


def test_a_wrong_code_at_login_is_refused(client):
    officer = user_with(Role.OFFICER)
    log_in(client, officer)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_the_portals(client):
    """Django's own admin login would take the password alone."""
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_demo_secret_is_valid_base32():
    from portal.demo import DEMO_TOTP_SECRET

    assert len(two_factor.totp_code(DEMO_TOTP_SECRET)) == 6
