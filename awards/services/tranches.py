"""A grant's money: the tranche plan (adding up to the grant exactly) and the payments."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portal.formatting import format_baht
from portal.refusals import Refusal

from ..enums import GrantState, ReportKind, ReportState
from ..models import Grant, Payment, Report, Tranche
from ..notifications import notify_grantee


def plan_problem(grant_amount: Decimal, amounts: list[Decimal]) -> str:
    """Why tranches of `amounts` do not make a plan for a grant of `grant_amount` ("" when
    they do): the one check the form and the service both ask."""
    if not amounts:
        return _("Plan at least one tranche.")
    total = sum(amounts, Decimal("0"))
    if total != grant_amount:
        return _("The tranches add up to %(total)s; the grant is %(amount)s.") % {
            "total": format_baht(total),
            "amount": format_baht(grant_amount),
        }
    return ""


def check_plan_complete(grant: Grant) -> None:
    """Refuse unless `grant`'s saved tranches add up to it exactly."""
    amounts = list(grant.tranches.values_list("amount", flat=True))
    problem = plan_problem(grant.amount, amounts)
    if problem:
        raise Refusal(problem, code="plan")


def plan_is_locked(grant: Grant) -> bool:
    """The plan is part of the agreement: fixed once the grantee has accepted a version."""
    return grant.agreements.filter(accepted_at__isnull=False).exists()


@transaction.atomic
def save_tranche_plan(grant: Grant, *, by, tranches: list[dict]) -> list[Tranche]:
    """Replace `grant`'s tranche plan by `tranches` (dicts of amount, milestone, report_due,
    in order). Each tranche is released by its report: progress reports, the last one the
    final report.

    Refused (field "amount") unless the amounts add up to the grant exactly; refused once the
    grantee has accepted an agreement (the plan is in it: change it by an amendment).
    Side effects: the Tranche rows and one draft Report per tranche, replacing the old ones.
    """
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.state not in (GrantState.AGREEMENT_PENDING, GrantState.ACTIVE):
        raise Refusal(_("The tranche plan of this grant can no longer change."), code="state")
    if plan_is_locked(grant):
        raise Refusal(
            _("The plan is part of the accepted agreement; change it by an amendment."),
            code="locked",
        )
    problem = plan_problem(grant.amount, [t["amount"] for t in tranches])
    if problem:
        raise Refusal(problem, field="amount", code="plan")
    Report.objects.filter(grant=grant).delete()
    grant.tranches.all().delete()
    saved = Tranche.objects.bulk_create(
        Tranche(grant=grant, position=number, **fields)
        for number, fields in enumerate(tranches, start=1)
    )
    last = len(saved)
    Report.objects.bulk_create(
        Report(
            grant=grant,
            tranche=tranche,
            kind=ReportKind.FINAL if tranche.position == last else ReportKind.PROGRESS,
            due_on=tranche.report_due,
        )
        for tranche in saved
    )
    return saved


def paid_on_tranche(tranche: Tranche) -> Decimal:
    return tranche.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def is_payable(tranche: Tranche) -> bool:
    """A tranche is payable once the report it depends on is approved."""
    report = getattr(tranche, "report", None)
    return report is not None and report.state == ReportState.APPROVED


@transaction.atomic
def record_payment(
    tranche: Tranche, *, by, paid_on: date, amount: Decimal, bank_reference: str
) -> Payment:
    """Record money paid on `tranche` (part of it, or the rest).

    Refused unless the grant is active and the tranche's report is approved, and (field
    "amount") when it would pay more than the tranche. Side effects: the Payment row; a
    "payment_recorded" message to the grantee's members.
    """
    tranche = Tranche.objects.select_for_update().select_related("grant").get(pk=tranche.pk)
    grant = tranche.grant
    if grant.state != GrantState.ACTIVE:
        raise Refusal(
            _("Payments are recorded on active grants; this one is “%(state)s”.")
            % {"state": grant.get_state_display()},
            code="grant_state",
        )
    if not is_payable(tranche):
        raise Refusal(_("This tranche is payable once its report is approved."), code="unpaid")
    left = tranche.amount - paid_on_tranche(tranche)
    if amount > left:
        raise Refusal(
            _("Only %(left)s is left to pay on this tranche.") % {"left": format_baht(left)},
            field="amount",
        )
    payment = Payment.objects.create(
        tranche=tranche,
        grant=grant,
        paid_on=paid_on,
        amount=amount,
        bank_reference=bank_reference.strip(),
        recorded_by=by,
    )
    notify_grantee(grant, "payment_recorded", f"payment:{payment.pk}", payment=payment)
    return payment
