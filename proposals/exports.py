"""The officer's list of proposals as CSV (UTF-8 with a BOM, for Excel) and XLSX.

Both read the filtered queryset in chunks (two queries a chunk: the rows with their
related objects, and the sectors), so a call with thousands of proposals is not N+1.
"""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import ApplicantType

from .enums import ProposalState

BOM = "\ufeff"
CHUNK = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Keep spreadsheets from running a cell as a formula: prefix it with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def headers() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Organisation"),
        _("Type of organisation"),
        _("Province"),
        _("District"),
        _("Primary sector"),
        _("Sectors"),
        _("Requested amount (baht)"),
        _("Duration (months)"),
        _("Status"),
        _("Submitted at (Bangkok time)"),
    ]


def for_export(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("organisation", "province", "primary_sector").prefetch_related(
        "sectors"
    )


def rows(queryset: QuerySet) -> Iterator[list]:
    """One list of cell values per proposal, neutralised; amounts stay numbers."""
    for proposal in for_export(queryset).iterator(chunk_size=CHUNK):
        submitted = timezone.localtime(proposal.submitted_at) if proposal.submitted_at else None
        organisation = proposal.organisation
        row = [
            proposal.reference,
            proposal.title,
            organisation.name,
            str(ApplicantType(organisation.type).label) if organisation.type else "",
            str(proposal.province) if proposal.province else "",
            proposal.district,
            str(proposal.primary_sector) if proposal.primary_sector else "",
            ", ".join(str(sector) for sector in proposal.sectors.all()),
            proposal.requested_amount,
            proposal.duration_months,
            str(ProposalState(proposal.state).label),
            submitted.replace(tzinfo=None) if submitted else None,
        ]
        yield [neutralise(str(value)) if isinstance(value, str) else value for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset: QuerySet) -> Iterable[str]:
    """The CSV text line by line, the BOM first, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow(headers())
    for row in rows(queryset):
        cells = ["" if value is None else value for value in row]
        cells[-1] = cells[-1].strftime("%Y-%m-%d %H:%M") if cells[-1] else ""
        yield writer.writerow(cells)


def xlsx_bytes(queryset: QuerySet) -> bytes:
    """The workbook, written in openpyxl's write-only mode (rows are not kept in memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Proposals")[:31])
    sheet.append(headers())
    for row in rows(queryset):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
