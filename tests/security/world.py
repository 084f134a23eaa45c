"""One populated portal for the security suites (permission matrix, privacy
scan, hostile input): every kind of record a URL can name, the people of each
role, and personal data marked with unique strings that must never reach a
public page.

``SAMPLE_KWARGS`` gives the arguments of every URL name that takes some; the
suites walk the resolver (``url_names``) and fail, naming the URL, when a new
one has none. Add one line there for a new URL with arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import activity
from core.models import OutboundEmail
from plans.models import ActionPlan, Commitment, Forum, ForumMember, Milestone
from proposals import drafts
from proposals import services as proposal_services
from proposals.models import ActorRole, Proposal, ProposalDraft, ProposalEvent, Status
from stages.models import EffectRun, StageEvent, Subscription
from tests.core.factories import UserFactory
from tests.helpers import create_demo_process
from tests.plans.factories import CommitmentFactory, InstitutionFactory, MilestoneFactory
from tests.proposals.factories import ProposalFactory
from tests.tracking.factories import upload
from tests.worktables.factories import (
    DraftFactory,
    EventFactory,
    RegistrationFactory,
    TableSessionFactory,
)
from tracking import files as evidence_files
from tracking import services as tracking_services
from tracking.models import Evidence, Officer, ProgressUpdate
from worktables.models import (
    DraftProposal,
    Event,
    Minutes,
    MinutesAttachment,
    Registration,
    TableAssignment,
    WorkTable,
)

# Personal data and internal notes, each a string found nowhere else: the
# privacy scan searches every public response for each of them.
SECRETS = {
    "proposer name (did not opt in)": "Zenobia Ocultísima Quilapán",
    "proposer e-mail": "zenobia.oculta.q7x@example.org",
    "proposer organisation": "Fundación Reservada Q7X",
    "proposer phone-like note": "Agrupación Privada Z9K",
    "merged proposer e-mail": "fusionada.q7x@example.org",
    "received proposer e-mail": "recibida.q7x@example.org",
    "internal moderation note": "Nota interna de moderación Q7X",
    "draft e-mail": "borrador.q7x@example.org",
    "draft answer": "Respuesta privada del borrador Q7X",
    "subscriber e-mail": "suscriptora.q7x@example.org",
    "attendee name": "Asistente Oculto Q7X",
    "attendee e-mail": "asistente.q7x@example.org",
    "attendee organisation": "Colectivo Invisible Q7X",
    "attendee accessibility needs": "Necesidad privada de accesibilidad Q7X",
    "waiting attendee e-mail": "espera.q7x@example.org",
    "session link": "https://reunion.example.org/sala-privada-q7x",
    "officer username": "encargada-q7x",
    "officer e-mail": "encargada.q7x@example.org",
    "reviewer e-mail": "revisora.q7x@example.org",
    "withdrawal reason": "Motivo interno del retiro Q7X",
    "activity log message": "Mensaje interno del registro Q7X",
    "outbox recipient": "destinataria.q7x@example.org",
    "outbox context": "Contexto privado del correo Q7X",
    "forum member account": "miembro.q7x@example.org",
}
# The token that opens the proposal draft (the table keeps only its hash).
DRAFT_TOKEN = "borrador-secreto-de-prueba-q7x-0123456789"

ROLES = (
    "anonymous",
    "citizen",
    "moderator",
    "mga_member",
    "mga_observer",
    "officer_own",
    "officer_other",
    "admin",
)


@dataclass
class World:
    demo: ActionPlan
    fifth: ActionPlan
    published: Proposal  # public, its proposer did not opt in to show their name
    merged: Proposal
    received: Proposal  # the citizen's own proposal, known by its tracking code
    commitment: Commitment  # of institution A (the own officer's)
    milestone: Milestone
    other_milestone: Milestone  # of institution B (the other officer's)
    update: ProgressUpdate
    withdrawn: ProgressUpdate
    evidence: Evidence
    subscription: Subscription
    session: Event
    table: WorkTable
    draft: Any
    registration: Registration
    attachment: MinutesAttachment
    run: EffectRun
    email: OutboundEmail
    proposal_draft: ProposalDraft
    users: dict[str, Any] = field(default_factory=dict)


# Staff without a password (the suites sign in with force_login): hashing one
# costs a fifth of a second.
STAFF = {"is_staff": True, "password": None}


def build_world() -> World:
    call_command("seed")
    demo = create_demo_process()
    fifth = ActionPlan.objects.get(number=5, origin="official")
    own, other = (
        InstitutionFactory(name="Institución Propia"),
        InstitutionFactory(name="Institución Ajena"),
    )

    # People, by role.
    users = {
        "moderator": UserFactory(username="moderadora", is_staff=True, password=None),
        # The forum's members have a staff account for its reminders (and,
        # with the selection, its scores), and no permission of their own.
        "mga_member": UserFactory(
            username="miembro-mga", email=SECRETS["forum member account"], **STAFF
        ),
        "mga_observer": UserFactory(username="observadora-mga", **STAFF),
        # Saving an officer in the admin marks the account as staff.
        "officer_own": UserFactory(
            username=SECRETS["officer username"], email=SECRETS["officer e-mail"], **STAFF
        ),
        "officer_other": UserFactory(username="encargado-ajeno", **STAFF),
        "admin": UserFactory(username="administradora", is_superuser=True, **STAFF),
    }
    users["moderator"].groups.add(Group.objects.get(name=proposal_services.MODERATORS_GROUP))
    users["moderator"].email = SECRETS["reviewer e-mail"]
    users["moderator"].save()
    forum = Forum.objects.first()
    for role, seat in (("mga_member", "civil_society"), ("mga_observer", "observer")):
        ForumMember.objects.create(
            forum=forum, institution=other, position="Integrante", role=seat, user=users[role]
        )
    Officer.objects.create(user=users["officer_own"], institution=own)
    TOTPDevice.objects.create(user=users["officer_own"], name="Aplicación", confirmed=True)
    Officer.objects.create(user=users["officer_other"], institution=other)

    # Proposals: one public whose proposer did not opt in to show their name,
    # one merged into it, one still received (the citizen's), with an internal note.
    published = ProposalFactory(
        plan=fifth,
        status=Status.PUBLISHED,
        show_name=False,
        name=SECRETS["proposer name (did not opt in)"],
        email=SECRETS["proposer e-mail"],
        organisation=SECRETS["proposer organisation"],
    )
    merged = ProposalFactory(
        plan=fifth,
        status=Status.MERGED,
        merged_into=published,
        email=SECRETS["merged proposer e-mail"],
        organisation=SECRETS["proposer phone-like note"],
    )
    received = ProposalFactory(plan=demo, email=SECRETS["received proposer e-mail"])
    ProposalEvent.objects.create(
        proposal=published,
        from_status=Status.RECEIVED,
        to_status=Status.PUBLISHED,
        actor_role=ActorRole.MODERATOR,
        actor=users["moderator"],
        internal_note=SECRETS["internal moderation note"],
    )
    token = DRAFT_TOKEN
    proposal_draft = drafts.start(demo, token, timezone.now() - dt.timedelta(minutes=5))
    proposal_draft.email = SECRETS["draft e-mail"]
    proposal_draft.data = {"title": "Un borrador", "problem": SECRETS["draft answer"]}
    proposal_draft.save()

    # The calendar: a subscriber, a failed effect.
    subscription = Subscription.objects.create(
        email=SECRETS["subscriber e-mail"], confirmed_at=timezone.now()
    )
    event = StageEvent.objects.create(
        stage=fifth.stages.first(),
        edge="start",
        due_at="2030-01-01T00:00Z",
        result=StageEvent.Result.FAILED,
    )
    run = EffectRun.objects.create(
        event=event, effect="stages.effects.notify_stage_opened", status="failed", outcome="x"
    )

    # Sessions, a table, people registered, a published draft and minutes.
    session = TableSessionFactory(table__plan=fifth, online_url=SECRETS["session link"])
    table = session.table
    registration = RegistrationFactory(
        event=session,
        name=SECRETS["attendee name"],
        email=SECRETS["attendee e-mail"],
        organisation=SECRETS["attendee organisation"],
        accessibility_needs=SECRETS["attendee accessibility needs"],
    )
    RegistrationFactory(
        event=EventFactory(plan=fifth), status="waiting", email=SECRETS["waiting attendee e-mail"]
    )
    TableAssignment.objects.create(proposal=published, table=table)
    draft = DraftFactory(table=table, published_at=session.starts_at)
    DraftProposal.objects.create(draft=draft, proposal=published)
    minutes = Minutes.objects.create(event=session, text="Acta", published_at=session.starts_at)
    attachment = MinutesAttachment(minutes=minutes, title="Presentación", size=10)
    attachment.file.save("acta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    # Follow-up: institution A's commitment with a reported, disputed update
    # with evidence, and a withdrawn one; institution B's milestone.
    commitment = CommitmentFactory(plan=fifth, number=99, responsible_institution=own)
    milestone = MilestoneFactory(commitment=commitment, number=1)
    other_milestone = MilestoneFactory(
        commitment=CommitmentFactory(plan=fifth, number=98, responsible_institution=other)
    )
    pdf = upload()
    update = tracking_services.report(
        milestone.pk,
        status="limited",
        note="Avance con evidencia.",
        author=users["officer_own"],
        files=[tracking_services.File(pdf, evidence_files.detect(pdf))],
    )
    tracking_services.dispute(update.pk, "Sin respaldo suficiente.", users["moderator"])
    withdrawn = tracking_services.report(
        milestone.pk, status="substantial", note="Otro avance.", author=users["officer_own"]
    )
    tracking_services.withdraw(withdrawn.pk, SECRETS["withdrawal reason"], users["moderator"])

    # The outbox and the activity log.
    email = OutboundEmail.objects.create(
        key="seguridad:fallido",
        to=SECRETS["outbox recipient"],
        template="stage_opened",
        context={"note": SECRETS["outbox context"]},
        status=OutboundEmail.Status.FAILED,
        last_error="550 mailbox unavailable",
    )
    activity.log(
        users["moderator"], "test.note", published, message=SECRETS["activity log message"]
    )

    return World(
        demo=demo,
        fifth=fifth,
        published=published,
        merged=merged,
        received=received,
        commitment=commitment,
        milestone=milestone,
        other_milestone=other_milestone,
        update=update,
        withdrawn=withdrawn,
        evidence=update.evidence.get(),
        subscription=subscription,
        session=session,
        table=table,
        draft=draft,
        registration=registration,
        attachment=attachment,
        run=run,
        email=email,
        proposal_draft=proposal_draft,
        users=users,
    )


# --- Every URL the project resolves ------------------------------------------------


@dataclass(frozen=True)
class Url:
    name: str  # "namespace:name", or the bare name
    route: str  # the pattern, e.g. "planes/<slug:slug>/"
    arguments: tuple[str, ...]
    callback: Callable


def all_urls() -> list[Url]:
    """Every named pattern in the URL configuration, i18n-prefixed ones
    included (each once: the language prefix does not make a new view)."""
    found: dict[str, Url] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if not pattern.name and namespace != "admin":
                    raise AssertionError(f"every URL needs a name: {route!r} has none")
                # The admin's old addresses (…/<id>/) redirect and have no name.
                name = ":".join(filter(None, [namespace, pattern.name or route]))
                arguments = tuple(pattern.pattern.regex.groupindex)
                found.setdefault(name, Url(name, route, arguments, pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return sorted(found.values(), key=lambda url: url.name)


def is_admin(url: Url) -> bool:
    return url.name.startswith("admin:")


# The arguments of every URL name that takes some, from the world. A new URL
# with arguments: add one line here (the suites say which one is missing).
SAMPLE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "sitemap_section": lambda w: {"section": "propuestas"},
    "plans:plan_detail": lambda w: {"slug": w.fifth.slug},
    "plans:plan_commitments_csv": lambda w: {"slug": w.fifth.slug},
    "plans:plan_commitments_json": lambda w: {"slug": w.fifth.slug},
    "plans:plan_share_image": lambda w: {"slug": w.fifth.slug},
    "plans:commitment_share_image": lambda w: {"slug": w.fifth.slug, "number": 99},
    "plans:commitment_detail": lambda w: {"slug": w.fifth.slug, "number": 99},
    "stages:plan_calendar_ics": lambda w: {"slug": w.fifth.slug},
    "stages:subscription_confirm": lambda w: {"token": w.subscription.token},
    "stages:unsubscribe": lambda w: {"token": w.subscription.token},
    "stages:staff_retry_effect": lambda w: {"run_id": w.run.pk},
    "proposals:track_code": lambda w: {"code": w.received.tracking_code},
    "proposals:detail": lambda w: {"pk": w.published.pk},
    "proposals:submit": lambda w: {"slug": w.demo.slug},
    "proposals:draft_begin": lambda w: {"slug": w.demo.slug},
    "proposals:draft_resume": lambda w: {"slug": w.demo.slug, "token": DRAFT_TOKEN},
    "proposals:draft_step": lambda w: {"slug": w.demo.slug, "token": DRAFT_TOKEN, "number": 1},
    "proposals:draft_review": lambda w: {"slug": w.demo.slug, "token": DRAFT_TOKEN},
    "proposals:draft_save_link": lambda w: {"slug": w.demo.slug, "token": DRAFT_TOKEN},
    "proposals:moderate": lambda w: {"pk": w.received.pk},
    "worktables:plan_events": lambda w: {"slug": w.fifth.slug},
    "worktables:event": lambda w: {"pk": w.session.pk},
    "worktables:register": lambda w: {"pk": w.session.pk},
    "worktables:registration_sent": lambda w: {"pk": w.session.pk},
    "worktables:registration": lambda w: {"token": w.registration.token},
    "worktables:registration_confirm": lambda w: {"token": w.registration.token},
    "worktables:registration_cancel": lambda w: {"token": w.registration.token},
    "worktables:table": lambda w: {"pk": w.table.pk},
    "worktables:draft": lambda w: {"pk": w.draft.pk},
    "worktables:attachment": lambda w: {"pk": w.attachment.pk},
    "worktables:assign": lambda w: {"proposal_id": w.published.pk},
    "worktables:staff_event": lambda w: {"pk": w.session.pk},
    "worktables:staff_event_edit": lambda w: {"pk": w.session.pk},
    "worktables:staff_event_cancel": lambda w: {"pk": w.session.pk},
    "worktables:staff_attendees_csv": lambda w: {"pk": w.session.pk},
    "worktables:staff_minutes": lambda w: {"pk": w.session.pk},
    "worktables:staff_minutes_publish": lambda w: {"pk": w.session.pk},
    "worktables:staff_table": lambda w: {"pk": w.table.pk},
    "worktables:staff_set_aside": lambda w: {"pk": w.table.pk},
    "worktables:staff_publish": lambda w: {"pk": w.table.pk},
    "worktables:staff_draft_create": lambda w: {"pk": w.table.pk},
    "worktables:staff_draft": lambda w: {"pk": w.draft.pk},
    "tracking:plan_dashboard": lambda w: {"slug": w.fifth.slug},
    "tracking:evidence_file": lambda w: {"pk": w.evidence.pk},
    "tracking:staff_milestone": lambda w: {"pk": w.milestone.pk},
    "tracking:dispute": lambda w: {"pk": w.update.pk},
    "tracking:withdraw": lambda w: {"pk": w.update.pk},
    "worktables:staff_table_edit": lambda w: {"pk": w.table.pk},
    # The read API: a public record of each kind.
    "api:commitment-detail": lambda w: {"pk": w.commitment.pk},
    "api:draft-detail": lambda w: {"pk": w.draft.pk},
    "api:event-detail": lambda w: {"pk": w.session.pk},
    "api:institution-detail": lambda w: {"pk": w.commitment.responsible_institution_id},
    "api:plan-detail": lambda w: {"pk": w.fifth.pk},
    "api:progress-update-detail": lambda w: {"pk": w.update.pk},
    "api:proposal-detail": lambda w: {"pk": w.published.pk},
    "api:stage-detail": lambda w: {"pk": w.fifth.stages.order_by("pk").first().pk},
    "opendata:dataset": lambda w: {"slug": "sesiones"},
    "opendata:download": lambda w: {"slug": "sesiones", "fmt": "csv"},
    "opendata:feed": lambda w: {"slug": "resultados"},
    # The consultation and the published plan, on the demonstration process;
    # a comment that does not exist where a form would act on one.
    "consultation:plan": lambda w: {"slug": w.demo.slug},
    "consultation:comment_plan": lambda w: {"slug": w.demo.slug},
    "consultation:commitment": lambda w: {"slug": w.demo.slug, "number": 1},
    "consultation:comment_commitment": lambda w: {"slug": w.demo.slug, "number": 1},
    "consultation:changes": lambda w: {"slug": w.demo.slug, "number": 1},
    "consultation:lineage": lambda w: {"slug": w.demo.slug, "number": 1},
    "consultation:report": lambda w: {"slug": w.fifth.slug},
    "consultation:report_csv": lambda w: {"slug": w.fifth.slug},
    "consultation:report_json": lambda w: {"slug": w.fifth.slug},
    "consultation:published_plan": lambda w: {"slug": w.fifth.slug},
    "consultation:plan_pdf": lambda w: {"slug": w.fifth.slug},
    "consultation:confirm": lambda w: {"token": "x"},
    "consultation:flag": lambda w: {"pk": 999999},
    "consultation:reply": lambda w: {"pk": 999999},
    "consultation:staff_answered": lambda w: {"pk": w.demo.pk},
    "consultation:staff_comment": lambda w: {"pk": 999999},
    "consultation:staff_moderate": lambda w: {"pk": 999999},
    "consultation:staff_revise": lambda w: {"pk": w.commitment.pk},
    # The forum's record and the selection.
    "plans:forum_minutes": lambda w: {"pk": 999999},
    "plans:plan_document": lambda w: {"slug": w.fifth.slug, "pk": 999999},
    "plans:staff_meeting": lambda w: {"pk": 999999},
    "plans:staff_member": lambda w: {"pk": _forum_member().pk},
    "selection:report": lambda w: {"slug": w.fifth.slug},
    "selection:staff_draft": lambda w: {"pk": w.draft.pk},
    "selection:staff_decide": lambda w: {"pk": w.draft.pk},
    "selection:staff_publish": lambda w: {"slug": w.demo.slug},
}


def _forum_member() -> ForumMember:
    return ForumMember.objects.order_by("pk").first()


def missing_sample(url: Url) -> str:
    return (
        f"{url.name} ({url.route}) takes {', '.join(url.arguments)}: add a line for it "
        "to SAMPLE_KWARGS in tests/security/world.py"
    )
