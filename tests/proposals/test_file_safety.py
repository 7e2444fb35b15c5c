"""Hostile files: archive bombs shaped as Office files, PDFs that run code, and viruses
(ClamAV, when an address is configured; otherwise officers see the file was not scanned)."""

import io
import os
import socketserver
import struct
import threading
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.refusals import Refusal
from proposals import filechecks, virusscan
from proposals.models import Attachment
from proposals.services.attachments import add_attachment

from .test_filetypes import DOCX_BYTES, PDF_BYTES, XLSX_BYTES, office_bytes

MiB = 1024 * 1024
VIRUS_MARKER = b"FAKE-VIRUS-FOR-TESTS"  # the fake clamd's only signature


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal_code(proposal, user, name, content) -> str:
    with pytest.raises(Refusal) as refused:
        add_attachment(proposal, uploaded_file=upload(name, content), by=user)
    assert Attachment.objects.count() == 0
    return refused.value.code


def bomb_xlsx(megabytes: int) -> bytes:
    """An XLSX whose one sheet is `megabytes` of zeros, written in chunks (never in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * MiB
            for _ in range(megabytes):
                sheet.write(chunk)
    return buffer.getvalue()


# ------------------------------------------------------------------ archive bombs


def test_an_archive_bomb_shaped_as_an_xlsx_is_refused(draft, applicant, monkeypatch):
    content = bomb_xlsx(64)
    assert len(content) < MiB // 8
    # Judged from the central directory: nothing is inflated.
    monkeypatch.setattr(zipfile.ZipFile, "open", None)
    assert refusal_code(draft, applicant, "budget.xlsx", content) == "archive_bomb"


def test_an_archive_that_unpacks_past_the_limit_is_refused(draft, applicant, settings):
    settings.ATTACHMENT_ZIP_MAX_UNCOMPRESSED_BYTES = MiB
    noise = os.urandom(2 * MiB)  # hardly compresses: the size, not the ratio, is too much
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", noise)
    assert refusal_code(draft, applicant, "plan.docx", buffer.getvalue()) == "archive_bomb"


def test_the_archive_limits_are_settings(settings):
    content = bomb_xlsx(2)
    settings.ATTACHMENT_ZIP_MAX_RATIO = 10_000
    assert filechecks.archive_problem(io.BytesIO(content)) is None
    settings.ATTACHMENT_ZIP_MAX_RATIO = 100
    assert filechecks.archive_problem(io.BytesIO(content)) is not None


@pytest.mark.parametrize(("name", "content"), [("plan.docx", DOCX_BYTES), ("b.xlsx", XLSX_BYTES)])
def test_ordinary_office_files_are_accepted(draft, applicant, name, content):
    add_attachment(draft, uploaded_file=upload(name, content), by=applicant)
    assert list(draft.attachments.values_list("original_name", flat=True)) == [name]


def test_a_real_sized_docx_is_accepted(draft, applicant):
    text = "".join(f"<w:p><w:r><w:t>ย่อหน้าที่ {i} ของแผนงาน</w:t></w:r></w:p>" for i in range(20000))
    buffer = io.BytesIO(office_bytes("word/document.xml"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/styles.xml", text)
    add_attachment(draft, uploaded_file=upload("plan.docx", buffer.getvalue()), by=applicant)
    assert draft.attachments.count() == 1


# ------------------------------------------------------------------ PDFs that run code


def pdf(*objects: bytes) -> bytes:
    return b"%PDF-1.5\n" + b"\n".join(objects) + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def object_stream(body: bytes) -> bytes:
    packed = zlib.compress(body)
    return (
        b"4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(packed)
        + packed
        + b"\nendstream\nendobj"
    )


CATALOG = b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj"
HOSTILE_PDFS = {
    "javascript": pdf(
        b"1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj"
    ),
    "js_only": pdf(CATALOG, b"5 0 obj << /S /JavaScript /JS 6 0 R >> endobj"),
    "launch": pdf(CATALOG, b"5 0 obj << /S /Launch /F (cmd.exe) >> endobj"),
    "additional_actions": pdf(CATALOG, b"3 0 obj << /Type /Page /AA << /O 5 0 R >> >> endobj"),
    "hex_escaped_name": pdf(CATALOG, b"5 0 obj << /S /J#61vaScript /J#53 (x) >> endobj"),
    "in_an_object_stream": pdf(
        b"1 0 obj << /Type /Catalog /OpenAction 5 0 R >> endobj",
        object_stream(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>"),
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_PDFS))
def test_a_pdf_that_runs_code_is_refused(draft, applicant, kind):
    code = refusal_code(draft, applicant, "แผนงาน.pdf", HOSTILE_PDFS[kind])
    assert code == "pdf_active_content"


def test_the_refusal_names_what_the_pdf_does(draft, applicant):
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=upload("a.pdf", HOSTILE_PDFS["launch"]), by=applicant)
    assert "/Launch" in str(refused.value)


@pytest.mark.parametrize(
    "content",
    [
        PDF_BYTES,
        pdf(b"1 0 obj << /Type /Catalog /OpenAction [3 0 R /Fit] >> endobj"),
        pdf(CATALOG, object_stream(b"3 0 << /Type /Page /Parent 2 0 R >>")),
        pdf(CATALOG, b"7 0 obj << /Length 11 >>\nstream\n(JSON data)\nendstream\nendobj"),
    ],
)
def test_an_ordinary_pdf_is_accepted(draft, applicant, content):
    add_attachment(draft, uploaded_file=upload("plan.pdf", content), by=applicant)
    assert draft.attachments.count() == 1


def test_an_object_stream_that_inflates_without_end_is_refused(settings):
    huge = zlib.compress(b" " * (filechecks.PDF_MAX_INFLATED_BYTES + MiB))
    content = pdf(
        CATALOG,
        b"4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
        + huge
        + b"\nendstream\nendobj",
    )
    assert filechecks.pdf_problem(io.BytesIO(content)) is not None


# ------------------------------------------------------------------ ClamAV


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM: a command ending in NUL, chunks with a 4-byte big-endian
    length, a zero length to end; answers `stream: OK` or `stream: <name> FOUND`."""

    def handle(self):
        reader = self.request.makefile("rb")
        command = b""
        while not command.endswith(b"\0"):
            command += reader.read(1)
        data, chunks = b"", 0
        while size := struct.unpack("!I", reader.read(4))[0]:
            data += reader.read(size)
            chunks += 1
        self.server.seen.append((command, chunks, data))
        found = VIRUS_MARKER in data
        self.request.sendall(b"stream: Fake.Test-Virus FOUND\0" if found else b"stream: OK\0")


def _serve(server):
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def clamd_tcp():
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamd) as server:
        _serve(server)
        yield server
        server.shutdown()


@pytest.fixture
def clamd_unix(tmp_path):
    path = str(tmp_path / "clamd.sock")
    with socketserver.ThreadingUnixStreamServer(path, FakeClamd) as server:
        _serve(server)
        yield server
        server.shutdown()


def tcp_address(server) -> str:
    host, port = server.server_address
    return f"tcp://{host}:{port}"


def test_clamd_client_speaks_instream_over_tcp(clamd_tcp):
    content = b"x" * (3 * virusscan.CHUNK_BYTES + 5)
    result = virusscan.scan(io.BytesIO(content), address=tcp_address(clamd_tcp))
    assert (result.clean, result.found) == (True, "")
    [(command, chunks, data)] = clamd_tcp.seen
    assert (command, chunks, data) == (b"zINSTREAM\0", 4, content)


def test_clamd_client_reports_what_it_found(clamd_tcp):
    result = virusscan.scan(io.BytesIO(b"abc" + VIRUS_MARKER), address=tcp_address(clamd_tcp))
    assert (result.clean, result.found) == (False, "Fake.Test-Virus")


def test_clamd_client_over_a_unix_socket(clamd_unix):
    path = clamd_unix.server_address
    assert virusscan.scan(io.BytesIO(VIRUS_MARKER), address=f"unix://{path}").found
    assert virusscan.scan(io.BytesIO(b"fine"), address=path).clean


def test_an_infected_upload_is_refused(draft, applicant, settings, clamd_tcp):
    settings.CLAMD = tcp_address(clamd_tcp)
    assert refusal_code(draft, applicant, "a.pdf", PDF_BYTES + VIRUS_MARKER) == "virus"


def test_a_clean_upload_is_marked_scanned(draft, applicant, settings, clamd_tcp):
    settings.CLAMD = tcp_address(clamd_tcp)
    attachment = add_attachment(draft, uploaded_file=upload("a.pdf", PDF_BYTES), by=applicant)
    assert attachment.scanned_at is not None
    assert clamd_tcp.seen[0][2] == PDF_BYTES


def test_a_scanner_that_does_not_answer_leaves_the_file_unscanned(
    draft, applicant, settings, caplog
):
    with socketserver.TCPServer(("127.0.0.1", 0), FakeClamd) as closed:
        address = tcp_address(closed)
    settings.CLAMD = address
    attachment = add_attachment(draft, uploaded_file=upload("a.pdf", PDF_BYTES), by=applicant)
    assert attachment.scanned_at is None
    assert "not scanned" in caplog.text


def test_officers_see_which_files_were_not_scanned(client, officer, submitted, settings):
    settings.CLAMD = ""
    for name, when in (("report.pdf", timezone.now()), ("budget.pdf", None)):
        Attachment.objects.create(
            proposal=submitted,
            original_name=name,
            content_type="application/pdf",
            size=1,
            scanned_at=when,
        )
    client.force_login(officer)
    page = client.get(reverse("proposals:officer_proposal", args=[submitted.pk])).content.decode()
    notice = "ยังไม่ได้ตรวจไวรัส"
    assert page.count(notice) == 1
    assert page.index("report.pdf") < page.index("budget.pdf") < page.index(notice)
