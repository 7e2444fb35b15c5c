"""The agreement: terms per call, issued as TH/EN PDFs, accepted with a hash, countersigned."""

import hashlib
import unicodedata
from io import BytesIO

import pytest
from pypdf import PdfReader

from awards.enums import GrantState
from awards.models import Agreement, Grant
from awards.services.agreement import (
    accept_agreement,
    countersign_agreement,
    issue_agreement,
    save_agreement_terms,
)
from portal.models import Notification
from portal.refusals import Refusal

pytestmark = pytest.mark.django_db


def pdf_text(field) -> str:
    """The PDF's text, its lines joined (Thai has no space between words), sara am composed."""
    with field.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text).replace("\n", "").replace("\u0e4d\u0e32", "\u0e33")


def test_issuing_needs_a_tranche_plan(grant, officer):
    with pytest.raises(Refusal) as refused:
        issue_agreement(grant, by=officer)
    assert refused.value.code == "plan"


def test_the_thai_agreement_prints_the_amount_in_words_and_buddhist_era_dates(issued):
    text = pdf_text(issued.pdf_th)
    assert "หนึ่งแสนบาทถ้วน" in text
    assert "2569" in text  # 2026 in the Buddhist Era
    assert "ระบบแจ้งเตือนน้ำท่วมโดยชุมชน" in text
    assert issued.grant.reference in text
    with issued.pdf_th.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == issued.sha256


def test_the_english_agreement_is_in_english(issued):
    text = pdf_text(issued.pdf_en)
    assert "Grant agreement" in text
    assert "THB 100,000" in text.replace("THB100", "THB 100")


def test_the_calls_terms_are_printed(planned, officer, published_call):
    save_agreement_terms(
        published_call, by=officer, terms_th="ข้อกำหนดพิเศษของประกาศนี้", terms_en="Special term"
    )
    agreement = issue_agreement(planned, by=officer)
    assert "ข้อกำหนดพิเศษของประกาศนี้" in pdf_text(agreement.pdf_th)
    assert "Special term" in pdf_text(agreement.pdf_en)


def test_issuing_tells_the_grantee(issued, grantee):
    assert Notification.objects.filter(kind="agreement_issued", recipient=grantee).count() == 1


def test_acceptance_keeps_name_time_ip_and_hash(issued, grantee):
    accept_agreement(
        issued, by=grantee, name="สมชาย ใจดี", position="ประธาน", sha256=issued.sha256, ip="10.0.0.1"
    )
    saved = Agreement.objects.get(pk=issued.pk)
    assert (saved.accepted_name, saved.accepted_ip, saved.accepted_by) == (
        "สมชาย ใจดี",
        "10.0.0.1",
        grantee,
    )
    assert saved.accepted_sha256 == issued.sha256 and saved.accepted_at is not None


def test_accepting_another_pdf_than_the_one_issued_is_refused(issued, grantee):
    with pytest.raises(Refusal) as refused:
        accept_agreement(issued, by=grantee, name="ก", position="", sha256="0" * 64, ip=None)
    assert refused.value.code == "changed"


def test_accepting_a_superseded_version_is_refused(issued, grantee, officer):
    issue_agreement(issued.grant, by=officer)
    with pytest.raises(Refusal) as refused:
        accept_agreement(issued, by=grantee, name="ก", position="", sha256=issued.sha256, ip=None)
    assert refused.value.code == "superseded"


def test_countersigning_activates_the_grant_and_sends_the_signed_pdf(
    active_grant, grantee, officer
):
    assert active_grant.state == GrantState.ACTIVE
    agreement = active_grant.agreements.get()
    text = pdf_text(agreement.signed_pdf)
    assert "สมชาย ใจดี" in text and agreement.accepted_sha256 in text
    signed = Notification.objects.filter(kind="agreement_signed")
    assert {n.recipient for n in signed} == {grantee, officer}
    assert {n.link for n in signed} == {f"/awards/agreements/{agreement.pk}/signed.pdf"}
    assert active_grant.transitions.latest("pk").to_state == GrantState.ACTIVE


def test_countersigning_before_acceptance_is_refused(issued, officer):
    with pytest.raises(Refusal) as refused:
        countersign_agreement(issued, by=officer)
    assert refused.value.code == "not_accepted"
    assert Grant.objects.get(pk=issued.grant_id).state == GrantState.AGREEMENT_PENDING


def test_the_grantee_accepts_through_the_page(client, issued, grantee):
    client.force_login(grantee)
    url = f"/awards/{issued.grant_id}/agreement/accept/"
    page = client.get(url)
    assert issued.sha256 in page.text
    response = client.post(
        url,
        {"name": "สมชาย ใจดี", "position": "ประธาน", "sha256": issued.sha256, "confirm": "on"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pk=issued.pk).accepted_ip == "192.0.2.7"


def test_another_grantee_cannot_open_the_agreement(client, issued, other_grantee):
    client.force_login(other_grantee)
    assert client.get(f"/awards/agreements/{issued.pk}/th.pdf").status_code == 404
    assert client.get(f"/awards/{issued.grant_id}/agreement/accept/").status_code == 404


def test_the_officer_edits_the_calls_terms(client, officer, other_officer, published_call):
    url = f"/awards/calls/{published_call.slug}/terms/"
    client.force_login(other_officer)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    response = client.post(url, {"terms_th": "ข้อ ๑", "terms_en": "Term 1"})
    assert response.status_code == 302
    assert published_call.agreement_terms.terms_th == "ข้อ ๑"
