"""Reading with a token: the same rules as the pages. Officer of the call vs officer of
another call, applicant A vs applicant B, the committee, a reviewer in conflict."""

import pytest

from api.models import ApiToken
from api.services import revoke_token
from proposals.models import Proposal
from proposals.queries import proposals_visible_to
from tests.api.conftest import token_client
from tests.security.matrix_data import (
    ADMINISTRATOR,
    APPLICANT_A,
    APPLICANT_B,
    COMMITTEE,
    OFFICER,
    OFFICER_OTHER,
    REVIEWER_CONFLICT,
    ROLES,
)

SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


def _get(world, role, url):
    return token_client(world, role).get(url)


def test_each_role_lists_the_proposals_the_pages_show_it(world, db):
    a, b = world.proposal_a, world.proposal_b
    pitch_a = world.extra["pitch_a"]  # A's proposal at the call's pitch stage

    listed = {
        role: {item["id"] for item in _get(world, role, "/api/proposals/").json()["items"]}
        for role in (APPLICANT_A, APPLICANT_B, OFFICER, OFFICER_OTHER, ADMINISTRATOR)
    }

    assert listed == {
        APPLICANT_A: {a.pk, world.draft_a.pk, pitch_a.pk},  # their own, the draft included
        APPLICANT_B: {b.pk},
        OFFICER: {a.pk, b.pk, pitch_a.pk},  # received in the stages they run; never a draft
        OFFICER_OTHER: set(),
        ADMINISTRATOR: {a.pk, b.pk, pitch_a.pk},
    }


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_the_list_query_is_the_view_proposal_rule(world, db, role):
    """proposals_visible_to(user) holds exactly the proposals user.has_perm allows."""
    user = world.users[role]
    by_rule = {p.pk for p in Proposal.objects.all() if user.has_perm("proposals.view_proposal", p)}

    assert set(proposals_visible_to(user).values_list("pk", flat=True)) == by_rule


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (APPLICANT_A, 200),
        (OFFICER, 200),
        (APPLICANT_B, 404),
        (OFFICER_OTHER, 404),
        (REVIEWER_CONFLICT, 404),
        (None, 401),
    ],
)
def test_a_proposal_opens_to_its_applicant_and_its_call_officer_only(world, db, role, status):
    response = _get(world, role, f"/api/proposals/{world.proposal_a.pk}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["title"] == world.proposal_a.title
    else:
        assert world.proposal_a.title not in response.content.decode()
        assert response.json()["status"] == status


def test_a_draft_is_the_applicants_alone(world, db):
    url = f"/api/proposals/{world.draft_a.pk}/"

    assert [_get(world, role, url).status_code for role in (APPLICANT_A, OFFICER)] == [200, 404]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (OFFICER, 200),
        (COMMITTEE, 200),
        (APPLICANT_A, 403),  # sees the proposal, not its reviews
        (OFFICER_OTHER, 404),
        (APPLICANT_B, 404),
        (REVIEWER_CONFLICT, 404),
    ],
)
def test_reviews_are_for_the_dossiers_readers(world, db, role, status):
    response = _get(world, role, f"/api/proposals/{world.proposal_a.pk}/reviews/")

    assert response.status_code == status
    if status == 200:
        [review] = response.json()
        assert (review["comment"], review["feedback"]) == ("แนวคิดชัดเจน", "ควรระบุตัวชี้วัดเพิ่ม")
    else:
        assert "แนวคิดชัดเจน" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [(OFFICER, 200), (COMMITTEE, 200), (OFFICER_OTHER, 403), (APPLICANT_A, 403), (None, 401)],
)
def test_the_ranking_is_for_the_committee_and_the_calls_officers(world, db, role, status):
    response = _get(world, role, f"/api/calls/{world.call.slug}/ranking/")

    assert response.status_code == status
    if status == 200:
        rows = response.json()["items"]
        assert {row["reference"] for row in rows} == {
            world.proposal_a.reference,
            world.proposal_b.reference,
        }


def test_a_revoked_token_is_refused_in_the_error_shape(world, db):
    token = ApiToken.objects.get(user=world.users[APPLICANT_A], name=f"{APPLICANT_A} script")
    revoke_token(token, by=world.users[APPLICANT_A])

    private = _get(world, APPLICANT_A, "/api/proposals/")
    public = _get(world, APPLICANT_A, "/api/sectors/")

    for response in (private, public):
        assert response.status_code == 401
        assert response.json() == {
            "status": 401,
            "code": "invalid_token",
            "message": "The API token is not valid, or has been revoked.",
            "message_th": "โทเคน API ไม่ถูกต้อง หรือถูกเพิกถอนแล้ว",
            "errors": [],
        }
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_is_who_its_owner_is(world, db):
    me = _get(world, OFFICER, "/api/me/").json()

    assert (me["email"], me["roles"], me["token"]) == (
        world.users[OFFICER].email,
        ["officer"],
        f"{OFFICER} script",
    )
