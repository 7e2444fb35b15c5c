"""Panels the awards app adds to the portal's pages (dashboards, the applicant's proposal),
registered from AwardsConfig.ready()."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.panels import register_panel
from portal.rules import is_administrator, is_applicant, is_officer

from .enums import GrantState
from .forms import CloseGrantForm, DecideAmendmentForm, IssueAgreementForm, PaymentForm
from .ledger import ZERO, with_money
from .models import Grant, Tranche
from .queries import grants_of_member, grants_run_by
from .services.amendments import amendment_text
from .services.closure import closure_problems, unpaid
from .services.tranches import is_payable, plan_is_locked
from .states import EDITABLE_REPORT_STATES, OPEN_STATES

OFFICER_DASHBOARD_GRANTS = 8


def grantee_grants_context(request, **extra) -> dict | None:
    """The grantee's dashboard: the grants made to their organisations."""
    if not is_applicant(request.user):
        return None
    grants = list(grants_of_member(request.user))
    return {"grants": grants} if grants else None


def officer_grants_context(request, **extra) -> dict | None:
    """The officer's dashboard: the open grants of the calls they run, a link to all."""
    if not (is_officer(request.user) or is_administrator(request.user)):
        return None
    grants = grants_run_by(request.user).filter(state__in=OPEN_STATES)
    rows = list(grants[:OFFICER_DASHBOARD_GRANTS])
    return {"grants": rows, "more": len(rows) == OFFICER_DASHBOARD_GRANTS} if rows else None


def proposal_grant_context(request, *, proposal=None, **extra) -> dict | None:
    """On the applicant's proposal page: a link to the grant made for it."""
    grant = getattr(proposal, "grant", None) if proposal is not None else None
    if grant is None or not request.user.has_perm("awards.view_grant", grant):
        return None
    return {"grant": grant}


def agreement_context(request, *, grant=None, **extra) -> dict | None:
    """On the grant's page: the agreement's versions, and what the person may do next."""
    if grant is None:
        return None
    user = request.user
    agreements = list(grant.agreements.select_related("countersigned_by").order_by("-version"))
    return {
        "grant": grant,
        "agreement": agreements[0] if agreements else None,
        "agreements": agreements,
        "can_issue": user.has_perm("awards.issue_agreement", grant),
        "can_accept": user.has_perm("awards.accept_agreement", grant),
        "can_countersign": user.has_perm("awards.countersign_agreement", grant),
        "can_edit_terms": user.has_perm("awards.edit_agreement_terms", grant.call),
        "issue_form": IssueAgreementForm(),
    }


def money_context(request, *, grant=None, **extra) -> dict | None:
    """On the grant's page: the tranche plan, what was paid on each tranche, the ledger."""
    if grant is None:
        return None
    tranches = list(
        grant.tranches.select_related("report")
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO))
        .order_by("position")
    )
    can_pay = request.user.has_perm("awards.record_payment", Tranche(grant=grant))
    for tranche in tranches:
        tranche.payable = is_payable(tranche) and tranche.paid < tranche.amount
        tranche.form = (
            PaymentForm(
                prefix=f"pay{tranche.pk}", initial={"amount": tranche.amount - tranche.paid}
            )
            if can_pay and tranche.payable
            else None
        )
    return {
        "grant": grant,
        "tranches": tranches,
        "money": with_money(Grant.objects.filter(pk=grant.pk)).get(),
        "payments": list(grant.payments.select_related("tranche").order_by("paid_on", "pk")),
        "can_plan": request.user.has_perm("awards.plan_tranches", grant)
        and not plan_is_locked(grant),
    }


def reports_context(request, *, grant=None, **extra) -> dict | None:
    """On the grant's page: its reports, their state, those overdue."""
    if grant is None:
        return None
    today = timezone.localdate()
    reports = list(grant.reports.select_related("tranche").order_by("due_on", "pk"))
    for report in reports:
        report.is_overdue = report.state in EDITABLE_REPORT_STATES and report.due_on < today
    return {"grant": grant, "reports": reports}


def changes_context(request, *, grant=None, **extra) -> dict | None:
    """On the grant's page: its amendments, asking for one, deciding one, closing."""
    if grant is None:
        return None
    user = request.user
    amendments = list(grant.amendments.order_by("-number"))
    for amendment in amendments:
        amendment.text = amendment_text(amendment)
        amendment.can_decide = user.has_perm("awards.decide_amendment", amendment)
    can_close = user.has_perm("awards.close_grant", grant)
    return {
        "grant": grant,
        "amendments": amendments,
        "can_request": user.has_perm("awards.request_amendment", grant),
        "decide_form": DecideAmendmentForm(),
        "can_close": can_close,
        "close_problems": closure_problems(grant) if can_close else [],
        "unpaid": unpaid(grant) if can_close else None,
        "close_form": CloseGrantForm(),
    }


def call_grants_context(request, *, call=None, **extra) -> dict | None:
    """On a call's page, for its officers once it has grants: their count by state, links
    to the list, the ledger and the agreement terms."""
    if call is None or not request.user.has_perm("awards.edit_agreement_terms", call):
        return None
    counts = dict(
        Grant.objects.filter(call=call).order_by().values_list("state").annotate(n=Count("pk"))
    )
    if not counts:
        return None
    states = [(label, counts[value]) for value, label in GrantState.choices if value in counts]
    return {"call": call, "states": states, "total": sum(counts.values())}


def register() -> None:
    """Register the awards app's panels with portal.panels (a lower order comes first)."""
    panels = [
        ("dashboard:applicant", "awards/panels/grantee_grants.html", grantee_grants_context, 3),
        ("dashboard:officer", "awards/panels/officer_grants.html", officer_grants_context, 25),
        ("proposal_detail", "awards/panels/proposal_grant.html", proposal_grant_context, 5),
        ("call_detail", "awards/panels/call_grants.html", call_grants_context, 4),
        ("grant_detail", "awards/panels/agreement.html", agreement_context, 10),
        ("grant_detail", "awards/panels/reports.html", reports_context, 15),
        ("grant_detail", "awards/panels/money.html", money_context, 20),
        ("grant_detail", "awards/panels/changes.html", changes_context, 30),
    ]
    for slot, template, context, order in panels:
        register_panel(slot, template=template, context=context, order=order)
