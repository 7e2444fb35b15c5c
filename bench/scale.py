"""The round at 10,000 and at 100,000 proposals: the same pages, side by side.

    .venv/bin/python -m bench.scale [--seed] [--rounds 2] [--requests 20] [--warmup 3]

1. With --seed, seeds both databases (`bench.seed`, each in its own process): 10,000
   proposals over 3 calls with 150 reviewers (the national round) into
   postgres://…/bench_scale10k, and 100,000 over 20 calls with 2,000 reviewers into
   postgres://…/bench_scale100k (--url-10k, --url-100k). The three calls the pages read
   (open, in review, last round's results) are as big in both (3,000, 4,000, 3,000
   proposals) and a reviewer carries about the same load (135 against 140 reviews): the
   100,000 round adds 17 other calls around them, so every table is ten times fuller while
   each page asks for the same thing.
2. Measures `bench.pages`' pages in each database, in its own process (--measure), the two
   sizes alternating (10k, 100k, 10k, 100k … for --rounds rounds), so that both see the
   same load on a shared machine. Per page: the SQL queries of one request, and for the
   timed requests the median wall time, process CPU time (`time.process_time`) and
   database time (the wall time inside the cursor's execute, with fetching), and the shared
   buffers of its reads (`explain`); the 1-minute load average (`os.getloadavg`) at the
   start and the end of each run.
3. Prints one table: queries at both sizes (they must be equal), the medians at both (the
   median over the rounds of each round's median) and the ratios; ⚠ marks a wall ratio
   above 1.5.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

AIM = 1.5
HOST = "postgres://postgres@127.0.0.1:5432"
SIZES = {
    "10k": {"proposals": 10_000, "reviewers": 150, "calls": 3, "db": "bench_scale10k"},
    "100k": {"proposals": 100_000, "reviewers": 2_000, "calls": 20, "db": "bench_scale100k"},
}


def python(*args: str, url: str, capture: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", *args],
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def seed_all(urls: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Seed both sizes; returns each run's printed steps."""
    printed = {}
    for size, spec in SIZES.items():
        print(f"Seeding {size}…", flush=True)
        load = os.getloadavg()[0]
        done = python(
            "bench.seed",
            "--proposals",
            str(spec["proposals"]),
            "--reviewers",
            str(spec["reviewers"]),
            "--calls",
            str(spec["calls"]),
            url=urls[size],
            capture=True,
        )
        print(done.stdout, flush=True)
        print(f"  load average {load:.1f} → {os.getloadavg()[0]:.1f}", flush=True)
        printed[size] = done.stdout
    return printed


def explain(queries: list[tuple[str, object]]) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of each read of one request: the shared buffers it touched
    (hit or read; the same whatever the machine's load) and its execution time."""
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            if not sql.lstrip().upper().startswith("SELECT") or " FOR UPDATE" in sql.upper():
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
            top = plan["Plan"]
            plans.append(
                {
                    "sql": sql[:160],
                    "buffers": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0),
                    "ms": plan["Execution Time"],
                }
            )
    return plans


def measure(requests: int, warmup: int, only: str | None, explain_queries: bool = True) -> dict:
    """In this process (Django set up for DATABASE_URL): every page of `bench.pages`."""
    from django.db import connection
    from django.test.utils import override_settings

    from bench import pages
    from bench.seed import BENCH_USERS
    from reviews.models import Assignment

    load_start = os.getloadavg()[0]
    database = {"seconds": 0.0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database["seconds"] += time.perf_counter() - started

    rows = []
    with override_settings(
        ROOT_URLCONF="bench.urls_floor", ALLOWED_HOSTS=["testserver", "127.0.0.1"]
    ):
        runner = pages.Runner()
        for page in pages.pages():
            if only and only not in page.name and not page.name.startswith("floor"):
                continue
            for _ in range(warmup):
                runner.request(page)
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                runner.request(page)
            plans = explain(queries) if explain_queries else []
            wall, cpu, db = [], [], []
            with connection.execute_wrapper(timed):
                for _ in range(requests):
                    database["seconds"] = 0.0
                    started, started_cpu = time.perf_counter(), time.process_time()
                    runner.request(page)
                    wall.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
                    db.append(database["seconds"])
            rows.append(
                {
                    "name": page.name,
                    "queries": len(queries),
                    "wall": statistics.median(wall) * 1000,
                    "cpu": statistics.median(cpu) * 1000,
                    "db": statistics.median(db) * 1000,
                    "buffers": sum(plan["buffers"] for plan in plans),
                    "plans": plans,
                }
            )
    from proposals.models import Proposal

    return {
        "database": connection.settings_dict["NAME"],
        "proposals": Proposal.objects.count(),
        "reviewer_load": Assignment.objects.filter(reviewer__email=BENCH_USERS["reviewer"]).count(),
        "load": [load_start, os.getloadavg()[0]],
        "pages": rows,
    }


def run_rounds(urls: dict[str, str], rounds: int, requests: int, warmup: int, only) -> dict:
    runs = {size: [] for size in SIZES}
    for number in range(rounds):
        for size in SIZES:
            print(f"Round {number + 1}, {size}…", flush=True)
            args = ["bench.scale", "--measure", "--requests", str(requests)]
            args += ["--warmup", str(warmup)] + (["--only", only] if only else [])
            done = python(*args, url=urls[size], capture=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            load = result["load"]
            print(f"  load average {load[0]:.1f} → {load[1]:.1f}", flush=True)
            runs[size].append(result)
    return runs


def table(runs: dict) -> str:
    small, large = runs["10k"], runs["100k"]
    names = [row["name"] for row in small[0]["pages"]]

    def median(size_runs, name, key):
        return statistics.median(
            next(r[key] for r in run["pages"] if r["name"] == name) for run in size_runs
        )

    def queries(size_runs, name):
        found = {next(r for r in run["pages"] if r["name"] == name)["queries"] for run in size_runs}
        return "/".join(str(q) for q in sorted(found))

    def buffers(size_runs, name):
        return min(
            next(r for r in run["pages"] if r["name"] == name).get("buffers", 0)
            for run in size_runs
        )

    lines = [
        "| page | queries 10k | queries 100k | wall ms 10k | wall ms 100k | ratio "
        "| CPU ms 10k | CPU ms 100k | ratio | DB ms 10k | DB ms 100k "
        "| DB buffers 10k | DB buffers 100k |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        w10, w100 = median(small, name, "wall"), median(large, name, "wall")
        c10, c100 = median(small, name, "cpu"), median(large, name, "cpu")
        d10, d100 = median(small, name, "db"), median(large, name, "db")
        q10, q100 = queries(small, name), queries(large, name)
        ratio = w100 / w10 if w10 else 0
        mark = " ⚠" if ratio > AIM else ""
        qmark = "" if q10 == q100 else " ⚠"
        lines.append(
            f"| {name} | {q10} | {q100}{qmark} | {w10:.1f} | {w100:.1f} | {ratio:.2f}{mark} "
            f"| {c10:.1f} | {c100:.1f} | {c100 / c10 if c10 else 0:.2f} "
            f"| {d10:.1f} | {d100:.1f} "
            f"| {buffers(small, name):,} | {buffers(large, name):,} |"
        )
    loads = []
    for number in range(len(small)):
        for size, size_runs in (("10k", small), ("100k", large)):
            start, end = size_runs[number]["load"]
            loads.append(f"round {number + 1} {size}: {start:.1f} → {end:.1f}")
    lines += [
        "",
        "Load average (1 min) at the start → end of each run: " + "; ".join(loads) + ".",
        f"Proposals: {small[0]['proposals']:,} and {large[0]['proposals']:,}; the bench "
        f"reviewer's assignments: {small[0]['reviewer_load']} and {large[0]['reviewer_load']}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="seed both databases first")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--url-10k", default=f"{HOST}/{SIZES['10k']['db']}")
    parser.add_argument("--url-100k", default=f"{HOST}/{SIZES['100k']['db']}")
    parser.add_argument("--save", type=Path, help="also write the runs as JSON here")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        from bench.seed import configure

        configure()
        result = measure(args.requests, args.warmup, args.only)
        print(json.dumps(result))
        return
    urls = {"10k": args.url_10k, "100k": args.url_100k}
    if args.seed:
        seed_all(urls)
    runs = run_rounds(urls, args.rounds, args.requests, args.warmup, args.only)
    if args.save:
        args.save.write_text(json.dumps(runs, indent=1))
    print()
    print(table(runs))


if __name__ == "__main__":
    main()
