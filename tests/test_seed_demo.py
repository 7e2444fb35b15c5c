import pytest
from django.core.management import call_command
from django.utils import timezone

from grants.enums import CallPhase, CallState
from grants.models import Call, CallTransition
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.enums import Role
from portal.models import Consent, Notification, RoleGrant, User
from proposals.completeness import missing_for_submission
from proposals.demo import OTHER_APPLICANTS, TEAM_INVITED, TEAM_MEMBERS
from proposals.enums import MemberRole
from proposals.enums import ProposalState as S
from proposals.models import (
    BudgetLine,
    Organisation,
    OrganisationMembership,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    TeamInvitation,
)
from reviews.demo import MORE_APPLICANTS, REVIEWERS
from reviews.demo_meetings import COMMITTEE
from reviews.enums import AssignmentState, ReviewState
from reviews.enums import DecisionOutcome as O
from reviews.models import (
    Assignment,
    Decision,
    PanelMember,
    Publication,
    Review,
    ReviewerProfile,
    Score,
)


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_the_demo_calls():
    call_command("seed_demo", stdout=None)

    assert {g.role for g in RoleGrant.objects.all()} == set(Role.values)
    emails = [email for email, *_rest in DEMO_USERS + OTHER_APPLICANTS + MORE_APPLICANTS]
    emails += [email for email, *_rest in TEAM_MEMBERS]
    emails += [email for email, *_rest in REVIEWERS[1:]]
    emails += [email for email, _name in COMMITTEE[1:]]
    for email in emails:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert Consent.objects.count() == len(emails)
    assert sorted(c.phase for c in Call.objects.all()) == sorted(
        [CallPhase.OPEN, CallPhase.IN_REVIEW, CallPhase.UPCOMING]
        # last year's call, and the two earlier years' funded projects (awards.public.demo)
        + [CallPhase.RESULTS_PUBLISHED] * 3
        # the call in stages (reviews.demo_stages): concept and pitch reviewed, full open
        + [CallPhase.IN_REVIEW, CallPhase.IN_REVIEW, CallPhase.OPEN]
    )
    ccic = Call.objects.get(code__startswith="CCIC")
    assert ccic.phase == CallPhase.OPEN
    assert sum(c.weight for c in ccic.criteria.all()) == 100


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_applicant_a_complete_draft_on_the_open_call():
    call_command("seed_demo", stdout=None)

    applicant = User.objects.get(email="applicant@example.org")
    organisation = Organisation.objects.get(members=applicant)
    (draft,) = Proposal.objects.filter(organisation=organisation, call__code__startswith="CCIC")
    assert (organisation.name, organisation.type, organisation.province.code) == (
        "วิสาหกิจชุมชนบ้านหนองบัว",
        "community_enterprise",
        "TH-43",
    )
    assert (draft.call.code[:4], draft.state, draft.reference) == ("CCIC", S.DRAFT, "")
    assert missing_for_submission(draft) == []


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_organisation_an_editor_a_viewer_and_an_invitation():
    call_command("seed_demo", stdout=None)

    organisation = Organisation.objects.get(members__email="applicant@example.org")
    roles = {
        m.user.email: m.role
        for m in OrganisationMembership.objects.filter(organisation=organisation)
    }
    assert roles == {
        "applicant@example.org": MemberRole.OWNER,
        **{email: role for email, _name, role in TEAM_MEMBERS},
    }
    pending = TeamInvitation.objects.pending().filter(organisation=organisation)
    assert [(i.email, i.role) for i in pending] == [TEAM_INVITED]


@pytest.mark.django_db
def test_seed_demo_submits_other_organisations_proposals_before_each_deadline():
    call_command("seed_demo", stdout=None)

    by_call = {
        code[:3]: sorted(
            (p.reference, p.state)
            for p in Proposal.objects.filter(call__code=code).exclude(state=S.DRAFT)
        )
        for code in Call.objects.exclude(code__startswith="LCI")
        .exclude(code__startswith="SIG")  # earlier years, awards.public.demo
        .exclude(code__startswith="SIC")  # the call in stages: its own test below
        .values_list("code", flat=True)
    }
    year = Call.objects.get(code__startswith="CCIC").code[4:]
    assert by_call == {
        "CCI": [
            (f"CCIC{year}-0001", S.SUBMITTED),
            (f"CCIC{year}-0002", S.SUBMITTED),
            (f"CCIC{year}-0003", S.SUBMITTED),
        ],
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
    # The earlier years' organisations (awards.public.demo) have no members in the portal.
    members = Organisation.objects.filter(members__isnull=False).distinct()
    assert members.count() == 1 + len(OTHER_APPLICANTS) + len(MORE_APPLICANTS)
    # The seed bank sent to both calls is flagged as a near-duplicate, both ways.
    recycled = Proposal.objects.get(reference=f"CCIC{year}-0003")
    assert [row.other.call_id for row in recycled.similar.all()] == [village.pk]
    assert recycled.similar.get().percent >= 35


@pytest.mark.django_db
def test_seed_demo_gives_reviewers_profiles_with_expertise():
    call_command("seed_demo", stdout=None)

    reviewers = User.objects.filter(role_grants__role=Role.REVIEWER).order_by("email")
    assert [u.email for u in reviewers] == sorted(email for email, *_rest in REVIEWERS)
    assert all(u.reviewer_profile.expertise.exists() for u in reviewers)
    assert User.objects.filter(email="committee@example.org", role_grants__role=Role.COMMITTEE)


@pytest.mark.django_db
def test_seed_demo_takes_last_years_call_through_to_published_results():
    call_command("seed_demo", stdout=None)

    past = Call.objects.get(code__startswith="LCI")
    year = past.code[3:]
    assert past.title_th.endswith(f"ประจำปี {int(year) + 543}")
    assert past.deadline < past.review_ends_at < past.results_at < timezone.now()
    assert past.phase == CallPhase.RESULTS_PUBLISHED
    proposals = Proposal.objects.filter(call=past).order_by("sequence")
    # By the calibrated ranking (reviewers assigned by sector and text): the four best fit the
    # budget, the next two are the reserve (the sixth, then the second: mean 60, calibrated a
    # hair above the fifth's mean 60), the fifth is not selected.
    assert [p.state for p in proposals] == [
        S.AWARDED,
        S.RESERVE,
        S.AWARDED,
        S.AWARDED,
        S.NOT_SELECTED,
        S.RESERVE,
        S.AWARDED,
        S.NOT_SELECTED,  # screened ineligible
    ]
    assert all(p.submitted_at < past.deadline for p in proposals)
    reviewed = proposals.exclude(screening_reason__gt="")
    assert [p.assignments.filter(state=AssignmentState.ACTIVE).count() for p in reviewed] == [3] * 7
    assert {r.state for r in Review.objects.filter(assignment__proposal__call=past)} == {
        ReviewState.SUBMITTED
    }
    totals = set(
        Review.objects.filter(assignment__proposal__call=past).values_list("total", flat=True)
    )
    assert len(totals) > 5  # varied scores
    decisions = Decision.objects.filter(proposal__call=past)
    assert sorted(decisions.values_list("outcome", flat=True)) == sorted(
        [O.AWARD] * 4 + [O.RESERVE] * 2 + [O.NOT_SELECTED]
    )
    assert all(d.final and d.reason for d in decisions)
    awarded = sum(d.amount for d in decisions.filter(outcome=O.AWARD))
    assert awarded <= past.budget_total
    assert past.publication.total_awarded == awarded
    assert past.publication.published_at == past.results_at
    assert sorted(decisions.filter(outcome=O.RESERVE).values_list("reserve_rank", flat=True)) == [
        1,
        2,
    ]


@pytest.mark.django_db
def test_seed_demo_puts_the_village_call_in_review_with_a_queue_for_the_demo_reviewer():
    call_command("seed_demo", stdout=None)

    village = Call.objects.get(code__startswith="SIV")
    assert village.state == CallState.IN_REVIEW
    assert village.review_ends_at > timezone.now()
    reviewer = User.objects.get(email="reviewer@example.org")
    mine = Assignment.objects.filter(reviewer=reviewer, proposal__call=village)
    assert sorted((a.proposal.reference[-4:], a.state) for a in mine) == [
        ("0001", AssignmentState.ACTIVE),
        ("0002", AssignmentState.AWAITING_DECLARATION),
    ]
    rows = Assignment.objects.filter(proposal__call=village).exclude(reviewer=reviewer)
    states = sorted(
        (a.proposal.reference[-4:], a.state, a.review.state)
        for a in rows.select_related("proposal", "review")
    )
    assert states == [
        ("0001", AssignmentState.ACTIVE, ReviewState.SUBMITTED),
        ("0001", AssignmentState.ACTIVE, ReviewState.SUBMITTED),
        ("0002", AssignmentState.ACTIVE, ReviewState.DRAFT),
        ("0002", AssignmentState.ACTIVE, ReviewState.SUBMITTED),
    ]
    assert Decision.objects.filter(proposal__call=village).count() == 0


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
        ReviewerProfile,
        PanelMember,
        Assignment,
        Review,
        Score,
        Decision,
        Publication,
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


@pytest.mark.django_db
def test_seed_demo_has_a_call_in_stages_with_proposals_at_each_stage():
    from grants.enums import StageKind
    from grants.stages import stages_of
    from proposals.stages import stage_status
    from reviews.models import StageResult

    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # idempotent

    first = Call.objects.get(code__startswith="SIC", first_stage=None)
    concept, pitch, full = stages_of(first)
    assert [s.stage_kind for s in (concept, pitch, full)] == [
        StageKind.CONCEPT,
        StageKind.PITCH,
        StageKind.FULL,
    ]
    assert full.phase == CallPhase.OPEN
    results = StageResult.objects.filter(proposal__call=concept)
    assert sorted(results.values_list("advanced", flat=True)) == [False, True, True, True, True]
    assert Proposal.objects.filter(call=pitch).count() == 4
    assert StageResult.objects.filter(proposal__call=pitch, advanced=True).count() == 2
    assert sorted(Proposal.objects.filter(call=full).values_list("state", flat=True)) == [
        S.DRAFT,
        S.SUBMITTED,
    ]
    draft = Proposal.objects.select_related("call").get(call=full, state=S.DRAFT)
    assert draft.organisation.members.filter(email="applicant@example.org").exists()
    assert draft.previous_stage.previous_stage.call == concept
    assert draft.answers.count() == 1  # the concept's answer, carried forward
    status = stage_status(draft)
    assert (status.number, status.total, status.is_final) == (3, 3, True)
