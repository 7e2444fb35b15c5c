"""The tranche plan (adding up at the field), payments on approved reports, the ledgers."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.enums import GrantState, ReportKind, ReportState
from awards.ledger import call_ledgers, with_money
from awards.models import Grant, Payment, Report
from awards.services.lifecycle import cancel_grant
from awards.services.tranches import record_payment, save_tranche_plan
from portal.refusals import Refusal
from tests.factories.awards import GrantFactory

from .conftest import PLAN

pytestmark = pytest.mark.django_db


def approve(tranche):
    Report.objects.filter(tranche=tranche).update(state=ReportState.APPROVED)
    tranche.refresh_from_db()


def pay(tranche, officer, amount):
    return record_payment(
        tranche,
        by=officer,
        paid_on=date(2026, 10, 5),
        amount=Decimal(amount),
        bank_reference="KTB-1",
    )


def test_the_plan_makes_one_report_per_tranche_the_last_one_final(planned):
    kinds = list(
        Report.objects.filter(grant=planned).order_by("due_on").values_list("kind", flat=True)
    )
    assert kinds == [ReportKind.PROGRESS, ReportKind.PROGRESS, ReportKind.FINAL]


def test_a_plan_that_does_not_add_up_is_refused_at_the_amount(grant, officer):
    plan = [{**PLAN[0], "amount": Decimal("50000")}, PLAN[1]]
    with pytest.raises(Refusal) as refused:
        save_tranche_plan(grant, by=officer, tranches=plan)
    assert list(refused.value.errors) == ["amount"]


def test_the_plan_form_shows_the_sum_at_each_amount(client, officer, grant):
    client.force_login(officer)
    data = {"tranche-TOTAL_FORMS": "2", "tranche-INITIAL_FORMS": "0"}
    for number, amount in enumerate(["60000", "30000"]):
        data |= {
            f"tranche-{number}-amount": amount,
            f"tranche-{number}-milestone": "งวด",
            f"tranche-{number}-report_due": "2026-12-31",
        }
    response = client.post(reverse("awards:tranche_plan", kwargs={"pk": grant.pk}), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert all("amount" in form.errors for form in formset.forms)
    assert not grant.tranches.exists()


def test_the_plan_is_fixed_once_the_agreement_is_accepted(active_grant, officer):
    with pytest.raises(Refusal) as refused:
        save_tranche_plan(active_grant, by=officer, tranches=PLAN)
    assert refused.value.code == "locked"


def test_a_tranche_is_paid_only_once_its_report_is_approved(active_grant, officer):
    first = active_grant.tranches.get(position=1)
    with pytest.raises(Refusal) as refused:
        pay(first, officer, "40000")
    assert refused.value.code == "unpaid"
    approve(first)
    pay(first, officer, "15000")
    pay(first, officer, "25000")  # partial payments
    with pytest.raises(Refusal) as refused:
        pay(first, officer, "1")
    assert list(refused.value.errors) == ["amount"]
    assert Payment.objects.filter(grant=active_grant).count() == 2


def test_the_grant_ledger_sums_what_was_paid(active_grant, officer):
    first = active_grant.tranches.get(position=1)
    approve(first)
    pay(first, officer, "40000")
    row = with_money(Grant.objects.filter(pk=active_grant.pk)).get()
    assert (row.committed, row.paid, row.outstanding) == (
        Decimal("100000"),
        Decimal("40000"),
        Decimal("60000"),
    )


def test_the_call_ledger_counts_a_cancelled_grant_for_what_was_paid(
    active_grant, officer, published_call
):
    first = active_grant.tranches.get(position=1)
    approve(first)
    pay(first, officer, "40000")
    other = GrantFactory(proposal__call=published_call, amount=Decimal("50000"))
    cancel_grant(active_grant, by=officer, reason="ยุติโครงการ")
    [ledger] = call_ledgers(Grant.objects.all(), [published_call])
    assert (ledger.grants, ledger.awarded, ledger.paid, ledger.outstanding) == (
        2,
        Decimal("90000"),
        Decimal("40000"),
        Decimal("50000"),
    )
    assert ledger.remaining == published_call.budget_total - Decimal("90000")
    assert other.state == GrantState.AGREEMENT_PENDING


def test_the_officer_records_a_payment_on_the_page(client, active_grant, officer):
    first = active_grant.tranches.get(position=1)
    approve(first)
    client.force_login(officer)
    page = client.get(active_grant.get_absolute_url())
    assert "payment_record" not in page.text and f"/awards/tranches/{first.pk}/pay/" in page.text
    prefix = f"pay{first.pk}"
    client.post(
        reverse("awards:payment_record", kwargs={"pk": first.pk}),
        {
            f"{prefix}-paid_on": "2026-10-05",
            f"{prefix}-amount": "40000",
            f"{prefix}-bank_reference": "KTB-9",
        },
    )
    assert Payment.objects.get().bank_reference == "KTB-9"


def test_the_grantee_cannot_record_a_payment(client, active_grant, grantee):
    first = active_grant.tranches.get(position=1)
    approve(first)
    client.force_login(grantee)
    response = client.post(reverse("awards:payment_record", kwargs={"pk": first.pk}), {})
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_the_ledger_exports_csv_and_xlsx(client, active_grant, officer):
    first = active_grant.tranches.get(position=1)
    approve(first)
    pay(first, officer, "40000")
    client.force_login(officer)
    csv_text = b"".join(client.get(reverse("awards:ledger_csv")).streaming_content).decode()
    assert active_grant.reference in csv_text and "40000" in csv_text
    workbook = load_workbook(BytesIO(client.get(reverse("awards:ledger_xlsx")).content))
    rows = list(workbook.worksheets[0].values)
    assert rows[1][0] == active_grant.reference and rows[1][6] == 40000
    calls = list(workbook.worksheets[1].values)
    assert calls[1][0] == active_grant.call.code


@pytest.mark.parametrize("size", [3, 12])
def test_the_ledger_page_takes_the_same_queries_whatever_its_size(
    size, client, officer, published_call, django_assert_num_queries
):
    for _ in range(size):
        GrantFactory(proposal__call=published_call)
    client.force_login(officer)
    client.get(reverse("awards:ledger"))
    # session, user, roles, inbox count; the calls (for the totals, and in the filter's
    # menu); the call totals; the grants' count and page; the approved final reports
    with django_assert_num_queries(10):
        response = client.get(reverse("awards:ledger"))
    assert len(response.context["grants"]) == size


def test_the_default_plan_is_saved_from_the_page(client, officer, grant):
    client.force_login(officer)
    url = reverse("awards:tranche_plan", kwargs={"pk": grant.pk})
    data = {"tranche-TOTAL_FORMS": "3", "tranche-INITIAL_FORMS": "3"}
    for number, (amount, due) in enumerate(
        [("40000", "2026-09-30"), ("40000", "2027-01-31"), ("20000", "2027-05-31")]
    ):
        data |= {
            f"tranche-{number}-amount": amount,
            f"tranche-{number}-milestone": "งวด",
            f"tranche-{number}-report_due": due,
        }
    assert client.post(url, data).status_code == 302
    assert list(grant.tranches.values_list("amount", flat=True)) == [40000, 40000, 20000]
