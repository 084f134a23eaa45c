"""Progress updates are dated entries that pile up: nothing is overwritten, and
a milestone's and a commitment's reported progress are derived from the
latest public, undisputed updates, next to (never into) the IRM's figures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage

from core.models import ActivityLog
from plans.models import Commitment, Completion
from tests.core.factories import UserFactory
from tests.plans.factories import CommitmentFactory, MilestoneFactory
from tracking import selectors, services
from tracking.models import CurrentProgress, Evidence, ProgressUpdate

from .factories import link, report, upload

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 6, 15)


def reported(commitment) -> tuple[str, int]:
    row = selectors.with_progress(Commitment.objects.filter(pk=commitment.pk), TODAY).get()
    return row.reported_status, row.progress


def current(milestone) -> str:
    row = CurrentProgress.objects.filter(milestone=milestone).first()
    return row.status if row else Completion.NO_EVIDENCE


def test_a_new_update_never_changes_an_earlier_one():
    milestone = MilestoneFactory()
    with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        first = report(milestone, "limited", "Primera reunión realizada.", links=[link()])
    with time_machine.travel(dt.datetime(2031, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        report(milestone, "complete", "Informe publicado.")

    first.refresh_from_db()
    assert (first.status, first.note) == ("limited", "Primera reunión realizada.")
    assert first.evidence.get().url == "https://example.org/acta.pdf"
    assert list(milestone.progress_updates.values_list("status", flat=True)) == [
        "complete",
        "limited",
    ]
    assert current(milestone) == "complete"


def test_nothing_reported_means_no_evidence_available():
    commitment = CommitmentFactory()
    MilestoneFactory(commitment=commitment)
    assert reported(commitment) == ("no_evidence", 0)


@pytest.mark.parametrize(
    "statuses, expected",
    [
        (["not_started", None], ("not_started", 0)),
        (["limited", None], ("limited", 16)),
        (["complete", None], ("substantial", 50)),
        (["substantial", "limited"], ("substantial", 50)),
        (["limited", "limited"], ("limited", 33)),
        (["complete", "complete"], ("complete", 100)),
    ],
)
def test_a_commitments_progress_is_derived_from_its_milestones(statuses, expected):
    commitment = CommitmentFactory()
    for number, status in enumerate(statuses, start=1):
        milestone = MilestoneFactory(commitment=commitment, number=number)
        if status:
            report(milestone, status)
    assert reported(commitment) == expected


def test_the_irm_assessment_is_never_overwritten():
    commitment = CommitmentFactory(completion=Completion.LIMITED)
    milestone = MilestoneFactory(commitment=commitment, completion=Completion.NOT_STARTED)
    report(milestone, "complete")
    commitment.refresh_from_db()
    milestone.refresh_from_db()
    assert commitment.completion == Completion.LIMITED
    assert milestone.completion == Completion.NOT_STARTED
    assert reported(commitment) == ("complete", 100)


def test_a_disputed_update_stays_but_no_longer_counts():
    milestone = MilestoneFactory()
    reviewer = UserFactory(is_staff=True)
    report(milestone, "limited")
    claimed = report(milestone, "complete")

    services.dispute(claimed.pk, "El informe citado no está publicado.", reviewer)

    claimed.refresh_from_db()
    assert claimed.is_disputed and claimed.status == "complete"
    assert claimed.dispute_note == "El informe citado no está publicado."
    assert current(milestone) == "limited"
    entry = ActivityLog.objects.get(action="progress.disputed")
    assert entry.is_public and entry.actor == reviewer and entry.target_id == str(claimed.pk)


def test_an_update_cannot_be_disputed_twice_nor_without_a_reason():
    update = report(MilestoneFactory(), "complete")
    with pytest.raises(services.NotAllowed):
        services.dispute(update.pk, "   ", None)
    services.dispute(update.pk, "Sin respaldo.", None)
    with pytest.raises(services.NotAllowed):
        services.dispute(update.pk, "Otra vez.", None)
    assert ActivityLog.objects.filter(action="progress.disputed").count() == 1


def test_a_withdrawn_update_is_kept_but_leaves_the_public_record():
    milestone = MilestoneFactory()
    update = report(milestone, "complete")
    services.withdraw(update.pk, "El archivo muestra datos personales.", None)
    update.refresh_from_db()
    assert not update.is_public and update.withdrawn_reason
    assert current(milestone) == Completion.NO_EVIDENCE
    assert not selectors.public_updates().filter(pk=update.pk).exists()
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_the_report_is_logged_with_its_institution():
    milestone = MilestoneFactory()
    officer = UserFactory(is_staff=True)
    update = report(milestone, "limited", author=officer)
    assert update.institution == milestone.commitment.responsible_institution
    entry = ActivityLog.objects.get(action="progress.reported")
    assert entry.actor == officer and entry.is_public


def test_no_evidence_available_cannot_be_reported():
    with pytest.raises(services.NotAllowed):
        report(MilestoneFactory(), "no_evidence")


def test_a_file_is_stored_under_a_name_the_portal_chose():
    milestone = MilestoneFactory()
    from tracking import files

    evidence_upload = upload("../../etc/Acta Sesión 1.pdf")
    update = report(
        milestone,
        files=[services.File(evidence_upload, files.detect(evidence_upload), "Acta sesión 1")],
    )
    evidence = update.evidence.get()
    assert evidence.file.name.startswith("evidence/")
    assert evidence.file.name.endswith(".pdf")
    assert "Acta" not in evidence.file.name and ".." not in evidence.file.name
    assert evidence.content_type == "application/pdf"
    assert len(evidence.sha256) == 64
    assert default_storage.exists(evidence.file.name)


def test_a_failed_report_leaves_no_file_behind(monkeypatch):
    from tracking import files

    milestone = MilestoneFactory()
    stored = []
    original = Evidence.save

    def save_then_fail(self, *args, **kwargs):
        stored.append(self.file.name)
        original(self, *args, **kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Evidence, "save", save_then_fail)
    evidence_upload = upload()
    with pytest.raises(RuntimeError):
        report(milestone, files=[services.File(evidence_upload, files.detect(evidence_upload))])
    assert stored and not default_storage.exists(stored[0])
    assert not ProgressUpdate.objects.exists()
