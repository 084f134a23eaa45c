from __future__ import annotations

import pytest

from plans.models import ActionPlan
from stages.models import Stage
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/plans/actionplan/",
    "/admin/plans/actionplan/?status__exact=finished&origin__exact=official",
    "/admin/plans/commitment/",
    "/admin/plans/commitment/?transparency__exact=1",
    "/admin/plans/institution/?sector__exact=civil_society",
    "/admin/stages/stage/?kind__exact=reception",
    "/admin/plans/forum/",
    "/admin/plans/forummember/?role__exact=observer",
    "/admin/plans/milestone/",
]


@pytest.mark.parametrize("path", CHANGELISTS)
def test_staff_can_browse_and_filter_every_list(staff_client, seeded, path):
    assert staff_client.get(path).status_code in {200, 404}
    if "milestone" not in path:
        assert staff_client.get(path).status_code == 200


def test_staff_can_open_a_plan_with_its_calendar(staff_client, seeded):
    plan = ActionPlan.objects.get(number=5, origin="official")
    page = staff_client.get(f"/admin/plans/actionplan/{plan.pk}/change/").content.decode()
    assert "Recepción de propuestas" in page


def test_staff_can_move_a_stage_date(staff_client, seeded):
    stage = Stage.objects.get(plan__number=5, kind="reception")
    response = staff_client.post(
        f"/admin/stages/stage/{stage.pk}/change/",
        {
            "plan": stage.plan_id,
            "kind": "reception",
            "starts_at_0": "2020-08-11",
            "starts_at_1": "00:00:00",
            "ends_at_0": "2020-08-25",
            "ends_at_1": "00:00:00",
            "description": stage.description,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    stage.refresh_from_db()
    assert stage.starts_at.isoformat() == "2020-08-11T04:00:00+00:00"


def test_a_stage_that_ends_before_it_starts_is_refused_with_a_message(staff_client, seeded):
    stage = Stage.objects.get(plan__number=5, kind="reception")
    response = staff_client.post(
        f"/admin/stages/stage/{stage.pk}/change/",
        {
            "plan": stage.plan_id,
            "kind": "reception",
            "starts_at_0": "2020-08-25",
            "starts_at_1": "00:00:00",
            "ends_at_0": "2020-08-11",
            "ends_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "Una etapa debe cerrar después de abrir." in response.content.decode()


def test_the_admin_is_closed_to_anonymous_people(client, seeded):
    response = client.get("/admin/plans/actionplan/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_is_closed_to_people_who_are_not_staff(client, seeded):
    client.force_login(UserFactory(is_staff=False))
    response = client.get("/admin/plans/commitment/")
    assert response.status_code == 302
