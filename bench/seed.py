"""A realistic national round in PostgreSQL, written in bulk, for the page benchmarks.

    .venv/bin/python -m bench.seed [--proposals 10000] [--reviewers 150] [--calls 3]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench_pages; the database
is created when missing, migrated, and emptied (flush) first, so every run starts the same.
Three calls share the proposals (`layout`):

- an open call (30%): half drafts, half submitted;
- a call in review (40%): eligible proposals with 3 reviewers each and submitted reviews,
  a few ineligible and withdrawn ones;
- last round's call with published results (30%): reviewed, decided (award, reserve, not
  selected) and a Publication.

With more calls (--calls 20 for 100,000 proposals) those three keep the sizes they have in
the 10,000 round (3%, 4% and 3% of the proposals) and the others share the rest: earlier
rounds with published results, and every sixth one in review.

Each proposal has budget lines, a team, outcomes and attachment rows (a tiny file shared by
all rows, so no disk is filled), and its search words, vector and fingerprint (what
`proposals.search.index_proposal` writes). Reviewers with profiles sit on the panels of the
reviewed calls. Applicants have a few inbox messages. The well-known users the page
benchmark logs in as are in `BENCH_USERS`. Prints the time of each step.

The rows are planned in Python as plain values, then written with `COPY` on PostgreSQL
(`Writer`; `bulk_create` elsewhere, as in the tests) with ids chosen here; foreign keys are
checked once per key after the load, the id sequences moved past the ids, and the tables
analysed.
"""

import argparse
import io
import json
import os
import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_pages"
BENCH_USERS = {
    "officer": "officer@bench.example",
    "committee": "committee@bench.example",
    "reviewer": "reviewer0@bench.example",
    "applicant": "applicant0@bench.example",
}
SLUGS = {"open": "bench-open", "review": "bench-review", "results": "bench-results"}
WEIGHTS = [15, 15, 10, 10, 10, 10, 15, 15]  # the default rubric (grants.rubric)
BATCH = 5000


def configure() -> None:
    """Point Django at the bench database (created when missing) with the test settings."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import dj_database_url

    parsed = dj_database_url.parse(os.environ["DATABASE_URL"])
    if parsed["ENGINE"].endswith("postgresql"):
        import psycopg2
        from psycopg2 import sql

        admin = psycopg2.connect(
            dbname="postgres",
            user=parsed["USER"] or "postgres",
            password=parsed["PASSWORD"] or None,
            host=parsed["HOST"] or "127.0.0.1",
            port=parsed["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parsed["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed["NAME"])))
        admin.close()
    import django

    django.setup()


class Steps:
    """Times each step and prints it as it ends."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last = self.started
        self.times: list[tuple[str, float]] = []

    def done(self, name: str, count: int | None = None) -> None:
        now = time.perf_counter()
        self.times.append((name, now - self.last))
        rows = f"{count:>9,} rows" if count is not None else " " * 14
        print(f"  {name:<48}{rows}  {now - self.last:6.2f} s", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started


class Writer:
    """Writes rows with ids of its own: COPY on PostgreSQL, bulk_create elsewhere.

    Rows are dicts of column names (attnames, `call_id` not `call`); the columns a row leaves
    out get the model's defaults (auto_now fields: the time of the seed). On PostgreSQL the
    rows go through `COPY … FROM STDIN` in chunks, the ids are counted here (the tables were
    just truncated) and the sequences are set past them at the end (`finish`)."""

    CHUNK = 20_000

    def __init__(self, connection, steps: Steps, now) -> None:
        self.connection = connection
        self.steps = steps
        self.now = now
        self.copy = connection.vendor == "postgresql"
        self.last_id: dict = {}
        self.models: list = []
        self._defaults: dict = {}

    def next_id(self, model) -> int:
        if model not in self.last_id:
            with self.connection.cursor() as cursor:
                table = self.connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - a model's table
                self.last_id[model] = cursor.fetchone()[0]
            self.models.append(model)
        self.last_id[model] += 1
        return self.last_id[model]

    def defaults(self, model) -> dict:
        from django.db.models import FileField

        if model not in self._defaults:
            template = model()
            values = {}
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    values[field.attname] = self.now
                elif isinstance(field, FileField):
                    values[field.attname] = field.get_prep_value(getattr(template, field.attname))
                else:
                    values[field.attname] = getattr(template, field.attname)
            self._defaults[model] = values
        return self._defaults[model]

    def reserve(self, model, count: int) -> range:
        """`count` ids of `model`, in a row."""
        first = self.next_id(model)
        self.last_id[model] += count - 1
        return range(first, first + count)

    def write(
        self,
        model,
        rows,
        name: str | None = None,
        table: str | None = None,
        columns: tuple[str, ...] | None = None,
    ) -> int:
        """Write `rows` (an iterable of dicts, each with its "id"; or of tuples of `columns`,
        "id" among them) into `model`'s table (or `table`, a copy of it); prints the step
        when `name` is given."""
        defaults = self.defaults(model)
        count = 0
        if columns is not None:
            given = columns
            rows = (dict(zip(given, row, strict=True)) for row in rows) if not self.copy else rows
        if self.copy:
            fixed = {c: _copy_text(v) for c, v in defaults.items()}
            if columns is None:
                columns = tuple(defaults)
                line = lambda row: "\t".join(  # noqa: E731 - one of two ways to write a row
                    _copy_text(row[c]) if c in row else fixed[c] for c in columns
                )
            else:
                rest = "".join(f"\t{fixed[c]}" for c in defaults if c not in columns)
                columns = (*columns, *(c for c in defaults if c not in columns))
                line = lambda row: "\t".join(map(_copy_text, row)) + rest  # noqa: E731
            target = self.connection.ops.quote_name(table or model._meta.db_table)
            names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
            statement = f"COPY {target} ({names}) FROM STDIN"
            chunk: list[str] = []
            with self.connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg2's own cursor, for copy_expert
                for row in rows:
                    chunk.append(line(row))
                    count += 1
                    if len(chunk) >= self.CHUNK:
                        raw.copy_expert(statement, io.StringIO("\n".join(chunk) + "\n"))
                        chunk = []
                if chunk:
                    raw.copy_expert(statement, io.StringIO("\n".join(chunk) + "\n"))
        else:
            objects = []
            for row in rows:
                objects.append(model(**{**defaults, **row}))
                count += 1
            model.objects.bulk_create(objects, batch_size=BATCH)
        if name:
            self.steps.done(name, count)
        return count

    def start(self) -> None:
        """Inside the seed's transaction: no foreign-key check per row (PostgreSQL runs
        Django's deferred checks one row at a time at COMMIT: 6 million of them at 100,000
        proposals, longer than the writing); `finish` checks every key in one query each."""
        if self.copy:
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def finish(self) -> None:
        """Check the foreign keys of every table written here (one anti-join each), and set
        each table's id sequence past the ids written here."""
        from django.core.management.color import no_style

        if not self.copy or not self.models:
            return
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            for model in self.models:
                for field in model._meta.concrete_fields:
                    if not field.is_relation:
                        continue
                    child = quote(model._meta.db_table)
                    parent = quote(field.related_model._meta.db_table)
                    column = quote(field.column)
                    target = quote(field.target_field.column)
                    cursor.execute(
                        f"SELECT count(*) FROM {child} c WHERE c.{column} IS NOT NULL "  # noqa: S608 - model tables
                        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{target} = c.{column})"
                    )
                    missing = cursor.fetchone()[0]
                    if missing:
                        raise AssertionError(f"{missing} rows of {child}.{column} point nowhere")
            for statement in self.connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)


def _copy_text(value) -> str:
    """`value` in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return str(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, dict | list):
        return _copy_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def layout(n_proposals: int, n_calls: int) -> list[tuple[str, str, int]]:
    """The calls of the round as (key, kind, proposals). Three calls: the open call 30%, the
    call in review 40%, last round's results 30%. More calls: those three keep the sizes
    they have in a round a tenth as big (3%, 4%, 3%), and the others share the rest: every
    sixth of them in review, the rest earlier rounds with published results."""
    if n_calls <= 3:
        n_open = int(n_proposals * 0.3)
        n_review = int(n_proposals * 0.4)
        return [
            ("open", "open", n_open),
            ("review", "review", n_review),
            ("results", "results", n_proposals - n_open - n_review),
        ]
    sizes = [int(n_proposals * 0.03), int(n_proposals * 0.04), int(n_proposals * 0.03)]
    rest = n_proposals - sum(sizes)
    others = n_calls - 3
    sizes += [rest // others + (1 if k < rest % others else 0) for k in range(others)]
    calls = [("open", "open", sizes[0]), ("review", "review", sizes[1])]
    calls.append(("results", "results", sizes[2]))
    for k in range(others):
        kind = "review" if k % 6 == 5 else "results"
        calls.append((f"round{k + 1}", kind, sizes[3 + k]))
    return calls


def slug_of(key: str) -> str:
    return SLUGS.get(key, f"bench-{key}")


def seed(
    n_proposals: int = 10_000, n_reviewers: int = 150, seed_value: int = 2026, n_calls: int = 3
) -> float:
    """Wipe the bench database and write the round; returns the seconds it took."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from grants.enums import ApplicantType, CallState
    from grants.models import Call, Criterion, Programme, Province, Sector
    from grants.rubric import DEFAULT_RUBRIC
    from portal.enums import NotificationState, Role
    from portal.models import Consent, Notification, RoleGrant, User
    from proposals.enums import EventKind, ProposalState
    from proposals.models import (
        Attachment,
        BudgetLine,
        Organisation,
        Outcome,
        Proposal,
        ProposalEvent,
        TeamMember,
    )
    from reviews.enums import AssignmentMethod, AssignmentState, DecisionOutcome, ReviewState
    from reviews.models import (
        Assignment,
        Decision,
        PanelMember,
        Publication,
        Review,
        ReviewerProfile,
        Score,
    )
    from reviews.scoring import weighted_total

    rng = random.Random(seed_value)
    steps = Steps()
    print(f"Seeding {connection.settings_dict['NAME']} ({connection.vendor})", flush=True)
    call_command("migrate", verbosity=0)
    steps.done("migrate")
    wipe(connection)
    steps.done("wipe (truncate all but reference data)")

    now = timezone.now()
    writer = Writer(connection, steps, now)
    sectors = list(Sector.objects.all())
    provinces = list(Province.objects.all())
    programme = Programme.objects.first()
    password = make_password("bench-pages-2026")
    kinds = list(ApplicantType.values)
    plan_calls = layout(n_proposals, n_calls)

    with transaction.atomic():
        writer.start()
        # Staff.
        officer = User.objects.create(
            email=BENCH_USERS["officer"], full_name="เจ้าหน้าที่โครงการ", password=password
        )
        committee = User.objects.create(
            email=BENCH_USERS["committee"], full_name="กรรมการ", password=password
        )
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(user=officer, role=Role.OFFICER),
                RoleGrant(user=committee, role=Role.COMMITTEE),
            ]
        )

        # Calls.
        def make_call(key, title, state, opens, deadline, review_ends, results_at):
            call = Call.objects.create(
                title_th=title,
                title_en=f"Bench call ({key})",
                description_th="ทุนสนับสนุนโครงการนวัตกรรมเพื่อสังคม " * 20,
                description_en="Grants for social-innovation projects. " * 20,
                slug=slug_of(key),
                code=f"BENCH{key.upper()[:3]}" if key in SLUGS else f"B{key.upper()[-8:]}",
                programme=programme,
                opens_at=opens,
                deadline=deadline,
                review_ends_at=review_ends,
                results_at=results_at,
                budget_total=Decimal("150000000"),
                max_per_proposal=Decimal("1000000"),
                state=state,
                created_by=officer,
            )
            call.sectors.set(sectors)
            call.officers.add(officer)
            Criterion.objects.bulk_create(
                Criterion(
                    call=call,
                    position=k,
                    title_th=item["title_th"],
                    title_en=item["title_en"],
                    guidance_th=item["guidance_th"],
                    guidance_en=item["guidance_en"],
                    weight=item["weight"],
                    max_points=10,
                )
                for k, item in enumerate(DEFAULT_RUBRIC)
            )
            return call

        day = timedelta(days=1)
        calls = {}
        for index, (key, kind, _size) in enumerate(plan_calls):
            if kind == "open":
                dates = (now - 30 * day, now + 10 * day, now + 40 * day, now + 60 * day)
                title, state = "ทุนนวัตกรรมเพื่อสังคม ประจำปี 2570", CallState.PUBLISHED
            elif kind == "review":
                back = 0 if key == "review" else 5 * index
                dates = (
                    now - (120 + back) * day,
                    now - (30 + back) * day,
                    now + 20 * day,
                    now + 40 * day,
                )
                title, state = "ทุนนวัตกรรมชุมชน ประจำปี 2569", CallState.IN_REVIEW
            else:
                back = 0 if key == "results" else 30 * index
                dates = (
                    now - (400 + back) * day,
                    now - (300 + back) * day,
                    now - (250 + back) * day,
                    now - (240 + back) * day,
                )
                title, state = "ทุนนวัตกรรมเพื่อสังคม ประจำปี 2568", CallState.RESULTS_PUBLISHED
            if key not in SLUGS:
                title = f"{title} รอบที่ {index}"
            calls[key] = make_call(key, title, state, *dates)
        criteria = {key: list(call.criteria.order_by("position")) for key, call in calls.items()}
        steps.done(f"staff, {len(calls)} calls and their rubrics")

        # Applicants and organisations: one applicant per organisation, two proposals each.
        n_orgs = max(1, n_proposals // 2)
        applicant_ids = [writer.next_id(User) for _ in range(n_orgs)]
        languages = ["th" if i % 5 else "en" for i in range(n_orgs)]
        writer.write(
            User,
            (
                {
                    "id": applicant_ids[i],
                    "email": f"applicant{i}@bench.example",
                    "full_name": f"ผู้สมัคร {i}",
                    "password": password,
                    "language": languages[i],
                }
                for i in range(n_orgs)
            ),
            "applicant users",
        )
        writer.write(
            RoleGrant,
            (
                {"id": writer.next_id(RoleGrant), "user_id": u, "role": Role.APPLICANT}
                for u in applicant_ids
            ),
            "applicant roles",
        )
        writer.write(
            Consent,
            (
                {
                    "id": writer.next_id(Consent),
                    "user_id": u,
                    "notice_version": settings.PRIVACY_NOTICE_VERSION,
                }
                for u in applicant_ids
            ),
            "consents",
        )
        org_ids = [writer.next_id(Organisation) for _ in range(n_orgs)]
        org_names = [f"วิสาหกิจชุมชนบ้านทดสอบ {i}" for i in range(n_orgs)]
        writer.write(
            Organisation,
            (
                {
                    "id": org_ids[i],
                    "name": org_names[i],
                    "type": kinds[i % len(kinds)],
                    "province_id": provinces[i % len(provinces)].pk,
                    "address": f"{i} หมู่ 3 ตำบลทดสอบ",
                    "phone": "02 017 5555",
                }
                for i in range(n_orgs)
            ),
            "organisations",
        )
        Membership = Organisation.members.through
        writer.write(
            Membership,
            (
                {"id": writer.next_id(Membership), "organisation_id": o, "user_id": u}
                for o, u in zip(org_ids, applicant_ids, strict=True)
            ),
            "organisation members",
        )

        # Proposals, planned whole (states, reviews and decisions) before anything is written.
        plan = []  # (call key, state)
        for key, kind, size in plan_calls:
            for k in range(size):
                if kind == "open":
                    plan.append(
                        (key, ProposalState.DRAFT if k % 2 == 0 else ProposalState.SUBMITTED)
                    )
                elif kind == "review":
                    r = rng.random()
                    state = (
                        ProposalState.INELIGIBLE
                        if r < 0.05
                        else ProposalState.WITHDRAWN
                        if r < 0.07
                        else ProposalState.ELIGIBLE
                    )
                    plan.append((key, state))
                else:
                    plan.append((key, ProposalState.ELIGIBLE))  # decided below
        sequences = dict.fromkeys(calls, 0)
        texts = {
            "summary": "สรุปโครงการ " * 40,
            "problem": "ปัญหาของชุมชน " * 60,
            "innovation": "นวัตกรรมที่นำเสนอ " * 60,
            "target_group": "ผู้สูงอายุและเยาวชนในพื้นที่ " * 10,
        }
        index = SearchFields(texts)
        proposals = []  # plain dicts: the columns, and what the later steps read
        for i, (key, state) in enumerate(plan):
            call = calls[key]
            submitted = state != ProposalState.DRAFT
            sequence = None
            reference = ""
            if submitted:
                sequences[key] += 1
                sequence = sequences[key]
                reference = f"{call.code}-{sequence:04d}"
            title = f"โครงการนวัตกรรมเพื่อชุมชน ลำดับที่ {i}"
            proposals.append(
                {
                    "id": writer.next_id(Proposal),
                    "call_id": call.pk,
                    "organisation_id": org_ids[i % n_orgs],
                    "created_by_id": applicant_ids[i % n_orgs],
                    "state": state,
                    "sequence": sequence,
                    "reference": reference,
                    "title": title,
                    **texts,
                    "province_id": provinces[rng.randrange(len(provinces))].pk,
                    "district": "อำเภอเมือง",
                    "primary_sector_id": sectors[rng.randrange(len(sectors))].pk,
                    "requested_amount": Decimal(rng.randrange(100, 1001) * 1000),
                    "duration_months": rng.choice([6, 12, 18, 24]),
                    "created_at": call.opens_at + timedelta(hours=rng.randrange(1, 24 * 20)),
                    "updated_at": call.deadline - timedelta(minutes=rng.randrange(1, 60 * 24 * 5)),
                    "submitted_at": (
                        min(call.deadline, now) - timedelta(minutes=rng.randrange(1, 60 * 24 * 5))
                        if submitted
                        else None
                    ),
                    "deadline_seen": call.deadline,
                }
            )
        steps.done("proposals planned", len(proposals))

        # Reviewers, and who reviews what (round robin over the eligible proposals).
        reviewer_ids = [writer.next_id(User) for _ in range(n_reviewers)]
        reviewed = [p for p in proposals if p["state"] == ProposalState.ELIGIBLE]
        leniency = [rng.gauss(0, 1.0) for _ in reviewer_ids]
        quality = {p["id"]: rng.uniform(3, 9) for p in reviewed}
        pairs = []
        next_reviewer = 0
        for p in reviewed:
            chosen = [(next_reviewer + k) % n_reviewers for k in range(3)]
            next_reviewer = (next_reviewer + 3) % n_reviewers
            pairs.extend((p, j) for j in chosen)
        # The bench reviewer still has work in the call in review: the first 5 are to score.
        to_score = {p["id"] for p, j in pairs if j == 0 and p["call_id"] == calls["review"].pk}
        to_score = set(sorted(to_score)[:5])

        # Decisions of every call with published results, within its budget.
        decisions = []
        final_state = {}
        total_awarded = {}
        for key, kind, _size in plan_calls:
            if kind != "results":
                continue
            call = calls[key]
            decided = sorted(
                (p for p in reviewed if p["call_id"] == call.pk), key=lambda p: -quality[p["id"]]
            )
            budget_left = call.budget_total
            reserve = 0
            for p in decided:
                if p["requested_amount"] <= budget_left:
                    budget_left -= p["requested_amount"]
                    outcome, amount, rank = DecisionOutcome.AWARD, p["requested_amount"], None
                    final_state[p["id"]] = ProposalState.AWARDED
                elif reserve < 20:
                    reserve += 1
                    outcome, amount, rank = DecisionOutcome.RESERVE, None, reserve
                    final_state[p["id"]] = ProposalState.RESERVE
                else:
                    outcome, amount, rank = DecisionOutcome.NOT_SELECTED, None, None
                    final_state[p["id"]] = ProposalState.NOT_SELECTED
                decisions.append(
                    {
                        "id": writer.next_id(Decision),
                        "proposal_id": p["id"],
                        "outcome": outcome,
                        "amount": amount,
                        "reserve_rank": rank,
                        "reason": "ตามมติคณะกรรมการ",
                        "decided_by_id": committee.pk,
                        "decided_at": call.review_ends_at,
                        "final": True,
                    }
                )
            total_awarded[key] = call.budget_total - budget_left
        for p in proposals:
            p["state"] = final_state.get(p["id"], p["state"])
        steps.done("reviews and decisions planned", len(decisions))

        # The proposals, with their search words, vectors and fingerprints.
        index.write(writer, proposals, org_names_by_id=dict(zip(org_ids, org_names, strict=True)))
        steps.done("proposals (with search words and fingerprints)", len(proposals))

        SectorLink = Proposal.sectors.through
        writer.write(
            SectorLink,
            (
                {"id": writer.next_id(SectorLink), "proposal_id": p["id"], "sector_id": s}
                for p in proposals
                for s in {
                    p["primary_sector_id"],
                    *(x.pk for x in rng.sample(sectors, rng.randint(0, 2))),
                }
            ),
            "proposal sectors",
        )
        shares = [
            ("ค่าวัสดุอุปกรณ์", Decimal("0.5")),
            ("ค่าจ้างแรงงาน", Decimal("0.3")),
            ("ค่าจัดอบรม", Decimal("0.2")),
        ]
        writer.write(
            BudgetLine,
            (
                {
                    "id": writer.next_id(BudgetLine),
                    "proposal_id": p["id"],
                    "position": k,
                    "item": item,
                    "amount": p["requested_amount"] * share,
                }
                for p in proposals
                for k, (item, share) in enumerate(shares)
            ),
            "budget lines",
        )
        writer.write(
            TeamMember,
            (
                {
                    "id": writer.next_id(TeamMember),
                    "proposal_id": p["id"],
                    "position": k,
                    "name": f"สมาชิก {k}",
                    "role": role,
                    "organisation": "-",
                }
                for p in proposals
                for k, role in enumerate(["หัวหน้าโครงการ", "ผู้ประสานงาน"])
            ),
            "team members",
        )
        outcomes = [
            ("รายได้ชุมชนเพิ่มขึ้น", "รายได้ต่อครัวเรือน", "20%"),
            ("ผู้สูงอายุมีสุขภาพดีขึ้น", "จำนวนผู้เข้าร่วม", "200 คน"),
        ]
        writer.write(
            Outcome,
            (
                {
                    "id": writer.next_id(Outcome),
                    "proposal_id": p["id"],
                    "position": k,
                    "outcome": o,
                    "indicator": ind,
                    "target": t,
                }
                for p in proposals
                for k, (o, ind, t) in enumerate(outcomes)
            ),
            "outcomes",
        )
        # One tiny file shared by every attachment row: the rows are what pages read.
        tiny = default_storage.save("attachments/bench/tiny.pdf", _tiny_pdf())
        writer.write(
            Attachment,
            (
                {
                    "id": writer.next_id(Attachment),
                    "proposal_id": p["id"],
                    "file": tiny,
                    "original_name": name,
                    "content_type": "application/pdf",
                    "size": 120_000 + k * 1000,
                    "uploaded_by_id": p["created_by_id"],
                }
                for p in proposals
                for k, name in enumerate(["แผนงานโครงการ.pdf", "หนังสือรับรอง.pdf"][: 1 + p["id"] % 2])
            ),
            "attachment rows",
        )
        writer.write(
            ProposalEvent,
            (
                {
                    "id": writer.next_id(ProposalEvent),
                    "proposal_id": p["id"],
                    "from_state": ProposalState.DRAFT,
                    "to_state": ProposalState.SUBMITTED,
                    "by_id": p["created_by_id"],
                    "at": p["submitted_at"],
                    "kind": EventKind.STATE,
                }
                for p in proposals
                if p["submitted_at"]
            ),
            "activity log",
        )

        # Reviewers: profiles, expertise, panels of the reviewed calls.
        writer.write(
            User,
            (
                {
                    "id": u,
                    "email": f"reviewer{j}@bench.example",
                    "full_name": f"ผู้ทรงคุณวุฒิ {j}",
                    "password": password,
                }
                for j, u in enumerate(reviewer_ids)
            ),
            "reviewer users",
        )
        writer.write(
            RoleGrant,
            (
                {"id": writer.next_id(RoleGrant), "user_id": u, "role": Role.REVIEWER}
                for u in reviewer_ids
            ),
        )
        writer.write(
            Consent,
            (
                {
                    "id": writer.next_id(Consent),
                    "user_id": u,
                    "notice_version": settings.PRIVACY_NOTICE_VERSION,
                }
                for u in reviewer_ids
            ),
        )
        profile_ids = [writer.next_id(ReviewerProfile) for _ in reviewer_ids]
        writer.write(
            ReviewerProfile,
            (
                {
                    "id": pid,
                    "user_id": u,
                    "organisation_name": "มหาวิทยาลัยทดสอบ",
                    "max_per_call": 200,
                }
                for pid, u in zip(profile_ids, reviewer_ids, strict=True)
            ),
        )
        Expertise = ReviewerProfile.expertise.through
        writer.write(
            Expertise,
            (
                {"id": writer.next_id(Expertise), "reviewerprofile_id": pid, "sector_id": s.pk}
                for pid in profile_ids
                for s in rng.sample(sectors, 2)
            ),
        )
        writer.write(
            PanelMember,
            (
                {
                    "id": writer.next_id(PanelMember),
                    "call_id": calls[key].pk,
                    "reviewer_id": u,
                    "added_by_id": officer.pk,
                }
                for key, kind, _size in plan_calls
                if kind != "open"
                for u in reviewer_ids
            ),
        )
        steps.done("roles, profiles, expertise, panels")

        # Assignments, reviews and scores for eligible proposals of the reviewed calls.
        deadlines = {call.pk: call.deadline for call in calls.values()}
        criteria_of = {calls[key].pk: crit for key, crit in criteria.items()}
        assignment_ids = [writer.next_id(Assignment) for _ in pairs]
        writer.write(
            Assignment,
            (
                {
                    "id": a,
                    "proposal_id": p["id"],
                    "reviewer_id": reviewer_ids[j],
                    "state": AssignmentState.ACTIVE,
                    "method": AssignmentMethod.AUTOMATIC,
                    "assigned_by_id": officer.pk,
                    "assigned_at": deadlines[p["call_id"]] + day,
                    "declared_at": deadlines[p["call_id"]] + 2 * day,
                }
                for a, (p, j) in zip(assignment_ids, pairs, strict=True)
            ),
            "assignments",
        )
        review_rows = []
        score_rows = []
        comment = "ข้อคิดเห็นสำหรับคณะกรรมการ " * 5
        feedback = "ข้อเสนอแนะสำหรับผู้สมัคร " * 5
        decimals = [Decimal(k) for k in range(11)]
        totals = {}  # every call has the same rubric: a total per set of points, once

        def total_of(crit, points):
            key = (tuple((c.weight, c.max_points) for c in crit), tuple(points))
            if key not in totals:
                totals[key] = weighted_total(
                    {c.pk: v for c, v in zip(crit, points, strict=True)}, crit
                )
            return totals[key]

        for a, (p, j) in zip(assignment_ids, pairs, strict=True):
            crit = criteria_of[p["call_id"]]
            draft = j == 0 and p["id"] in to_score
            q = quality[p["id"]] + leniency[j]
            gauss = rng.gauss
            points = [decimals[min(10, max(0, round(q + gauss(0, 1))))] for _ in crit]
            review_id = writer.next_id(Review)
            review_rows.append(
                {
                    "id": review_id,
                    "assignment_id": a,
                    "state": ReviewState.DRAFT if draft else ReviewState.SUBMITTED,
                    "comment": comment,
                    "feedback": feedback,
                    "total": None if draft else total_of(crit, points),
                    "submitted_at": None if draft else deadlines[p["call_id"]] + 5 * day,
                }
            )
            if not draft:
                score_rows.extend((review_id, c.pk, v) for c, v in zip(crit, points, strict=True))
        steps.done("reviews and scores computed", len(review_rows))
        writer.write(Review, review_rows, "reviews")
        writer.write(
            Score,
            (
                (i, r, c, v)
                for i, (r, c, v) in zip(
                    writer.reserve(Score, len(score_rows)), score_rows, strict=True
                )
            ),
            "scores",
            columns=("id", "review_id", "criterion_id", "points"),
        )
        writer.write(Decision, decisions, "decisions")
        for key, amount in total_awarded.items():
            call = calls[key]
            Publication.objects.create(
                call=call,
                published_at=call.results_at,
                published_by=committee,
                total_awarded=amount,
                notified_at=call.results_at,
            )
        steps.done("publications", len(total_awarded))

        # A few inbox messages per applicant: receipts, reminders, results.
        body_text = "เรียน ผู้สมัคร\n\n" + "รายละเอียดของข้อความ " * 30
        body_html = "<p>" + "รายละเอียดของข้อความ " * 30 + "</p>"

        def messages():
            by_org = {}
            for i, p in enumerate(proposals):
                by_org.setdefault(i % n_orgs, []).append(p)
            for index_, user_id in enumerate(applicant_ids):
                email = f"applicant{index_}@bench.example"
                for p in by_org.get(index_, []):
                    kinds_here = ["reminder_draft_7d"]
                    if p["submitted_at"]:
                        kinds_here.append("submission_receipt")
                    if p["id"] in final_state:
                        kinds_here.append("result")
                    for kind in kinds_here:
                        yield {
                            "id": writer.next_id(Notification),
                            "kind": kind,
                            "recipient_id": user_id,
                            "email": email,
                            "about": f"proposal:{p['id']}",
                            "link": f"/proposals/{p['id']}/",
                            "language": languages[index_],
                            "subject": f"[NIA] {kind} {p['reference'] or p['title']}",
                            "body_text": body_text,
                            "body_html": body_html,
                            "dedupe_key": f"{kind}:{p['id']}",
                            "state": NotificationState.SENT,
                            "attempts": 1,
                            "sent_at": p["updated_at"],
                            "read_at": p["updated_at"] if rng.random() < 0.5 else None,
                            "created_at": p["updated_at"],
                        }

        writer.write(Notification, messages(), "notifications")
        writer.finish()
        steps.done("foreign keys checked, id sequences")
    # What autovacuum would have done to a database that has lived: the planner's statistics,
    # and the visibility map that lets index-only scans skip the table.
    # (VACUUM cannot run inside a transaction: a test's seed only analyses.)
    vacuum = writer.copy and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    steps.done("vacuum, analyze" if vacuum else "analyze")
    total = steps.total
    print(f"  {'total':<48}{'':14}  {total:6.2f} s", flush=True)
    return total


class SearchFields:
    """What `proposals.search.index_proposal` writes, for many proposals at once.

    The seeded proposals share their texts but for the title (and the organisation), so the
    words of the shared texts are found once, and so is the MinHash signature of their
    shingles: a proposal's signature is the place-by-place minimum of that one and the
    signature of the few shingles its title adds (a minimum over a union of sets). On
    PostgreSQL the rows are copied into a temporary table and inserted from it with their
    vectors made in the same statement: `to_tsvector` of the organisation's and the title's
    words joined (`||`, which shifts the positions as one longer text would) to the vector
    of the shared words, made once (`to_tsvector` of 3 kB of Thai words is about a
    millisecond: two minutes for 100,000 proposals made one by one)."""

    def __init__(self, texts: dict[str, str]) -> None:
        from portal.thai import minhash, words
        from portal.thai.segment import STOPWORDS
        from proposals.search import HEAD_WORDS

        # The order of proposals.search.proposal_texts: title, summary, problem, innovation,
        # target group (no answers or attachment texts are seeded).
        self.body = words(
            "\n".join(texts[k] for k in ("summary", "problem", "innovation", "target_group"))
        )
        self.kept = [w for w in self.body if w not in STOPWORDS]
        self.body_signature = minhash.signature(minhash.shingles_of(self.body))
        self.body_text = " ".join(self.body) + " "
        self.head = " ".join(words(texts["summary"])[:HEAD_WORDS])
        self.stopwords = STOPWORDS

    def fields(self, title: str, organisation: str) -> tuple[str, bytes, str, str]:
        """(search_text, fingerprint, the title's words, the words before the shared ones)
        of one proposal."""
        import numpy as np

        from portal.thai import minhash, segmented, words

        title_words = words(title)
        prefix = f" {segmented(organisation)} {' '.join(title_words)} "
        search_text = prefix + self.body_text
        kept = [w for w in title_words if w not in self.stopwords]
        joined = kept + self.kept[: minhash.SHINGLE - 1]
        extra = {
            " ".join(joined[i : i + minhash.SHINGLE])
            for i in range(len(joined) - minhash.SHINGLE + 1)
        }
        signature = self.body_signature
        if extra and len(kept) + len(self.kept) >= minhash.SHINGLE:
            signature = np.minimum(signature, minhash.signature(extra))
        return search_text, minhash.to_bytes(signature), " ".join(title_words), prefix

    def write(self, writer: Writer, proposals: list[dict], org_names_by_id: dict) -> None:
        from proposals.models import Proposal

        heads = []
        for p in proposals:
            search_text, fingerprint, title_words, prefix = self.fields(
                p["title"], org_names_by_id[p["organisation_id"]]
            )
            p["search_text"] = search_text
            p["fingerprint"] = fingerprint
            heads.append((title_words, prefix))
        if not writer.copy:
            writer.write(Proposal, proposals)
            return
        connection = writer.connection
        table = Proposal._meta.db_table
        columns = list(writer.defaults(Proposal))
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE bench_proposal (LIKE {quote(table)}) ON COMMIT DROP")
        writer.write(Proposal, proposals, table="bench_proposal")
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_head (id integer, words text, prefix text) ON COMMIT DROP"
            )
            raw = cursor.cursor
            raw.copy_expert(
                "COPY bench_head (id, words, prefix) FROM STDIN",
                io.StringIO(
                    "".join(
                        f"{p['id']}\t{_copy_text(h)}\t{_copy_text(prefix)}\n"
                        for p, (h, prefix) in zip(proposals, heads, strict=True)
                    )
                ),
            )
            plain = [c for c in columns if c not in ("search_vector", "search_head")]
            names = ", ".join(quote(c) for c in plain)
            selected = ", ".join(f"p.{quote(c)}" for c in plain)
            shared = (
                "WITH shared AS MATERIALIZED (SELECT to_tsvector('simple'::regconfig, %s) AS v, "
                "setweight(to_tsvector('simple'::regconfig, %s), 'B') AS head) "
            )
            cursor.execute(
                shared + f"INSERT INTO {quote(table)} ({names}, search_vector, search_head) "  # noqa: S608 - model columns
                f"SELECT {selected}, to_tsvector('simple'::regconfig, h.prefix) || shared.v, "
                "setweight(to_tsvector('simple'::regconfig, h.words), 'A') || shared.head "
                "FROM bench_proposal p JOIN bench_head h ON h.id = p.id CROSS JOIN shared "
                "ORDER BY p.id",
                [self.body_text, self.head],
            )


# Loaded by migrations (grants 0003) and by Django itself: kept by the wipe.
KEEP = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "grants_sector",
    "grants_programme",
    "grants_province",
}


def wipe(connection) -> None:
    """What `flush` does, but keeping the reference data the migrations loaded."""
    tables = sorted(set(connection.introspection.django_table_names(only_existing=True)) - KEEP)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(quote(t) for t in tables)
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - names from introspection


def _tiny_pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="tiny.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--calls", type=int, default=3, help="calls sharing the proposals (3: the national round)"
    )
    args = parser.parse_args()
    configure()
    seed(args.proposals, args.reviewers, args.seed, args.calls)


if __name__ == "__main__":
    main()
