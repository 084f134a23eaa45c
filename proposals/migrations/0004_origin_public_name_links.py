"""Proposals carry their origin (copied from the plan) and the name the public
may see; the work table assignment has moved to worktables.TableAssignment
(worktables.0002 copied it before the column goes); trail steps can link to
what another app owns."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    ActionPlan = apps.get_model("plans", "ActionPlan")
    plan_origin = ActionPlan.objects.filter(pk=OuterRef("plan_id")).values("origin")[:1]
    Proposal.objects.update(origin=Subquery(plan_origin))
    Proposal.objects.filter(show_name=True).update(public_name=F("name"))


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_calendar_moved_to_stages'),
        ('proposals', '0003_newest_first_index'),
        ('worktables', '0002_tableassignment'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='proposal',
            name='worktable',
        ),
        migrations.AddField(
            model_name='proposal',
            name='origin',
            field=models.CharField(choices=[('official', 'Official record'), ('demo', 'Demonstration'), ('synthetic', 'Synthetic data')], default='official', max_length=10, verbose_name='origin'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='personal_data_erased_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='personal data erased at'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='public_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='public name'),
        ),
        migrations.AddField(
            model_name='proposalevent',
            name='link_label',
            field=models.CharField(blank=True, max_length=300, verbose_name='link text'),
        ),
        migrations.AddField(
            model_name='proposalevent',
            name='link_url',
            field=models.CharField(blank=True, max_length=300, verbose_name='link address'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('status__in', ['published', 'assigned', 'integrated', 'selected', 'not_selected', 'merged'])), fields=['origin', '-created_at', '-id'], name='proposal_public_newest'),
        ),
        # After the index: PostgreSQL refuses to build an index on a table
        # whose rows this transaction changed (pending trigger events).
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
