"""Template filters for dates, times, money and numerals; the rules are in portal.formatting."""

import json

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal import formatting

register = template.Library()

register.filter("thai_date", formatting.format_date)
register.filter("thai_time", formatting.format_time)
register.filter("thai_datetime", formatting.format_datetime)
register.filter("thai_time_span", formatting.format_time_span)
register.filter("baht", formatting.format_baht)
register.filter("thai_digits", formatting.thai_digits)
register.filter("buddhist_era_years", formatting.buddhist_era_years)
register.filter("notice_version", formatting.notice_version_label)


@register.filter
def short_date(value):
    return formatting.format_date(value, short=True)


@register.simple_tag
def countdown(deadline):
    """A live countdown to `deadline`: rendered here, kept ticking by static/js/portal.js."""
    if deadline is None:
        return ""
    passed = _("The deadline has passed")
    left = formatting.time_left(deadline)
    if left is None:
        return format_html('<span class="countdown text-muted">{}</span>', passed)
    days, hours, minutes = left
    units = {
        "prefix": _("Time left:"),
        "d": _("days"),
        "h": _("hours"),
        "m": _("minutes"),
        "s": _("seconds"),
    }
    text = f"{units['prefix']} {days} {units['d']} {hours} {units['h']} {minutes} {units['m']}"
    return format_html(
        '<span class="countdown" data-deadline="{}" data-units="{}" data-passed="{}">{}</span>',
        deadline.isoformat(),
        json.dumps(units, ensure_ascii=False),
        passed,
        text,
    )
