"""The agreement: the call's terms, issuing, the PDFs, the grantee's acceptance, the
officer's countersignature."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from grants.models import Call
from portal.access import Load, guard
from portal.audit import record_download
from portal.refusals import attempt, submit_form

from ..agreement import terms_of
from ..forms import AcceptAgreementForm, AgreementTermsForm, IssueAgreementForm
from ..models import Agreement, AgreementTerms
from ..services import agreement as services
from .grants import GRANT

CALL = Load(Call, slug="slug")
AGREEMENT = Load(Agreement.objects.select_related("grant__call", "grant__organisation"))


@guard("awards.edit_agreement_terms", load=CALL, see="grants.view_call")
def agreement_terms(request, call):
    saved = AgreementTerms.objects.filter(call=call).first()
    if saved is None:
        terms_th, terms_en = terms_of(call)
        saved = AgreementTerms(call=call, terms_th=terms_th, terms_en=terms_en)
    form = AgreementTermsForm(request.POST or None, instance=saved)
    if request.method == "POST" and submit_form(
        request,
        form,
        services.save_agreement_terms,
        call,
        by=request.user,
        success=_("The agreement terms are saved."),
    ):
        return redirect("awards:agreement_terms", slug=call.slug)
    return render(request, "awards/agreement_terms.html", {"call": call, "form": form})


@require_POST
@guard("awards.issue_agreement", load=GRANT, see="awards.view_grant")
def agreement_issue(request, grant):
    form = IssueAgreementForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    attempt(
        request,
        services.issue_agreement,
        grant,
        by=request.user,
        note=note,
        success=_("The agreement is issued; the grantee is asked to accept it."),
    )
    return redirect(grant)


def _pdf_response(field, filename: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@guard("awards.view_agreement", load=AGREEMENT)
def agreement_pdf(request, agreement, language):
    field = agreement.pdf_th if language == "th" else agreement.pdf_en
    name = f"{agreement.grant.reference}-v{agreement.version}-{language}.pdf"
    response = _pdf_response(field, name)
    record_download(request, agreement, name=name)
    return response


@require_safe
@guard("awards.view_agreement", load=AGREEMENT)
def agreement_signed_pdf(request, agreement):
    name = f"{agreement.grant.reference}-v{agreement.version}-signed.pdf"
    response = _pdf_response(agreement.signed_pdf, name)
    record_download(request, agreement, name=name)
    return response


@guard("awards.accept_agreement", load=GRANT, see="awards.view_grant")
def agreement_accept(request, grant):
    agreement = services.current_agreement(grant)
    form = AcceptAgreementForm(
        request.POST or None,
        initial={"sha256": agreement.sha256, "name": request.user.full_name},
    )
    if request.method == "POST":
        data = form.cleaned_data if form.is_valid() else None
        if data and attempt(
            request,
            services.accept_agreement,
            agreement,
            form=form,
            by=request.user,
            name=data["name"],
            position=data["position"],
            sha256=data["sha256"],
            ip=request.META.get("REMOTE_ADDR"),
            success=_("You accepted the agreement; the officer will countersign it."),
        ):
            return redirect(grant)
    return render(
        request,
        "awards/agreement_accept.html",
        {"grant": grant, "agreement": agreement, "form": form},
    )


@require_POST
@guard("awards.countersign_agreement", load=GRANT, see="awards.view_grant")
def agreement_countersign(request, grant):
    attempt(
        request,
        services.countersign_agreement,
        services.current_agreement(grant),
        by=request.user,
        success=_("The agreement is countersigned; both parties get the signed PDF."),
    )
    return redirect(grant)
