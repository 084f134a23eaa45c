from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine

from stages import engine
from stages.models import EffectRun, StageEvent
from tests.core.factories import UserFactory
from tests.helpers import create_demo_process
from tests.stages.factories import StageFactory

pytestmark = pytest.mark.django_db
URL = "/gestion/calendario/"


MODULE_PATH = re.compile(r"\b[a-z_]+\.(effects|tasks|services)\.[a-z_]+\b")


def test_staff_see_what_the_engine_did_and_will_do(staff_client, seeded):
    create_demo_process()
    engine.tick()
    page = staff_client.get(URL).content.decode()
    assert "<h1" in page and "Calendario del proceso" in page
    assert "Se abrió la etapa “Recepción de propuestas” (Proceso de demostración" in page
    assert "Avisar por correo a las personas suscritas que la etapa se abrió" in page
    # What comes next, and what the portal will do then.
    assert "Se abre la etapa “Mesas de trabajo” (Proceso de demostración" in page
    assert "El portal va a:" in page
    assert not MODULE_PATH.search(page)


def test_edges_too_old_to_act_on_wait_behind_a_toggle(staff_client, seeded):
    engine.tick()  # the 5th plan's 2020 calendar: every edge too old
    page = staff_client.get(URL).content.decode()
    done, _separator, rest = page.partition('<details class="calendar-skipped')
    assert "Quinto Plan" not in done.split('id="hechos"')[1]
    skipped = StageEvent.objects.filter(result=StageEvent.Result.SKIPPED).count()
    assert skipped == 21
    assert f"{skipped} momentos anteriores en que el portal no actuó" in rest
    assert "Se cerró la etapa “Publicación del plan de acción” (Quinto Plan" in rest


def test_effects_are_named_in_words_even_when_recorded_under_an_old_name(staff_client, seeded):
    stage = StageFactory()
    moved = StageEvent.objects.create(
        stage=stage, edge="start", due_at=stage.starts_at, result=StageEvent.Result.FAILED
    )
    EffectRun.objects.create(
        event=moved, effect="plans.effects.notify_stage_opened", status="failed", outcome="x"
    )
    EffectRun.objects.create(event=moved, effect="old.effects.gone_for_good", status="done")
    StageEvent.objects.create(
        stage=stage,
        edge="end",
        due_at=stage.ends_at,
        result=StageEvent.Result.DONE,
        log="plans.effects.notify_stage_closing: queued 3 e-mails\nproposals.effects.x: ok",
    )
    page = staff_client.get(URL).content.decode()
    assert "Avisar por correo a las personas suscritas que la etapa se abrió" in page
    assert "Una acción que esta versión del portal ya no tiene" in page
    assert "Avisar por correo a las personas suscritas que la etapa cierra pronto" in page
    assert "queued 3 e-mails" in page
    assert not MODULE_PATH.search(page), MODULE_PATH.search(page).group(0)
    assert "Ejecutar de nuevo" in page


def test_those_who_may_edit_the_stages_get_a_link_to_them(client, staff_client, seeded):
    create_demo_process()
    page = staff_client.get(URL).content.decode()
    assert 'href="/admin/stages/stage/"' in page
    stage = engine.upcoming_edges(limit=1)[0].stage
    assert f'href="/admin/stages/stage/{stage.pk}/change/"' in page
    client.force_login(UserFactory(username="mirada", is_staff=True))
    page = client.get(URL).content.decode()
    assert "/admin/stages/stage/" not in page
    assert "quien administra el portal puede cambiarlas" in page


def test_the_engine_page_is_closed_to_the_public(client, seeded):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_engine_page_is_closed_to_people_who_are_not_staff(client, seeded):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(URL).status_code == 403


def test_the_engine_page_keeps_the_same_query_count_as_events_grow(
    staff_client, seeded, django_assert_max_num_queries
):
    santiago = zoneinfo.ZoneInfo("America/Santiago")
    with time_machine.travel(dt.datetime(2020, 8, 11, tzinfo=santiago), tick=False):
        engine.tick()
    with django_assert_max_num_queries(8):
        staff_client.get(URL)
    engine.tick()
    with django_assert_max_num_queries(8):
        staff_client.get(URL)
