"""The demonstration process in each of its stages: whichever stage is open,
the home page puts that stage's action on a phone's first screen, and the
pages that change with the stage (home, the plans, the plan, the proposal form
or its closed notice, the proposals, the sessions, the consultation) have no
axe-core violations at either width and no Nu HTML checker error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone, translation

from core import cache
from plans.services import demo_plan
from stages.actions import ACTIONS
from stages.models import Stage, StageKind
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import axe_violations, describe, track_problems
from tests.browser.test_html_validity import Page, check_html, vnu  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(params=[kind.value for kind in StageKind])
def open_stage(request, portal_url) -> dict:
    """Shift the demonstration calendar so that one stage is open now: every
    stage moves by the same amount, so their order and lengths stay true.
    Written before the browser starts (see the conftest)."""
    plan = demo_plan()
    stage = Stage.objects.filter(plan=plan, kind=request.param).first()
    if stage is None:
        pytest.skip(f"the demonstration process has no {request.param} stage")
    shift = timezone.now() - dt.timedelta(hours=1) - stage.starts_at
    Stage.objects.filter(plan=plan).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )
    cache.bump()
    with translation.override("es-cl"):
        label = str(ACTIONS[request.param][0])
    return {
        "kind": request.param,
        "label": label,
        "paths": [
            "/",
            "/planes/",
            plan.get_absolute_url(),
            f"/planes/{plan.slug}/proponer/",
            f"/propuestas/?plan={plan.slug}",
            f"/planes/{plan.slug}/jornadas/",
            f"/planes/{plan.slug}/consulta/",
        ],
    }


def test_each_stage_puts_its_action_first_and_its_pages_pass_axe(
    open_stage,
    open_page,
    portal_url,
    subtests,
    vnu,  # noqa: F811
    tmp_path,
):
    page = open_page(PHONE)
    problems = track_problems(page)
    # The HTML as the server sends it, before Chromium repairs anything.
    sent = [
        Page(f"{open_stage['kind']}: {path}", page.request.get(portal_url + path).text())
        for path in open_stage["paths"]
    ]
    with subtests.test(msg=f"{open_stage['kind']}: Nu HTML checker"):
        errors, _ = check_html(vnu, sent, tmp_path)
        assert not errors, "\n".join(errors)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for path in open_stage["paths"]:
            with subtests.test(msg=f"{open_stage['kind']}: {path} at {name} width"):
                problems.clear()
                response = page.goto(portal_url + path)
                assert response is not None and response.status < 400, path
                violations = axe_violations(page)
                assert not violations, f"{path}\n{describe(violations)}"
                assert not problems, problems

    page.set_viewport_size(PHONE)
    page.goto(portal_url + "/")
    action = page.get_by_role("link", name=open_stage["label"], exact=True).first
    box = action.bounding_box()
    assert box is not None, f"no '{open_stage['label']}' link during {open_stage['kind']}"
    assert box["y"] + box["height"] <= PHONE["height"], (
        f"'{open_stage['label']}' is below the first {PHONE['height']} px: {box}"
    )
