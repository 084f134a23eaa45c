"""Whatever a request to a staff page (``/gestion/...``) carries, the answer is
a page or a message in Spanish: never a server error, never a trip to another
site, never half a bulk action.

Every staff address is listed once in ENDPOINTS, and a test fails when a
``gestion/`` URL exists that the list does not name: to add a staff page, add
one ``Endpoint`` and every class of input below is tried on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone, translation

from consultation.models import Comment, CommitmentVersion, Consultation, Response
from consultation.services import open_consultation
from core.models import OutboundEmail
from plans.models import ActionPlan, Commitment, Forum, ForumMeeting, ForumMember, Milestone
from proposals.models import Proposal, Status
from selection.models import Assessment, Decision, SelectionReport
from stages.models import EffectRun, StageEvent
from tests.consultation.factories import CommentFactory, draft_plan
from tests.plans.factories import CommitmentFactory, MilestoneFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory
from tests.tracking.factories import report
from tests.worktables.factories import DraftFactory, EventFactory
from tracking.models import Officer, ProgressUpdate
from worktables.models import Draft, Event, Minutes, TableAssignment, WorkTable

pytestmark = pytest.mark.django_db

BIGINT_MAX = 2**63 - 1


@pytest.fixture
def staff_user(db):
    """A superuser without a password (the tests log in with force_login):
    hashing one would cost a fifth of a second in each of these many tests."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username="moderadora", is_staff=True, is_superuser=True)


@dataclass
class World:
    """What the staff pages act on: one proposal awaiting moderation, one
    published with a work table to go to, one e-mail and one calendar action
    that failed, and a milestone the staff user reports on (as an officer of
    its institution) with one progress update."""

    proposal: Proposal
    email: OutboundEmail
    published: Proposal
    table: WorkTable
    run: EffectRun
    event: Event
    minutes_event: Event
    draft: Draft
    at_table: Proposal
    milestone: Milestone
    update: ProgressUpdate
    member: ForumMember
    meeting: ForumMeeting
    comment: Comment
    consulted: Commitment
    answered_plan: ActionPlan


@pytest.fixture
def world(db, staff_user) -> World:
    email = OutboundEmail.objects.create(
        key="prueba:fallido",
        to="alguien@example.org",
        template="stage_opened",
        context={},
        status=OutboundEmail.Status.FAILED,
        last_error="550 mailbox unavailable",
    )
    published = ProposalFactory(status=Status.ASSIGNED)
    at_table = ProposalFactory(plan=published.plan, status=Status.ASSIGNED)
    proposal = ProposalFactory(plan=published.plan)  # the newest: "next id" is free
    table = WorkTable.objects.create(plan=proposal.plan, name="Justicia abierta")
    event = StageEvent.objects.create(
        stage=StageFactory(plan=proposal.plan),
        edge="start",
        due_at="2030-01-01T00:00Z",
        result=StageEvent.Result.FAILED,
    )
    # A failed run of a real effect (notices to subscribers: with none, it does
    # nothing when run again, and succeeds).
    run = EffectRun.objects.create(
        event=event, effect="stages.effects.notify_stage_opened", status="failed", outcome="x"
    )
    # A session to change, one whose minutes wait to be published, a draft,
    # and a proposal at the table.
    session = EventFactory(plan=proposal.plan)
    minutes_event = EventFactory(plan=proposal.plan)
    Minutes.objects.create(event=minutes_event, text="Acta borrador")
    TableAssignment.objects.create(proposal=at_table, table=table)
    milestone = MilestoneFactory(commitment=CommitmentFactory(plan=proposal.plan))
    Officer.objects.create(
        user=staff_user, institution=milestone.commitment.responsible_institution
    )
    # The forum's record: a seat and a meeting to change.
    forum = Forum.objects.create(name="Mesa de Gobierno Abierto")
    # The staff user holds a seat: they score drafts in the selection.
    member = ForumMember.objects.create(
        forum=forum,
        institution=milestone.commitment.responsible_institution,
        position="Representante de la sociedad civil",
        role=ForumMember.Role.CIVIL_SOCIETY,
        user=staff_user,
    )
    meeting = ForumMeeting.objects.create(
        forum=forum, held_on="2030-03-01", title="Sesión ordinaria", agenda="Avance."
    )
    # A closed consultation with its text kept and one comment to answer (the
    # newest: "next id" is free), and another with nothing left to answer.
    consulted_plan = draft_plan("past")
    open_consultation(consulted_plan)
    consulted = consulted_plan.commitments.get(number=1)
    answered_plan = draft_plan("past")
    comment = CommentFactory(commitment=consulted)
    return World(
        comment=comment,
        consulted=consulted,
        answered_plan=answered_plan,
        proposal=proposal,
        email=email,
        published=published,
        table=table,
        run=run,
        event=session,
        minutes_event=minutes_event,
        draft=DraftFactory(table=table, published_at=timezone.now()),
        at_table=at_table,
        milestone=milestone,
        update=report(milestone, "limited"),
        member=member,
        meeting=meeting,
    )


@dataclass(frozen=True)
class Endpoint:
    """One staff address. ``data`` is a request that succeeds; ``ids`` names
    the field holding a list of ids, if any; ``changed`` counts the rows the
    request changed (to prove a refused request changed nothing); ``lands``
    is where a POST sends people back to."""

    path: Callable[[World], str]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    ids: str | None = None
    changed: Callable[[], int] | None = None
    # A template with {pk}, {published}, {event}... or, for a page the request
    # creates, a function of the world called after the request.
    lands: str | Callable[[World], str] | None = None

    def landing(self, world: World) -> str:
        if callable(self.lands):
            return self.lands(world)
        return self.lands.format(
            pk=world.proposal.pk,
            published=world.published.pk,
            event=world.event.pk,
            minutes_event=world.minutes_event.pk,
            table=world.table.pk,
            draft=world.draft.pk,
            milestone=world.milestone.pk,
            member=world.member.pk,
            meeting=world.meeting.pk,
        )


def _published() -> int:
    return Proposal.objects.filter(status=Status.PUBLISHED).count()


def _requeued() -> int:
    return OutboundEmail.objects.exclude(status=OutboundEmail.Status.FAILED).count()


def _assigned() -> int:
    # Made by a staff member through the page (the world's own has no author).
    return TableAssignment.objects.filter(assigned_by__isnull=False).count()


def _retried() -> int:
    return EffectRun.objects.filter(status=EffectRun.Status.DONE).count()


def _titled(model, title: str) -> Callable[[], int]:
    return lambda: model.objects.filter(title=title).count()


SESSION = {
    "title": "Sesión nueva",
    "description": "",
    "starts_at": "2099-09-03T18:30",
    "ends_at": "2099-09-03T20:00",
    "modality": "online",
    "address": "",
    "region": "",
    "online_url": "https://reunion.example.org/nueva",
    "capacity": "20",
    "waiting_list_size": "5",
    "accessibility_note": "",
}
TABLE = {
    "name": "Mesa nueva",
    "description": "Datos de la justicia",
    "facilitators": "Ana Pérez, SEGPRES",
}
DRAFT = {
    "title": "Borrador nuevo",
    "problem": "Un problema",
    "description": "Una descripción",
    "values": ["transparency"],
    "hitos-TOTAL_FORMS": "0",
    "hitos-INITIAL_FORMS": "0",
}


def _reported() -> int:
    return ProgressUpdate.objects.filter(note="Avance informado.").count()


def _disputed() -> int:
    return ProgressUpdate.objects.filter(is_disputed=True).count()


def _withdrawn() -> int:
    return ProgressUpdate.objects.filter(is_public=False).count()


ENDPOINTS: dict[str, Endpoint] = {
    "proposals:queue": Endpoint(path=lambda world: "/gestion/propuestas/"),
    "proposals:bulk": Endpoint(
        path=lambda world: "/gestion/propuestas/lote/",
        method="post",
        data=lambda world: {
            "ids": [world.proposal.pk],
            "to_status": "published",
            "expected_status": "received",
        },
        ids="ids",
        changed=_published,
        lands="/gestion/propuestas/",
    ),
    "proposals:moderate": Endpoint(
        path=lambda world: f"/gestion/propuestas/{world.proposal.pk}/",
        method="post",
        data=lambda world: {"to_status": "published", "expected_status": "received"},
        changed=_published,
        lands="/gestion/propuestas/{pk}/",
    ),
    "stages:staff_calendar": Endpoint(path=lambda world: "/gestion/calendario/"),
    "stages:staff_retry_effect": Endpoint(
        path=lambda world: f"/gestion/calendario/reintentar/{world.run.pk}/",
        method="post",
        changed=_retried,
        lands="/gestion/calendario/",
    ),
    "core:staff_home": Endpoint(path=lambda world: "/gestion/"),
    "core:components": Endpoint(path=lambda world: "/gestion/componentes/"),
    "core:outbox": Endpoint(path=lambda world: "/gestion/correos/"),
    "core:retry_emails": Endpoint(
        path=lambda world: "/gestion/correos/reintentar/",
        method="post",
        data=lambda world: {"ids": [world.email.pk]},
        ids="ids",
        changed=_requeued,
        lands="/gestion/correos/",
    ),
    "worktables:assign": Endpoint(
        path=lambda world: f"/gestion/propuestas/{world.published.pk}/mesa/",
        method="post",
        data=lambda world: {"table": world.table.pk, "expected_status": "assigned"},
        changed=_assigned,
        lands="/gestion/propuestas/{published}/",
    ),
    "worktables:staff": Endpoint(path=lambda world: "/gestion/mesas/"),
    "worktables:staff_event_create": Endpoint(
        path=lambda world: "/gestion/mesas/sesiones/nueva/",
        method="post",
        data=lambda world: {**SESSION, "plan": world.proposal.plan.slug, "table": ""},
        changed=_titled(Event, "Sesión nueva"),
        lands=lambda world: f"/gestion/mesas/sesiones/{Event.objects.latest('pk').pk}/",
    ),
    "worktables:staff_event": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.event.pk}/"
    ),
    "worktables:staff_event_edit": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.event.pk}/editar/",
        method="post",
        data=lambda world: {**SESSION, "title": "Sesión cambiada"},
        changed=_titled(Event, "Sesión cambiada"),
        lands="/gestion/mesas/sesiones/{event}/",
    ),
    "worktables:staff_event_cancel": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.event.pk}/cancelar/",
        method="post",
        data=lambda world: {"reason": "Sin sala"},
        changed=lambda: Event.objects.filter(status="cancelled").count(),
        lands="/gestion/mesas/sesiones/{event}/",
    ),
    "worktables:staff_attendees_csv": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.event.pk}/inscritos.csv"
    ),
    "worktables:staff_minutes": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.event.pk}/acta/",
        method="post",
        data=lambda world: {"text": "Acta nueva", "attendance_citizen": "3"},
        changed=lambda: Minutes.objects.filter(text="Acta nueva").count(),
        lands="/gestion/mesas/sesiones/{event}/acta/",
    ),
    "worktables:staff_minutes_publish": Endpoint(
        path=lambda world: f"/gestion/mesas/sesiones/{world.minutes_event.pk}/acta/publicar/",
        method="post",
        changed=lambda: Minutes.objects.filter(published_at__isnull=False).count(),
        lands="/gestion/mesas/sesiones/{minutes_event}/acta/",
    ),
    "worktables:staff_table": Endpoint(path=lambda world: f"/gestion/mesas/{world.table.pk}/"),
    "worktables:staff_table_create": Endpoint(
        path=lambda world: "/gestion/mesas/nueva/",
        method="post",
        data=lambda world: {**TABLE, "plan": world.proposal.plan.slug},
        changed=lambda: WorkTable.objects.filter(name="Mesa nueva").count(),
        lands=lambda world: f"/gestion/mesas/{WorkTable.objects.latest('pk').pk}/",
    ),
    "worktables:staff_table_edit": Endpoint(
        path=lambda world: f"/gestion/mesas/{world.table.pk}/editar/",
        method="post",
        data=lambda world: {**TABLE, "name": "Mesa cambiada"},
        changed=lambda: WorkTable.objects.filter(name="Mesa cambiada").count(),
        lands="/gestion/mesas/{table}/",
    ),
    "worktables:staff_set_aside": Endpoint(
        path=lambda world: f"/gestion/mesas/{world.table.pk}/apartar/",
        method="post",
        data=lambda world: {"proposal": world.at_table.pk, "public_reason": "Otra mesa lo cubre"},
        changed=lambda: Proposal.objects.filter(status=Status.NOT_SELECTED).count(),
        lands="/gestion/mesas/{table}/",
    ),
    "worktables:staff_publish": Endpoint(
        path=lambda world: f"/gestion/mesas/{world.table.pk}/publicar/",
        method="post",
        changed=lambda: WorkTable.objects.filter(results_published_at__isnull=False).count(),
        lands="/gestion/mesas/{table}/",
    ),
    "worktables:staff_draft_create": Endpoint(
        path=lambda world: f"/gestion/mesas/{world.table.pk}/borradores/nuevo/",
        method="post",
        data=lambda world: DRAFT,
        changed=_titled(Draft, "Borrador nuevo"),
        lands=lambda world: f"/gestion/mesas/borradores/{Draft.objects.latest('pk').pk}/",
    ),
    "worktables:staff_draft": Endpoint(
        path=lambda world: f"/gestion/mesas/borradores/{world.draft.pk}/",
        method="post",
        data=lambda world: {**DRAFT, "title": "Borrador cambiado"},
        changed=_titled(Draft, "Borrador cambiado"),
        lands="/gestion/mesas/borradores/{draft}/",
    ),
    "consultation:staff": Endpoint(path=lambda world: "/gestion/consulta/"),
    "consultation:staff_queue": Endpoint(path=lambda world: "/gestion/consulta/comentarios/"),
    "consultation:staff_bulk": Endpoint(
        path=lambda world: "/gestion/consulta/comentarios/responder/",
        method="post",
        data=lambda world: {
            "ids": [world.comment.pk],
            "outcome": "incorporated",
            "reason": "Se incorporó al hito 1.",
        },
        ids="ids",
        changed=lambda: Response.objects.filter(author__isnull=False).count(),
        lands="/gestion/consulta/comentarios/",
    ),
    "consultation:staff_comment": Endpoint(
        path=lambda world: f"/gestion/consulta/comentarios/{world.comment.pk}/",
        method="post",
        data=lambda world: {"outcome": "not_incorporated", "reason": "Fuera de plazo."},
        changed=lambda: Response.objects.count(),
        lands=lambda world: f"/gestion/consulta/comentarios/{world.comment.pk}/",
    ),
    "consultation:staff_moderate": Endpoint(
        path=lambda world: f"/gestion/consulta/comentarios/{world.comment.pk}/moderar/",
        method="post",
        data=lambda world: {"action": "hide", "reason": "Publicidad."},
        changed=lambda: Comment.objects.filter(status="hidden").count(),
        lands=lambda world: f"/gestion/consulta/comentarios/{world.comment.pk}/",
    ),
    "consultation:staff_answered": Endpoint(
        path=lambda world: f"/gestion/consulta/planes/{world.answered_plan.pk}/respondida/",
        method="post",
        changed=lambda: Consultation.objects.filter(answered_at__isnull=False).count(),
        lands=lambda world: f"/gestion/consulta/?plan={world.answered_plan.slug}",
    ),
    "consultation:staff_revise": Endpoint(
        path=lambda world: f"/gestion/consulta/compromisos/{world.consulted.pk}/texto/",
        method="post",
        data=lambda world: {
            "title": "Texto revisado",
            "problem": "",
            "description": "",
            "expected_results": "",
            "summary": "Se acogió un comentario.",
            "hitos-TOTAL_FORMS": "0",
            "hitos-INITIAL_FORMS": "0",
        },
        changed=lambda: CommitmentVersion.objects.filter(kind="revised").count(),
        lands=lambda world: f"/gestion/consulta/compromisos/{world.consulted.pk}/texto/",
    ),
    "tracking:staff_commitments": Endpoint(path=lambda world: "/gestion/avance/"),
    "tracking:staff_milestone": Endpoint(
        path=lambda world: f"/gestion/avance/hitos/{world.milestone.pk}/",
        method="post",
        data=lambda world: {"status": "substantial", "note": "Avance informado."},
        changed=_reported,
        lands="/gestion/avance/hitos/{milestone}/",
    ),
    "tracking:dispute": Endpoint(
        path=lambda world: f"/gestion/avance/actualizaciones/{world.update.pk}/disputar/",
        method="post",
        data=lambda world: {"note": "La evidencia no respalda el avance."},
        changed=_disputed,
        lands="/gestion/avance/hitos/{milestone}/",
    ),
    "tracking:withdraw": Endpoint(
        path=lambda world: f"/gestion/avance/actualizaciones/{world.update.pk}/retirar/",
        method="post",
        data=lambda world: {"reason": "El archivo muestra datos personales."},
        changed=_withdrawn,
        lands="/gestion/avance/hitos/{milestone}/",
    ),
}
MEMBER = {"position": "Cargo nuevo", "role": "civil_society", "person_name": "", "order": "0"}
MEETING = {"held_on": "2030-04-01", "title": "Sesión nueva", "agenda": "Tabla", "minutes": ""}


def _member(world: World) -> dict[str, Any]:
    return {**MEMBER, "institution": world.member.institution_id}


ENDPOINTS |= {
    "plans:staff_forum": Endpoint(
        path=lambda world: "/gestion/mesa/",
        method="post",
        data=lambda world: {"rules_adopted_on": "2018-05-02", "publish_member_scores": "on"},
        changed=lambda: Forum.objects.filter(publish_member_scores=True).count(),
        lands="/gestion/mesa/",
    ),
    "plans:staff_member_create": Endpoint(
        path=lambda world: "/gestion/mesa/integrantes/nuevo/",
        method="post",
        data=_member,
        changed=lambda: ForumMember.objects.filter(position="Cargo nuevo").count(),
        lands="/gestion/mesa/",
    ),
    "plans:staff_member": Endpoint(
        path=lambda world: f"/gestion/mesa/integrantes/{world.member.pk}/",
        method="post",
        data=lambda world: {**_member(world), "position": "Cargo cambiado"},
        changed=lambda: ForumMember.objects.filter(position="Cargo cambiado").count(),
        lands="/gestion/mesa/",
    ),
    "plans:staff_meeting_create": Endpoint(
        path=lambda world: "/gestion/mesa/sesiones/nueva/",
        method="post",
        data=lambda world: MEETING,
        changed=_titled(ForumMeeting, "Sesión nueva"),
        lands=lambda world: f"/gestion/mesa/sesiones/{ForumMeeting.objects.latest('pk').pk}/",
    ),
    "plans:staff_meeting": Endpoint(
        path=lambda world: f"/gestion/mesa/sesiones/{world.meeting.pk}/",
        method="post",
        data=lambda world: {**MEETING, "title": "Sesión cambiada"},
        changed=_titled(ForumMeeting, "Sesión cambiada"),
        lands="/gestion/mesa/sesiones/{meeting}/",
    ),
}
ASSESSMENT = {"verifiable": "yes", "potential": "modest", "feasibility": "high", "comment": ""}

ENDPOINTS |= {
    "selection:staff": Endpoint(path=lambda world: "/gestion/seleccion/"),
    "selection:staff_draft": Endpoint(
        path=lambda world: f"/gestion/seleccion/borradores/{world.draft.pk}/",
        method="post",
        data=lambda world: {**ASSESSMENT, "values": ["transparency"]},
        changed=lambda: Assessment.objects.count(),
        lands="/gestion/seleccion/borradores/{draft}/",
    ),
    "selection:staff_decide": Endpoint(
        path=lambda world: f"/gestion/seleccion/borradores/{world.draft.pk}/decision/",
        method="post",
        data=lambda world: {"outcome": "not_selected", "public_reason": "No cabe en el plan."},
        changed=lambda: Decision.objects.count(),
        lands="/gestion/seleccion/borradores/{draft}/decision/",
    ),
    "selection:staff_publish": Endpoint(
        path=lambda world: f"/gestion/seleccion/{world.proposal.plan.slug}/publicar/",
        method="post",
        changed=lambda: SelectionReport.objects.count(),
        lands=lambda world: f"/gestion/seleccion/?plan={world.proposal.plan.slug}",
    ),
}
GET_PAGES = {
    "proposals:queue": "/gestion/propuestas/",
    "proposals:moderate": "/gestion/propuestas/{pk}/",
    "stages:staff_calendar": "/gestion/calendario/",
    "core:outbox": "/gestion/correos/",
    "core:staff_home": "/gestion/",
    "core:components": "/gestion/componentes/",
    "worktables:staff": "/gestion/mesas/",
    "worktables:staff_event": "/gestion/mesas/sesiones/{event}/",
    "worktables:staff_event_edit": "/gestion/mesas/sesiones/{event}/editar/",
    "worktables:staff_minutes": "/gestion/mesas/sesiones/{event}/acta/",
    "worktables:staff_table": "/gestion/mesas/{table}/",
    "worktables:staff_table_edit": "/gestion/mesas/{table}/editar/",
    "worktables:staff_draft_create": "/gestion/mesas/{table}/borradores/nuevo/",
    "worktables:staff_draft": "/gestion/mesas/borradores/{draft}/",
    "tracking:staff_commitments": "/gestion/avance/",
    "tracking:staff_milestone": "/gestion/avance/hitos/{milestone}/",
    "plans:staff_forum": "/gestion/mesa/",
    "plans:staff_member_create": "/gestion/mesa/integrantes/nuevo/",
    "plans:staff_member": "/gestion/mesa/integrantes/{member}/",
    "plans:staff_meeting_create": "/gestion/mesa/sesiones/nueva/",
    "plans:staff_meeting": "/gestion/mesa/sesiones/{meeting}/",
    "selection:staff": "/gestion/seleccion/",
    "selection:staff_draft": "/gestion/seleccion/borradores/{draft}/",
    "selection:staff_decide": "/gestion/seleccion/borradores/{draft}/decision/",
    "consultation:staff": "/gestion/consulta/",
    "consultation:staff_queue": "/gestion/consulta/comentarios/",
    "consultation:staff_comment": "/gestion/consulta/comentarios/{comment}/",
    "consultation:staff_revise": "/gestion/consulta/compromisos/{consulted}/texto/",
}
POSTS = [name for name, endpoint in ENDPOINTS.items() if endpoint.method == "post"]
WITH_IDS = [name for name, endpoint in ENDPOINTS.items() if endpoint.ids]


def staff_url_names() -> set[str]:
    """The name of every URL whose address contains ``gestion/``."""
    names: set[str] = set()

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and "gestion/" in route:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_staff_address_is_tried_here():
    assert staff_url_names() == set(ENDPOINTS), "add the new staff page to ENDPOINTS"
    assert staff_url_names() >= set(GET_PAGES)


def send(client, endpoint: Endpoint, world: World, **data):
    client.raise_request_exception = False  # a 500 must fail the assertion, not the request
    return getattr(client, endpoint.method)(endpoint.path(world), {**endpoint.data(world), **data})


def stays_on_site(location: str) -> bool:
    # Independent of Django's own check: a path on this host, nothing else.
    return location.startswith("/") and not location.startswith(("//", "/\\"))


def shown(client, response) -> str:
    """The page a browser shows after following the redirect."""
    assert response.status_code == 302, response.status_code
    assert stays_on_site(response["Location"])
    return client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("name", POSTS)
def test_each_post_succeeds_with_good_data(staff_client, world, name):
    """The baseline the refusals below are measured against."""
    endpoint = ENDPOINTS[name]
    response = send(staff_client, endpoint, world)
    assert response.status_code == 302
    assert endpoint.changed() == 1


# --- Lists of ids --------------------------------------------------------------

BAD_IDS = {
    "too big for any integer column": "99999999999999999999",
    "one past the largest bigint": str(BIGINT_MAX + 1),
    "thousands of digits": "9" * 5000,
    "negative": "-1",
    "zero": "0",
    "not a number": "abc",
    "a decimal": "1.5",
    "an exponent": "1e3",
    "a superscript digit": "²",
    "an Arabic-Indic digit": "١",
    "padded with spaces": " 1 ",
    "empty": "",
    "a NUL byte": "1\x00",
}


@pytest.mark.parametrize("name", WITH_IDS)
@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_a_bad_id_refuses_the_whole_selection_with_a_message(staff_client, world, name, bad):
    endpoint = ENDPOINTS[name]
    good = endpoint.data(world)[endpoint.ids]
    response = send(staff_client, endpoint, world, **{endpoint.ids: [*good, bad]})
    page = shown(staff_client, response)
    assert "No entendimos la selección" in page
    assert endpoint.changed() == 0


@pytest.mark.parametrize("name", WITH_IDS)
def test_an_empty_selection_asks_to_select_something(staff_client, world, name):
    endpoint = ENDPOINTS[name]
    data = {key: value for key, value in endpoint.data(world).items() if key != endpoint.ids}
    staff_client.raise_request_exception = False
    response = staff_client.post(endpoint.path(world), data)
    assert "Selecciona al menos" in shown(staff_client, response)
    assert endpoint.changed() == 0


# What each endpoint says when it changed exactly one row.
ONE_DONE = {
    "proposals:bulk": "Se modificó 1 propuesta.",
    "core:retry_emails": "Se volvió a poner en cola 1 correo.",
    "consultation:staff_bulk": "Se respondió 1 comentario.",
}


@pytest.mark.parametrize("name", WITH_IDS)
def test_a_repeated_id_counts_once(staff_client, world, name):
    endpoint = ENDPOINTS[name]
    good = endpoint.data(world)[endpoint.ids]
    response = send(staff_client, endpoint, world, **{endpoint.ids: good * 3})
    page = shown(staff_client, response)
    assert endpoint.changed() == 1
    assert ONE_DONE[name] in page
    assert "ya no exist" not in page


@pytest.mark.parametrize("name", WITH_IDS)
@pytest.mark.parametrize("unknown", ["largest bigint", "next id"])
def test_an_unknown_id_is_reported_and_the_others_are_done(staff_client, world, name, unknown):
    endpoint = ENDPOINTS[name]
    good = endpoint.data(world)[endpoint.ids]
    missing = BIGINT_MAX if unknown == "largest bigint" else max(good) + 1
    response = send(staff_client, endpoint, world, **{endpoint.ids: [missing, *good]})
    page = shown(staff_client, response)
    assert endpoint.changed() == 1
    assert ONE_DONE[name] in page
    assert "ya no exist" in page  # "ya no existe" / "ya no existen"


def test_a_proposal_deleted_mid_way_does_not_stop_a_bulk_decision(staff_client, world):
    """The service itself refuses a missing proposal; it used to raise KeyError
    after the earlier ids had been committed."""
    from proposals import services

    other = ProposalFactory()
    gone = ProposalFactory()
    gone_pk = gone.pk
    gone.delete()
    with translation.override("es-cl"):
        done, problems = services.bulk_transition(
            [world.proposal.pk, gone_pk, other.pk],
            services.Change(to_status=Status.PUBLISHED, expected_status=Status.RECEIVED),
        )
    assert done == 2
    assert problems == [f"#{gone_pk}: Esta propuesta ya no existe."]


# --- Where people are sent back to ------------------------------------------------

BAD_NEXT = {
    "another site": "https://evil.example/",
    "protocol-relative": "//evil.example/",
    "three slashes": "///evil.example/",
    "javascript:": "javascript:alert(document.cookie)",
    "data:": "data:text/html,<script>alert(1)</script>",
    "backslashes": "\\\\evil.example/",
    "slash and backslash": "/\\evil.example/",
    "leading space": " //evil.example/",
    "leading tab": "\t//evil.example/",
    "user info": "http://testserver@evil.example/",
    "scheme without slashes": "https:evil.example",
    "a control character": "\x01//evil.example/",
    "plain HTTP from HTTPS": "http://testserver/gestion/propuestas/",
}


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("target", BAD_NEXT.values(), ids=BAD_NEXT.keys())
def test_next_never_leads_off_the_site(staff_client, world, name, target):
    endpoint = ENDPOINTS[name]
    staff_client.raise_request_exception = False
    if endpoint.method == "post":
        response = staff_client.post(
            endpoint.path(world), {**endpoint.data(world), "next": target}, secure=True
        )
    else:
        response = staff_client.get(endpoint.path(world), {"next": target}, secure=True)
    assert response.status_code < 500
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert stays_on_site(location), location
        assert location == endpoint.landing(world)


def test_a_next_on_this_site_is_followed(staff_client, world):
    endpoint = ENDPOINTS["proposals:bulk"]
    target = "/gestion/propuestas/?estado=received&q=datos"
    response = send(staff_client, endpoint, world, next=target)
    assert response["Location"] == target


def test_a_next_with_a_line_break_cannot_add_a_header(staff_client, world):
    endpoint = ENDPOINTS["proposals:bulk"]
    response = send(staff_client, endpoint, world, next="/gestion/\r\nSet-Cookie: a=b")
    assert response.status_code == 302
    assert "\n" not in response["Location"]
    assert "a" not in response.cookies


# --- Addresses and query parameters of the pages -------------------------------------

BAD_QUERIES = {
    "a huge page": {"pagina": "99999999999999999999"},
    "a negative page": {"pagina": "-1"},
    "page zero": {"pagina": "0"},
    "a page that is not a number": {"pagina": "última"},
    "a page in exponent form": {"pagina": "1e9"},
    "a NUL page": {"pagina": "\x00"},
    "an unknown status": {"estado": "borrado"},
    "a NUL status": {"estado": "\x00"},
    "a long status": {"estado": "x" * 5000},
    "a NUL search": {"q": "datos\x00abiertos"},
    "a very long search": {"q": "datos " * 1000},
    "search operators": {"q": "!!! & | :* <-> ' \" ( )"},
    "a search that looks like SQL": {"q": "'; DROP TABLE proposals_proposal; --"},
    "a repeated parameter": {"estado": ["published", "received"]},
}
# What a moderator reads when the queue refuses a parameter.
QUEUE_REFUSALS = {
    "an unknown status": "No existe el estado",
    "a NUL status": "No existe el estado",
    "a long status": "No existe el estado",
    "a NUL search": "Los caracteres nulos no están permitidos",
    "a very long search": "La búsqueda puede tener como máximo 200 caracteres",
}


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("what", BAD_QUERIES)
def test_odd_query_parameters_never_break_a_staff_page(staff_client, world, name, what):
    staff_client.raise_request_exception = False
    path = GET_PAGES[name].format(
        pk=world.proposal.pk,
        event=world.event.pk,
        table=world.table.pk,
        draft=world.draft.pk,
        milestone=world.milestone.pk,
        member=world.member.pk,
        meeting=world.meeting.pk,
        comment=world.comment.pk,
        consulted=world.consulted.pk,
    )
    response = staff_client.get(path, BAD_QUERIES[what])
    if name == "proposals:queue" and what in QUEUE_REFUSALS:
        assert response.status_code == 400
        assert QUEUE_REFUSALS[what] in response.content.decode()
        # ...and the queue is still there, with the received proposals.
        assert f'value="{world.proposal.pk}"' in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "pk", ["99999999999999999999", str(BIGINT_MAX), "9" * 5000, "0", "-1", "1.5", "abc"]
)
def test_an_odd_proposal_address_is_not_found(staff_client, world, method, pk):
    staff_client.raise_request_exception = False
    response = getattr(staff_client, method)(
        f"/gestion/propuestas/{pk}/", {"to_status": "published"}
    )
    assert response.status_code == 404
    assert Proposal.objects.get(pk=world.proposal.pk).status == Status.RECEIVED


BAD_DECISION_FIELDS = {
    "an unknown decision": {"to_status": "deleted"},
    "a NUL decision": {"to_status": "\x00"},
    "an unknown expected status": {"expected_status": "x" * 300},
    "a huge work table": {"to_status": "assigned", "worktable": "99999999999999999999"},
    "a negative commitment": {"to_status": "integrated", "destination": "commitment:-1"},
    "a NUL merge code": {"to_status": "merged", "merged_into": "GA5\x00"},
    "a NUL reason": {"public_reason": "motivo\x00"},
    "an unknown reason for not admitting": {
        "to_status": "not_admitted",
        "not_admitted_reason": "because",
    },
}


@pytest.mark.parametrize("name", ["proposals:moderate", "proposals:bulk"])
@pytest.mark.parametrize("what", BAD_DECISION_FIELDS)
def test_an_odd_decision_is_refused_and_changes_nothing(staff_client, world, name, what):
    endpoint = ENDPOINTS[name]
    response = send(staff_client, endpoint, world, **BAD_DECISION_FIELDS[what])
    assert response.status_code in (302, 400)
    assert endpoint.changed() == 0
    page = (
        response.content.decode() if response.status_code == 400 else shown(staff_client, response)
    )
    assert 'class="alert alert-' in page or "invalid-feedback" in page


# --- File names and contents -------------------------------------------------------

HOSTILE_NAMES = {
    "path traversal": "../../../../etc/informe.pdf",
    "an absolute path": "/etc/passwd.pdf",
    "Windows traversal": "..\\..\\informe.pdf",
    "a double extension": "informe.pdf.php",
    "a right-to-left override": "informe\u202efdp.exe",
    "a NUL byte": "informe.pdf\x00.exe",
    "a very long name": "a" * 500 + ".pdf",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_an_evidence_file_is_stored_under_a_name_the_portal_chooses(
    staff_client, world, settings, tmp_path, name
):
    """Whatever it is called, a real PDF is stored inside the media folder,
    under a random name ending in .pdf."""
    from tests.tracking.factories import PDF
    from tracking.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    staff_client.raise_request_exception = False
    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    upload.name = name  # as a crafted request would send it
    response = staff_client.post(
        f"/gestion/avance/hitos/{world.milestone.pk}/",
        {"status": "substantial", "note": "Avance informado.", "files": [upload]},
    )
    assert response.status_code in (200, 302)
    for evidence in Evidence.objects.exclude(file=""):
        stored = (tmp_path / evidence.file.name).resolve()
        assert stored.is_relative_to(tmp_path.resolve())
        assert stored.suffix == ".pdf" and ".." not in evidence.file.name
        assert "informe" not in evidence.file.name


@pytest.mark.parametrize(
    "name, content",
    [
        ("informe.pdf", b"MZ\x90\x00\x03 an executable"),
        ("informe.pdf.exe", b"MZ\x90\x00\x03 an executable"),
        ("pagina.pdf", b"<html><script>alert(1)</script></html>"),
        ("vacio.pdf", b""),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_in_spanish(
    staff_client, world, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    staff_client.raise_request_exception = False
    before = _reported()
    response = staff_client.post(
        f"/gestion/avance/hitos/{world.milestone.pk}/",
        {
            "status": "substantial",
            "note": "Avance informado.",
            "files": [SimpleUploadedFile(name, content, content_type="application/pdf")],
        },
    )
    assert response.status_code in (200, 400)
    assert _reported() == before
    page = response.content.decode()
    assert "invalid-feedback" in page or "alert-danger" in page
    assert "<script>alert(1)" not in page
