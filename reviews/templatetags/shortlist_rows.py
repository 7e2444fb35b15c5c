"""The rows of a stage's shortlist (templates/reviews/shortlist.html), rendered in plain Python.

At national scale a stage's ranking has thousands of rows, all on one page so that the tick
boxes work across the whole list; the template's tags per row were most of the page's time.
The markup is what the template drew row by row.
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape  # what django.utils.html.escape does, without its lazy wrapper

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from portal.formatting import group_thousands, is_thai
from proposals.enums import ProposalState

register = template.Library()
CENT = Decimal("0.01")
OVER_BUDGET = (' class="table-light"', " text-warning-emphasis")  # the row's, its total's


def _score(value: float) -> str:
    """As the template's `floatformat:2` (half up, from the float's shortest repr)."""
    return str(Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP))


@register.simple_tag
def shortlist_rows(rows, confirmed: bool) -> SafeString:
    """`rows`: the stage's ranking rows with `state`, `title`, `stage_running_total`,
    `over_budget`, `ticked` and `result` (reviews.views.shortlist)."""
    pick = gettext("Shortlist %(reference)s")
    went_on = escape(pgettext("stage result", "shortlisted"))
    left_out = escape(pgettext("stage result", "not shortlisted"))
    eligible = ProposalState.ELIGIBLE
    # As the `baht` filter (portal.formatting.format_baht), the language looked at once.
    baht = "{} บาท" if is_thai() else "THB {}"
    out = []
    for row in rows:
        pk = int(row.pk)
        reference = escape(row.proposal.reference)
        box = ""
        if row.state == eligible and not confirmed:
            box = (
                f'<input class="form-check-input" type="checkbox" name="shortlisted" '
                f'value="{pk}" data-amount="{row.requested_amount:f}" id="pick-{pk}"'
                f"{' checked' if row.ticked else ''} "
                f'aria-label="{escape(pick % {"reference": row.proposal.reference})}">'
            )
        calibrated = "—" if row.calibrated is None else _score(row.calibrated)
        result = ""
        if row.result is not None:
            if row.result.advanced:
                result = f'<span class="badge text-bg-success">{went_on}</span>'
            else:
                result = (
                    f'<span class="badge text-bg-secondary">{left_out}</span> '
                    f'<span class="small">{escape(row.result.reason)}</span>'
                )
        shade, warn = OVER_BUDGET if row.over_budget else ("", "")
        requested = baht.format(group_thousands(row.requested_amount))
        out.append(
            f'<tr id="shortlist-row-{pk}"{shade}>'
            f"<td>{box}</td>"
            f"<td>{int(row.rank)}</td>"
            f'<td><label for="pick-{pk}"><span class="fw-semibold">{reference}</span> '
            f"{escape(row.title)}</label></td>"
            f'<td class="text-end">{calibrated}</td>'
            f'<td class="text-end text-nowrap">{requested}</td>'
            f'<td class="text-end text-nowrap{warn}">'
            f"{baht.format(group_thousands(row.stage_running_total))}</td>"
            f"<td>{result}</td></tr>\n"
        )
    # Every value above is escaped or a number; the markup is written here.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
