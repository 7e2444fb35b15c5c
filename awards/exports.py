"""The ledger as CSV (UTF-8 with a BOM, for Excel) and XLSX: one row per grant with what it
was awarded, paid and still owed (awards.ledger), and in the workbook a sheet per call."""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from proposals.exports import BOM, neutralise

from .enums import GrantState

CHUNK = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Grant reference"),
        _("Call"),
        _("Organisation"),
        _("Project title"),
        _("State"),
        _("Awarded (baht)"),
        _("Paid (baht)"),
        _("Outstanding (baht)"),
    ]


def rows(grants: QuerySet) -> Iterator[list]:
    """One list of values per grant (`grants` annotated by awards.ledger.with_money)."""
    states = {value: str(label) for value, label in GrantState.choices}
    values = grants.values_list(
        "reference", "call__code", "organisation__name", "proposal__title", "state",
        "committed", "paid", "outstanding",
    )  # fmt: skip
    for reference, call, organisation, title, state, awarded, paid, outstanding in values.iterator(
        chunk_size=CHUNK
    ):
        row = [reference, call, organisation, title, states[state], awarded, paid, outstanding]
        yield [neutralise(value) if isinstance(value, str) else value for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_lines(grants: QuerySet) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow(headers())
    for row in rows(grants):
        yield writer.writerow(row)


def ledger_csv(grants: QuerySet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(grants), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grant-ledger.csv"'
    return response


def ledger_xlsx(grants: QuerySet, calls) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Grants")[:31])
    sheet.append(headers())
    for row in rows(grants):
        sheet.append(row)
    summary = workbook.create_sheet(_("Calls")[:31])
    summary.append(
        [_("Call"), _("Grants"), _("Budget (baht)"), _("Awarded (baht)"), _("Paid (baht)"),
         _("Outstanding (baht)"), _("Budget remaining (baht)")]
    )  # fmt: skip
    for ledger in calls:
        summary.append(
            [neutralise(ledger.call.code), ledger.grants, ledger.budget, ledger.awarded,
             ledger.paid, ledger.outstanding, ledger.remaining]
        )  # fmt: skip
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="grant-ledger.xlsx"'
    return response
