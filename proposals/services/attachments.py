"""Attachments of a proposal: upload (the type checked from the content, harmful files and
viruses refused) and removal."""

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.refusals import Refusal

from .. import filechecks, filetypes, virusscan
from ..enums import EventKind
from ..models import Attachment, Proposal
from ..search import index_proposal
from ..states import log_event
from ..textextract import extract_text

logger = logging.getLogger(__name__)

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


def _refuse_harmful(name: str, content_type: str, uploaded_file) -> None:
    """Refuse an archive bomb or a PDF that runs code (proposals.filechecks)."""
    problem = filechecks.harmful(uploaded_file, is_pdf=content_type == filetypes.PDF)
    if problem is None:
        return
    if problem.code == "archive_bomb":
        message = _(
            "The file “%(name)s” would unpack to %(size)s, %(ratio)s times its own size: files "
            "like this can stop the computers that open them, so it cannot be attached. Save "
            "it again, or as a PDF, and attach that."
        ) % {"name": name, "size": filesizeformat(problem.unpacked), "ratio": problem.ratio}
    elif problem.code == "pdf_active_content":
        message = _(
            "The PDF “%(name)s” contains an action that runs a script or a program "
            "(%(action)s), so it cannot be attached. Print it to a new PDF, or export it "
            "again without scripts, and attach that."
        ) % {"name": name, "action": problem.action}
    else:
        message = _(
            "Part of the PDF “%(name)s” cannot be checked for scripts, so it cannot be "
            "attached. Print it to a new PDF and attach that."
        ) % {"name": name}
    raise Refusal(message, code=problem.code)


def _scan_for_viruses(name: str, uploaded_file) -> datetime | None:
    """When the file was scanned clean; None when it was not scanned (no CLAMD configured, or
    clamd did not answer: the upload goes on, and officers see the file was not scanned).
    A virus found is refused."""
    if not settings.CLAMD:
        return None
    try:
        result = virusscan.scan(uploaded_file, address=settings.CLAMD)
    except virusscan.ScannerUnavailable as error:
        logger.error(
            "ClamAV at %s gave no verdict (%s): “%s” is stored not scanned for viruses",
            settings.CLAMD,
            error,
            name,
        )
        return None
    if not result.clean:
        raise Refusal(
            _("The file “%(name)s” contains a virus (%(virus)s), so it cannot be attached.")
            % {"name": name, "virus": result.found},
            code="virus",
        )
    return timezone.now()


def add_attachment(proposal: Proposal, *, uploaded_file, by) -> Attachment:
    """Attach `uploaded_file` to `proposal`, uploaded by `by`.

    Refused (Refusal, with a `code`) when `by` may not change the proposal, the file is
    empty or larger than ATTACHMENT_MAX_BYTES, the content is not an accepted type, the
    name's extension does not match the content, it is an archive bomb or a PDF that runs
    code, ClamAV (when CLAMD is set) finds a virus, or the proposal already has
    ATTACHMENT_MAX_COUNT files.

    Side effects: the file is stored under a random name (models.attachment_path); an
    Attachment row (scanned_at: when ClamAV found it clean; text: what proposals.textextract
    reads of a PDF or DOCX); an ATTACHMENT event in the proposal's log; the proposal's
    search words (proposals.search.index_proposal). The checks, the scan and the reading of
    the text run before any transaction: a slow scanner holds no lock.
    """
    _refuse_unless_editable(proposal, by)
    checked = check_upload(uploaded_file)
    attachment = Attachment(
        proposal=proposal,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
        scanned_at=checked.scanned_at,
        text=extract_text(uploaded_file, checked.content_type),
    )
    return _store(attachment, uploaded_file, by=by)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # clean_file_name of the uploaded name
    size: int
    content_type: str  # read from the content
    scanned_at: datetime | None  # when ClamAV found it clean; None: not scanned


def check_upload(uploaded_file) -> CheckedFile:
    """Every check an uploaded file passes before it is stored, wherever it is attached (a
    proposal, an appeal): not empty nor larger than ATTACHMENT_MAX_BYTES, an accepted type
    read from the content and named so, no archive bomb nor PDF that runs code, and no virus
    when CLAMD is set. Refused (Refusal, with a `code`) otherwise; stores nothing."""
    name = clean_file_name(uploaded_file.name)
    size = uploaded_file.size or 0
    _refuse_size(name, size)
    content_type = _content_type(name, uploaded_file)
    _refuse_harmful(name, content_type, uploaded_file)
    scanned_at = _scan_for_viruses(name, uploaded_file)
    return CheckedFile(name=name, size=size, content_type=content_type, scanned_at=scanned_at)


@transaction.atomic
def _store(attachment: Attachment, uploaded_file, *, by) -> Attachment:
    proposal, name = attachment.proposal, attachment.original_name
    # Lock the proposal so that two uploads at once cannot both pass the count.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).exists()
    if proposal.attachments.count() >= settings.ATTACHMENT_MAX_COUNT:
        raise Refusal(
            _("A proposal can have at most %(count)s attachments; remove one first.")
            % {"count": settings.ATTACHMENT_MAX_COUNT},
            code="too_many",
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
        index_proposal(proposal)
    except Exception:
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by) -> None:
    """Remove `attachment` from its proposal, when `by` may still change the proposal.

    Side effects: the row is deleted; the stored file is deleted after the commit (so a
    rolled-back removal keeps its file); an ATTACHMENT event in the proposal's log; the
    proposal's search words without the file's text.
    """
    proposal = attachment.proposal
    _refuse_unless_editable(proposal, by)
    name, storage = attachment.file.name, attachment.file.storage
    original_name = attachment.original_name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    log_event(proposal, kind=EventKind.ATTACHMENT, by=by, note=f"− {original_name}")
    index_proposal(proposal)
