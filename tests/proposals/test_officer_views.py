"""The officer's pages: a call's proposals, one proposal, its actions and version diff."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.enums import ApplicantType, CallState
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent, ProposalVersion
from tests.factories import (
    CallFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    SubmittedProposalFactory,
)

S = ProposalState


def list_url(call, query: str = "") -> str:
    return reverse("proposals:call_proposals", kwargs={"slug": call.slug}) + query


def references(response) -> list[str]:
    return [p.reference for p in response.context["proposals"]]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def sample(open_call):
    """Four received proposals and a draft, varied in every filtered field."""
    school = OrganisationFactory(
        name="โรงเรียนบ้านสวน", type=ApplicantType.YOUTH_GROUP, province__code="TH-10"
    )
    farm = OrganisationFactory(name="วิสาหกิจชุมชนดอนแก้ว")
    return [
        SubmittedProposalFactory(
            call=open_call,
            organisation=farm,
            title="น้ำสะอาด",
            requested_amount=Decimal("30000"),
            primary_sector__code="health",
        ),
        SubmittedProposalFactory(
            call=open_call,
            organisation=school,
            title="ห้องเรียนสีเขียว",
            requested_amount=Decimal("90000"),
            province__code="TH-10",
        ),
        EligibleProposalFactory(
            call=open_call, organisation=farm, title="ตลาดชุมชน", requested_amount=Decimal("60000")
        ),
        SubmittedProposalFactory(
            call=open_call,
            organisation=school,
            title="เมืองน่าเดิน",
            requested_amount=Decimal("10000"),
            sectors=["health"],
        ),
        Proposal.objects.create(call=open_call, organisation=farm, title="ร่างที่ยังไม่ส่ง"),
    ]


def test_list_shows_received_proposals_never_drafts(officer_client, open_call, sample):
    response = officer_client.get(list_url(open_call))

    assert response.status_code == 200
    assert references(response) == [p.reference for p in sample[:4]]
    assert "ร่างที่ยังไม่ส่ง" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=eligible", [3]),
        ("?sector=health", [1, 4]),  # primary sector, or among the sectors
        ("?province=TH-10", [2]),
        ("?applicant_type=youth_group", [2, 4]),
        ("?amount_min=30000&amount_max=60000", [1, 3]),
        ("?q=ดอนแก้ว", [1, 3]),  # the organisation's name
        ("?q=ห้องเรียน", [2]),
        ("?q=ห้องเรียน&applicant_type=community_enterprise", []),
    ],
)
def test_list_filters(officer_client, open_call, sample, query, expected):
    response = officer_client.get(list_url(open_call, query))
    assert references(response) == [f"{open_call.code}-{n:04d}" for n in expected]


def test_sector_filter_finds_a_secondary_sector_only_in_this_call(
    officer_client, officer, open_call, sample
):
    other_call = CallFactory(officers=[officer], created_by=officer)
    SubmittedProposalFactory(call=other_call, primary_sector__code="health")
    SubmittedProposalFactory(call=other_call, sectors=["health"])

    response = officer_client.get(list_url(open_call, "?sector=health"))

    # The fourth is listed for its second sector; the other call's two (run by the same
    # officer) never are.
    assert references(response) == [sample[0].reference, sample[3].reference]
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.parametrize("order", ["-amount", "reference", "organisation", "title"])
def test_pages_follow_the_order_of_the_whole_list(officer_client, open_call, many_received, order):
    proposals = many_received(30)
    for n, proposal in enumerate(proposals):
        Proposal.objects.filter(pk=proposal.pk).update(requested_amount=Decimal(1000 + n % 7))
    url = list_url(open_call, f"?o={order}")

    first = officer_client.get(url)
    second = officer_client.get(url + "&page=2")

    field = {
        "-amount": "-requested_amount",
        "reference": "sequence",
        "organisation": "organisation__name",
        "title": "title",
    }[order]
    expected = list(
        Proposal.objects.filter(call=open_call)
        .order_by(field, "pk")
        .values_list("reference", flat=True)
    )
    assert references(first) + references(second) == expected
    assert len(references(second)) == 5


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("amount", [4, 1, 3, 2]),
        ("-amount", [2, 3, 1, 4]),
        (
            "title",
            sorted(
                [1, 2, 3, 4],
                key=lambda n: ["น้ำสะอาด", "ห้องเรียนสีเขียว", "ตลาดชุมชน", "เมืองน่าเดิน"][n - 1],
            ),
        ),
        ("-reference", [4, 3, 2, 1]),
        ("-submitted", [4, 3, 2, 1]),
    ],
)
def test_list_sorting(officer_client, open_call, sample, order, expected):
    response = officer_client.get(list_url(open_call, f"?o={order}"))
    assert references(response) == [f"{open_call.code}-{n:04d}" for n in expected]


def test_counts_per_sector_and_province_of_the_filtered_set(officer_client, open_call, sample):
    response = officer_client.get(list_url(open_call, "?amount_min=20000"))

    by_sector = {row["item"].code: row["count"] for row in response.context["by_sector"]}
    by_province = {row["item"].code: row["count"] for row in response.context["by_province"]}
    assert by_sector == {"urban": 2, "health": 1}
    assert by_province == {"TH-50": 2, "TH-10": 1}


def test_pagination_keeps_the_query(officer_client, open_call, many_received):
    many_received(30)

    response = officer_client.get(list_url(open_call, "?sector=urban&o=-amount"))
    assert len(response.context["proposals"]) == 10
    response = officer_client.get(list_url(open_call, "?o=title"))
    page = response.content.decode()
    assert len(response.context["proposals"]) == 25
    assert "?o=title&amp;page=2" in page


@pytest.mark.parametrize("size", [5, 40])
def test_list_query_count_does_not_grow(
    officer_client, open_call, size, many_received, django_assert_num_queries
):
    many_received(size)
    # The count of the list and its two breakdowns are one grouped query (13 before).
    with django_assert_num_queries(11):
        response = officer_client.get(list_url(open_call))
    assert len(response.context["proposals"]) == min(size, 25)


@pytest.mark.parametrize("role", ["applicant", "reviewer", "committee_member", "other_officer"])
def test_wrong_roles_are_refused(client, open_call, sample, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(list_url(open_call))
    assert response.status_code == 403
    assert "proposals" not in (response.context or {})
    proposal = sample[0]
    response = client.get(reverse("proposals:officer_proposal", kwargs={"pk": proposal.pk}))
    assert response.status_code == 404


def test_a_draft_call_is_404_to_others(client, other_officer, officer):
    call = CallFactory(state=CallState.DRAFT, officers=[officer], created_by=officer)
    client.force_login(other_officer)
    assert client.get(list_url(call)).status_code == 404


def test_administrator_sees_the_list(client, administrator, open_call, sample):
    client.force_login(administrator)
    response = client.get(list_url(open_call))
    assert len(references(response)) == 4


def test_bulk_screening(officer_client, open_call, sample):
    first, second, eligible, _fourth, draft = sample
    url = reverse("proposals:call_proposals_screen", kwargs={"slug": open_call.slug})

    response = officer_client.post(
        url, {"ids": [first.pk, eligible.pk, draft.pk], "action": "ineligible", "reason": "ไม่ครบ"}
    )

    assert response.status_code == 302
    states = dict(Proposal.objects.values_list("pk", "state"))
    assert (states[first.pk], states[eligible.pk], states[draft.pk]) == (
        S.INELIGIBLE,
        S.INELIGIBLE,
        S.DRAFT,
    )
    assert states[second.pk] == S.SUBMITTED


def test_bulk_ineligible_without_reason_changes_nothing(officer_client, open_call, sample):
    url = reverse("proposals:call_proposals_screen", kwargs={"slug": open_call.slug})
    officer_client.post(url, {"ids": [sample[0].pk], "action": "ineligible", "reason": ""})
    sample[0].refresh_from_db()
    assert sample[0].state == S.SUBMITTED


def test_officer_proposal_page_shows_everything(officer_client, submitted):
    ProposalEvent.objects.create(proposal=submitted, kind=EventKind.NOTE, note="โทรสอบถามแล้ว")
    response = officer_client.get(
        reverse("proposals:officer_proposal", kwargs={"pk": submitted.pk})
    )
    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        submitted.reference,
        "วิสาหกิจชุมชนบ้านดอนแก้ว",
        "เซนเซอร์",
        "สมหญิง รักดี",
        "แจ้งเตือนล่วงหน้า",
        "โทรสอบถามแล้ว",
        "80,000 บาท",
    ]:
        assert text in page
    assert response.context["budget_total"] == submitted.requested_amount


def test_officer_proposal_page_is_404_for_a_draft(officer_client, draft):
    response = officer_client.get(reverse("proposals:officer_proposal", kwargs={"pk": draft.pk}))
    assert response.status_code == 404


def test_screen_from_the_proposal_page(officer_client, submitted):
    url = reverse("proposals:officer_screen", kwargs={"pk": submitted.pk})

    response = officer_client.post(url, {"eligible": "0", "reason": ""})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED

    officer_client.post(url, {"eligible": "0", "reason": "ไม่ใช่พื้นที่เป้าหมาย"})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.screening_reason) == (S.INELIGIBLE, "ไม่ใช่พื้นที่เป้าหมาย")


def test_actions_are_post_only_and_checked(client, officer_client, submitted, other_officer):
    url = reverse("proposals:officer_screen", kwargs={"pk": submitted.pk})
    assert officer_client.get(url).status_code == 405
    client.force_login(other_officer)
    assert client.post(url, {"eligible": "1"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_request_information_from_the_page(officer_client, submitted):
    due = timezone.localtime() + timedelta(days=5)
    officer_client.post(
        reverse("proposals:officer_request_information", kwargs={"pk": submitted.pk}),
        {"message": "ขอใบเสนอราคา", "due": due.strftime("%Y-%m-%dT%H:%M")},
    )
    submitted.refresh_from_db()
    assert submitted.state == S.NEEDS_INFO
    assert submitted.info_due == due.replace(second=0, microsecond=0)


def test_grant_extension_from_the_page(officer_client, submitted):
    until = timezone.localtime(submitted.call.deadline) + timedelta(days=1)
    url = reverse("proposals:officer_extension", kwargs={"pk": submitted.pk})
    response = officer_client.post(url, {"until": until.strftime("%Y-%m-%dT%H:%M"), "reason": ""})
    assert response.status_code == 400
    officer_client.post(url, {"until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "ไฟดับ"})
    submitted.refresh_from_db()
    assert submitted.extension_reason == "ไฟดับ"


def test_version_diff_page(officer_client, submitted):
    ProposalVersion.objects.create(
        proposal=submitted, number=2, data={"title": "น้ำท่วมไม่ท่วมใจ <b>2</b>"}
    )
    response = officer_client.get(
        reverse("proposals:officer_version_diff", kwargs={"pk": submitted.pk, "number": 2})
    )
    page = response.content.decode()
    assert [c.field for c in response.context["changes"]] == ["title"]
    assert "&lt;b&gt;2&lt;/b&gt;" in page
    assert "<b>2</b>" not in page


def test_call_page_panel_for_officers_only(client, officer_client, open_call, sample, applicant):
    page = officer_client.get(open_call.get_absolute_url()).content.decode()
    assert list_url(open_call) in page
    client.force_login(applicant)
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert list_url(open_call) not in page


def test_officer_dashboard_panel_counts(officer, open_call, sample, rf):
    from proposals.panels import officer_dashboard_context

    request = rf.get("/")
    request.user = officer
    rows = officer_dashboard_context(request)["rows"]
    assert [(r["call"], r["received"], r["to_screen"], r["eligible"]) for r in rows] == [
        (open_call, 4, 3, 1)
    ]


def test_an_officer_following_a_proposal_link_lands_on_the_officer_page(client, submitted):
    officer = submitted.call.officers.first() or submitted.call.created_by
    client.force_login(officer)
    response = client.get(reverse("proposals:proposal_detail", kwargs={"pk": submitted.pk}))
    assert response.headers["Location"] == reverse(
        "proposals:officer_proposal", kwargs={"pk": submitted.pk}
    )
