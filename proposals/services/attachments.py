"""Attachments of a proposal: upload (the type checked from the content) and removal."""

import re
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from portal.refusals import Refusal

from .. import filetypes
from ..enums import EventKind
from ..models import Attachment, Proposal
from ..states import log_event

MAX_NAME_LENGTH = 255
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def clean_file_name(name: str) -> str:
    """The base name of an uploaded file, safe to show and to send back in a header.

    Browsers on Windows may send a full path; control characters and path separators go.
    Thai letters and their vowel marks stay (Django's get_valid_filename drops the marks).
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_IN_NAME.sub(" ", name)
    name = " ".join(name.split()).strip(" .") or "file"
    if len(name) > MAX_NAME_LENGTH:
        extension = filetypes.extension_of(name)[:16]
        name = name[: MAX_NAME_LENGTH - len(extension)] + extension
    return name


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _refuse_unless_editable(proposal: Proposal, by) -> None:
    if not by.has_perm("proposals.change_proposal", proposal):
        raise Refusal(
            _("The attachments of this proposal can no longer be changed."), code="not_editable"
        )


def _refuse_size(name: str, size: int) -> None:
    if size == 0:
        raise Refusal(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise Refusal(
            _("The file “%(name)s” is larger than %(limit)s MB.")
            % {"name": name, "limit": _megabytes(settings.ATTACHMENT_MAX_BYTES)},
            code="too_big",
        )


def _content_type(name: str, uploaded_file) -> str:
    """The file's type, read from its content; refused unless accepted and named so."""
    content_type = filetypes.detect(uploaded_file)
    if content_type is None:
        raise Refusal(
            _(
                "The file “%(name)s” is not a PDF, Word (DOCX), Excel (XLSX), JPEG or PNG "
                "file, so it cannot be attached."
            )
            % {"name": name},
            code="unsupported",
        )
    if not filetypes.extension_matches(name, content_type):
        raise Refusal(
            _(
                "The file “%(name)s” is a %(type)s, but its name does not end in %(extension)s. "
                "Rename it or choose the right file."
            )
            % {
                "name": name,
                "type": filetypes.label(content_type),
                "extension": filetypes.EXTENSIONS[content_type][0],
            },
            code="wrong_extension",
        )
    return content_type


@transaction.atomic
def add_attachment(proposal: Proposal, *, uploaded_file, by) -> Attachment:
    """Attach `uploaded_file` to `proposal`, uploaded by `by`.

    Refused (Refusal, with a `code`) when `by` may not change the proposal, the file is
    empty or larger than ATTACHMENT_MAX_BYTES, the proposal already has ATTACHMENT_MAX_COUNT
    files, the content is not an accepted type, or the name's extension does not match the
    content.

    Side effects: the file is stored under a random name (models.attachment_path); an
    Attachment row; an ATTACHMENT event in the proposal's log.
    """
    _refuse_unless_editable(proposal, by)
    name = clean_file_name(uploaded_file.name)
    size = uploaded_file.size or 0
    _refuse_size(name, size)
    # Lock the proposal so that two uploads at once cannot both pass the count.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).exists()
    if proposal.attachments.count() >= settings.ATTACHMENT_MAX_COUNT:
        raise Refusal(
            _("A proposal can have at most %(count)s attachments; remove one first.")
            % {"count": settings.ATTACHMENT_MAX_COUNT},
            code="too_many",
        )
    content_type = _content_type(name, uploaded_file)

    attachment = Attachment(
        proposal=proposal,
        original_name=name,
        content_type=content_type,
        size=size,
        uploaded_by=by,
    )
    uploaded_file.seek(0)
    attachment.file.save(name, uploaded_file, save=False)  # upload_to makes the name random
    stored = attachment.file.name
    storage = attachment.file.storage
    # Django has no on-rollback hook: when the row cannot be written, remove the file now
    # rather than leave it without a row.
    try:
        attachment.save()
        log_event(proposal, kind=EventKind.ATTACHMENT, by=by, note=f"+ {name}")
    except Exception:
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by) -> None:
    """Remove `attachment` from its proposal, when `by` may still change the proposal.

    Side effects: the row is deleted; the stored file is deleted after the commit (so a
    rolled-back removal keeps its file); an ATTACHMENT event in the proposal's log.
    """
    proposal = attachment.proposal
    _refuse_unless_editable(proposal, by)
    name, storage = attachment.file.name, attachment.file.storage
    original_name = attachment.original_name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    log_event(proposal, kind=EventKind.ATTACHMENT, by=by, note=f"− {original_name}")
