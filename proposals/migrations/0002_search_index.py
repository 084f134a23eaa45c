from django.db import migrations

# Full-text search in Spanish on PostgreSQL. The expression is exactly what
# Django's SearchVector("search_document", config="spanish") produces, so the
# planner uses this index. Other databases search with LIKE on the same column.
INDEX = (
    "CREATE INDEX IF NOT EXISTS proposal_search ON proposals_proposal "
    "USING gin (to_tsvector('spanish'::regconfig, COALESCE(search_document, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proposal_search")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
