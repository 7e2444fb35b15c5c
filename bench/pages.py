"""Page timings at national scale: each key page as its real user, through every middleware.

    .venv/bin/python -m bench.seed            # first: 10,000 proposals in PostgreSQL
    .venv/bin/python -m bench.pages [--requests 30] [--warmup 3] [--profile NAME]

Uses the database of `bench.seed` (DATABASE_URL, by default the local portal_bench_pages)
and the test settings (DEBUG off, cached templates). Each page is requested with Django's
test client, which runs the whole middleware stack (sessions, CSRF, authentication, locale,
messages, security headers); signed-in pages use `force_login`. After the warm-ups, each
page is requested N times: the median and the 95th percentile (nearest rank) of the wall
time, the number of SQL queries of one request, and the median as a multiple of the floor —
a view that returns "ok" (bench/urls_floor.py, never in the product's URLs) for a signed-in
user. Streaming responses (the CSV export) are read to the end inside the timing.

--profile NAME runs one page under cProfile and prints the 30 most expensive functions.
"""

import argparse
import json
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from bench.seed import BENCH_USERS, SLUGS, configure

AIM = 10  # every page within 10× the floor


@dataclass
class Page:
    name: str
    user: str | None  # a key of BENCH_USERS, or None for the public
    url: str
    method: str = "get"
    data: dict | None = None
    # Run before each request, outside the timing (the cold ranking: a review changes first).
    prepare: Callable[[], None] | None = None


@dataclass
class Result:
    name: str
    user: str
    median_ms: float
    p95_ms: float
    queries: int
    size_kib: float
    times_floor: float = 0.0
    cpu_ms: float = 0.0  # median process CPU time of a request (steadier than wall under load)
    db_ms: float = 0.0  # median time spent waiting on the database per request
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after


class FormFields(HTMLParser):
    """The fields of the form with id `form_id`, as a browser would post them."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or (not a.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.data.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data.setdefault(a["name"], []).append("")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data.setdefault(self.select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def pages() -> list[Page]:
    from django.urls import reverse

    from proposals.enums import ProposalState
    from proposals.models import Proposal
    from reviews.enums import ReviewState
    from reviews.models import Assignment

    draft = Proposal.objects.filter(
        organisation__members__email=BENCH_USERS["applicant"], state=ProposalState.DRAFT
    ).first()
    to_score = Assignment.objects.filter(
        reviewer__email=BENCH_USERS["reviewer"], review__state=ReviewState.DRAFT
    ).first()
    sector = draft.primary_sector.code
    review = SLUGS["review"]
    return [
        Page("floor (trivial view, signed in)", "applicant", "/bench-floor/"),
        Page("floor (trivial view, public)", None, "/bench-floor/"),
        Page("public call list", None, reverse("grants:call_list")),
        Page("call page", None, reverse("grants:call_detail", args=[SLUGS["open"]])),
        Page(
            "applicant dashboard",
            "applicant",
            reverse("portal:role_dashboard", args=["applicant"]),
        ),
        Page(
            "proposal form (GET)", "applicant", reverse("proposals:proposal_edit", args=[draft.pk])
        ),
        Page(
            "draft save (POST autosave)",
            "applicant",
            reverse("proposals:proposal_autosave", args=[draft.pk]),
            method="post",
        ),
        Page(
            "officer's filtered list (4,000)",
            "officer",
            reverse("proposals:call_proposals", args=[review])
            + f"?state=eligible&sector={sector}&o=-amount",
        ),
        Page(
            "CSV export, all of the biggest call",
            "officer",
            reverse("proposals:call_proposals_csv", args=[review]),
        ),
        Page("reviewer's queue", "reviewer", reverse("reviews:my_reviews")),
        Page(
            "scoring form",
            "reviewer",
            reverse("reviews:review_proposal", args=[to_score.proposal_id]),
        ),
        Page("ranking table", "committee", reverse("reviews:ranking", args=[review])),
        Page(
            "ranking table, cold (a review changed)",
            "committee",
            reverse("reviews:ranking", args=[review]),
            prepare=_review_changed,
        ),
        Page("public results page", None, reverse("reviews:results", args=[SLUGS["results"]])),
        Page("inbox", "applicant", reverse("portal:inbox")),
    ]


def _review_changed() -> None:
    """Touch one submitted review of the call in review, as a reviewer's edit would: the
    ranking's stamp changes, so the next ranking request computes it again."""
    from django.utils import timezone

    from reviews.enums import ReviewState
    from reviews.models import Review

    review = (
        Review.objects.filter(
            state=ReviewState.SUBMITTED, assignment__proposal__call__slug=SLUGS["review"]
        )
        .order_by("pk")
        .first()
    )
    Review.objects.filter(pk=review.pk).update(updated_at=timezone.now())


class Runner:
    def __init__(self) -> None:
        from django.test import Client

        from portal import two_factor
        from portal.models import User

        self.clients = {None: Client()}
        for key, email in BENCH_USERS.items():
            client = Client()
            user = User.objects.get(email=email)
            client.force_login(user)
            if two_factor.is_required_of(user):
                # The seeded staff have no authenticator: mark the session as one that passed
                # its second factor, as a real login's would be, so their pages are served.
                session = client.session
                session[two_factor.SESSION_KEY] = True
                session.save()
            self.clients[key] = client
        self.autosave: dict | None = None

    def request(self, page: Page):
        if page.prepare:
            page.prepare()
        return self._request(page)

    def _request(self, page: Page):
        client = self.clients[page.user]
        if page.method == "post":
            data = self._autosave_data(page)
            response = client.post(page.url, data)
        else:
            response = client.get(page.url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200:
            raise AssertionError(f"{page.name}: {page.url} answered {response.status_code}")
        if page.method == "post":
            answer = json.loads(body)
            assert answer["ok"], answer
            self.autosave["version"] = [str(answer["version"])]
        return body

    def _autosave_data(self, page: Page) -> dict:
        if self.autosave is None:
            edit = page.url.replace("autosave/", "edit/")
            parser = FormFields("proposal-form")
            parser.feed(self.clients[page.user].get(edit).content.decode())
            assert "version" in parser.data, "the proposal form has no version field"
            self.autosave = parser.data
        self.autosave["summary"] = [f"สรุปโครงการ ฉบับร่างที่ {time.perf_counter_ns()}"]
        return self.autosave

    def measure(self, page: Page, requests: int, warmup: int) -> Result:
        from django.db import connection

        for _ in range(warmup):
            self.request(page)
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Counted with a wrapper, not CaptureQueriesContext: the request_started signal
        # empties connection.queries in the middle of the capture.
        if page.prepare:
            page.prepare()
        with connection.execute_wrapper(count):
            body = self._request(page)
        waited = [0.0]

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                waited[0] += time.perf_counter() - started

        load_before = os.getloadavg()[0]
        times, cpu, db = [], [], []
        with connection.execute_wrapper(timed):
            for _ in range(requests):
                if page.prepare:
                    page.prepare()
                waited[0] = 0.0
                started, started_cpu = time.perf_counter(), time.process_time()
                self._request(page)
                cpu.append(time.process_time() - started_cpu)
                times.append(time.perf_counter() - started)
                db.append(waited[0])
        times.sort()
        p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
        return Result(
            page.name,
            page.user or "public",
            statistics.median(times) * 1000,
            p95 * 1000,
            len(queries),
            len(body) / 1024,
            cpu_ms=statistics.median(cpu) * 1000,
            db_ms=statistics.median(db) * 1000,
            load=(load_before, os.getloadavg()[0]),
        )


def run(requests: int = 30, warmup: int = 3, only: str | None = None) -> list[Result]:
    """Measure every page (or those whose name contains `only`); the first row is the floor."""
    from django.test.utils import override_settings

    with override_settings(
        ROOT_URLCONF="bench.urls_floor", ALLOWED_HOSTS=["testserver", "127.0.0.1"]
    ):
        runner = Runner()
        results = []
        for page in pages():
            if only and only not in page.name and not page.name.startswith("floor"):
                continue
            results.append(runner.measure(page, requests, warmup))
            print(f"  measured {page.name}", flush=True)
    floor = results[0].median_ms
    for result in results:
        result.times_floor = result.median_ms / floor
    return results


def table(results: list[Result], *, cpu: bool = False) -> str:
    """A Markdown table: page, user, median, p95, queries, size, × floor; with `cpu`, also
    the median CPU and database milliseconds of a request and the load average around it."""
    extra_head = " CPU ms | DB ms | load before → after |" if cpu else ""
    lines = [
        "| page | as | median ms | p95 ms | queries | KiB | × floor |" + extra_head,
        "|---|---|---:|---:|---:|---:|---:|" + ("---:|---:|---|" if cpu else ""),
    ]
    for r in results:
        mark = " ⚠" if r.times_floor > AIM else ""
        extra = (
            f" {r.cpu_ms:.1f} | {r.db_ms:.1f} | {r.load[0]:.1f} → {r.load[1]:.1f} |" if cpu else ""
        )
        lines.append(
            f"| {r.name} | {r.user} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.queries} "
            f"| {r.size_kib:.0f} | {r.times_floor:.1f}{mark} |" + extra
        )
    return "\n".join(lines)


def profile(name: str) -> None:
    import cProfile
    import pstats

    from django.test.utils import override_settings

    with override_settings(
        ROOT_URLCONF="bench.urls_floor", ALLOWED_HOSTS=["testserver", "127.0.0.1"]
    ):
        runner = Runner()
        page = next(p for p in pages() if name in p.name)
        for _ in range(3):
            runner.request(page)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            runner.request(page)
        profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--profile", metavar="NAME", help="profile one page (part of its name)")
    parser.add_argument("--database-url", help="the seeded database (default: DATABASE_URL)")
    parser.add_argument("--label", help="a heading printed before the table")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    configure()
    if args.label:
        print(f"## {args.label}")
    if args.profile:
        profile(args.profile)
        return
    print(table(run(args.requests, args.warmup, args.only), cpu=True))


if __name__ == "__main__":
    main()
