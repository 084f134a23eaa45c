from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command

from core.models import Origin
from plans.models import ActionPlan, Commitment, Forum, ForumMember, Institution, Milestone
from stages.models import Stage, StageKind
from tests.helpers import create_demo_process

pytestmark = pytest.mark.django_db
SANTIAGO = zoneinfo.ZoneInfo("America/Santiago")


def _snapshot():
    models = [ActionPlan, Commitment, Milestone, Stage, Institution, Forum, ForumMember]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def test_it_loads_chiles_five_plans_with_their_published_counts(seeded):
    plans = ActionPlan.objects.filter(origin=Origin.OFFICIAL).order_by("number")
    assert [(p.number, p.period, p.published_commitment_count) for p in plans] == [
        (1, "2012-2013", 19),
        (2, "2014-2016", 12),
        (3, "2016-2018", 19),
        (4, "2018-2020", 12),
        (5, "2020-2022", 10),
    ]


def test_it_loads_only_the_commitments_its_sources_give(seeded):
    commitments = Commitment.objects.select_related("plan", "responsible_institution")
    assert sorted(
        (c.plan.number, c.number, c.responsible_institution.name) for c in commitments
    ) == [
        (4, 3, "Defensoría Penal Pública"),
        (4, 10, "Consejo para la Transparencia"),
        (5, 1, "Dirección de Compras y Contratación Pública"),
        (5, 6, "Corte Suprema de Justicia"),
        (5, 7, "Congreso Nacional"),
        (5, 8, "Congreso Nacional"),
        (5, 10, "Ministerio del Medio Ambiente"),
    ]
    justicia = commitments.get(number=3)
    assert justicia.title == "Justicia Abierta"
    assert justicia.milestones.count() == 5
    assert "Red de Lenguaje Claro" in {actor.name for actor in justicia.actors.all()}


FIFTH_PLAN_ON_OGP = [
    # number, OGP identifier, title as OGP publishes it
    (1, "CL0063", "Improving accessibility of public procurement data"),
    (6, "CL0068", "Open Justice in the Judiciary"),
    (7, "CL0069", "Design integrated legislative information platform"),
    (8, "CL0070", "Transparency of the National Congress"),
    (10, "CL0072", "Transparency in Public Climate Investment"),
]


def test_it_loads_the_fifth_plans_commitments_confirmed_by_ogp_and_nothing_invented(seeded):
    commitments = Commitment.objects.filter(plan__number=5, plan__origin=Origin.OFFICIAL)
    assert [(c.number, c.ogp_id, c.title) for c in commitments] == FIFTH_PLAN_ON_OGP
    for commitment in commitments:
        assert (commitment.problem, commitment.description, commitment.expected_results) == (
            "",
            "",
            "",
        )
        assert not commitment.ogp_values and commitment.completion == ""
        assert not commitment.milestones.exists() and not commitment.actors.exists()
        page = f"https://www.opengovpartnership.org/members/chile/commitments/{commitment.ogp_id}/"
        assert page in commitment.source_note


def test_it_never_overwrites_a_fuller_text_imported_later(seeded):
    commitment = Commitment.objects.get(ogp_id="CL0068")
    Commitment.objects.filter(pk=commitment.pk).update(
        title="Justicia Abierta en el Poder Judicial", description="Texto oficial.", source_note=""
    )
    Milestone.objects.create(commitment=commitment, number=1, title="Hito oficial")
    before = _snapshot()
    call_command("seed")
    assert _snapshot() == before


def test_it_loads_the_exact_2020_calendar(seeded):
    fifth = ActionPlan.objects.get(number=5, origin=Origin.OFFICIAL)
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    assert reception.starts_at == dt.datetime(2020, 8, 10, tzinfo=SANTIAGO)
    assert reception.last_moment.astimezone(SANTIAGO).date() == dt.date(2020, 8, 24)
    assert reception.ends_at == dt.datetime(2020, 8, 25, tzinfo=SANTIAGO)
    assert fifth.stages.count() == 7
    publication = fifth.stages.get(kind=StageKind.PUBLICATION)
    assert publication.last_moment.astimezone(SANTIAGO).date() == dt.date(2020, 12, 31)


def test_it_loads_the_mesa_de_gobierno_abierto(seeded):
    forum = Forum.objects.get()
    assert forum.established_on == dt.date(2017, 7, 31)
    roles = [member.role for member in forum.members.all()]
    assert roles == ["presides", "civil_society", "academia", "observer", "observer"]
    presides = forum.members.get(role=ForumMember.Role.PRESIDES)
    assert presides.position == "Subsecretario General de la Presidencia"


def test_running_it_twice_changes_nothing(seeded):
    before = _snapshot()
    call_command("seed")
    assert _snapshot() == before


def test_it_restores_a_stage_date_that_was_edited_by_mistake(seeded):
    stage = Stage.objects.get(plan__number=5, kind=StageKind.RECEPTION)
    Stage.objects.filter(pk=stage.pk).update(starts_at=stage.starts_at - dt.timedelta(days=3))
    call_command("seed")
    stage.refresh_from_db()
    assert stage.starts_at == dt.datetime(2020, 8, 10, tzinfo=SANTIAGO)


def test_the_demo_process_has_reception_open_today_and_later_stages_ahead(seeded):
    today = dt.date(2026, 11, 23)
    plan = create_demo_process(today)
    noon = dt.datetime(2026, 11, 23, 12, tzinfo=SANTIAGO)
    open_kinds = set(Stage.objects.open_at(noon).filter(plan=plan).values_list("kind", flat=True))
    assert StageKind.RECEPTION in open_kinds
    later = plan.stages.exclude(kind__in=[StageKind.AWARENESS, StageKind.RECEPTION])
    assert all(stage.starts_at > noon for stage in later)
    assert plan.origin == Origin.DEMO and plan.number is None


def test_the_demo_process_never_mixes_with_official_plans(seeded):
    create_demo_process()
    create_demo_process()
    assert ActionPlan.objects.filter(origin=Origin.DEMO).count() == 1
    assert ActionPlan.objects.filter(origin=Origin.OFFICIAL).count() == 5
    # The follow-up's demonstration (tracking/demo.py) gives the demo plan two
    # commitments of a demonstration institution, once however often it runs.
    assert Commitment.objects.filter(plan__origin=Origin.DEMO).count() == 2
    assert not Commitment.objects.filter(
        plan__origin=Origin.OFFICIAL, responsible_institution__origin=Origin.DEMO
    ).exists()


def test_it_creates_the_group_that_lets_staff_moderate(seeded):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Mesa de Gobierno Abierto: moderación")
    assert group.permissions.filter(codename="moderate_proposal").exists()
