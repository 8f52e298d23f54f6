from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_at_database_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="ip",
            field=models.GenericIPAddressField(
                blank=True,
                help_text="The client's address, for writes during a request (TRUSTED_PROXY_COUNT).",
                null=True,
                verbose_name="client IP",
            ),
        ),
    ]
