"""Who holds which role: the predicates every app builds its permissions on."""

import rules

from .enums import Role


def _holds(role: str):
    @rules.predicate(name=f"holds_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(role))

    return predicate


is_applicant = _holds(Role.APPLICANT)
is_officer = _holds(Role.OFFICER)
is_reviewer = _holds(Role.REVIEWER)
is_committee_member = _holds(Role.COMMITTEE)
is_administrator = _holds(Role.ADMINISTRATOR)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_staff_member(user) -> bool:
    """Program officers and administrators: the people who run calls."""
    return bool(is_officer(user) or is_administrator(user))


@rules.predicate
def is_own_dashboard(user, role) -> bool:
    return bool(is_signed_in(user) and user.has_role(role))


rules.add_perm("portal.invite_people", is_officer | is_administrator)
rules.add_perm("portal.view_dashboard", is_own_dashboard)
