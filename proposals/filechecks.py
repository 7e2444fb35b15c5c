"""Files that harm whoever opens them: archive bombs, and PDFs that run code.

Both are judged from the file's bytes, never by opening it as a reader would:

- A ZIP-based file (DOCX, XLSX, any ZIP) is refused when the sizes its central directory
  lists (zipfile's infolist: what each entry says it unpacks to) add up to more than
  ATTACHMENT_ZIP_MAX_UNCOMPRESSED_BYTES, or to more than ATTACHMENT_ZIP_MAX_RATIO times the
  file's own size. Nothing is inflated. (Apache POI, which reads Office files, refuses
  entries that inflate more than 100 times by default: the ratio's default here.)
- A PDF is refused when it names an action that runs a script or another program: a
  /JavaScript or /Launch action (`/S /JavaScript`), a script (`/JS (...)`, `/JS 12 0 R`),
  document scripts (`/JavaScript << ... >>` in the catalog's names) or /AA (actions that run
  by themselves when a page or a field is opened or closed). /OpenAction alone only shows a
  page; one that runs a script names /JavaScript. Names are read with their #xx escapes
  decoded (/J#61vaScript) and only where they act (a name followed by its value), so that
  binary data holding such bytes by chance does not count: in the whole file, and inside its
  object streams (/Type /ObjStm, where PDF 1.5 files keep their objects), which are inflated
  with zlib up to PDF_MAX_INFLATED_BYTES in all. An object stream that cannot be read so
  (another filter, damaged, too large) cannot be checked, and is refused as well.

A library (pypdf) would parse much more of PDF than this needs, and parsing untrusted PDFs is
itself a risk: these few dozen lines read only names.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings

ZIP_SIGNATURE = b"PK\x03\x04"
PDF_MAX_INFLATED_BYTES = 32 * 1024 * 1024
_WHITE = b"\x00\t\n\x0c\r "
# A name: "/" and the regular characters after it (PDF 32000-1, 7.2.2 and 7.3.5).
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_REFERENCE = re.compile(rb"\d+[\x00\t\n\x0c\r ]+\d+[\x00\t\n\x0c\r ]+R")
_STREAM = re.compile(rb">>[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)")
# An action type (after /S); a key whose value is a script, a dictionary or a reference.
_ACTION_TYPES = (b"JavaScript", b"Launch")
_ACTIVE_KEYS = (b"JS", b"JavaScript", b"AA")


@dataclass(frozen=True)
class Problem:
    """Why a file is refused: `code` (archive_bomb, pdf_active_content, pdf_uncheckable) and
    the figures the message gives."""

    code: str
    unpacked: int = 0
    ratio: int = 0
    action: str = ""


def _size_of(file) -> int:
    start = file.tell()
    try:
        return file.seek(0, 2)
    finally:
        file.seek(start)


def archive_problem(file) -> Problem | None:
    """An archive bomb: `file` (a ZIP) unpacks to too much, in all or for its size."""
    start = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a readable ZIP: the type check refuses it
    finally:
        file.seek(start)
    ratio = unpacked // max(_size_of(file), 1)
    if (
        unpacked > settings.ATTACHMENT_ZIP_MAX_UNCOMPRESSED_BYTES
        or ratio > settings.ATTACHMENT_ZIP_MAX_RATIO
    ):
        return Problem("archive_bomb", unpacked=unpacked, ratio=ratio)
    return None


def _decoded(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name)


def _is_value(after: bytes) -> bool:
    """Whether `after` (what follows a key) starts with a string, a dictionary or a reference."""
    after = after.lstrip(_WHITE)
    return after[:1] in (b"(", b"<") or _REFERENCE.match(after) is not None


def _active_action(data: bytes) -> str:
    """The first name in `data` that runs something where it stands ("/Launch"), or ""."""
    previous, previous_end = b"", -1
    for match in _NAME.finditer(data):
        name = _decoded(match[1])
        after_type = previous == b"S" and not data[previous_end : match.start()].strip(_WHITE)
        if (name in _ACTION_TYPES and after_type) or (
            name in _ACTIVE_KEYS and _is_value(data[match.end() : match.end() + 40])
        ):
            return "/" + name.decode()
        previous, previous_end = name, match.end()
    return ""


def _object_streams(data: bytes):
    """(dictionary names, data) of each object stream of the PDF `data`."""
    for found in _STREAM.finditer(data):
        opened = data.rfind(b"obj", 0, found.start())
        names = {_decoded(m[1]) for m in _NAME.finditer(data[max(opened, 0) : found.start()])}
        if b"ObjStm" in names:
            end = data.find(b"endstream", found.end())
            yield names, data[found.end() : len(data) if end < 0 else end]


def _inflate(data: bytes, budget: int) -> bytes | None:
    """`data` inflated with zlib, or None when it is not zlib data or exceeds `budget`."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(data, budget + 1)
    except zlib.error:
        return None
    return None if len(inflated) > budget else inflated


def pdf_problem(file) -> Problem | None:
    """A PDF that runs code: the first such action named, in the file or its object streams."""
    start = file.tell()
    try:
        file.seek(0)
        data = file.read()
    finally:
        file.seek(start)
    if action := _active_action(data):
        return Problem("pdf_active_content", action=action)
    budget = PDF_MAX_INFLATED_BYTES
    for names, content in _object_streams(data):
        inflated = _inflate(content, budget) if b"FlateDecode" in names else None
        if inflated is None:
            return Problem("pdf_uncheckable")
        budget -= len(inflated)
        if action := _active_action(inflated):
            return Problem("pdf_active_content", action=action)
    return None


def harmful(file, *, is_pdf: bool) -> Problem | None:
    """Why `file` may not be attached (an archive bomb, a PDF that runs code), or None."""
    start = file.tell()
    try:
        file.seek(0)
        head = file.read(len(ZIP_SIGNATURE))
    finally:
        file.seek(start)
    if head == ZIP_SIGNATURE:
        return archive_problem(file)
    if is_pdf:
        return pdf_problem(file)
    return None
