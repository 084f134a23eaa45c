from __future__ import annotations

import pytest
from django.core.management import call_command

from core import synthetic
from core.models import Origin
from plans import selectors as plan_selectors
from plans.models import ActionPlan, Commitment, ForumMember, Institution, Milestone
from stages import selectors
from stages.models import Stage, StageKind
from tests.helpers import create_demo_process
from tests.plans.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def synthetic_plans():
    return ActionPlan.objects.filter(origin=Origin.SYNTHETIC)


def snapshot() -> dict[str, list]:
    """Every non-synthetic row, as plain values, to compare before and after."""
    real_plans = ActionPlan.objects.exclude(origin=Origin.SYNTHETIC)
    return {
        "plans": list(real_plans.order_by("pk").values()),
        "stages": list(Stage.objects.filter(plan__in=real_plans).order_by("pk").values()),
        "commitments": list(Commitment.objects.filter(plan__in=real_plans).order_by("pk").values()),
        "milestones": list(
            Milestone.objects.filter(commitment__plan__in=real_plans).order_by("pk").values()
        ),
        "actors": list(
            Commitment.actors.through.objects.filter(commitment__plan__in=real_plans)
            .order_by("pk")
            .values()
        ),
        "institutions": list(
            Institution.objects.exclude(origin=Origin.SYNTHETIC).order_by("pk").values()
        ),
        "forum_members": list(ForumMember.objects.order_by("pk").values()),
    }


def test_it_creates_the_numbers_asked_for():
    call_command("synthetic", plans=3, commitments=4, milestones=2)

    assert synthetic_plans().count() == 3
    assert Commitment.objects.filter(plan__origin=Origin.SYNTHETIC).count() == 12
    assert Milestone.objects.filter(commitment__plan__origin=Origin.SYNTHETIC).count() == 24
    for plan in synthetic_plans():
        assert sorted(plan.commitments.values_list("number", flat=True)) == [1, 2, 3, 4]
        assert sorted(plan.stages.values_list("kind", flat=True)) == sorted(StageKind.values)
        for commitment in plan.commitments.all():
            assert sorted(commitment.milestones.values_list("number", flat=True)) == [1, 2]


def test_generate_returns_a_summary_of_what_it_made():
    summary = synthetic.generate_all({"plans": 2, "commitments": 5, "milestones": 3}, seed=1)

    assert summary["plans"] == 2
    assert summary["commitments"] == 10
    assert summary["milestones"] == 30
    assert summary["stages"] == 14
    assert summary["institutions"] == Institution.objects.count()
    assert summary["actors"] == Commitment.actors.through.objects.count()


def test_everything_it_makes_is_labelled_synthetic():
    call_command("synthetic", plans=2, commitments=20, milestones=3)

    assert ActionPlan.objects.exclude(origin=Origin.SYNTHETIC).count() == 0
    for plan in ActionPlan.objects.all():
        assert plan.title.startswith("[Sintético]")
        assert plan.slug.startswith("sintetico-")
        assert plan.number is None
    assert Institution.objects.count() > 0
    for institution in Institution.objects.all():
        assert institution.origin == Origin.SYNTHETIC
        assert institution.name.startswith("[Sintético]")


def test_its_texts_values_and_dates_are_plausible():
    call_command("synthetic", plans=4, commitments=25, milestones=4)

    for commitment in Commitment.objects.select_related("plan"):
        assert commitment.title and commitment.description and commitment.problem
        assert commitment.ogp_values, "every commitment serves at least one OGP value"
        plan = commitment.plan
        for milestone in commitment.milestones.all():
            assert plan.period_start <= milestone.start_date <= milestone.end_date
            assert milestone.end_date <= plan.period_end
        last_stage = max(stage.ends_at for stage in plan.stages.all())
        first_milestone = min(m.start_date for m in commitment.milestones.all())
        assert last_stage.date() < first_milestone, "milestones follow co-creation"


def test_the_same_seed_gives_the_same_data():
    def made():
        return list(
            Commitment.objects.order_by("plan__slug", "number").values_list(
                "plan__slug", "plan__start_year", "title", "responsible_institution__name"
            )
        )

    call_command("synthetic", plans=2, commitments=5, seed=7)
    first = made()
    call_command("synthetic", clear=True, plans=2, commitments=5, seed=7)
    assert made() == first
    call_command("synthetic", clear=True, plans=2, commitments=5, seed=8)
    assert made() != first


def test_running_it_again_adds_more_without_clashing():
    call_command("synthetic", plans=2, commitments=3)
    call_command("synthetic", plans=2, commitments=3)

    assert synthetic_plans().count() == 4
    assert len(set(synthetic_plans().values_list("slug", flat=True))) == 4


def test_clear_deletes_only_synthetic_rows(seeded):
    create_demo_process()
    official = ActionPlan.objects.get(origin=Origin.OFFICIAL, number=5)
    CommitmentFactory(plan=official, number=2)  # 1 is CL0063, from the seed
    before = snapshot()
    assert before["plans"] and before["commitments"] and before["milestones"]

    call_command("synthetic", plans=3, commitments=10, milestones=2)
    assert synthetic_plans().count() == 3
    call_command("synthetic", clear=True)

    assert synthetic_plans().count() == 0
    assert Institution.objects.filter(origin=Origin.SYNTHETIC).count() == 0
    assert snapshot() == before


def test_clear_keeps_a_synthetic_institution_a_real_commitment_uses(seeded):
    call_command("synthetic", plans=1, commitments=2)
    borrowed = Institution.objects.filter(origin=Origin.SYNTHETIC).first()
    commitment = CommitmentFactory(plan=ActionPlan.objects.get(number=4))
    commitment.actors.add(borrowed)

    call_command("synthetic", clear=True)

    assert synthetic_plans().count() == 0
    assert list(commitment.actors.all()) == [borrowed]


def test_synthetic_plans_are_never_official(seeded):
    call_command("synthetic", plans=3, commitments=2)

    official = plan_selectors.official_plans()
    assert official.count() == 5
    assert not official.filter(origin=Origin.SYNTHETIC).exists()
    assert selectors.current_process() is None or (
        selectors.current_process().origin != Origin.SYNTHETIC
    )


def test_the_plans_page_lists_them_only_as_demonstration_and_test(client, seeded):
    create_demo_process()
    call_command("synthetic", plans=3, commitments=2)

    page = client.get("/planes/").content.decode()
    official_part, _, other_part = page.partition('id="otros"')

    assert other_part, "the page has a separate demonstration and test section"
    for plan in synthetic_plans():
        assert plan.title not in official_part
        assert plan.get_absolute_url() not in official_part
        assert plan.title in other_part
        assert plan.get_absolute_url() in other_part
    assert "Quinto Plan de Acción de Gobierno Abierto" in official_part


def test_the_home_page_never_shows_them(client, seeded):
    call_command("synthetic", plans=3, commitments=2)

    assert "[Sintético]" not in client.get("/").content.decode()


def test_other_apps_can_register_their_own_generator(monkeypatch):
    monkeypatch.setattr(synthetic, "GENERATORS", list(synthetic.GENERATORS))
    calls = []

    def add_arguments(parser):
        parser.add_argument("--widgets", type=int, default=0)

    def generate(options, seed):
        calls.append(("generate", options["widgets"], seed, synthetic_plans().count()))
        return {"widgets": options["widgets"]}

    def clear():
        calls.append(("clear", synthetic_plans().count()))
        return {"widgets": 0}

    synthetic.register(synthetic.Generator("widgets", add_arguments, generate, clear))
    call_command("synthetic", plans=2, commitments=1, widgets=3, seed=5)
    call_command("synthetic", clear=True)

    # Generators run after the plans one (the plans exist) and clear before it.
    # A --clear on its own still calls generate, with nothing asked for.
    assert calls == [("generate", 3, 5, 2), ("clear", 2), ("generate", 0, 0, 0)]
