"""Search reads a stored tsvector instead of computing one per row.

A word found in most proposals made PostgreSQL recompute to_tsvector for every
row (to rank them, and to recheck a lossy bitmap). The vector is now a column,
filled by a trigger on every insert and update (bulk inserts included), with a
GIN index; the old expression index goes. SQLite gets the column and no
trigger: it searches with LIKE on search_document."""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = [
    """
    CREATE FUNCTION proposal_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('spanish'::regconfig, COALESCE(NEW.search_document, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER proposal_search_vector BEFORE INSERT OR UPDATE OF search_document
    ON proposals_proposal FOR EACH ROW EXECUTE FUNCTION proposal_search_vector()
    """,
    "UPDATE proposals_proposal SET search_vector = "
    "to_tsvector('spanish'::regconfig, COALESCE(search_document, ''))",
    "CREATE INDEX proposal_search_vector ON proposals_proposal USING gin (search_vector)",
    "DROP INDEX IF EXISTS proposal_search",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS proposal_search ON proposals_proposal "
    "USING gin (to_tsvector('spanish'::regconfig, COALESCE(search_document, '')))",
    "DROP INDEX IF EXISTS proposal_search_vector",
    "DROP TRIGGER IF EXISTS proposal_search_vector ON proposals_proposal",
    "DROP FUNCTION IF EXISTS proposal_search_vector()",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0006_similar_proposals")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
