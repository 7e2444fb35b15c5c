"""Reports: the grantee writes (autosave with a version check) and submits; the officer
reviews; each submission is kept and compared with the one before."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.access import Load, guard
from portal.audit import record_download
from portal.autosave import autosave
from portal.refusals import Refusal, attempt, show_refusal

from ..forms import ReportEditor, ReviewReportForm
from ..models import Report, ReportFile
from ..reports import content_of, report_changes
from ..services import reports as services

REPORT = Load(
    Report.objects.select_related("grant__call", "grant__organisation", "grant__proposal")
)


def _page(request, report, editor=None, review_form=None, status=200):
    can_edit = request.user.has_perm("awards.change_report", report)
    can_review = request.user.has_perm("awards.review_report", report)
    return render(
        request,
        "awards/report.html",
        {
            "report": report,
            "grant": report.grant,
            "editor": editor or (ReportEditor(report) if can_edit else None),
            "review_form": review_form or (ReviewReportForm() if can_review else None),
            "versions": list(report.versions.select_related("submitted_by").order_by("-number")),
            "files": list(report.files.order_by("uploaded_at", "pk")),
            "can_edit": can_edit,
        },
        status=status,
    )


@guard("awards.view_report", load=REPORT)
def report_detail(request, report):
    return _page(request, report)


@require_POST
@guard("awards.change_report", load=REPORT, see="awards.view_report")
def report_save(request, report):
    """Save the report; with "submit", save and submit it for the officer's review."""
    editor = ReportEditor(report, request.POST)
    if not editor.is_valid():
        return _page(request, report, editor=editor)
    try:
        saved = services.save_report(
            report,
            by=request.user,
            expected_version=editor.expected_version,
            content=editor.content(),
        )
        if "submit" in request.POST:
            services.submit_report(saved, by=request.user)
            messages.success(request, _("The report is submitted to the officer."))
        else:
            messages.success(request, _("The report is saved."))
    except Refusal as refusal:
        show_refusal(request, refusal, editor.form)
        return _page(request, Report.objects.get(pk=report.pk), editor=editor)
    return redirect("awards:report_detail", pk=report.pk)


@require_POST
@guard("awards.change_report", load=REPORT, see="awards.view_report")
def report_autosave(request, report):
    return autosave(
        request, report, editor=ReportEditor(report, request.POST), save=services.save_report
    )


@require_POST
@guard("awards.review_report", load=REPORT, see="awards.view_report")
def report_review(request, report):
    form = ReviewReportForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    done = attempt(
        request,
        services.review_report,
        report,
        form=form,
        by=request.user,
        approve=approve,
        comment=comment,
        success=_("The report is approved.") if approve else _("The grantee is asked for changes."),
    )
    if not done:
        return _page(request, report, review_form=form)
    return redirect("awards:report_detail", pk=report.pk)


@guard("awards.view_report", load=REPORT)
def report_diff(request, report, number):
    versions = {v.number: v for v in report.versions.filter(number__in=[number - 1, number])}
    if number not in versions:
        raise Http404
    before = versions[number - 1].content if number - 1 in versions else {}
    after = versions[number].content
    return render(
        request,
        "awards/report_diff.html",
        {
            "report": report,
            "grant": report.grant,
            "number": number,
            "changes": report_changes(before, after),
            "current": content_of(report),
        },
    )


REPORT_FILE = Load(
    ReportFile.objects.select_related("report__grant__organisation", "report__grant__call")
)


@require_POST
@guard("awards.change_report", load=REPORT, see="awards.view_report")
def report_file_upload(request, report):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file first."))
    else:
        attempt(
            request,
            services.add_report_file,
            report,
            uploaded_file=uploaded,
            by=request.user,
            success=_("The file is attached."),
        )
    return redirect("awards:report_detail", pk=report.pk)


# Not for signed-in people only: a redirect to the login page would tell that the file exists.
@require_safe
@guard("awards.view_report_file", load=REPORT_FILE, login=False)
def report_file_download(request, attached):
    try:
        handle = attached.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attached.original_name,
        content_type=attached.content_type,
    )
    record_download(request, attached, name=attached.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
