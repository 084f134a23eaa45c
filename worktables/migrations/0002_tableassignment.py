"""Which table a proposal is assigned to moves from Proposal.worktable (owned
by proposals) to TableAssignment (owned here). Existing assignments are copied
before proposals.0004 drops the old column."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_assignments(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    TableAssignment = apps.get_model("worktables", "TableAssignment")
    rows = Proposal.objects.filter(worktable__isnull=False).values_list(
        "pk", "worktable_id", "status_changed_at"
    )
    TableAssignment.objects.bulk_create(
        [
            TableAssignment(proposal_id=pk, table_id=table_id, assigned_at=at)
            for pk, table_id, at in rows.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


def copy_back(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    TableAssignment = apps.get_model("worktables", "TableAssignment")
    for assignment in TableAssignment.objects.iterator(chunk_size=2000):
        Proposal.objects.filter(pk=assignment.proposal_id).update(worktable_id=assignment.table_id)


class Migration(migrations.Migration):
    dependencies = [
        ("worktables", "0001_initial"),
        ("proposals", "0003_newest_first_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TableAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("assigned_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="assigned at")),
                ("assigned_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="assigned by")),
                ("proposal", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="table_assignment", to="proposals.proposal", verbose_name="proposal")),
                ("table", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="assignments", to="worktables.worktable", verbose_name="work table")),
            ],
            options={
                "verbose_name": "proposal assigned to a table",
                "verbose_name_plural": "proposals assigned to tables",
                "ordering": ["table", "assigned_at"],
            },
        ),
        migrations.RunPython(copy_assignments, copy_back),
    ]
