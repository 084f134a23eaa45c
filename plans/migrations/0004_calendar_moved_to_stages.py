"""The calendar's models moved to the stages app (stages.0001 takes over their
tables). Only Django's record changes here: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_subscriptions"),
        ("stages", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StageEvent"),
                migrations.DeleteModel(name="Stage"),
                migrations.DeleteModel(name="Subscription"),
            ],
            database_operations=[],
        ),
    ]
