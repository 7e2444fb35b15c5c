"""The minutes of a committee meeting (รายงานการประชุม) as an A4 PDF, in the active language.

In the official form: the title, the meeting's number over the Buddhist-Era year, the day
and date, the place; those present (the chair first) and absent, the secretary; the time it
opened; the conflicts of interest declared; each agenda item with its discussion, its
resolution (มติที่ประชุม) and the votes; the time it closed; the signature lines of the
recorder (ผู้จดรายงานการประชุม) and of the chair who checks the minutes.

The document, its fonts, shaping and Thai line breaking are reviews.results_pdf's (one way
to print Thai); this module only says what the minutes print.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from fpdf.enums import Align

from portal import formatting
from portal.text import one_line

from .announcement import amount_text, announcement_date, issuer
from .enums import VoteChoice
from .models import Meeting
from .queries import agenda_of
from .results_pdf import (
    BODY_PT,
    FONT_FAMILY,
    INDENT_MM,
    AnnouncementPDF,
    line_height,
    paragraph,
    write_lines,
)
from .thai_text import wrap

THAI_WEEKDAYS = ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"]
ENGLISH_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SIGNATURE_LINE = "." * 40


def meeting_day(value) -> str:
    """'วันจันทร์ที่ 30 พฤศจิกายน พ.ศ. 2569' / 'Monday, 30 November 2026'."""
    local = formatting._local(value)
    if formatting.is_thai():
        return f"วัน{THAI_WEEKDAYS[local.weekday()]}ที่ {announcement_date(value)}"
    return f"{ENGLISH_WEEKDAYS[local.weekday()]}, {announcement_date(value)}"


def clock(value) -> str:
    """'09.30 น.' (as Thai minutes write the time) / '09:30'."""
    if value is None:
        return "—"
    local = formatting._local(value)
    return f"{local:%H.%M} น." if formatting.is_thai() else f"{local:%H:%M}"


def person(user) -> str:
    return one_line(user.full_name or user.email) if user else ""


def resolution_text(item) -> str:
    """What the meeting resolved on an item, or that it did not."""
    if item.result == VoteChoice.FUND:
        return _("Resolved: to fund, %(amount)s.") % {"amount": amount_text(item.amount)}
    if item.result == VoteChoice.RESERVE:
        return _("Resolved: to place on the reserve list.")
    if item.result == VoteChoice.NOT_FUND:
        return _("Resolved: not to fund.")
    return _("Not resolved at this meeting.")


def votes_text(item) -> str:
    counts = item.tally.counts
    return _(
        "Votes: fund %(fund)s, reserve list %(reserve)s, do not fund %(not_fund)s, "
        "abstain %(abstain)s; %(present)s of %(members)s members present for this item."
    ) % {**counts, "present": item.quorum.present, "members": item.quorum.members}


@dataclass(frozen=True)
class Minutes:
    title: str
    subtitle: str
    number: str
    day: str
    place: str
    present: list[str]
    absent: list[str]
    secretary: str
    opened: str
    quorum: str
    conflicts: list[str]
    individual: list
    bulk: list
    closed: str
    chair: str
    recorder: str


def build_minutes(meeting: Meeting) -> Minutes:
    """The minutes' text in the active language, from the meeting as recorded."""
    seats = list(meeting.members.select_related("user").order_by("pk"))
    chair_label = _("chair of the committee")
    present = [
        f"{person(s.user)} ({chair_label if s.user_id == meeting.chair_id else _('member')})"
        for s in sorted(seats, key=lambda s: s.user_id != meeting.chair_id)
        if s.present
    ]
    items = agenda_of(meeting)
    conflicts = [
        _("%(member)s, on %(reference)s")
        % {"member": person(member.user), "reference": item.proposal.reference}
        for item in items
        for member in item.conflicted
    ]
    place = one_line(meeting.place)
    if meeting.link:
        place = f"{place} · {meeting.link}" if place else meeting.link
    return Minutes(
        title=_("Minutes of the meeting of the committee of the %(issuer)s") % {"issuer": issuer()},
        subtitle=_("on the proposals for %(call)s") % {"call": one_line(meeting.call.title)},
        number=_("Meeting no. %(number)s/%(year)s")
        % {"number": meeting.number, "year": _year(meeting)},
        day=_("On %(day)s") % {"day": meeting_day(meeting.starts_at)},
        place=_("At %(place)s") % {"place": place},
        present=present,
        absent=[person(s.user) for s in seats if not s.present],
        secretary=person(meeting.scheduled_by),
        opened=_("The meeting opened at %(time)s.") % {"time": clock(meeting.opened_at)},
        quorum=_("Quorum: %(rule)s.") % {"rule": _quorum_rule(meeting)},
        conflicts=conflicts,
        individual=[item for item in items if not item.in_bulk],
        bulk=[item for item in items if item.in_bulk],
        closed=_("The meeting closed at %(time)s.") % {"time": clock(meeting.closed_at)},
        chair=person(meeting.chair),
        recorder=person(meeting.scheduled_by),
    )


def _year(meeting: Meeting) -> int:
    local = formatting._local(meeting.starts_at)
    return formatting.buddhist_year(local) if formatting.is_thai() else local.year


def _quorum_rule(meeting: Meeting) -> str:
    label = str(meeting.get_quorum_rule_display())
    if meeting.quorum_number:
        return f"{label} ({meeting.quorum_number})"
    return label


def _heading(pdf: AnnouncementPDF, text: str) -> None:
    paragraph(pdf, text, style="B", after=1)


def _numbered(pdf: AnnouncementPDF, lines: list[str], *, empty: str) -> None:
    if not lines:
        paragraph(pdf, empty, indent=INDENT_MM, after=2)
    for number, line in enumerate(lines, start=1):
        paragraph(pdf, f"{number}. {line}", indent=INDENT_MM, after=0)
    pdf.ln(2)


def _items(pdf: AnnouncementPDF, heading: str, items: list, *, agenda: int) -> None:
    _heading(pdf, heading)
    if not items:
        paragraph(pdf, _("No proposal under this item."), indent=INDENT_MM)
    for number, item in enumerate(items, start=1):
        title = f"{agenda}.{number} {item.proposal.reference} “{one_line(item.proposal.title)}”"
        paragraph(pdf, title, style="B", indent=INDENT_MM, after=0)
        if item.notes:
            paragraph(pdf, item.notes, indent=INDENT_MM, after=0)
        paragraph(pdf, resolution_text(item), indent=INDENT_MM, after=0)
        paragraph(pdf, votes_text(item), indent=INDENT_MM, after=2)


def signature_lines(pdf: AnnouncementPDF, name: str, role: str) -> None:
    """'Signed ……… ' with the name in brackets and the role under it, in the right part of
    the page, kept together on one page."""
    pdf.set_font(FONT_FAMILY, "", BODY_PT)
    x, width = pdf.l_margin + pdf.epw * 0.4, pdf.epw * 0.6
    lines = [
        _("Signed %(line)s") % {"line": SIGNATURE_LINE},
        *wrap(f"({name or ' ' * 30})", width, pdf.width_of),
        *wrap(role, width, pdf.width_of),
    ]
    needed = (len(lines) + 2) * line_height(BODY_PT)
    if pdf.will_page_break(needed):
        pdf.add_page()
    pdf.ln(line_height(BODY_PT))
    write_lines(pdf, lines, x=x, width=width, align=Align.C)


def render_minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes as PDF bytes, in the active language."""
    minutes = build_minutes(meeting)
    pdf = AnnouncementPDF()
    pdf.set_title(f"{minutes.title} {minutes.number}")
    pdf.set_author(issuer())
    pdf.set_lang("th" if formatting.is_thai() else "en")
    pdf.add_page()
    for text, size in ((minutes.title, 17), (minutes.subtitle, 16), (minutes.number, 16)):
        paragraph(pdf, text, size=size, style="B", align=Align.C, after=0)
    paragraph(pdf, minutes.day, align=Align.C, after=0)
    paragraph(pdf, minutes.place, align=Align.C, after=5)
    _heading(pdf, _("Present"))
    _numbered(pdf, minutes.present, empty=_("None"))
    _heading(pdf, _("Absent"))
    _numbered(pdf, minutes.absent, empty=_("None"))
    _heading(pdf, _("Secretary"))
    _numbered(pdf, [minutes.secretary] if minutes.secretary else [], empty=_("None"))
    paragraph(pdf, minutes.opened, indent=INDENT_MM, after=0)
    paragraph(pdf, minutes.quorum, indent=INDENT_MM, after=3)
    _heading(pdf, _("Conflicts of interest declared"))
    _numbered(pdf, minutes.conflicts, empty=_("None"))
    _items(pdf, _("Agenda item 1: proposals around the funding line"), minutes.individual, agenda=1)
    _items(pdf, _("Agenda item 2: the clear cases, resolved in bulk"), minutes.bulk, agenda=2)
    paragraph(pdf, minutes.closed, indent=INDENT_MM, after=4)
    signature_lines(pdf, minutes.recorder, _("Recorder of the minutes"))
    signature_lines(pdf, minutes.chair, _("Chair of the committee, who checked the minutes"))
    return bytes(pdf.output())
