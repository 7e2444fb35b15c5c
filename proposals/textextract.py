"""The text of an attachment, read once when it is uploaded, so that officers' search finds
words inside PDFs and Word files (proposals.search).

- PDF: pypdf's text extraction, page by page. The file has already passed the checks of
  proposals.filechecks (no scripts, no bombs); a PDF pypdf cannot read gives no text.
- DOCX: the paragraphs of word/document.xml, read with zipfile and defusedxml (which fpdf2
  brings). A DOCX is a
  ZIP of XML; the text is the <w:t> elements of each <w:p>. That is all search needs, so
  python-docx (and lxml under it) would add a dependency for a dozen lines. The ZIP has
  already been checked against bombs; the XML part read is capped at MAX_XML_BYTES.
- Anything else (XLSX, images): no text.

At most MAX_CHARACTERS are kept: enough for search and duplicate detection, small in the row.
"""

import logging
import zipfile

from defusedxml import ElementTree
from pypdf import PdfReader

from . import filetypes

logger = logging.getLogger(__name__)

MAX_CHARACTERS = 200_000
MAX_PAGES = 200
MAX_XML_BYTES = 20 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_text(file, content_type: str) -> str:
    """The text of `file` (an open binary file), or "" when none can be read."""
    reader = {filetypes.PDF: _pdf_text, filetypes.DOCX: _docx_text}.get(content_type)
    if reader is None:
        return ""
    file.seek(0)
    try:
        text = reader(file)
    except Exception as error:  # a damaged file is stored all the same, without text
        logger.warning("No text read from an attachment (%s): %s", content_type, error)
        text = ""
    finally:
        file.seek(0)
    return text[:MAX_CHARACTERS]


def _pdf_text(file) -> str:
    pages = []
    size = 0
    for page in PdfReader(file).pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        pages.append(text)
        size += len(text)
        if size >= MAX_CHARACTERS:
            break
    return "\n".join(pages)


def _docx_text(file) -> str:
    with zipfile.ZipFile(file) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_XML_BYTES:
            return ""
        root = ElementTree.fromstring(archive.read(info))
    paragraphs = (
        "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))
        for paragraph in root.iter(f"{_W}p")
    )
    return "\n".join(p for p in paragraphs if p.strip())
