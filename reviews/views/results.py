"""The results pages: publishing (committee), the public announcement and its PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call

from ..announcement import build_announcement
from ..forms_results import PublishForm
from ..models import Publication
from ..results_pdf import render_results_pdf
from ..services.publication import PublicationError, publish_results


def _published(request, slug: str) -> tuple[Call, Publication]:
    """The call and its publication, or 404 before the results are published."""
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    publication = Publication.objects.filter(call=call).first()
    if publication is None or not request.user.has_perm("reviews.view_results", call):
        raise Http404
    return call, publication


def results(request, slug: str):
    call, publication = _published(request, slug)
    announcement = build_announcement(call, publication)
    return render(
        request,
        "reviews/results/results.html",
        {"call": call, "publication": publication, "announcement": announcement},
    )


def results_pdf(request, slug: str):
    call, publication = _published(request, slug)
    announcement = build_announcement(call, publication)
    response = HttpResponse(
        render_results_pdf(announcement, title=call.title), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="results-{call.slug}.pdf"'
    return response


@require_POST
def publish(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    if not request.user.has_perm("reviews.publish_results", call):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The results were not published: check the form."))
        return redirect(call)
    try:
        publish_results(call, by=request.user, **form.cleaned_data)
    except PublicationError as error:
        messages.error(request, str(error))
        return redirect(call)
    messages.success(request, _("The results are published and the applicants are notified."))
    return redirect("reviews:results", slug=call.slug)
