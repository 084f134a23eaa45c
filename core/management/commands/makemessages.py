"""Django's makemessages without fuzzy guesses: a new string whose English
resembles an old one must be translated, not shipped with the old translation
marked fuzzy (which gettext then ignores at run time)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
