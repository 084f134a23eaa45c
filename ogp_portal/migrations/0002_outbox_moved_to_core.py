"""The outbox model moved to the core app (core.0001 takes it over). Only
Django's record of the models changes here: the table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ogp_portal", "0001_outbox"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboundEmail")],
            database_operations=[],
        ),
    ]
