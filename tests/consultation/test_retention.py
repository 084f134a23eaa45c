"""Commenters' e-mails and who flagged are erased once their consultation
closed longer ago than the retention period; the public comments stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import Comment, CommentStatus, Flag
from core import retention, seeding
from tests.consultation.factories import CommentFactory, draft_plan

pytestmark = pytest.mark.django_db


def test_prune_erases_e_mails_of_old_consultations_only(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1
    old = draft_plan("past").commitments.first()  # closed two days ago
    current = draft_plan("open").commitments.first()
    kept = CommentFactory(commitment=old, email="vieja@example.org", text="Queda")
    CommentFactory(commitment=old, status=CommentStatus.PENDING)
    Flag.objects.create(comment=kept, reason="spam", flagger="a" * 64, note="x")
    fresh = CommentFactory(commitment=current, email="nueva@example.org")
    retention.prune_all(timezone.now())
    kept.refresh_from_db()
    assert (kept.email, kept.text, kept.status) == ("", "Queda", CommentStatus.PUBLISHED)
    assert Comment.objects.filter(plan=old.plan).count() == 1  # the unconfirmed one went
    assert Flag.objects.get().flagger == ""
    fresh.refresh_from_db()
    assert fresh.email == "nueva@example.org"
    retention.prune_all(timezone.now() + dt.timedelta(minutes=1))  # again: nothing breaks


def test_a_seeder_can_run_its_demonstration_after_another():
    names = [seeder.name for seeder in seeding.demo_order()]
    assert names.index("consultation") > names.index("tracking")
    assert names.index("worktables") < names.index("tracking")
