"""Benchmark of the ranking: the pure computation, and optionally the whole committee page.

    .venv/bin/python -m bench.ranking [--proposals 5000] [--per 3] [--reviewers 150] [--page]
                                      [--stages]

The pure part builds proposals × reviews in memory as plain data (the default rubric's eight
criteria, random points from a fixed seed, each reviewer with their own leniency) and times
`compute_ranking`. With --page, Django is set up against SQLite in a temporary directory
(or DATABASE_URL when set), the same data is written with bulk_create, and the ranking page
is rendered for a committee member through the test client: the time and the number of
queries are printed.

With --stages the ranked call is the second (final) stage of a call in two stages (concept
note → full proposal, grants.stages): each of its proposals continues one of the first
stage's (Proposal.previous_stage), both stages are reviewed, and the stages carry weights
(30 % and 70 %), so the final ranking combines each project's scores at both stages
(reviews.ranking.stages). The first stage's shortlist page is timed too, and its
confirmation refused for want of a reason (the page again, with the ticks).
"""

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

WEIGHTS = [15, 15, 10, 10, 10, 10, 15, 15]  # the default rubric (grants.rubric)
MAX_POINTS = 10


def instance(n_proposals: int, per: int, n_reviewers: int, seed: int):
    """[(proposal number, amount, submitted offset in minutes)], [(proposal, reviewer, points)]"""
    rng = random.Random(seed)
    leniency = [rng.gauss(0, 1.2) for _ in range(n_reviewers)]
    proposals = [(i, rng.randrange(20, 101) * 1000, i) for i in range(n_proposals)]
    reviews = []
    for i in range(n_proposals):
        quality = rng.uniform(3, 9)
        for reviewer in rng.sample(range(n_reviewers), per):
            points = [
                min(MAX_POINTS, max(0, round(quality + leniency[reviewer] + rng.gauss(0, 1))))
                for _ in WEIGHTS
            ]
            reviews.append((i, reviewer, points))
    return proposals, reviews


def bench_pure(proposals, reviews, repeat: int) -> tuple[float, float]:
    from reviews.ranking.compute import CriterionData, ProposalData, ReviewData, compute_ranking
    from reviews.scoring import weighted_total

    criteria = [CriterionData(k + 1, f"c{k + 1}", w, MAX_POINTS) for k, w in enumerate(WEIGHTS)]
    t0 = datetime(2026, 4, 18, tzinfo=UTC)
    started = time.perf_counter()
    data_reviews = []
    for proposal, reviewer, points in reviews:
        given = {c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)}
        data_reviews.append(ReviewData(proposal, reviewer, weighted_total(given, criteria), given))
    build = time.perf_counter() - started
    data_proposals = [
        ProposalData(i, f"BENCH-{i:05d}", Decimal(amount), t0 + timedelta(minutes=minute))
        for i, amount, minute in proposals
    ]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = compute_ranking(
            data_proposals, data_reviews, criteria, budget_total=Decimal("50000000")
        )
        times.append(time.perf_counter() - started)
    assert len(rows) == len(proposals)
    return build, statistics.median(times)


def bench_page(
    proposals, reviews, n_reviewers: int, *, stages: bool = False
) -> tuple[float, int, float, int, dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="bench-ranking-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from grants.enums import ApplicantType, CallState, StageKind
    from grants.models import Call, Criterion, Programme, Province, Sector
    from portal import two_factor
    from portal.enums import Role
    from portal.models import RoleGrant, User
    from proposals.enums import ProposalState
    from proposals.models import Organisation, Proposal
    from reviews.enums import AssignmentMethod, AssignmentState, ReviewState
    from reviews.models import Assignment, Review, Score
    from reviews.scoring import weighted_total

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    call_command("migrate", verbosity=0)
    now = timezone.now()
    stamp = int(time.time())
    province = Province.objects.first()
    sectors = list(Sector.objects.all())
    organisation = Organisation.objects.create(
        name="มูลนิธิทดสอบ",
        type=ApplicantType.FOUNDATION_NGO,
        province=province,
        address="-",
        phone="02 017 5555",
    )
    people = User.objects.bulk_create(
        User(email=f"bench-reviewer-{stamp}-{j}@example.org", full_name=f"R{j}")
        for j in range(n_reviewers)
    )

    def reviewed_call(number: int, *, first=None, before=None) -> Call:
        """A call (a stage when `first` is given) in review with the instance's proposals
        and reviews; its proposals continue `before`'s, in order, when given."""
        call = Call.objects.create(
            title_th="เกณฑ์มาตรฐานการจัดอันดับ",
            description_th="bench",
            slug=f"bench-ranking-{stamp}-{number}",
            code=f"BR{stamp % 10**7}{number}",
            programme=Programme.objects.first(),
            opens_at=now - timedelta(days=60),
            deadline=now - timedelta(days=30),
            review_ends_at=now + timedelta(days=10),
            results_at=now + timedelta(days=20),
            budget_total=Decimal("50000000"),
            max_per_proposal=Decimal("100000"),
            state=CallState.IN_REVIEW,
            first_stage=first,
            stage_number=number,
            stage_kind=(StageKind.FULL if first else StageKind.CONCEPT)
            if stages
            else StageKind.SINGLE,
            stage_weight=(70 if first else 30) if stages else None,
        )
        criteria = Criterion.objects.bulk_create(
            Criterion(
                call=call, position=k, title_th=f"เกณฑ์ {k + 1}", weight=w, max_points=MAX_POINTS
            )
            for k, w in enumerate(WEIGHTS)
        )
        made = Proposal.objects.bulk_create(
            Proposal(
                call=call,
                organisation=organisation,
                state=ProposalState.ELIGIBLE,
                sequence=i + 1,
                reference=f"{call.code}-{i + 1:05d}",
                title=f"โครงการที่ {i + 1}",
                requested_amount=Decimal(amount),
                primary_sector=sectors[i % len(sectors)],
                province=province,
                submitted_at=now - timedelta(days=31) + timedelta(minutes=minute),
                previous_stage=before[i] if before else None,
            )
            for i, amount, minute in proposals
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(
                proposal=made[p],
                reviewer=people[r],
                state=AssignmentState.ACTIVE,
                method=AssignmentMethod.AUTOMATIC,
            )
            for p, r, _points in reviews
        )
        review_rows = Review.objects.bulk_create(
            Review(
                assignment=assignment,
                state=ReviewState.SUBMITTED,
                total=weighted_total(
                    {c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)}, criteria
                ),
                submitted_at=now,
            )
            for assignment, (_p, _r, points) in zip(assignments, reviews, strict=True)
        )
        Score.objects.bulk_create(
            (
                Score(review=review, criterion=c, points=Decimal(p))
                for review, (_p, _r, points) in zip(review_rows, reviews, strict=True)
                for c, p in zip(criteria, points, strict=True)
            ),
            batch_size=5000,
        )
        call.made = made
        return call

    first = reviewed_call(1)
    call = reviewed_call(2, first=first, before=first.made) if stages else first
    member = User.objects.create_user(
        email=f"bench-committee-{stamp}@example.org", password=None, full_name="Committee"
    )
    RoleGrant.objects.create(user=member, role=Role.COMMITTEE)
    two_factor.enrol_totp(member)  # officers must have a second factor (portal.two_factor)
    client = Client()
    client.force_login(member)
    url = reverse("reviews:ranking", kwargs={"slug": call.slug})
    client.get(url)  # warm the template cache
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Counted with a wrapper: the request_started signal empties connection.queries.
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    n_page_queries = len(queries)
    page_size = len(response.content)
    started = time.perf_counter()
    csv_body = b"".join(client.get(url.replace("ranking/", "ranking.csv")).streaming_content)
    csv_time = time.perf_counter() - started
    assert csv_body.startswith("\ufeff".encode())
    extra = {}
    if stages:
        # Cold: the caches emptied, so both stages' rankings are computed.
        from django.core.cache import cache

        from reviews.ranking import load

        cache.clear()
        load._MEMO.clear()
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        extra["final ranking page, cold (both stages computed)"] = time.perf_counter() - started
        shortlist = reverse("reviews:shortlist", kwargs={"slug": first.slug})
        RoleGrant.objects.create(user=member, role=Role.ADMINISTRATOR)
        client.get(shortlist)
        queries.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.get(shortlist)
            extra["stage 1 shortlist page"] = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        extra["stage 1 shortlist page, queries"] = len(queries)
        extra["stage 1 shortlist page, size"] = f"{len(response.content) / 1024:8.0f} KiB"
        # Confirmed without a reason for the others: refused, the page again with the ticks.
        ticked = re.findall(r'value="(\d+)"[^>]* checked', response.content.decode())
        started = time.perf_counter()
        response = client.post(
            reverse("reviews:shortlist_confirm", kwargs={"slug": first.slug}),
            {"shortlisted": ticked, "reason": ""},
        )
        extra[f"stage 1 shortlist refused (no reason, {len(ticked):,} ticked)"] = (
            time.perf_counter() - started
        )
        assert response.status_code == 400, response.status_code
    return (
        elapsed,
        len(queries) if not stages else n_page_queries,
        csv_time,
        page_size,
        extra,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--per", type=int, default=3)
    parser.add_argument("--reviewers", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--page", action="store_true", help="also render the page (Django)")
    parser.add_argument(
        "--stages", action="store_true", help="with --page: the final stage of a two-stage call"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if args.page and "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="bench-ranking-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    import django

    # Before the pure part too: reviews.ranking loads the models, and gettext in the
    # threshold messages needs settings (the database only with --page).
    django.setup()

    proposals, reviews = instance(args.proposals, args.per, args.reviewers, args.seed)
    build, compute = bench_pure(proposals, reviews, args.repeat)
    lines = [
        ("proposals × reviews", f"{args.proposals:,} × {args.per} = {len(reviews):,}"),
        ("reviews as plain data (weighted_total)", f"{build * 1000:8.1f} ms"),
        (f"compute_ranking (median of {args.repeat})", f"{compute * 1000:8.1f} ms"),
    ]
    if args.page:
        page, n_queries, csv_time, size, extra = bench_page(
            proposals, reviews, args.reviewers, stages=args.stages
        )
        what = "final stage's ranking page" if args.stages else "ranking page"
        lines += [
            (f"{what}, rendered (warm)", f"{page * 1000:8.1f} ms"),
            (f"{what}, queries", f"{n_queries:8d}"),
            (f"{what}, size", f"{size / 1024:8.0f} KiB"),
            ("ranking CSV export", f"{csv_time * 1000:8.1f} ms"),
        ]
        lines += [
            (
                name,
                value
                if isinstance(value, str)
                else f"{value:8d}"
                if isinstance(value, int)
                else f"{value * 1000:8.1f} ms",
            )
            for name, value in extra.items()
        ]
    width = max(len(name) for name, _value in lines)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 16}")
    for name, value in lines:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
