"""Every page the browser tests visit is valid HTML, as the Nu HTML checker
(vnu.jar, the validator behind validator.w3.org/nu) reads it.

The pages are rendered through Django's test client, not taken from Chromium:
the checker must read the HTML the server sends, before a browser repairs it.
They reuse the browser tests' data (the demo process and the `sample`
proposals) and their list of public pages, are written to a temporary folder
and checked in one run of the checker, since a Java start costs a second or two.
A page known to be invalid goes along to prove the checker saw them.
Errors fail the test; warnings are printed (pytest shows them with -rP).

The checker is the `vnu-jar` npm package (package.json at the repository's
root; `npm ci --ignore-scripts` installs it) run with the machine's Java.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.template import loader

from consultation.services import open_consultation
from proposals.models import Proposal
from stages.models import Subscription
from stages.services import subscribe
from tests.browser.test_accessibility import PUBLIC_PAGES
from tests.browser.test_proposals import CLOSED_FORM, FORM, sample  # noqa: F401 (a fixture)
from tests.browser.test_selection import selection_sample  # noqa: F401 (a fixture)
from tests.conftest import require_service
from tests.consultation.factories import CommentFactory, draft_plan
from tests.helpers import show_thanks_for

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _superuser():
    return get_user_model().objects.create(
        username="mga-consulta", is_staff=True, is_superuser=True
    )


@dataclass(frozen=True)
class Page:
    what: str
    html: str


# Checked with the pages: each run proves that the checker read the files and
# that its errors reach the test (a checker that checked nothing would pass).
CANARY = Page(
    "the canary",
    '<!doctype html><html lang="en"><title>Canary</title>'
    '<p><time datetime="2026-11-24T20:17:27.361791-03:00">24 Nov</time></p></html>',
)


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker: CI must have Java and the jar."""
    java = shutil.which("java")
    require_service(java is not None, "Java (apt-get install default-jre-headless)")
    require_service(VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} (npm ci --ignore-scripts)")
    # One short run: the quick compiler and the serial collector halve its time
    # (2.6 s instead of 7 s here for 61 pages). The schema's evaluation recurses
    # deeply and overflows the default stack with the quick compiler: 4 MB.
    flags = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    return [java, *flags, "-jar", str(VNU_JAR)]


def check_html(vnu: list[str], pages: list[Page], folder: Path) -> tuple[list[str], list[str]]:
    """Write the pages to `folder` and check them all in one run: (errors, warnings)."""
    files = {}
    for number, page in enumerate(pages):
        path = folder / f"{number:03d}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path.name] = page.what
    result = subprocess.run(
        [*vnu, "--format", "json", "--stdout", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the checker did not run:\n{result.stderr}"
    errors, warnings = [], []
    for message in json.loads(result.stdout)["messages"]:
        page = files.get(Path(urlsplit(message.get("url", "")).path).name, "?")
        where = f"line {message['lastLine']}" if "lastLine" in message else "the file"
        text = f"{page}, {where}: {message.get('message')}"
        if message.get("extract"):
            text += f"\n    {message['extract'].strip()}"
        if message["type"] == "info":
            warnings.append(text)
        else:  # "error", or "non-document-error" (the file could not be read)
            errors.append(text)
    assert len(files) == len(pages)
    return errors, warnings


def test_every_page_is_valid_html(  # noqa: F811
    vnu,
    portal_url,
    sample,  # noqa: F811
    selection_sample,  # noqa: F811
    client,
    tmp_path,
):
    pages: list[Page] = []

    def get(what: str, path: str, status: int = 200, method: str = "get", **data) -> None:
        # A POST that redirects is followed to the page that shows its outcome.
        response = getattr(client, method)(path, data, follow=method == "post")
        assert response.status_code == status, f"{what}: {path} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), f"{what}: not HTML"
        pages.append(Page(f"{what} ({method.upper()} {path})", response.content.decode()))

    received = Proposal.objects.get(pk=sample.received_pk)
    anonymous = [
        *((f"public page {path}", path, status) for path, status in PUBLIC_PAGES),
        ("the proposal form", FORM, 200),
        ("the closed reception", CLOSED_FORM, 200),
        ("the tracking form", "/propuestas/seguimiento/", 200),
        (
            "a received proposal's tracking page",
            f"/propuestas/seguimiento/{received.tracking_code}/",
            200,
        ),
        ("a tracking result", f"/propuestas/seguimiento/{sample.not_selected_code}/", 200),
        ("an unknown tracking code", "/propuestas/seguimiento/GAD-2222-2222/", 404),
        ("the list", "/propuestas/", 200),
        ("the list, searched and filtered", "/propuestas/?q=listas+de+espera&sector=academia", 200),
        ("the list with no match", "/propuestas/?q=xyzzy&value=technology", 200),
        ("a published proposal", f"/propuestas/{sample.published_pk}/", 200),
        ("a proposal others merged into", f"/propuestas/{sample.survivor_pk}/", 200),
        ("a merged proposal", f"/propuestas/{sample.merged_pk}/", 200),
        ("the privacy page", "/privacidad/", 200),
        ("the subscription form", "/avisos/", 200),
        ("the subscription sent page", "/avisos/enviado/", 200),
        ("a selection report with every part", selection_sample.report, 200),
        ("the forum's record with meetings", "/mesa-de-gobierno-abierto/", 200),
        ("a draft with SMART findings", selection_sample.vague_draft, 200),
    ]
    for what, path, status in anonymous:
        get(what, path, status)
        if not path.startswith("/en/"):
            get(f"{what}, in English", "/en" + path, status)

    get("the form with errors", FORM, 400, method="post")
    get("the subscription form with errors", "/avisos/", 200, method="post", email="no")
    show_thanks_for(client, received.tracking_code)
    get("the thanks page", "/propuestas/gracias/")

    subscribe("vecina@example.org", "es-cl")
    token = Subscription.objects.get(email="vecina@example.org").token
    get("the confirmation question", f"/avisos/confirmar/{token}/")
    get("the confirmation", f"/avisos/confirmar/{token}/", method="post")
    get("the unsubscribe question", f"/avisos/baja/{token}/")
    get("the unsubscription", f"/avisos/baja/{token}/", method="post")

    # The consultation's forms, while one is open, and a comment's own link.
    plan = draft_plan("open", slug="plan-en-consulta-html")
    commitment = plan.commitments.get(number=1)
    comment = CommentFactory(commitment=commitment)
    pending = CommentFactory(commitment=commitment, status="pending")
    open_consultation(draft_plan("past", slug="plan-consultado-html"))
    consulted = "/planes/plan-consultado-html/compromisos/1/cambios/"
    form = f"/planes/{plan.slug}/compromisos/1/consulta/comentar/"
    get("the comment form", form)
    get("the comment form with errors", form, 400, method="post")
    get("the comment form on a milestone", f"{form}?seccion=problem")
    get("the plan's comment form", f"/planes/{plan.slug}/consulta/comentar/")
    get("the reply form", f"/consulta/comentarios/{comment.pk}/responder/")
    get("the report form", f"/consulta/comentarios/{comment.pk}/reportar/")
    get("the comment publication question", f"/consulta/confirmar/{pending.token}/")
    get("the comment published", f"/consulta/confirmar/{pending.token}/", method="post")
    get("a commitment's changes with none yet", consulted)

    client.force_login(get_user_model().objects.get(username=sample.moderator))
    get("the moderation queue", "/gestion/propuestas/")
    get("the queue of published proposals", "/gestion/propuestas/?estado=published")
    get("the moderation page", f"/gestion/propuestas/{sample.received_pk}/")
    moderation_page = f"/gestion/propuestas/{sample.received_pk}/"
    incomplete = {"to_status": "not_admitted", "expected_status": "received"}
    get("the moderation page with an error", moderation_page, 400, method="post", **incomplete)
    assert "invalid-feedback" in pages[-1].html, "the field's error is missing"
    # Refused by the status machine: the page saw another status than the proposal's.
    stale = {"to_status": "published", "expected_status": "published"}
    get("the moderation page with a message", moderation_page, method="post", **stale)
    assert 'role="status"' in pages[-1].html, "the refusal's message is missing"
    get("a final proposal's moderation page", f"/gestion/propuestas/{sample.merged_pk}/")
    get("the calendar engine's page", "/gestion/calendario/")
    client.force_login(get_user_model().objects.get(username="secretaria-ejecutiva"))
    get("the selection's staff page", f"/gestion/seleccion/?plan={selection_sample.plan_slug}")
    decisions = "/gestion/seleccion/borradores/{}/decision/"
    get("a decided draft's decision screen", decisions.format(selection_sample.draft_pk))
    get("a decision screen with its form", decisions.format(selection_sample.pending_pk))
    get("the forum's record, for staff", "/gestion/mesa/")
    get("a forum meeting's form", "/gestion/mesa/sesiones/nueva/")
    client.force_login(get_user_model().objects.get(username="red-academica"))
    assessments = "/gestion/seleccion/borradores/{}/"
    get("a member's assessment page", assessments.format(selection_sample.draft_pk))
    get("a member's form", assessments.format(selection_sample.pending_pk))
    client.force_login(get_user_model().objects.filter(is_superuser=True).first() or _superuser())
    get("the consultation's staff page", f"/gestion/consulta/?plan={plan.slug}")
    get("the comments to answer", f"/gestion/consulta/comentarios/?plan={plan.slug}")
    get("a comment to answer", f"/gestion/consulta/comentarios/{comment.pk}/")
    get("a commitment's revision", f"/gestion/consulta/compromisos/{commitment.pk}/texto/")
    pages.append(Page("500.html", loader.get_template("500.html").render()))
    pages.append(Page("503.html", loader.get_template("503.html").render()))

    errors, warnings = check_html(vnu, [*pages, CANARY], tmp_path)
    canary = [error for error in errors if error.startswith(f"{CANARY.what},")]
    assert canary and "fraction of a second" in canary[0], f"the canary went unseen: {errors}"
    errors = [error for error in errors if error not in canary]
    if warnings:
        print(f"{len(warnings)} warning(s) from the Nu HTML checker:", *warnings, sep="\n")
    assert not errors, "\n".join([f"{len(errors)} HTML error(s) in {len(pages)} pages:", *errors])
