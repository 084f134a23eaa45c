"""Properties of the validators every form and address relies on, for any
input hypothesis can think of: they accept or refuse with a ValidationError
(never another exception), what they accept is within bounds, and a refusal
reads in Spanish."""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.ratelimit import client_ip
from core.staff import MAX_ID, IdListField, safe_next
from proposals.forms import ErasureForm, TrackForm
from stages.forms import SubscribeForm
from tracking import files
from worktables.forms import RegistrationForm

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMS_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ENGLISH = ("This field", "Enter a valid", "Ensure this value", "Null characters", "Select a valid")

# Any text, including control characters, NUL, surrogates-free Unicode,
# right-to-left and zero-width characters.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]),
    max_size=300,
)
ID_LIKE = st.one_of(
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["²", "١", " 1", "1e3", "0x10", "1_000", "+1", "01"]),
)


@FAST
@given(st.lists(ID_LIKE, max_size=8))
@example(["9223372036854775807"])
@example(["9223372036854775808"])
def test_an_id_list_is_whole_numbers_in_range_or_a_refusal(values):
    try:
        ids = IdListField(required=False).clean(values)
    except ValidationError as refusal:
        assert refusal.code in ("invalid", "required")
        return
    assert all(isinstance(i, int) and 1 <= i <= MAX_ID for i in ids)
    assert len(ids) == len(set(ids))


URL_ISH = st.one_of(
    TEXT,
    st.builds(lambda a, b: a + b, st.sampled_from(["/", "//", "/\\", "\\\\", "http://", "https:",
              "javascript:", " //", "\t/", "http://testserver@", "///"]), TEXT),
)  # fmt: skip


@FAST
@given(target=URL_ISH, secure=st.booleans())
def test_safe_next_only_ever_leads_to_a_path_on_this_site(target, secure):
    request = RequestFactory().post("/gestion/", {"next": target}, secure=secure)
    result = safe_next(request, "/gestion/")
    # Where a browser goes (it reads a backslash as a slash and drops tabs
    # and line breaks): this host, and never from HTTPS down to HTTP.
    cleaned = "".join(c for c in result if c not in "\t\r\n").replace("\\", "/")
    base = ("https" if secure else "http") + "://testserver/gestion/"
    landing = urlsplit(urljoin(base, cleaned))
    assert landing.netloc == "testserver", result
    assert landing.scheme == ("https" if secure else landing.scheme), result


@FAST
@given(header=TEXT, proxies=st.integers(min_value=0, max_value=3))
def test_the_client_address_is_an_ip_address_whatever_the_header(header, proxies):
    from django.test import override_settings

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="192.0.2.9")
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        address = client_ip(request)
    ipaddress.ip_address(address)
    if proxies == 0:
        assert address == "192.0.2.9"


def _spanish(errors) -> None:
    text = str(errors)
    for english in ENGLISH:
        assert english not in text, text


@FORMS_SETTINGS
@given(code=TEXT, email=TEXT)
def test_the_tracking_and_erasure_forms_refuse_in_spanish(code, email):
    with translation.override("es-cl"):
        for form in (TrackForm({"code": code}), ErasureForm({"code": code, "email": email})):
            if form.is_valid():
                assert "\x00" not in str(form.cleaned_data)
                assert len(form.cleaned_data["code"]) <= 30
            else:
                _spanish(form.errors)


@FORMS_SETTINGS
@given(email=TEXT, website=TEXT)
def test_the_subscription_form_refuses_in_spanish(email, website):
    with translation.override("es-cl"):
        form = SubscribeForm({"email": email, "website": website})
        if form.is_valid():
            assert "@" in form.cleaned_data["email"]
        else:
            _spanish(form.errors)


@pytest.mark.django_db
@FORMS_SETTINGS
@given(
    name=TEXT,
    email=TEXT,
    sector=st.one_of(TEXT, st.just("citizen")),
    region=st.one_of(TEXT, st.just("biobio")),
    needs=TEXT,
)
def test_the_registration_form_refuses_in_spanish(name, email, sector, region, needs):
    data = {
        "name": name,
        "email": email,
        "sector": sector,
        "region": region,
        "accessibility_needs": needs,
        "consent": "on",
    }
    with translation.override("es-cl"):
        form = RegistrationForm(data, privacy_url="/privacidad/")
        if form.is_valid():
            assert "\x00" not in "".join(str(v) for v in form.cleaned_data.values())
            assert len(form.cleaned_data["name"]) <= 150
        else:
            _spanish(form.errors)


@FAST
@given(
    content=st.binary(max_size=2048),
    name=TEXT.filter(lambda n: os.path.basename(n[:200]) not in {"", ".", ".."}),
)
def test_an_evidence_file_is_recognised_by_content_or_refused(content, name):
    upload = SimpleUploadedFile(name[:200], content)
    with translation.override("es-cl"):
        try:
            kind = files.detect(upload)
        except ValidationError as refusal:
            _spanish(refusal.messages)
            return
    assert kind in {"application/pdf", "image/png", "image/jpeg", "text/csv", files.XLSX, files.ODS}
