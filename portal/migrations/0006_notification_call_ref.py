from collections import defaultdict

from django.db import migrations, models

CHUNK = 500


def _ids(about_by_pk: dict[int, str], prefix: str) -> dict[int, list[int]]:
    """Messages by the id that follows `prefix` in their `about` ("proposal:42" -> 42)."""
    found = defaultdict(list)
    for pk, about in about_by_pk.items():
        kind, _, ident = about.partition(":")
        if kind == prefix and ident.isdigit():
            found[int(ident)].append(pk)
    return found


def _proposal_calls(connection) -> dict[int, int]:
    """Each proposal's call, read with plain SQL: the portal's migrations depend on no
    higher app. Without the proposals table (a fresh database) there is nothing to read."""
    if "proposals_proposal" not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, call_id FROM proposals_proposal")
        return dict(cursor.fetchall())


def fill_call_ref(apps, schema_editor):
    """Tie the messages queued so far to their call, from `about`: "call:<id>" is the call,
    "proposal:<id>" the proposal's call. Others (invitations) belong to no call."""
    Notification = apps.get_model("portal", "Notification")
    about_by_pk = dict(
        Notification.objects.filter(call_ref__isnull=True)
        .filter(models.Q(about__startswith="call:") | models.Q(about__startswith="proposal:"))
        .values_list("pk", "about")
    )
    by_call = _ids(about_by_pk, "call")
    by_proposal = _ids(about_by_pk, "proposal")
    if by_proposal:
        calls = _proposal_calls(schema_editor.connection)
        for proposal_id, pks in by_proposal.items():
            if proposal_id in calls:
                by_call[calls[proposal_id]].extend(pks)
    for call_id, pks in by_call.items():
        for start in range(0, len(pks), CHUNK):
            Notification.objects.filter(pk__in=pks[start : start + CHUNK]).update(call_ref=call_id)


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_notification_email")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="call_ref",
            field=models.PositiveIntegerField(
                blank=True, db_index=True, null=True, verbose_name="call"
            ),
        ),
        migrations.RunPython(fill_call_ref, migrations.RunPython.noop),
    ]
