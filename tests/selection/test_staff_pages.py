"""The selection in the staff area: the list of a process's drafts with what
each member has still to do, the staff frame's entry and the start page's
pending cards, and the permissions the seed gives MGA staff."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from proposals.services import MODERATORS_GROUP
from selection import services
from tests.selection.factories import make_world, milestone, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def test_a_member_sees_each_draft_with_its_findings_and_what_is_left_to_do(client, world):
    faulty = world.add_draft(title="Borrador con un solo hito", milestones=[milestone(1)])
    score(world.civil, world.draft)
    client.force_login(world.civil.user)
    page = client.get(f"/gestion/seleccion/?plan={world.plan.slug}").content.decode()
    assert "Evalúas como Red de Sociedad Civil." in page
    assert f'href="/gestion/seleccion/borradores/{world.draft.pk}/"' in page
    assert f'href="/gestion/seleccion/borradores/{faulty.pk}/"' in page
    assert page.count("enviada") == 1 and page.count("<strong>pendiente</strong>") == 1
    assert "/decision/" not in page  # members score; MGA staff record the decision


def test_staff_who_decide_get_the_decide_links_and_the_early_publication(client, world):
    client.force_login(world.decider)
    page = client.get(f"/gestion/seleccion/?plan={world.plan.slug}").content.decode()
    assert f'href="/gestion/seleccion/borradores/{world.draft.pk}/decision/"' in page
    assert "Publicar ahora el informe de selección" in page
    services.decide(world.draft.pk, "selected", "Cumple.", world.decider)
    page = client.get(f"/gestion/seleccion/?plan={world.plan.slug}").content.decode()
    assert "Seleccionada" in page and "N.º 1" in page


def test_the_start_page_shows_what_is_pending(client, world):
    client.force_login(world.academia.user)
    home = client.get("/gestion/").content.decode()
    assert 'href="/gestion/seleccion/"' in home  # the staff frame's entry
    assert "borrador por evaluar" in home
    score(world.academia, world.draft)
    assert "0</span> borradores por evaluar" in client.get("/gestion/").content.decode()
    client.force_login(world.decider)
    home = client.get("/gestion/").content.decode()
    assert "1</span> borrador espera la decisión de la Mesa" in home
    assert "por evaluar" not in home  # no seat


def test_the_seed_lets_mga_staff_decide_and_keep_the_forums_record(seeded):
    group = Group.objects.get(name=MODERATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"decide_draft", "keep_forum_record"} <= codenames
