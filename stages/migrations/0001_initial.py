"""The stages app takes over the calendar's tables from plans: the same tables
and rows (plans_stage, plans_stageevent, plans_subscription); only Django's
record of which app owns them changes. plans.0004 drops them from plans' record."""

import secrets

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


def _new_token():
    return secrets.token_urlsafe(32)


MOVED = ["stage", "stageevent", "subscription"]


def move_content_types(apps, schema_editor):
    # Permissions granted on these models follow them to their new app.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="stages", model=model).exists():
            ContentType.objects.filter(app_label="plans", model=model).update(app_label="stages")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plans", "0003_subscriptions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Stage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("awareness", "Awareness sessions"), ("reception", "Proposal reception"), ("worktables", "Work tables"), ("results", "Publication of the work tables' results"), ("selection", "Selection of proposals"), ("consultation", "Public consultation of the draft plan"), ("publication", "Publication of the action plan")], max_length=20, verbose_name="stage")),
                        ("starts_at", models.DateTimeField(verbose_name="opens")),
                        ("ends_at", models.DateTimeField(verbose_name="closes")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="stages", to="plans.actionplan", verbose_name="plan")),
                    ],
                    options={
                        "verbose_name": "calendar stage",
                        "verbose_name_plural": "calendar stages",
                        "db_table": "plans_stage",
                        "ordering": ["plan", "starts_at", "ends_at"],
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "kind"), name="one_stage_per_kind", violation_error_message="This plan already has a stage of this kind."),
                            models.CheckConstraint(condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="stage_ends_after_start", violation_error_message="A stage must close after it opens."),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="StageEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("edge", models.CharField(choices=[("start", "Opens"), ("closing_soon", "Closes soon"), ("end", "Closes")], max_length=20, verbose_name="moment")),
                        ("due_at", models.DateTimeField(verbose_name="due at")),
                        ("fired_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="handled at")),
                        ("result", models.CharField(choices=[("done", "Effects carried out"), ("skipped", "Too old to act on")], max_length=10, verbose_name="result")),
                        ("log", models.TextField(blank=True, verbose_name="what was done")),
                        ("stage", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="events", to="stages.stage", verbose_name="stage")),
                    ],
                    options={
                        "verbose_name": "calendar event",
                        "verbose_name_plural": "calendar events",
                        "db_table": "plans_stageevent",
                        "ordering": ["-fired_at", "-id"],
                        "constraints": [models.UniqueConstraint(fields=("stage", "edge", "due_at"), name="one_event_per_edge_time")],
                    },
                ),
                migrations.CreateModel(
                    name="Subscription",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail")),
                        ("token", models.CharField(default=_new_token, max_length=64, unique=True, verbose_name="token")),
                        ("language", models.CharField(default="es-cl", max_length=10, verbose_name="language")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="confirmed at")),
                        ("unsubscribed_at", models.DateTimeField(blank=True, null=True, verbose_name="unsubscribed at")),
                    ],
                    options={
                        "verbose_name": "notice subscription",
                        "verbose_name_plural": "notice subscriptions",
                        "db_table": "plans_subscription",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [models.UniqueConstraint(django.db.models.functions.text.Lower("email"), name="unique_subscription_email")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
