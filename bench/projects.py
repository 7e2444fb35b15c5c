"""The public list of funded projects at national scale: 20,000 funded projects.

    .venv/bin/python -m bench.projects [--projects 20000] [--years 5] [--requests 20]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench_projects (created
when missing, migrated and emptied first, like bench.seed). Writes `--years` calls whose
results are published, one a year, sharing the funded projects (awarded proposals with their
decisions, 1–3 sectors each, in all 77 provinces; one organisation in ten an individual),
then requests each page with Django's test client (the whole middleware stack, anonymous)
and prints the median and 95th percentile wall time and the queries of one request. The
query count is the same at every size (tests/awards/public/test_views.py checks it at two).
"""

import argparse
import math
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from decimal import Decimal

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_projects"


def seed(n_projects: int, n_years: int, seed_value: int = 2026) -> None:
    """Wipe the bench database and write the funded projects, timing each step."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.seed import Steps, bulk, wipe
    from grants.enums import ApplicantType, CallState
    from grants.models import Call, Programme, Province, Sector
    from proposals.enums import ProposalState
    from proposals.models import Organisation, Proposal
    from reviews.enums import DecisionOutcome
    from reviews.models import Decision, Publication

    rng = random.Random(seed_value)
    steps = Steps()
    print(f"Seeding {connection.settings_dict['NAME']} ({connection.vendor})", flush=True)
    call_command("migrate", verbosity=0)
    steps.done("migrate")
    wipe(connection)
    steps.done("wipe")
    provinces = list(Province.objects.all())
    sectors = list(Sector.objects.all())
    programmes = list(Programme.objects.all())
    kinds = list(ApplicantType.values)
    this_year = timezone.localdate().year
    with transaction.atomic():
        calls = []
        for k in range(n_years):
            year = this_year - n_years + k
            results = timezone.make_aware(datetime(year, 5, 15, 10, 0))
            call = Call.objects.create(
                title_th=f"ทุนนวัตกรรมเพื่อสังคม ประจำปี {year + 543}",
                title_en=f"Social Innovation Grants {year}",
                description_th="ทุนสนับสนุนโครงการนวัตกรรมเพื่อสังคม",
                description_en="Grants for social-innovation projects.",
                slug=f"bench-grants-{year}",
                code=f"BG{year}",
                programme=programmes[k % len(programmes)],
                opens_at=results - timedelta(days=120),
                deadline=results - timedelta(days=60),
                review_ends_at=results - timedelta(days=10),
                results_at=results,
                budget_total=Decimal("2000000000"),
                max_per_proposal=Decimal("1000000"),
                state=CallState.RESULTS_PUBLISHED,
            )
            call.sectors.set(sectors)
            calls.append(call)
        steps.done("calls", len(calls))
        n_orgs = max(1, n_projects // 2)
        organisations = bulk(
            Organisation,
            (
                Organisation(
                    name=f"วิสาหกิจชุมชนบ้านทดสอบ {i}",
                    type=kinds[i % len(kinds)],
                    province=provinces[i % len(provinces)],
                    address="-",
                )
                for i in range(n_orgs)
            ),
            steps,
            "organisations",
        )
        per_call = math.ceil(n_projects / n_years)
        proposals = bulk(
            Proposal,
            (
                Proposal(
                    call=calls[i // per_call],
                    organisation=organisations[i % n_orgs],
                    state=ProposalState.AWARDED,
                    sequence=i % per_call + 1,
                    reference=f"{calls[i // per_call].code}-{i % per_call + 1:05d}",
                    title=f"โครงการนวัตกรรมเพื่อชุมชน ลำดับที่ {i}",
                    summary="สรุปโครงการ " * 20,
                    province=provinces[rng.randrange(len(provinces))] if i % 10 else None,
                    primary_sector=sectors[rng.randrange(len(sectors))],
                    requested_amount=Decimal(rng.randrange(50, 1001) * 1000),
                    duration_months=rng.choice([6, 12, 18, 24]),
                )
                for i in range(n_projects)
            ),
            steps,
            "funded proposals",
        )
        links = Proposal.sectors.through
        bulk(
            links,
            (
                links(proposal_id=p.pk, sector_id=s.pk)
                for p in proposals
                for s in {p.primary_sector, *rng.sample(sectors, rng.randint(0, 2))}
            ),
            steps,
            "proposal sectors",
        )
        bulk(
            Decision,
            (
                Decision(
                    proposal=p,
                    outcome=DecisionOutcome.AWARD,
                    amount=p.requested_amount,
                    reason="ตามมติคณะกรรมการ",
                    final=True,
                )
                for p in proposals
            ),
            steps,
            "decisions",
        )
        for call in calls:
            Publication.objects.create(
                call=call,
                published_at=call.results_at,
                total_awarded=Decimal(0),
                notified_at=call.results_at,
            )
        steps.done("publications", len(calls))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps.done("analyze")


def pages(n_years: int) -> list[tuple[str, str]]:
    from django.utils import timezone

    year = timezone.localdate().year - 1
    return [
        ("list, first page", "/projects/"),
        ("list, by amount (map)", "/projects/?measure=amount"),
        ("list, page 200", "/projects/?page=200"),
        ("list, one province", "/projects/?province=TH-40"),
        ("list, region + year + sort", f"/projects/?region=north&year={year}&sort=amount_desc"),
        (
            "list, sector + amount range",
            "/projects/?sector=health&amount_min=200000&amount_max=500000",
        ),
        ("list, words", "/projects/?q=ลำดับที่+1999"),
        ("project page", "PROJECT"),
        ("open data page", "/data/"),
        ("catalogue (DCAT-AP)", "/data/catalog.jsonld"),
        ("CSV, every project", "/data/funded-projects.csv"),
        ("JSON, every project", "/data/funded-projects.json"),
    ]


def measure(client, url: str, requests: int) -> tuple[float, float, int, int]:
    from django.db import connection

    def read(response) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else response.content

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
        body = read(response)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        read(client.get(url))
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
    return statistics.median(times) * 1000, p95 * 1000, len(queries), len(body)


def run(n_years: int, requests: int) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from awards.public.queries import projects

    project = projects().order_by("pk").first()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        print("\n| page | median ms | p95 ms | queries | KiB |\n|---|---:|---:|---:|---:|")
        for name, url in pages(n_years):
            url = f"/projects/{project.pk}/" if url == "PROJECT" else url
            few = max(3, requests // 5) if "every project" in name else requests
            client.get(url)  # warm up
            median, p95, queries, size = measure(client, url, few)
            print(
                f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {size / 1024:.0f} |", flush=True
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-seed", action="store_true", help="measure the database as it is")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    from bench.seed import configure

    configure()
    if not args.no_seed:
        seed(args.projects, args.years)
    run(args.years, args.requests)


if __name__ == "__main__":
    main()
