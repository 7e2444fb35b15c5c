"""Reads of grants that more than one page uses: the officer's list, the grantee's grants,
the facts the public project page prints."""

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.queries import call_ids_run_by
from portal.rules import is_administrator

from .enums import ReportKind, ReportState
from .ledger import ZERO, with_money
from .models import Grant, Report, Tranche
from .reports import outcome_totals
from .states import EDITABLE_REPORT_STATES


def _for_rows(queryset: QuerySet) -> QuerySet:
    # A row shows the call, the organisation, the project title and the officer.
    return queryset.select_related("call", "organisation", "proposal", "officer")


def grants_run_by(user) -> QuerySet:
    """The grants of the calls `user` runs (every grant for an administrator)."""
    grants = Grant.objects.all()
    if not is_administrator(user):
        grants = grants.filter(call_id__in=call_ids_run_by(user))
    return _for_rows(grants).order_by("-call__results_at", "call_id", "number")


def with_progress(grants: QuerySet, today=None) -> QuerySet:
    """`grants` annotated, in the same query, with `next_report_due` (the earliest report
    not yet submitted), `has_overdue_report` and `has_payable_tranche` (a tranche whose
    report is approved and that is not fully paid)."""
    today = today or timezone.localdate()
    open_reports = Report.objects.filter(grant=OuterRef("pk"), state__in=EDITABLE_REPORT_STATES)
    payable = (
        Tranche.objects.filter(grant=OuterRef("pk"), report__state=ReportState.APPROVED)
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO))
        .filter(paid__lt=F("amount"))
    )
    return grants.annotate(
        next_report_due=Subquery(open_reports.order_by("due_on").values("due_on")[:1]),
        has_overdue_report=Exists(open_reports.filter(due_on__lt=today)),
        has_payable_tranche=Exists(payable),
    )


def grants_of_member(user) -> QuerySet:
    """The grants made to the organisations `user` belongs to, newest first."""
    return _for_rows(Grant.objects.filter(organisation__members=user)).order_by(
        "-created_at", "-pk"
    )


def public_grant_facts(proposal_ids) -> dict[int, dict]:
    """What the public project page prints about each funded proposal's grant, by proposal
    id: the grant's reference, state, amount and amount paid, and the outcomes of its
    approved final report (people reached in all, by province code and by group, the
    social return, the lessons and recommendations; None before it is approved).

    Two queries whatever the number of proposals: the grants with what was paid, and their
    approved final reports."""
    ids = list(proposal_ids)
    grants = with_money(Grant.objects.filter(proposal_id__in=ids)).values(
        "pk", "proposal_id", "reference", "state", "amount", "paid"
    )
    facts = {
        row["proposal_id"]: {
            "reference": row["reference"],
            "state": row["state"],
            "amount": row["amount"],
            "paid": row["paid"],
            "outcomes": None,
        }
        for row in grants
    }
    finals = Report.objects.filter(
        grant__proposal_id__in=ids, kind=ReportKind.FINAL, state=ReportState.APPROVED
    ).select_related("grant")
    for report in finals:
        facts[report.grant.proposal_id]["outcomes"] = {
            **outcome_totals([report]),
            "lessons": report.lessons,
            "recommendations": report.recommendations,
        }
    return facts
