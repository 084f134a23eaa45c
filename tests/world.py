"""An official record with one of everything the API and the open data show,
and personal data planted next to it: proposers, attendees, an officer, a
subscriber and internal notes, each with values no public field holds
(``SECRETS``), so a scan can look for them in every answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from plans.models import Completion
from proposals.models import Status
from proposals.services import Change, transition
from stages.models import Subscription
from tests.core.factories import UserFactory
from tests.plans.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory
from tests.proposals.factories import ProposalFactory
from tests.stages.factories import StageFactory
from tests.tracking.factories import OfficerFactory, link, upload
from tests.worktables.factories import (
    DraftFactory,
    EventFactory,
    RegistrationFactory,
    TableSessionFactory,
)
from tracking import files as evidence_files
from tracking import services as tracking_services
from worktables.models import DraftMilestone, DraftProposal, Minutes, TableAssignment

PROPOSER = {
    "name": "Zoraida Incógnita Pizarro",
    "email": "zoraida.incognita@example.org",
    "organisation": "Colectivo Reservado Zeta",
}
ATTENDEE = {
    "name": "Rigoberto Asistente Oculto",
    "email": "rigoberto.oculto@example.org",
    "organisation": "Agrupación Invisible Omega",
    "accessibility_needs": "Intérprete reservado para Rigoberto",
}
OFFICER = {
    "username": "ofelia-encargada",
    "first_name": "Ofelia",
    "last_name": "Encargadísima",
    "email": "ofelia.encargada@example.org",
}
SUBSCRIBER = "suscriptora.secreta@example.org"
INTERNAL_NOTE = "Nota interna que nadie fuera del equipo debe leer"
WITHDRAWN_NOTE = "Informe retirado con datos personales de Ximena"
WITHDRAWN_REASON = "Motivo interno del retiro"
ONLINE_URL = "https://reunion.example.org/sala-privada-quetzal"

SECRETS = [
    *PROPOSER.values(),
    *ATTENDEE.values(),
    OFFICER["email"],
    OFFICER["username"],
    OFFICER["last_name"],
    SUBSCRIBER,
    INTERNAL_NOTE,
    WITHDRAWN_NOTE,
    WITHDRAWN_REASON,
    "sala-privada-quetzal",
]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = ActionPlanFactory(number=7, slug="plan-7-2030-2032", status="implementation")
    StageFactory(plan=plan, kind="reception")
    commitment = CommitmentFactory(plan=plan, number=1, ogp_id="CL0099", participation=True)
    milestone = MilestoneFactory(commitment=commitment, number=1)
    MilestoneFactory(commitment=commitment, number=2, completion=Completion.LIMITED)

    # A proposer who did not opt in to show their name, one who did, and an
    # internal note on a public step.
    hidden = ProposalFactory(plan=plan, status=Status.RECEIVED, show_name=False, **PROPOSER)
    transition(hidden.pk, Change(Status.PUBLISHED, internal_note=INTERNAL_NOTE))
    shown = ProposalFactory(
        plan=plan,
        status=Status.PUBLISHED,
        name="Persona Que Quiso Mostrarse",
        show_name=True,
        public_name="Persona Que Quiso Mostrarse",
        email="persona.visible@example.org",
    )
    ProposalFactory(plan=plan, status=Status.RECEIVED, **{**PROPOSER, "email": "otra@example.org"})

    # Sessions with people registered, a table with a published draft.
    session = TableSessionFactory(table__plan=plan, online_url=ONLINE_URL)
    awareness = EventFactory(plan=plan, online_url=ONLINE_URL)
    for event in (session, awareness):
        RegistrationFactory(event=event, **ATTENDEE)
    TableAssignment.objects.create(proposal=shown, table=session.table)
    draft = DraftFactory(table=session.table, published_at=timezone.now())
    DraftMilestone.objects.create(
        draft=draft,
        number=1,
        title="Mesa técnica",
        deliverable="Acta",
        start_date=dt.date(2030, 3, 1),
        end_date=dt.date(2030, 6, 30),
    )
    DraftProposal.objects.create(draft=draft, proposal=shown)
    DraftFactory(table=session.table, title="Borrador sin publicar")
    Minutes.objects.create(event=session, text="Acta de la sesión", published_at=timezone.now())

    # Progress: an update with a file and a link, a disputed one, a withdrawn one.
    officer = OfficerFactory(
        institution=commitment.responsible_institution, user=UserFactory(**OFFICER, is_staff=True)
    ).user
    pdf = upload()
    update = tracking_services.report(
        milestone.pk,
        status="limited",
        note="Diagnóstico en curso.",
        author=officer,
        files=[tracking_services.File(pdf, evidence_files.detect(pdf))],
        links=[link()],
    )
    disputed = tracking_services.report(
        milestone.pk, status="complete", note="Terminado.", author=officer
    )
    tracking_services.dispute(disputed.pk, "Sin evidencia suficiente.", officer)
    withdrawn = tracking_services.report(
        milestone.pk, status="substantial", note=WITHDRAWN_NOTE, author=officer
    )
    tracking_services.withdraw(withdrawn.pk, WITHDRAWN_REASON, officer)

    Subscription.objects.create(email=SUBSCRIBER, confirmed_at=timezone.now())

    # A demonstration plan's records: never in the API nor the open data.
    demo = ActionPlanFactory(number=None, slug="demo-api", origin="demo")
    ProposalFactory(plan=demo, status=Status.PUBLISHED, title="Propuesta de demostración")
    CommitmentFactory(plan=demo, number=1, title="Compromiso de demostración")
    return {
        "plan": plan,
        "commitment": commitment,
        "milestone": milestone,
        "hidden": hidden,
        "shown": shown,
        "session": session,
        "awareness": awareness,
        "draft": draft,
        "update": update,
        "disputed": disputed,
        "withdrawn": withdrawn,
    }
