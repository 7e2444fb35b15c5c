"""Every list of the API reads the database the same number of times whatever its page
size: measured at two sizes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.services import create_token
from portal.enums import Role
from tests.factories import (
    CallFactory,
    CallInReviewFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    ReviewFactory,
    SubmittedProposalFactory,
    user_with,
)

from .helpers import published_call


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


@pytest.fixture
def officer_client(db):
    officer = user_with(Role.OFFICER, email="counts-officer@example.org")
    _token, plaintext = create_token(officer, name="counts")
    client = Client(headers={"Authorization": f"Bearer {plaintext}"})
    client.officer = officer
    client.get("/api/me/")  # the token's last_used_at is written now, not while measuring
    return client


def test_calls_list_is_flat(db):
    client = Client()
    CallFactory.create_batch(2)
    small = _queries(client, "/api/calls/?page_size=100")
    CallFactory.create_batch(6)
    large = _queries(client, "/api/calls/?page_size=100")

    assert (small[1], large[1]) == (2, 8)
    assert small[0] == large[0]


def test_funded_projects_list_is_flat(db):
    client = Client()
    published_call(2, recognisable=False)
    small = _queries(client, "/api/projects/?page_size=100")
    published_call(5, recognisable=False)
    large = _queries(client, "/api/projects/?page_size=100")

    assert (small[1], large[1]) == (2, 7)
    assert small[0] == large[0]


def test_proposals_list_is_flat(officer_client):
    call = CallFactory(officers=[officer_client.officer])
    SubmittedProposalFactory.create_batch(2, call=call)
    small = _queries(officer_client, "/api/proposals/?page_size=100")
    SubmittedProposalFactory.create_batch(5, call=call)
    large = _queries(officer_client, "/api/proposals/?page_size=100")

    assert (small[1], large[1]) == (2, 7)
    assert small[0] == large[0]


def test_ranking_is_flat(officer_client):
    call = CallInReviewFactory(officers=[officer_client.officer])

    def add(n):
        for _ in range(n):
            proposal = EligibleProposalFactory(call=call, organisation=OrganisationFactory())
            ReviewFactory(assignment__proposal=proposal)

    add(2)
    small = _queries(officer_client, f"/api/calls/{call.slug}/ranking/?page_size=100")
    add(5)
    large = _queries(officer_client, f"/api/calls/{call.slug}/ranking/?page_size=100")

    assert (small[1], large[1]) == (2, 7)
    assert small[0] == large[0]


def test_results_are_flat(db):
    client = Client()

    def count(call) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/calls/{call.slug}/results/")
        assert response.status_code == 200
        return len(queries), len(response.json()["awarded"])

    small = count(published_call(2, recognisable=False))
    large = count(published_call(6, recognisable=False))

    assert (small[1], large[1]) == (2, 6)
    assert small[0] == large[0]
