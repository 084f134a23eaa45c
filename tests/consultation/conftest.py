from __future__ import annotations

import pytest

from tests.consultation.factories import draft_plan


@pytest.fixture
def plan(db):
    return draft_plan()


@pytest.fixture
def commitment(plan):
    return plan.commitments.get(number=1)


@pytest.fixture(autouse=True)
def _no_minimum_time(monkeypatch):
    """Forms are filled at once here; the minimum time has its own test."""
    from consultation import forms

    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)
