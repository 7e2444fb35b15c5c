"""grants.admin: the admin pages for calls and reference data open and show what they should."""

import pytest
from django.urls import reverse

from grants.enums import CallState
from grants.models import CallTransition, Sector
from grants.services import open_call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["sector", "programme", "province", "call", "calltransition"])
def test_changelists_open_for_a_superuser(admin_client, model):
    CallFactory(rubric=False)
    response = admin_client.get(reverse(f"admin:grants_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0 or model == "calltransition"


def test_provinces_filter_by_region_and_search(admin_client):
    url = reverse("admin:grants_province_changelist")
    by_region = admin_client.get(url, {"region": "south"})
    assert by_region.context["cl"].result_count == 14
    found = admin_client.get(url, {"q": "Chiang Mai"})
    assert [p.code for p in found.context["cl"].result_list] == ["TH-50"]


def test_call_change_page_shows_the_rubric_and_the_read_only_state_log(admin_client, officer):
    call = CallFactory(state=CallState.DRAFT)
    open_call(call, by=officer)
    response = admin_client.get(reverse("admin:grants_call_change", args=[call.pk]))
    assert response.status_code == 200
    inlines = {
        formset.opts.__class__.__name__: formset
        for formset in response.context["inline_admin_formsets"]
    }
    assert set(inlines) == {"CriterionInline", "CallTransitionInline"}
    assert inlines["CallTransitionInline"].has_add_permission is False
    assert "state" in response.context["adminform"].readonly_fields


def test_call_list_filters_by_sector(admin_client):
    health = CallFactory(sectors=Sector.objects.filter(code="health"), rubric=False)
    CallFactory(sectors=Sector.objects.filter(code="disaster"), rubric=False)
    response = admin_client.get(
        reverse("admin:grants_call_changelist"), {"sectors__id__exact": health.sectors.get().pk}
    )
    assert list(response.context["cl"].result_list) == [health]


def test_state_changes_cannot_be_added_by_hand(admin_client):
    response = admin_client.get(reverse("admin:grants_calltransition_add"))
    assert response.status_code == 403
    assert CallTransition.objects.count() == 0


def test_blind_review_and_the_rubric_are_read_only_once_the_review_has_started(admin_client):
    call = CallFactory(state=CallState.IN_REVIEW)
    response = admin_client.get(reverse("admin:grants_call_change", args=[call.pk]))
    assert "blind_review" in response.context["adminform"].readonly_fields
    criteria = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.__class__.__name__ == "CriterionInline"
    )
    assert (criteria.has_add_permission, criteria.has_change_permission) == (False, False)
    assert criteria.has_delete_permission is False


def test_blind_review_is_editable_in_the_admin_before_the_review(admin_client):
    call = CallFactory(state=CallState.PUBLISHED)
    response = admin_client.get(reverse("admin:grants_call_change", args=[call.pk]))
    assert "blind_review" not in response.context["adminform"].readonly_fields
