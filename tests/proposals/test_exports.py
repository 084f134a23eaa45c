"""The downloads: the columns a journalist needs, the list's filters, nothing
personal, and on PostgreSQL the COPY writer gives the same file as Python's."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from proposals import exports, selectors
from proposals.models import Proposal, Status
from proposals.services import Change, transition
from tests.conftest import require_service
from tests.plans.factories import CommitmentFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

TRICKY = 'Comillas "dobles", comas, saltos\nde línea, tildes áéíóú ñ, \\barras\\ y 🙂'


@pytest.fixture
def proposals(official):
    institution = InstitutionFactory(name='Ministerio, de "Prueba"')
    commitment = CommitmentFactory(plan=official, number=77, title="Compromiso destino")
    first = ProposalFactory(
        plan=official, title=TRICKY, problem="", actors="", responsible_institution=institution
    )
    transition(first.pk, Change(Status.PUBLISHED, public_reason="Cumple, y se publica."))
    transition(first.pk, Change(Status.ASSIGNED, link_label="Mesa de datos"))
    transition(first.pk, Change(Status.INTEGRATED, commitment=commitment, public_reason=TRICKY))
    second = ProposalFactory(plan=official, status=Status.PUBLISHED, accountability=True)
    ProposalFactory(plan=official, status=Status.RECEIVED, title="Aún no publicada")
    return first, second


def _download(client, fmt, **params):
    response = client.get(f"/propuestas/propuestas.{fmt}", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_csv_opens_in_a_spreadsheet_with_accents_and_the_trail(client, proposals):
    first, second = proposals
    text = _download(client, "csv")
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["id"] for row in table] == [str(first.pk), str(second.pk)]
    row = table[0]
    assert row["title"] == TRICKY
    assert row["status"] == "integrated" and row["status_reason"] == TRICKY
    assert row["commitment_title"] == "Compromiso destino"
    assert row["responsible_institution"] == 'Ministerio, de "Prueba"'
    assert (row["transparency"], row["accountability"]) == ("yes", "no")
    assert row["received_at"].endswith("Z") and "." not in row["received_at"]
    assert list(table[0]) == exports.NAMES


def test_the_json_carries_the_same_records(client, proposals):
    first, _second = proposals
    document = json.loads(_download(client, "json"))
    assert document["format"] == "ogp-portal-proposals"
    record = document["proposals"][0]
    assert record["id"] == first.pk and record["transparency"] is True
    assert record["commitment_title"] == "Compromiso destino"
    assert list(record) == exports.NAMES


def test_the_download_follows_the_lists_filters(client, proposals):
    _first, second = proposals
    text = _download(client, "csv", value="accountability").removeprefix("\ufeff")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in table] == [str(second.pk)]


def test_nothing_personal_is_exported(client, proposals):
    first, _second = proposals
    everything = _download(client, "csv") + _download(client, "json")
    for secret in (first.email, first.name, "example.org"):
        assert secret not in everything


def test_a_head_request_builds_nothing(client, proposals, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.head("/propuestas/propuestas.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_copy_writes_the_same_file_as_python(proposals):
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    queryset = selectors.public_proposals()
    copied = b"".join(exports.copy_csv(queryset)).decode()
    written = "".join(exports.python_csv(queryset))
    assert copied == written
    assert json.loads(b"".join(exports.copy_json(queryset))) == json.loads(
        "".join(exports.python_json(queryset))
    )
    assert Proposal.objects.count() == 3  # the unpublished one is in neither


def test_the_reason_is_the_one_given_for_the_current_status(client, official, settings):
    """Not whatever step came last: a note that another proposal was merged into
    this one is not the reason it is published; a move to another work table is
    the latest reason for being assigned."""
    survivor = ProposalFactory(plan=official)
    transition(survivor.pk, Change(Status.PUBLISHED, public_reason="Cumple los criterios."))
    duplicate = ProposalFactory(plan=official)
    transition(duplicate.pk, Change(Status.PUBLISHED, public_reason="Publicada."))
    transition(
        duplicate.pk,
        Change(Status.MERGED, merged_into=survivor, public_reason="Repite la otra propuesta."),
    )
    moved = ProposalFactory(plan=official)
    transition(moved.pk, Change(Status.PUBLISHED))
    transition(moved.pk, Change(Status.ASSIGNED, link_label="Mesa 1", link_url="/mesas/1/"))
    transition(
        moved.pk,
        Change(
            Status.ASSIGNED,
            link_label="Mesa 2",
            link_url="/mesas/2/",
            public_reason="La mesa 2 trata este tema.",
        ),
    )
    text = _download(client, "csv").removeprefix("\ufeff")
    rows = {int(row["id"]): row for row in csv.DictReader(io.StringIO(text))}
    assert rows[survivor.pk]["status_reason"] == "Cumple los criterios."
    assert rows[duplicate.pk]["status_reason"] == "Repite la otra propuesta."
    assert rows[moved.pk]["status_reason"] == "La mesa 2 trata este tema."
    # A reader outside the portal can follow the link.
    assert rows[moved.pk]["status_link"] == f"{settings.SITE_URL}/mesas/2/"
    assert rows[survivor.pk]["status_link"] == ""


def test_the_commitment_a_proposal_became_is_named_and_linked(client, proposals, official):
    first, second = proposals
    document = json.loads(_download(client, "json"))
    records = {record["id"]: record for record in document["proposals"]}
    assert document["version"] == exports.VERSION
    became = records[first.pk]
    assert became["commitment_title"] == "Compromiso destino"
    assert became["commitment_url"].endswith(f"/planes/{official.slug}/compromisos/77/")
    assert became["commitment_url"].startswith("http")
    assert records[second.pk]["commitment_id"] is None
    assert records[second.pk]["commitment_url"] is None
