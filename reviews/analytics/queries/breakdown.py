"""Proposals and money by sector and by province."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from grants.models import Province, Sector

from ..data import BAHT, Dataset, Row, Series
from .common import RECEIVED, Scope, funded_in, money_or_zero, proposals_of

# ---------------------------------------------------------------- sectors and provinces


@dataclass
class Breakdown:
    """A row of the sector or province breakdown: what was received and what was funded."""

    key: str
    label: str
    received: int = 0
    requested: Decimal = Decimal("0")
    funded: int = 0
    awarded: Decimal = Decimal("0")


def _breakdown(scope: Scope, group) -> dict:
    """{group value: Breakdown} for received and funded proposals (two queries)."""
    rows: dict = {}
    received = (
        proposals_of(scope)
        .filter(RECEIVED)
        .values(group=group)
        .annotate(n=Count("pk"), total=Sum("requested_amount"))
    )
    for item in received:
        row = rows.setdefault(item["group"], Breakdown("", ""))
        row.received, row.requested = item["n"], money_or_zero(item["total"])
    funded = (
        funded_in(scope.calls)
        .values(group=group)
        .annotate(n=Count("pk"), total=Sum("decision__amount"))
    )
    for item in funded:
        row = rows.setdefault(item["group"], Breakdown("", ""))
        row.funded, row.awarded = item["n"], money_or_zero(item["total"])
    return rows


def by_sector(scope: Scope) -> list[Breakdown]:
    """Every sector in NIA's order (those with nothing too), by the proposal's primary
    sector; then the proposals without one (three queries)."""
    counted = _breakdown(scope, F("primary_sector"))
    rows = []
    for sector in Sector.objects.all():
        row = counted.pop(sector.pk, Breakdown("", ""))
        row.key, row.label = sector.code, str(sector)
        rows.append(row)
    if counted.get(None):
        row = counted.pop(None)
        row.key, row.label = "none", _("No sector given")
        rows.append(row)
    return rows


def by_province(scope: Scope) -> list[Breakdown]:
    """The provinces with proposals, the most received first: the province of the target
    area, or else the applicant organisation's (three queries)."""
    counted = _breakdown(scope, Coalesce("province", "organisation__province"))
    provinces = Province.objects.filter(pk__in=[pk for pk in counted if pk is not None])
    rows = []
    for province in provinces:
        row = counted[province.pk]
        row.key, row.label = province.code, str(province)
        rows.append(row)
    rows.sort(key=lambda r: (-r.received, -r.funded, r.label))
    return rows


def _counts_dataset(key, title, description, header, rows) -> Dataset:
    return Dataset(
        key=key,
        title=title,
        description=description,
        label_header=header,
        series=[Series("received", _("Submitted")), Series("funded", _("Funded"))],
        rows=[Row(r.label, [r.received, r.funded], key=r.key) for r in rows],
        chart_skips_zeros=True,
    )


def _money_dataset(key, title, description, header, rows) -> Dataset:
    return Dataset(
        key=key,
        title=title,
        description=description,
        label_header=header,
        series=[Series("requested", _("Requested")), Series("awarded", _("Awarded"))],
        rows=[Row(r.label, [r.requested, r.awarded], key=r.key) for r in rows],
        unit=BAHT,
        chart_skips_zeros=True,
    )


def sectors(scope: Scope) -> Dataset:
    return _counts_dataset(
        "sectors",
        _("Proposals by sector"),
        _("Proposals submitted and projects funded in each of the nine sectors."),
        _("Sector"),
        by_sector(scope),
    )


def sector_money(scope: Scope) -> Dataset:
    return _money_dataset(
        "sector_money",
        _("Money by sector"),
        _("Amounts requested by the proposals submitted and awarded in published results."),
        _("Sector"),
        by_sector(scope),
    )


def provinces(scope: Scope) -> Dataset:
    return _counts_dataset(
        "provinces",
        _("Proposals by province"),
        _("Proposals submitted and projects funded by province of the target area."),
        _("Province"),
        by_province(scope),
    )


def province_money(scope: Scope) -> Dataset:
    return _money_dataset(
        "province_money",
        _("Money by province"),
        _("Amounts requested and awarded by province of the target area."),
        _("Province"),
        by_province(scope),
    )
