"""While Redis (the cache) cannot be reached, pages are built from the
database and forms still save: the cache only ever saves work."""

from __future__ import annotations

import logging
import time

import pytest
from django.core import signing

from core.ratelimit import exceeded
from proposals.forms import FORM_STAMP_SALT
from proposals.models import Proposal
from tests.helpers import create_demo_process
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, on an address where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def demo(seeded):
    return create_demo_process()


@pytest.mark.parametrize(
    "path", ["/", "/planes/", "/propuestas/", "/planes/proceso-de-demostracion/"]
)
def test_public_pages_are_built_from_the_database(client, demo, redis_down, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"


def test_a_proposal_sent_meanwhile_is_stored(client, demo, redis_down):
    response = client.post(
        "/planes/proceso-de-demostracion/proponer/",
        {
            "title": "Presupuestos municipales en datos abiertos",
            "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
            "description": "Publicar cada mes el gasto municipal en formato abierto.",
            "actors": "Municipios y organizaciones vecinales.",
            "activities": "Diagnóstico, estándar de datos, publicación mensual.",
            "values": ["transparency"],
            "name": "Camila Rojas",
            "email": "camila.rojas@example.org",
            "sector": "citizen",
            "region": "biobio",
            "consent": "on",
            "website": "",
            "started": signing.dumps(time.time() - 60, salt=FORM_STAMP_SALT),
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(email="camila.rojas@example.org").count() == 1


def test_the_rate_limits_let_requests_through_and_say_so(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        assert not exceeded("proposal-ip", "127.0.0.1", 0, 3600)
    assert "the cache is unreachable" in caplog.text


def test_healthz_names_the_cache_as_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "cache" in response.json()["down"]
