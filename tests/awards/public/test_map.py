"""The province map: 77 shapes from the shipped boundaries, coloured by class, each a link."""

from decimal import Decimal

import pytest

from awards.public.map import EMPTY, PALETTE, class_breaks, province_map, shapes
from awards.public.queries import ProvinceTotal
from grants.models import Province


def test_class_breaks_are_quantiles_of_the_values_above_zero():
    assert class_breaks([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert class_breaks([0, 1, 1, 1]) == [1]
    assert class_breaks([0, 0]) == []


@pytest.mark.django_db
def test_every_province_has_one_shape_and_every_shape_a_province():
    outlines, width, height = shapes()

    assert sorted(s.code for s in outlines) == sorted(
        Province.objects.values_list("code", flat=True)
    )
    assert len(outlines) == 77
    assert "TH-38" in {s.code for s in outlines}  # Bueng Kan, the newest province
    assert (width, height) == (360, pytest.approx(height))
    assert 600 < height < 720  # Thailand is about twice as tall as wide


@pytest.mark.django_db
def test_provinces_are_coloured_by_class_and_link_to_their_projects():
    provinces = list(Province.objects.all())
    by_code = {p.code: p for p in provinces}
    totals = {
        by_code["TH-10"].pk: ProvinceTotal(5, Decimal("900000")),
        by_code["TH-50"].pk: ProvinceTotal(1, Decimal("100000")),
    }

    drawn = province_map(
        provinces,
        totals,
        measure="count",
        href=lambda p: f"?province={p.code}",
        selected=by_code["TH-50"],
    )

    fills = {p.code: p.fill for p in drawn.provinces}
    assert fills["TH-10"] == PALETTE[-1]
    assert fills["TH-50"] == PALETTE[-2]
    assert fills["TH-43"] == EMPTY
    bangkok = next(p for p in drawn.provinces if p.code == "TH-10")
    assert bangkok.href == "?province=TH-10"
    assert bangkok.label == "กรุงเทพมหานคร: 5 โครงการ, 900,000 บาท"
    assert [p.code for p in drawn.provinces if p.selected] == ["TH-50"]
    assert [c.label for c in drawn.legend] == ["ไม่มี", "1", "2 – 5"]


@pytest.mark.django_db
def test_the_legend_of_amounts_starts_at_the_smallest_amount_drawn():
    provinces = list(Province.objects.all())
    totals = {
        provinces[0].pk: ProvinceTotal(1, Decimal("80000")),
        provinces[1].pk: ProvinceTotal(2, Decimal("300000")),
    }

    drawn = province_map(provinces, totals, measure="amount", href=lambda p: "")

    assert [c.label for c in drawn.legend] == [
        "ไม่มี",
        "80,000 บาท",
        "80,001 บาท – 300,000 บาท",
    ]
