"""The province map of funded projects: SVG drawn on the server from the shipped boundaries
(data/provinces.geojson, Natural Earth, public domain; see data/README.md).

No script and no inline style, so the strict Content-Security-Policy holds: colours are SVG
presentation attributes, and each province is a link that filters the list. The same numbers
are in a table beside the map for screen readers and for people who cannot tell colours apart.
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import ngettext, pgettext

from portal.formatting import format_baht, group_thousands

from .queries import ProvinceTotal

BOUNDARIES = Path(__file__).parent / "data" / "provinces.geojson"
WIDTH = 360.0  # SVG user units; the height follows from Thailand's shape
# Sequential blues (ColorBrewer "Blues", 5 classes), light to dark; none: a light grey.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
EMPTY = "#f3f3f3"
COUNT, AMOUNT = "count", "amount"


@dataclass(frozen=True)
class Shape:
    code: str
    path: str  # the SVG path's "d", in the map's coordinates


@dataclass(frozen=True)
class MapProvince:
    code: str
    name: str
    path: str
    count: int
    amount: Decimal
    fill: str
    label: str  # "Khon Kaen: 3 projects, THB 450,000"
    href: str
    selected: bool


@dataclass(frozen=True)
class LegendClass:
    fill: str
    label: str


@dataclass(frozen=True)
class ProvinceMap:
    width: int
    height: int
    provinces: list[MapProvince]
    legend: list[LegendClass]
    measure: str


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _rings(geometry: dict):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        yield from polygon


@cache
def shapes() -> tuple[tuple[Shape, ...], int, int]:
    """Every province's outline as an SVG path, projected (Mercator) and fitted to WIDTH;
    read once per process."""
    features = json.loads(BOUNDARIES.read_text())["features"]
    projected = [
        (
            f["properties"]["code"],
            [[_mercator(*point) for point in ring] for ring in _rings(f["geometry"])],
        )
        for f in features
    ]
    xs = [x for _code, rings in projected for ring in rings for x, _y in ring]
    ys = [y for _code, rings in projected for ring in rings for _x, y in ring]
    left, top = min(xs), max(ys)
    scale = WIDTH / (max(xs) - left)
    height = round((top - min(ys)) * scale)

    def path(rings) -> str:
        parts = []
        for ring in rings:
            points = " ".join(f"{(x - left) * scale:.1f},{(top - y) * scale:.1f}" for x, y in ring)
            parts.append(f"M{points}Z")
        return "".join(parts)

    return tuple(Shape(code, path(rings)) for code, rings in projected), int(WIDTH), height


def class_breaks(values: list, classes: int = len(PALETTE)) -> list:
    """Upper bounds of up to `classes` colour classes over the non-zero `values` (quantiles,
    so that a few large provinces do not leave the rest in one colour)."""
    ordered = sorted(v for v in values if v)
    if not ordered:
        return []
    breaks = []
    for k in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, math.ceil(k * len(ordered) / classes) - 1)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def _fill(value, breaks: list) -> str:
    if not value:
        return EMPTY
    palette = PALETTE[len(PALETTE) - len(breaks) :]
    for colour, bound in zip(palette, breaks, strict=True):
        if value <= bound:
            return colour
    return palette[-1]


def _show(value, measure: str) -> str:
    return format_baht(value) if measure == AMOUNT else group_thousands(value)


def _legend(breaks: list, measure: str, lowest) -> list[LegendClass]:
    """ "none", then each class from its lowest value (the smallest value drawn, or one above
    the class before) to its upper bound."""
    palette = PALETTE[len(PALETTE) - len(breaks) :]
    legend = [LegendClass(EMPTY, pgettext("map legend", "none"))]
    low = lowest
    for colour, bound in zip(palette, breaks, strict=True):
        text = (
            _show(bound, measure)
            if low >= bound
            else f"{_show(low, measure)} – {_show(bound, measure)}"
        )
        legend.append(LegendClass(colour, text))
        low = bound + 1
    return legend


def province_label(name: str, total: ProvinceTotal | None) -> str:
    count = total.count if total else 0
    projects = ngettext("%(count)s project", "%(count)s projects", count) % {
        "count": group_thousands(count)
    }
    if not count:
        return f"{name}: {projects}"
    return f"{name}: {projects}, {format_baht(total.amount)}"


def province_map(
    provinces, totals: dict[int, ProvinceTotal], *, measure: str, href, selected=None
) -> ProvinceMap:
    """The map of `provinces` (grants.Province, all 77) coloured by `measure` ("count" or
    "amount") of `totals` (queries.province_totals). `href(province)` is each link."""
    by_code = {province.code: province for province in provinces}
    value = {code: _value(totals.get(p.pk), measure) for code, p in by_code.items()}
    breaks = class_breaks(list(value.values()))
    outlines, width, height = shapes()
    drawn = []
    for shape in outlines:
        province = by_code[shape.code]
        total = totals.get(province.pk)
        drawn.append(
            MapProvince(
                code=shape.code,
                name=province.name,
                path=shape.path,
                count=total.count if total else 0,
                amount=total.amount if total else Decimal(0),
                fill=_fill(value[shape.code], breaks),
                label=province_label(province.name, total),
                href=href(province),
                selected=selected is not None and selected.pk == province.pk,
            )
        )
    lowest = min((v for v in value.values() if v), default=0)
    return ProvinceMap(width, height, drawn, _legend(breaks, measure, lowest), measure)


def _value(total: ProvinceTotal | None, measure: str):
    if total is None:
        return 0
    return total.amount if measure == AMOUNT else total.count
