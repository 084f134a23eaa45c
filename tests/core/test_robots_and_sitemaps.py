"""robots.txt keeps crawlers out of staff and personal pages and points to the
sitemap, which lists the official record's plans, commitments and published
proposals, split into sections and pages."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import ActionPlan, Origin
from plans.sitemaps import CommitmentSitemap
from proposals.models import Proposal, Status
from proposals.sitemaps import ProposalSitemap
from tests.helpers import create_demo_process
from tests.plans.factories import ActionPlanFactory, CommitmentFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import DraftFactory, TableSessionFactory, WorkTableFactory

pytestmark = pytest.mark.django_db

CHANGED = dt.datetime(2026, 3, 4, 15, 30, tzinfo=dt.UTC)


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return [
        urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else "")
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    ]


def disallowed(robots: str) -> list[str]:
    return re.findall(r"^Disallow: (\S+)$", robots, flags=re.MULTILINE)


def blocked(path: str, rules: list[str]) -> bool:
    return any(path.startswith(rule) for rule in rules)


@pytest.fixture
def record(seeded):
    official = ActionPlan.objects.get(number=5, origin=Origin.OFFICIAL)
    demo = create_demo_process()
    synthetic = ActionPlanFactory(origin=Origin.SYNTHETIC, number=None, slug="sintetico-1")
    return {
        "published": ProposalFactory(plan=official, status=Status.SELECTED, title="Oficial"),
        "received": ProposalFactory(plan=official, status=Status.RECEIVED),
        "not_admitted": ProposalFactory(plan=official, status=Status.NOT_ADMITTED),
        "demo": ProposalFactory(plan=demo, status=Status.PUBLISHED),
        "synthetic": ProposalFactory(plan=synthetic, status=Status.PUBLISHED),
        "synthetic_commitment": CommitmentFactory(plan=synthetic, number=1),
        "demo_plan": demo,
        "synthetic_plan": synthetic,
    }


def test_robots_txt_keeps_staff_and_personal_pages_out_and_points_to_the_sitemap(client, record):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    robots = response.content.decode()
    rules = disallowed(robots)
    private = [
        "/admin/",
        reverse("stages:staff_calendar"),
        reverse("proposals:queue"),
        reverse("proposals:track"),
        reverse("proposals:track_code", args=["GA5-7KQ2-M9XD"]),
        reverse("proposals:thanks"),
        reverse("worktables:registration", args=["token"]),
        reverse("worktables:registration_confirm", args=["token"]),
    ]
    with translation.override("en"):
        private += [reverse("proposals:queue"), reverse("proposals:track_code", args=["X"])]
    for path in private:
        assert blocked(path, rules), path
    public = [
        "/",
        reverse("proposals:list"),
        record["published"].get_absolute_url(),
        reverse("plans:plan_detail", args=["plan-5-2020-2022"]),
        "/en/propuestas/",
    ]
    for path in public:
        assert not blocked(path, rules), path
    assert "Sitemap: http://testserver/sitemap.xml" in robots.splitlines()


def test_the_index_lists_one_section_per_kind(client, record):
    assert locations(client, "/sitemap.xml") == [
        "/sitemap-planes.xml",
        "/sitemap-compromisos.xml",
        "/sitemap-propuestas.xml",
        "/sitemap-jornadas.xml",
        "/sitemap-mesas.xml",
        "/sitemap-borradores.xml",
    ]


def test_sessions_tables_and_published_drafts_of_the_official_record_are_listed(client, record):
    official = ActionPlan.objects.get(number=5, origin=Origin.OFFICIAL)
    table = WorkTableFactory(plan=official)
    session = TableSessionFactory(table=table)
    published = DraftFactory(table=table, published_at=CHANGED)
    unpublished = DraftFactory(table=table)
    demo_table = WorkTableFactory(plan=record["demo_plan"])
    demo_session = TableSessionFactory(table=demo_table)
    demo_draft = DraftFactory(table=demo_table, published_at=CHANGED)

    assert locations(client, "/sitemap-jornadas.xml") == [session.get_absolute_url()]
    assert locations(client, "/sitemap-mesas.xml") == [table.get_absolute_url()]
    drafts = locations(client, "/sitemap-borradores.xml")
    assert drafts == [published.get_absolute_url()]
    assert unpublished.get_absolute_url() not in drafts
    assert demo_draft.get_absolute_url() not in drafts
    assert demo_session.get_absolute_url() not in locations(client, "/sitemap-jornadas.xml")


def test_only_the_official_records_pages_are_listed(client, record):
    plans = locations(client, "/sitemap-planes.xml")
    assert plans == [
        f"/planes/plan-{n}-{start}-{end}/"
        for n, start, end in [
            (1, 2012, 2013),
            (2, 2014, 2016),
            (3, 2016, 2018),
            (4, 2018, 2020),
            (5, 2020, 2022),
        ]
    ]
    commitments = locations(client, "/sitemap-compromisos.xml")
    assert "/planes/plan-4-2018-2020/compromisos/3/" in commitments
    assert record["synthetic_commitment"].get_absolute_url() not in commitments
    assert all(path.startswith("/planes/plan-") for path in commitments)

    proposals = locations(client, "/sitemap-propuestas.xml")
    assert proposals == [record["published"].get_absolute_url()]


def test_a_proposal_is_listed_with_the_date_its_status_changed(client, record):
    Proposal.objects.filter(pk=record["published"].pk).update(status_changed_at=CHANGED)
    xml = client.get("/sitemap-propuestas.xml").content.decode()
    assert "<lastmod>2026-03-04</lastmod>" in xml


def test_a_section_past_its_limit_is_split_into_pages_listed_in_the_index(
    client, record, monkeypatch
):
    official = record["published"].plan
    for _ in range(4):
        ProposalFactory(plan=official, status=Status.PUBLISHED)
    monkeypatch.setattr(ProposalSitemap, "limit", 2)
    monkeypatch.setattr(CommitmentSitemap, "limit", 1)

    index = locations(client, "/sitemap.xml")
    assert index.count("/sitemap-propuestas.xml") == 1
    assert "/sitemap-propuestas.xml?p=2" in index and "/sitemap-propuestas.xml?p=3" in index
    assert "/sitemap-propuestas.xml?p=4" not in index
    assert "/sitemap-compromisos.xml?p=2" in index  # the two commitments of the 4th plan

    pages = [locations(client, f"/sitemap-propuestas.xml?p={n}") for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [path for page in pages for path in page]
    assert len(set(listed)) == 5
    assert client.get("/sitemap-propuestas.xml?p=4").status_code == 404


def test_the_sitemap_costs_the_same_queries_with_more_proposals(
    client, record, django_assert_max_num_queries
):
    official = record["published"].plan
    Proposal.objects.bulk_create(
        ProposalFactory.build(
            plan=official, status=Status.PUBLISHED, tracking_code=f"GAS-{n:04d}-BULK"
        )
        for n in range(300)
    )
    with django_assert_max_num_queries(2):  # the count, the page of proposals
        assert len(locations(client, "/sitemap-propuestas.xml")) == 301
    with django_assert_max_num_queries(9):  # a count per section (6), the latest change
        client.get("/sitemap.xml")
