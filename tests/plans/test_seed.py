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


def test_it_loads_only_the_two_commitments_the_source_gives(seeded):
    commitments = Commitment.objects.select_related("plan", "responsible_institution")
    assert sorted(
        (c.plan.number, c.number, c.responsible_institution.name) for c in commitments
    ) == [
        (4, 3, "Defensoría Penal Pública"),
        (4, 10, "Consejo para la Transparencia"),
    ]
    justicia = commitments.get(number=3)
    assert justicia.title == "Justicia Abierta"
    assert justicia.milestones.count() == 5
    assert "Red de Lenguaje Claro" in {actor.name for actor in justicia.actors.all()}


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
    assert not Commitment.objects.filter(plan__origin=Origin.DEMO).exists()


def test_it_creates_the_group_that_lets_staff_moderate(seeded):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Mesa de Gobierno Abierto: moderación")
    assert group.permissions.filter(codename="moderate_proposal").exists()
