from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import Proposal, Status
from tests.factories import InstitutionFactory, ProposalFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secreta.persona@example.org"
SECRET_NAME = "Nombre Muy Privado"


@pytest.fixture
def published(demo):
    return ProposalFactory(
        plan=demo,
        status=Status.PUBLISHED,
        title="Participación ciudadana en presupuestos",
        search_document="participacion ciudadana en presupuestos",
        email=SECRET_EMAIL,
        name=SECRET_NAME,
        organisation="Organización Privada",
        sector="academia",
        region="nuble",
    )


def test_the_list_shows_published_proposals_only(client, published, demo):
    hidden = ProposalFactory(plan=demo, status=Status.RECEIVED, title="Todavía no revisada")
    rejected = ProposalFactory(plan=demo, status=Status.NOT_ADMITTED, title="No admitida")
    page = client.get("/propuestas/").content.decode()
    assert published.title in page
    assert hidden.title not in page and rejected.title not in page


def test_search_ignores_accents_and_case(client, published):
    for query in ["participacion", "PARTICIPACIÓN", "presupuestos"]:
        assert published.title in client.get("/propuestas/", {"q": query}).content.decode(), query
    assert published.title not in client.get("/propuestas/", {"q": "minería"}).content.decode()


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"value": "transparency"}, True),
        ({"value": "technology"}, False),
        ({"sector": "academia"}, True),
        ({"sector": "private"}, False),
        ({"region": "nuble"}, True),
        ({"region": "maule"}, False),
        ({"status": "published"}, True),
        ({"status": "selected"}, False),
    ],
)
def test_filters(client, published, params, shown):
    page = client.get("/propuestas/", params).content.decode()
    assert (published.title in page) is shown


def test_the_institution_filter(client, published):
    institution = InstitutionFactory()
    page = client.get("/propuestas/", {"institution": institution.pk}).content.decode()
    assert published.title not in page
    published.responsible_institution = institution
    published.save()
    page = client.get("/propuestas/", {"institution": institution.pk}).content.decode()
    assert published.title in page


def test_bad_filter_values_never_break_the_page(client, published):
    response = client.get("/propuestas/", {"institution": "abc", "status": "<x>", "pagina": "zz"})
    assert response.status_code == 200


def test_the_detail_page_shows_content_and_timeline(client, published):
    from proposals.services import Change, transition

    transition(published.pk, Change(Status.NOT_SELECTED, public_reason="No es medible"))
    page = client.get(published.get_absolute_url()).content.decode()
    assert published.title in page
    assert "No es medible" in page
    assert "Academia" in page and "Ñuble" in page


def test_the_timeline_gives_machines_each_moment_to_the_second(client, published):
    # HTML's <time datetime> takes at most three decimals: Django's "c" format
    # wrote six, which the Nu HTML checker rejects.
    from proposals.services import Change, transition

    transition(published.pk, Change(Status.NOT_SELECTED, public_reason="No es medible"))
    page = client.get(published.get_absolute_url()).content.decode()
    written = re.findall(r'<time datetime="([^"]*)"', page)
    moments = [event.at.replace(microsecond=0) for event in published.events.order_by("at")]
    read = [dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z") for value in written]
    assert read == moments
    # In Chile's time, as the dates beside them.
    assert [moment.utcoffset() for moment in read] == [
        timezone.localtime(moment).utcoffset() for moment in moments
    ]


def test_an_unpublished_proposal_has_no_public_page(client, demo):
    proposal = ProposalFactory(plan=demo, status=Status.RECEIVED)
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_the_tracking_code_shows_an_unpublished_proposal(client, demo):
    proposal = ProposalFactory(plan=demo, status=Status.RECEIVED, tracking_code="GAD-7KQ2-M9XD")
    page = client.get("/propuestas/seguimiento/", {"code": "gad 7kq2 m9xd"}, follow=True)
    assert proposal.title in page.content.decode()
    assert page.redirect_chain[-1][0].endswith("/propuestas/seguimiento/GAD-7KQ2-M9XD/")


def test_an_unknown_tracking_code_says_so(client, demo):
    response = client.get("/propuestas/seguimiento/GAD-AAAA-BBBB/")
    assert response.status_code == 404
    assert "GAD-AAAA-BBBB" in response.content.decode()


def test_the_name_is_public_only_with_explicit_opt_in(client, published):
    assert SECRET_NAME not in client.get(published.get_absolute_url()).content.decode()
    Proposal.objects.filter(pk=published.pk).update(show_name=True)
    assert SECRET_NAME in client.get(published.get_absolute_url()).content.decode()


def _everything_public(client, proposal) -> str:
    pages = [
        "/propuestas/",
        proposal.get_absolute_url(),
        f"/propuestas/seguimiento/{proposal.tracking_code}/",
        "/",
        "/planes/proceso-de-demostracion/",
    ]
    parts = [client.get(path).content.decode() for path in pages]
    for path in ["/propuestas/propuestas.csv", "/propuestas/propuestas.json"]:
        parts.append(b"".join(client.get(path).streaming_content).decode())
    return "\n".join(parts)


def test_no_public_page_or_export_contains_personal_data(client, published):
    Proposal.objects.filter(pk=published.pk).update(show_name=False)
    everything = _everything_public(client, published)
    assert published.title in everything
    for secret in [SECRET_EMAIL, SECRET_NAME, "Organización Privada", "example.org"]:
        assert secret not in everything, secret


def test_the_exports_list_published_proposals(client, published, demo):
    ProposalFactory(plan=demo, status=Status.RECEIVED)
    rows = (
        b"".join(client.get("/propuestas/propuestas.csv").streaming_content).decode().splitlines()
    )
    assert len(rows) == 2
    assert rows[0].startswith("id,tracking_code,plan")
    document = json.loads(b"".join(client.get("/propuestas/propuestas.json").streaming_content))
    assert [p["title"] for p in document["proposals"]] == [published.title]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert (
            client.get("/propuestas/", {"q": "presupuesto", "value": "transparency"}).status_code
            == 200
        )
    return len(context)


def test_the_list_query_count_does_not_grow_with_proposals(client, demo):
    ProposalFactory.create_batch(10, plan=demo, status=Status.PUBLISHED)
    few = _list_queries(client)
    institution = InstitutionFactory()
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=demo,
            status=Status.PUBLISHED,
            tracking_code=f"GAB-{n:04d}-BULK",
            responsible_institution=institution,
            search_document="presupuesto municipal",
        )
        for n in range(10_000)
    )
    assert _list_queries(client) == few


def test_the_csv_columns_follow_the_record(published):
    from proposals import exports
    from proposals.selectors import public_proposals

    assert list(exports.record(public_proposals().get())) == exports.COLUMNS


@pytest.mark.parametrize("code", ["---", "abc", "<script>", "ga5-7kq2"])
def test_a_code_that_is_not_a_code_gets_a_message_not_an_error(client, demo, code):
    response = client.get("/propuestas/seguimiento/", {"code": code})
    assert response.status_code == 200
    assert "no es un código de seguimiento" in response.content.decode()
