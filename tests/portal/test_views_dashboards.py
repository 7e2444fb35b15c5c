"""Role dashboards: where each person lands, tabs, panels, and who may see which."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.enums import Role
from tests.factories import user_with

pytestmark = pytest.mark.django_db


def dashboard_url(role: str) -> str:
    return reverse("portal:role_dashboard", args=[role])


@pytest.fixture
def no_panels(monkeypatch):
    """Dashboards with no panels registered by any app, to see the empty state."""
    monkeypatch.setattr("portal.views.dashboards.render_panels", lambda slot, request: [])


@pytest.mark.parametrize("role", Role.values)
def test_each_role_lands_on_its_own_dashboard(client, role):
    client.force_login(user_with(role))

    response = client.get(reverse("portal:dashboard"), follow=True)

    assert response.redirect_chain == [(dashboard_url(role), 302)]
    assert response.context["role"] == role
    assert "portal/dashboard.html" in [template.name for template in response.templates]


def test_a_person_with_several_roles_lands_on_the_first_by_priority_and_sees_tabs(client_en):
    client_en.force_login(user_with(Role.APPLICANT, Role.REVIEWER, Role.OFFICER))

    response = client_en.get(reverse("portal:dashboard"), follow=True)

    assert response.redirect_chain == [(dashboard_url(Role.OFFICER), 302)]
    html = response.content.decode()
    assert 'class="nav nav-tabs' in html
    tabs = [
        (dashboard_url(role), role.label) for role in (Role.OFFICER, Role.REVIEWER, Role.APPLICANT)
    ]
    for url, label in tabs:
        assert f'href="{url}">{label}</a>' in html
    assert f'active" aria-current="page" href="{dashboard_url(Role.OFFICER)}"' in html


def test_a_person_with_one_role_sees_no_tabs(client, applicant):
    client.force_login(applicant)

    response = client.get(dashboard_url(Role.APPLICANT))

    assert response.status_code == 200
    assert "nav-tabs" not in response.content.decode()


def test_another_roles_dashboard_is_forbidden_with_a_friendly_page(client_en, applicant):
    client_en.force_login(applicant)

    response = client_en.get(dashboard_url(Role.OFFICER))

    assert response.status_code == 403
    assert "This page is not open to you" in response.content.decode()


def test_an_unknown_role_is_not_found(client_en, applicant):
    client_en.force_login(applicant)

    response = client_en.get(dashboard_url("wizard"))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("url", [reverse("portal:dashboard"), dashboard_url(Role.APPLICANT)])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_a_person_without_a_role_gets_a_friendly_page(client_en):
    client_en.force_login(user_with(email="nobody@example.org"))

    response = client_en.get(reverse("portal:dashboard"))

    assert response.status_code == 200
    assert "Your account does not have a role on the portal yet" in response.content.decode()


@pytest.mark.usefixtures("no_panels")
@pytest.mark.parametrize(
    ("role", "empty_state"),
    [
        (Role.APPLICANT, "No open calls right now"),
        (Role.REVIEWER, "No proposals to review yet"),
        (Role.COMMITTEE, "Nothing is waiting for the committee"),
        (Role.OFFICER, "No calls to follow yet"),
        (Role.ADMINISTRATOR, "Nothing needs your attention"),
    ],
)
def test_a_dashboard_without_panels_shows_an_empty_state(client_en, role, empty_state):
    client_en.force_login(user_with(role))

    response = client_en.get(dashboard_url(role))

    assert response.context["panels"] == []
    assert empty_state in response.content.decode()


def test_the_officer_dashboard_has_the_invitations_panel_with_recent_invitations(
    client_en, officer, make_invitation
):
    make_invitation(email="expert@example.org", full_name="Dr Wichai")
    client_en.force_login(officer)

    response = client_en.get(dashboard_url(Role.OFFICER))

    html = response.content.decode()
    assert 'id="panel-invitations"' in html
    assert "Dr Wichai" in html
    assert f'href="{reverse("portal:invitation_create")}"' in html


def test_the_people_panel_shows_counts_per_role_to_administrators_only(
    client_en, administrator, officer, reviewer
):
    user_with(Role.REVIEWER, email="second-reviewer@example.org")
    user_with(Role.REVIEWER, email="former-reviewer@example.org", is_active=False)
    client_en.force_login(administrator)

    response = client_en.get(dashboard_url(Role.ADMINISTRATOR))

    html = response.content.decode()
    assert 'id="panel-people"' in html
    assert f'href="{reverse("admin:portal_user_changelist")}"' in html
    assert response.context["role_counts"] == [
        (Role.ADMINISTRATOR, 1),
        (Role.OFFICER, 1),
        (Role.COMMITTEE, 0),
        (Role.REVIEWER, 2),
        (Role.APPLICANT, 0),
    ]
    assert "Committee member</dt>" in html

    client_en.force_login(officer)
    assert 'id="panel-people"' not in client_en.get(dashboard_url(Role.OFFICER)).content.decode()


def test_the_server_error_page_renders_without_a_request():
    with translation.override("en"):
        html = render_to_string("500.html")

    assert '<h1 class="h3 mb-3">Something went wrong</h1>' in html
    assert 'href="/"' in html
