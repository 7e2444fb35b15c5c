"""The officer's list of proposals as CSV (UTF-8 with a BOM, for Excel) and XLSX.

Both read the filtered queryset in chunks (two queries a chunk: the rows' columns, and their
sectors), so a call with thousands of proposals is not N+1.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from io import BytesIO
from itertools import batched

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import ApplicantType
from grants.models import Province, Sector

from .enums import ProposalState
from .models import Proposal

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


FIELDS = (
    "pk",
    "reference",
    "title",
    "organisation__name",
    "organisation__type",
    "province_id",
    "district",
    "primary_sector_id",
    "requested_amount",
    "duration_months",
    "state",
    "submitted_at",
)


def rows(queryset: QuerySet) -> Iterator[list]:
    """One list of cell values per proposal, neutralised; amounts stay numbers.

    Plain values, not model objects (a national call exports thousands of rows): the
    proposals' columns in chunks, each chunk's sectors in one more query, and the names of
    sectors, provinces and choices looked up in memory, in the active language.
    """
    sector_names = {sector.pk: str(sector) for sector in Sector.objects.all()}
    province_names = {province.pk: str(province) for province in Province.objects.all()}
    types = {value: str(label) for value, label in ApplicantType.choices}
    states = {value: str(label) for value, label in ProposalState.choices}
    values = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    for chunk in batched(values, CHUNK):
        sectors_of: dict[int, list[str]] = defaultdict(list)
        for proposal_id, sector_id in (
            Proposal.sectors.through.objects.filter(proposal_id__in=[row[0] for row in chunk])
            .order_by("sector__position", "sector_id")
            .values_list("proposal_id", "sector_id")
        ):
            sectors_of[proposal_id].append(sector_names[sector_id])
        for (
            pk, reference, title, organisation, kind, province, district, primary, amount,
            months, state, submitted_at,
        ) in chunk:  # fmt: skip
            submitted = timezone.localtime(submitted_at) if submitted_at else None
            row = [
                reference,
                title,
                organisation,
                types.get(kind, ""),
                province_names.get(province, ""),
                district,
                sector_names.get(primary, ""),
                ", ".join(sectors_of[pk]),
                amount,
                months,
                states[state],
                submitted.replace(tzinfo=None) if submitted else None,
            ]
            yield [neutralise(value) if isinstance(value, str) else value for value in row]


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
