"""The page cache serves anonymous visitors whole pages, never one visitor's
session, token or message to another, and shows every change at once."""

from __future__ import annotations

import datetime as dt
import gzip
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from api.urls import router
from plans.models import ActionPlan
from proposals.models import Status
from proposals.services import Change, transition
from stages import engine
from stages.models import Stage, StageKind
from tests.core.factories import UserFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fifth(seeded):
    return ActionPlan.objects.get(number=5, origin="official")


def test_a_second_anonymous_visit_is_served_from_the_cache(
    client, seeded, django_assert_num_queries
):
    first = client.get("/planes/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/planes/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second  # the middleware still adds the headers


@pytest.mark.parametrize("browser_first", [True, False], ids=["stored-for", "served-to"])
def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed(client, seeded, browser_first):
    def browser():
        return client.get("/planes/", headers={"accept-encoding": "gzip, deflate, br, zstd"})

    if browser_first:
        packed, plain = browser(), client.get("/planes/")
    else:
        plain, packed = client.get("/planes/"), browser()
    assert [packed["X-Page-Cache"], plain["X-Page-Cache"]] == (
        ["miss", "hit"] if browser_first else ["hit", "miss"]
    )
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert int(packed["Content-Length"]) == len(packed.content)
    for answer in (plain, packed):  # a shared cache downstream must tell them apart
        assert "Accept-Encoding" in answer["Vary"]


def test_a_change_made_by_another_process_shows_at_once(client, seeded):
    """A hit reads the version with the page (one MGET) under the version this
    process saw last: a bump by another web worker is seen on the next visit."""
    from django.core.cache import cache

    from core.cache import VERSION_KEY

    client.get("/planes/")
    assert client.get("/planes/")["X-Page-Cache"] == "hit"
    cache.incr(VERSION_KEY)  # as another process's bump() does, nothing in this one
    assert client.get("/planes/")["X-Page-Cache"] == "miss"
    assert client.get("/planes/")["X-Page-Cache"] == "hit"


def test_the_language_and_the_query_string_are_part_of_the_key(client, seeded):
    client.get("/propuestas/")
    assert client.get("/en/propuestas/")["X-Page-Cache"] == "miss"
    assert client.get("/propuestas/?q=datos")["X-Page-Cache"] == "miss"
    assert client.get("/propuestas/")["X-Page-Cache"] == "hit"


def test_a_moderators_decision_shows_at_once(client, fifth):
    proposal = ProposalFactory(plan=fifth, title="Presupuestos abiertos")
    assert proposal.title not in client.get("/propuestas/").content.decode()
    transition(proposal.pk, Change(Status.PUBLISHED))
    assert proposal.title in client.get("/propuestas/").content.decode()


def test_a_stage_opening_shows_at_once(client, fifth):
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    before = reception.starts_at - dt.timedelta(hours=1)
    with time_machine.travel(before, tick=False):
        page = client.get(fifth.get_absolute_url()).content.decode()
        assert page.count("tracker-step--open") == 1  # awareness sessions only
    with time_machine.travel(reception.starts_at + dt.timedelta(minutes=1), tick=False):
        engine.tick()
        page = client.get(fifth.get_absolute_url()).content.decode()
        assert page.count("tracker-step--open") == 2  # and now reception


def test_a_date_moved_by_staff_shows_at_once(client, fifth):
    reception = fifth.stages.get(kind=StageKind.RECEPTION)
    client.get(fifth.get_absolute_url())
    Stage.objects.filter(pk=reception.pk).update(description="x")  # signals skipped: no change
    reception.description = "Vía formulario único, con plazo ampliado."
    reception.save()
    assert "plazo ampliado" in client.get(fifth.get_absolute_url()).content.decode()


def test_an_import_shows_at_once(client, fifth, tmp_path):
    client.get(fifth.get_absolute_url())
    data = (
        "plan_number,commitment_number,ogp_id,title,responsible_institution,"
        "supporting_institutions,problem,description,expected_results,transparency,"
        "accountability,participation,technology,completion,milestone_number,"
        "milestone_title,milestone_deliverable,milestone_start,milestone_end,"
        "milestone_completion\n"
        "5,2,,Compras públicas abiertas,ChileCompra,,,Publicar,,yes,no,no,no,,,,,,,\n"
    )
    path = tmp_path / "c.csv"
    path.write_text(data, encoding="utf-8")
    call_command("import_commitments", str(path), stdout=io.StringIO())
    assert "Compras públicas abiertas" in client.get(fifth.get_absolute_url()).content.decode()


def test_two_visitors_never_share_a_session_or_a_csrf_token(seeded):
    first, second = Client(), Client()
    # A page with a POST form sets the visitor's own token: never stored.
    form = first.get("/avisos/")
    assert form.cookies.get("csrftoken")
    assert "X-Page-Cache" not in form
    again = second.get("/avisos/")
    assert again.cookies["csrftoken"].value != form.cookies["csrftoken"].value
    # A stored page carries no token and sets no cookie.
    first.get("/planes/")
    stored = second.get("/planes/")
    assert stored["X-Page-Cache"] == "hit"
    assert not stored.cookies
    assert "csrfmiddlewaretoken" not in stored.content.decode()


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(client, seeded):
    client.get("/planes/")
    client.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in client.get("/planes/")
    del client.cookies["sessionid"]
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get("/planes/")


def test_staff_pages_and_signed_in_staff_are_never_served_from_the_cache(client, seeded):
    client.get("/planes/")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "X-Page-Cache" not in client.get("/planes/")
    for path in ("/gestion/", "/gestion/propuestas/", "/gestion/calendario/", "/gestion/correos/"):
        first, second = client.get(path), client.get(path)
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


def test_the_cache_can_be_turned_off(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/planes/")
    assert "X-Page-Cache" not in client.get("/planes/")


# Addresses the public reads that are not whole cacheable pages, and why.
NOT_CACHED = {
    "proposals:submit": "a form with the visitor's CSRF token",
    "proposals:draft_begin": "a POST that starts a draft",
    "proposals:draft_resume": "a draft's private link, redirecting to its step",
    "proposals:draft_step": "a draft's answers, with a CSRF token",
    "proposals:draft_review": "a draft's answers, with a CSRF token",
    "proposals:draft_save_link": "a form with the visitor's CSRF token",
    "proposals:start": "a redirect to the open form",
    "proposals:thanks": "the visitor's own tracking code, from the session",
    "proposals:track": "a form (GET) that redirects",
    "proposals:track_code": "rate-limited per visitor: each look-up must count",
    "proposals:erase": "a form with the visitor's CSRF token",
    "proposals:download_csv": "streamed file",
    "proposals:download_json": "streamed file",
    "plans:plan_commitments_csv": "streamed file",
    "plans:plan_commitments_json": "streamed file",
    "tracking:evidence_file": "streamed file, served only while its update is public",
    "opendata:download": "streamed file",
    "stages:subscribe": "a form with the visitor's CSRF token",
    "stages:subscription_sent": "a plain confirmation after a POST",
    "stages:subscription_confirm": "a token link, with a form",
    "stages:unsubscribe": "a token link, with a form",
    "worktables:register": "a form with the visitor's CSRF token",
    "worktables:registration": "one person's registration (the token is theirs), with a form",
    "worktables:registration_confirm": "a token link, with a form",
    "worktables:registration_cancel": "a POST with the token",
    "worktables:attachment": "a file download, checked for publication on each request",
    "plans:forum_rules": "a file download",
    "plans:plan_document": "a file download",
    "plans:forum_minutes": "a file download",
    "consultation:comment_plan": "a form with the visitor's CSRF token",
    "consultation:comment_commitment": "a form with the visitor's CSRF token",
    "consultation:reply": "a form with the visitor's CSRF token",
    "consultation:flag": "a form with the visitor's CSRF token, rate-limited per visitor",
    "consultation:confirm": "a token link, with a form",
    "consultation:report_csv": "streamed file",
    "consultation:report_json": "streamed file",
    "manifest": "a static file",
    "robots_txt": "a static file",
    "sitemap_index": "the sitemap framework caches nothing: cheap queries",
    "sitemap_section": "the sitemap framework caches nothing: cheap queries",
    "healthz": "must reflect the services now",
    "core:share_image": "a PNG, kept in the cache under a key made of its text",
    "plans:plan_share_image": "a PNG, kept in the cache under a key made of its text",
    "plans:commitment_share_image": "a PNG, kept in the cache under a key made of its text",
}


# The API keeps its answers in the cache itself, under the page cache's version
# and after counting the request against the client's rate limit, and answers
# 304 to a client that has them (api/base.py). Its schema and documentation
# are generated in the visitor's language.
NOT_CACHED.update(
    {
        f"api:{basename}-{kind}": "the API's own cache and 304s (api/base.py)"
        for _prefix, _viewset, basename in router.registry
        for kind in ("list", "detail")
    }
)
NOT_CACHED.update(
    {
        "api:api-root": "a list of the API's addresses, generated per request",
        "api:schema": "the OpenAPI schema, generated in the visitor's language",
        "api:docs": "Swagger UI's page and its settings script",
    }
)


def _public_patterns():
    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if "admin" in route:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and "gestion/" not in route:
                name = ":".join(filter(None, [namespace, pattern.name]))
                yield name, pattern.callback

    return list(walk(get_resolver().url_patterns, "", ""))


def test_every_public_page_is_cached_or_says_why_not():
    """A new public page joins the page cache (and so the load benchmark) or is
    listed above with its reason."""
    for name, view in _public_patterns():
        if name in NOT_CACHED:
            assert not getattr(view, "public_page", False), f"{name} is cached after all"
        else:
            assert getattr(view, "public_page", False), f"{name}: add @public_page or a reason"


def test_a_confirmed_comment_shows_at_once(client, db):
    from consultation.models import Comment
    from tests.consultation.factories import CommentFactory, draft_plan

    commitment = draft_plan().commitments.get(number=1)
    path = f"/planes/{commitment.plan.slug}/compromisos/1/consulta/"
    comment = CommentFactory(commitment=commitment, status="pending", text="Recién confirmado")
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    client.post(f"/consulta/confirmar/{comment.token}/")
    assert Comment.objects.get().status == "published"
    page = client.get(path)
    assert page["X-Page-Cache"] == "miss"
    assert "Recién confirmado" in page.content.decode()
