"""Each member of the Mesa scores each draft in the IRM's terms: they see the
others' scores only once they have submitted their own, a second submission
changes the first (and the history keeps both), and an observer comments
without scoring."""

from __future__ import annotations

import pytest

from selection import services
from selection.models import Assessment, AssessmentRevision
from tests.selection.factories import make_world, score, staff

pytestmark = pytest.mark.django_db

GOOD = {
    "verifiable": "yes",
    "values": ["transparency", "accountability"],
    "potential": "substantial",
    "feasibility": "medium",
    "comment": "Conviene sumar al Consejo para la Transparencia.",
}


@pytest.fixture
def world(db):
    return make_world()


def page_as(client, user, draft) -> str:
    client.force_login(user)
    response = client.get(f"/gestion/seleccion/borradores/{draft.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_sees_the_others_scores_only_after_scoring(client, world):
    score(world.civil, world.draft, potential="modest", comment="Le falta presupuesto.")
    before = page_as(client, world.academia.user, world.draft)
    assert "Verás los puntajes de los demás integrantes cuando hayas enviado el tuyo" in before
    assert "Le falta presupuesto." not in before
    assert "Red de Sociedad Civil" not in before
    assert "Evaluado por" not in before  # not even the totals

    client.post(f"/gestion/seleccion/borradores/{world.draft.pk}/", GOOD)
    after = page_as(client, world.academia.user, world.draft)
    assert "Verás los puntajes" not in after
    assert "Le falta presupuesto." in after
    assert "Red de Sociedad Civil" in after
    assert "Evaluado por" in after and "2 integrantes" in after


def test_a_second_submission_changes_the_first_and_the_history_keeps_both(client, world):
    client.force_login(world.civil.user)
    url = f"/gestion/seleccion/borradores/{world.draft.pk}/"
    first = client.post(url, GOOD)
    assert first["Location"] == url
    client.post(url, {**GOOD, "verifiable": "no", "potential": "unclear", "comment": ""})
    assessment = Assessment.objects.get()  # one per member and draft
    assert (assessment.verifiable, assessment.potential, assessment.revision) == (
        False,
        "unclear",
        2,
    )
    revisions = list(AssessmentRevision.objects.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].content["potential"] == "substantial"
    assert revisions[1].content["potential"] == "unclear"
    assert all(r.author == world.civil.user for r in revisions)
    page = client.get(url).content.decode()
    assert "Cambia tu evaluación" in page
    assert "Versión 1," in page and "Versión 2," in page


def test_an_observer_comments_but_cannot_score(client, world):
    with pytest.raises(services.SelectionRefused, match="pueden comentar un borrador, pero no"):
        score(world.observer, world.draft)
    assert not Assessment.objects.exists()

    page = page_as(client, world.observer.user, world.draft)
    assert "Tu comentario" in page
    assert 'name="potential"' not in page and 'name="verifiable"' not in page
    # Scores sent anyway are not taken: only the comment is.
    client.post(
        f"/gestion/seleccion/borradores/{world.draft.pk}/",
        {**GOOD, "comment": "Falta la mirada regional."},
    )
    comment = Assessment.objects.get(member=world.observer)
    assert not comment.is_score
    assert (comment.verifiable, comment.potential, comment.feasibility) == (None, "", "")
    assert comment.comment == "Falta la mirada regional."


def test_a_member_must_score_every_criterion(client, world):
    with pytest.raises(services.SelectionRefused, match="Evalúa cada criterio"):
        services.assess(world.draft.pk, world.civil, services.Score(comment="Solo comento."))
    client.force_login(world.civil.user)
    response = client.post(
        f"/gestion/seleccion/borradores/{world.draft.pk}/", {**GOOD, "potential": ""}
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_an_odd_choice_is_refused(world):
    with pytest.raises(services.SelectionRefused):
        services.assess(
            world.draft.pk,
            world.civil,
            services.Score(True, ("transparency",), "enormous", "high"),
        )


def test_assessments_close_once_the_mesa_decides(client, world):
    services.decide(world.draft.pk, "not_selected", "No cabe en este plan.", world.decider)
    with pytest.raises(services.SelectionRefused, match="sus evaluaciones están cerradas"):
        score(world.civil, world.draft)
    page = page_as(client, world.civil.user, world.draft)
    assert "La Mesa decidió: No seleccionada. Las evaluaciones están cerradas." in page


def test_staff_who_decide_without_a_seat_see_every_assessment(client, world):
    score(world.civil, world.draft, comment="Le falta presupuesto.")
    page = page_as(client, world.decider, world.draft)
    assert "Le falta presupuesto." in page
    assert "Tu evaluación" not in page


def test_staff_without_a_seat_or_the_permission_are_refused(client, world):
    client.force_login(staff("otra-persona"))
    assert client.get("/gestion/seleccion/").status_code == 403
    assert client.get(f"/gestion/seleccion/borradores/{world.draft.pk}/").status_code == 403


def test_a_seat_whose_term_ended_no_longer_scores(client, world):
    import datetime as dt

    world.civil.term_end = dt.date(2020, 1, 1)
    world.civil.save()
    client.force_login(world.civil.user)
    assert client.get("/gestion/seleccion/").status_code == 403
