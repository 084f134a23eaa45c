from __future__ import annotations

import pytest

from proposals.models import Proposal, Status
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_queue_shows_what_is_pending_with_counts(moderator_client, demo):
    ProposalFactory.create_batch(3, plan=demo)
    ProposalFactory(plan=demo, status=Status.PUBLISHED)
    page = moderator_client.get("/gestion/propuestas/").content.decode()
    assert page.count('name="ids"') == 3
    assert ">3</span>" in page and ">1</span>" in page


@pytest.mark.parametrize("path", ["/gestion/propuestas/", "/gestion/propuestas/1/"])
def test_anonymous_people_are_sent_to_log_in(client, demo, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("path", ["/gestion/propuestas/", "/gestion/propuestas/1/"])
def test_staff_without_the_moderation_permission_are_refused(client, demo, path):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(path).status_code == 403


def test_bulk_post_needs_the_permission(client, demo):
    proposal = ProposalFactory(plan=demo)
    client.force_login(UserFactory(is_staff=True))
    response = client.post(
        "/gestion/propuestas/lote/", {"ids": [proposal.pk], "to_status": "published"}
    )
    assert response.status_code == 403
    assert Proposal.objects.get().status == Status.RECEIVED


def test_one_click_publish(moderator_client, demo, moderator):
    proposal = ProposalFactory(plan=demo)
    response = moderator_client.post(
        f"/gestion/propuestas/{proposal.pk}/",
        {"to_status": "published", "expected_status": "received"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert proposal.events.get().actor == moderator


def test_not_admitting_with_a_reason_from_the_list_and_free_text(moderator_client, demo):
    proposal = ProposalFactory(plan=demo)
    moderator_client.post(
        f"/gestion/propuestas/{proposal.pk}/",
        {
            "to_status": "not_admitted",
            "expected_status": "received",
            "not_admitted_reason": "personal_data",
            "public_reason": "Incluye el RUT de una persona.",
            "internal_note": "Avisar a la persona.",
        },
    )
    event = Proposal.objects.get().events.get()
    assert event.public_reason == "Incluye el RUT de una persona."
    assert event.internal_note == "Avisar a la persona."
    page = moderator_client.get(f"/gestion/propuestas/{proposal.pk}/").content.decode()
    assert "Avisar a la persona." in page


def test_a_refused_decision_is_explained(moderator_client, demo):
    proposal = ProposalFactory(plan=demo, status=Status.PUBLISHED)
    response = moderator_client.post(
        f"/gestion/propuestas/{proposal.pk}/",
        {
            "to_status": "not_admitted",
            "expected_status": "received",
            "not_admitted_reason": "other",
        },
        follow=True,
    )
    assert (
        "a moment ago" in response.content.decode()
        or "hace un momento" in response.content.decode()
    )
    assert Proposal.objects.get().status == Status.PUBLISHED


def test_merge_into_another_by_its_code(moderator_client, demo):
    survivor = ProposalFactory(plan=demo, status=Status.PUBLISHED, tracking_code="GAD-AAAA-2222")
    duplicate = ProposalFactory(plan=demo)
    moderator_client.post(
        f"/gestion/propuestas/{duplicate.pk}/",
        {
            "to_status": "merged",
            "merged_into": "gad-aaaa-2222",
            "public_reason": "Es la misma idea",
        },
    )
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor


def test_bulk_publish(moderator_client, demo):
    proposals = ProposalFactory.create_batch(4, plan=demo)
    moderator_client.post(
        "/gestion/propuestas/lote/",
        {
            "ids": [p.pk for p in proposals[:3]],
            "to_status": "published",
            "expected_status": "received",
        },
    )
    assert Proposal.objects.filter(status=Status.PUBLISHED).count() == 3


def test_the_moderation_page_shows_the_private_data_to_staff(moderator_client, demo):
    proposal = ProposalFactory(plan=demo, email="privado@example.org")
    page = moderator_client.get(f"/gestion/propuestas/{proposal.pk}/").content.decode()
    assert "privado@example.org" in page


def test_the_queue_query_count_does_not_grow(moderator_client, demo, django_assert_max_num_queries):
    ProposalFactory.create_batch(3, plan=demo)
    with django_assert_max_num_queries(12):
        moderator_client.get("/gestion/propuestas/")
    ProposalFactory.create_batch(60, plan=demo)
    with django_assert_max_num_queries(12):
        moderator_client.get("/gestion/propuestas/")
