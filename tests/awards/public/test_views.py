"""The public list of funded projects (filters, order, map, query count) and a project's page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.public import views
from grants.models import Province
from tests.factories import ORGANISATION_NAME, EligibleProposalFactory

pytestmark = pytest.mark.django_db
LIST = reverse("projects:project_list")


def titles(response) -> list[str]:
    return [row.project.title for row in response.context["rows"]]


def test_the_list_shows_every_funded_project_newest_results_first(client, history):
    response = client.get(LIST)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 28
    first = response.context["rows"][0].project
    assert first.call.code == "SIG2024"
    assert "โครงการที่ได้รับทุน 28 โครงการ" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"province": "TH-43"}, ["เกษตรแปลงใหญ่ผักปลอดสาร"]),
        ({"region": "south", "year": "2023"}, ["แผนที่ความเสี่ยงดินถล่ม", "ระบบจัดการขยะอัจฉริยะเกาะ"]),
        (
            {"sector": "disaster"},
            ["ระบบเตือนภัยน้ำป่าด้วยเซนเซอร์ชุมชน", "แผนที่ความเสี่ยงดินถล่ม", "อาสาดับไฟป่าชุมชน"],
        ),
        ({"programme": "scaling"}, []),
        (
            {"amount_min": "280000"},
            [
                "ระบบจัดการขยะอัจฉริยะเกาะ",
                "โรงสีข้าวชุมชนพลังงานชีวมวล",
                "โซลาร์เซลล์สูบน้ำเพื่อสวนผลไม้",
                "ระบบเตือนภัยน้ำป่าด้วยเซนเซอร์ชุมชน",
            ],
        ),
        # Words anywhere: title, summary or organisation ("เทศบาลตำบลป่าแดด").
        (
            {"q": "ป่า ชุมชน"},
            [
                "บ้านพักคนชราโดยชุมชน",
                "ระบบเตือนภัยน้ำป่าด้วยเซนเซอร์ชุมชน",
                "ป่าชายเลนกักเก็บคาร์บอน",
                "อาสาดับไฟป่าชุมชน",
            ],
        ),
    ],
)
def test_filters_narrow_the_list(client, history, query, expected):
    response = client.get(LIST, query)

    assert sorted(titles(response)) == sorted(expected)


def test_amount_range_and_order_by_amount(client, history):
    response = client.get(
        LIST, {"amount_min": "250000", "amount_max": "270000", "sort": "amount_desc"}
    )

    assert [row.project.amount for row in response.context["rows"]] == [270000, 260000, 250000]


def test_the_map_counts_every_filter_but_the_province_and_links_keep_the_others(client, history):
    response = client.get(LIST, {"province": "TH-43", "year": "2024"})

    drawn = {p.code: p for p in response.context["map"].provinces}
    assert response.context["page_obj"].paginator.count == 1  # from the map's totals
    assert response.context["total"] == {"amount": 200000, "n": 1}
    assert drawn["TH-43"].selected
    assert drawn["TH-43"].count == 1
    assert drawn["TH-55"].count == 1  # 2024, another province: still on the map
    assert drawn["TH-35"].count == 0  # 2023 only
    assert drawn["TH-55"].href == "?province=TH-55&year=2024"


def test_the_map_is_svg_without_inline_style_or_script(client, history):
    html = client.get(LIST, {"measure": "amount"}).content.decode()

    svg = html[html.index('<svg class="province-map"') : html.index("</svg>")]
    assert svg.count("<path ") == 77
    assert "style=" not in svg
    assert "<script" not in html.replace('<script src="', "")
    assert "on" + "click" not in html
    assert re.search(r'fill="#[0-9a-f]{6}"', svg)
    assert "จำนวนเงินทุน" in html  # the legend of amounts


def query_count(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(captured)


def test_query_count_is_flat_in_page_size_and_number_of_projects(client, history, monkeypatch):
    monkeypatch.setattr(views, "PROJECTS_PER_PAGE", 5)
    small = query_count(client, {"year": "2023"})
    monkeypatch.setattr(views, "PROJECTS_PER_PAGE", 25)
    large = query_count(client, {})

    assert small == large
    assert large <= 12


def test_a_project_page_shows_the_grant(client, history):
    project = history[1].proposals.get(title="ฝายมีชีวิตต้นน้ำน่าน")

    response = client.get(reverse("projects:project_detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assert response.status_code == 200
    for text in ["เครือข่ายอนุรักษ์ต้นน้ำน่าน", "น่าน", "250,000 บาท", "ได้รับทุน", "ภาคเหนือ"]:
        assert text in body
    assert "ยังไม่มีการรายงานผลลัพธ์" in body


def test_an_individual_grantee_is_not_named(client, individual):
    response = client.get(reverse("projects:project_detail", kwargs={"pk": individual.pk}))

    body = response.content.decode()
    assert "ผู้รับทุนประเภทบุคคลธรรมดา" in body
    assert ORGANISATION_NAME not in body
    assert ORGANISATION_NAME not in client.get(LIST).content.decode()


def test_a_proposal_not_funded_has_no_project_page(client, history):
    proposal = EligibleProposalFactory()

    response = client.get(reverse("projects:project_detail", kwargs={"pk": proposal.pk}))

    assert response.status_code == 404


def test_provinces_are_all_on_the_map_even_without_projects(client, db):
    response = client.get(LIST)

    assert len(response.context["map"].provinces) == Province.objects.count() == 77
    assert "ยังไม่มีโครงการที่ได้รับทุน" in response.content.decode()


def test_an_unknown_province_is_ignored_and_everything_counted(client, history):
    response = client.get(LIST, {"province": "TH-99"})

    assert response.context["page_obj"].paginator.count == 28
    assert len(response.context["rows"]) == 20
    assert not [p for p in response.context["map"].provinces if p.selected]


@pytest.mark.parametrize(
    "query",
    [
        {"amount_min": "abc", "amount_max": "-5"},
        {"amount_min": "1e400", "year": "99999999999999999999"},
        {"year": "abc", "sector": "nope", "programme": "\x00", "region": "moon"},
        {"sort": "'; drop table", "page": "-1", "measure": "<script>"},
        {"q": "%_\\" * 50, "province": "TH-"},
    ],
)
def test_nonsense_in_the_address_lists_rather_than_fails(client, history, query):
    response = client.get(LIST, query)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>", 1)[1].replace(
        '<script src="', ""
    )
