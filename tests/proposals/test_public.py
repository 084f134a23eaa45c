from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import Proposal, Status
from tests.plans.factories import InstitutionFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secreta.persona@example.org"
SECRET_NAME = "Nombre Muy Privado"


@pytest.fixture
def published(official):
    return ProposalFactory(
        plan=official,
        status=Status.PUBLISHED,
        title="Participación ciudadana en presupuestos",
        search_document="participacion ciudadana en presupuestos",
        email=SECRET_EMAIL,
        name=SECRET_NAME,
        organisation="Organización Privada",
        sector="academia",
        region="nuble",
    )


def test_the_list_shows_published_proposals_only(client, published, official):
    hidden = ProposalFactory(plan=official, status=Status.RECEIVED, title="Todavía no revisada")
    rejected = ProposalFactory(plan=official, status=Status.NOT_ADMITTED, title="No admitida")
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


def test_the_name_is_public_only_with_explicit_opt_in(client, official):
    from proposals.services import Change, submit, transition

    shown = {}
    for show in (False, True):
        proposal = ProposalFactory.build(plan=official, name=SECRET_NAME, show_name=show)
        with time_machine.travel(official.stages.get(kind="reception").starts_at):
            proposal = submit(official, proposal)
        transition(proposal.pk, Change(Status.PUBLISHED))
        shown[show] = SECRET_NAME in client.get(proposal.get_absolute_url()).content.decode()
    assert shown == {False: False, True: True}


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


def test_the_exports_list_published_proposals(client, published, official):
    ProposalFactory(plan=official, status=Status.RECEIVED)
    rows = (
        b"".join(client.get("/propuestas/propuestas.csv").streaming_content).decode().splitlines()
    )
    assert len(rows) == 2
    assert rows[0].startswith("\ufeffid,tracking_code,plan")
    document = json.loads(b"".join(client.get("/propuestas/propuestas.json").streaming_content))
    assert [p["title"] for p in document["proposals"]] == [published.title]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert (
            client.get("/propuestas/", {"q": "presupuesto", "value": "transparency"}).status_code
            == 200
        )
    return len(context)


# Every facet's counts (one aggregate with FILTER clauses), the institutions'
# facet (one GROUP BY, which also names them), the filtered total (a bounded
# COUNT, as a filter is chosen), the page of proposals, and the open process
# with its stages for the reception notice. The paginator runs no COUNT of its
# own.
LIST_QUERIES = 5


def test_the_list_query_count_does_not_grow_with_proposals(client, official):
    ProposalFactory.create_batch(10, plan=official, status=Status.PUBLISHED)
    few = _list_queries(client)
    assert few == LIST_QUERIES
    institution = InstitutionFactory()
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=official,
            status=Status.PUBLISHED,
            tracking_code=f"GAB-{n:04d}-BULK",
            responsible_institution=institution,
            search_document="presupuesto municipal",
        )
        for n in range(10_000)
    )
    assert _list_queries(client) == few


@pytest.mark.parametrize("code", ["---", "abc", "<script>", "ga5-7kq2"])
def test_a_code_that_is_not_a_code_gets_a_message_not_an_error(client, demo, code):
    response = client.get("/propuestas/seguimiento/", {"code": code})
    assert response.status_code == 200
    assert "no es un código de seguimiento" in response.content.decode()


def test_demonstration_proposals_stay_out_of_the_official_record(client, published, demo):
    made_up = ProposalFactory(plan=demo, status=Status.PUBLISHED, title="Propuesta inventada")
    assert made_up.origin == "demo"
    official_list = client.get("/propuestas/").content.decode()
    exports = "".join(
        b"".join(client.get(f"/propuestas/propuestas.{fmt}").streaming_content).decode()
        for fmt in ("csv", "json")
    )
    assert published.title in official_list and published.title in exports
    assert made_up.title not in official_list and made_up.title not in exports
    # The demonstration process's own list shows them, labelled.
    demo_list = client.get("/propuestas/", {"plan": demo.slug}).content.decode()
    assert made_up.title in demo_list
    assert 'data-origin="demo"' in demo_list
    assert 'data-origin="demo"' in client.get(made_up.get_absolute_url()).content.decode()
