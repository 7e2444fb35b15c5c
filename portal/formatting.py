"""Thai and English display of dates, times and money: the one place these rules live.

Django's Thai locale prints Common-Era years, so Buddhist-Era dates are made here, once, on
the server. Every function follows the active language (Thai unless English is active).
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
THAI_MONTHS_SHORT = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
BUDDHIST_ERA_OFFSET = 543
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def is_thai() -> bool:
    return not (translation.get_language() or "th").startswith("en")


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def buddhist_year(value: date | datetime) -> int:
    return value.year + BUDDHIST_ERA_OFFSET


# A year of the Common Era as it appears in a label Django formats itself ("2026", "March 2026").
COMMON_ERA_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
YEAR_AND_MONTH = re.compile(r"(\d{4})-(\d{2})")


def buddhist_era_years(text: str) -> str:
    """'มีนาคม 2026' becomes 'มีนาคม 2569' in Thai: for labels that Django dates itself (the
    admin's date drill-down). Left as it is in English."""
    if not is_thai():
        return text
    return COMMON_ERA_YEAR.sub(lambda m: str(int(m.group()) + BUDDHIST_ERA_OFFSET), str(text))


def notice_version_label(version: str) -> str:
    """A privacy notice version "2026-11" as its month: 'พฤศจิกายน 2569' / 'November 2026'.

    A version in another form is shown as it is.
    """
    match = YEAR_AND_MONTH.fullmatch(str(version))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return str(version)
    year, month = int(match.group(1)), int(match.group(2))
    if is_thai():
        return f"{THAI_MONTHS[month - 1]} {year + BUDDHIST_ERA_OFFSET}"
    return f"{ENGLISH_MONTHS[month - 1]} {year}"


def format_date(value: date | datetime | None, *, short: bool = False) -> str:
    """'18 เมษายน 2563' in Thai (Buddhist Era), '18 April 2020' in English."""
    if not value:  # None, or "" from a missing template variable
        return ""
    value = _local(value)
    if is_thai():
        months = THAI_MONTHS_SHORT if short else THAI_MONTHS
        return f"{value.day} {months[value.month - 1]} {buddhist_year(value)}"
    month = ENGLISH_MONTHS[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


def format_time(value: datetime | None) -> str:
    """'23:59 น. เวลาประเทศไทย' in Thai, '23:59 ICT' in English (Bangkok time)."""
    if not value:  # None, or "" from a missing template variable
        return ""
    value = _local(value)
    if is_thai():
        return f"{value:%H:%M} น. เวลาประเทศไทย"
    return f"{value:%H:%M} ICT"


def format_datetime(value: datetime | None) -> str:
    """'18 เมษายน 2563 เวลา 23:59 น. เวลาประเทศไทย' / '18 April 2020, 23:59 ICT'."""
    if not value:  # None, or "" from a missing template variable
        return ""
    if is_thai():
        return f"{format_date(value)} เวลา {format_time(value)}"
    return f"{format_date(value)}, {format_time(value)}"


def format_time_span(start: datetime | None, end: datetime | None) -> str:
    """'8 ธันวาคม 2569 เวลา 09:00–09:20 น. เวลาประเทศไทย' / '8 December 2026, 09:00–09:20 ICT':
    a time slot within a day (an end on another day is written in full)."""
    if not start or not end:
        return format_datetime(start)
    local_start, local_end = _local(start), _local(end)
    if local_start.date() != local_end.date():
        return f"{format_datetime(start)} – {format_datetime(end)}"
    hours = f"{local_start:%H:%M}–{local_end:%H:%M}"
    if is_thai():
        return f"{format_date(local_start)} เวลา {hours} น. เวลาประเทศไทย"
    return f"{format_date(local_start)}, {hours} ICT"


def format_datetime_seconds(value: datetime | None) -> str:
    """'31 มีนาคม 2569 เวลา 23:59:59 น. เวลาประเทศไทย' / '31 March 2026, 23:59:59 ICT': to the
    second, where a second decides (a submission against its deadline)."""
    if not value:
        return ""
    local = _local(value)
    if is_thai():
        return f"{format_date(local)} เวลา {local:%H:%M:%S} น. เวลาประเทศไทย"
    return f"{format_date(local)}, {local:%H:%M:%S} ICT"


def group_thousands(amount: Decimal | int | float | str) -> str:
    """'100,000' or '1,250.50': whole baht without decimals, otherwise two decimals."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def format_baht(amount: Decimal | int | float | str | None) -> str:
    """'100,000 บาท' in Thai, 'THB 100,000' in English."""
    if amount is None or amount == "":
        return ""
    text = group_thousands(amount)
    return f"{text} บาท" if is_thai() else f"THB {text}"


def thai_digits(value) -> str:
    """Arabic digits as Thai numerals, as official documents print them: 2563 → ๒๕๖๓."""
    return str(value).translate(THAI_DIGITS)


def time_left(deadline: datetime, now: datetime | None = None) -> tuple[int, int, int] | None:
    """Days, hours and minutes until `deadline`, or None when it has passed."""
    seconds = int((deadline - (now or timezone.now())).total_seconds())
    if seconds <= 0:
        return None
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return days, hours, rest // 60
