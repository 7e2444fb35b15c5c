"""A realistic national round in PostgreSQL, written with bulk inserts, for the page benchmark.

    .venv/bin/python -m bench.seed [--proposals 10000] [--reviewers 150]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/portal_bench_pages; the database
is created when missing, migrated, and emptied (flush) first, so every run starts the same.
Three calls share the proposals:

- an open call (30%): half drafts, half submitted;
- a call in review (40%): eligible proposals with 3 reviewers each and submitted reviews,
  a few ineligible and withdrawn ones;
- last round's call with published results (30%): reviewed, decided (award, reserve, not
  selected) and a Publication.

Each proposal has budget lines, a team, outcomes and attachment rows (a tiny file shared by
all rows, so no disk is filled). 150 reviewers with profiles sit on the panels of the two
reviewed calls. Applicants have a few inbox messages. The well-known users the page benchmark
logs in as are in `BENCH_USERS`. Prints the time of each step.
"""

import argparse
import os
import random
import time
from datetime import timedelta
from decimal import Decimal

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
        print(f"  {name:<42}{rows}  {now - self.last:6.2f} s", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started


def bulk(model, objects, steps: Steps, name: str):
    made = model.objects.bulk_create(objects, batch_size=BATCH)
    steps.done(name, len(made))
    return made


def seed(n_proposals: int = 10_000, n_reviewers: int = 150, seed_value: int = 2026) -> float:
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
    sectors = list(Sector.objects.all())
    provinces = list(Province.objects.all())
    programme = Programme.objects.first()
    password = make_password("bench-pages-2026")
    kinds = list(ApplicantType.values)

    with transaction.atomic():
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
                slug=SLUGS[key],
                code=f"BENCH{key.upper()[:3]}",
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
        calls = {
            "open": make_call(
                "open",
                "ทุนนวัตกรรมเพื่อสังคม ประจำปี 2570",
                CallState.PUBLISHED,
                now - 30 * day,
                now + 10 * day,
                now + 40 * day,
                now + 60 * day,
            ),
            "review": make_call(
                "review",
                "ทุนนวัตกรรมชุมชน ประจำปี 2569",
                CallState.IN_REVIEW,
                now - 120 * day,
                now - 30 * day,
                now + 20 * day,
                now + 40 * day,
            ),
            "results": make_call(
                "results",
                "ทุนนวัตกรรมเพื่อสังคม ประจำปี 2568",
                CallState.RESULTS_PUBLISHED,
                now - 400 * day,
                now - 300 * day,
                now - 250 * day,
                now - 240 * day,
            ),
        }
        criteria = {key: list(call.criteria.order_by("position")) for key, call in calls.items()}
        steps.done("staff, 3 calls and their rubrics")

        # Applicants and organisations: one applicant per organisation, two proposals each.
        n_orgs = max(1, n_proposals // 2)
        applicants = bulk(
            User,
            (
                User(
                    email=f"applicant{i}@bench.example",
                    full_name=f"ผู้สมัคร {i}",
                    password=password,
                    language="th" if i % 5 else "en",
                )
                for i in range(n_orgs)
            ),
            steps,
            "applicant users",
        )
        bulk(
            RoleGrant,
            (RoleGrant(user=u, role=Role.APPLICANT) for u in applicants),
            steps,
            "applicant roles",
        )
        bulk(
            Consent,
            (Consent(user=u, notice_version=settings.PRIVACY_NOTICE_VERSION) for u in applicants),
            steps,
            "consents",
        )
        organisations = bulk(
            Organisation,
            (
                Organisation(
                    name=f"วิสาหกิจชุมชนบ้านทดสอบ {i}",
                    type=kinds[i % len(kinds)],
                    province=provinces[i % len(provinces)],
                    address=f"{i} หมู่ 3 ตำบลทดสอบ",
                    phone="02 017 5555",
                )
                for i in range(n_orgs)
            ),
            steps,
            "organisations",
        )
        Membership = Organisation.members.through
        bulk(
            Membership,
            (
                Membership(organisation_id=o.pk, user_id=u.pk)
                for o, u in zip(organisations, applicants, strict=True)
            ),
            steps,
            "organisation members",
        )

        # Proposals: 30% open call, 40% in review, 30% results.
        n_open = int(n_proposals * 0.3)
        n_review = int(n_proposals * 0.4)
        plan = []  # (call key, state)
        for i in range(n_proposals):
            if i < n_open:
                plan.append(
                    ("open", ProposalState.DRAFT if i % 2 == 0 else ProposalState.SUBMITTED)
                )
            elif i < n_open + n_review:
                r = rng.random()
                state = (
                    ProposalState.INELIGIBLE
                    if r < 0.05
                    else ProposalState.WITHDRAWN
                    if r < 0.07
                    else ProposalState.ELIGIBLE
                )
                plan.append(("review", state))
            else:
                plan.append(("results", ProposalState.ELIGIBLE))  # decided below
        sequences = dict.fromkeys(calls, 0)
        proposal_objects = []
        for i, (key, state) in enumerate(plan):
            call = calls[key]
            org = organisations[i % n_orgs]
            submitted = state != ProposalState.DRAFT
            sequence = reference = None
            if submitted:
                sequences[key] += 1
                sequence = sequences[key]
                reference = f"{call.code}-{sequence:04d}"
            proposal_objects.append(
                Proposal(
                    call=call,
                    organisation=org,
                    created_by=applicants[i % n_orgs],
                    state=state,
                    sequence=sequence,
                    reference=reference or "",
                    title=f"โครงการนวัตกรรมเพื่อชุมชน ลำดับที่ {i}",
                    summary="สรุปโครงการ " * 40,
                    problem="ปัญหาของชุมชน " * 60,
                    innovation="นวัตกรรมที่นำเสนอ " * 60,
                    target_group="ผู้สูงอายุและเยาวชนในพื้นที่ " * 10,
                    province=provinces[rng.randrange(len(provinces))],
                    district="อำเภอเมือง",
                    primary_sector=sectors[rng.randrange(len(sectors))],
                    requested_amount=Decimal(rng.randrange(100, 1001) * 1000),
                    duration_months=rng.choice([6, 12, 18, 24]),
                    created_at=call.opens_at + timedelta(hours=rng.randrange(1, 24 * 20)),
                    updated_at=call.deadline - timedelta(minutes=rng.randrange(1, 60 * 24 * 5)),
                    submitted_at=(
                        min(call.deadline, now) - timedelta(minutes=rng.randrange(1, 60 * 24 * 5))
                        if submitted
                        else None
                    ),
                    deadline_seen=call.deadline,
                )
            )
        proposals = bulk(Proposal, proposal_objects, steps, "proposals")
        SectorLink = Proposal.sectors.through
        bulk(
            SectorLink,
            (
                SectorLink(proposal_id=p.pk, sector_id=s.pk)
                for p in proposals
                for s in {p.primary_sector, *rng.sample(sectors, rng.randint(0, 2))}
            ),
            steps,
            "proposal sectors",
        )
        bulk(
            BudgetLine,
            (
                BudgetLine(proposal=p, position=k, item=item, amount=p.requested_amount * share)
                for p in proposals
                for k, (item, share) in enumerate(
                    [
                        ("ค่าวัสดุอุปกรณ์", Decimal("0.5")),
                        ("ค่าจ้างแรงงาน", Decimal("0.3")),
                        ("ค่าจัดอบรม", Decimal("0.2")),
                    ]
                )
            ),
            steps,
            "budget lines",
        )
        bulk(
            TeamMember,
            (
                TeamMember(proposal=p, position=k, name=f"สมาชิก {k}", role=role, organisation="-")
                for p in proposals
                for k, role in enumerate(["หัวหน้าโครงการ", "ผู้ประสานงาน"])
            ),
            steps,
            "team members",
        )
        bulk(
            Outcome,
            (
                Outcome(proposal=p, position=k, outcome=o, indicator=ind, target=t)
                for p in proposals
                for k, (o, ind, t) in enumerate(
                    [
                        ("รายได้ชุมชนเพิ่มขึ้น", "รายได้ต่อครัวเรือน", "20%"),
                        ("ผู้สูงอายุมีสุขภาพดีขึ้น", "จำนวนผู้เข้าร่วม", "200 คน"),
                    ]
                )
            ),
            steps,
            "outcomes",
        )
        # One tiny file shared by every attachment row: the rows are what pages read.
        tiny = default_storage.save("attachments/bench/tiny.pdf", _tiny_pdf())
        bulk(
            Attachment,
            (
                Attachment(
                    proposal=p,
                    file=tiny,
                    original_name=name,
                    content_type="application/pdf",
                    size=120_000 + k * 1000,
                    uploaded_by_id=p.created_by_id,
                )
                for p in proposals
                for k, name in enumerate(["แผนงานโครงการ.pdf", "หนังสือรับรอง.pdf"][: 1 + p.pk % 2])
            ),
            steps,
            "attachment rows",
        )
        bulk(
            ProposalEvent,
            (
                ProposalEvent(
                    proposal=p,
                    from_state=ProposalState.DRAFT,
                    to_state=ProposalState.SUBMITTED,
                    by_id=p.created_by_id,
                    at=p.submitted_at,
                    kind=EventKind.STATE,
                )
                for p in proposals
                if p.submitted_at
            ),
            steps,
            "activity log",
        )

        # Reviewers: profiles, expertise, panels of the reviewed calls.
        reviewers = bulk(
            User,
            (
                User(
                    email=f"reviewer{j}@bench.example",
                    full_name=f"ผู้ทรงคุณวุฒิ {j}",
                    password=password,
                )
                for j in range(n_reviewers)
            ),
            steps,
            "reviewer users",
        )
        RoleGrant.objects.bulk_create(RoleGrant(user=u, role=Role.REVIEWER) for u in reviewers)
        Consent.objects.bulk_create(
            Consent(user=u, notice_version=settings.PRIVACY_NOTICE_VERSION) for u in reviewers
        )
        profiles = ReviewerProfile.objects.bulk_create(
            ReviewerProfile(user=u, organisation_name="มหาวิทยาลัยทดสอบ", max_per_call=200)
            for u in reviewers
        )
        Expertise = ReviewerProfile.expertise.through
        Expertise.objects.bulk_create(
            Expertise(reviewerprofile_id=p.pk, sector_id=s.pk)
            for p in profiles
            for s in rng.sample(sectors, 2)
        )
        PanelMember.objects.bulk_create(
            PanelMember(call=calls[key], reviewer=u, added_by=officer)
            for key in ("review", "results")
            for u in reviewers
        )
        steps.done("roles, profiles, expertise, panels")

        # Assignments, reviews and scores for eligible proposals of the reviewed calls.
        reviewed = [p for p in proposals if p.state == ProposalState.ELIGIBLE]
        leniency = [rng.gauss(0, 1.0) for _ in reviewers]
        pairs = []
        next_reviewer = 0
        for p in reviewed:
            chosen = [(next_reviewer + k) % n_reviewers for k in range(3)]
            next_reviewer = (next_reviewer + 3) % n_reviewers
            pairs.extend((p, j) for j in chosen)
        bench_reviewer = reviewers[0]
        # The bench reviewer still has work in the call in review: the first 5 are to score.
        to_score = {p.pk for p, j in pairs if j == 0 and p.call_id == calls["review"].pk}
        to_score = set(sorted(to_score)[:5])
        assignments = bulk(
            Assignment,
            (
                Assignment(
                    proposal=p,
                    reviewer=reviewers[j],
                    state=AssignmentState.ACTIVE,
                    method=AssignmentMethod.AUTOMATIC,
                    assigned_by=officer,
                    assigned_at=p.call.deadline + day,
                    declared_at=p.call.deadline + 2 * day,
                )
                for p, j in pairs
            ),
            steps,
            "assignments",
        )
        review_rows = []
        score_values = []
        quality = {p.pk: rng.uniform(3, 9) for p in reviewed}
        for a, (p, j) in zip(assignments, pairs, strict=True):
            crit = criteria["review" if p.call_id == calls["review"].pk else "results"]
            draft = j == 0 and p.pk in to_score
            points = [
                Decimal(min(10, max(0, round(quality[p.pk] + leniency[j] + rng.gauss(0, 1)))))
                for _ in crit
            ]
            given = {c.pk: v for c, v in zip(crit, points, strict=True)}
            review_rows.append(
                Review(
                    assignment=a,
                    state=ReviewState.DRAFT if draft else ReviewState.SUBMITTED,
                    comment="ข้อคิดเห็นสำหรับคณะกรรมการ " * 5,
                    feedback="ข้อเสนอแนะสำหรับผู้สมัคร " * 5,
                    total=None if draft else weighted_total(given, crit),
                    submitted_at=None if draft else p.call.deadline + 5 * day,
                )
            )
            score_values.append((crit, points, draft))
        reviews = bulk(Review, review_rows, steps, "reviews")
        bulk(
            Score,
            (
                Score(review=r, criterion=c, points=v)
                for r, (crit, points, draft) in zip(reviews, score_values, strict=True)
                if not draft
                for c, v in zip(crit, points, strict=True)
            ),
            steps,
            "scores",
        )

        # Decisions and the publication of last round's results.
        results_call = calls["results"]
        decided = sorted(
            (p for p in reviewed if p.call_id == results_call.pk),
            key=lambda p: -quality[p.pk],
        )
        budget_left = results_call.budget_total
        decisions = []
        final_state = {}
        reserve = 0
        for p in decided:
            if p.requested_amount <= budget_left:
                budget_left -= p.requested_amount
                outcome, amount, rank = DecisionOutcome.AWARD, p.requested_amount, None
                final_state[p.pk] = ProposalState.AWARDED
            elif reserve < 20:
                reserve += 1
                outcome, amount, rank = DecisionOutcome.RESERVE, None, reserve
                final_state[p.pk] = ProposalState.RESERVE
            else:
                outcome, amount, rank = DecisionOutcome.NOT_SELECTED, None, None
                final_state[p.pk] = ProposalState.NOT_SELECTED
            decisions.append(
                Decision(
                    proposal=p,
                    outcome=outcome,
                    amount=amount,
                    reserve_rank=rank,
                    reason="ตามมติคณะกรรมการ",
                    decided_by=committee,
                    decided_at=results_call.review_ends_at,
                    final=True,
                )
            )
        bulk(Decision, decisions, steps, "decisions")
        for state in set(final_state.values()):
            Proposal.objects.filter(
                pk__in=[pk for pk, s in final_state.items() if s == state]
            ).update(state=state)
        Publication.objects.create(
            call=results_call,
            published_at=results_call.results_at,
            published_by=committee,
            total_awarded=results_call.budget_total - budget_left,
            notified_at=results_call.results_at,
        )
        steps.done("final states and publication")

        # A few inbox messages per applicant: receipts, reminders, results.
        messages = []
        by_org = {}
        for i, p in enumerate(proposals):
            by_org.setdefault(i % n_orgs, []).append(p)
        for index, user in enumerate(applicants):
            for p in by_org.get(index, []):
                kinds_here = ["reminder_draft_7d"]
                if p.submitted_at:
                    kinds_here.append("submission_receipt")
                if p.pk in final_state:
                    kinds_here.append("result")
                for kind in kinds_here:
                    messages.append(
                        Notification(
                            kind=kind,
                            recipient=user,
                            email=user.email,
                            about=f"proposal:{p.pk}",
                            link=f"/proposals/{p.pk}/",
                            language=user.language,
                            subject=f"[NIA] {kind} {p.reference or p.title}",
                            body_text="เรียน ผู้สมัคร\n\n" + "รายละเอียดของข้อความ " * 30,
                            body_html="<p>" + "รายละเอียดของข้อความ " * 30 + "</p>",
                            dedupe_key=f"{kind}:{p.pk}",
                            state=NotificationState.SENT,
                            attempts=1,
                            sent_at=p.updated_at,
                            read_at=p.updated_at if rng.random() < 0.5 else None,
                            created_at=p.updated_at,
                        )
                    )
        bulk(Notification, messages, steps, "notifications")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps.done("analyze")
    total = steps.total
    print(f"  {'total':<42}{'':14}  {total:6.2f} s", flush=True)
    assert bench_reviewer.email == BENCH_USERS["reviewer"]
    return total


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
    args = parser.parse_args()
    configure()
    seed(args.proposals, args.reviewers, args.seed)


if __name__ == "__main__":
    main()
