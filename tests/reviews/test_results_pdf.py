"""The results announcement as a PDF: Sarabun embedded, Thai shaped by HarfBuzz."""

import re
import zlib

import pytest
from django.urls import reverse

from reviews.announcement import Announcement, AwardedItem
from reviews.results_pdf import render_results_pdf
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
