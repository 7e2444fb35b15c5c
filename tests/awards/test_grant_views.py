"""The officer's grant list, a grant's page and its state actions, the dashboards' panels."""

import pytest
from django.urls import reverse

from awards.enums import GrantState
from awards.models import Grant
from awards.queries import public_grant_facts
from awards.states import transition_grant
from tests.factories.awards import GrantFactory

pytestmark = pytest.mark.django_db


def test_the_officer_lists_the_grants_of_the_calls_they_run(client, officer, grant, other_grant):
    client.force_login(officer)
    response = client.get(reverse("awards:grant_list"))
    assert response.status_code == 200
    assert [g.pk for g in response.context["grants"]] == [grant.pk]
    assert "ระบบแจ้งเตือนน้ำท่วมโดยชุมชน" in response.text


def test_the_list_filters_by_call_and_state(client, officer, grant, published_call):
    second = GrantFactory(proposal__call=published_call)
    transition_grant(second, GrantState.ACTIVE, by=officer)
    client.force_login(officer)
    url = reverse("awards:grant_list")
    by_state = client.get(url, {"state": "active"}).context["grants"]
    assert [g.pk for g in by_state] == [second.pk]
    by_call = client.get(url, {"call": published_call.slug}).context["grants"]
    assert {g.pk for g in by_call} == {grant.pk, second.pk}


@pytest.mark.parametrize("size", [3, 12])
def test_the_list_takes_the_same_queries_whatever_its_size(
    size, client, officer, published_call, django_assert_num_queries
):
    for _ in range(size):
        GrantFactory(proposal__call=published_call)
    client.force_login(officer)
    client.get(reverse("awards:grant_list"))  # warm the session
    # session, user, roles, the inbox's count; the grants' count, the calls offered in the
    # filter, the page of grants
    with django_assert_num_queries(7):
        response = client.get(reverse("awards:grant_list"))
    assert len(response.context["grants"]) == size


def test_the_grantee_sees_their_grant_and_not_another(client, grantee, grant, other_grant):
    client.force_login(grantee)
    assert client.get(grant.get_absolute_url()).status_code == 200
    assert client.get(other_grant.get_absolute_url()).status_code == 404
    assert client.get(reverse("awards:grant_list")).status_code == 403


def test_the_officer_of_another_call_gets_404(client, other_officer, grant):
    client.force_login(other_officer)
    assert client.get(grant.get_absolute_url()).status_code == 404


def test_the_officer_suspends_and_resumes_with_a_reason(client, officer, grant):
    transition_grant(grant, GrantState.ACTIVE, by=officer)
    client.force_login(officer)
    url = reverse("awards:grant_suspend", kwargs={"pk": grant.pk})
    response = client.post(url, {"reason": "ไม่ส่งรายงาน"})
    assert response.status_code == 302
    assert Grant.objects.get(pk=grant.pk).state == GrantState.SUSPENDED
    assert grant.transitions.latest("pk").note == "ไม่ส่งรายงาน"
    client.post(reverse("awards:grant_resume", kwargs={"pk": grant.pk}))
    assert Grant.objects.get(pk=grant.pk).state == GrantState.ACTIVE


def test_the_grantee_may_not_cancel(client, grantee, grant):
    client.force_login(grantee)
    response = client.post(reverse("awards:grant_cancel", kwargs={"pk": grant.pk}), {"reason": "x"})
    assert response.status_code == 403
    assert Grant.objects.get(pk=grant.pk).state == GrantState.AGREEMENT_PENDING


def test_cancelling_without_a_reason_says_so(client, officer, grant):
    client.force_login(officer)
    url = reverse("awards:grant_cancel", kwargs={"pk": grant.pk})
    response = client.post(url, {"reason": ""}, follow=True)
    assert "ยกเลิก" in response.text
    assert Grant.objects.get(pk=grant.pk).state == GrantState.AGREEMENT_PENDING


def test_the_grantee_dashboard_lists_their_grants(client, grantee, grant, other_grant):
    client.force_login(grantee)
    response = client.get(reverse("portal:role_dashboard", kwargs={"role": "applicant"}))
    assert grant.reference in response.text
    assert other_grant.reference not in response.text


def test_the_officer_dashboard_lists_open_grants(client, officer, grant):
    client.force_login(officer)
    response = client.get(reverse("portal:role_dashboard", kwargs={"role": "officer"}))
    assert grant.reference in response.text


def test_the_applicants_proposal_page_links_to_the_grant(client, grantee, grant):
    client.force_login(grantee)
    response = client.get(grant.proposal.get_absolute_url())
    assert grant.get_absolute_url() in response.text


@pytest.mark.parametrize("size", [2, 6])
def test_public_grant_facts_takes_two_queries_whatever_the_number(
    size, published_call, django_assert_num_queries
):
    grants = [GrantFactory(proposal__call=published_call) for _ in range(size)]
    ids = [g.proposal_id for g in grants]
    with django_assert_num_queries(2):
        facts = public_grant_facts(ids)
    assert set(facts) == set(ids)
    assert facts[ids[0]]["state"] == GrantState.AGREEMENT_PENDING


def test_the_list_filters_overdue_reports_and_payable_tranches(client, officer, active_grant):
    from awards.enums import ReportState
    from awards.models import Report

    client.force_login(officer)
    url = reverse("awards:grant_list")
    Report.objects.filter(grant=active_grant).update(due_on="2099-01-01")
    assert [g.pk for g in client.get(url, {"overdue": "true"}).context["grants"]] == []
    first = Report.objects.filter(grant=active_grant).order_by("pk").first()
    Report.objects.filter(pk=first.pk).update(due_on="2020-01-01")
    assert [g.pk for g in client.get(url, {"overdue": "true"}).context["grants"]] == [
        active_grant.pk
    ]
    assert client.get(url, {"next_tranche": "payable"}).context["grants"].__len__() == 0
    Report.objects.filter(grant=active_grant, due_on="2020-01-01").update(
        state=ReportState.APPROVED
    )
    payable = client.get(url, {"next_tranche": "payable"}).context["grants"]
    assert [g.pk for g in payable] == [active_grant.pk]


def test_the_calls_page_counts_its_grants_for_its_officers(
    client, officer, other_officer, grant, published_call
):
    client.force_login(officer)
    page = client.get(published_call.get_absolute_url())
    assert f"/awards/?call={published_call.slug}" in page.text
    client.force_login(other_officer)
    assert (
        f"/awards/?call={published_call.slug}"
        not in client.get(published_call.get_absolute_url()).text
    )


def test_the_overdue_filter_offers_all_not_unknown(client, officer, grant):
    client.force_login(officer)
    html = client.get(reverse("awards:grant_list")).content.decode()
    start = html.index('name="overdue"')
    select = html[start : html.index("</select>", start)]
    assert '<option value="" selected>ทั้งหมด</option>' in select
    assert "ไม่ทราบ" not in select
