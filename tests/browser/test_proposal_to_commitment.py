"""A journalist follows a proposal to what it became, in a real Chromium: from
the proposal's page to the commitment draft and the commitment it went
into, and back from the commitment to the proposal; the plan's page counts
its proposals and lists its official documents. A moderator's form shows only
the fields of the decision chosen. Every page passes axe at a phone's width
and fits it.

As the conftest explains, the data is written before the browser opens."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import track_problems
from tests.browser.test_proposals import PASSWORD, assert_accessible, log_in

pytestmark = pytest.mark.browser


def es(text: str) -> str:
    with translation.override("es-cl"):
        return gettext(text)


@dataclass(frozen=True)
class Journey:
    plan_slug: str
    proposal_pk: int
    proposal_code: str
    proposal_title: str
    commitment_path: str
    commitment_title: str
    draft_pk: int
    at_table_pk: int
    moderator: str


@pytest.fixture
def journey(portal_url) -> Journey:
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from plans.models import PlanDocument
    from proposals.models import Status
    from proposals.services import Change, transition
    from tests.core.factories import UserFactory
    from tests.plans.factories import ActionPlanFactory, CommitmentFactory
    from tests.proposals.factories import ProposalFactory
    from tests.worktables.factories import DraftFactory, WorkTableFactory
    from worktables import services as tables

    moderator = UserFactory(username="moderadora-trazas", is_staff=True, password=PASSWORD)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_proposal"))
    plan = ActionPlanFactory(
        slug="plan-de-la-traza",
        title="Plan de prueba de la traza",
        ogp_url="https://www.opengovpartnership.org/members/chile/",
    )
    PlanDocument.objects.create(
        plan=plan, kind=PlanDocument.Kind.ACTION_PLAN, title="El plan", url="https://a.cl/p.pdf"
    )
    table = WorkTableFactory(plan=plan, name="Justicia abierta")
    proposal = ProposalFactory(
        plan=plan, status=Status.PUBLISHED, title="Sentencias judiciales en datos abiertos"
    )
    tables.assign(proposal.pk, table, moderator)
    draft = DraftFactory(table=table, title="Justicia abierta y datos")
    draft.links.create(proposal=proposal)
    tables.publish_table(table.pk, moderator)
    commitment = CommitmentFactory(plan=plan, number=1, title="Justicia abierta para todos")
    transition(
        proposal.pk,
        Change(Status.SELECTED, commitment=commitment, public_reason="La Mesa lo seleccionó."),
        moderator,
    )
    # Another proposal still at the table, for the moderation form.
    waiting = ProposalFactory(plan=plan, status=Status.PUBLISHED, title="Audiencias abiertas")
    tables.assign(waiting.pk, table, moderator)
    DraftFactory(table=table, title="Otro borrador", published_at=timezone.now())
    return Journey(
        plan_slug=plan.slug,
        proposal_pk=proposal.pk,
        proposal_code=proposal.tracking_code,
        proposal_title=proposal.title,
        commitment_path=commitment.get_absolute_url(),
        commitment_title=commitment.title,
        draft_pk=draft.pk,
        at_table_pk=waiting.pk,
        moderator=moderator.username,
    )


@pytest.fixture
def pages(journey, open_page):
    return open_page


def test_from_a_proposal_to_its_commitment_and_back(pages, portal_url, journey):
    page = pages(PHONE)
    problems = track_problems(page)
    page.goto(f"{portal_url}/propuestas/{journey.proposal_pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.proposal_title)
    assert_accessible(page, "a selected proposal", "phone", problems)

    # Where it went: the draft first, then the commitment it became.
    where = page.locator(".where-it-went")
    expect(where.get_by_role("link")).to_have_count(2)
    expect(where.get_by_role("link").nth(0)).to_have_attribute(
        "href", f"/borradores/{journey.draft_pk}/"
    )
    where.get_by_role("link", name=re.compile(journey.commitment_title)).click()
    expect(page).to_have_url(portal_url + journey.commitment_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.commitment_title)
    assert_accessible(page, "the commitment it became", "phone", problems)

    # ...and back: the commitment lists the proposals that led to it.
    sources = page.locator(
        "section",
        has=page.get_by_role("heading", name=es("Citizen proposals that led to this commitment")),
    )
    sources.get_by_role("link", name=re.compile(journey.proposal_code)).click()
    expect(page).to_have_url(f"{portal_url}/propuestas/{journey.proposal_pk}/")

    # The draft it went through lists it too.
    page.goto(f"{portal_url}/borradores/{journey.draft_pk}/")
    expect(page.get_by_role("link", name=re.compile(journey.proposal_code))).to_be_visible()
    # So does the tracking page, to the same places.
    page.goto(f"{portal_url}/propuestas/seguimiento/{journey.proposal_code}/")
    expect(page.locator(".where-it-went").get_by_role("link")).to_have_count(2)
    assert not problems, problems


def test_the_plan_page_counts_its_proposals_and_lists_its_documents(pages, portal_url, journey):
    page = pages(PHONE)
    problems = track_problems(page)
    page.goto(f"{portal_url}/planes/{journey.plan_slug}/")
    assert_accessible(page, "a plan page with its proposals and documents", "phone", problems)
    documents = page.locator("section[aria-labelledby=documentos]")
    expect(documents.get_by_role("link", name=re.compile("El plan"))).to_have_attribute(
        "href", "https://a.cl/p.pdf"
    )
    expect(documents.locator("a[rel=external]")).to_have_attribute(
        "href", "https://www.opengovpartnership.org/members/chile/"
    )
    proposals = page.locator("section[aria-labelledby=propuestas-del-plan]")
    # Received: the selected one and the one still at its table.
    expect(proposals.locator("dd").first).to_have_text("2")
    proposals.get_by_role("link").click()
    expect(page).to_have_url(f"{portal_url}/propuestas/?plan={journey.plan_slug}")


def test_the_moderation_form_shows_only_what_the_decision_needs(pages, portal_url, journey):
    page = pages(PHONE)
    problems = track_problems(page)
    path = f"/gestion/propuestas/{journey.at_table_pk}/"
    log_in(page, portal_url, journey.moderator, path)
    decision = page.get_by_label(es("Decision"))
    expect(decision).to_have_value("")
    where = page.get_by_label(es("Integrated into"))
    merge = page.get_by_label(es("Merge into the proposal with code"))
    reason = page.get_by_label(es("Public reason"))
    # Nothing but the decision before one is chosen.
    expect(where).to_be_hidden()
    expect(merge).to_be_hidden()
    expect(reason).to_be_hidden()

    decision.select_option("integrated")
    expect(where).to_be_visible()
    expect(reason).to_be_visible()
    expect(merge).to_be_hidden()
    assert_accessible(page, "the moderation form, integrating", "phone", problems)

    decision.select_option("merged")
    expect(merge).to_be_visible()
    expect(where).to_be_hidden()

    # Saving "integrated" without where is refused, with what is missing.
    decision.select_option("integrated")
    page.get_by_role("button", name=es("Save decision")).click()
    expect(page.locator("#decidir")).to_contain_text(
        es("Choose the commitment draft or the commitment it was integrated into.")
    )
    expect(page.get_by_label(es("Integrated into"))).to_be_visible()
    assert not problems, problems
