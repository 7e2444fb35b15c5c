"""Attachments of a proposal: upload, remove and download.

Files are never served from a public URL (portal/urls.py does not serve MEDIA_URL): the
download view checks proposals.view_proposal on every request.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..models import Attachment, Proposal
from ..services.attachments import add_attachment, remove_attachment


def _visible(request, obj, proposal: Proposal):
    """`obj`, or 404 when the user may not see `proposal`: its existence does not leak."""
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    return obj


def _back(request, proposal: Proposal):
    """Back to the `next` page when it is on this site, else to the proposal's form."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("proposals:proposal_edit", kwargs={"pk": proposal.pk}))


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
def attachment_upload(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "organisation"), pk=pk)
    _visible(request, proposal, proposal)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to attach."))
        return _back(request, proposal)
    try:
        attachment = add_attachment(proposal, uploaded_file=uploaded, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
    return _back(request, proposal)


@require_POST
@login_required
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("proposal__call", "proposal__organisation"), pk=pk
    )
    proposal = attachment.proposal
    _visible(request, attachment, proposal)
    name = attachment.original_name
    try:
        remove_attachment(attachment, by=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": name})
    return _back(request, proposal)


@require_safe
def attachment_download(request, pk):
    # Not login_required: a redirect to the login page would tell that the file exists.
    attachment = get_object_or_404(
        Attachment.objects.select_related("proposal__call", "proposal__organisation"), pk=pk
    )
    _visible(request, attachment, attachment.proposal)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
