"""The selection report and the forum's record in a real Chromium: with
every part shown (a selected and a not selected draft, an override, scores
named by the forum's rules, SMART findings; members with terms, the rules,
meetings with minutes and attendance, the six-month warning), both pages
pass axe-core at a phone's width and a desktop's, and fit a 360px screen.
As tests/browser/conftest.py explains, the data is written before the
browser opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from tests.browser.test_accessibility import VIEWPORTS, track_problems
from tests.browser.test_proposals import assert_accessible

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Sample:
    report: str
    vague_draft: str
    plan_slug: str
    draft_pk: int
    pending_pk: int


@pytest.fixture
def selection_sample(portal_url, settings, tmp_path_factory) -> Sample:
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import Forum, ForumMeeting
    from selection import services
    from tests.selection.factories import make_world, milestone, score

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # not where pages are written
    world = make_world()
    vague = world.add_draft(
        title="Promover una justicia más cercana",
        expected_results="",
        milestones=[milestone(1, title="Promover talleres", deliverable="", start_date=None)],
    )
    faulty = world.add_draft(
        title="Defensa penal en datos abiertos",
        milestones=[milestone(1), milestone(2, end_date=dt.date(2033, 6, 30))],
    )
    for seat in (world.presides, world.civil, world.academia):
        for draft in (world.draft, vague, faulty):
            score(seat, draft, potential="modest" if draft == vague else "substantial")
    services.assess(world.draft.pk, world.observer, services.Score(comment="Bien."))
    services.decide(world.draft.pk, "selected", "Cumple los criterios de OGP.", world.decider)
    services.decide(vague.pk, "not_selected", "No dice qué entregará ni cuándo.", world.decider)
    services.decide(
        faulty.pk,
        "selected",
        "Responde a una demanda de la sociedad civil.",
        world.decider,
        override_reason="La institución ajustará la fecha del segundo hito.",
    )
    # Undecided, with a finding: the decision screen shows its form and the override.
    pending = world.add_draft(title="Compras públicas abiertas", milestones=[milestone(1)])
    services.publish_report(world.plan)
    world.decider.user_permissions.add(Permission.objects.get(codename="keep_forum_record"))
    forum = Forum.objects.order_by("pk").first()
    forum.publish_member_scores = True
    forum.rules_adopted_on = dt.date(2018, 5, 2)
    forum.rules_document.save("r.pdf", SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n"))
    forum.save()
    members = list(forum.members.order_by("order"))
    members[0].term_start = dt.date(2022, 3, 11)
    members[1].term_start, members[1].term_end = dt.date(2020, 1, 1), dt.date(2021, 12, 31)
    for member in members[:2]:
        member.save()
    held = ForumMeeting.objects.create(
        forum=forum,
        held_on=dt.date.today() - dt.timedelta(days=250),  # overdue: the warning shows
        title="Sesión ordinaria N° 12",
        agenda="Selección de compromisos.\nConsulta pública.",
        minutes="Se acordó la lista de borradores.",
        guests="Equipo técnico de SEGPRES",
    )
    held.attendees.set(members[:3])
    held.minutes_document.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"))
    ForumMeeting.objects.create(
        forum=forum,
        held_on=dt.date.today() + dt.timedelta(days=20),
        title="Sesión extraordinaria",
        agenda="Borrador del plan.",
    )
    return Sample(
        report=f"/planes/{world.plan.slug}/seleccion/",
        vague_draft=vague.get_absolute_url(),
        plan_slug=world.plan.slug,
        draft_pk=world.draft.pk,
        pending_pk=pending.pk,
    )


@pytest.fixture
def pages(selection_sample, open_page):
    """The data first, then the browser."""
    return open_page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_report_the_forum_and_a_faulted_draft_have_no_axe_violations(
    pages, portal_url, selection_sample, viewport
):
    page = pages(VIEWPORTS[viewport])
    problems = track_problems(page)
    for what, path in [
        ("the selection report", selection_sample.report),
        ("the forum's record", "/mesa-de-gobierno-abierto/"),
        ("a draft with SMART findings", selection_sample.vague_draft),
    ]:
        response = page.goto(portal_url + path)
        assert response is not None and response.status == 200, path
        # Open the collapsed parts, so axe reads them too.
        for summary in page.locator("details > summary").all():
            summary.click()
        assert_accessible(page, what, viewport, problems)
    page.goto(portal_url + selection_sample.report)
    assert page.get_by_role("table").count() == 3  # each member's scores, by name
    page.goto(portal_url + "/mesa-de-gobierno-abierto/")
    assert page.get_by_text("La Mesa no se ha reunido en los últimos seis meses").count() == 1
