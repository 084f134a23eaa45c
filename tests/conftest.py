from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def seeded(db):
    """Chile's reference data, as `manage.py seed` loads it."""
    call_command("seed")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="moderadora", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
