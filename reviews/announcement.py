"""The official results announcement of a call: its text, built once for the page and the PDF.

Follows the form of Thai government announcements (ประกาศ … เรื่อง ผลการคัดเลือก …; seed
004): the call restated with its dates, the numbered list of awarded projects, each with why
it was selected and the amount in figures and, in Thai, in words, the total, thanks to every
applicant, the date of publication and the signatory's name and position. In Thai the dates
are in the Buddhist Era, and the document's own numbers become Thai numerals when the
publication asks for them; in English, Common Era and "THB 100,000".

Text that people typed (names, titles, reasons) is printed as one line each, without Unicode
direction controls (portal.text.one_line): this is the one place both the page and the PDF
take their text from.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import Call, Province
from portal import formatting
from portal.text import one_line
from proposals.enums import ProposalState
from proposals.models import Proposal

from .models import Publication
from .thai_text import baht_text

BANGKOK = "TH-10"  # no "จังหวัด" before Bangkok's name
Numerals = Callable[[str], str]  # Thai numerals (formatting.thai_digits), or as they are


@dataclass(frozen=True)
class AwardedItem:
    number: str
    organisation: str
    province: str
    title: str
    reason: str  # why the committee selected it, as the committee wrote it
    amount: str
    text: str  # the whole sentence, as the document prints it


@dataclass(frozen=True)
class Announcement:
    heading: str
    subject: str
    intro: str
    lead: str
    items: list[AwardedItem]
    total: str
    thanks: str
    dated: str
    issuer: str
    thai: bool
    # The signature block: the signatory's name (in brackets in Thai, as signed letters
    # print it; empty when the publication names nobody) and position (else the issuer).
    signatory: str = ""
    position: str = ""


def issuer() -> str:
    return settings.RESULTS_ISSUER_TH if formatting.is_thai() else settings.RESULTS_ISSUER_EN


def awarded_proposals(call: Call):
    """The awarded proposals of `call`, in reference order, with what the list prints."""
    return (
        Proposal.objects.filter(call=call, state=ProposalState.AWARDED)
        .select_related("organisation__province", "decision")
        .order_by("sequence", "pk")
    )


def amendments_of(publication: Publication) -> list:
    """The publication's amendments in order, with what their text prints (one query)."""
    return list(
        publication.amendments.select_related("proposal__organisation__province").order_by("number")
    )


class Listed(NamedTuple):
    """One project of the list as published: what its line prints, and how it is ordered."""

    pk: int
    sequence: int | None
    title: str
    organisation: str  # the organisation's name
    province: Province | None
    amount: Decimal | None
    reason: str


# What a line of the list prints, read as plain values: the page lists hundreds of projects,
# and four model objects a line (proposal, organisation, province, decision) were a third
# of its time.
PRINTED = (
    "pk",
    "sequence",
    "title",
    "organisation__name",
    "organisation__province_id",
    "organisation__province__code",
    "organisation__province__name_th",
    "organisation__province__name_en",
    "decision__amount",
    "decision__reason",
)


def awarded_as_published(
    call: Call, publication: Publication, amendments: list | None = None
) -> list[Listed]:
    """The awarded list as the publication announced it, in reference order.

    Today's awarded proposals with every amendment undone, latest first: a proposal an
    amendment awarded leaves the list, one it took off comes back with its amount and reason
    of then. So the announcement reads as it was published, whatever was amended since.
    """
    if amendments is None:
        amendments = amendments_of(publication)
    provinces: dict[int, Province] = {}  # each province once (77 at most)
    listed = {}
    # Only what the list prints: the proposals' long texts would be most of the rows read.
    for row in awarded_proposals(call).values_list(*PRINTED):
        pk, sequence, title, organisation, province_id, code, name_th, name_en, amount, reason = row
        province = None
        if province_id is not None:
            province = provinces.get(province_id)
            if province is None:
                province = provinces[province_id] = Province(
                    pk=province_id, code=code, name_th=name_th, name_en=name_en
                )
        listed[pk] = Listed(pk, sequence, title, organisation, province, amount, reason)
    for amendment in sorted(amendments, key=lambda item: -item.number):
        proposal = amendment.proposal
        if amendment.new_state == ProposalState.AWARDED:
            listed.pop(proposal.pk, None)
        if amendment.previous_state == ProposalState.AWARDED:
            amount, reason = amendment.previous_amount, amendment.previous_reason
            listed[proposal.pk] = Listed(
                proposal.pk,
                proposal.sequence,
                proposal.title,
                proposal.organisation.name,
                proposal.organisation.province,
                # As published; failing that (never so far), the decision's.
                proposal.decision.amount if amount is None else amount,
                proposal.decision.reason if reason is None else reason,
            )
    return sorted(listed.values(), key=lambda item: (item.sequence or 0, item.pk))


def province_text(province) -> str:
    if province is None:
        return ""
    if formatting.is_thai() and province.code != BANGKOK:
        return f"จังหวัด{province.name}"
    return str(province.name)


def amount_text(amount: Decimal) -> str:
    """'100,000 บาท (หนึ่งแสนบาทถ้วน)' in Thai, 'THB 100,000' in English."""
    if formatting.is_thai():
        return f"{formatting.format_baht(amount)} ({baht_text(amount)})"
    return formatting.format_baht(amount)


def announcement_date(value) -> str:
    """'1 พฤษภาคม พ.ศ. 2560' in Thai (as announcements date themselves), '1 May 2017'."""
    if formatting.is_thai():
        local = formatting._local(value)
        month = formatting.THAI_MONTHS[local.month - 1]
        return f"{local.day} {month} พ.ศ. {formatting.buddhist_year(local)}"
    return formatting.format_date(value)


class ItemWriter:
    """The lines of one announcement's list, as seed 004 words them: who, where, what, why,
    how much.

    Names, the title and the reason are printed as typed (direction controls and line
    breaks aside); only the document's own numbers (the item's number, the amount) go
    through `numerals`. What every line shares is worked out once: the language's two
    sentences, and each amount and province in words (a list of hundreds of projects has a
    few amounts and provinces).
    """

    def __init__(self, numerals: Numerals) -> None:
        self.numerals = numerals
        self.with_reason = _(
            "%(organisation)s, %(province)s, proposed “%(title)s”, selected because "
            "%(reason)s: a grant of %(amount)s."
        )
        self.without_reason = _(
            "%(organisation)s, %(province)s, proposed “%(title)s”: a grant of %(amount)s."
        )
        self.amounts: dict = {}
        self.provinces: dict = {}

    def amount(self, amount) -> str:
        text = self.amounts.get(amount)
        if text is None:
            text = self.amounts[amount] = self.numerals(amount_text(amount))
        return text

    def province(self, province) -> str:
        key = None if province is None else province.pk
        text = self.provinces.get(key)
        if text is None:
            text = self.provinces[key] = province_text(province)
        return text

    def item(self, number: int, line: Listed) -> AwardedItem:
        values = {
            "organisation": one_line(line.organisation),
            "province": self.province(line.province),
            "title": one_line(line.title),
            "reason": one_line(line.reason).rstrip("."),
            "amount": self.amount(line.amount),
        }
        text = self.with_reason if values["reason"] else self.without_reason
        return AwardedItem(number=self.numerals(f"{number}."), text=text % values, **values)


def signature(publication: Publication, who: str) -> dict[str, str]:
    """The signature block: '(name)' in Thai, the name in English; the position."""
    name = one_line(publication.signatory_name)
    if name and formatting.is_thai():
        name = f"({name})"
    return {"signatory": name, "position": one_line(publication.signatory_position) or who}


def build_announcement(
    call: Call, publication: Publication, *, amendments: list | None = None
) -> Announcement:
    """The announcement of `call`'s results in the active language.

    With the publication's Thai numerals (Thai only), the numbers the document states
    (counts, amounts, dates, the items' numbers) print as ๑๒๓; names and titles, typed by
    applicants or officers, keep the digits they were typed with ("รุ่นที่ 2").
    """
    thai = formatting.is_thai()
    numerals = formatting.thai_digits if thai and publication.thai_numerals else str
    who = issuer()
    write = ItemWriter(numerals).item
    items = [
        write(number, line)
        for number, line in enumerate(awarded_as_published(call, publication, amendments), 1)
    ]
    count = len(items)
    return Announcement(
        heading=_("Announcement of the %(issuer)s") % {"issuer": who},
        subject=_("Subject: results of the selection of proposals for %(call)s")
        % {"call": one_line(call.title)},
        intro=_(
            "The %(issuer)s invited proposals for %(call)s, to be sent by %(deadline)s, so "
            "that the committee would select among them and announce the results by "
            "%(results)s."
        )
        % {
            "issuer": who,
            "call": one_line(call.title),
            "deadline": numerals(formatting.format_date(call.deadline)),
            "results": numerals(formatting.format_date(call.results_at)),
        },
        lead=lead_text(count, numerals),
        items=items,
        total=ngettext(
            "In total %(count)s project, with grants of %(amount)s.",
            "In total %(count)s projects, with grants of %(amount)s.",
            count,
        )
        % {
            "count": numerals(str(count)),
            "amount": numerals(amount_text(publication.total_awarded)),
        },
        thanks=_(
            "The %(issuer)s congratulates the selected organisations and thanks every "
            "applicant for the proposals sent. Many proposals not selected this time have "
            "good ideas: we hope their authors keep developing them and apply again."
        )
        % {"issuer": who},
        dated=_("Announced on %(date)s")
        % {"date": numerals(announcement_date(publication.published_at))},
        issuer=who,
        thai=thai,
        **signature(publication, who),
    )


def lead_text(count: int, numerals: Numerals) -> str:
    if not count:
        return _("The committee has considered the proposals and selected none in this call.")
    return ngettext(
        "The committee has considered the proposals and selected %(count)s project, as follows:",
        "The committee has considered the proposals and selected %(count)s projects, as follows:",
        count,
    ) % {"count": numerals(str(count))}


# ---------------------------------------------------------------- amendments


def amended_total(publication: Publication, amendment, amendments: list | None = None) -> Decimal:
    """The call's total of grants once `amendment` (and those before it) took effect: the
    published total plus each amendment's change. The Publication keeps its own total."""
    total = publication.total_awarded
    if amendments is None:
        amendments = list(publication.amendments.all())
    for earlier in (item for item in amendments if item.number <= amendment.number):
        total += (earlier.new_amount or Decimal("0")) - (earlier.previous_amount or Decimal("0"))
    return total


def _previous_result(amendment) -> str:
    if amendment.previous_state == ProposalState.RESERVE:
        return _("on the reserve list")
    if amendment.previous_state == ProposalState.AWARDED:
        return _("awarded a grant")
    return _("not selected")


def _amended_change(amendment, numerals: Numerals) -> str:
    proposal = amendment.proposal
    values = {
        "organisation": one_line(proposal.organisation.name),
        "province": province_text(proposal.organisation.province),
        "title": one_line(proposal.title),
        "previous": _previous_result(amendment),
    }
    if amendment.new_state == ProposalState.AWARDED:
        values["amount"] = numerals(amount_text(amendment.new_amount))
        return (
            _(
                "The announcement is amended as follows: %(organisation)s, %(province)s, "
                "proposed “%(title)s”, %(previous)s in the announcement, is selected: a grant "
                "of %(amount)s."
            )
            % values
        )
    return (
        _(
            "The announcement is amended as follows: %(organisation)s, %(province)s, "
            "proposed “%(title)s”, %(previous)s in the announcement, is placed on the "
            "reserve list."
        )
        % values
    )


def build_amendment(
    call: Call, publication: Publication, amendment, *, amendments: list | None = None
) -> Announcement:
    """Amendment No. n to the announcement of `call`'s results, in the active language, in
    the announcement's own form (so the page and the PDF print it as they print that)."""
    thai = formatting.is_thai()
    numerals = formatting.thai_digits if thai and publication.thai_numerals else str
    who = issuer()
    published = numerals(announcement_date(publication.published_at))
    proposal = amendment.proposal
    return Announcement(
        heading=_("Announcement of the %(issuer)s") % {"issuer": who},
        subject=_(
            "Subject: amendment No. %(number)s to the results of the selection of proposals "
            "for %(call)s"
        )
        % {"number": numerals(str(amendment.number)), "call": one_line(call.title)},
        intro=_(
            "The %(issuer)s announced the results of the selection of proposals for %(call)s "
            "on %(date)s. %(organisation)s appealed against the result of its proposal "
            "“%(title)s”; the committee considered the appeal and upheld it, because "
            "%(reason)s."
        )
        % {
            "issuer": who,
            "call": one_line(call.title),
            "date": published,
            "organisation": one_line(proposal.organisation.name),
            "title": one_line(proposal.title),
            "reason": one_line(amendment.reason).rstrip("."),
        },
        lead=_amended_change(amendment, numerals),
        items=[],
        total=_("The grants of this call now total %(amount)s.")
        % {"amount": numerals(amount_text(amended_total(publication, amendment, amendments)))},
        thanks=_("The rest of the announcement of %(date)s stays as announced.")
        % {"date": published},
        dated=_("Announced on %(date)s")
        % {"date": numerals(announcement_date(amendment.published_at))},
        issuer=who,
        thai=thai,
        **signature(publication, who),
    )
