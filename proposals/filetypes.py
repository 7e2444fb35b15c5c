"""What an uploaded file really is, read from its first bytes, not from its name.

A small sniffer instead of a library: `filetype` (PyPI) reads only the first 8 KB, so a
DOCX whose first ZIP entry is a large thumbnail comes out as a plain ZIP. Office files are
recognised here by opening the ZIP's central directory, which lists every entry without
decompressing anything.
"""

import zipfile
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

# The extensions a file of each type may have; the first one is the one we suggest.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
}
LABELS = {
    PDF: _("PDF document"),
    DOCX: _("Word document"),
    XLSX: _("Excel spreadsheet"),
    JPEG: _("JPEG image"),
    PNG: _("PNG image"),
}
# For <input type="file" accept="…">.
ACCEPT = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def detect(file) -> str | None:
    """The content type of `file` (a seekable binary file), or None when it is not accepted.

    The file's position is left where it was.
    """
    start = file.tell()
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(PNG_SIGNATURE):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(ZIP_SIGNATURE):
            file.seek(0)
            return _office_type(file)
        return None
    finally:
        file.seek(start)


def _office_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for content_type, part in OFFICE_PARTS.items():
        if part in names:
            return content_type
    return None


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def extension_matches(name: str, content_type: str) -> bool:
    """Whether `name` ends in an extension that a file of `content_type` may have."""
    return extension_of(name) in EXTENSIONS.get(content_type, ())


def label(content_type: str) -> str:
    return str(LABELS.get(content_type, content_type))
