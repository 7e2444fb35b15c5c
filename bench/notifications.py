"""Benchmark: publishing the results of a call with 10,000 applicants, and delivering them.

    .venv/bin/python -m bench.notifications [--applicants 10000] [--workers 2] [--concurrency 2]
        [--redis-db 12]

Uses DATABASE_URL and REDIS_URL when set (PostgreSQL and Redis, as in production), otherwise
a SQLite file and kombu's filesystem transport in a temporary folder. It

1. writes a call in review with N eligible proposals (one applicant each) and a decision for
   every one of them (bulk inserts),
2. times `publish_results` — what the committee waits for: the final states in bulk, then
   it returns; a task after commit writes the outbox rows in chunks,
3. starts real Celery worker processes (the integration settings) that queue the messages
   and deliver them to a local SMTP sink, and times until every message is marked sent,
4. prints delivered, duplicates (the same message received twice) and missing.
"""

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(tmp: Path, smtp_port: int, redis_db: int = 12) -> dict:
    """Environment shared by this process and the workers (portal.settings.integration)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.integration",
        "PORTAL_TEST_SMTP_PORT": str(smtp_port),
    }
    if os.environ.get("DATABASE_URL"):
        import dj_database_url

        name = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
        env["PORTAL_TEST_DB_NAME"] = name
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        env["PORTAL_TEST_DB_NAME"] = str(tmp / "bench.sqlite3")
    if os.environ.get("REDIS_URL"):
        env["PORTAL_TEST_BROKER_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + f"/{redis_db}"
    else:
        folder = tmp / "broker"
        for sub in ("in", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        env.update(
            PORTAL_TEST_BROKER_URL="filesystem://",
            PORTAL_TEST_BROKER_DATA_FOLDER_IN=str(folder / "in"),
            PORTAL_TEST_BROKER_DATA_FOLDER_OUT=str(folder / "in"),
            PORTAL_TEST_BROKER_PROCESSED_FOLDER=str(folder / "processed"),
            PORTAL_TEST_BROKER_CONTROL_FOLDER=str(folder / "control"),
        )
    os.environ.update(env)
    return env


def build_call(n: int):
    """A call in review with n eligible proposals, one applicant each, all decided."""
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from grants.enums import CallState
    from grants.models import Call, Programme, Province
    from portal.enums import Role
    from portal.models import RoleGrant, User
    from proposals.enums import ProposalState
    from proposals.models import Organisation, Proposal
    from reviews.models import Decision

    now = timezone.now()
    tag = int(now.timestamp())
    committee = User.objects.create_user(f"committee{tag}@bench.example", full_name="กรรมการ")
    RoleGrant.objects.create(user=committee, role=Role.COMMITTEE)
    call = Call.objects.create(
        title_th="ประกาศทดสอบ",
        description_th="-",
        slug=f"bench-{tag}",
        code=f"B{tag}"[:16],
        programme=Programme.objects.first(),
        opens_at=now - timezone.timedelta(days=60),
        deadline=now - timezone.timedelta(days=30),
        review_ends_at=now + timezone.timedelta(days=1),
        results_at=now + timezone.timedelta(days=2),
        budget_total=Decimal(n) * 100000,
        max_per_proposal=Decimal(100000),
        state=CallState.IN_REVIEW,
    )
    province = Province.objects.first()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"a{tag}-{i}@bench.example", full_name=f"ผู้สมัคร {i}", password=unusable)
        for i in range(n)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"องค์กร {i}",
            type="community_enterprise",
            province=province,
            address="-",
            phone="021234567",
        )
        for i in range(n)
    )
    Organisation.members.through.objects.bulk_create(
        Organisation.members.through(organisation_id=o.pk, user_id=u.pk)
        for o, u in zip(organisations, users, strict=True)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            organisation=o,
            title=f"โครงการ {i}",
            state=ProposalState.ELIGIBLE,
            sequence=i + 1,
            reference=f"B-{i + 1:05d}",
            submitted_at=now,
            requested_amount=Decimal(100000),
        )
        for i, o in enumerate(organisations)
    )
    Decision.objects.bulk_create(
        Decision(
            proposal=p,
            outcome="award" if i % 3 == 0 else "not_selected",
            amount=Decimal(100000) if i % 3 == 0 else None,
            reason="-",
            decided_by=committee,
        )
        for i, p in enumerate(proposals)
    )
    return call, committee


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=1200)
    parser.add_argument("--redis-db", type=int, default=12, help="the broker's Redis database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.integration.smtp_sink import start_sink

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the sink's chatter
    tmp = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    controller, sink = start_sink()
    env = configure(tmp, sink.port, args.redis_db)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["PORTAL_TEST_BROKER_URL"]).flushdb()
    from portal.celery import app
    from portal.enums import NotificationState
    from portal.models import Notification
    from reviews.services.publication import publish_results

    app.conf.task_always_eager = False
    app.conf.broker_url = env["PORTAL_TEST_BROKER_URL"]
    app.conf.broker_transport_options = {
        k[len("PORTAL_TEST_BROKER_") :].lower(): v
        for k, v in env.items()
        if k.startswith("PORTAL_TEST_BROKER_") and k != "PORTAL_TEST_BROKER_URL"
    }

    started = time.perf_counter()
    call, committee = build_call(args.applicants)
    seeded = time.perf_counter() - started

    started = time.perf_counter()
    publish_results(call, by=committee)
    publishing = time.perf_counter() - started
    # The messages are queued by a task on the workers: the keys they will have.
    from proposals.models import Organisation

    members = Organisation.members.through.objects.filter(
        organisation__proposals__call=call
    ).values_list("organisation__proposals__pk", "user_id")
    keys = {f"result:{proposal}:{user}" for proposal, user in members}
    connection.close()

    workers = []
    started = time.perf_counter()
    for number in range(args.workers):
        log = open(tmp / f"worker{number}.log", "wb")  # noqa: SIM115 - closed at the end
        workers.append(
            (
                subprocess.Popen(  # noqa: S603 - our own interpreter and Celery
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "portal",
                        "worker",
                        "--pool=prefork",
                        f"--concurrency={args.concurrency}",
                        "--without-gossip",
                        "--without-mingle",
                        "-n",
                        f"bench{number}@%h",
                        "--loglevel=WARNING",
                    ],
                    cwd=ROOT,
                    env={**os.environ},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
                log,
            )
        )
    abouts = [f"proposal:{pk}" for pk in call.proposals.values_list("pk", flat=True)]
    sent = Notification.objects.filter(
        kind="result", state=NotificationState.SENT, about__in=abouts
    )
    deadline = time.monotonic() + args.timeout
    while sent.count() < len(keys) and time.monotonic() < deadline:
        time.sleep(0.5)
    delivering = time.perf_counter() - started
    time.sleep(2)  # let the sink settle
    for process, log in workers:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    controller.stop()

    received = Counter(key for key in sink.received_keys() if key in keys)
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    missing = len(keys - set(received))
    print(f"{'database':<34} {connection.vendor}")
    print(f"{'broker':<34} {env['PORTAL_TEST_BROKER_URL'].split(':')[0]}")
    print(f"{'applicants (messages queued)':<34} {len(keys):,}")
    print(f"{'seeding (bulk inserts)':<34} {seeded:8.2f} s")
    print(f"{'publish_results (committee waits)':<34} {publishing:8.2f} s")
    print(
        f"{'delivery by the workers':<34} {delivering:8.2f} s "
        f"({len(received) / max(delivering, 0.001):,.0f} messages/s, "
        f"{args.workers} workers × {args.concurrency})"
    )
    print(f"{'delivered':<34} {len(received):,}")
    print(f"{'duplicates':<34} {duplicates}")
    print(f"{'missing':<34} {missing}")


if __name__ == "__main__":
    main()
