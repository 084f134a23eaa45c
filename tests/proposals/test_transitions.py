from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.models import OutboundEmail
from proposals.models import Proposal, ProposalEvent, Status
from proposals.services import Change, TransitionNotAllowed, bulk_transition, transition
from tests.conftest import require_service
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(username="moderadora", is_staff=True)


def test_publishing_records_who_when_and_why(staff):
    proposal = ProposalFactory()
    event = transition(proposal.pk, Change(Status.PUBLISHED, public_reason="Cumple"), staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert (event.from_status, event.to_status, event.actor, event.actor_role) == (
        "received",
        "published",
        staff,
        "moderator",
    )
    assert event.public_reason == "Cumple"


def test_not_admitting_needs_a_reason_and_publishes_it(staff):
    proposal = ProposalFactory()
    with pytest.raises(TransitionNotAllowed):
        transition(proposal.pk, Change(Status.NOT_ADMITTED), staff)
    event = transition(
        proposal.pk, Change(Status.NOT_ADMITTED, not_admitted_reason="out_of_scope"), staff
    )
    assert event.public_reason  # the reason's label when no text is given
    assert Proposal.objects.get().not_admitted_reason == "out_of_scope"


def test_a_status_that_does_not_allow_the_change_is_refused(staff):
    proposal = ProposalFactory(status=Status.SELECTED)
    with pytest.raises(TransitionNotAllowed):
        transition(proposal.pk, Change(Status.PUBLISHED), staff)
    assert not ProposalEvent.objects.exists()


def test_a_merged_proposal_keeps_its_trail_pointing_at_the_survivor(staff):
    survivor = ProposalFactory(status=Status.PUBLISHED)
    duplicate = ProposalFactory(plan=survivor.plan)
    transition(
        duplicate.pk,
        Change(Status.MERGED, merged_into=survivor, public_reason="Propone lo mismo"),
        staff,
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.events.get().related == survivor
    assert survivor.events.get().related == duplicate  # the survivor says what joined it


@pytest.mark.parametrize("case", ["itself", "other_plan", "merged_survivor"])
def test_impossible_merges_are_refused(staff, case):
    proposal = ProposalFactory()
    survivor = {
        "itself": proposal,
        "other_plan": ProposalFactory(),
        "merged_survivor": ProposalFactory(
            plan=proposal.plan,
            status=Status.MERGED,
            merged_into=ProposalFactory(plan=proposal.plan),
        ),
    }[case]
    with pytest.raises(TransitionNotAllowed):
        transition(proposal.pk, Change(Status.MERGED, merged_into=survivor), staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.RECEIVED


def test_a_decision_on_a_stale_page_is_refused_with_the_new_status(staff):
    proposal = ProposalFactory()
    transition(proposal.pk, Change(Status.PUBLISHED, expected_status="received"), staff)
    with pytest.raises(TransitionNotAllowed, match="Publicada|Published"):
        transition(
            proposal.pk,
            Change(Status.NOT_ADMITTED, expected_status="received", not_admitted_reason="other"),
            staff,
        )


def test_every_change_emails_the_proposer_once(staff, django_capture_on_commit_callbacks):
    from django.core import mail

    proposal = ProposalFactory(email="autora@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        event = transition(proposal.pk, Change(Status.PUBLISHED), staff)
    assert [m.to for m in mail.outbox] == [["autora@example.org"]]
    assert "Publicada" in mail.outbox[0].subject
    # A retried delivery sends nothing more.
    from core.tasks import send_emails

    send_emails(list(OutboundEmail.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.filter(key=f"proposal-status:{event.pk}").count() == 1


def test_bulk_changes_each_proposal_and_reports_the_ones_it_could_not(staff):
    fine = ProposalFactory.create_batch(3)
    final = ProposalFactory(status=Status.SELECTED)
    done, problems = bulk_transition(
        [p.pk for p in fine] + [final.pk], Change(Status.PUBLISHED), staff
    )
    assert done == 3
    assert len(problems) == 1 and final.tracking_code in problems[0]
    assert Proposal.objects.filter(status=Status.PUBLISHED).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_once_leave_one_consistent_story():
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    first, second = UserFactory(username="uno"), UserFactory(username="dos")
    proposal = ProposalFactory()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(user, change):
        try:
            barrier.wait()
            transition(proposal.pk, change, user)
            outcomes[user.username] = "done"
        except TransitionNotAllowed as refusal:
            outcomes[user.username] = str(refusal)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=(first, Change(Status.PUBLISHED, expected_status="received"))
        ),
        threading.Thread(
            target=act,
            args=(
                second,
                Change(
                    Status.NOT_ADMITTED, expected_status="received", not_admitted_reason="other"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()).count("done") == 1
    proposal.refresh_from_db()
    events = list(proposal.events.all())
    assert len(events) == 1
    assert events[0].to_status == proposal.status
    assert events[0].actor.username == next(k for k, v in outcomes.items() if v == "done")
