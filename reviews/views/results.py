"""The results pages: publishing (committee), the public announcement and its PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.access import Load, guard
from portal.refusals import attempt

from ..announcement import amendments_of, build_amendment, build_announcement
from ..forms import PublishForm
from ..models import Publication
from ..results_pdf import render_results_pdf
from ..services.publication import publish_results

# Public once published; before that (and for a call without results) there is nothing here.
PUBLICATION = Load(Publication.objects.select_related("call__programme"), call__slug="slug")


@guard("reviews.view_publication", load=PUBLICATION, login=False)
def results(request, publication):
    call = publication.call
    amendments = amendments_of(publication)
    announcement = build_announcement(call, publication, amendments=amendments)
    amended = [
        (amendment, build_amendment(call, publication, amendment, amendments=amendments))
        for amendment in amendments
    ]
    return render(
        request,
        "reviews/results/results.html",
        {
            "call": call,
            "publication": publication,
            "announcement": announcement,
            "amendments": amended,
        },
    )


@guard("reviews.view_publication", load=PUBLICATION, login=False)
def results_pdf(request, publication):
    call = publication.call
    announcement = build_announcement(call, publication)
    response = HttpResponse(
        render_results_pdf(announcement, title=call.title), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="results-{call.slug}.pdf"'
    return response


# Not login_required: everybody who may see the call is told no (403), signed in or not.
@require_POST
@guard("reviews.publish_results", load=Load(Call, slug="slug"), see="grants.view_call", login=False)
def publish(request, call):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The results were not published: check the form."))
        return redirect(call)
    success = _("The results are published and the applicants are notified.")
    if not attempt(
        request, publish_results, call, by=request.user, success=success, **form.cleaned_data
    ):
        return redirect(call)
    return redirect("reviews:results", slug=call.slug)
