"""The projects of the results announcement, rendered in plain Python.

`{% results_items announcement.items %}` writes what the announcement's loop wrote for each
awarded project (its number and its sentence), byte for byte, without the template engine's
work per value: the public results page lists every awarded project of the call (hundreds
at national scale), and that loop was a fifth of the page's time.

Every value goes through `esc` (Django's conditional_escape, as the template's autoescaping
did): the sentences carry the names and titles applicants typed. There is nothing to
translate in a line (the sentences were written in the active language by
reviews.announcement). tests/reviews/test_results_rows.py renders the lines both ways
(this and the loop it replaces) and compares them.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from .ranking_rows import esc

register = template.Library()

LINE = (
    '\n          <li class="d-flex gap-2 mb-3">\n'
    '            <span class="fw-semibold flex-shrink-0">{number}</span>\n'
    "            <span>{text}</span>\n"
    "          </li>\n        "
)


@register.simple_tag
def results_items(items) -> SafeString:
    """The list's lines: each project's number and sentence, escaped."""
    line = LINE.format
    html = "".join(line(number=esc(item.number), text=esc(item.text)) for item in items)
    # Every value above is escaped (esc); the rest is the markup of the template's loop.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
