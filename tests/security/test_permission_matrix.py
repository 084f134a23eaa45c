"""Who may open what: every URL the project resolves, for every kind of
person, with the status each must get.

The table below has one row per URL name (the resolver is walked, language
prefixes included); a URL without a row fails ``test_every_url_has_a_row``
with the line to add. The admin's model pages follow one rule (Django's model
permissions), checked for every registered model. Object-level checks (an
officer on another institution's milestone...) are in ``OBJECT_CHECKS``: one
line each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import client_for, fetch, report
from tests.security.world import (
    ROLES,
    SAMPLE_KWARGS,
    World,
    all_urls,
    is_admin,
    missing_sample,
)
from tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db

OK = 200
NO = 403  # signed in, not allowed
GONE = 404
METHOD = 405  # the address only takes a POST (the check runs before it: see test_posts_are_gated)
LOGIN = "login"  # sent to sign in (302 to /admin/login/?next=...)


@dataclass(frozen=True)
class To:
    """A redirect (temporary or permanent) somewhere else than the sign-in page."""

    start: str


# Columns: anonymous, citizen (a visitor whose session holds the tracking code
# of the proposal they sent), moderator (group "Mesa de Gobierno Abierto:
# moderación"), MGA member and MGA observer (plans.ForumMember with a staff
# account, no permission), institution officer of the record's institution and
# of another one (tracking.Officer), administrator (superuser).
PUBLIC = (OK,) * 8
ANY_STAFF = (LOGIN, LOGIN, OK, OK, OK, OK, OK, OK)
MATRIX: dict[str, tuple[Any, ...]] = {
    #                               anonymous citizen moderator member observer own other admin
    "healthz": PUBLIC,
    "manifest": PUBLIC,
    "robots_txt": PUBLIC,
    "sitemap_index": PUBLIC,
    "sitemap_section": PUBLIC,
    "core:accessibility": PUBLIC,
    "core:privacy": PUBLIC,
    "core:share_image": PUBLIC,
    "core:staff_home": ANY_STAFF,
    "core:components": ANY_STAFF,
    "core:outbox": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
    "core:retry_emails": (LOGIN, LOGIN, NO, NO, NO, NO, NO, METHOD),
    "plans:plan_list": PUBLIC,
    "plans:plan_detail": PUBLIC,
    "plans:plan_commitments_csv": PUBLIC,
    "plans:plan_commitments_json": PUBLIC,
    "plans:plan_share_image": PUBLIC,
    "plans:commitment_share_image": PUBLIC,
    "plans:commitment_detail": PUBLIC,
    "plans:forum": PUBLIC,
    "stages:home": PUBLIC,
    "stages:plan_calendar_ics": PUBLIC,
    "stages:subscribe": PUBLIC,
    "stages:subscription_sent": PUBLIC,
    "stages:subscription_confirm": PUBLIC,  # the token is the credential
    "stages:unsubscribe": PUBLIC,
    "stages:staff_calendar": ANY_STAFF,
    "stages:staff_retry_effect": (LOGIN, LOGIN, NO, NO, NO, NO, NO, METHOD),
    "proposals:list": PUBLIC,
    "proposals:start": (To("/planes/"),) * 8,
    "proposals:thanks": (To("/propuestas/"), OK, *(To("/propuestas/"),) * 6),
    "proposals:track": PUBLIC,
    "proposals:track_code": PUBLIC,  # the code is the credential
    "proposals:privacy": (To("/privacidad/"),) * 8,  # the page's old address
    "proposals:erase": PUBLIC,
    "proposals:download_csv": PUBLIC,
    "proposals:download_json": PUBLIC,
    "proposals:detail": PUBLIC,
    "proposals:submit": PUBLIC,
    "proposals:draft_begin": (METHOD,) * 8,
    "proposals:draft_resume": (To("/planes/"),) * 8,  # the token is the credential
    "proposals:draft_step": PUBLIC,
    "proposals:draft_review": PUBLIC,
    "proposals:draft_save_link": PUBLIC,
    "proposals:queue": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "proposals:bulk": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "proposals:moderate": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:plan_events": PUBLIC,
    "worktables:event": PUBLIC,
    "worktables:register": PUBLIC,
    "worktables:registration_sent": PUBLIC,
    "worktables:registration": PUBLIC,  # the token is the credential
    "worktables:registration_confirm": (To("/inscripciones/"),) * 8,
    "worktables:registration_cancel": (METHOD,) * 8,
    "worktables:table": PUBLIC,
    "worktables:draft": PUBLIC,
    "worktables:attachment": PUBLIC,
    "worktables:assign": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "worktables:staff": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_event_create": (
        LOGIN,
        LOGIN,
        To("/gestion/mesas/"),
        NO,
        NO,
        NO,
        NO,
        To("/gestion/mesas/"),
    ),  # fmt: skip
    "worktables:staff_event": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_event_edit": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_event_cancel": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "worktables:staff_attendees_csv": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_minutes": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_minutes_publish": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "worktables:staff_table": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_set_aside": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "worktables:staff_publish": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "worktables:staff_draft_create": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "worktables:staff_draft": (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK),
    "tracking:dashboard": PUBLIC,
    "tracking:plan_dashboard": PUBLIC,
    "tracking:repository": PUBLIC,
    "tracking:evidence_file": PUBLIC,
    # Officers see their institutions' commitments; reviewers (moderators) all.
    "tracking:staff_commitments": (LOGIN, LOGIN, OK, NO, NO, OK, OK, OK),
    # The sample milestone is of the own officer's institution.
    "tracking:staff_milestone": (LOGIN, LOGIN, OK, NO, NO, OK, NO, OK),
    "tracking:dispute": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    "tracking:withdraw": (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD),
    # The admin's own pages (its model pages follow ADMIN_MODEL_RULE below).
    "admin:index": ANY_STAFF,
    "admin:login": (OK, OK, *(To("/admin/"),) * 6),
    "admin:logout": (To("/admin/"), To("/admin/"), *(METHOD,) * 6),
    "admin:password_change": ANY_STAFF,
    "admin:password_change_done": ANY_STAFF,
    "admin:jsi18n": ANY_STAFF,
    "admin:autocomplete": (LOGIN, LOGIN, NO, NO, NO, NO, NO, NO),  # without a field: refused
    "admin:view_on_site": (LOGIN, LOGIN, GONE, GONE, GONE, GONE, GONE, GONE),
}
assert all(len(row) == len(ROLES) for row in MATRIX.values())

# Arguments of the admin's own pages that take some.
ADMIN_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "admin:view_on_site": lambda w: {"content_type_id": 0, "object_id": 0},
    "admin:app_list": lambda w: {"app_label": "proposals"},
    "admin:auth_user_password_change": lambda w: {"id": w.users["officer_own"].pk},
    "admin:otp_totp_totpdevice_config": lambda w: {"pk": TOTPDevice.objects.get().pk},
    "admin:otp_totp_totpdevice_qrcode": lambda w: {"pk": TOTPDevice.objects.get().pk},
}
MATRIX.update(
    {
        # Moderators view proposals; for others the app's page does not exist.
        "admin:app_list": (LOGIN, LOGIN, OK, GONE, GONE, GONE, GONE, OK),
        # Another person's password, and an authenticator app's secret: administrators only.
        "admin:auth_user_password_change": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
        "admin:otp_totp_totpdevice_config": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
        "admin:otp_totp_totpdevice_qrcode": (LOGIN, LOGIN, NO, NO, NO, NO, NO, OK),
    }
)


# The apps merged after the matrix was first written: the read API and the open
# data (public), the consultation and the published plan (public pages; staff
# pages for the moderators' group), the forum's record and the selection (MGA
# members and observers open the selection's pages: they score and comment).
# POST-only addresses answer 405 to a GET from those allowed to use them; a
# sample that does not exist answers 404.
CONSULTATION_STAFF = (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK)
POST_ONLY_STAFF = (LOGIN, LOGIN, METHOD, NO, NO, NO, NO, METHOD)
MISSING_STAFF = (LOGIN, LOGIN, GONE, NO, NO, NO, NO, GONE)
MISSING = (GONE,) * 8
MATRIX.update(
    {
        **{
            f"api:{name}": PUBLIC
            for name in [
                "api-root",
                "docs",
                "schema",
                "commitment-list",
                "commitment-detail",
                "draft-list",
                "draft-detail",
                "event-list",
                "event-detail",
                "institution-list",
                "institution-detail",
                "plan-list",
                "plan-detail",
                "progress-update-list",
                "progress-update-detail",
                "proposal-list",
                "proposal-detail",
                "stage-list",
                "stage-detail",
            ]
        },  # fmt: skip
        **{
            f"opendata:{name}": PUBLIC
            for name in ["index", "catalogue", "dataset", "download", "feed"]
        },
        **{
            f"consultation:{name}": PUBLIC
            for name in [
                "plan",
                "comment_plan",
                "commitment",
                "comment_commitment",
                "changes",
                "lineage",
                "report",
                "report_csv",
                "report_json",
                "published_plan",
                "plan_pdf",
                "sent",
            ]
        },  # fmt: skip
        # A token, or a comment, that does not exist.
        "consultation:confirm": MISSING,
        "consultation:flag": MISSING,
        "consultation:reply": MISSING,
        "consultation:staff": CONSULTATION_STAFF,
        "consultation:staff_queue": CONSULTATION_STAFF,
        "consultation:staff_revise": CONSULTATION_STAFF,
        "consultation:staff_comment": MISSING_STAFF,
        "consultation:staff_answered": POST_ONLY_STAFF,
        "consultation:staff_bulk": POST_ONLY_STAFF,
        "consultation:staff_moderate": POST_ONLY_STAFF,
        # The forum's record: its rules and a meeting's minutes are files not
        # uploaded in this world.
        "plans:forum_rules": MISSING,
        "plans:forum_minutes": MISSING,
        # A plan's official document kept here (none uploaded in this world).
        "plans:plan_document": MISSING,
        "plans:staff_forum": CONSULTATION_STAFF,
        "plans:staff_member_create": CONSULTATION_STAFF,
        "plans:staff_member": CONSULTATION_STAFF,
        "plans:staff_meeting_create": CONSULTATION_STAFF,
        "plans:staff_meeting": MISSING_STAFF,
        # The selection: members score, observers comment, the Mesa's staff decide.
        "selection:report": PUBLIC,
        "selection:staff": (LOGIN, LOGIN, OK, OK, OK, NO, NO, OK),
        "selection:staff_draft": (LOGIN, LOGIN, OK, OK, OK, NO, NO, OK),
        "selection:staff_decide": CONSULTATION_STAFF,
        "selection:staff_publish": POST_ONLY_STAFF,
        # Without a process named, the form sends staff back to the overview.
        "worktables:staff_table_create": (
            LOGIN,
            LOGIN,
            To("/gestion/mesas/"),
            NO,
            NO,
            NO,
            NO,
            To("/gestion/mesas/"),
        ),  # fmt: skip
        "worktables:staff_table_edit": CONSULTATION_STAFF,
    }
)


@dataclass(frozen=True)
class ObjectCheck:
    """One person acting on one record that is, or is not, theirs."""

    role: str
    what: str
    path: Callable[[World], str]
    expected: int | str
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    unchanged: Callable[[], int] | None = None  # rows that must not change


def _updates() -> int:
    return ProgressUpdate.objects.count()


def _milestone(attr: str) -> Callable[[World], str]:
    return lambda w: reverse("tracking:staff_milestone", args=[getattr(w, attr).pk])


REPORT = {"status": "complete", "note": "Informe ajeno."}

OBJECT_CHECKS = [
    ObjectCheck("officer_own", "opens a milestone of their institution",
                _milestone("milestone"), OK),
    ObjectCheck("officer_own", "opens another institution's milestone",
                _milestone("other_milestone"), NO),
    ObjectCheck("officer_other", "opens another institution's milestone",
                _milestone("milestone"), NO),
    ObjectCheck("officer_own", "reports on another institution's milestone",
                _milestone("other_milestone"), NO, "post", lambda w: REPORT, _updates),
    ObjectCheck("officer_other", "reports on another institution's milestone",
                _milestone("milestone"), NO, "post", lambda w: REPORT, _updates),
    ObjectCheck("officer_own", "disputes their own institution's update (reviewers only)",
                lambda w: reverse("tracking:dispute", args=[w.update.pk]), NO, "post",
                lambda w: {"note": "No"}, _updates),
    ObjectCheck("mga_member", "moderates a proposal",
                lambda w: reverse("proposals:moderate", args=[w.received.pk]), NO, "post",
                lambda w: {"to_status": "published", "expected_status": "received"}),
    ObjectCheck("mga_observer", "downloads a session's attendees",
                lambda w: reverse("worktables:staff_attendees_csv", args=[w.session.pk]), NO),
    # Selection (issue 15): a member reads or changes another member's scores.
    # ObjectCheck("mga_member", "reads another member's scores",
    #             lambda w: reverse("selection:scores", args=[w.other_scores.pk]), NO),
]  # fmt: skip


# --- The admin's model pages ----------------------------------------------------------

ADMIN_VIEWS = {
    "changelist": ("view", "change"),
    "add": ("add",),
    "change": ("view", "change"),
    "history": ("view", "change"),
    "delete": ("delete",),
}


def admin_model_pages() -> dict[str, tuple[type, str]]:
    """``admin:<app>_<model>_<view>`` of every registered model."""
    pages = {}
    for model in admin.site._registry:
        for view in ADMIN_VIEWS:
            pages[f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"] = (model, view)
    return pages


MODEL_PAGES = admin_model_pages()


def _sample(model):
    return model._default_manager.order_by("pk").first()


def model_page_expected(world: World, role: str, name: str):
    """The admin's model pages, one rule for all: anyone signed out is sent
    to sign in; staff reach a model's page if they hold one of its
    permissions (Django's model permissions). A record that does not exist
    sends those allowed back to the admin's start."""
    model, view = MODEL_PAGES[name]
    if role in ("anonymous", "citizen"):
        return LOGIN
    user = world.users[role]
    opts = model._meta
    actions = ADMIN_VIEWS[view]
    allowed = any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in actions
    )
    # Some models take no additions or deletions in the admin (the outbox, the
    # activity log): their ModelAdmin refuses even the superuser.
    model_admin = admin.site._registry[model]
    request = _request(user)
    if view == "add" and not model_admin.has_add_permission(request):
        allowed = False
    if view == "delete" and not model_admin.has_delete_permission(request):
        allowed = False
    missing = view not in ("changelist", "add") and _sample(model) is None
    if missing and (allowed or view == "history"):
        return To("/admin/")  # Django looks a history's record up before the permission
    return OK if allowed else NO


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def model_page_path(world: World, name: str) -> str:
    model, view = MODEL_PAGES[name]
    if view in ("changelist", "add"):
        return reverse(name)
    obj = _sample(model)
    return reverse(name, args=[obj.pk if obj else 0])


# --- The checks ---------------------------------------------------------------------------


def test_every_url_has_a_row():
    missing = [
        url.name
        for url in all_urls()
        if url.name not in MATRIX
        and url.name not in MODEL_PAGES
        and not (is_admin(url) and not url.name.split(":")[1].isidentifier())
    ]
    assert not missing, (
        "URLs without a row in MATRIX (tests/security/test_permission_matrix.py): "
        + ", ".join(missing)
        + ". Add a line per URL: its name and the status of each of the eight roles, "
        "e.g. 'app:name': PUBLIC, ANY_STAFF or (LOGIN, LOGIN, OK, NO, NO, NO, NO, OK); "
        "a URL with arguments also needs its line in SAMPLE_KWARGS (tests/security/world.py)."
    )


def _path(world: World, url) -> str:
    if url.name in MODEL_PAGES:
        return model_page_path(world, url.name)
    samples = {**SAMPLE_KWARGS, **ADMIN_KWARGS}
    if url.arguments:
        if url.name not in samples:
            pytest.fail(missing_sample(url))
        return reverse(url.name, kwargs=samples[url.name](world))
    return reverse(url.name)


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith("/admin/login/")
    if isinstance(expected, To):
        return response.status_code in (301, 302) and response["Location"].startswith(
            expected.start
        )
    return response.status_code == expected


def _shown(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


CHECKED = {"requests": 0}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_everywhere(world, role):
    client = client_for(world, role)
    column = ROLES.index(role)
    wrong = []
    for url in all_urls():
        if is_admin(url) and url.name not in MATRIX and url.name not in MODEL_PAGES:
            continue  # the admin's unnamed old-style addresses: see the next test
        path = _path(world, url)
        if url.name in MODEL_PAGES:
            expected = model_page_expected(world, role, url.name)
        else:
            expected = MATRIX[url.name][column]
        response = fetch(client, path)
        CHECKED["requests"] += 1
        if not _matches(response, expected):
            wrong.append(f"{url.name} {path}: expected {expected}, got {_shown(response)}")
    CHECKED["roles"] = CHECKED.get("roles", 0) + 1
    report(
        "matrix",
        f"permission matrix: {len(all_urls())} URL names x {CHECKED['roles']} roles, "
        f"{len(MODEL_PAGES)} of them the admin's model pages: {CHECKED['requests']} requests",
    )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "mga_observer", "officer_other"])
def test_posts_are_gated_like_gets(world, role):
    """A POST to a staff address by someone the row refuses is refused the
    same way (the check is not only on GET), and changes nothing."""
    client = client_for(world, role)
    column = ROLES.index(role)
    wrong = []
    for url in all_urls():
        if url.name not in MATRIX or is_admin(url):
            continue
        expected = MATRIX[url.name][column]
        if expected not in (LOGIN, NO):
            continue
        response = fetch(client, _path(world, url), "post", {"ids": [1], "note": "x"})
        if not _matches(response, expected):
            wrong.append(f"POST {url.name}: expected {expected}, got {_shown(response)}")
    assert not wrong, "\n".join(wrong)


def test_the_admins_old_addresses_still_ask_to_sign_in(world):
    client = client_for(world, "anonymous")
    for url in all_urls():
        if is_admin(url) and url.name not in MATRIX and url.name not in MODEL_PAGES:
            path = "/" + url.route.replace("<path:object_id>", "1")
            response = fetch(client, path)
            assert response.status_code == 302, path
            assert "/admin/login/" in response["Location"] or response["Location"].endswith(
                "/change/"
            ), path


@pytest.mark.parametrize("check", OBJECT_CHECKS, ids=[f"{c.role} {c.what}" for c in OBJECT_CHECKS])
def test_object_level_access(world, check):
    client = client_for(world, check.role)
    before = check.unchanged() if check.unchanged else None
    response = fetch(client, check.path(world), check.method, check.data(world))
    assert _matches(response, check.expected), _shown(response)
    if check.unchanged:
        assert check.unchanged() == before


def test_the_matrix_sees_a_page_that_lets_the_wrong_person_in(world):
    """The check can fail: with the milestone row claiming the other
    institution's officer may open it, the real 403 does not match."""
    response = fetch(
        client_for(world, "officer_other"),
        reverse("tracking:staff_milestone", args=[world.milestone.pk]),
    )
    assert not _matches(response, OK)
    assert _matches(response, NO)
