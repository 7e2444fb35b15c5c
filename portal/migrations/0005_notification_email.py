from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def copy_addresses(apps, schema_editor):
    Notification = apps.get_model("portal", "Notification")
    for row in Notification.objects.select_related("recipient").filter(email=""):
        row.email = row.recipient.email
        row.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_reminder_preference")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email",
            field=models.EmailField(default="", max_length=254, verbose_name="sent to"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
