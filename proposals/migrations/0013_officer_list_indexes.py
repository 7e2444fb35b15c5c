"""Indexes for the officer's filtered list of a call's proposals (proposals.views.officer).

1. On PostgreSQL, `proposal_call_state_cover` (call, state, submitted_at, id) also carries
   the primary sector, the province, the requested amount and the sequence (INCLUDE): the
   list's count and its breakdowns per sector and province (one grouped query), and the
   choice of a page's ids in reference, amount or submission order, read the index alone
   instead of visiting each of the call's proposals in the table, whose order is not the
   index's. Same name and key columns, so the model's Meta is unchanged (SQLite has no
   INCLUDE, and Django's check warns of it there: hence SQL here, as for the GIN index).
2. The proposal-sector link gets (sector, proposal): the sector filter's
   `id IN (SELECT proposal_id … WHERE sector_id = X)` reads that sector's links from the
   index alone instead of one table block per link.
"""

from django.db import migrations

COVER = "proposal_call_state_cover"
COVER_COLUMNS = "proposals_proposal (call_id, state, submitted_at, id)"
COVER_INCLUDE = "primary_sector_id, province_id, requested_amount, sequence"
SECTOR_LINKS = "proposal_sectors_sector_proposal"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVER}")
        schema_editor.execute(f"CREATE INDEX {COVER} ON {COVER_COLUMNS} INCLUDE ({COVER_INCLUDE})")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SECTOR_LINKS} "
        "ON proposals_proposal_sectors (sector_id, proposal_id)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {SECTOR_LINKS}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {COVER}")
        schema_editor.execute(f"CREATE INDEX {COVER} ON {COVER_COLUMNS}")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0012_members_through_membership"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
