"""The work tables' share of ``manage.py seed``: the MGA staff group may run
sessions and tables; and the demonstration process gets sessions, tables,
drafts and registrations (see core/seeding.py)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from proposals.services import MODERATORS_GROUP


def grant_staff_permission() -> None:
    """The moderators' group (created by proposals) also runs the sessions and
    work tables. Running it again changes nothing."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="worktables", codename="run_worktables")
    )
