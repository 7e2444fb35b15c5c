"""Attachments of a proposal: upload, remove and download.

Files are never served from a public URL (portal/urls.py does not serve MEDIA_URL): the
download view checks proposals.view_attachment (may see its proposal) on every request.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.access import Load, guard
from portal.audit import record_download
from portal.refusals import attempt

from ..models import Attachment, Proposal
from ..services.attachments import add_attachment, remove_attachment
from . import safe_next

# Those who may see the proposal reach these views; whether its files may still change is
# the service's to say (a refusal lands in the page's messages).
ATTACHMENT = Load(
    Attachment.objects.select_related("proposal__call", "proposal__organisation"), pk="pk"
)


def _back(request, proposal: Proposal):
    """Back to the `next` page when it is on this site, else to the proposal's form."""
    return redirect(safe_next(request, reverse("proposals:proposal_edit", args=[proposal.pk])))


@require_POST
@guard(
    "proposals.view_proposal",
    load=Load(Proposal.objects.select_related("call", "organisation"), pk="pk"),
)
def attachment_upload(request, proposal):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to attach."))
        return _back(request, proposal)
    attachment = attempt(request, add_attachment, proposal, uploaded_file=uploaded, by=request.user)
    if attachment:
        messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
    return _back(request, proposal)


@require_POST
@guard("proposals.view_attachment", load=ATTACHMENT)
def attachment_delete(request, attachment):
    proposal = attachment.proposal
    success = _("“%(name)s” is removed.") % {"name": attachment.original_name}
    attempt(request, remove_attachment, attachment, by=request.user, success=success)
    return _back(request, proposal)


# Not for signed-in people only: a redirect to the login page would tell that the file exists.
@require_safe
@guard("proposals.view_attachment", load=ATTACHMENT, login=False)
def attachment_download(request, attachment):
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
    record_download(request, attachment, name=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
