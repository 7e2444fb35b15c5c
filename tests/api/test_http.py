"""How the API answers: pagination, ETags, rate limits, the error shape, Thai text, and no
personal data on public endpoints."""

import json

import pytest
from django.test import Client

from api.services import create_token
from portal.enums import Role
from tests.factories import CallFactory, user_with
from tests.factories.proposals import MEMBER_NAME, ORGANISATION_NAME, PHONE, TAX_ID

from .helpers import published_call


@pytest.fixture
def api(db):
    return Client()


def test_a_list_is_paginated_with_links_to_its_neighbours(api):
    for _ in range(5):
        CallFactory()

    first = api.get("/api/calls/?page_size=2").json()
    last = api.get("/api/calls/?page_size=2&page=3").json()

    assert (first["count"], len(first["items"]), first["previous"]) == (5, 2, None)
    assert first["next"] == "http://testserver/api/calls/?page_size=2&page=2"
    assert (len(last["items"]), last["next"]) == (1, None)
    assert last["previous"] == "http://testserver/api/calls/?page_size=2&page=2"


def test_a_page_too_large_is_refused_in_the_error_shape(api):
    response = api.get("/api/calls/?page_size=101")

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["status"]) == ("invalid_parameters", 422)
    assert [e["location"] for e in body["errors"]] == ["query.page_size"]
    assert body["message_th"] == "พารามิเตอร์บางรายการไม่ถูกต้อง"


def test_an_unchanged_list_answers_304_to_its_etag(api):
    CallFactory()
    first = api.get("/api/calls/")

    unchanged = api.get("/api/calls/", headers={"If-None-Match": first["ETag"]})
    CallFactory()
    changed = api.get("/api/calls/", headers={"If-None-Match": first["ETag"]})

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == first["ETag"]
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_public_reads_may_be_cached_and_personal_ones_not(api):
    _token, plaintext = create_token(user_with(Role.APPLICANT), name="script")

    public = api.get("/api/sectors/")
    revalidated = api.get("/api/sectors/", headers={"If-None-Match": public["ETag"]})
    personal = api.get("/api/sectors/", headers={"Authorization": f"Bearer {plaintext}"})
    refused = api.get("/api/me/")

    assert public["Cache-Control"] == "public, no-cache"
    assert (revalidated.status_code, revalidated["Cache-Control"]) == (304, "public, no-cache")
    assert personal["Cache-Control"] == "private, no-store"
    assert refused["Cache-Control"] == "private, no-store"
    assert public["Vary"] == "Authorization, Cookie, Accept-Language"


def test_thai_text_is_sent_as_utf8_not_escaped(api):
    CallFactory(title_th="นวัตกรรมเพื่อชุมชนริมโขง")

    response = api.get("/api/calls/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "นวัตกรรมเพื่อชุมชนริมโขง".encode() in response.content
    assert b"\\u0e" not in response.content


def test_anonymous_callers_are_limited_per_address_and_tokens_per_token(api, settings):
    settings.API_RATE_LIMITS = {"window": 60, "token": 3, "anonymous": 2}
    _token, plaintext = create_token(user_with(Role.APPLICANT), name="script")
    with_token = Client(headers={"Authorization": f"Bearer {plaintext}"})

    anonymous = [api.get("/api/sectors/").status_code for _ in range(3)]
    tokened = [with_token.get("/api/sectors/").status_code for _ in range(4)]
    refused = api.get("/api/sectors/")

    assert anonymous == [200, 200, 429]
    assert tokened == [200, 200, 200, 429]
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 61


def test_public_endpoints_show_no_personal_data(api):
    call = published_call(3, individual=True)
    recognisable = published_call(1)

    bodies = [
        api.get(url).content.decode()
        for url in (
            "/api/projects/",
            f"/api/calls/{call.slug}/results/",
            f"/api/calls/{recognisable.slug}/results/",
            "/api/calls/",
        )
    ]
    projects = json.loads(bodies[0])["items"]

    for body in bodies:
        for personal in ("@example.org", PHONE, TAX_ID, MEMBER_NAME):
            assert personal not in body
    by_type = {(p["organisation_type"], p["organisation"]) for p in projects}
    assert ("individual", None) in by_type
    assert ORGANISATION_NAME in bodies[2]  # an organisation's name is public, as announced


def test_results_are_hidden_until_published(api):
    call = CallFactory()

    response = api.get(f"/api/calls/{call.slug}/results/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_results_carry_the_announcement_in_both_languages(api):
    call = published_call(2)

    body = api.get(f"/api/calls/{call.slug}/results/").json()

    assert [item["number"] for item in body["awarded"]] == [1, 2]
    assert body["announcement_th"]["heading"].startswith("ประกาศ")
    assert body["announcement_en"]["heading"].startswith("Announcement")
    assert body["total_awarded"] == "2000.00"


def test_an_address_without_its_slash_leads_to_it_and_an_unknown_one_is_a_json_404(api):
    docs = Client().get("/api/docs")
    assert docs.status_code == 301
    assert docs["Location"] == "/api/docs/"
    unknown = Client().get("/api/no-such-thing")
    assert unknown.status_code == 404
    assert json.loads(unknown.content)["code"] == "not_found"
