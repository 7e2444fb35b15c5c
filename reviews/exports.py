"""The ranking as CSV (UTF-8 with a BOM, for Excel) and XLSX: the same rows as the page.

Cells that a spreadsheet would run as a formula are neutralised (proposals.exports); numbers
stay numbers. A committee member's conflicted proposals carry no scores, as on the page.
"""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proposals.exports import BOM, neutralise

from .ranking import RankedProposal


def headers() -> list[str]:
    return [
        _("Rank"),
        _("Reference"),
        _("Title"),
        _("Primary sector"),
        _("Province"),
        _("Requested amount (baht)"),
        pgettext("number of reviews", "Reviews"),
        _("Mean"),
        _("Standard deviation"),
        _("Calibrated"),
        _("Spread"),
        _("Reviewers disagree"),
        _("Below threshold"),
        _("Running total (baht)"),
        _("Above the funding line"),
        pgettext("ranking column", "Decision"),
        _("Amount awarded (baht)"),
        # Added last, so that the columns before keep their places.
        _("Calibrated: 90% interval from"),
        _("Calibrated: 90% interval to"),
        _("Best possible rank"),
        _("Worst possible rank"),
    ]


def _round(value):
    return None if value is None else round(value, 2)


def rows(ranked: Iterable[RankedProposal], *, hidden: set[int] = frozenset()) -> Iterator[list]:
    yes, no = _("Yes"), _("No")
    for row in ranked:
        proposal = row.obj
        decision = getattr(proposal, "decision", None) if proposal is not None else None
        secret = row.pk in hidden
        cells = [
            row.rank,
            row.proposal.reference,
            proposal.title if proposal else "",
            str(proposal.primary_sector) if proposal and proposal.primary_sector else "",
            str(proposal.province) if proposal and proposal.province else "",
            row.proposal.requested_amount,
            row.n_reviews,
            None if secret else _round(row.mean),
            None if secret else _round(row.sd),
            None if secret else _round(row.calibrated),
            None if secret else _round(row.spread),
            "" if secret else (yes if row.disagreement else no),
            "" if secret else "; ".join(row.below_threshold),
            row.running_total,
            yes if row.above_line else no,
            decision.get_outcome_display() if decision else "",
            decision.amount if decision else None,
            None if secret else _round(row.calibrated_low),
            None if secret else _round(row.calibrated_high),
            None if secret else row.rank_best,
            None if secret else row.rank_worst,
        ]
        yield [neutralise(value) if isinstance(value, str) else value for value in cells]


class _Echo:
    def write(self, value):
        return value


def csv_lines(ranked, *, hidden=frozenset()) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow(headers())
    for row in rows(ranked, hidden=hidden):
        yield writer.writerow(["" if value is None else value for value in row])


def xlsx_bytes(ranked, *, hidden=frozenset()) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking")[:31])
    sheet.append(headers())
    for row in rows(ranked, hidden=hidden):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
