"""The core app takes over the outbox table that ogp_portal created (same table,
same rows: only Django's record changes) and adds the activity log."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    # Keep permissions granted on the outbox: its content type changes app.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="outboundemail").exists():
        ContentType.objects.filter(app_label="ogp_portal", model="outboundemail").update(
            app_label="core"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ogp_portal", "0001_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboundEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(help_text="What the e-mail is about and for whom; queuing it again creates nothing.", max_length=200, unique=True, verbose_name="idempotency key")),
                        ("to", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("language", models.CharField(default="es-cl", max_length=10, verbose_name="language")),
                        ("template", models.CharField(max_length=100, verbose_name="template")),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="context")),
                        ("unsubscribe_url", models.URLField(blank=True, max_length=500, verbose_name="unsubscribe address")),
                        ("status", models.CharField(choices=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")], default="queued", max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="queued at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "outbound e-mail",
                        "verbose_name_plural": "outbound e-mails",
                        "db_table": "ogp_portal_outboundemail",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(condition=models.Q(("status", "queued")), fields=["created_at"], name="outbound_email_queued")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ActivityLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="date")),
                ("action", models.CharField(max_length=100, verbose_name="action")),
                ("target_type", models.CharField(max_length=100, verbose_name="record type")),
                ("target_id", models.CharField(max_length=64, verbose_name="record")),
                ("is_public", models.BooleanField(default=False, verbose_name="public")),
                ("message", models.TextField(blank=True, verbose_name="what happened")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="details")),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="staff member")),
            ],
            options={
                "verbose_name": "activity log entry",
                "verbose_name_plural": "activity log",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["target_type", "target_id", "-at"], name="activity_target")],
            },
        ),
    ]
