"""Closing a grant: after the final report is approved and the last tranche paid, or with
what is left unpaid cancelled for a reason."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portal.formatting import format_baht
from portal.refusals import Refusal

from ..enums import GrantState, ReportKind, ReportState
from ..models import Grant
from ..notifications import notify_grantee
from ..states import transition_grant


def unpaid(grant: Grant) -> Decimal:
    paid = grant.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return grant.amount - paid


def closure_problems(grant: Grant) -> list[str]:
    """Why `grant` cannot be closed yet, the unpaid remainder aside (empty when it can)."""
    problems = []
    if grant.state != GrantState.ACTIVE:
        problems.append(_("Only an active grant is closed."))
    final = grant.reports.filter(kind=ReportKind.FINAL).first()
    if final is None or final.state != ReportState.APPROVED:
        problems.append(_("The final report must be approved first."))
    return problems


@transaction.atomic
def close_grant(grant: Grant, *, by, remainder_reason: str = "") -> Grant:
    """Close `grant` once its final report is approved and every tranche is paid; with
    `remainder_reason`, what is left unpaid is cancelled instead (and no longer owed).

    Refused with a message per problem, and (field "remainder_reason") when money is left
    unpaid without a reason. Side effects: the state (closed) and its log row (with the
    remainder and the reason), cancelled_remainder, a "grant_closed" message to the
    grantee's members.
    """
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    problems = closure_problems(grant)
    if problems:
        raise Refusal(*problems, code="not_ready")
    left = unpaid(grant)
    note = ""
    if left > 0:
        if not remainder_reason.strip():
            raise Refusal(
                _("%(left)s is still unpaid: pay it, or say why it is cancelled.")
                % {"left": format_baht(left)},
                field="remainder_reason",
            )
        note = _("Remainder of %(left)s cancelled: %(reason)s") % {
            "left": format_baht(left),
            "reason": remainder_reason.strip(),
        }
    transition_grant(grant, GrantState.CLOSED, by=by, note=note, cancelled_remainder=left)
    notify_grantee(grant, "grant_closed", f"grant_closed:{grant.pk}")
    return grant
