"""The results announcement as a PDF: Sarabun embedded, Thai shaped by HarfBuzz."""

import io
import re
import zlib
from itertools import accumulate, pairwise

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pythainlp.tokenize import word_tokenize

from grants.models import Call
from proposals.models import Organisation, Proposal
from reviews.announcement import Announcement, AwardedItem, build_announcement
from reviews.models import Decision, Publication
from reviews.results_pdf import FONT_DIR, render_results_pdf
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(decided, committee_member):
    call, _proposals = decided
    PublicationFactory(call=call, published_by=committee_member)
    return call


def streams(pdf: bytes) -> list[bytes]:
    """The PDF's streams, inflated where they are compressed."""
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return found


def test_results_pdf_is_a_pdf_with_the_sarabun_font_embedded(client, published):
    response = client.get(reverse("reviews:results_pdf", kwargs={"slug": published.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert re.search(rb"/BaseFont /[A-Z]{6}\+Sarabun\n", response.content)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+SarabunBold\n", response.content)
    assert b"/FontFile2" in response.content  # the TrueType font program itself


def test_results_pdf_answers_404_before_publication(client, decided):
    call, _ = decided
    response = client.get(reverse("reviews:results_pdf", kwargs={"slug": call.slug}))
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


THAI_ANNOUNCEMENT = Announcement(
    heading="ประกาศสำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)",
    subject="เรื่อง ผลการคัดเลือกข้อเสนอโครงการ",
    intro="",
    lead="",
    items=[
        AwardedItem(
            number="๑.",
            organisation="นิคมสร้างตนเองโพธิ์พิสัย",
            province="จังหวัดหนองคาย",
            title="เกษตรกรรมเชิงพื้นที่วิถีชุมชน",
            reason="เป็นการพัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ",
            amount="๑๐๐,๐๐๐ บาท (หนึ่งแสนบาทถ้วน)",
            text="นิคมสร้างตนเองโพธิ์พิสัย จังหวัดหนองคาย “เกษตรกรรมเชิงพื้นที่วิถีชุมชน” "
            "๑๐๐,๐๐๐ บาท (หนึ่งแสนบาทถ้วน)",
        )
    ],
    total="",
    thanks="",
    dated="ประกาศ ณ วันที่ ๑ พฤษภาคม พ.ศ. ๒๕๖๐",
    issuer="สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)",
    thai=True,
)


def glyph_maps(pdf: bytes) -> list[tuple[str, str]]:
    """The ToUnicode maps of the embedded fonts: (glyph id, text) pairs, every font."""
    inflated = b"".join(streams(pdf))
    return [
        (gid.decode(), bytes.fromhex(text.decode()).decode("utf-16-be"))
        for gid, text in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,})>", inflated)
    ]


def test_thai_words_are_embedded_with_a_text_layer_that_maps_back_to_them():
    pdf = render_results_pdf(THAI_ANNOUNCEMENT)
    mapped = {text for _, text in glyph_maps(pdf)}
    for word in ("ผลการคัดเลือก", "หนึ่งแสนบาทถ้วน", "๑๐๐,๐๐๐"):
        assert set(word) <= mapped


def test_thai_text_is_shaped_by_harfbuzz():
    """With shaping the font's GSUB picks contextual forms: a tone mark over a tall consonant
    or over another mark (ถ้, หนึ่ง) is a different glyph from the plain one, so one character
    is drawn by two glyphs. Without shaping each character has exactly one glyph."""
    pdf = render_results_pdf(THAI_ANNOUNCEMENT)
    glyphs_per_tone_mark = {
        mark: len({gid for gid, text in glyph_maps(pdf) if text == mark})
        for mark in ("\u0e48", "\u0e49")  # mai ek, mai tho
    }
    assert min(glyphs_per_tone_mark.values()) >= 2


def test_english_pdf_has_no_thai_words_for_amounts(client_en, published):
    with_english = client_en.get(reverse("reviews:results_pdf", kwargs={"slug": published.slug}))
    assert with_english.content.startswith(b"%PDF-")
    announcement_en = with_english.content
    assert b"/Lang (en)" in announcement_en


# --- Thai typography: line breaks, the text layer, numerals, bidi controls, leading ---------

SEED_REASON = (
    "เป็นการพัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ นำหลักปรัชญาเศรษฐกิจพอเพียงมาใช้ "
    "มีการประสานความร่วมมือกับกรมส่งเสริมการเกษตรมาช่วยให้ความรู้ (ดิน, พืชเพาะปลูก) "
    "สามารถต่อยอดขยายไปยังนิคมต่างๆ โดยปรับใช้ตามบริบทของแต่ละพื้นที่ "
    "และสามารถดึงภาคธุรกิจเอกชนมาร่วมสนับสนุนได้"
)
# Bidi controls an applicant pasted in (RLO ... PDF, an isolate, a mark): they must not
# reach the page, or "ABC" prints as "CBA".
TITLE_WITH_CONTROLS = "เกษตรกรรมเชิงพื้นที่ \u202eABC\u202c รุ่นที่ 2 \u2067สำหรับ\u2069 50 ครัวเรือน\u200f"
TITLE_AS_PRINTED = "เกษตรกรรมเชิงพื้นที่ ABC รุ่นที่ 2 สำหรับ 50 ครัวเรือน"
ORGANISATION_WITH_DIGITS = "วิสาหกิจชุมชนกลุ่มที่ 7 ผู้ปลูกข้าวหอมมะลิ"
SIGNATORY = {
    "signatory_name_th": "นายพุฒิพัฒน์ เลิศเขวาสินธุ์",
    "signatory_position_th": "ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ",
}


@pytest.fixture
def announced(decided, committee_member):
    """A call published like seed 004, Thai numerals on, with what applicants really type:
    digits in names and titles, bidi controls, and a committee reason of several lines."""
    call, proposals = decided
    awarded = proposals["awarded"]
    Proposal.objects.filter(pk=awarded.pk).update(title=TITLE_WITH_CONTROLS)
    Organisation.objects.filter(pk=awarded.organisation_id).update(name=ORGANISATION_WITH_DIGITS)
    Decision.objects.filter(proposal=awarded).update(reason=SEED_REASON)
    publication = PublicationFactory(call=call, published_by=committee_member)
    Publication.objects.filter(pk=publication.pk).update(thai_numerals=True, **SIGNATORY)
    publication.refresh_from_db()
    announcement = build_announcement(Call.objects.get(pk=call.pk), publication)
    return announcement, render_results_pdf(announcement)


def composed(text: str) -> str:
    """Sara am as one character: the text layer draws it as NIKHAHIT + SARA AA (see
    reviews.results_pdf), which reads the same and is its Unicode compatibility form."""
    return text.replace("\u0e4d\u0e32", "\u0e33")


def text_lines(pdf: bytes) -> list[str]:
    """The PDF's text as pypdf extracts it, line by line, sara am composed."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [composed(line) for line in text.split("\n") if line.strip()]


def lines_printing(paragraph: str, lines: list[str]) -> list[tuple[int, str]]:
    """The consecutive extracted lines that print `paragraph` exactly, in order, each with
    the offset in `paragraph` where it starts."""
    for start, first in enumerate(lines):
        if not paragraph.startswith(first):
            continue
        taken, position = [], 0
        for line in lines[start:]:
            if paragraph[position : position + 1] == " ":
                position += 1  # the space a line broke at is not printed
            if not paragraph.startswith(line, position):
                break
            taken.append((position, line))
            position += len(line)
            if position == len(paragraph):
                return taken
    raise AssertionError(f"not printed as written: {paragraph!r}\nlines: {lines}")


def body_paragraphs(announcement) -> list[str]:
    items = [f"{item.number} {item.text}" for item in announcement.items]
    return [announcement.intro, announcement.lead, *items, announcement.thanks]


def test_lines_break_between_thai_words_never_inside_one(announced):
    announcement, pdf = announced
    lines = text_lines(pdf)
    thai_breaks = 0
    for paragraph in body_paragraphs(announcement):
        word_starts = set(accumulate(len(w) for w in word_tokenize(paragraph, engine="newmm")))
        for start, _line in lines_printing(paragraph, lines)[1:]:
            if paragraph[start - 1] == " ":
                continue  # broken at a space
            thai_breaks += 1
            assert start in word_starts, (
                f"broken inside a word: {paragraph[max(0, start - 8) : start]}|"
                f"{paragraph[start : start + 8]}"
            )
    assert thai_breaks >= 3  # long Thai runs were broken between words, not only at spaces


def test_text_layer_gives_back_every_string_of_the_announcement(announced):
    """Copying from the PDF gives the text as written: no space or tab inside "สำนัก", no
    tone mark moved off its consonant, nothing dropped."""
    announcement, pdf = announced
    lines = text_lines(pdf)
    assert lines[0] == announcement.heading  # one line in bold: "ประกาศสำ\tนักงาน…" before
    assert "สำนักงานนวัตกรรมแห่งชาติ" in lines[0]
    paragraphs = [
        announcement.heading,
        announcement.subject,
        *body_paragraphs(announcement),
        announcement.total,
        announcement.dated,
        announcement.signatory,
        announcement.position,
    ]
    printed = [lines_printing(paragraph, lines) for paragraph in paragraphs]
    assert sum(len(paragraph_lines) for paragraph_lines in printed) == len(lines)  # no more
    assert not [line for line in lines if "\t" in line]


def actual_texts(pdf: bytes) -> list[str]:
    """The /ActualText of the marked-content spans, in the order they are drawn."""
    inflated = b"".join(streams(pdf))
    return [
        bytes.fromhex(hexed.decode()).decode("utf-16")  # BOM first: FEFF, big-endian
        for hexed in re.findall(rb"/ActualText <([0-9A-F]+)>", inflated)
    ]


def test_each_line_carries_its_exact_text_for_viewers_that_copy_actual_text(announced):
    """Poppler, pdf.js and Acrobat copy a span's ActualText instead of guessing from glyph
    positions, which shaping moves (marks with offsets); it holds sara am as written."""
    _announcement, pdf = announced
    spans = actual_texts(pdf)
    assert spans == text_lines(pdf)
    assert "\u0e33" in spans[0]  # ประกาศสำนักงาน…, U+0E33 as typed


def test_thai_numerals_print_the_documents_numbers_and_leave_names_as_typed(announced):
    announcement, pdf = announced
    first = announcement.items[0]
    assert first.number == "๑."
    assert first.organisation == ORGANISATION_WITH_DIGITS  # "กลุ่มที่ 7", not "๗"
    assert first.title == TITLE_AS_PRINTED  # "รุ่นที่ 2 … 50 ครัวเรือน"
    assert "๑๐๐,๐๐๐ บาท (หนึ่งแสนบาทถ้วน)" in first.text
    assert "๒๐๐,๐๐๐" in announcement.total
    assert "๑๘ เมษายน ๒๕๖๐" in announcement.intro
    assert announcement.dated == "ประกาศ ณ วันที่ ๑ พฤษภาคม พ.ศ. ๒๕๖๐"
    printed = "".join(text_lines(pdf))
    assert ORGANISATION_WITH_DIGITS in printed
    assert "รุ่นที่ 2" in printed


BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidi_controls_typed_by_applicants_never_reach_the_pdf(announced):
    announcement, pdf = announced
    assert announcement.items[0].title == TITLE_AS_PRINTED
    everything = "".join(text_lines(pdf)) + "".join(actual_texts(pdf))
    assert "ABC" in everything
    assert not set(BIDI_CONTROLS) & set(everything)
    assert not set(BIDI_CONTROLS) & set(announcement.items[0].text)


def thai_mark_extents() -> tuple[float, float]:
    """How far above its baseline Sarabun's tallest Thai mark reaches (a tone mark stacked on
    an upper vowel: ที่, ทั้ง) and how far below a lower vowel (ุ ู) goes, in em."""
    above = (
        "uni0E31",
        "uni0E34",
        "uni0E35",
        "uni0E36",
        "uni0E37",
        *(f"uni0E{c:X}" for c in range(0x47, 0x4F)),
    )
    below = ("uni0E38", "uni0E39", "uni0E3A")
    top = bottom = 0.0
    for style in ("Regular", "Bold"):
        font = TTFont(FONT_DIR / f"Sarabun-{style}.ttf")
        glyphs, em = font["glyf"], font["head"].unitsPerEm
        for name in font.getGlyphOrder():
            glyph = glyphs[name]
            if not glyph.numberOfContours and not glyph.isComposite():
                continue
            glyph.recalcBounds(glyphs)
            if name.startswith(above):
                top = max(top, glyph.yMax / em)
            if name in below:  # not the .small forms under ฎ ฏ, which no word uses
                bottom = max(bottom, -glyph.yMin / em)
    return top, bottom


def baselines(pdf: bytes) -> list[tuple[int, float, float]]:
    """(page, font size, baseline y) of every line, in the order drawn: each line is one
    text object that starts with its position (BT x y Td)."""
    found = []
    for page, content in enumerate(page_contents(pdf)):
        size = 0.0
        for match in re.finditer(rb"/F\d+ ([\d.]+) Tf|BT ([\d.]+) ([\d.]+) Td", content):
            if match.group(1):
                size = float(match.group(1))
            else:
                found.append((page, size, float(match.group(3))))
    return found


def page_contents(pdf: bytes) -> list[bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    return [page.get_contents().get_data() for page in reader.pages]


def test_lines_are_far_enough_apart_for_stacked_thai_marks(announced):
    """The ink of a line (a tone mark over an upper vowel) never reaches the line above
    (its lower vowels): the baselines are at least those two extents apart."""
    _announcement, pdf = announced
    top, bottom = thai_mark_extents()
    assert top > 1.2  # the stacked marks are there, and tall
    lines = baselines(pdf)
    assert len(lines) > 20
    for (page, size_above, y_above), (next_page, size, y) in pairwise(lines):
        if page == next_page:
            assert y_above - y >= top * size + bottom * size_above, (size, y_above, y)


def test_each_project_is_printed_with_the_reason_for_its_selection(announced):
    announcement, pdf = announced
    first = announcement.items[0]
    assert first.reason == SEED_REASON
    assert f"“{TITLE_AS_PRINTED}” ได้รับการคัดเลือกเนื่องจาก{SEED_REASON} สนับสนุน" in first.text
    assert lines_printing(f"{first.number} {first.text}", text_lines(pdf))


def test_pdf_ends_with_the_date_then_the_signatory_in_brackets_and_the_position(announced):
    announcement, pdf = announced
    assert announcement.signatory == "(นายพุฒิพัฒน์ เลิศเขวาสินธุ์)"
    assert announcement.position == "ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ"
    assert text_lines(pdf)[-3:] == [
        "ประกาศ ณ วันที่ ๑ พฤษภาคม พ.ศ. ๒๕๖๐",
        "(นายพุฒิพัฒน์ เลิศเขวาสินธุ์)",
        "ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ",
    ]
    signature, dated = baselines(pdf)[-2], baselines(pdf)[-3]
    assert dated[2] - signature[2] >= 3 * 15  # room to sign: three lines at least
