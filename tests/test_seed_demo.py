import pytest
from django.core.management import call_command

from grants.enums import CallPhase
from grants.models import Call, CallTransition
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.enums import Role
from portal.models import Consent, Notification, RoleGrant, User
from proposals.completeness import missing_for_submission
from proposals.demo import OTHER_APPLICANTS
from proposals.enums import ProposalState as S
from proposals.models import (
    BudgetLine,
    Organisation,
    Proposal,
    ProposalEvent,
    ProposalVersion,
)


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_the_demo_calls():
    call_command("seed_demo", stdout=None)

    assert {g.role for g in RoleGrant.objects.all()} == set(Role.values)
    for email, _name, _roles in DEMO_USERS + OTHER_APPLICANTS:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert Consent.objects.count() == len(DEMO_USERS) + len(OTHER_APPLICANTS)
    assert sorted(c.phase for c in Call.objects.all()) == sorted(
        [CallPhase.OPEN, CallPhase.CLOSED, CallPhase.UPCOMING]
    )
    ccic = Call.objects.get(code__startswith="CCIC")
    assert ccic.phase == CallPhase.OPEN
    assert sum(c.weight for c in ccic.criteria.all()) == 100


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_applicant_a_complete_draft_on_the_open_call():
    call_command("seed_demo", stdout=None)

    applicant = User.objects.get(email="applicant@example.org")
    organisation = Organisation.objects.get(members=applicant)
    (draft,) = Proposal.objects.filter(organisation=organisation)
    assert (organisation.name, organisation.type, organisation.province.code) == (
        "วิสาหกิจชุมชนบ้านหนองบัว",
        "community_enterprise",
        "TH-43",
    )
    assert (draft.call.code[:4], draft.state, draft.reference) == ("CCIC", S.DRAFT, "")
    assert missing_for_submission(draft) == []


@pytest.mark.django_db
def test_seed_demo_submits_other_organisations_proposals_before_each_deadline():
    call_command("seed_demo", stdout=None)

    by_call = {
        code[:3]: sorted(
            (p.reference, p.state)
            for p in Proposal.objects.filter(call__code=code).exclude(state=S.DRAFT)
        )
        for code in Call.objects.values_list("code", flat=True)
    }
    year = Call.objects.get(code__startswith="CCIC").code[4:]
    assert by_call == {
        "CCI": [(f"CCIC{year}-0001", S.SUBMITTED), (f"CCIC{year}-0002", S.SUBMITTED)],
        "SIV": [
            (f"SIV{year}-0001", S.ELIGIBLE),
            (f"SIV{year}-0002", S.ELIGIBLE),
            (f"SIV{year}-0003", S.SUBMITTED),
        ],
        "SBP": [],
    }
    village = Call.objects.get(code__startswith="SIV")
    submitted = Proposal.objects.filter(call=village)
    assert all(p.created_at < p.submitted_at <= village.deadline for p in submitted)
    assert all(missing_for_submission(p) == [] for p in submitted)
    officer = User.objects.get(email="officer@example.org")
    assert {p.screened_by for p in submitted.filter(state=S.ELIGIBLE)} == {officer}
    assert Organisation.objects.count() == 1 + len(OTHER_APPLICANTS)


def demo_counts() -> dict[str, int]:
    models = [
        User,
        Consent,
        Call,
        CallTransition,
        Organisation,
        Proposal,
        BudgetLine,
        ProposalVersion,
        ProposalEvent,
        Notification,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=None)
    counts = demo_counts()
    versions = sorted(Proposal.objects.values_list("pk", "version"))

    call_command("seed_demo", stdout=None)

    assert demo_counts() == counts
    assert sorted(Proposal.objects.values_list("pk", "version")) == versions
