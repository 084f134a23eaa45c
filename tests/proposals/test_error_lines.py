"""The lines of an error summary: a label that already ends a sentence (a
question, the consent's full stop) takes no colon before its error, so no
line reads "¿Qué problema aborda?: …" or "…esta propuesta.: …"."""

from __future__ import annotations

import re

import pytest

from core.forms import labelled_error
from tests.proposals.test_steps import fill_all, step_url

pytestmark = pytest.mark.django_db
URL = "/planes/proceso-de-demostracion/proponer/"
DOUBLED = re.compile(r"[?.:!…]: ")


@pytest.mark.parametrize(
    ("label", "line"),
    [
        ("¿Qué problema aborda?", "¿Qué problema aborda? Este campo es obligatorio."),
        ("Acepto el uso de mis datos.", "Acepto el uso de mis datos. Este campo es obligatorio."),
        ("¡Atención!", "¡Atención! Este campo es obligatorio."),
        ("Dirección:", "Dirección: Este campo es obligatorio."),
        ("Tu correo", "Tu correo: Este campo es obligatorio."),
        ("Organización (opcional)", "Organización (opcional): Este campo es obligatorio."),
    ],
)
def test_a_label_that_ends_a_sentence_takes_no_colon(label, line):
    assert labelled_error(label, "Este campo es obligatorio.") == line


def summary(page: str) -> str:
    return re.search(r'<ul class="error-summary">(.*?)</ul>', page, re.S).group(1)


def test_the_one_page_form_says_each_error_once_punctuated(client, demo, form_data):
    response = client.post(URL, form_data(problem="", consent=""))
    assert response.status_code == 400
    lines = summary(response.content.decode())
    assert "¿Qué problema aborda? Este campo es obligatorio." in lines
    assert "propuesta. Necesitamos tu consentimiento para recibir la propuesta." in lines
    assert not DOUBLED.search(lines), lines


def test_the_summary_before_sending_says_each_error_once_punctuated(client, demo):
    token = fill_all(client)
    response = client.post(step_url(token, "revisar"), {"accion": "enviar"})
    assert response.status_code == 400
    lines = summary(response.content.decode())
    assert "propuesta. Necesitamos tu consentimiento" in lines
    assert not DOUBLED.search(lines), lines


def test_a_step_says_each_error_once_punctuated(client, demo):
    token = fill_all(client)
    response = client.post(step_url(token, 1), {"title": "Un título", "problem": ""})
    lines = summary(response.content.decode())
    assert "¿Qué problema aborda? Este campo es obligatorio." in lines
    assert not DOUBLED.search(lines), lines
