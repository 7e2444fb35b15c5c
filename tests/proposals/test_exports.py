"""The officer's exports: CSV with a BOM and Thai, XLSX, formula injection neutralised."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.exports import BOM, neutralise
from tests.factories import (
    OrganisationFactory,
    SubmittedProposalFactory,
)


@pytest.fixture
def rows(open_call):
    org = OrganisationFactory(name='=HYPERLINK("http://evil")')
    return [
        SubmittedProposalFactory(
            call=open_call,
            organisation=org,
            title="น้ำสะอาดเพื่อชุมชน",
            requested_amount=Decimal("50000"),
            sectors=["urban", "health"],
        ),
        SubmittedProposalFactory(
            call=open_call,
            organisation=org,
            title="@SUM(A1:A2)",
            requested_amount=Decimal("50000"),
            primary_sector__code="health",
        ),
    ]


def _get(client, officer, call, name, query=""):
    client.force_login(officer)
    url = reverse(f"proposals:{name}", kwargs={"slug": call.slug}) + query
    return client.get(url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+66", "'+66"), ("-5", "'-5"), ("@x", "'@x"), ("ปกติ", "ปกติ"), (5, 5)],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_has_bom_thai_and_neutralised_cells(client, officer, open_call, rows):
    response = _get(client, officer, open_call, "call_proposals_csv")
    text = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith(BOM)
    lines = text[1:].splitlines()
    assert len(lines) == 3
    assert "น้ำสะอาดเพื่อชุมชน" in lines[1]
    assert "'=HYPERLINK" in lines[1]
    assert "'@SUM(A1:A2)" in lines[2]
    assert ",=" not in text and ",@" not in text


def test_csv_keeps_the_filters(client, officer, open_call, rows):
    response = _get(client, officer, open_call, "call_proposals_csv", "?sector=health&o=-reference")
    lines = b"".join(response.streaming_content).decode("utf-8")[1:].splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [rows[1].reference, rows[0].reference]
    response = _get(client, officer, open_call, "call_proposals_csv", "?q=น้ำสะอาด")
    lines = b"".join(response.streaming_content).decode("utf-8")[1:].splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [rows[0].reference]


def test_xlsx_opens_and_has_the_rows(client, officer, open_call, rows):
    response = _get(client, officer, open_call, "call_proposals_xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))

    assert len(values) == 3
    assert values[1][0] == rows[0].reference
    assert values[1][1] == "น้ำสะอาดเพื่อชุมชน"
    assert values[1][2] == '\'=HYPERLINK("http://evil")'
    assert values[2][1] == "'@SUM(A1:A2)"
    assert values[1][8] == 50000


def test_export_is_refused_to_other_officers(client, other_officer, open_call, rows):
    response = _get(client, other_officer, open_call, "call_proposals_csv")
    assert response.status_code == 403
    assert not hasattr(response, "streaming_content")


@pytest.mark.parametrize("size", [3, 30])
def test_export_queries_do_not_grow(
    client, officer, open_call, size, many_received, django_assert_num_queries
):
    many_received(size)
    client.force_login(officer)
    url = reverse("proposals:call_proposals_xlsx", kwargs={"slug": open_call.slug})
    # session, user, roles, unread count, the call; sector and province names; rows; sectors;
    # the audit log's one row
    with django_assert_num_queries(9):
        client.get(url)
