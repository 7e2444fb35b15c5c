"""Amendments (asked by the grantee, decided by the officer) and closing a grant."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard
from portal.refusals import attempt

from ..forms import AmendmentForm, CloseGrantForm, DecideAmendmentForm
from ..models import Amendment
from ..services import amendments as services
from ..services.closure import close_grant
from .grants import GRANT

AMENDMENT = Load(Amendment.objects.select_related("grant__call", "grant__organisation"))


@guard("awards.request_amendment", load=GRANT, see="awards.view_grant")
def amendment_request(request, grant):
    form = AmendmentForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            services.request_amendment,
            grant,
            form=form,
            by=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            changes=form.changes(),
            success=_("Your request is sent to the officer."),
        )
        if done:
            return redirect(grant)
    return render(request, "awards/amendment_form.html", {"grant": grant, "form": form})


@require_POST
@guard("awards.decide_amendment", load=AMENDMENT, see="awards.view_agreement")
def amendment_decide(request, amendment):
    form = DecideAmendmentForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    attempt(
        request,
        services.decide_amendment,
        amendment,
        by=request.user,
        approve=approve,
        note=note,
        success=_("The amendment is approved; the agreement is issued again with it.")
        if approve
        else _("The amendment is refused."),
    )
    return redirect(amendment.grant)


@require_POST
@guard("awards.close_grant", load=GRANT, see="awards.view_grant")
def grant_close(request, grant):
    form = CloseGrantForm(request.POST)
    reason = form.cleaned_data["remainder_reason"] if form.is_valid() else ""
    attempt(
        request,
        close_grant,
        grant,
        by=request.user,
        remainder_reason=reason,
        success=_("The grant is closed."),
    )
    return redirect(grant)
