from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from stages.models import Subscription

pytestmark = pytest.mark.django_db

FORM = "/avisos/"
EMAIL = "Ana.Perez@Example.cl"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def subscribe(client, django_capture_on_commit_callbacks, mailoutbox):
    def post(email: str = EMAIL, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM, {"email": email, **extra}, follow=True)

    return post


def _link(message, kind: str) -> str:
    return re.search(rf"http://127\.0\.0\.1:8000(/avisos/{kind}/[\w-]+/)", message.body)[1]


def test_the_footer_links_the_form_and_the_form_asks_for_an_address(client):
    home = client.get("/").content.decode()
    assert f'href="{FORM}"' in home
    page = client.get(FORM).content.decode()
    assert 'name="email"' in page
    assert "Avisos por correo" in page


def test_subscribing_sends_a_confirmation_and_no_notice_until_confirmed(subscribe, mailoutbox):
    response = subscribe()
    assert response.redirect_chain == [("/avisos/enviado/", 302)]
    assert "Revisa tu correo" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert not Subscription.objects.active().exists()
    [message] = mailoutbox
    assert message.to == [EMAIL]
    assert message.subject == "Confirma tu suscripción a los avisos de Gobierno Abierto"
    assert _link(message, "confirmar") == f"/avisos/confirmar/{subscription.token}/"


def test_the_confirmation_link_asks_first_and_confirms_on_the_button(subscribe, client, mailoutbox):
    subscribe()
    url = _link(mailoutbox[0], "confirmar")
    page = client.get(url)
    assert "Confirmar mi suscripción" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None  # a link scanner confirms nothing
    done = client.post(url)
    assert "Suscripción confirmada" in done.content.decode()
    assert Subscription.objects.active().count() == 1


def test_confirming_needs_the_forms_csrf_token(subscribe, mailoutbox):
    subscribe()
    response = Client(enforce_csrf_checks=True).post(_link(mailoutbox[0], "confirmar"))
    assert response.status_code == 403
    assert Subscription.objects.get().confirmed_at is None


def test_one_click_unsubscribe_works_without_a_csrf_token(subscribe, client, mailoutbox):
    subscribe()
    client.post(_link(mailoutbox[0], "confirmar"))
    [message] = mailoutbox
    url = re.fullmatch(r"<http://127\.0\.0\.1:8000(.+)>", message.extra_headers["List-Unsubscribe"])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # What a mail client sends (RFC 8058): a bare POST, no cookie, no token.
    response = Client(enforce_csrf_checks=True).post(
        url[1], "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Avisos detenidos" in response.content.decode()
    assert not Subscription.objects.active().exists()


def test_the_unsubscribe_link_asks_before_unsubscribing(subscribe, client, mailoutbox):
    subscribe()
    url = _link(mailoutbox[0], "baja")
    assert "Detener los avisos" in client.get(url).content.decode()
    assert Subscription.objects.get().unsubscribed_at is None


def test_an_unknown_token_is_not_found(client):
    assert client.get("/avisos/baja/nope/").status_code == 404
    assert client.post("/avisos/confirmar/nope/").status_code == 404


def test_subscribing_again_says_the_same_and_reveals_nothing(subscribe, client, mailoutbox):
    first = subscribe().content.decode()
    client.post(_link(mailoutbox[0], "confirmar"))
    again = subscribe(EMAIL.lower()).content.decode()
    other = subscribe("otra@example.cl").content.decode()
    first, again, other = (_without_csrf_token(page) for page in (first, again, other))
    assert first == again == other
    assert Subscription.objects.count() == 2
    # A confirmed address is not written to again: nobody can flood it.
    assert [m.to for m in mailoutbox] == [[EMAIL], ["otra@example.cl"]]


def _without_csrf_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_an_address_that_unsubscribed_can_subscribe_again(subscribe, client, mailoutbox):
    subscribe()
    client.post(_link(mailoutbox[0], "confirmar"))
    client.post(_link(mailoutbox[0], "baja"))
    subscribe()
    assert len(mailoutbox) == 2
    client.post(_link(mailoutbox[1], "confirmar"))
    assert Subscription.objects.active().count() == 1


def test_it_limits_subscriptions_per_connection(subscribe):
    for n in range(5):
        assert subscribe(f"p{n}@example.cl").status_code == 200
    response = subscribe("p6@example.cl")
    assert response.status_code == 429
    assert "Intentaste suscribirte demasiadas veces" in response.content.decode()
    assert Subscription.objects.count() == 5


def test_a_bot_filling_the_honeypot_sees_success_and_nothing_happens(subscribe, mailoutbox):
    response = subscribe(website="http://spam.example")
    assert response.redirect_chain == [("/avisos/enviado/", 302)]
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_the_honeypot_is_hidden_from_people(client):
    page = client.get(FORM).content.decode()
    field = re.search(r'<div[^>]*visually-hidden[^>]*>.*?name="website"[^>]*>', page, re.S)
    assert field is not None
    assert 'tabindex="-1"' in field[0]


def test_no_page_ever_shows_an_email_address(subscribe, client, mailoutbox):
    pages = [subscribe().content, client.get("/avisos/enviado/").content]
    confirm, unsubscribe = _link(mailoutbox[0], "confirmar"), _link(mailoutbox[0], "baja")
    pages += [client.get(confirm).content, client.post(confirm).content]
    pages += [client.get(unsubscribe).content, client.post(unsubscribe).content]
    for n in range(6):
        pages.append(subscribe(f"limite{n}@example.cl").content)  # the last one: rate limited
    for page in pages:
        assert "@example.cl" not in page.decode().lower()
