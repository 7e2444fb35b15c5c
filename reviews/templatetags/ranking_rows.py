"""The rows of the committee's ranking table, rendered in plain Python.

`{% ranking_rows rows %}` writes what the ranking's row template wrote for each row (the
row, its flags and decision cell, and the funding line after the last funded row), byte for
byte, without a template per row: the page shows 100 rows, and their includes (flags and
decision twice each), `{% url %}` and filters were most of a warm request. Here what is the
same on every row (translations, the URL patterns, the CSRF field) is worked out once per
page, the flags and the decision cell once per row.

Every value from the database or the ranking goes through `esc` (Django's conditional_escape,
as the template's autoescaping did); translations are not escaped, as `{% translate %}` and
`{% blocktranslate %}` do not escape them. tests/reviews/test_ranking_rows.py renders the
rows both ways (this and the template it replaces) and compares them.
"""

import html
import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.formatting import format_baht

register = template.Library()

DASH = "—"
QUANTUM = {1: Decimal("0.1"), 2: Decimal("0.01")}
MARKER = "987654321"  # stands for the pk in a URL reversed once (any number would do)


def esc(value) -> str:
    """Django's conditional_escape (escape unless safe), without the lazy-string wrapper of
    its `escape`: that wrapper was a third of the time of these rows."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))  # what django.utils.html.escape does


def url_with_pk(name: str):
    """`reverse(name, kwargs={"pk": pk})` for many pks: the pattern is reversed once, with a
    marker where the pk goes (an `<int:pk>` converter writes the number as it is), and each
    pk put in its place; the parts escaped as `{% url %}` escapes its output."""
    url = reverse(name, kwargs={"pk": int(MARKER)})
    if url.count(MARKER) != 1:  # the number is elsewhere in the URL too: reverse each one
        return lambda pk: esc(reverse(name, kwargs={"pk": pk}))
    head, _marker, tail = url.partition(MARKER)
    head, tail = esc(head), esc(tail)
    return lambda pk: f"{head}{pk}{tail}"


def fixed(value, places: int, decimal_separator: str) -> str:
    """`value|floatformat:places` (places 1 or 2) for the scores of the ranking: a float below
    1,000 rounded half up from its shortest repr, as floatformat rounds it; anything else
    (None, Decimal, a large number, another separator) through floatformat itself."""
    if (
        type(value) is not float
        or decimal_separator != "."
        or not math.isfinite(value)
        or abs(value) >= 1000
    ):
        return floatformat(value, places)
    rounded = Decimal(repr(value)).quantize(QUANTUM[places], ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text[1:] if text[0] == "-" and not rounded else text  # never "-0.00"


def _decision(proposal):
    """The proposal's decision, or None (a proposal without one raises, as templates hide)."""
    try:
        return proposal.decision
    except ObjectDoesNotExist:
        return None


class _Page:
    """What every row of one page shares: permissions, translations, URLs, the CSRF field."""

    def __init__(self, context):
        self.context = context
        self.may_decide = context.get("may_decide")
        self.may_read_dossiers = context.get("may_read_dossiers")
        self.may_add_reviewer = context.get("may_add_reviewer")
        self.hidden = context.get("hidden") or ()
        self.separator = formats.get_format("DECIMAL_SEPARATOR")
        # Whole numbers as the template shows them: localized, so grouped only if the
        # settings group thousands.
        self.plain_ints = not settings.USE_THOUSAND_SEPARATOR
        self.dossier_url = url_with_pk("reviews:proposal_dossier")
        self.decide_url = url_with_pk("reviews:decide")
        self.extra_reviewer_url = url_with_pk("reviews:extra_reviewer")
        self._csrf = None
        percent = self.value(context.get("interval_percent"))
        budget = esc(format_baht(context.get("budget")))
        self.t = {
            "uncertain": gettext(
                "The intervals overlap: the order is not certain within these ranks"
            ),
            "could_be": gettext("could be %(best)s–%(worst)s"),
            "read": gettext("Read the proposal and its reviews"),
            "conflict_title": gettext(
                "You have a conflict of interest with this proposal: its scores are not "
                "shown to you."
            ),
            "conflict": gettext("Conflict"),
            "interval": gettext("%(percent)s%% interval") % {"percent": percent},
            "line": gettext("Funding line: budget %(budget)s") % {"budget": budget},
            "disagree": gettext("Reviewers disagree"),
            "assign_title": gettext(
                "Assign one more reviewer, chosen by the assignment rules (conflicts of "
                "interest, caps, expertise)"
            ),
            "one_more": gettext("One more reviewer"),
            "change": gettext("Change"),
            "decide": gettext("Decide"),
        }
        self.outcomes: dict = {}
        self.names: dict = {}
        self.amounts: dict = {}

    def value(self, value) -> str:
        """`{{ value }}`: localized and escaped (a whole number as it is when not grouped)."""
        if self.plain_ints and type(value) is int:
            return str(value)
        return esc(formats.localize(value))

    def csrf(self) -> str:
        """`{% csrf_token %}`, asked for only when a row has a form (asking sets the cookie)."""
        if self._csrf is None:
            self._csrf = CsrfTokenNode().render(self.context)
        return self._csrf

    def score(self, value, places: int = 2) -> str:
        """`value|floatformat:places|default:"—"` (the one-decimal interval has no default)."""
        return fixed(value, places, self.separator) or (DASH if places == 2 else "")

    def name(self, item) -> str:
        """`{{ item }}` for a sector or a province (the same few on every page), escaped."""
        key = (type(item), item.pk)
        text = self.names.get(key)
        if text is None:
            text = self.names[key] = esc(item)
        return text

    def baht(self, amount) -> str:
        """`{{ amount|baht }}`, each amount once (many proposals ask for the same)."""
        text = self.amounts.get(amount)
        if text is None:
            text = self.amounts[amount] = esc(format_baht(amount))
        return text

    def outcome(self, decision) -> str:
        label = self.outcomes.get(decision.outcome)
        if label is None:
            label = self.outcomes[decision.outcome] = esc(decision.get_outcome_display())
        return label


def _flags(page: _Page, row, state) -> str:
    """templates' row_flags: the disagreement badge (and one more reviewer), the thresholds."""
    t = page.t
    out = ""
    if row.disagreement:
        out = f'<span class="badge text-bg-warning mb-1">{t["disagree"]}</span>\n'
        if page.may_add_reviewer and state == "eligible":
            out += (
                f'<form method="post" action="{page.extra_reviewer_url(row.pk)}" '
                f'class="d-inline">{page.csrf()}<button type="submit" class="btn '
                'btn-outline-primary btn-sm py-0 px-1 mb-1 extra-reviewer" '
                f'title="{t["assign_title"]}"><i class="bi bi-person-plus" '
                f'aria-hidden="true"></i> {t["one_more"]}</button></form>'
            )
    out += "\n"
    for reason in row.below_threshold:
        out += (
            '<div class="small text-danger"><i class="bi bi-exclamation-circle" '
            f'aria-hidden="true"></i> {esc(reason)}</div>'
        )
    return out + "\n"


def _decision_cell(page: _Page, row, obj, state) -> str:
    """templates' row_decision: the decision's badge and amount, and the decide button."""
    decision = _decision(obj) if obj is not None else None
    shown = ""
    if decision:
        outcome = decision.outcome
        kind = "success" if outcome == "award" else "info" if outcome == "reserve" else "secondary"
        reserve = f" {page.value(decision.reserve_rank)}" if outcome == "reserve" else ""
        shown = f'<span class="badge text-bg-{kind}">{page.outcome(decision)}{reserve}</span>'
        if decision.amount:
            shown += f'<div class="small text-nowrap">{page.baht(decision.amount)}</div>'
    button = ""
    if page.may_decide and row.pk not in page.hidden and state == "eligible":
        label = page.t["change"] if decision else page.t["decide"]
        button = (
            f'<a class="btn btn-outline-primary btn-sm mt-1" href="{page.decide_url(row.pk)}">'
            f'{label}<span class="visually-hidden"> {esc(row.proposal.reference)}</span></a>'
        )
    return f"\n          {shown}\n          {button}\n        \n"


def _row(page: _Page, row) -> str:
    """One pass of the template's loop: the row, and the funding line when it is under it."""
    t = page.t
    obj = row.obj
    pk = page.value(row.pk)
    state = obj.state if obj is not None else ""
    title = esc(obj.title) if obj is not None else ""
    hide = row.hide_scores
    flags = "" if hide else _flags(page, row, state)
    decision = _decision_cell(page, row, obj, state)

    rank = page.value(row.rank)
    if row.rank_uncertain and not hide:
        could_be = t["could_be"] % {
            "best": page.value(row.rank_best),
            "worst": page.value(row.rank_worst),
        }
        rank += (
            '<div class="small fw-normal text-muted text-nowrap rank-range" '
            f'title="{t["uncertain"]}">{could_be}</div>'
        )
    if page.may_read_dossiers and row.pk not in page.hidden:
        title = f'<a href="{page.dossier_url(row.pk)}" title="{t["read"]}">{title}</a>'
    where = ""
    if obj is not None:
        sector, province = obj.primary_sector, obj.province
        where = page.name(sector) if sector else ""
        if province:
            where += f" · {page.name(province)}"
    requested = page.baht(obj.requested_amount) if obj is not None else ""
    if hide:
        scores = (
            '\n        <td class="text-end d-none d-md-table-cell text-muted">—</td>\n'
            '        <td class="text-end text-muted"><span class="badge text-bg-light" '
            f'title="{t["conflict_title"]}">{t["conflict"]}</span></td>\n'
            '        <td class="text-end d-none d-lg-table-cell text-muted">—</td>\n'
            '        <td class="d-none d-md-table-cell"></td>\n        '
        )
    else:
        interval = ""
        if row.calibrated_low is not None:
            interval = (
                '<div class="small text-muted text-nowrap interval" '
                f'title="{t["interval"]}">{page.score(row.calibrated_low, 1)}–'
                f"{page.score(row.calibrated_high, 1)}</div>"
            )
        scores = (
            f'\n        <td class="text-end d-none d-md-table-cell">{page.score(row.mean)}</td>\n'
            '        <td class="text-end"><span class="fw-semibold">'
            f"{page.score(row.calibrated)}</span>{interval}</td>\n"
            '        <td class="text-end d-none d-lg-table-cell">'
            f"{page.score(row.spread)}</td>\n"
            f'        <td class="d-none d-md-table-cell">{flags}</td>\n        '
        )
    running = DASH if row.running_total is None else page.baht(row.running_total)
    muted = "" if row.passes_thresholds else ' class="text-body-secondary"'
    out = (
        f'\n      <tr{muted} data-proposal="{pk}" id="row-{pk}">\n'
        f'        <td class="fw-semibold">{rank}</td>\n'
        '        <td><div class="small text-nowrap text-muted">'
        f"{esc(row.proposal.reference)}</div>\n"
        f"          <div>{title}</div>\n"
        f'          <div class="small text-muted">{where}</div>\n'
        f'          <div class="d-md-none mt-1">{flags}{decision}</div></td>\n'
        f'        <td class="text-end text-nowrap">{requested}</td>\n'
        f'        <td class="text-end d-none d-md-table-cell">{page.value(row.n_reviews)}</td>\n'
        f"        {scores}\n"
        '        <td class="text-end text-nowrap d-none d-lg-table-cell small">'
        f"{running}</td>\n"
        f'        <td class="d-none d-md-table-cell">{decision}</td>\n'
        "      </tr>\n      "
    )
    if row.line_after:
        out += (
            '\n      <tr class="funding-line" id="funding-line"><td colspan="10" '
            'class="text-center small fw-semibold text-danger border-bottom border-3 '
            'border-danger">\n        <i class="bi bi-scissors" aria-hidden="true"></i> '
            f"{t['line']}</td></tr>\n      "
        )
    return out + "\n      "


@register.simple_tag(takes_context=True)
def ranking_rows(context, rows) -> SafeString:
    """The table's rows: each row, and the funding line after the last funded one. Uses the
    page's `may_decide`, `may_read_dossiers`, `may_add_reviewer`, `hidden`, `budget` and
    `interval_percent`."""
    page = _Page(context)
    # Every value above is escaped (esc) or a translation, as the template left them.
    return mark_safe("".join(_row(page, row) for row in rows))  # noqa: S308  # nosec B308 B703
