from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Similar proposals (proposals.selectors.similar_proposals) compare the title
# and the start of the problem by trigram similarity. These GIN indexes serve
# the ``%`` operator on exactly the expressions the selector builds, so the
# look-up stays fast at 100 000 proposals. Other databases compare shared
# words instead and need no index.
INDEXES = {
    "proposal_title_trgm": "(title) gin_trgm_ops",
    "proposal_problem_trgm": "(LEFT(problem, 200)) gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, expression in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal USING gin ({expression})"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_drafts_and_title_order")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
