"""The official results announcement of a call: its text, built once for the page and the PDF.

Follows the form of Thai government announcements (ประกาศ … เรื่อง ผลการคัดเลือก …): the call
restated with its dates, the numbered list of awarded projects with the amount in figures and,
in Thai, in words, the total, thanks to every applicant, and the date of publication. In Thai
the dates are in the Buddhist Era, and all digits become Thai numerals when the publication
asks for them; in English, Common Era and "THB 100,000".
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import Call
from portal import formatting
from proposals.enums import ProposalState
from proposals.models import Proposal

from .models import Publication
from .thai_text import baht_text

BANGKOK = "TH-10"  # no "จังหวัด" before Bangkok's name


@dataclass(frozen=True)
class AwardedItem:
    number: str
    organisation: str
    province: str
    title: str
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


def issuer() -> str:
    return settings.RESULTS_ISSUER_TH if formatting.is_thai() else settings.RESULTS_ISSUER_EN


def awarded_proposals(call: Call):
    """The awarded proposals of `call`, in reference order, with what the list prints."""
    return (
        Proposal.objects.filter(call=call, state=ProposalState.AWARDED)
        .select_related("organisation__province", "decision")
        .order_by("sequence", "pk")
    )


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


def build_announcement(call: Call, publication: Publication) -> Announcement:
    """The announcement of `call`'s results in the active language."""
    thai = formatting.is_thai()
    numerals = formatting.thai_digits if thai and publication.thai_numerals else str
    who = issuer()
    items = []
    for index, proposal in enumerate(awarded_proposals(call), start=1):
        organisation = proposal.organisation.name
        province = province_text(proposal.organisation.province)
        amount = amount_text(proposal.decision.amount)
        text = _("%(organisation)s, %(province)s, proposed “%(title)s”: a grant of %(amount)s.") % {
            "organisation": organisation,
            "province": province,
            "title": proposal.title,
            "amount": amount,
        }
        items.append(
            AwardedItem(
                number=numerals(f"{index}."),
                organisation=numerals(organisation),
                province=numerals(province),
                title=numerals(proposal.title),
                amount=numerals(amount),
                text=numerals(text),
            )
        )
    count = len(items)
    if count:
        lead = ngettext(
            "The committee has considered the proposals and selected %(count)s project, "
            "as follows:",
            "The committee has considered the proposals and selected %(count)s projects, "
            "as follows:",
            count,
        ) % {"count": count}
    else:
        lead = _("The committee has considered the proposals and selected none in this call.")
    total = ngettext(
        "In total %(count)s project, with grants of %(amount)s.",
        "In total %(count)s projects, with grants of %(amount)s.",
        count,
    ) % {"count": count, "amount": amount_text(publication.total_awarded)}
    return Announcement(
        heading=_("Announcement of the %(issuer)s") % {"issuer": who},
        subject=numerals(
            _("Subject: results of the selection of proposals for %(call)s") % {"call": call.title}
        ),
        intro=numerals(
            _(
                "The %(issuer)s invited proposals for %(call)s, to be sent by %(deadline)s, so "
                "that the committee would select among them and announce the results by "
                "%(results)s."
            )
            % {
                "issuer": who,
                "call": call.title,
                "deadline": formatting.format_date(call.deadline),
                "results": formatting.format_date(call.results_at),
            }
        ),
        lead=numerals(lead),
        items=items,
        total=numerals(total),
        thanks=numerals(
            _(
                "The %(issuer)s congratulates the selected organisations and thanks every "
                "applicant for the proposals sent. Many proposals not selected this time have "
                "good ideas: we hope their authors keep developing them and apply again."
            )
            % {"issuer": who}
        ),
        dated=numerals(
            _("Announced on %(date)s") % {"date": announcement_date(publication.published_at)}
        ),
        issuer=who,
        thai=thai,
    )
