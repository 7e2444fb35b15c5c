from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_field_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="claim_token",
            field=models.UUIDField(
                blank=True, db_index=True, null=True, verbose_name="claim token"
            ),
        ),
    ]
