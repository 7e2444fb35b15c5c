"""The ranking's version number per call, moved by triggers (reviews.models.ranking).

PostgreSQL: one statement-level trigger per table and event, reading the transition tables,
so that a bulk write of thousands of rows moves each call's number once. SQLite: row-level
triggers (SQLite has no statement-level ones). Both upsert the call's row in the same
transaction as the change.
"""

from django.db import migrations, models

RANKED = "('eligible', 'awarded', 'reserve', 'not_selected')"

# table: (its columns the lookup needs, joins from the changed row `r` to its proposal `p`
# or call, the call's column, the condition on the changed row)
SOURCES = {
    "proposals_proposal": (("call_id", "state"), "", "r.call_id", f"r.state IN {RANKED}"),
    "reviews_assignment": (
        ("proposal_id",),
        "JOIN proposals_proposal p ON p.id = r.proposal_id",
        "p.call_id",
        "",
    ),
    "reviews_review": (
        ("assignment_id", "state"),
        "JOIN reviews_assignment a ON a.id = r.assignment_id "
        "JOIN proposals_proposal p ON p.id = a.proposal_id",
        "p.call_id",
        "r.state = 'submitted'",
    ),
    "reviews_score": (
        ("review_id",),
        "JOIN reviews_review v ON v.id = r.review_id "
        "JOIN reviews_assignment a ON a.id = v.assignment_id "
        "JOIN proposals_proposal p ON p.id = a.proposal_id",
        "p.call_id",
        "v.state = 'submitted'",
    ),
    "reviews_decision": (
        ("proposal_id",),
        "JOIN proposals_proposal p ON p.id = r.proposal_id",
        "p.call_id",
        "",
    ),
    "reviews_stageresult": (
        ("proposal_id",),
        "JOIN proposals_proposal p ON p.id = r.proposal_id",
        "p.call_id",
        "",
    ),
    "grants_criterion": (("call_id",), "", "r.call_id", ""),
}
EVENTS = {"INSERT": ("new",), "UPDATE": ("old", "new"), "DELETE": ("old",)}
UPSERT = (
    "INSERT INTO reviews_rankingversion (call_id, version) "
    "SELECT call_id, {start} FROM ({changed}) changed WHERE call_id IS NOT NULL {order} "
    "ON CONFLICT (call_id) DO UPDATE SET version = reviews_rankingversion.version + 1"
)


def _name(table: str, event: str) -> str:
    return f"ranking_v_{table}_{event.lower()[:3]}"


def _changed(table: str, rows: list[str]) -> str:
    """The calls of the changed rows: a SELECT per source of rows, in a UNION."""
    _columns, joins, call, condition = SOURCES[table]
    where = f"WHERE {condition}" if condition else ""
    # Built from this module's constants only (table, column and join names), never input.
    return " UNION ".join(
        f"SELECT DISTINCT {call} AS call_id FROM {src} r {joins} {where}"  # nosec B608
        for src in rows
    )


def _postgresql(table: str, event: str) -> tuple[str, str]:
    name = _name(table, event)
    sides = EVENTS[event]
    changed = _changed(table, [f"{side}_rows" for side in sides])
    upsert = UPSERT.format(
        start="floor(random() * 1e12)::bigint", changed=changed, order="ORDER BY call_id"
    )
    referencing = " ".join(f"{side.upper()} TABLE AS {side}_rows" for side in sides)
    create = (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {upsert}; RETURN NULL; END $$; "
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
    )
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return create, drop


def _sqlite(table: str, event: str) -> tuple[str, str]:
    name = _name(table, event)
    columns = SOURCES[table][0]
    rows = [
        "(SELECT " + ", ".join(f"{side.upper()}.{c} AS {c}" for c in columns) + ")"
        for side in EVENTS[event]
    ]
    upsert = UPSERT.format(
        start="abs(random() % 1000000000000)", changed=_changed(table, rows), order=""
    )
    create = f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {upsert}; END;"
    return create, f"DROP TRIGGER IF EXISTS {name};"


def _statements(vendor: str, which: int) -> list[str]:
    make = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if make is None:
        raise RuntimeError(f"The ranking's triggers are written for PostgreSQL and SQLite, not {vendor}.")
    return [make(table, event)[which] for table in SOURCES for event in EVENTS]


def create_triggers(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 0):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 1):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0009_call_stages"),
        ("proposals", "0012_members_through_membership"),
        ("reviews", "0009_stage_results"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankingVersion",
            fields=[
                ("call_id", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="call")),
                ("version", models.BigIntegerField(verbose_name="version")),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
