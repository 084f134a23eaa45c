"""Signing in to the staff side: wrong passwords lock the account out from
that address for a while, a second factor is asked for, an idle session ends,
weak passwords are refused, and every attempt is in the audit log."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import ActivityLog
from core.signin import IDLE_KEY
from tests.core.factories import UserFactory, current_code, enrol, sign_in_verified

pytestmark = pytest.mark.django_db

PASSWORD = "una-clave-larga-de-prueba"
LOGIN = "/admin/login/?next=/gestion/"


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderadora", is_staff=True, is_superuser=True)


@pytest.fixture
def two_factor(settings):
    settings.STAFF_TWO_FACTOR = True


def sign_in(client, username="moderadora", password=PASSWORD, ip="203.0.113.7", **extra):
    client.raise_request_exception = False
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/gestion/", **extra},
        REMOTE_ADDR=ip,
    )


def actions(user) -> list[str]:
    return list(
        ActivityLog.objects.filter(target_type="auth.user", target_id=str(user.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Brute force --------------------------------------------------------------------


def test_five_wrong_passwords_pause_the_account_from_that_address(client, moderator):
    for _attempt in range(4):
        assert sign_in(client, password="no-es-la-clave").status_code == 200
    assert sign_in(client, password="no-es-la-clave").status_code == 429
    response = sign_in(client)  # the right password, now refused
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inicio de sesión en pausa" in page
    assert "15 minutos" in page
    assert "_auth_user_id" not in client.session


def test_the_pause_holds_only_for_that_address(client, moderator):
    for _attempt in range(5):
        sign_in(client, password="no-es-la-clave")
    assert sign_in(client, ip="198.51.100.20").status_code == 302


def test_the_pause_ends_after_the_cool_off(client, moderator):
    for _attempt in range(5):
        sign_in(client, password="no-es-la-clave")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/gestion/"


def test_a_right_password_clears_the_count(client, moderator):
    for _attempt in range(4):
        sign_in(client, password="no-es-la-clave")
    assert sign_in(client).status_code == 302
    client.logout()
    for _attempt in range(4):
        sign_in(client, password="no-es-la-clave")
    assert sign_in(client).status_code == 302


# --- Second factor --------------------------------------------------------------------


def test_with_the_code_of_the_app_staff_get_in(client, moderator, two_factor):
    device = enrol(moderator)
    response = sign_in(client, otp_token=current_code(device))
    assert response.status_code == 302
    assert client.get("/gestion/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_is_not_enough(client, moderator, two_factor):
    enrol(moderator)
    response = sign_in(client)
    assert response.status_code == 200
    assert "Ingresa el código de seis dígitos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_logged(client, moderator, two_factor):
    device = enrol(moderator)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = sign_in(client, otp_token=wrong)
    assert response.status_code == 200
    assert "El código no es correcto" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "staff.second_factor_failed" in actions(moderator)


def test_an_account_without_an_app_cannot_sign_in(client, moderator, two_factor):
    response = sign_in(client, otp_token="123456")
    assert "no tiene una aplicación de autenticación" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_someone_elses_app_does_not_count(client, moderator, two_factor):
    other = enrol(UserFactory(username="otra", is_staff=True))
    enrol(moderator)
    response = sign_in(client, otp_device=other.persistent_id, otp_token=current_code(other))
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_a_session_without_the_second_factor_is_sent_to_sign_in(client, moderator, two_factor):
    client.force_login(moderator)
    for path in ("/gestion/", "/gestion/propuestas/", "/gestion/avance/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path
    assert client.get("/admin/").status_code == 302


def test_a_verified_session_is_let_in(client, moderator, two_factor):
    sign_in_verified(client, moderator)
    assert client.get("/gestion/propuestas/").status_code == 200


def test_the_sign_in_page_asks_for_the_code_in_spanish(client, two_factor):
    page = client.get("/admin/login/").content.decode()
    assert "Código de verificación" in page
    assert 'autocomplete="one-time-code"' in page


def test_enrolling_prints_the_key_and_a_second_time_needs_replace(moderator):
    out = io.StringIO()
    call_command("enrol_totp", "moderadora", stdout=out)
    device = TOTPDevice.objects.get(user=moderator)
    assert "otpauth://totp/" in out.getvalue()
    assert device.confirmed
    with pytest.raises(CommandError, match="already has"):
        call_command("enrol_totp", "moderadora", stdout=io.StringIO())
    call_command("enrol_totp", "moderadora", "--replace", stdout=io.StringIO())
    assert TOTPDevice.objects.filter(user=moderator).count() == 1
    assert TOTPDevice.objects.get(user=moderator).pk != device.pk


# --- Sessions ------------------------------------------------------------------------------


def test_an_idle_staff_session_ends(client, moderator, settings):
    client.force_login(moderator)
    assert client.get("/gestion/").status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.STAFF_IDLE_MINUTES * 60 - 1
    session.save()
    response = client.get("/gestion/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "staff.session_expired" in actions(moderator)


def test_an_active_staff_session_goes_on(client, moderator, settings):
    client.force_login(moderator)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.STAFF_IDLE_MINUTES * 60 + 30
    session.save()
    assert client.get("/gestion/").status_code == 200
    assert client.session[IDLE_KEY] >= int(time.time()) - 1  # the clock restarted


def test_a_staff_session_lasts_a_working_day_at_most(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.STAFF_IDLE_MINUTES <= 30


# --- Passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, reason",
    [
        ("corta-1", "password_too_short"),
        ("123456789012", "password_entirely_numeric"),
        ("password1234", "password_too_common"),
        ("moderadora-2026", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(moderator, password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, moderator)
    assert reason in {error.code for error in refused.value.error_list}


def test_the_admin_password_form_refuses_a_weak_password_in_spanish(moderator):
    from django.utils import translation

    with translation.override("es-cl"):
        form = SetPasswordForm(moderator, {"new_password1": "123", "new_password2": "123"})
        assert not form.is_valid()
        assert "demasiado corta" in str(form.errors)


# --- Audit -----------------------------------------------------------------------------------


def test_a_sign_in_and_a_wrong_password_are_in_the_audit_log(client, moderator):
    sign_in(client, password="no-es-la-clave", ip="198.51.100.9")
    sign_in(client, ip="198.51.100.9")
    assert actions(moderator) == ["staff.sign_in_failed", "staff.signed_in"]
    signed_in = ActivityLog.objects.get(action="staff.signed_in")
    assert signed_in.data["ip"] == "198.51.100.9"
    assert signed_in.actor == moderator


def test_an_unknown_account_is_in_the_failure_log(client, moderator):
    sign_in(client, username="nadie", password="x")
    assert AccessFailureLog.objects.filter(username="nadie").exists()
    assert AccessAttempt.objects.filter(username="nadie").exists()
    assert not ActivityLog.objects.filter(action__startswith="staff.").exists()


def test_administrators_read_the_audit_in_the_admin_and_cannot_change_it(client, moderator):
    sign_in(client, ip="198.51.100.9")
    response = client.get("/admin/core/activitylog/?action=staff.signed_in")
    assert response.status_code == 200
    assert "staff.signed_in" in response.content.decode()
    entry = ActivityLog.objects.get(action="staff.signed_in")
    assert client.post(f"/admin/core/activitylog/{entry.pk}/delete/").status_code == 403
