"""A proposal's assignments page: the call's officers manage received proposals only.

Officers never see a draft anywhere (proposals.rules.officer_of_received): here neither,
even in a call they run, and a draft's title and organisation never reach the page.
"""

import pytest
from django.urls import reverse

from proposals.enums import ProposalState

pytestmark = pytest.mark.django_db


def assignments_url(proposal):
    return reverse("reviews:proposal_assignments", kwargs={"pk": proposal.pk})


def test_a_draft_answers_404_to_the_officer_of_its_call(client, officer, complete_draft):
    client.force_login(officer)
    response = client.get(assignments_url(complete_draft))
    html = response.content.decode()
    assert response.status_code == 404
    assert complete_draft.title not in html
    assert complete_draft.organisation.name not in html


def test_a_reopened_draft_stays_private_to_the_officer(client, officer, submitted):
    submitted.state = ProposalState.DRAFT  # brought back to draft by the applicant
    submitted.save(update_fields=["state"])
    client.force_login(officer)
    response = client.get(assignments_url(submitted))
    assert response.status_code == 404
    assert submitted.title not in response.content.decode()


def test_a_draft_answers_404_to_an_administrator(client, administrator, complete_draft):
    client.force_login(administrator)
    assert client.get(assignments_url(complete_draft)).status_code == 404


def test_a_received_proposal_opens_for_the_officer_of_its_call(client, officer, submitted):
    client.force_login(officer)
    response = client.get(assignments_url(submitted))
    assert response.status_code == 200
    assert submitted.title in response.content.decode()


def test_a_received_proposal_answers_404_to_an_officer_of_another_call(
    client, other_officer, submitted
):
    client.force_login(other_officer)
    response = client.get(assignments_url(submitted))
    assert response.status_code == 404
    assert submitted.title not in response.content.decode()
