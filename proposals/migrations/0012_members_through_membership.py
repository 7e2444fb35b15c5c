"""`Organisation.members` now reads the memberships (0011 copied the old table's rows)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0011_memberships_from_members"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="organisation", name="members"),
        migrations.AddField(
            model_name="organisation",
            name="members",
            field=models.ManyToManyField(
                related_name="organisations",
                through="proposals.OrganisationMembership",
                through_fields=("organisation", "user"),
                to=settings.AUTH_USER_MODEL,
                verbose_name="members",
            ),
        ),
    ]
