"""Amendments (extension, budget move, contact) applied with a new agreement version;
closure after the final report and the last tranche, or with the remainder cancelled."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.enums import AmendmentKind, AmendmentState, GrantState, ReportState
from awards.ledger import with_money
from awards.models import Grant, Report
from awards.services.amendments import decide_amendment, request_amendment
from awards.services.closure import close_grant
from awards.services.tranches import record_payment
from portal.refusals import Refusal

pytestmark = pytest.mark.django_db


def ask(grant, grantee, kind, **changes):
    return request_amendment(grant, by=grantee, kind=kind, reason="เหตุผล", changes=changes)


def test_an_extension_moves_the_end_and_the_final_report_and_issues_version_2(
    active_grant, grantee, officer
):
    amendment = ask(active_grant, grantee, AmendmentKind.EXTENSION, ends_on=date(2027, 8, 31))
    decide_amendment(amendment, by=officer, approve=True)
    grant = Grant.objects.get(pk=active_grant.pk)
    assert grant.ends_on == date(2027, 8, 31)
    assert grant.reports.get(kind="final").due_on == date(2027, 8, 31)
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.APPROVED
    assert amendment.agreement.version == 2
    assert "ฉบับที่ 1" not in amendment.agreement.note and "1" in amendment.agreement.note


def test_an_earlier_end_date_is_refused_at_the_field(active_grant, grantee):
    with pytest.raises(Refusal) as refused:
        ask(active_grant, grantee, AmendmentKind.EXTENSION, ends_on=date(2027, 1, 1))
    assert list(refused.value.errors) == ["ends_on"]


def test_moving_money_keeps_the_total(active_grant, grantee, officer):
    amendment = ask(
        active_grant,
        grantee,
        AmendmentKind.BUDGET,
        move_from="ค่าวัสดุอุปกรณ์",
        move_to="ค่าตอบแทนวิทยากร",
        move_amount=Decimal("10000"),
    )
    decide_amendment(amendment, by=officer, approve=True)
    budget = Grant.objects.get(pk=active_grant.pk).budget
    assert [(row["line"], Decimal(row["amount"])) for row in budget] == [
        ("ค่าวัสดุอุปกรณ์", Decimal("50000")),
        ("ค่าตอบแทนวิทยากร", Decimal("50000")),
    ]


def test_moving_more_than_the_line_holds_is_refused(active_grant, grantee):
    with pytest.raises(Refusal) as refused:
        ask(
            active_grant,
            grantee,
            AmendmentKind.BUDGET,
            move_from="ค่าตอบแทนวิทยากร",
            move_to="ค่าวัสดุอุปกรณ์",
            move_amount=Decimal("40000.01"),
        )
    assert list(refused.value.errors) == ["move_amount"]


def test_a_refused_contact_change_changes_nothing(active_grant, grantee, officer):
    amendment = ask(
        active_grant,
        grantee,
        AmendmentKind.CONTACT,
        contact_name="สมหญิง",
        contact_email="s@example.org",
    )
    with pytest.raises(Refusal):
        decide_amendment(amendment, by=officer, approve=False)
    decide_amendment(amendment, by=officer, approve=False, note="ต้องเป็นกรรมการ")
    assert Grant.objects.get(pk=active_grant.pk).contact_name != "สมหญิง"
    assert active_grant.agreements.count() == 1


def test_only_one_amendment_waits_at_a_time(active_grant, grantee):
    ask(
        active_grant,
        grantee,
        AmendmentKind.CONTACT,
        contact_name="ก",
        contact_email="k@example.org",
    )
    with pytest.raises(Refusal) as refused:
        ask(
            active_grant,
            grantee,
            AmendmentKind.CONTACT,
            contact_name="ข",
            contact_email="x@example.org",
        )
    assert refused.value.code == "open"


def _approve_all_and_pay(grant, officer, *, leave=Decimal("0")):
    Report.objects.filter(grant=grant).update(state=ReportState.APPROVED)
    for tranche in grant.tranches.order_by("position"):
        amount = tranche.amount - (leave if tranche.position == 3 else 0)
        if amount:
            record_payment(
                tranche, by=officer, paid_on=date(2027, 6, 1), amount=amount, bank_reference="B"
            )


def test_closing_needs_the_final_report_approved(active_grant, officer):
    with pytest.raises(Refusal) as refused:
        close_grant(active_grant, by=officer)
    assert refused.value.code == "not_ready"


def test_closing_with_money_unpaid_needs_a_reason_then_cancels_it(active_grant, officer):
    _approve_all_and_pay(active_grant, officer, leave=Decimal("20000"))
    with pytest.raises(Refusal) as refused:
        close_grant(active_grant, by=officer)
    assert list(refused.value.errors) == ["remainder_reason"]
    close_grant(active_grant, by=officer, remainder_reason="ดำเนินการไม่ครบ")
    grant = with_money(Grant.objects.filter(pk=active_grant.pk)).get()
    assert grant.state == GrantState.CLOSED
    assert (grant.committed, grant.paid, grant.outstanding) == (
        Decimal("80000"),
        Decimal("80000"),
        Decimal("0"),
    )
    assert "20,000" in grant.transitions.latest("pk").note


def test_a_fully_paid_grant_closes_through_the_page(client, active_grant, officer, grantee):
    _approve_all_and_pay(active_grant, officer)
    client.force_login(grantee)
    url = reverse("awards:grant_close", kwargs={"pk": active_grant.pk})
    assert client.post(url).status_code == 403
    client.force_login(officer)
    client.post(url)
    assert Grant.objects.get(pk=active_grant.pk).state == GrantState.CLOSED


def test_the_grantee_asks_for_an_extension_on_the_page(client, active_grant, grantee):
    client.force_login(grantee)
    url = reverse("awards:amendment_request", kwargs={"pk": active_grant.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "extension", "reason": "ฝนตกหนัก", "ends_on": "2027-07-31"})
    assert response.status_code == 302
    assert active_grant.amendments.get().changes == {"ends_on": "2027-07-31"}
