"""Accounts made before email verification: their addresses count as verified.

They were created by people who signed up or accepted an invitation sent to that address, and
have been used since; asking every one of them to verify again before their next submission
would stop them on deadline day for no gain. New sign-ups verify by link (portal.forms).
"""

from django.db import migrations


def mark_verified(apps, schema_editor):
    User = apps.get_model("portal", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email").iterator()
            if pk not in known
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_notify_claim_token"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(mark_verified, migrations.RunPython.noop)]
