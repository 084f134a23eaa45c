from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.commitment_io import ImportFailed, import_commitments


class Command(BaseCommand):
    help = (
        "Import commitments from a CSV or JSON file in the portal's export format "
        "(see README). The whole file is imported, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            choices=["csv", "json"],
            help="Defaults to the file's extension.",
        )

    def handle(self, *args, path: Path, format: str | None = None, **options):
        file_format = format or path.suffix.lstrip(".").lower()
        if file_format not in {"csv", "json"}:
            raise CommandError(_("Use a .csv or .json file, or say --format csv|json."))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": error.strerror}
            ) from None
        try:
            count = import_commitments(data, file_format)
        except ImportFailed as failure:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(failure.errors)
            ) from None
        message = ngettext(
            "Imported %(count)s commitment.", "Imported %(count)s commitments.", count
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count}))
