"""Load test: the deadline-day surge, on loopback, against the portal as in production.

    .venv/bin/python -m bench.surge [--applicants 300] [--deadline-in 120] [--late 0.15]

1. Creates the PostgreSQL database `portal_surge` (dropped again at the end) and flushes
   Redis db 11; migrates, collects static files into a temporary folder and seeds N
   applicants, each with an organisation and a complete draft on one open call (grace 0).
2. Starts gunicorn (`portal.wsgi:application`, production settings, whitenoise) and a
   Celery worker that delivers mail to a local SMTP sink.
3. Plays N applicants (bench/surge_load.py): log in (`--signed-in`, 80 % by default, come
   with the session of a login earlier that day: a login costs about a second of CPU for
   PBKDF2, and 300 of them alone would fill two CPUs past a 120 s deadline), open the
   draft, autosave changing text
   every 5–8 s, submit at a random moment in the last 90 s before the deadline, which passes
   during the test; a share of them (15 %) submit 1–15 s after it.
4. Prints throughput, median and p95 latency per request and the errors, then checks the
   database, the outbox and the mail received; PASS/FAIL per check, exit status 1 on a FAIL.

Bounded: the load ends 25 s after the deadline, the mail wait after 90 s; about 4–5 minutes.
"""

import argparse
import logging
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.surge_checks import run_checks
from bench.surge_load import Plan, run_applicant

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "portal_surge"
SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "surge-applicant-2026"  # noqa: S105 - throwaway accounts in a throwaway database


def recreate_database(drop_only: bool = False) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres", connect_timeout=10)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if not drop_only:
            cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()


def environment(tmp: Path, smtp_port: int) -> dict:
    """What the web and worker processes get: production settings, plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "DATABASE_URL": f"{SERVER}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PORTAL_VAR_DIR": str(tmp),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def seed(n: int):
    """One open call (grace 0) and n applicants, each with an organisation and a full draft."""
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from grants.enums import CallState
    from grants.models import Call, Programme, Province, Sector
    from portal.enums import Role
    from portal.models import RoleGrant, User
    from proposals.models import BudgetLine, Organisation, Outcome, Proposal, TeamMember

    now = timezone.now()
    urban = Sector.objects.get(code="urban")
    province = Province.objects.get(code="TH-50")
    call = Call.objects.create(
        title_th="ประกาศทุนนวัตกรรมเพื่อสังคม (ทดสอบวันปิดรับ)",
        title_en="Social innovation call (deadline-day surge)",
        description_th="-",
        slug="surge",
        code="SURGE",
        programme=Programme.objects.first(),
        opens_at=now - timezone.timedelta(days=30),
        deadline=now + timezone.timedelta(hours=1),  # set to T+120 s when the load starts
        grace_minutes=0,
        review_ends_at=now + timezone.timedelta(days=30),
        results_at=now + timezone.timedelta(days=40),
        budget_total=Decimal(n) * 100000,
        max_per_proposal=Decimal(100000),
        state=CallState.PUBLISHED,
    )
    call.sectors.set([urban])
    password = make_password(PASSWORD)  # one hash for all: seeding 300 would take minutes
    users = User.objects.bulk_create(
        User(email=f"applicant{i}@surge.example", full_name=f"ผู้สมัคร {i}", password=password)
        for i in range(n)
    )
    RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.APPLICANT) for u in users)
    # Verified addresses (allauth's), as every applicant who may submit has.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"วิสาหกิจชุมชน {i}",
            type="community_enterprise",
            province=province,
            address="12 หมู่ 3 ต.ดอนแก้ว อ.แม่ริม",
            phone="053123456",
        )
        for i in range(n)
    )
    Organisation.members.through.objects.bulk_create(
        Organisation.members.through(organisation_id=o.pk, user_id=u.pk)
        for o, u in zip(organisations, users, strict=True)
    )
    drafts = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            organisation=o,
            created_by=u,
            title=f"โครงการแจ้งเตือนน้ำท่วม {i}",
            summary="ร่างแรก",
            problem="น้ำท่วมซ้ำซากทุกปี",
            innovation="เซนเซอร์ราคาถูกและกลุ่มไลน์ของชุมชน",
            target_group="ครัวเรือนริมน้ำ 200 ครัวเรือน",
            province=province,
            district="แม่ริม",
            primary_sector=urban,
            requested_amount=Decimal(80000),
            duration_months=12,
            created_at=now,
            updated_at=now,
        )
        for i, (o, u) in enumerate(zip(organisations, users, strict=True))
    )
    Proposal.sectors.through.objects.bulk_create(
        Proposal.sectors.through(proposal_id=p.pk, sector_id=urban.pk) for p in drafts
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=p, position=0, item="เซนเซอร์", amount=Decimal(80000)) for p in drafts
    )
    TeamMember.objects.bulk_create(
        TeamMember(proposal=p, position=0, name="สมหญิง รักดี", role="หัวหน้าโครงการ") for p in drafts
    )
    Outcome.objects.bulk_create(
        Outcome(proposal=p, position=0, outcome="แจ้งเตือนล่วงหน้า", indicator="ครัวเรือน", target="200")
        for p in drafts
    )
    return call, [(u, p.pk) for u, p in zip(users, drafts, strict=True)]


def signed_in_session(user) -> str:
    """A session as a login earlier in the day left it (the database session engine)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that logs people in by email (allauth's): a session naming a backend that
    # is not configured is no session at all.
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter, gunicorn and Celery
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for_server(port: int, timeout: float) -> None:
    import http.client

    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def plans(
    accounts, *, t0, deadline, late, window, login_window, sessions, seed_value
) -> list[Plan]:
    """Who submits when: the first `late` share after the deadline, the others in the last
    `window` seconds before it; `sessions` (user pk: key) are already signed in."""
    rng = random.Random(seed_value)
    late_count = round(len(accounts) * late)
    result = []
    for i, (user, proposal) in enumerate(accounts):
        if i < late_count:
            submit_at = deadline + rng.uniform(1.0, 15.0)
        else:
            submit_at = deadline - rng.uniform(1.0, window)
        result.append(
            Plan(
                number=i,
                email=user.email,
                password=PASSWORD,
                proposal=proposal,
                login_at=t0 + rng.uniform(0, login_window),
                submit_at=submit_at,
                session=sessions.get(user.pk, ""),
            )
        )
    rng.shuffle(result)
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_times(log: Path) -> dict[str, list[float]]:
    """Milliseconds each request spent in a gunicorn worker (not waiting for one), by kind."""
    times: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        method, path, _status, seconds = parts
        if path.startswith("/accounts/login/"):
            kind = "login" if method == "POST" else "login page"
        else:
            ending = path.rstrip("/").rsplit("/", 1)[-1]
            kind = {
                "edit": "edit page",
                "autosave": "autosave",
                "submit": "submit",
                "receipt": "receipt",
            }.get(ending, "after refusal")
        times.setdefault(kind, []).append(float(seconds) * 1000)
    return times


def report(records, duration: float, served: dict[str, list[float]]) -> list[str]:
    lines = [
        f"{'request':<15} {'count':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} "
        f"{'5xx':>4} {'timeout':>7} {'conn':>5} {'4xx':>4} {'in app: median':>15} {'p95':>6}"
    ]
    kinds = ["login page", "login", "edit page", "autosave", "submit", "receipt", "after refusal"]
    for kind in [*kinds, "all"]:
        rows = [r for r in records if kind in ("all", r.kind)]
        if not rows:
            continue
        latencies = [(r.received - r.sent) * 1000 for r in rows if r.status is not None]
        lines.append(
            f"{kind:<15} {len(rows):>6} "
            f"{statistics.median(latencies) if latencies else 0:>10.0f} "
            f"{percentile(latencies, 0.95) if latencies else 0:>8.0f} "
            f"{max(latencies) if latencies else 0:>8.0f} "
            f"{sum(1 for r in rows if r.status and r.status >= 500):>4} "
            f"{sum(1 for r in rows if r.error == 'timeout'):>7} "
            f"{sum(1 for r in rows if r.error.startswith('connection')):>5} "
            f"{sum(1 for r in rows if r.status and 400 <= r.status < 500):>4}"
        )
        inside = [t for k, ts in served.items() if kind in ("all", k) for t in ts]
        if inside:
            lines[-1] += f" {statistics.median(inside):>15.0f} {percentile(inside, 0.95):>6.0f}"
    lines.append(f"throughput: {len(records) / duration:.1f} requests/s over {duration:.0f} s")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=300)
    parser.add_argument("--deadline-in", type=float, default=120.0, help="seconds after start")
    parser.add_argument("--late", type=float, default=0.15, help="share submitting too late")
    parser.add_argument("--window", type=float, default=90.0, help="submits in the last N s")
    parser.add_argument("--login-window", type=float, default=30.0)
    parser.add_argument(
        "--signed-in",
        type=float,
        default=0.8,
        help="share of applicants already signed in (no login during the surge)",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", help="gunicorn's -k")
    parser.add_argument("--keep-alive", type=int, default=2, help="gunicorn's, seconds")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="DB_CONN_MAX_AGE: seconds a web process keeps its database connection (0: none)",
    )
    parser.add_argument("--mail-wait", type=float, default=90.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.integration.smtp_sink import free_port, start_sink

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="bench-surge-"))
    processes: list[subprocess.Popen] = []
    controller, sink = start_sink()
    env = environment(tmp, sink.port)
    print(f"logs in {tmp}")
    try:
        recreate_database()
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=10).flushdb()
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        call, accounts = seed(args.applicants)
        print(
            f"migrate, collectstatic, seed {args.applicants}: {time.perf_counter() - started:.1f} s"
        )
        connection.close()

        full_env = {
            **os.environ,
            **env,
            "DB_CONN_MAX_AGE": str(args.conn_max_age),
        }
        port = free_port()
        processes.append(
            start(
                [
                    str(ROOT / ".venv/bin/gunicorn"),
                    "portal.wsgi:application",
                    "-w",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    "-k",
                    args.worker_class,
                    "--keep-alive",
                    str(args.keep_alive),
                    "-b",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    str(tmp / "access.log"),
                    "--access-logformat",
                    "%(m)s %(U)s %(s)s %(L)s",  # method, path, status, seconds in the app
                ],
                full_env,
                tmp / "gunicorn.log",
            )
        )
        processes.append(
            start(
                [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel=WARNING"],
                full_env,
                tmp / "worker.log",
            )
        )
        wait_for_server(port, 60)

        from datetime import UTC, datetime

        from grants.models import Call

        chosen = random.Random(args.seed + 1).sample(
            [user for user, _pk in accounts], round(len(accounts) * args.signed_in)
        )
        sessions = {user.pk: signed_in_session(user) for user in chosen}
        t0 = time.time()
        deadline = t0 + args.deadline_in
        Call.objects.filter(pk=call.pk).update(deadline=datetime.fromtimestamp(deadline, UTC))
        connection.close()
        schedule = plans(
            accounts,
            t0=t0,
            deadline=deadline,
            late=args.late,
            window=args.window,
            login_window=args.login_window,
            sessions=sessions,
            seed_value=args.seed,
        )
        logins = sum(1 for p in schedule if not p.session)
        load_before = os.getloadavg()
        print(
            f"load: {len(schedule)} applicants ({logins} log in during the surge), "
            f"deadline at +{args.deadline_in:.0f} s "
            f"({datetime.fromtimestamp(deadline, UTC):%H:%M:%S} UTC), gunicorn "
            f"{args.workers}×{args.threads} ({args.worker_class}, keep-alive "
            f"{args.keep_alive} s, DB_CONN_MAX_AGE {args.conn_max_age}) on port {port}"
        )
        records: list = []
        lock, stop = threading.Lock(), threading.Event()
        stopper = threading.Timer(deadline + 25 - time.time(), stop.set)
        stopper.start()
        with ThreadPoolExecutor(max_workers=len(schedule)) as pool:
            outcomes = list(
                pool.map(lambda p: run_applicant(p, port, records, lock, stop), schedule)
            )
        stopper.cancel()
        duration = max(r.received for r in records) - t0
        time.sleep(1)  # gunicorn writes the access log after the response
        print("\n".join(report(records, duration, server_times(tmp / "access.log"))))
        print(
            "load average (1, 5, 15 min) before / after the load: "
            f"{' '.join(f'{x:.1f}' for x in load_before)} / "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        checks = run_checks(
            call_pk=call.pk,
            deadline=deadline,
            outcomes=outcomes,
            records=records,
            sink=sink,
            mail_wait=args.mail_wait,
        )
        connection.close()
        failed = [name for name, ok, _detail in checks if not ok]
        print("\nFAIL" if failed else "\nPASS: every check")
        return 1 if failed else 0
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        controller.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet; dropping matters
            pass
        recreate_database(drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
