"""A process at the selection stage: a plan (2030-2032) with a work table
whose results are public, a sound commitment draft taking up two integrated
proposals, and the Mesa's seats, each held by a staff account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from plans.models import ActionPlan, Forum, ForumMember, Institution
from proposals.models import Proposal, Status
from selection import services
from tests.plans.factories import ActionPlanFactory, InstitutionFactory
from tests.proposals.factories import ProposalFactory
from tests.worktables.factories import TableSessionFactory, WorkTableFactory
from worktables import services as worktables
from worktables.models import Draft, WorkTable


def staff(username: str, *permissions: str):
    """A staff account without a password (hashing one costs time in every test)."""
    user = get_user_model().objects.create(
        username=username, email=f"{username}@example.org", is_staff=True
    )
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def milestone(number: int, **fields) -> worktables.MilestoneData:
    return worktables.MilestoneData(
        number=number,
        title=fields.get("title", f"Hito {number}: diagnóstico de las sentencias"),
        deliverable=fields.get("deliverable", "Informe publicado en el portal"),
        start_date=fields.get("start_date", dt.date(2031, 3 * number, 1)),
        end_date=fields.get("end_date", dt.date(2031, 3 * number + 2, 28)),
    )


def draft_data(**overrides) -> worktables.DraftData:
    values = {
        "title": "Sentencias judiciales en datos abiertos",
        "problem": "Las sentencias no se publican en formato abierto.",
        "description": "Publicar todas las sentencias en datos abiertos, anonimizadas.",
        "expected_results": "Cualquier persona descarga y reutiliza las sentencias.",
        "actors": "Poder Judicial; Fundación Datos Protegidos",
        "responsible_institution": None,
        "transparency": True,
        "accountability": True,
        "milestones": [milestone(1), milestone(2)],
        **overrides,
    }
    return worktables.DraftData(**values)


@dataclass
class World:
    plan: ActionPlan
    table: WorkTable
    institution: Institution
    draft: Draft
    proposals: list[Proposal]
    forum: Forum
    presides: ForumMember
    civil: ForumMember
    academia: ForumMember
    observer: ForumMember
    decider: object

    def add_draft(self, **overrides) -> Draft:
        overrides.setdefault("responsible_institution", self.institution)
        return worktables.save_draft(self.table, draft_data(**overrides))


def seat(forum: Forum, role: str, position: str, order: int) -> ForumMember:
    return ForumMember.objects.create(
        forum=forum,
        institution=InstitutionFactory(name=f"Institución de {position}"),
        position=position,
        role=role,
        order=order,
        user=staff(position.lower().replace(" ", "-")),
    )


def make_world(plan: ActionPlan | None = None, proposals: int = 2) -> World:
    plan = plan or ActionPlanFactory(slug="plan-en-seleccion", title="Sexto Plan de Prueba")
    table = WorkTableFactory(plan=plan, name="Justicia abierta")
    TableSessionFactory(table=table)
    institution = InstitutionFactory(name="Poder Judicial de Prueba")
    facilitator = staff("facilitadora")
    taken = []
    for _n in range(proposals):
        proposal = ProposalFactory(plan=plan, status=Status.PUBLISHED)
        worktables.assign(proposal.pk, table, facilitator)
        taken.append(proposal)
    draft = worktables.save_draft(
        table,
        draft_data(responsible_institution=institution, proposal_ids=[p.pk for p in taken]),
        facilitator,
    )
    worktables.publish_table(table.pk)
    draft.refresh_from_db()
    forum = Forum.objects.order_by("pk").first() or Forum.objects.create(
        name="Mesa de Gobierno Abierto"
    )
    return World(
        plan=plan,
        table=table,
        institution=institution,
        draft=draft,
        proposals=[Proposal.objects.get(pk=p.pk) for p in taken],
        forum=forum,
        presides=seat(forum, ForumMember.Role.PRESIDES, "Subsecretaria", 0),
        civil=seat(forum, ForumMember.Role.CIVIL_SOCIETY, "Red de Sociedad Civil", 1),
        academia=seat(forum, ForumMember.Role.ACADEMIA, "Red Academica", 2),
        observer=seat(forum, ForumMember.Role.OBSERVER, "Observadora CEPAL", 3),
        decider=staff("secretaria-ejecutiva", "decide_draft"),
    )


def score(member: ForumMember, draft: Draft, **fields):
    return services.assess(
        draft.pk,
        member,
        services.Score(
            verifiable=fields.get("verifiable", True),
            values=fields.get("values", ("transparency",)),
            potential=fields.get("potential", "substantial"),
            feasibility=fields.get("feasibility", "high"),
            comment=fields.get("comment", ""),
        ),
        member.user,
    )


def published_now(draft: Draft) -> Draft:
    Draft.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    draft.refresh_from_db()
    return draft
