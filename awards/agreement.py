"""A grant agreement's text, built once for the PDF in the active language (Thai or English).

The form of a Thai grant agreement (สัญญารับทุน): who the parties are, the project, the
amount in figures and (in Thai) in words, the period, the tranche plan, the reporting duties
and their dates (Buddhist Era in Thai), the terms of the call (a template its officers edit),
then the signature blocks. A signed agreement also records how it was signed: the typed
name, the time and IP address of the acceptance with the SHA-256 of the exact PDF accepted,
and the officer's countersignature.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from portal import formatting
from portal.text import one_line
from reviews.announcement import amount_text, announcement_date, issuer, province_text

from .models import Agreement, AgreementTerms, Grant

DEFAULT_TERMS_TH = (
    "ผู้รับทุนต้องใช้เงินทุนเพื่อดำเนินโครงการตามข้อเสนอโครงการที่ได้รับอนุมัติเท่านั้น "
    "และเก็บหลักฐานการใช้จ่ายไว้ให้ตรวจสอบได้เป็นเวลาไม่น้อยกว่าห้าปี\n\n"
    "ผู้รับทุนต้องส่งรายงานความก้าวหน้าและรายงานฉบับสมบูรณ์ตามกำหนด "
    "ผู้ให้ทุนจะจ่ายเงินแต่ละงวดเมื่อรายงานของงวดนั้นได้รับอนุมัติแล้ว\n\n"
    "การเปลี่ยนแปลงระยะเวลา งบประมาณระหว่างหมวด หรือผู้ประสานงานโครงการ "
    "ต้องได้รับความเห็นชอบจากผู้ให้ทุนเป็นลายลักษณ์อักษรก่อน\n\n"
    "ผู้ให้ทุนอาจระงับหรือยกเลิกทุนได้ หากผู้รับทุนไม่ปฏิบัติตามสัญญานี้ "
    "และผู้รับทุนต้องคืนเงินส่วนที่ยังไม่ได้ใช้"
)
DEFAULT_TERMS_EN = (
    "The grantee uses the grant only to carry out the project as approved, and keeps the "
    "evidence of spending for inspection for at least five years.\n\n"
    "The grantee submits the progress reports and the final report when due; the grantor "
    "pays each tranche once the report it depends on is approved.\n\n"
    "A change of the period, of money between budget lines or of the contact person needs "
    "the grantor's written approval first.\n\n"
    "The grantor may suspend or cancel the grant if the grantee does not keep to this "
    "agreement; the grantee then returns what is unspent."
)


@dataclass(frozen=True)
class Signature:
    party: str
    name: str = ""
    position: str = ""
    signed: str = ""  # how and when it was signed, once it was


@dataclass(frozen=True)
class AgreementText:
    thai: bool
    title: str
    reference: str
    dated: str
    parties: str
    project: str
    amount: str
    period: str
    tranche_heading: str
    tranches: list[str]
    reporting: str
    terms_heading: str
    terms: list[str]
    note: str
    signatures: list[Signature]
    record: list[str] = field(default_factory=list)  # the signing record (signed PDF only)


def terms_of(call) -> tuple[str, str]:
    """The call's agreement terms (Thai, English): its template, or the defaults."""
    saved = AgreementTerms.objects.filter(call=call).first()
    if saved is None:
        return DEFAULT_TERMS_TH, DEFAULT_TERMS_EN
    return saved.terms_th, saved.terms_en or DEFAULT_TERMS_EN


def _tranche_lines(grant: Grant) -> list[str]:
    lines = []
    for tranche in grant.tranches.order_by("position"):
        share = tranche.amount * 100 / grant.amount if grant.amount else 0
        lines.append(
            _(
                "Tranche %(number)s: %(amount)s (%(share)s%% of the grant), on %(milestone)s, "
                "once its report, due %(due)s, is approved."
            )
            % {
                "number": tranche.position,
                "amount": amount_text(tranche.amount),
                "share": formatting.group_thousands(share),
                "milestone": one_line(tranche.milestone),
                "due": announcement_date(tranche.report_due),
            }
        )
    return lines or [_("The tranche plan is set by the grantor before signing.")]


def _signatures(grant: Grant, agreement: Agreement) -> list[Signature]:
    grantor = Signature(
        party=_("The grantor"),
        name=one_line(agreement.countersigned_by.full_name) if agreement.is_countersigned else "",
        position=issuer(),
        signed=(
            _("Countersigned electronically on %(at)s")
            % {"at": formatting.format_datetime(agreement.countersigned_at)}
            if agreement.is_countersigned
            else ""
        ),
    )
    grantee = Signature(
        party=_("The grantee"),
        name=one_line(agreement.accepted_name),
        position=one_line(agreement.accepted_position) or one_line(grant.organisation.name),
        signed=(
            _("Accepted electronically on %(at)s")
            % {"at": formatting.format_datetime(agreement.accepted_at)}
            if agreement.is_accepted
            else ""
        ),
    )
    return [grantor, grantee]


def signing_record(agreement: Agreement) -> list[str]:
    """How the agreement was signed: printed on the signed PDF only."""
    if not agreement.is_accepted:
        return []
    record = [
        _(
            "Accepted by %(name)s (%(email)s) on %(at)s from IP address %(ip)s; SHA-256 of "
            "the agreement accepted: %(sha)s"
        )
        % {
            "name": one_line(agreement.accepted_name),
            "email": getattr(agreement.accepted_by, "email", ""),
            "at": formatting.format_datetime_seconds(agreement.accepted_at),
            "ip": agreement.accepted_ip or "",
            "sha": agreement.accepted_sha256,
        }
    ]
    if agreement.is_countersigned:
        record.append(
            _("Countersigned by %(name)s on %(at)s.")
            % {
                "name": one_line(agreement.countersigned_by.full_name),
                "at": formatting.format_datetime_seconds(agreement.countersigned_at),
            }
        )
    return record


def _values(grant: Grant) -> dict:
    organisation = grant.organisation
    return {
        "issuer": issuer(),
        "organisation": one_line(organisation.name),
        "address": one_line(organisation.address),
        "province": province_text(organisation.province),
        "title": one_line(grant.proposal.title),
        "call": one_line(grant.call.title),
        "amount": amount_text(grant.amount),
        "starts": announcement_date(grant.starts_on),
        "ends": announcement_date(grant.ends_on),
    }


def build_agreement(agreement: Agreement, *, language: str, signed: bool = False) -> AgreementText:
    """The text of `agreement` (one version of its grant's) in `language`; `signed` adds the
    signing record."""
    grant = agreement.grant
    with translation.override(language):
        values = _values(grant)
        terms_th, terms_en = terms_of(grant.call)
        terms = terms_th if language == "th" else terms_en
        return AgreementText(
            thai=language == "th",
            title=_("Grant agreement"),
            reference=_("Agreement no. %(reference)s, version %(version)s")
            % {"reference": grant.reference, "version": agreement.version},
            dated=_("Made on %(date)s") % {"date": announcement_date(agreement.issued_at)},
            parties=_(
                "This agreement is made between %(issuer)s, hereinafter “the grantor”, and "
                "%(organisation)s, of %(address)s, %(province)s, hereinafter “the grantee”."
            )
            % values,
            project=_(
                "The grantor grants the grantee the funds to carry out the project "
                "“%(title)s” selected in the call “%(call)s”."
            )
            % values,
            amount=_("The grant amounts to %(amount)s.") % values,
            period=_("The project runs from %(starts)s to %(ends)s.") % values,
            tranche_heading=_("The grant is paid in tranches:"),
            tranches=_tranche_lines(grant),
            reporting=_(
                "The grantee submits a progress report for each tranche by its due date and "
                "a final report, with lessons learned and recommendations for scaling to "
                "other areas, by %(ends)s."
            )
            % values,
            terms_heading=_("Terms"),
            terms=[part.strip() for part in terms.split("\n\n") if part.strip()],
            note=one_line(agreement.note),
            signatures=_signatures(grant, agreement),
            record=signing_record(agreement) if signed else [],
        )
