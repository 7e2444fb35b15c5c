"""Every benchmark of bench/ in one command, printed as one table (and written to RESULTS.md).

    .venv/bin/python -m bench.run_all [--no-seed] [--requests 30] [--write]

1. seeds the national round (`bench.seed`: 10,000 proposals over 3 calls, 150 reviewers,
   3 reviews each) in PostgreSQL (DATABASE_URL, by default the local portal_bench_pages),
   unless --no-seed;
2. times the key pages (`bench.pages`) against the floor of a trivial view;
3. times the automatic assignment solver (`bench.assignment`: 5,000 × 150 × 3);
4. times the ranking computation (`bench.ranking`: 5,000 proposals × 3 reviews).

With --write, bench/RESULTS.md gets the date, the machine and the tables; the section
between <!-- surge --> and <!-- /surge --> (the deadline-day surge, bench/surge.py) and the one
between <!-- scale --> and <!-- /scale --> (100,000 proposals, bench/scale.py) are kept
as they are.
"""

import argparse
import os
import platform
import re
import time
from datetime import datetime
from pathlib import Path

from bench import pages, seed

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SURGE_START, SURGE_END = "<!-- surge -->", "<!-- /surge -->"
SURGE_PLACEHOLDER = (
    "## Deadline-day surge\n\n"
    "Filled by `bench/surge.py` (the load test of 300 applicants at the deadline).\n"
)


def run_assignment() -> dict:
    from bench.assignment import instance
    from reviews.assignment_solver import solve

    proposals, reviewers, conflicts = instance(5000, 150, cap=110, conflict_rate=0.01, seed=2026)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        solution = solve(proposals, reviewers, per_proposal=3, conflicts=conflicts)
        times.append(time.perf_counter() - started)
    return {
        "seconds": sorted(times)[1],
        "runs": times,
        "placed": len(solution.pairs),
        "needed": 5000 * 3,
        "match": solution.match_rate,
        "loads": (min(solution.loads.values()), max(solution.loads.values())),
    }


def run_ranking() -> dict:
    from bench.ranking import bench_pure, instance

    proposals, reviews = instance(5000, 3, 150, 2026)
    build, compute = bench_pure(proposals, reviews, repeat=5)
    return {"build": build, "compute": compute}


def machine() -> list[tuple[str, str]]:
    from django.db import connection

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1) if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = f"{int(found.group(1)) / 1024**2:.1f} GiB" if found else memory
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT 1")
        database = f"{connection.vendor} {cursor.fetchone()[0]}"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores (shared with other developers' work)"),
        ("memory", memory),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Django", __import__("django").get_version()),
        ("database", database),
        ("Redis", redis_version()),
    ]


def redis_version() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        return redis.Redis.from_url(url, socket_timeout=2).info()["redis_version"]
    except Exception as error:  # the version is informative only
        return f"not reachable ({error.__class__.__name__})"


def report(
    when: str, seconds_seeding: float | None, page_rows, assignment: dict, ranking: dict
) -> str:
    floor = page_rows[0]
    over = [r.name for r in page_rows if r.times_floor > pages.AIM]
    lines = [
        f"Run {when}: `.venv/bin/python -m bench.run_all --write`.",
        "",
        "### Seeding",
        "",
        (
            f"10,000 proposals over 3 calls, 150 reviewers, 3 reviews each: "
            f"{seconds_seeding:.1f} s (target: under 120 s)."
            if seconds_seeding is not None
            else "Not re-seeded (--no-seed)."
        ),
        "",
        "### Pages",
        "",
        f"{pages.AIM}× floor aim: the floor is a signed-in trivial view, "
        f"{floor.median_ms:.1f} ms. ⚠ marks a page above the aim"
        + (f" ({len(over)}: {', '.join(over)})." if over else "."),
        "",
        pages.table(page_rows),
        "",
        "### Assignment and ranking",
        "",
        "| computation | time |",
        "|---|---:|",
        (
            f"| automatic assignment, 5,000 proposals × 150 reviewers × 3 (median of 3; "
            f"{assignment['placed']:,}/{assignment['needed']:,} placed, "
            f"{assignment['match']:.0%} expertise match, load "
            f"{assignment['loads'][0]}–{assignment['loads'][1]}) "
            f"| {assignment['seconds'] * 1000:.0f} ms |"
        ),
        (
            f"| ranking computation, 5,000 proposals × 3 reviews (`compute_ranking`, "
            f"median of 5) | {ranking['compute'] * 1000:.0f} ms |"
        ),
        (
            "| the 15,000 reviews as plain data with weighted totals "
            f"| {ranking['build'] * 1000:.0f} ms |"
        ),
    ]
    return "\n".join(lines)


NOTES_START, NOTES_END = "<!-- notes -->", "<!-- /notes -->"
NOTES_PLACEHOLDER = "## Pages above the aim, and why\n\nWritten by hand after a run.\n"
SCALE_START, SCALE_END = "<!-- scale -->", "<!-- /scale -->"
SCALE_PLACEHOLDER = "## Scale: 100,000 proposals\n\nFrom `bench/scale.py`, written by hand.\n"


def kept(text: str, start_mark: str, end_mark: str, default: str) -> str:
    """The hand-written part of RESULTS.md between two markers, kept across runs."""
    start, end = text.find(start_mark), text.find(end_mark)
    if start != -1 and end > start:
        return text[start + len(start_mark) : end].strip("\n") + "\n"
    return default


def write(results: str, machine_rows) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else ""
    surge = kept(text, SURGE_START, SURGE_END, SURGE_PLACEHOLDER)
    notes = kept(text, NOTES_START, NOTES_END, NOTES_PLACEHOLDER)
    scale = kept(text, SCALE_START, SCALE_END, SCALE_PLACEHOLDER)
    machine_table = "\n".join(
        ["| | |", "|---|---|", *(f"| {name} | {value} |" for name, value in machine_rows)]
    )
    RESULTS.write_text(
        "# Benchmark results\n\n"
        "The last run of `.venv/bin/python -m bench.run_all --write` (see `bench/README.md`).\n"
        "The machine is shared: other developers' tests and builds ran at the same time, so\n"
        "single timings are noisy; medians over repeated runs are given, p95 shows the noise.\n\n"
        "## Machine\n\n"
        f"{machine_table}\n\n"
        "## National round\n\n"
        f"{results}\n\n"
        f"{NOTES_START}\n{notes}{NOTES_END}\n\n"
        f"{SURGE_START}\n{surge}{SURGE_END}\n\n"
        f"{SCALE_START}\n{scale}{SCALE_END}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    seed.configure()
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load_before = os.getloadavg()[0]
    seconds = None
    if not args.no_seed:
        print("Seeding…", flush=True)
        seconds = seed.seed()
    print("Pages…", flush=True)
    page_rows = pages.run(args.requests, args.warmup)
    print("Assignment…", flush=True)
    assignment = run_assignment()
    print("Ranking…", flush=True)
    ranking = run_ranking()
    # The 1-minute load average before and after: timings mean little on a busy machine.
    when += f", load average {load_before:.2f} → {os.getloadavg()[0]:.2f}"
    text = report(when, seconds, page_rows, assignment, ranking)
    print()
    print(text)
    if args.write:
        write(text, machine())
        print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
