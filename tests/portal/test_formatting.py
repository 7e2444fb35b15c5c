from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import formatting

# 18 April 2020 (2563 BE), 23:59 in Bangkok is 16:59 UTC.
DEADLINE = datetime(2020, 4, 18, 16, 59, tzinfo=UTC)


def test_thai_date_uses_buddhist_era_and_thai_month():
    assert formatting.format_date(DEADLINE) == "18 เมษายน 2563"


def test_english_date_uses_common_era():
    with translation.override("en"):
        assert formatting.format_date(DEADLINE) == "18 April 2020"


def test_date_is_taken_in_bangkok_time_not_utc():
    # 20:00 UTC on 30 April is already 1 May in Bangkok.
    late = datetime(2017, 4, 30, 20, 0, tzinfo=UTC)
    assert formatting.format_date(late) == "1 พฤษภาคม 2560"


def test_plain_date_is_formatted_without_time_zone_shift():
    assert formatting.format_date(date(2017, 5, 1)) == "1 พฤษภาคม 2560"


def test_short_thai_date():
    assert formatting.format_date(DEADLINE, short=True) == "18 เม.ย. 2563"


def test_deadline_time_says_its_time_zone_in_both_languages():
    assert formatting.format_time(DEADLINE) == "23:59 น. เวลาประเทศไทย"
    with translation.override("en"):
        assert formatting.format_time(DEADLINE) == "23:59 ICT"


def test_datetime_in_both_languages():
    assert formatting.format_datetime(DEADLINE) == "18 เมษายน 2563 เวลา 23:59 น. เวลาประเทศไทย"
    with translation.override("en"):
        assert formatting.format_datetime(DEADLINE) == "18 April 2020, 23:59 ICT"


@pytest.mark.parametrize(
    ("amount", "thai", "english"),
    [
        (Decimal("100000"), "100,000 บาท", "THB 100,000"),
        (Decimal("1250.5"), "1,250.50 บาท", "THB 1,250.50"),
        (Decimal("0"), "0 บาท", "THB 0"),
        (70_000_000, "70,000,000 บาท", "THB 70,000,000"),
    ],
)
def test_money_in_both_languages(amount, thai, english):
    assert formatting.format_baht(amount) == thai
    with translation.override("en"):
        assert formatting.format_baht(amount) == english


def test_thai_numerals():
    assert formatting.thai_digits("1 พฤษภาคม พ.ศ. 2560") == "๑ พฤษภาคม พ.ศ. ๒๕๖๐"


def test_time_left_counts_days_hours_minutes():
    now = datetime(2020, 4, 15, 14, 58, tzinfo=UTC)
    assert formatting.time_left(DEADLINE, now) == (3, 2, 1)
    assert formatting.time_left(DEADLINE, DEADLINE) is None


def test_template_filters_use_the_same_rules():
    rendered = Template(
        "{% load thai_format %}{{ d|thai_date }}|{{ d|thai_time }}|{{ a|baht }}|{{ y|thai_digits }}"
    ).render(Context({"d": DEADLINE, "a": Decimal("100000"), "y": 2563}))
    assert rendered == "18 เมษายน 2563|23:59 น. เวลาประเทศไทย|100,000 บาท|๒๕๖๓"


def test_a_time_slot_says_its_day_once_and_its_hours_in_bangkok_time():
    start = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
    end = datetime(2026, 12, 8, 2, 20, tzinfo=UTC)
    with translation.override("th"):
        assert formatting.format_time_span(start, end) == (
            "8 ธันวาคม 2569 เวลา 09:00–09:20 น. เวลาประเทศไทย"
        )
    with translation.override("en"):
        assert formatting.format_time_span(start, end) == "8 December 2026, 09:00–09:20 ICT"
        later = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)
        assert formatting.format_time_span(start, later) == (
            "8 December 2026, 09:00 ICT – 9 December 2026, 09:00 ICT"
        )
