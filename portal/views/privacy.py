"""A person's PDPA rights from My account: a copy of their data, withdrawing optional
consents, and erasing their account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import audit, privacy, services
from portal.access import Load, guard
from portal.enums import AuditAction
from portal.forms import ErasureForm
from portal.models import DataExport
from portal.refusals import attempt


@guard("portal.manage_privacy")
def privacy_centre(request):
    user = request.user
    exports = list(user.data_exports.all()[:5])
    context = {
        "exports": exports,
        "pending": any(e.state == "pending" for e in exports),
        "optional": [(o, o.is_on(user)) for o in privacy.optional_processing()],
        "valid_days": settings.DATA_EXPORT_VALID_DAYS,
    }
    return render(request, "portal/privacy_centre.html", context)


@require_POST
@guard("portal.request_data_export")
def data_export_request(request):
    attempt(
        request,
        services.request_data_export,
        request.user,
        success=_(
            "We are preparing a copy of your data. We will tell you by email and in your inbox "
            "when it is ready."
        ),
    )
    return redirect("portal:privacy_centre")


@require_safe
@guard("portal.download_data_export", load=Load(DataExport))
def data_export_download(request, export):
    if not export.is_downloadable:
        messages.error(request, _("This copy is no longer available. Ask for a new one."))
        return redirect("portal:privacy_centre")
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    audit.record(request, AuditAction.DATA_EXPORT_DOWNLOADED, obj=export)
    name = f"my-data-{export.requested_at:%Y%m%d}.zip"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = "application/zip"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@guard("portal.manage_privacy")
def consent_withdraw(request, key):
    processing = privacy.optional(key)
    if processing is None:
        raise Http404
    attempt(
        request,
        services.withdraw_consent,
        request.user,
        key=key,
        success=_("Done: %(what)s stopped.") % {"what": processing.label},
    )
    return redirect("portal:privacy_centre")


@guard("portal.erase_account")
def erase_account(request):
    user = request.user
    plan = services.erasure_plan(user)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and not plan.blocked and form.is_valid():
        kept = attempt(
            request,
            services.erase_person,
            user,
            form=form,
            password=form.cleaned_data["password"],
        )
        if kept is not False:
            logout(request)
            return render(request, "portal/erased.html", {"kept": kept})
    return render(request, "portal/erase_account.html", {"plan": plan, "form": form})
