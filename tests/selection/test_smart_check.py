"""The automatic SMART check of a commitment draft: each finding says what is
wrong and what to fix, on the draft's public page and beside the scores."""

from __future__ import annotations

import datetime as dt

import pytest

from selection import smart
from tests.selection.factories import make_world, milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world(proposals=0)


def codes(draft) -> list[str]:
    return [finding.code for finding in smart.check(draft, draft.table.plan)]


def test_a_sound_draft_has_no_findings(world, client):
    assert codes(world.draft) == []
    page = client.get(world.draft.get_absolute_url()).content.decode()
    assert "¿Es específico, medible y con plazos?" in page
    assert "Sin observaciones" in page


def test_a_milestone_without_dates_fails_and_the_page_says_what_to_fix(world, client):
    draft = world.add_draft(milestones=[milestone(1), milestone(2, start_date=None, end_date=None)])
    assert codes(draft) == ["no_dates"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Al hito 2 le falta su fecha de inicio o de término." in page
    assert (
        "Qué corregir: Dale una fecha de inicio y una de término entre el "
        "1 de enero de 2030 y el 31 de diciembre de 2032."
    ) in page


def test_a_milestone_dated_outside_the_plan_fails_and_the_page_says_what_to_fix(world, client):
    outside = milestone(2, start_date=dt.date(2032, 10, 1), end_date=dt.date(2033, 3, 31))
    draft = world.add_draft(milestones=[milestone(1), outside])
    assert codes(draft) == ["dates_outside"]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "El hito 2 tiene fechas fuera del período del plan (2030-2032)." in page
    assert (
        "Qué corregir: Mueve sus fechas entre el 1 de enero de 2030 y el 31 de diciembre de 2032."
        in page
    )


def test_a_milestone_starting_before_the_plan_fails_too(world):
    early = milestone(1, start_date=dt.date(2029, 12, 1), end_date=dt.date(2030, 2, 1))
    assert codes(world.add_draft(milestones=[early, milestone(2)])) == ["dates_outside"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"problem": "  "}, ["no_problem"]),
        ({"expected_results": ""}, ["no_results"]),
        ({"responsible_institution": None}, ["no_institution"]),
        ({"transparency": False, "accountability": False}, ["no_value"]),
        ({"milestones": [milestone(1)]}, ["few_milestones"]),
        ({"milestones": [milestone(1), milestone(2, deliverable="")]}, ["no_deliverable"]),
        (
            {
                "milestones": [
                    milestone(1),
                    milestone(2, title="Fomentar la participación", deliverable=""),
                ]
            },
            ["vague_milestone"],
        ),
        (
            {
                "title": "Promover la justicia abierta",
                "milestones": [
                    milestone(1, title="Talleres", deliverable=""),
                    milestone(2, title="Difusión", deliverable=""),
                ],
            },
            ["no_deliverable", "no_deliverable", "vague_only"],
        ),
    ],
)
def test_each_finding(world, overrides, expected):
    assert codes(world.add_draft(**overrides)) == expected


def test_every_finding_says_what_to_fix(world):
    draft = world.add_draft(
        title="Impulsar la transparencia",
        problem="",
        expected_results="",
        responsible_institution=None,
        transparency=False,
        accountability=False,
        milestones=[milestone(1, title="Promover talleres", deliverable="", start_date=None)],
    )
    findings = smart.check(draft, draft.table.plan)
    assert [f.code for f in findings] == [
        "no_problem",
        "no_results",
        "no_institution",
        "no_value",
        "few_milestones",
        "vague_milestone",
        "no_dates",
        "vague_only",
    ]
    assert all(finding.problem and finding.fix for finding in findings)
    assert "Promover" in findings[5].problem


def test_the_check_costs_the_draft_page_no_query_of_its_own(
    world, client, django_assert_num_queries, settings
):
    """The page loads the milestones and the plan; the panel adds one query,
    for the decision (public once the report is)."""
    settings.PAGE_CACHE_SECONDS = 0
    from tests.worktables.test_query_counts import EXPECTED

    with django_assert_num_queries(EXPECTED["draft"]):
        client.get(world.draft.get_absolute_url())
