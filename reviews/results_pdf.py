"""The results announcement as an A4 PDF, with Thai shaped by HarfBuzz (fpdf2 + uharfbuzz).

Thai needs shaping: vowels and tone marks above and below a consonant (ผลการคัดเลือก) are
placed by the font's GPOS/GSUB tables, which fpdf2 applies only with text shaping on. The
font is Sarabun (static/fonts, OFL), the portal's web font, as full TTFs.

Thai typography, each rule for a reason:
- Lines are broken here, not by fpdf2, which breaks only at spaces ("โอกา|ส"): between Thai
  words found by a dictionary (reviews.thai_text.wrap), never inside a word.
- Lines are LEADING font sizes apart: Sarabun's tone mark stacked on an upper vowel (ที่,
  ทั้ง) reaches 1.28 em above the baseline and ุ ู 0.35 em below it, 1.63 em together, so
  a tighter line would touch the line above it.
- The text layer: HarfBuzz draws sara am (ำ) as NIKHAHIT + SARA AA, and fpdf2 then maps the
  character to the first glyph only, so that the SARA AA, a glyph with a width and no text,
  reads as a gap ("สำ นัก", or a tab or control character, by the extractor). Sara am is
  therefore given to fpdf2 as U+0E4D U+0E32, its Unicode compatibility decomposition, and
  every glyph maps to its own character: copied text says สํา, which looks and reads the
  same; search that must match U+0E33 normalises with NFKC. Each line is also marked with
  its exact text (/ActualText), which Poppler, pdf.js and Acrobat copy instead of guessing
  from glyph positions (marks positioned by the font would otherwise fall off their line).
"""

import codecs
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from .announcement import Announcement
from .thai_text import wrap

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FAMILY = "Sarabun"
MARGIN_MM = 25  # Thai official letters keep wide margins (about 2.5–3 cm)
INDENT_MM = 25  # and indent the first line of a paragraph by about 2.5 cm
LEADING = 1.65  # line pitch in font sizes: clears stacked marks (see above)
MM_PER_PT = 25.4 / 72
BODY_PT = 15
SARA_AM, NIKHAHIT_SARA_AA = "\u0e33", "\u0e4d\u0e32"


class AnnouncementPDF(FPDF):
    """An A4 document in Sarabun, shaped, that measures text as HarfBuzz draws it."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN_MM, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.add_font(FONT_FAMILY, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        self.set_text_shaping(True)
        self.c_margin = 0  # lines are measured here, to the millimetre of the text box
        self.widths: dict[tuple[str, float, str], float] = {}

    def width_of(self, piece: str) -> float:
        """The width of `piece` in the current font, in mm; each piece shaped once.

        Asks the font itself: get_string_width() would first run fpdf2's bidi algorithm
        on every piece (twenty times slower), and this text runs left to right throughout.
        """
        key = (self.current_font.fontkey, self.font_size_pt, piece)
        if key not in self.widths:
            shaped = self.current_font.get_text_width(
                glyph_text(piece), self.font_size_pt, self.text_shaping
            )
            self.widths[key] = shaped[1] / self.k
        return self.widths[key]


def line_height(size: float) -> float:
    """The height of a line of text of `size` points, in mm."""
    return size * LEADING * MM_PER_PT


def glyph_text(text: str) -> str:
    """`text` as given to fpdf2 for its glyphs: sara am decomposed (see the module doc)."""
    return text.replace(SARA_AM, NIKHAHIT_SARA_AA)


@contextmanager
def actual_text(pdf: FPDF, text: str) -> Iterator[None]:
    """Mark what is drawn inside as saying `text` (PDF 32000-1, 14.9.4, replacement text).

    fpdf2 has no public call for a marked-content span, so the two operators are written
    with its content writer; the span never crosses a page (callers break the page first).
    """
    hexed = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")).hex().upper()
    pdf._out(f"/Span <</ActualText <{hexed}>>> BDC")
    yield
    pdf._out("EMC")


def write_lines(
    pdf: AnnouncementPDF, lines: list[str], *, x: float, width: float, align=Align.L
) -> None:
    """Draw `lines`, one under the other, from `x` in a box `width` wide."""
    height = line_height(pdf.font_size_pt)
    for line in lines:
        if pdf.will_page_break(height):
            pdf.add_page()
        pdf.set_x(x)
        with actual_text(pdf, line):
            pdf.cell(
                width, height, glyph_text(line), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )


def paragraph(
    pdf: AnnouncementPDF, text: str, *, size=BODY_PT, style="", align=Align.L, indent=0.0, after=3.0
) -> None:
    """`text` as a paragraph across the page, its first line indented by `indent` mm."""
    pdf.set_font(FONT_FAMILY, style, size)
    lines = wrap(text, pdf.epw, pdf.width_of, first=pdf.epw - indent)
    for number, line in enumerate(lines):
        if number == len(lines) - 2 and pdf.will_page_break(2 * line_height(size)):
            pdf.add_page()  # no last line alone at the top of a page
        shift = indent if number == 0 else 0.0
        write_lines(pdf, [line], x=pdf.l_margin + shift, width=pdf.epw - shift, align=align)
    pdf.ln(after)


def signature_block(pdf: AnnouncementPDF, announcement: Announcement) -> None:
    """The date, room to sign, the signatory's name and position, centred in the right part
    of the page as signed announcements end; kept together on one page."""
    pdf.set_font(FONT_FAMILY, "", BODY_PT)
    x, width = pdf.l_margin + pdf.epw * 0.4, pdf.epw * 0.6
    dated = wrap(announcement.dated, width, pdf.width_of)
    name = wrap(announcement.signatory, width, pdf.width_of)
    position = wrap(announcement.position, width, pdf.width_of)
    signing_room = 3 if name else 1  # lines left blank for the signature
    needed = (len(dated) + signing_room + len(name) + len(position)) * line_height(BODY_PT)
    if pdf.will_page_break(needed):
        pdf.add_page()
    write_lines(pdf, dated, x=x, width=width, align=Align.C)
    pdf.ln(line_height(BODY_PT) * signing_room)
    write_lines(pdf, name + position, x=x, width=width, align=Align.C)


def render_results_pdf(announcement: Announcement, *, title: str = "") -> bytes:
    """The announcement as PDF bytes."""
    pdf = AnnouncementPDF()
    pdf.set_title(title or announcement.subject)
    pdf.set_author(announcement.issuer)
    pdf.set_lang("th" if announcement.thai else "en")
    pdf.add_page()
    paragraph(pdf, announcement.heading, size=18, style="B", align=Align.C, after=0)
    paragraph(pdf, announcement.subject, size=16, style="B", align=Align.C, after=6)
    paragraph(pdf, announcement.intro, indent=INDENT_MM)
    paragraph(pdf, announcement.lead, indent=INDENT_MM)
    for item in announcement.items:
        paragraph(pdf, f"{item.number} {item.text}", indent=INDENT_MM)
    paragraph(pdf, announcement.total, style="B", indent=INDENT_MM)
    paragraph(pdf, announcement.thanks, indent=INDENT_MM, after=8)
    signature_block(pdf, announcement)
    return bytes(pdf.output())
