"""The component set: the staff page that shows every component with sample
data, and the template tags the components use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext

from core.templatetags.components import approximate_size, sprite_icons
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

COMPONENTS = Path(settings.BASE_DIR) / "core" / "templates" / "components"


def test_the_components_page_shows_every_component(staff_client):
    page = staff_client.get("/gestion/componentes/").content.decode()
    for marker in [
        'class="process-tracker process-tracker--stepper"',
        'class="process-tracker process-tracker--list"',
        'aria-current="step"',
        "status-chip--success",
        "status-chip--danger",
        'class="event-card"',
        'class="timeline"',
        'class="empty-state"',
        'class="pagination flex-wrap"',
        "(CSV, alrededor de 12 KB)",
        "(JSON, alrededor de 2,3 MB)",
        "(CSV)</span>",  # a download of unknown size says none
        'data-origin="demo"',
        'class="closed-notice"',
        'class="chart-frame"',
        "<caption>Propuestas por estado</caption>",
        'class="pending-card"',
        "disabled>",
    ]:
        assert marker in page, marker
    # Every component template is shown on the page (by its file name).
    for template in COMPONENTS.glob("*.html"):
        if template.stem in {"breadcrumbs", "timeline_entry", "status_chip"}:
            continue  # used inside the others
        assert f"components/{template.name}" in page, template


def test_the_components_page_writes_nothing_and_reads_no_data(staff_client):
    staff_client.get("/gestion/")  # the session is loaded and saved once
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get("/gestion/componentes/").status_code == 200
    tables = {re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries if "FROM" in q["sql"]}
    assert tables <= {"django_session", "auth_user", "auth_user_groups", "auth_permission",
                      "auth_user_user_permissions"}, tables  # fmt: skip
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_components_page_is_for_staff_only(client):
    assert client.get("/gestion/componentes/").status_code == 302
    client.force_login(UserFactory(username="vecino"))
    assert client.get("/gestion/componentes/").status_code == 403


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def test_an_icon_is_hidden_from_screen_readers_unless_it_stands_alone():
    assert 'aria-hidden="true"' in render('{% icon "download" %}')
    alone = render('{% icon "printer" label="Imprimir" %}')
    assert 'role="img" aria-label="Imprimir"' in alone and "aria-hidden" not in alone


def test_an_icon_missing_from_the_sprite_is_refused():
    with pytest.raises(TemplateSyntaxError, match="make vendor"):
        render('{% icon "no-such-icon" %}')


def test_every_icon_the_templates_name_is_in_the_sprite():
    named = set()
    for template in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        if ".venv" not in template.parts:
            named |= set(re.findall(r'icon(?:=| )"([a-z0-9-]+)"', template.read_text()))
    for module in Path(settings.BASE_DIR).glob("*/*.py"):
        named |= set(re.findall(r'"icon": "([a-z0-9-]+)"', module.read_text()))
        named |= set(re.findall(r'icon="([a-z0-9-]+)"', module.read_text()))
    assert named, "the scan found no icon"
    assert named <= sprite_icons(), named - sprite_icons()


def test_breadcrumbs_link_each_level_and_mark_the_current_page():
    html = render('{% breadcrumbs "Planes" "/planes/" "Quinto plan" %}')
    assert '<a href="/planes/">Planes</a>' in html
    assert 'aria-current="page">Quinto plan</li>' in html
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumbs "Planes" "/planes/" %}')


def test_a_status_chip_says_its_status_in_words():
    html = Template('{% include "components/status_chip.html" %}').render(
        Context({"label": "Seleccionada", "tone": "success", "icon": "check-circle-fill"})
    )
    assert "status-chip--success" in html
    assert re.search(r"</svg>Seleccionada</span>", html)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(None, ""), (300, "alrededor de 1 KB"), (12_800, "alrededor de 12 KB"),
     (2_400_000, "alrededor de 2,3 MB")],
)  # fmt: skip
def test_a_download_size_reads_as_people_say_it(size, shown):
    from django.utils import translation

    with translation.override("es-cl"):
        assert approximate_size(size) == shown


def test_capture_keeps_what_it_renders_escaped_once():
    html = render("{% capture as title %}{{ name }}{% endcapture %}[{{ title }}]", name="A & B")
    assert html == "[A &amp; B]"
