"""The public consultation in a real Chromium on a 360px phone: a citizen
comments on a draft commitment, publishes it by the link in the e-mail, a
moderator answers it, and the answer is public under the comment. Every page
on the way passes axe-core.

As tests/browser/conftest.py explains, the test thread writes the database
only before the browser opens; the e-mails land in Django's ``mail.outbox``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from consultation.forms import MIN_FILL_SECONDS
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import track_problems
from tests.browser.test_proposals import PASSWORD, assert_accessible, es, log_in
from tests.browser.test_worktables import link_in, sent_to

pytestmark = pytest.mark.browser

SLUG = "plan-en-consulta"


@dataclass(frozen=True)
class Sample:
    commitment_title: str
    milestone_title: str
    moderator: str


@pytest.fixture
def sample(portal_url, settings) -> Sample:
    """Written before the browser opens: an official plan whose consultation
    is open, and a moderator of the Forum."""
    from django.contrib.auth.models import Permission

    from tests.consultation.factories import draft_plan
    from tests.core.factories import UserFactory

    settings.SITE_URL = portal_url  # the links in the e-mails lead to the live server
    plan = draft_plan("open", slug=SLUG, title="Plan en consulta")
    commitment = plan.commitments.get(number=1)
    moderator = UserFactory(username="moderadora-consulta", is_staff=True, password=PASSWORD)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return Sample(
        commitment_title=commitment.title,
        milestone_title=commitment.milestones.get(number=2).title,
        moderator=moderator.username,
    )


@pytest.fixture
def pages(sample, open_page):
    """The browser opens once the sample is written."""
    return open_page


def test_a_citizen_comments_confirms_and_reads_the_public_response(pages, portal_url, sample):
    open_page = pages
    citizen = open_page(PHONE)
    problems = track_problems(citizen)
    page_url = f"{portal_url}/planes/{SLUG}/compromisos/1/consulta/"

    # From the draft plan to the commitment, then its form.
    citizen.goto(f"{portal_url}/planes/{SLUG}/consulta/")
    assert_accessible(citizen, "the draft plan", "phone", problems)
    citizen.get_by_role("link", name=f"1. {sample.commitment_title}").click()
    expect(citizen).to_have_url(page_url)
    assert_accessible(citizen, "the commitment in consultation", "phone", problems)
    citizen.get_by_role("link", name=es("Write a comment")).click()
    opened = dt.datetime.now()
    assert_accessible(citizen, "the comment form", "phone", problems)
    citizen.get_by_label(es("What part are you commenting on?")).select_option(
        label=f"Hito 2: {sample.milestone_title}"
    )
    citizen.get_by_label(es("I propose an improvement")).check()
    citizen.get_by_label(es("Your comment")).fill("Que el hito 2 tenga un plazo de seis meses.")
    citizen.get_by_label(es("Your name or a pseudonym")).fill("Vecina de Chillán")
    citizen.get_by_label(es("You take part as")).select_option("citizen")
    citizen.get_by_label(es("Region where you live")).select_option("nuble")
    citizen.get_by_label(es("Your e-mail")).fill("vecina.chillan@example.org")
    citizen.get_by_label(
        es("I agree that my e-mail is used to publish my comment and send me its response.")
    ).check()
    remaining = MIN_FILL_SECONDS + 0.5 - (dt.datetime.now() - opened).total_seconds()
    if remaining > 0:
        citizen.wait_for_timeout(remaining * 1000)
    citizen.get_by_role("button", name=es("Send comment")).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(es("Check your e-mail"))
    assert_accessible(citizen, "check your e-mail", "phone", problems)

    # Not public before the e-mail is confirmed.
    citizen.goto(page_url)
    expect(citizen.locator("main")).not_to_contain_text("seis meses")

    # The e-mail's link asks, and the button publishes.
    asked = sent_to("vecina.chillan@example.org", "Confirma tu comentario")
    citizen.goto(link_in(asked, "/consulta/confirmar/"))
    assert_accessible(citizen, "the confirmation question", "phone", problems)
    citizen.get_by_role("button", name=es("Publish my comment")).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(es("Your comment is published"))
    assert_accessible(citizen, "the comment published", "phone", problems)
    citizen.get_by_role("link", name=es("See your comment")).click()
    comment = citizen.locator("article.comment", has_text="seis meses")
    expect(comment).to_contain_text("Vecina de Chillán")
    expect(comment).to_contain_text("Sobre el hito 2")
    expect(comment).to_contain_text(es("Awaiting the Forum's response."))

    # A moderator answers it from the staff area.
    moderator = open_page(DESKTOP)
    problems += track_problems(moderator)
    log_in(moderator, portal_url, sample.moderator, f"/gestion/consulta/?plan={SLUG}")
    expect(moderator.locator("main")).to_contain_text("1 comentario espera respuesta.")
    moderator.get_by_role("link", name=es("Answer the comments")).click()
    moderator.locator("li", has_text="seis meses").get_by_role("link", name=es("Open")).click()
    assert_accessible(moderator, "the staff comment page", "desktop", problems)
    moderator.get_by_label(es("Outcome")).select_option("incorporated")
    moderator.get_by_label(
        es("Reason, published under the comment and e-mailed to its author")
    ).fill("El hito 2 tendrá un plazo de seis meses en la versión final.")
    moderator.get_by_role("button", name=es("Publish the response")).click()
    expect(moderator.get_by_role("status")).to_contain_text(
        es("The response is published and e-mailed.")
    )

    # The response is public under the comment, and the citizen got it by e-mail.
    citizen.goto(page_url)
    comment = citizen.locator("article.comment", has_text="seis meses")
    expect(comment).to_contain_text(es("Response of the Open Government Forum"))
    expect(comment).to_contain_text("El hito 2 tendrá un plazo de seis meses")
    expect(comment).to_contain_text(es("Incorporated"))
    assert_accessible(citizen, "the commitment with the response", "phone", problems)
    answered = sent_to("vecina.chillan@example.org", "La respuesta a tu comentario")
    assert "El hito 2 tendrá un plazo de seis meses" in answered.body
    assert not problems, problems
