"""The privacy page: who answers for the personal data and how to reach them,
what each form keeps, for how long (the settings, in words), the rights and
the law; linked from the footer and every form that asks for personal data.
And the consent texts of those forms, read against the options the forms
offer: a form that offers to show the name never says it is never published."""

from __future__ import annotations

import datetime as dt
import re
import time
from html import unescape

import pytest
import time_machine
from django.core import signing
from django.utils import translation
from django.utils.translation import gettext

from consultation.forms import CommentForm
from core import retention
from proposals.forms import FORM_STAMP_SALT, ProposalForm, ProposalReviewForm
from tests.consultation.factories import draft_plan
from tests.helpers import create_demo_process
from tests.worktables.factories import EventFactory
from worktables.forms import RegistrationForm

pytestmark = pytest.mark.django_db

URL = "/privacidad/"


def text_of(page: str) -> str:
    """The words a person reads: tags out, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def test_it_names_the_controller_and_the_retention_period_from_the_settings(client, settings):
    settings.DATA_CONTROLLER_NAME = "Subsecretaría de Prueba"
    settings.DATA_CONTROLLER_EMAIL = "datos.personales@example.cl"
    settings.DATA_CONTROLLER_ADDRESS = "Calle Inventada 123, Valparaíso"
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    settings.PROPOSAL_DRAFT_DAYS = 14
    page = client.get(URL).content.decode()
    assert '<strong id="responsable-nombre">Subsecretaría de Prueba</strong>' in page
    assert '<a href="mailto:datos.personales@example.cl"' in page
    assert "Subsecretaría de Prueba, Calle Inventada 123, Valparaíso" in page
    words = text_of(page)
    assert "luego 3 meses más (90 días)" in words
    assert "1 año" not in words
    # Each kind of data says when it goes, in the same words.
    assert words.count("3 meses después") == 5
    assert "a más tardar, 14 días después de que lo empezaste" in words


def test_the_defaults_are_the_ministry_and_a_year(client):
    words = text_of(client.get(URL).content.decode())
    assert "Ministerio Secretaría General de la Presidencia" in words
    assert "gobiernoabierto@ogp.gob.cl" in words
    assert "luego 1 año más (365 días)" in words


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (365, "1 año"),
        (730, "2 años"),
        (30, "1 mes"),
        (180, "6 meses"),
        (45, "45 días"),
        (1, "1 día"),
    ],
)
def test_the_retention_period_is_said_in_words(days, expected):
    assert retention.in_words(days) == expected


def test_it_covers_every_kind_of_personal_data_and_the_rights(client):
    words = text_of(client.get(URL).content.decode())
    for heading in (
        "Cuando envías una propuesta",
        "Cuando llenas el formulario de propuesta por pasos",
        "Cuando te suscribes a los avisos del calendario",
        "Cuando te inscribes en una sesión",
        "Cuando comentas en una consulta pública",
        "Correos que envía el portal",
        "Equipo, integrantes de la Mesa y encargados de las instituciones",
    ):
        assert heading in words, heading
    for right in ("(acceso)", "(rectificación)", "(supresión)", "(oposición)", "(portabilidad)"):
        assert right in words, right
    assert 'href="/propuestas/privacidad/borrar/"' in client.get(URL).content.decode()


def test_the_law_is_in_force_from_the_first_of_december_2026(client):
    words = text_of(client.get(URL).content.decode())
    assert "Ley n.º 19.628" in words and "reformada por la Ley n.º 21.719" in words
    assert "se publicó el 13 de diciembre de 2024 y rige desde el 1 de diciembre de 2026" in words


def test_before_the_first_of_december_2026_the_law_is_said_to_be_coming(client):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        words = text_of(client.get(URL).content.decode())
    assert "regirá desde el 1 de diciembre de 2026" in words
    assert "rige desde" not in words


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_old_address_moved_here_for_good(client, prefix):
    response = client.get(f"{prefix}/propuestas/privacidad/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/privacidad/"


def test_it_is_a_public_cached_page_in_english_too(client):
    assert client.get(URL)["X-Page-Cache"] == "miss"
    assert client.get(URL)["X-Page-Cache"] == "hit"
    page = client.get("/en/privacidad/").content.decode()
    assert "Who is responsible for your data" in page


# --- Every form that asks for personal data links the page -------------------------


def begin_draft(client, slug: str, accion: str) -> str:
    """A proposal draft's address (without the step), as its first step makes it."""
    stamp = signing.dumps(time.time() - 60, salt=FORM_STAMP_SALT)
    response = client.post(
        f"/planes/{slug}/proponer/paso-1/",
        {"title": "Un título", "problem": "Un problema", "started": stamp, "accion": accion},
    )
    return response["Location"].rsplit("paso-", 1)[0].rsplit("guardar/", 1)[0]


def test_every_form_that_asks_for_personal_data_links_the_page(client, seeded):
    demo = create_demo_process()
    event = EventFactory()
    consultation = draft_plan()
    draft = begin_draft(client, demo.slug, "guardar")
    pages = {
        "the one-page proposal form": f"/planes/{demo.slug}/proponer/?un_paso=1",
        "the draft's link form": f"{draft}guardar/",
        "the subscription form": "/avisos/",
        "the registration form": f"/eventos/{event.pk}/inscripcion/",
        "the comment form": f"/planes/{consultation.slug}/consulta/comentar/",
        "the erasure form": "/propuestas/privacidad/borrar/",
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert 'name="email"' in page, name
        assert f'href="{URL}"' in page, name


def test_every_step_of_the_proposal_form_links_the_page(client, seeded):
    demo = create_demo_process()
    assert f'href="{URL}"' in client.get(f"/planes/{demo.slug}/proponer/").content.decode()
    draft = begin_draft(client, demo.slug, "siguiente")
    for step in ("paso-1/", "paso-2/", "paso-3/", "revisar/"):
        assert f'href="{URL}"' in client.get(draft + step).content.decode(), step


# --- The consent texts against the forms' options ------------------------------------

NAME = re.compile(r"\b(name|nombre)\b", re.IGNORECASE)
NEVER = re.compile(r"\b(never|nunca)\b", re.IGNORECASE)
ONLY_IF = re.compile(r"\b(only if|solo si)\b", re.IGNORECASE)
PUBLISHED = re.compile(r"\b(published|se publica|se publican)\b", re.IGNORECASE)


def consent_text(form) -> str:
    field = form.fields["consent"]
    return f"{field.label} {field.help_text}"


def what_it_says_about_the_name(text: str) -> list[str]:
    """The clauses (between full stops, colons and semicolons) naming the name."""
    clauses = (part.strip() for part in re.split(r"[.;:](?:\s|$)", text))
    return [clause for clause in clauses if NAME.search(clause)]


FORMS = {
    "proposal": lambda: ProposalForm(privacy_url=URL),
    "proposal review": lambda: ProposalReviewForm(privacy_url=URL),
    "registration": lambda: RegistrationForm(privacy_url=URL),
    "comment": lambda: CommentForm(),
}


@pytest.mark.parametrize("language", ["es-cl", "en"])
@pytest.mark.parametrize("form_name", FORMS)
def test_the_consent_text_matches_what_the_form_offers_about_the_name(seeded, form_name, language):
    with translation.override(language):
        form = FORMS[form_name]()
        text = consent_text(form)
        about_name = what_it_says_about_the_name(text)
        # Whatever the form offers, its consent never says the name stays unpublished...
        assert not [clause for clause in about_name if NEVER.search(clause)], text
        if "show_name" in form.fields:
            # ...and a form that offers to show it says it is published only
            # with that box ticked, naming the box as the form labels it.
            assert f"“{form.fields['show_name'].label}”" in text, text
            assert any(ONLY_IF.search(c) and PUBLISHED.search(c) for c in about_name), text
        elif "name" in form.fields and form_name == "comment":
            # ...and a name always shown with the comment is said to be published.
            assert any(PUBLISHED.search(c) for c in about_name), text


def test_the_check_would_catch_the_consent_the_proposal_form_had():
    old = "Your name and e-mail are never published. We only use them to contact you."
    assert [clause for clause in what_it_says_about_the_name(old) if NEVER.search(clause)]


def test_the_privacy_page_says_the_same_as_the_proposal_form(client):
    words = text_of(client.get(URL).content.decode())
    with translation.override("es-cl"):
        label = gettext("Show my name next to my proposal")
    assert f"Tu nombre se publica junto a tu propuesta solo si marcaste “{label}”" in words
    assert not [c for c in what_it_says_about_the_name(words) if NEVER.search(c)]
