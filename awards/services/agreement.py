"""A grant's agreement: the call's terms, issuing it (TH and EN PDFs), the grantee's online
acceptance and the officer's countersignature."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.refusals import Refusal

from ..agreement import build_agreement
from ..agreement_pdf import render_agreement_pdf
from ..enums import GrantState
from ..models import Agreement, AgreementTerms, Grant
from ..notifications import notify_grantee, notify_officer
from ..states import OPEN_STATES, transition_grant
from .tranches import check_plan_complete


@transaction.atomic
def save_agreement_terms(call, *, by, terms_th: str, terms_en: str) -> AgreementTerms:
    """Save the terms every agreement of `call` prints from now on (agreements issued
    already keep theirs). Side effects: the AgreementTerms row."""
    terms, _created = AgreementTerms.objects.update_or_create(
        call=call,
        defaults={
            "terms_th": terms_th.strip(),
            "terms_en": terms_en.strip(),
            "updated_by": by,
            "updated_at": timezone.now(),
        },
    )
    return terms


def current_agreement(grant: Grant) -> Agreement | None:
    return grant.agreements.order_by("-version").first()


def agreement_pdfs(agreement: Agreement) -> tuple[bytes, bytes]:
    """The Thai and English PDFs of `agreement` as it stands (unsigned)."""
    return (
        render_agreement_pdf(build_agreement(agreement, language="th")),
        render_agreement_pdf(build_agreement(agreement, language="en")),
    )


def _refuse_unless_open(grant: Grant) -> None:
    if grant.state not in OPEN_STATES:
        raise Refusal(
            _("This grant is “%(state)s”: its agreement cannot change.")
            % {"state": grant.get_state_display()},
            code="grant_state",
        )


@transaction.atomic
def issue_agreement(grant: Grant, *, by, note: str = "") -> Agreement:
    """Issue the next version of `grant`'s agreement for the grantee to accept.

    Refused when the grant is closed or cancelled, when its tranche plan does not add up to
    the grant, or while the version issued before is accepted but not yet countersigned.
    Side effects: the Agreement row with its Thai and English PDFs and the SHA-256 of the
    Thai one; an "agreement_issued" message to each member of the grantee organisation.
    """
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    _refuse_unless_open(grant)
    check_plan_complete(grant)
    latest = current_agreement(grant)
    if latest is not None and latest.is_accepted and not latest.is_countersigned:
        raise Refusal(_("Countersign the accepted agreement first."), code="awaiting_countersign")
    version = (grant.agreements.aggregate(n=Max("version"))["n"] or 0) + 1
    agreement = Agreement(grant=grant, version=version, issued_by=by, note=note.strip())
    thai, english = agreement_pdfs(agreement)
    agreement.sha256 = hashlib.sha256(thai).hexdigest()
    name = f"{grant.reference}-v{version}"
    agreement.pdf_th.save(f"{name}-th.pdf", ContentFile(thai), save=False)
    agreement.pdf_en.save(f"{name}-en.pdf", ContentFile(english), save=False)
    agreement.save()
    notify_grantee(
        grant, "agreement_issued", f"agreement_issued:{agreement.pk}", agreement=agreement
    )
    return agreement


def _refuse_unless_current(agreement: Agreement) -> None:
    latest = current_agreement(agreement.grant)
    if latest is None or latest.pk != agreement.pk:
        raise Refusal(
            _("A newer version of this agreement was issued; read and accept that one."),
            code="superseded",
        )


@transaction.atomic
def accept_agreement(
    agreement: Agreement, *, by, name: str, position: str, sha256: str, ip: str | None
) -> Agreement:
    """The grantee's authorised person accepts `agreement` online.

    Refused unless it is the current version, not yet accepted, of an open grant, and
    `sha256` (of the PDF the person was shown) is that of the PDF issued; a name is required.
    Side effects: the typed name and position, the time, the IP address, the hash accepted
    and who accepted, on the Agreement row; an "agreement_accepted" message to the officer
    in charge.
    """
    agreement = Agreement.objects.select_for_update().select_related("grant").get(pk=agreement.pk)
    _refuse_unless_open(agreement.grant)
    _refuse_unless_current(agreement)
    if agreement.is_accepted:
        raise Refusal(_("This agreement is accepted already."), code="accepted")
    if not name.strip():
        raise Refusal(_("Type your full name to sign."), field="name")
    if sha256 != agreement.sha256:
        raise Refusal(
            _("The agreement you read is not the one issued; open it again."), code="changed"
        )
    agreement.accepted_by = by
    agreement.accepted_name = name.strip()
    agreement.accepted_position = position.strip()
    agreement.accepted_at = timezone.now()
    agreement.accepted_ip = ip
    agreement.accepted_sha256 = sha256
    agreement.save()
    notify_officer(agreement.grant, "agreement_accepted", f"agreement_accepted:{agreement.pk}")
    return agreement


@transaction.atomic
def countersign_agreement(agreement: Agreement, *, by) -> Agreement:
    """The officer countersigns the accepted `agreement`: the grant starts.

    Refused unless it is the current, accepted and not yet countersigned version.
    Side effects: the countersignature (who, when) and the signed PDF (Thai, with the
    signing record) on the Agreement row; a grant whose agreement was pending becomes
    active (logged); an "agreement_signed" message with the signed PDF's link to each
    member of the grantee organisation and to the officer.
    """
    agreement = Agreement.objects.select_for_update().select_related("grant").get(pk=agreement.pk)
    grant = agreement.grant
    _refuse_unless_open(grant)
    _refuse_unless_current(agreement)
    if not agreement.is_accepted:
        raise Refusal(_("The grantee has not accepted this agreement yet."), code="not_accepted")
    if agreement.is_countersigned:
        raise Refusal(_("This agreement is countersigned already."), code="countersigned")
    agreement.countersigned_by = by
    agreement.countersigned_at = timezone.now()
    signed = render_agreement_pdf(build_agreement(agreement, language="th", signed=True))
    agreement.signed_pdf.save(
        f"{grant.reference}-v{agreement.version}-signed.pdf", ContentFile(signed), save=False
    )
    agreement.save()
    if grant.state == GrantState.AGREEMENT_PENDING:
        transition_grant(grant, GrantState.ACTIVE, by=by, note=_("Agreement countersigned"))
    link = reverse("awards:agreement_signed_pdf", kwargs={"pk": agreement.pk})
    key = f"agreement_signed:{agreement.pk}"
    notify_grantee(grant, "agreement_signed", key, link=link, agreement=agreement)
    notify_officer(grant, "agreement_signed", key, officer=by, link=link, agreement=agreement)
    return agreement
