"""The attachment type is read from the content; the name's extension must agree."""

import io
import zipfile

import pytest

from proposals import filetypes

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 50


def office_bytes(*parts: str, content_types: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


DOCX_BYTES = office_bytes("word/document.xml")
XLSX_BYTES = office_bytes("xl/workbook.xml", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, filetypes.PDF),
        (PNG_BYTES, filetypes.PNG),
        (JPEG_BYTES, filetypes.JPEG),
        (DOCX_BYTES, filetypes.DOCX),
        (XLSX_BYTES, filetypes.XLSX),
        (EXE_BYTES, None),
        (b"", None),
        (b"hello, plain text", None),
        (office_bytes("word/document.xml", content_types=False), None),
        (office_bytes("content.xml"), None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_detect_reads_the_content(content, expected):
    assert filetypes.detect(io.BytesIO(content)) == expected


def test_detect_finds_a_docx_whose_first_entry_is_large():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("docProps/thumbnail.jpeg", b"\xff" * 50_000)
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
    assert filetypes.detect(buffer) == filetypes.DOCX


def test_detect_leaves_the_position_where_it_was():
    file = io.BytesIO(DOCX_BYTES)
    file.seek(5)
    filetypes.detect(file)
    assert file.tell() == 5


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("report.pdf", filetypes.PDF, True),
        ("REPORT.PDF", filetypes.PDF, True),
        ("photo.jpeg", filetypes.JPEG, True),
        ("photo.jpg", filetypes.JPEG, True),
        ("budget.xlsx", filetypes.XLSX, True),
        ("report.docx", filetypes.PDF, False),
        ("report.pdf.exe", filetypes.PDF, False),
        ("report", filetypes.PDF, False),
        ("image.png", filetypes.JPEG, False),
    ],
)
def test_extension_must_match_the_type(name, content_type, expected):
    assert filetypes.extension_matches(name, content_type) is expected


def test_accept_lists_every_extension():
    assert filetypes.ACCEPT == ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
