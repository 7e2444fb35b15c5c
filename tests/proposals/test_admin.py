"""The proposals admin: changelists and change pages load; the log is read-only."""

import pytest
from django.urls import reverse

from proposals.models import ProposalEvent


@pytest.mark.parametrize("model", ["organisation", "proposal", "proposalversion", "proposalevent"])
def test_changelists_load(admin_client, submitted, model):
    response = admin_client.get(reverse(f"admin:proposals_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_proposal_change_page_loads_with_inlines(admin_client, submitted):
    response = admin_client.get(reverse("admin:proposals_proposal_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert submitted.reference in response.content.decode()


def test_events_cannot_be_added_or_changed(admin_client, submitted):
    event = ProposalEvent.objects.get(proposal=submitted)
    assert admin_client.get(reverse("admin:proposals_proposalevent_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:proposals_proposalevent_change", args=[event.pk]), {"note": "x"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.note == ""
