"""What a chart shows, whatever draws it: a Dataset of rows (a label and one number per
series). The SVG, the table under it and the CSV download are all read from one Dataset."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from proposals.exports import BOM, neutralise

# What the numbers are: how a value is written on a bar and in the table.
COUNT, BAHT, DAYS = "count", "baht", "days"
# How it is drawn.
BARS, STACKED, LINE = "bars", "stacked", "line"


@dataclass(frozen=True)
class Series:
    key: str
    label: str


@dataclass
class Row:
    label: str
    values: list
    key: str = ""  # a stable code: a sector's code, a province's, a year
    highlight: bool = False  # the call's own year, on the year-over-year chart

    @property
    def total(self):
        return sum((value or 0 for value in self.values), 0)


@dataclass
class Dataset:
    key: str
    title: str
    description: str  # what the chart shows, for its <desc> (alt text)
    label_header: str  # the heading of the first column
    series: list[Series]
    rows: list[Row]
    unit: str = COUNT
    kind: str = BARS
    # For a funnel: each row's share of the first row, in percent (shown and exported).
    share_header: str = ""
    # The chart leaves out rows of zeros (every sector is in the table, those with nothing
    # too; the chart draws those with something).
    chart_skips_zeros: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(row.total for row in self.rows)

    def shares(self) -> list[Decimal | None]:
        """Each row's first value as a percentage of the first row's (one decimal)."""
        if not self.share_header or not self.rows:
            return []
        first = self.rows[0].values[0] or 0
        return [
            (Decimal(100) * (row.values[0] or 0) / first).quantize(Decimal("0.1"))
            if first
            else None
            for row in self.rows
        ]

    def table(self) -> Iterator[tuple[Row, Decimal | None]]:
        """The rows with their share (None where the chart has no shares)."""
        shares = self.shares() or [None] * len(self.rows)
        return zip(self.rows, shares, strict=True)

    def value(self, row_key: str, series_key: str):
        """One number, by the row's key and the series' key (for tests and summaries)."""
        column = [s.key for s in self.series].index(series_key)
        return next(row.values[column] for row in self.rows if row.key == row_key)


def csv_headers(dataset: Dataset) -> list[str]:
    headers = [dataset.label_header, *(series.label for series in dataset.series)]
    return [*headers, dataset.share_header] if dataset.share_header else headers


def csv_lines(dataset: Dataset) -> Iterator[str]:
    """The dataset as CSV lines, UTF-8 with a BOM (for Excel): the table under the chart."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield BOM
    yield writer.writerow(csv_headers(dataset))
    for row, share in dataset.table():
        cells = [neutralise(row.label), *row.values]
        yield writer.writerow([*cells, share] if dataset.share_header else cells)
