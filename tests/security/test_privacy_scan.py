"""No personal data on any public address: the world's e-mails, the names of
people who did not choose to show them, organisations, attendees' details,
session links and internal notes are each a unique string, and every public
page, feed, calendar, export, file and sitemap is searched for every one of
them, in Spanish and in English. Zero is the only accepted count.

"Public" is every URL the resolver knows outside the staff area and the admin,
so a page added later (an API, the consultation, the selection) is scanned
without anyone adding it here; one that takes arguments fails until
``SAMPLE_KWARGS`` (tests/security/world.py) has a line for it. This reads what
a visitor receives; tests/core/test_privacy.py reads the SQL behind it."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.security.conftest import client_for, fetch, report
from tests.security.world import SAMPLE_KWARGS, SECRETS, World, all_urls, missing_sample

pytestmark = pytest.mark.django_db

# Pages opened with a private link show their holder's own details, and only
# those: a registration to its attendee, a draft to whoever writes it.
OWN_DETAILS = {
    "worktables:registration": {"attendee name", "attendee e-mail", "session link"},
    "worktables:registration_confirm": {"attendee name", "attendee e-mail", "session link"},
    "proposals:draft_resume": {"draft answer"},  # sends to the draft's step
    "proposals:draft_step": {"draft answer"},
    "proposals:draft_review": {"draft answer"},
    "proposals:draft_save_link": {"draft e-mail"},
    "stages:unsubscribe": {"subscriber e-mail"},
    "stages:subscription_confirm": {"subscriber e-mail"},
}
# Extra addresses: filters, searches, the other language, later pages.
EXTRA_QUERIES = {
    "proposals:list": ["?q=presupuesto&value=transparency", "?pagina=2", "?orden=titulo"],
    "tracking:dashboard": ["?plan=plan-5-2020-2022&status=limited"],
    "tracking:repository": ["?q=avance", "?stage=implementation"],
    "sitemap_section": ["?p=1"],
}


def public_addresses(world: World) -> list[tuple[str, str]]:
    addresses = []
    for url in all_urls():
        if url.name.startswith("admin:") or url.route.startswith(("gestion/", "admin/")):
            continue
        if "gestion/" in url.route:
            continue
        if url.arguments and url.name not in SAMPLE_KWARGS:
            pytest.fail(missing_sample(url))
        path = reverse(url.name, kwargs=SAMPLE_KWARGS[url.name](world) if url.arguments else {})
        addresses.append((url.name, path))
        addresses += [(url.name, path + query) for query in EXTRA_QUERIES.get(url.name, [])]
        if ":" in url.name:  # the apps' URLs, under i18n_patterns: also in English
            addresses.append((url.name, "/en" + path))
    return addresses


def forms_of(secret: str) -> set[str]:
    """How a string may appear: as written, escaped in JSON, in a link, in
    HTML, case aside."""
    return {
        secret.lower(),
        json.dumps(secret)[1:-1].lower(),
        quote(secret).lower(),
        secret.replace("@", "&#64;").lower(),
    }


def unfolded(body: str) -> str:
    # iCalendar and e-mail fold long lines: a string may be split by "\r\n ".
    return body.replace("\r\n ", "").replace("\n ", "").replace("\r\n\t", "").lower()


def leaks(body: str, allowed: set[str] = frozenset()) -> list[str]:
    text = unfolded(body)
    return [
        what
        for what, secret in SECRETS.items()
        if what not in allowed and any(form in text for form in forms_of(secret))
    ]


@pytest.mark.parametrize("role", ["anonymous", "citizen"])
def test_no_public_address_shows_personal_data(world, role):
    client = client_for(world, role)
    found, fetched, size = [], 0, 0
    for name, path in public_addresses(world):
        response = fetch(client, path)
        fetched += 1
        size += len(response.body)
        assert response.status_code < 500, path
        if response.status_code in (301, 302):
            response = fetch(client, response["Location"])
            size += len(response.body)
        leaked = leaks(response.body, OWN_DETAILS.get(name, set()))
        if leaked:
            found.append(f"{path}: {', '.join(leaked)}")
    report(
        f"privacy {role}",
        f"privacy scan ({role}): {fetched} public addresses, {size // 1024} KB read, "
        f"{len(SECRETS)} personal strings each, {len(found)} found",
    )
    assert fetched > 60
    assert not found, "personal data on public addresses:\n" + "\n".join(found)


def test_searching_for_a_private_detail_finds_nothing(world):
    """The search does not index who proposed or registered: typing their
    e-mail or name finds no proposal."""
    client = client_for(world, "anonymous")
    for what in ("proposer e-mail", "proposer name (did not opt in)", "proposer organisation"):
        for path in ("/propuestas/", "/repositorio/"):
            page = fetch(client, path, data={"q": SECRETS[what]}).body
            assert world.published.title not in page, (path, what)


def test_the_owner_pages_show_no_one_elses_details(world):
    """The private pages are allowed their holder's details and nothing else
    (checked above by the allowed set); here: the set is not empty, so the
    allowance is real and the check can fail."""
    client = client_for(world, "anonymous")
    page = fetch(client, reverse("worktables:registration", args=[world.registration.token])).body
    assert leaks(page) and set(leaks(page)) <= OWN_DETAILS["worktables:registration"]


def test_the_scan_sees_a_leak():
    assert leaks(f"<p>{SECRETS['attendee e-mail'].upper()}</p>") == ["attendee e-mail"]
    assert leaks(json.dumps({"x": SECRETS["proposer name (did not opt in)"]})) == [
        "proposer name (did not opt in)"
    ]
    folded = "DESCRIPTION:" + SECRETS["session link"][:20] + "\r\n " + SECRETS["session link"][20:]
    assert leaks(folded) == ["session link"]
