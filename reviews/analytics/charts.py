"""The SVG of a chart, drawn on the server from its Dataset: horizontal bars (grouped or
stacked, a row's label above its bars so long Thai names fit a phone) and a line for the
years. Only geometry is made here; templates/reviews/analytics/chart.svg.html writes the
elements, and static/css/analytics.css gives them colour and the Sarabun font (classes, never
inline styles: the Content-Security-Policy allows no inline style).

Why by hand and not a plotting library: pygal writes a <style> element and inline scripts
into its SVG, which the strict CSP blocks when the SVG is inline (and an <img> SVG cannot
load the page's fonts, so Thai would fall back to whatever the reader has); matplotlib turns
text into paths or needs its own font set-up, and is heavy. These charts need bars, stacked
bars and one line: a few rectangles each.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from portal.formatting import group_thousands

from .data import BAHT, LINE, STACKED, Dataset, Row

WIDTH = 400  # the viewBox's width: the SVG scales to its column
LABEL_HEIGHT = 18  # a row's label, above its bars
BAR_HEIGHT = 14
STACKED_HEIGHT = 18
BAR_GAP = 3
ROW_GAP = 10
VALUE_ROOM = 100  # right of the longest bar: its value
MAX_ROWS = 15  # more rows: the last bar adds up the rest (the table lists them all)
LABEL_CHARS = 56

LINE_HEIGHT = 240
LINE_MARGIN = {"left": 44, "right": 18, "top": 22, "bottom": 34}
TICKS = 4


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    css: str
    anchor: str = "start"


@dataclass
class Segment:
    """A straight line (an axis, a grid line)."""

    x1: float
    y1: float
    x2: float
    y2: float
    css: str


@dataclass
class Polyline:
    points: str
    css: str


@dataclass
class Dot:
    cx: float
    cy: float
    css: str
    title: str = ""


@dataclass
class Figure:
    dataset: Dataset
    width: int
    height: float
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    polylines: list[Polyline] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def format_value(value, unit: str) -> str:
    """A bar's value, short: "1,250", "3.5 M" baht ("3.5 ล้าน" in Thai)."""
    if value is None:
        return "–"
    if unit == BAHT and abs(Decimal(value)) >= 1_000_000:
        millions = (Decimal(value) / 1_000_000).quantize(Decimal("0.1"))
        return _("%(amount)s M") % {"amount": f"{millions:,}"}
    return group_thousands(value)


def draw(dataset: Dataset) -> Figure | None:
    """The chart of `dataset`, or None when it has nothing but zeros."""
    if dataset.is_empty:
        return None
    if dataset.kind == LINE:
        return _line(dataset)
    return _bars(dataset)


def _r(value) -> float:
    return round(float(value), 1)


def _shown_rows(dataset: Dataset) -> tuple[list[Row], list[str]]:
    """The rows to draw: at most MAX_ROWS, the rest added up in the last."""
    rows = dataset.rows
    if dataset.chart_skips_zeros:
        rows = [row for row in rows if row.total]
    if len(rows) <= MAX_ROWS:
        return rows, []
    kept, rest = rows[: MAX_ROWS - 1], rows[MAX_ROWS - 1 :]
    others = Row(
        _("Others (%(count)s)") % {"count": len(rest)},
        [sum((r.values[i] or 0 for r in rest), 0) for i in range(len(dataset.series))],
        key="others",
    )
    note = _("The chart adds up all but the first %(count)s rows; the table lists every one.")
    return [*kept, others], [note % {"count": MAX_ROWS - 1}]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _bars(dataset: Dataset) -> Figure:
    rows, notes = _shown_rows(dataset)
    stacked = dataset.kind == STACKED
    longest = max(
        (row.total if stacked else max((v or 0 for v in row.values), default=0)) for row in rows
    )
    scale = (WIDTH - VALUE_ROOM) / float(longest or 1)
    shares = dict(zip((r.key for r in dataset.rows), dataset.shares(), strict=False))
    fig = Figure(dataset=dataset, width=WIDTH, height=0, notes=notes + dataset.notes)
    y = 4.0
    for row in rows:
        fig.texts.append(Text(0, y + 13, _label(row.label), "chart-label"))
        y += LABEL_HEIGHT
        if stacked:
            y = _stacked_row(fig, dataset, row, y, scale)
        else:
            y = _grouped_row(fig, dataset, row, y, scale, shares.get(row.key))
        y += ROW_GAP
    fig.height = _r(y)
    return fig


def _bar_title(dataset: Dataset, row: Row, index: int, value) -> str:
    return f"{row.label} – {dataset.series[index].label}: {format_value(value, dataset.unit)}"


def _grouped_row(fig, dataset, row, y, scale, share) -> float:
    for index, value in enumerate(row.values):
        width = float(value or 0) * scale
        if value and width < 1:
            width = 1  # a small value still shows
        title = _bar_title(dataset, row, index, value)
        fig.rects.append(Rect(0, _r(y), _r(width), BAR_HEIGHT, f"chart-s{index}", title))
        text = format_value(value, dataset.unit)
        if share is not None and index == 0:
            text = f"{text} ({share}%)"
        fig.texts.append(Text(_r(width + 4), _r(y + 11), text, "chart-value"))
        y += BAR_HEIGHT + BAR_GAP
    return y


def _stacked_row(fig, dataset, row, y, scale) -> float:
    x = 0.0
    for index, value in enumerate(row.values):
        width = float(value or 0) * scale
        if width:
            title = _bar_title(dataset, row, index, value)
            fig.rects.append(
                Rect(_r(x), _r(y), _r(width), STACKED_HEIGHT, f"chart-s{index}", title)
            )
        x += width
    text = format_value(row.total, dataset.unit)
    fig.texts.append(Text(_r(x + 4), _r(y + 13), text, "chart-value"))
    return y + STACKED_HEIGHT + BAR_GAP


def nice_step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) for about TICKS ticks up to `top`."""
    raw = max(top, 1) / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= raw:
            return max(multiple * magnitude, 1)
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _line(dataset: Dataset) -> Figure:
    m = LINE_MARGIN
    plot_w = WIDTH - m["left"] - m["right"]
    plot_h = LINE_HEIGHT - m["top"] - m["bottom"]
    top_value = max(float(v or 0) for row in dataset.rows for v in row.values)
    step = nice_step(top_value)
    ceiling = step * max(math.ceil(top_value / step), 1)
    fig = Figure(dataset=dataset, width=WIDTH, height=LINE_HEIGHT, notes=list(dataset.notes))
    bottom = m["top"] + plot_h

    def y_of(value) -> float:
        return _r(bottom - float(value or 0) / ceiling * plot_h)

    count = len(dataset.rows)
    xs = [
        _r(m["left"] + (plot_w * i / (count - 1) if count > 1 else plot_w / 2))
        for i in range(count)
    ]
    for tick in range(int(ceiling / step) + 1):
        value = tick * step
        fig.segments.append(
            Segment(m["left"], y_of(value), WIDTH - m["right"], y_of(value), "chart-grid")
        )
        fig.texts.append(
            Text(
                m["left"] - 6,
                y_of(value) + 4,
                format_value(value, dataset.unit),
                "chart-tick",
                "end",
            )
        )
    every = max(1, math.ceil(count / 8))
    for i, (x, row) in enumerate(zip(xs, dataset.rows, strict=True)):
        if row.highlight:
            fig.rects.append(Rect(_r(x - 16), m["top"], 32, plot_h, "chart-highlight"))
        if i % every == 0 or row.highlight:
            css = "chart-tick chart-tick-strong" if row.highlight else "chart-tick"
            fig.texts.append(Text(x, bottom + 18, row.label, css, "middle"))
    for index, _series in enumerate(dataset.series):
        points = [(x, y_of(row.values[index])) for x, row in zip(xs, dataset.rows, strict=True)]
        fig.polylines.append(
            Polyline(" ".join(f"{x},{y}" for x, y in points), f"chart-line chart-s{index}")
        )
        for (x, y), row in zip(points, dataset.rows, strict=True):
            value = row.values[index]
            fig.dots.append(
                Dot(x, y, f"chart-dot chart-s{index}", _bar_title(dataset, row, index, value))
            )
            if count <= 8:
                fig.texts.append(
                    Text(x, y - 7, format_value(value, dataset.unit), "chart-value", "middle")
                )
    return fig
