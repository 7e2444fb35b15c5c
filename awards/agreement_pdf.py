"""A grant agreement as an A4 PDF: the results announcement's fonts, shaping and Thai line
breaking (reviews.results_pdf), with the agreement's own layout (two signature blocks)."""

from fpdf.enums import Align

from reviews.results_pdf import (
    BODY_PT,
    FONT_FAMILY,
    INDENT_MM,
    AnnouncementPDF,
    line_height,
    paragraph,
    write_lines,
)
from reviews.thai_text import wrap

from .agreement import AgreementText, Signature

SMALL_PT = 11
GAP_MM = 10  # between the two signature blocks


def _signature_lines(pdf: AnnouncementPDF, signature: Signature, width: float) -> list[str]:
    name = f"({signature.name})" if signature.name else "(" + " " * 40 + ")"
    lines = [signature.party, "", name, signature.position]
    if signature.signed:
        lines.append(signature.signed)
    return [piece for line in lines for piece in (wrap(line, width, pdf.width_of) or [""])]


def signature_blocks(pdf: AnnouncementPDF, signatures: list[Signature]) -> None:
    """The parties' blocks side by side, kept together on one page."""
    pdf.set_font(FONT_FAMILY, "", BODY_PT)
    width = (pdf.epw - GAP_MM) / 2
    blocks = [_signature_lines(pdf, signature, width) for signature in signatures]
    height = max(len(block) for block in blocks) * line_height(BODY_PT)
    if pdf.will_page_break(height + line_height(BODY_PT)):
        pdf.add_page()
    top = pdf.get_y()
    for number, block in enumerate(blocks):
        pdf.set_y(top)
        x = pdf.l_margin + number * (width + GAP_MM)
        write_lines(pdf, block, x=x, width=width, align=Align.C)
    pdf.set_y(top + height)


def render_agreement_pdf(text: AgreementText) -> bytes:
    """The agreement as PDF bytes."""
    pdf = AnnouncementPDF()
    pdf.set_title(f"{text.title} {text.reference}")
    pdf.set_lang("th" if text.thai else "en")
    pdf.add_page()
    paragraph(pdf, text.title, size=18, style="B", align=Align.C, after=0)
    paragraph(pdf, text.reference, size=14, align=Align.C, after=0)
    paragraph(pdf, text.dated, size=14, align=Align.C, after=6)
    for part in (text.parties, text.project, text.amount, text.period):
        paragraph(pdf, part, indent=INDENT_MM)
    paragraph(pdf, text.tranche_heading, style="B", after=1)
    for line in text.tranches:
        paragraph(pdf, line, indent=INDENT_MM / 2, after=1)
    pdf.ln(2)
    paragraph(pdf, text.reporting, indent=INDENT_MM)
    paragraph(pdf, text.terms_heading, style="B", after=1)
    for number, term in enumerate(text.terms, start=1):
        paragraph(pdf, f"{number}. {term}", indent=INDENT_MM / 2, after=2)
    if text.note:
        paragraph(pdf, text.note, style="B", indent=INDENT_MM)
    pdf.ln(6)
    signature_blocks(pdf, text.signatures)
    if text.record:
        pdf.ln(6)
        for line in text.record:
            paragraph(pdf, line, size=SMALL_PT, after=1)
    return bytes(pdf.output())
