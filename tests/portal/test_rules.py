"""portal.rules: every predicate and permission, over every role and invitation state."""

import pytest
from django.contrib.auth.models import AnonymousUser

from portal import rules as portal_rules
from portal.enums import Role
from portal.models import Notification
from tests.factories import user_with

pytestmark = pytest.mark.django_db

EVERYONE = [*Role.values, "anonymous", "inactive"]
HOLDS = {
    Role.APPLICANT: portal_rules.is_applicant,
    Role.OFFICER: portal_rules.is_officer,
    Role.REVIEWER: portal_rules.is_reviewer,
    Role.COMMITTEE: portal_rules.is_committee_member,
    Role.ADMINISTRATOR: portal_rules.is_administrator,
}


def make_person(kind: str):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "inactive":
        return user_with(Role.ADMINISTRATOR, email="gone@example.org", is_active=False)
    return user_with(kind, email=f"{kind}-person@example.org")


@pytest.fixture
def people() -> dict:
    """One person of each kind: every role, an anonymous visitor, a deactivated account."""
    return {kind: make_person(kind) for kind in EVERYONE}


def who(people: dict, predicate, *args) -> set[str]:
    """The kinds of person for whom `predicate(person, *args)` holds."""
    return {kind for kind, person in people.items() if predicate(person, *args)}


def allowed(people: dict, permission: str, obj=None) -> set[str]:
    """The kinds of person who have `permission` (on `obj`)."""
    return {kind for kind, person in people.items() if person.has_perm(permission, obj)}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_predicate_holds_only_for_active_holders_of_that_role(people, role):
    assert who(people, HOLDS[role]) == {role}


def test_a_superuser_counts_as_an_administrator_without_a_role_grant():
    superuser = user_with(email="root@example.org", is_superuser=True)
    assert portal_rules.is_administrator(superuser) is True
    assert superuser.primary_role == Role.ADMINISTRATOR


def test_is_signed_in_holds_for_active_accounts_only(people):
    assert who(people, portal_rules.is_signed_in) == set(Role.values)


def test_staff_members_are_officers_and_administrators(people):
    assert who(people, portal_rules.is_staff_member) == {Role.OFFICER, Role.ADMINISTRATOR}


@pytest.mark.parametrize("role", Role.values)
def test_a_dashboard_is_open_only_to_holders_of_its_role(people, role):
    assert who(people, portal_rules.is_own_dashboard, role) == {role}
    assert allowed(people, "portal.view_dashboard", role) == {role}


def test_every_signed_in_person_may_know_each_role_dashboard_exists(people):
    for role in Role.values:
        assert allowed(people, "portal.see_dashboard", role) == set(Role.values)
    assert allowed(people, "portal.see_dashboard", "wizard") == set()


def test_roles_held_lists_the_roles_in_priority_order(people):
    person = user_with(Role.APPLICANT, Role.REVIEWER, Role.OFFICER, email="many@example.org")
    assert portal_rules.roles_held(person) == [Role.OFFICER, Role.REVIEWER, Role.APPLICANT]
    assert {kind: portal_rules.roles_held(p) for kind, p in people.items()} == {
        **{role: [role] for role in Role.values},
        "anonymous": [],
        "inactive": [],
    }


def test_a_notification_may_be_opened_by_its_recipient_only(people):
    notification = Notification.objects.create(
        kind="test",
        recipient=people[Role.REVIEWER],
        email="reviewer-person@example.org",
        language="th",
        dedupe_key="test:1",
    )
    assert portal_rules.is_notification_recipient(people[Role.REVIEWER], notification) is True
    assert portal_rules.is_notification_recipient(people[Role.REVIEWER], None) is False
    assert allowed(people, "portal.open_notification", notification) == {Role.REVIEWER}


def test_officers_and_administrators_may_invite_people(people):
    assert allowed(people, "portal.invite_people") == {Role.OFFICER, Role.ADMINISTRATOR}


def test_only_administrators_see_people_counts(people):
    assert allowed(people, "portal.view_people") == {Role.ADMINISTRATOR}


def test_is_invitation_sender_holds_for_the_inviter_only(make_invitation, officer, other_officer):
    invitation = make_invitation(invited_by=officer)
    assert portal_rules.is_invitation_sender(officer, invitation) is True
    assert portal_rules.is_invitation_sender(other_officer, invitation) is False
    assert portal_rules.is_invitation_sender(AnonymousUser(), invitation) is False
    assert portal_rules.is_invitation_sender(officer, None) is False


@pytest.mark.parametrize(
    ("state", "usable", "accepted"),
    [({}, True, False), ({"expired": True}, False, False), ({"accepted": True}, False, True)],
)
def test_invitation_state_predicates(make_invitation, state, usable, accepted):
    invitation = make_invitation(**state)
    assert portal_rules.is_usable_invitation(None, invitation) is usable
    assert portal_rules.is_accepted_invitation(None, invitation) is accepted


def test_is_invitee_compares_addresses_without_letter_case(make_invitation):
    invitation = make_invitation(email="Expert@Example.org")
    assert portal_rules.is_invitee(user_with(email="expert@example.org"), invitation) is True
    assert portal_rules.is_invitee(user_with(email="other@example.org"), invitation) is False
    assert portal_rules.is_invitee(AnonymousUser(), invitation) is False


def test_who_may_resend_their_own_invitation(people, make_invitation):
    may_resend = set()
    for kind, sender in people.items():
        invitation = make_invitation(invited_by=sender if sender.pk else None, expired=True)
        if sender.has_perm("portal.resend_invitation", invitation):
            may_resend.add(kind)
    assert may_resend == {Role.OFFICER, Role.ADMINISTRATOR}


def test_who_may_see_an_invitation(people, make_invitation, officer):
    own = make_invitation(invited_by=people[Role.OFFICER])
    someone_elses = make_invitation(invited_by=officer, email="other@example.org")
    assert allowed(people, "portal.view_invitation", own) == {Role.OFFICER, Role.ADMINISTRATOR}
    assert allowed(people, "portal.view_invitation", someone_elses) == {Role.ADMINISTRATOR}


def test_who_may_resend_someone_elses_invitation(people, make_invitation, officer):
    invitation = make_invitation(invited_by=officer)
    assert allowed(people, "portal.resend_invitation", invitation) == {Role.ADMINISTRATOR}


def test_nobody_may_resend_an_accepted_invitation(people, make_invitation):
    invitation = make_invitation(invited_by=people[Role.ADMINISTRATOR], accepted=True)
    assert allowed(people, "portal.resend_invitation", invitation) == set()


def test_who_may_accept_a_usable_invitation_to_their_address(people, make_invitation):
    may_accept = set()
    for kind, invitee in people.items():
        invitation = make_invitation(email=invitee.email if invitee.pk else "nobody@example.org")
        if invitee.has_perm("portal.accept_invitation", invitation):
            may_accept.add(kind)
    assert may_accept == set(Role.values)


@pytest.mark.parametrize("state", [{"expired": True}, {"accepted": True}])
def test_nobody_may_accept_an_expired_or_used_invitation(make_invitation, state):
    invitee = user_with(email="expert@example.org")
    invitation = make_invitation(email="expert@example.org", **state)
    assert invitee.has_perm("portal.accept_invitation", invitation) is False


def test_an_invitation_to_another_address_may_not_be_accepted(make_invitation, reviewer):
    invitation = make_invitation(email="expert@example.org")
    assert reviewer.has_perm("portal.accept_invitation", invitation) is False
