import pytest
from django.core.management import call_command

from grants.enums import CallPhase
from grants.models import Call, CallTransition
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.enums import Role
from portal.models import Consent, RoleGrant, User


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_the_demo_calls():
    call_command("seed_demo", stdout=None)

    assert {g.role for g in RoleGrant.objects.all()} == set(Role.values)
    for email, _name, _roles in DEMO_USERS:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert Consent.objects.count() == len(DEMO_USERS)
    assert sorted(c.phase for c in Call.objects.all()) == sorted(
        [CallPhase.OPEN, CallPhase.CLOSED, CallPhase.UPCOMING]
    )
    ccic = Call.objects.get(code__startswith="CCIC")
    assert ccic.phase == CallPhase.OPEN
    assert sum(c.weight for c in ccic.criteria.all()) == 100


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=None)
    counts = (User.objects.count(), Call.objects.count(), CallTransition.objects.count())

    call_command("seed_demo", stdout=None)

    assert (User.objects.count(), Call.objects.count(), CallTransition.objects.count()) == counts
