"""The results announcement as an A4 PDF, with Thai shaped by HarfBuzz (fpdf2 + uharfbuzz).

Thai needs shaping: vowels and tone marks above and below a consonant (ผลการคัดเลือก) are
placed by the font's GPOS/GSUB tables, which fpdf2 applies only with text shaping on. The
font is Sarabun (static/fonts, OFL), the portal's web font, as full TTFs.
"""

from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from .announcement import Announcement

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FAMILY = "Sarabun"
MARGIN_MM = 25  # Thai official letters keep wide margins (about 2.5–3 cm)


def _pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FONT_FAMILY, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
    pdf.set_text_shaping(True)
    return pdf


def render_results_pdf(announcement: Announcement, *, title: str = "") -> bytes:
    """The announcement as PDF bytes."""
    pdf = _pdf()
    pdf.set_title(title or announcement.subject)
    pdf.set_author(announcement.issuer)
    pdf.set_lang("th" if announcement.thai else "en")
    pdf.add_page()
    width = pdf.epw

    def paragraph(text: str, *, size=15, style="", align=Align.L, indent=0.0, after=3.0):
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, 7.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(after)

    paragraph(announcement.heading, size=18, style="B", align=Align.C, after=0)
    paragraph(announcement.subject, size=16, style="B", align=Align.C, after=6)
    paragraph(announcement.intro)
    paragraph(announcement.lead)
    for item in announcement.items:
        paragraph(f"{item.number} {item.text}", indent=8)
    paragraph(announcement.total, style="B")
    paragraph(announcement.thanks, after=10)
    paragraph(announcement.dated, align=Align.C, after=2)
    paragraph(announcement.issuer, align=Align.C)
    return bytes(pdf.output())
