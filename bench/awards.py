"""The officer's grant list and the ledger at 5,000 grants, in PostgreSQL.

    .venv/bin/python -m bench.awards [--grants 5000] [--requests 20]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench_awards (created
when missing, migrated and emptied first). Ten published calls run by one officer share the
grants; each grant has three tranches and their reports, in every state of a grant's life
(agreement pending, active, suspended, closed, cancelled), and the tranches whose report is
approved are paid. Each page is requested through Django's test client (every middleware)
as the officer: the median and 95th percentile of the wall time and the number of SQL
queries of one request, which must not grow with the number of grants.
"""

import argparse
import math
import os
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.seed import Steps, bulk, configure, wipe

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_awards"
OFFICER = "officer@bench.example"
N_CALLS = 10
PAGES = [
    ("grant list", "/awards/"),
    ("grant list, page 100", "/awards/?page=100"),
    ("grant list, active", "/awards/?state=active"),
    ("grant list, overdue", "/awards/?overdue=true"),
    ("grant list, payable", "/awards/?next_tranche=payable"),
    ("ledger", "/awards/ledger/"),
    ("ledger, one call", "/awards/ledger/?call=bench-awards-3"),
    ("ledger CSV (5,000 rows)", "/awards/ledger.csv"),
]


def _grant_rows(n_grants, calls, organisations, rng):
    from awards.enums import GrantState

    states = [GrantState.ACTIVE] * 5 + [
        GrantState.AGREEMENT_PENDING,
        GrantState.SUSPENDED,
        GrantState.CLOSED,
        GrantState.CANCELLED,
    ]
    for i in range(n_grants):
        amount = Decimal(rng.randrange(50, 501) * 1000)
        start = date(2025, 6, 1) + timedelta(days=rng.randrange(0, 200))
        yield (
            i,
            calls[i % len(calls)],
            organisations[i % len(organisations)],
            amount,
            start,
            rng.choice(states),
        )


def _officer_and_calls():
    """The officer and the ten published calls they run."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from grants.enums import CallState
    from grants.models import Call, Programme
    from portal.enums import Role
    from portal.models import RoleGrant, User

    now = timezone.now()
    officer = User.objects.create(
        email=OFFICER, full_name="เจ้าหน้าที่โครงการ", password=make_password("bench-2026")
    )
    RoleGrant.objects.create(user=officer, role=Role.OFFICER)
    calls = []
    for k in range(N_CALLS):
        call = Call.objects.create(
            title_th=f"ประกาศทุนนวัตกรรมสังคม รอบที่ {k + 1}",
            description_th="ทุนสนับสนุนโครงการ",
            slug=f"bench-awards-{k}",
            code=f"BAW{k:02d}",
            programme=Programme.objects.first(),
            opens_at=now - timedelta(days=400),
            deadline=now - timedelta(days=350),
            review_ends_at=now - timedelta(days=320),
            results_at=now - timedelta(days=300),
            budget_total=Decimal("500000000"),
            max_per_proposal=Decimal("1000000"),
            state=CallState.RESULTS_PUBLISHED,
            created_by=officer,
        )
        call.officers.add(officer)
        calls.append(call)
    return officer, calls


def _grants(n_grants, officer, calls, rng, steps):
    """The organisations, their awarded proposals and the grants."""
    from awards.models import Grant
    from grants.enums import ApplicantType
    from grants.models import Province
    from proposals.enums import ProposalState
    from proposals.models import Organisation, Proposal

    provinces = list(Province.objects.all())
    organisations = bulk(
        Organisation,
        (
            Organisation(
                name=f"วิสาหกิจชุมชนทดสอบ {i}",
                type=ApplicantType.COMMUNITY_ENTERPRISE,
                province=rng.choice(provinces),
                address="หมู่ 1",
                phone="02 017 5555",
            )
            for i in range(max(1, n_grants // 2))
        ),
        steps,
        "organisations",
    )
    rows = list(_grant_rows(n_grants, calls, organisations, rng))
    proposals = bulk(
        Proposal,
        (
            Proposal(
                call=call,
                organisation=organisation,
                state=ProposalState.AWARDED,
                sequence=i + 1,
                reference=f"{call.code}-{i + 1:04d}",
                title=f"โครงการนวัตกรรมชุมชนที่ {i + 1}",
                requested_amount=amount,
            )
            for i, call, organisation, amount, _start, _state in rows
        ),
        steps,
        "awarded proposals",
    )
    return bulk(
        Grant,
        (
            Grant(
                proposal=proposal,
                call=call,
                organisation=organisation,
                number=i + 1,
                reference=f"{call.code}-G{i + 1:04d}",
                amount=amount,
                starts_on=start,
                ends_on=start + timedelta(days=364),
                officer=officer,
                state=state,
            )
            for proposal, (i, call, organisation, amount, start, state) in zip(
                proposals, rows, strict=True
            )
        ),
        steps,
        "grants",
    )


SHARES = ((1, Decimal("0.4")), (2, Decimal("0.4")), (3, Decimal("0.2")))


def _tranches_reports_payments(grants, rng, steps) -> None:
    """Three tranches a grant with their reports: approved (and mostly paid) for the first
    tranche of a signed grant and every tranche of a closed one, drafts otherwise."""
    from awards.enums import GrantState, ReportKind, ReportState
    from awards.models import Payment, Report, Tranche

    tranches = bulk(
        Tranche,
        (
            Tranche(
                grant=grant,
                position=position,
                amount=grant.amount * share,
                milestone=f"งวดที่ {position}",
                report_due=grant.starts_on + timedelta(days=120 * position),
            )
            for grant in grants
            for position, share in SHARES
        ),
        steps,
        "tranches",
    )
    reports, payments = [], []
    for tranche in tranches:
        grant = tranche.grant
        approved = grant.state == GrantState.CLOSED or (
            grant.state != GrantState.AGREEMENT_PENDING and tranche.position == 1
        )
        reports.append(
            Report(
                grant=grant,
                tranche=tranche,
                kind=ReportKind.FINAL if tranche.position == 3 else ReportKind.PROGRESS,
                due_on=tranche.report_due,
                state=ReportState.APPROVED if approved else ReportState.DRAFT,
                narrative="ดำเนินการตามแผน" if approved else "",
            )
        )
        if approved and rng.random() < 0.8:
            payments.append(
                Payment(
                    tranche=tranche,
                    grant=grant,
                    paid_on=tranche.report_due + timedelta(days=14),
                    amount=tranche.amount,
                    bank_reference=f"KTB{tranche.pk}",
                )
            )
    bulk(Report, reports, steps, "reports")
    bulk(Payment, payments, steps, "payments")


def seed(n_grants: int, seed_value: int = 2026) -> None:
    """Wipe the bench database and write the grants (see the module's docstring)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    rng = random.Random(seed_value)
    steps = Steps()
    call_command("migrate", verbosity=0)
    wipe(connection)
    steps.done("migrate, wipe")
    with transaction.atomic():
        officer, calls = _officer_and_calls()
        grants = _grants(n_grants, officer, calls, rng, steps)
        _tranches_reports_payments(grants, rng, steps)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps.done("analyze")


def measure(requests: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(email=OFFICER))
    results = []
    for name, url in PAGES:
        for _ in range(2):  # warm-up
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        times.sort()
        p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
        results.append((name, statistics.median(times), p95, len(queries)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grants", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    configure()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    print(f"Seeding {args.grants:,} grants", flush=True)
    seed(args.grants)
    print(f"\n{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for name, median, p95, queries in measure(args.requests):
        print(f"{name:<28}{median:>10.1f}{p95:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
