"""The rows of the reviewer's queue, rendered in plain Python.

`{% queue_rows group.rows %}` writes what templates/reviews/scoring/includes/queue.html's
row loop wrote for each assignment of a call (its title, reference and organisation, its
state's badge and the button of what to do next), byte for byte, without the template's
tags per row: a national reviewer has over a hundred assignments, and the loop's `{% url %}`,
`{% with %}` and variables were most of the page's time. Here what is the same on every row
(the badge, label and button of each state, the URL pattern) is worked out once per call,
what belongs to the row once per row.

Every value from the database goes through `esc` (Django's conditional_escape, as the
template's autoescaping did), and so do the state's badge, label and action, as `{{ }}`
escaped them. tests/reviews/test_queue_rows.py renders the rows both ways (this and the
template loop it replaces) and compares them.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..queries import QueueState
from .ranking_rows import esc, url_with_pk

register = template.Library()

ROW_START = (
    '\n        <li class="list-group-item d-flex flex-column flex-sm-row justify-content-between '
    'align-items-sm-center gap-2">\n          <div class="me-sm-2">\n            '
)
DETAILS = (
    '\n          <div class="d-flex flex-wrap align-items-center gap-2 flex-shrink-0">\n'
    "            "
)
ROW_END = "\n          </div>\n        </li>\n      "


def _state(row) -> tuple[str, str | None, str]:
    """The row's badge and its button before and after the URL (None for a state without
    an action), escaped as `{{ row.badge }}`, `{{ row.label }}` and `{{ row.action }}` were."""
    badge = f'<span class="badge {esc(row.badge)}">{esc(row.label)}</span>'
    action = row.action
    if not action:
        return badge, None, ""
    kind = "btn-outline-secondary" if row.state == QueueState.SUBMITTED else "btn-primary"
    return badge, f'<a class="btn btn-sm {kind} text-nowrap" href="', f'">{esc(action)}</a>'


@register.simple_tag
def queue_rows(rows) -> SafeString:
    """One call's rows (reviews.queries.QueueRow): its assignments as list items."""
    review_url = url_with_pk("reviews:review_proposal")
    states: dict = {}
    out = []
    for row in rows:
        shown = states.get(row.state)
        if shown is None:
            shown = states[row.state] = _state(row)
        badge, button, after = shown
        proposal = row.proposal
        title = esc(proposal.title)
        if button is None:
            title, button = f'<span class="fw-semibold text-muted">{title}</span>', ""
        else:
            url = review_url(proposal.pk)
            title = f'<a class="fw-semibold" href="{url}">{title}</a>'
            button = f"{button}{url}{after}"
        organisation = row.organisation
        where = esc(proposal.reference)
        if organisation:
            where += f" · {esc(organisation.name)}"
        out.append(
            f'{ROW_START}{title}\n            <div class="small text-muted">{where}</div>\n'
            f"          </div>{DETAILS}{badge}\n            {button}{ROW_END}"
        )
    # Every value above is escaped (esc), as the template left it.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
