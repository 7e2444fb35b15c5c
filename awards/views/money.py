"""The tranche plan, payments and the ledger (with its CSV and Excel exports)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard
from portal.audit import record_export
from portal.refusals import attempt, submit_form

from .. import exports
from ..filters import GrantFilter
from ..forms import PaymentForm, tranche_plan_formset
from ..ledger import call_ledgers, with_money
from ..models import Tranche
from ..queries import grants_run_by
from ..reports import outcomes_by_call_and_programme
from ..services import tranches as services
from .grants import GRANT, GRANTS_PER_PAGE

TRANCHE = Load(Tranche.objects.select_related("grant__call", "grant__organisation"))


@guard("awards.plan_tranches", load=GRANT, see="awards.view_grant")
def tranche_plan(request, grant):
    formset = tranche_plan_formset(grant, request.POST if request.method == "POST" else None)
    saved = (
        request.method == "POST"
        and formset.is_valid()
        and attempt(
            request,
            services.save_tranche_plan,
            grant,
            by=request.user,
            tranches=formset.tranches(),
            success=_("The tranche plan is saved."),
        )
    )
    if saved:
        return redirect(grant)
    return render(request, "awards/tranche_plan.html", {"grant": grant, "formset": formset})


@require_POST
@guard("awards.record_payment", load=TRANCHE, see="awards.view_agreement")
def payment_record(request, tranche):
    form = PaymentForm(request.POST, prefix=f"pay{tranche.pk}")
    if not submit_form(
        request,
        form,
        services.record_payment,
        tranche,
        by=request.user,
        success=_("The payment is recorded."),
    ):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(tranche.grant)


def _ledger(request):
    grants = grants_run_by(request.user)
    filterset = GrantFilter(request.GET, queryset=grants, request=request)
    calls = filterset.form.fields["call"].queryset
    if filterset.is_valid() and filterset.form.cleaned_data.get("call"):
        calls = [filterset.form.cleaned_data["call"]]
    return filterset, with_money(filterset.qs), call_ledgers(grants, calls)


@guard("awards.view_ledger")
def ledger(request):
    filterset, grants, calls = _ledger(request)
    page = Paginator(grants, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    outcomes_by_call, outcomes_by_programme = outcomes_by_call_and_programme(filterset.qs)
    return render(
        request,
        "awards/ledger.html",
        {
            "filter": filterset,
            "page_obj": page,
            "grants": page.object_list,
            "calls": calls,
            "outcomes_by_call": outcomes_by_call,
            "outcomes_by_programme": outcomes_by_programme,
            "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
        },
    )


@guard("awards.view_ledger")
def ledger_csv(request):
    _filterset, grants, _calls = _ledger(request)
    record_export(request, None, name="grant-ledger.csv")
    return exports.ledger_csv(grants)


@guard("awards.view_ledger")
def ledger_xlsx(request):
    _filterset, grants, calls = _ledger(request)
    record_export(request, None, name="grant-ledger.xlsx")
    return exports.ledger_xlsx(grants, calls)
