"""The follow-up's share of ``manage.py seed``: the Forum's permission to
review progress (reference data), and progress updates with evidence links
on the demonstration process, laid out around today (``seed --demo``).

No officer account is created: the demonstration shows what the public sees.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.models import Origin
from plans.models import ActionPlan, Commitment, Completion, Institution, Milestone, Sector
from plans.services import demo_plan
from proposals.services import normalise

from .models import Evidence, ProgressUpdate
from .services import refresh_current

DEMO_INSTITUTION = "Servicio de Demostración de Datos Abiertos"
DEMO_LINK = "https://example.org/demostracion/"

# (number, title, values, milestones: (title, deliverable, start, end) in days from today)
DEMO_COMMITMENTS = [
    (
        1,
        "Presupuestos municipales abiertos y comprensibles",
        {"transparency": True, "accountability": True},
        [
            ("Diagnóstico con organizaciones vecinales", "Informe de diagnóstico", -150, -60),
            ("Publicación mensual de la ejecución", "Conjunto de datos publicado", -60, -10),
            ("Evaluación participativa", "Informe de evaluación", 0, 120),
        ],
    ),
    (
        2,
        "Mesa ciudadana de seguimiento de las listas de espera",
        {"participation": True, "technology": True},
        [
            ("Constitución de la mesa ciudadana", "Actas de las sesiones", -90, 30),
            ("Tablero público de listas de espera", "Tablero en línea", 30, 200),
        ],
    ),
]

# (commitment number, milestone number, status, days ago, note, evidence titles, disputed)
DEMO_UPDATES = [
    (1, 1, Completion.LIMITED, 120, "Se realizaron dos de las cinco reuniones previstas.",
     ["Acta de la primera reunión"], ""),
    (1, 1, Completion.COMPLETE, 70, "Se publicó el informe de diagnóstico.",
     ["Informe de diagnóstico"], ""),
    (1, 2, Completion.LIMITED, 30, "Se publicaron los datos de tres meses.",
     ["Datos de ejecución presupuestaria"], ""),
    (2, 1, Completion.SUBSTANTIAL, 45, "La mesa sesionó cuatro veces.",
     ["Actas de las sesiones 1 a 4"], ""),
    (2, 1, Completion.COMPLETE, 10, "La mesa quedó constituida con reglamento propio.",
     ["Reglamento de la mesa"],
     "El reglamento publicado no está aprobado por todas las organizaciones integrantes."),
]  # fmt: skip


def seed_demo(today: dt.date) -> None:
    """(Re)create the demonstration's progress around ``today``: its own two
    commitments when the demonstration plan has no others, then the updates."""
    plan = demo_plan()
    if plan is None:
        return
    commitments = _demo_commitments(plan, today)
    # The demonstration starts afresh, files tried out in it included.
    for evidence in Evidence.objects.filter(update__milestone__commitment__plan=plan).exclude(
        file=""
    ):
        evidence.file.delete(save=False)
    ProgressUpdate.objects.filter(milestone__commitment__plan=plan).delete()
    now = timezone.now()
    for number, milestone_number, status, days_ago, note, titles, dispute in DEMO_UPDATES:
        commitment = commitments.get(number)
        milestone = commitment and commitment.get(milestone_number)
        if milestone is None:
            continue
        reported_at = now - dt.timedelta(days=days_ago)
        update = ProgressUpdate.objects.create(
            milestone=milestone,
            institution_id=milestone.commitment.responsible_institution_id,
            status=status,
            note=note,
            reported_at=reported_at,
            origin=Origin.DEMO,
            is_disputed=bool(dispute),
            dispute_note=dispute,
            disputed_at=reported_at + dt.timedelta(days=2) if dispute else None,
        )
        for index, title in enumerate(titles, start=1):
            Evidence.objects.create(
                update=update,
                title=title,
                url=f"{DEMO_LINK}{update.pk}-{index}",
                created_at=reported_at,
                search_document=normalise(f"{title} {note} {milestone.title}"),
            )
    refresh_current(Milestone.objects.filter(commitment__plan=plan).values_list("pk", flat=True))


def _demo_commitments(plan: ActionPlan, today: dt.date) -> dict[int, dict[int, Milestone]]:
    """{commitment number: {milestone number: milestone}} of the plan: its own
    commitments if another app gave it some, else the two made here."""
    institution, _created = Institution.objects.update_or_create(
        name=DEMO_INSTITUTION,
        defaults={"acronym": "SDDA", "sector": Sector.GOVERNMENT, "origin": Origin.DEMO},
    )
    others = Commitment.objects.filter(plan=plan).exclude(responsible_institution=institution)
    if not others.exists():
        for number, title, values, milestones in DEMO_COMMITMENTS:
            commitment, _created = Commitment.objects.update_or_create(
                plan=plan,
                number=number,
                defaults={
                    "title": title,
                    "responsible_institution": institution,
                    "description": (
                        "Compromiso ficticio del proceso de demostración, para probar el "
                        "seguimiento del avance."
                    ),
                    **{field: values.get(field, False) for field in _VALUES},
                },
            )
            for index, (name, deliverable, start, end) in enumerate(milestones, start=1):
                Milestone.objects.update_or_create(
                    commitment=commitment,
                    number=index,
                    defaults={
                        "title": name,
                        "deliverable": deliverable,
                        "start_date": today + dt.timedelta(days=start),
                        "end_date": today + dt.timedelta(days=end),
                    },
                )
    result: dict[int, dict[int, Milestone]] = {}
    for milestone in Milestone.objects.filter(commitment__plan=plan).select_related("commitment"):
        result.setdefault(milestone.commitment.number, {})[milestone.number] = milestone
    return result


_VALUES = ["transparency", "accountability", "participation", "technology"]
