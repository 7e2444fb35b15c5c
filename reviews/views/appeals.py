"""Appeals: lodging one (the applicant), a call's list, an appeal's page with each step
(sending it to the committee, the committee's decision, withdrawing it), its file, and the
PDF of an amendment to the results."""

from decimal import Decimal

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from grants.models import Call
from portal.access import Load, guard
from portal.audit import record_download
from portal.refusals import attempt
from proposals.models import Proposal

from ..announcement import build_amendment
from ..forms import AppealDecisionForm, AppealForm, AppealRouteForm, AppealWithdrawForm
from ..models import Amendment, Appeal, Publication
from ..queries import appeals_of_call
from ..results_pdf import render_results_pdf
from ..rules import appeal_last_day, publication_of
from ..services.appeals import decide_appeal, lodge_appeal, route_appeal, withdraw_appeal
from ..services.decisions import awarded_total

APPEAL = Load(
    Appeal.objects.select_related(
        "proposal__call", "proposal__organisation", "lodged_by", "routed_by", "decided_by"
    ),
    pk="pk",
)
SEE_APPEAL = "reviews.view_appeal"
PROPOSAL = Load(Proposal.objects.select_related("call", "organisation"), pk="pk")


@guard("reviews.lodge_appeal", load=PROPOSAL, see="proposals.view_proposal")
def appeal_lodge(request, proposal):
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        appeal = attempt(
            request,
            lodge_appeal,
            proposal,
            grounds=form.cleaned_data["grounds"],
            uploaded_file=form.cleaned_data["file"],
            by=request.user,
            form=form,
            success=_("Your appeal is lodged. You will be told the committee's decision."),
        )
        if appeal:
            return redirect(appeal)
    publication = publication_of(proposal.call)
    return render(
        request,
        "reviews/appeals/lodge.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "form": form,
            "last_day": appeal_last_day(publication),
        },
    )


@guard(
    "reviews.view_call_appeals",
    load=Load(Call, slug="slug"),
    see="grants.view_call",
)
def call_appeals(request, call):
    return render(
        request,
        "reviews/appeals/call_appeals.html",
        {"call": call, "appeals": list(appeals_of_call(call, request.user))},
    )


def _detail(request, appeal, *, decision_form=None, route_form=None, status=200):
    user = request.user
    context = {
        "appeal": appeal,
        "proposal": appeal.proposal,
        "call": appeal.proposal.call,
        "amendment": Amendment.objects.filter(appeal=appeal).first(),
        "may_route": user.has_perm("reviews.route_appeal", appeal),
        "may_decide": user.has_perm("reviews.decide_appeal", appeal),
        "may_withdraw": user.has_perm("reviews.withdraw_appeal", appeal),
        "may_list": user.has_perm("reviews.view_call_appeals", appeal.proposal.call),
    }
    if context["may_decide"]:
        call = appeal.proposal.call
        awarded = awarded_total(call)
        context["budget"] = {
            "total": call.budget_total,
            "awarded": awarded,
            "remaining": max(call.budget_total - awarded, Decimal("0")),
        }
    context["route_form"] = route_form or AppealRouteForm()
    context["withdraw_form"] = AppealWithdrawForm()
    context["decision_form"] = decision_form or AppealDecisionForm()
    return render(request, "reviews/appeals/detail.html", context, status=status)


@guard(SEE_APPEAL, load=APPEAL)
def appeal_detail(request, appeal):
    return _detail(request, appeal)


@require_POST
@guard("reviews.route_appeal", load=APPEAL, see=SEE_APPEAL)
def appeal_route(request, appeal):
    form = AppealRouteForm(request.POST)
    if not form.is_valid():
        return _detail(request, appeal, route_form=form, status=400)
    attempt(
        request,
        route_appeal,
        appeal,
        note=form.cleaned_data["note"],
        by=request.user,
        success=_("The appeal is sent to the committee."),
    )
    return redirect(appeal)


@require_POST
@guard("reviews.decide_appeal", load=APPEAL, see=SEE_APPEAL)
def appeal_decide(request, appeal):
    form = AppealDecisionForm(request.POST)
    decided = form.is_valid() and attempt(
        request,
        decide_appeal,
        appeal,
        upheld=form.cleaned_data["decision"] == AppealDecisionForm.UPHOLD,
        outcome=form.cleaned_data["outcome"],
        amount=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
        by=request.user,
        form=form,
        success=_("The committee's decision is recorded and the applicant is told."),
    )
    if not decided:
        appeal.refresh_from_db()
        return _detail(request, appeal, decision_form=form, status=400)
    return redirect(appeal)


@require_POST
@guard("reviews.withdraw_appeal", load=APPEAL, see=SEE_APPEAL)
def appeal_withdraw(request, appeal):
    if not AppealWithdrawForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that you withdraw the appeal."))
        return redirect(appeal)
    attempt(
        request,
        withdraw_appeal,
        appeal,
        by=request.user,
        success=_("Your appeal is withdrawn."),
    )
    return redirect(appeal)


# Not for signed-in people only: a redirect to the login page would tell that the file exists.
@require_safe
@guard(SEE_APPEAL, load=APPEAL, login=False)
def appeal_file(request, appeal):
    try:
        handle = appeal.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=appeal.original_name, content_type=appeal.content_type
    )
    record_download(request, appeal, name=appeal.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


AMENDMENT = Load(
    Amendment.objects.select_related(
        "publication__call", "proposal__organisation__province", "appeal"
    ),
    publication__call__slug="slug",
    number="number",
)


@guard("reviews.view_amendment", load=AMENDMENT, login=False)
def amendment_pdf(request, amendment):
    publication: Publication = amendment.publication
    call = publication.call
    announcement = build_amendment(call, publication, amendment)
    response = HttpResponse(
        render_results_pdf(announcement, title=announcement.subject),
        content_type="application/pdf",
    )
    filename = f"results-{call.slug}-amendment-{amendment.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
