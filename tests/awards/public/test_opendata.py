"""Open data: the CSV opens with Thai intact, the JSON matches the dictionary, the DCAT-AP
catalogue parses as JSON-LD, and no personal data appears anywhere in it."""

import csv
import io
import json
import re

import pytest
import rdflib
from django.urls import reverse

from awards.public.opendata import DICTIONARY, FIELD_NAMES, LICENCE_URL, records
from awards.public.queries import projects
from portal.models import User
from proposals.models import Organisation
from tests.factories import (
    ADDRESS,
    MEMBER_NAME,
    ORGANISATION_NAME,
    PHONE,
    TAX_ID,
    ResultsCallFactory,
)

pytestmark = pytest.mark.django_db
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
RDF_TYPE = rdflib.URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# Fields that would carry personal data (PDPA): none may be in the open data, by any name.
PERSONAL_FIELDS = {
    "name",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "telephone",
    "mobile",
    "address",
    "tax_id",
    "citizen_id",
    "national_id",
    "member",
    "members",
    "team",
    "created_by",
    "submitted_by",
    "contact",
    "signatory",
    "reviewer",
}


def body(response) -> str:
    return (
        b"".join(response.streaming_content).decode("utf-8")
        if response.streaming
        else (response.content.decode("utf-8"))
    )


def read_csv(response) -> list[dict]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_opens_with_thai_intact_and_every_field(client, history):
    response = client.get(reverse("opendata:projects_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="funded-projects.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 28
    assert list(rows[0]) == FIELD_NAMES
    dam = next(r for r in rows if r["title"] == "ฝายมีชีวิตต้นน้ำน่าน")
    assert dam["organisation"] == "เครือข่ายอนุรักษ์ต้นน้ำน่าน"
    assert dam["province_th"] == "น่าน"
    assert dam["province_code"] == "TH-55"
    assert dam["sectors"] == "environment;nexus"
    assert dam["amount_awarded"] == "250000.0"
    assert dam["year"] == "2024"
    assert dam["results_published"] == "2024-05-15"
    assert re.fullmatch(r"https?://[^/]+/projects/\d+/", dam["url"])


TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v),
    "array": lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
}


def test_the_json_matches_the_dictionary(client, history, individual):
    document = client.get(reverse("opendata:projects_json")).json()

    assert document["licence"]["url"] == LICENCE_URL
    assert [f["field"] for f in document["fields"]] == FIELD_NAMES
    assert len(document["records"]) == 29
    for record in document["records"]:
        assert list(record) == FIELD_NAMES
        for field in DICTIONARY:
            value = record[field.name]
            if value is None:
                assert field.nullable, field.name
            else:
                assert TYPES[field.type](value), (field.name, value)


def test_every_field_is_described_in_thai_and_english(client):
    rows = read_csv(client.get(reverse("opendata:dictionary_csv")))

    assert [r["field"] for r in rows] == FIELD_NAMES
    assert all(r["type"] in TYPES for r in rows)
    assert all(re.search(r"[\u0e00-\u0e7f]", r["description_th"]) for r in rows)
    assert all(r["description_en"] for r in rows)


def test_no_open_data_field_is_a_personal_one():
    assert {name for name in FIELD_NAMES if name in PERSONAL_FIELDS or "email" in name} == set()


def test_no_personal_data_in_any_download(client, history, individual):
    responses = [
        client.get(reverse(name))
        for name in ("opendata:projects_csv", "opendata:projects_json", "opendata:catalog")
    ]
    slug = individual.call.slug
    responses += [
        client.get(reverse(name, kwargs={"slug": slug}))
        for name in ("opendata:call_csv", "opendata:call_json")
    ]
    texts = [body(r) for r in responses]
    assert all(r.status_code == 200 for r in responses)
    assert individual.reference in texts[0]  # the project is there, without its person
    personal = {ORGANISATION_NAME, MEMBER_NAME, TAX_ID, PHONE, ADDRESS}
    personal |= set(User.objects.values_list("email", flat=True))
    personal |= set(User.objects.values_list("full_name", flat=True)) - {""}
    personal |= {o.phone for o in Organisation.objects.all() if o.phone}
    personal |= {o.address for o in Organisation.objects.all() if len(o.address) > 3}
    for text in texts:
        assert [value for value in personal if value in text] == []
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)  # no email address at all


def test_a_calls_results_are_open_data_once_published_only(client, history):
    unpublished = ResultsCallFactory()
    published = history[0]

    rows = read_csv(client.get(reverse("opendata:call_csv", kwargs={"slug": published.slug})))
    missing = client.get(reverse("opendata:call_json", kwargs={"slug": unpublished.slug}))

    assert {r["call_code"] for r in rows} == {"SIG2023"}
    assert len(rows) == 14
    assert missing.status_code == 404


def test_the_catalogue_is_dcat_in_json_ld(client, history):
    response = client.get(reverse("opendata:catalog"))

    assert response["Content-Type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=response.content.decode(), format="json-ld")
    catalogs = list(graph.subjects(RDF_TYPE, DCAT.Catalog))
    datasets = set(graph.subjects(RDF_TYPE, DCAT.Dataset))
    assert len(catalogs) == 1
    assert set(graph.objects(catalogs[0], DCAT.dataset)) == datasets
    assert len(datasets) == 3  # every funded project, and each of the two calls' results
    for dataset in datasets:
        assert (dataset, DCTERMS.license, rdflib.URIRef(LICENCE_URL)) in graph
        titles = {t.language: str(t) for t in graph.objects(dataset, DCTERMS.title)}
        assert set(titles) == {"th", "en"}
        distributions = list(graph.objects(dataset, DCAT.distribution))
        media = {str(m) for d in distributions for m in graph.objects(d, DCAT.mediaType)}
        assert media == {"text/csv", "application/json"}
        for distribution in distributions:
            (url,) = graph.objects(distribution, DCAT.downloadURL)
            path = str(url).split("://", 1)[1].split("/", 1)[1]
            assert client.get(f"/{path}").status_code == 200


def test_the_open_data_page_lists_the_downloads_and_the_dictionary(client, history):
    html = client.get(reverse("opendata:index")).content.decode()

    assert "CC BY 4.0" in html
    assert reverse("opendata:call_csv", kwargs={"slug": history[1].slug}) in html
    assert all(f"<code>{name}</code>" in html for name in FIELD_NAMES)
    assert json.dumps("ข้อมูลเปิด")[1:-1] not in html  # Thai as it is, not escaped
    assert "ข้อมูลเปิด" in html


def test_records_take_seven_queries_whatever_the_number_of_projects(
    history, individual, django_assert_num_queries
):
    with django_assert_num_queries(7):
        everything = list(records(projects(), base_url="https://example.org"))
    with django_assert_num_queries(7):
        one_call = list(records(projects().filter(call=history[0]), base_url=""))

    assert (len(everything), len(one_call)) == (29, 14)
    assert (
        next(r for r in everything if r["reference"] == individual.reference)["organisation"]
        is None
    )
