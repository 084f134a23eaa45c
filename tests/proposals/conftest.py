from __future__ import annotations

import time

import pytest
from django.core import signing

from proposals.forms import FORM_STAMP_SALT
from tests.helpers import create_demo_process


@pytest.fixture
def demo(seeded):
    """A process whose reception is open now."""
    return create_demo_process()


@pytest.fixture
def official(seeded):
    """Chile's 5th plan: proposals of the official record are listed under it."""
    from plans.models import ActionPlan

    return ActionPlan.objects.get(number=5, origin="official")


@pytest.fixture
def form_data(seeded):
    def build(**overrides):
        data = {
            "title": "Presupuestos municipales en datos abiertos",
            "problem": "Los vecinos no pueden ver en qué se gasta el presupuesto municipal.",
            "description": "Publicar cada mes el gasto municipal en formato abierto.",
            "actors": "Municipios, SUBDERE, organizaciones vecinales.",
            "activities": "Diagnóstico, estándar de datos, publicación mensual.",
            "responsible_institution": "",
            "values": ["transparency", "accountability"],
            "name": "Camila Rojas",
            "email": "camila.rojas@example.org",
            "sector": "citizen",
            "organisation": "",
            "region": "biobio",
            "consent": "on",
            "website": "",
            # A form opened a minute ago: people take longer than five seconds.
            "started": signing.dumps(time.time() - 60, salt=FORM_STAMP_SALT),
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Permission

    from tests.core.factories import UserFactory

    user = UserFactory(username="mga-staff", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_proposal"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
