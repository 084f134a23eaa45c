"""Synthetic plans, institutions, commitments and milestones: the first share
of ``manage.py synthetic`` (see core/synthetic.py for how the apps add theirs).

Everything made here is marked ``Origin.SYNTHETIC``: plan titles start with
"[Sintético]", plan addresses with "sintetico-", institution names with
"[Sintético]", and plans have no number, so they never mix with the official
history (the official lists filter on the origin). Clearing deletes synthetic
rows only. The same seed on the same database gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser

from django.db import transaction

from core.models import Origin
from core.synthetic import Generator, Summary

from .models import ActionPlan, Commitment, Completion, ForumMember, Institution, Milestone, Sector

LABEL = "[Sintético]"
SLUG_PREFIX = "sintetico-"
BATCH_SIZE = 2000


# --- Text ------------------------------------------------------------------------

INSTITUTIONS = [
    # name (without the label), acronym, sector
    ("Ministerio de Innovación Pública", "MIP", Sector.GOVERNMENT),
    ("Ministerio de Desarrollo Territorial", "MDT", Sector.GOVERNMENT),
    ("Subsecretaría de Participación Ciudadana", "SPC", Sector.GOVERNMENT),
    ("Servicio Nacional de Datos Públicos", "SENADAP", Sector.GOVERNMENT),
    ("Servicio de Salud del Maule Costero", "", Sector.GOVERNMENT),
    ("Dirección de Presupuestos Regionales", "DIPRER", Sector.GOVERNMENT),
    ("Superintendencia de Servicios Hídricos", "SSH", Sector.GOVERNMENT),
    ("Agencia de Calidad de la Educación Pública", "", Sector.GOVERNMENT),
    ("Consejo Nacional de Lenguaje Claro", "CNLC", Sector.GOVERNMENT),
    ("Municipalidad de Puerto Aurora", "", Sector.GOVERNMENT),
    ("Municipalidad de Valle Hermoso", "", Sector.GOVERNMENT),
    ("Gobierno Regional de Los Andes del Sur", "GORE", Sector.GOVERNMENT),
    ("Fundación Ciudadanía Activa", "", Sector.CIVIL_SOCIETY),
    ("Corporación Datos para Todos", "", Sector.CIVIL_SOCIETY),
    ("Observatorio Ciudadano del Agua", "", Sector.CIVIL_SOCIETY),
    ("Red Vecinal por la Transparencia", "", Sector.CIVIL_SOCIETY),
    ("Asociación de Consumidores Informados", "", Sector.CIVIL_SOCIETY),
    ("Colectivo Mujeres y Territorio", "", Sector.CIVIL_SOCIETY),
    ("Centro de Estudios de Políticas Públicas de la Universidad del Norte", "", Sector.ACADEMIA),
    ("Instituto de Gobierno Abierto de la Universidad Austral del Pacífico", "", Sector.ACADEMIA),
    ("Laboratorio de Datos Cívicos", "", Sector.ACADEMIA),
    ("Cámara de Empresas Tecnológicas", "", Sector.PRIVATE),
    ("Asociación Gremial de Proveedores del Estado", "", Sector.PRIVATE),
    ("Oficina Regional de Cooperación para la Gobernanza", "", Sector.MULTILATERAL),
]

ACTIONS = [
    "Fortalecer",
    "Implementar",
    "Crear",
    "Diseñar",
    "Ampliar",
    "Institucionalizar",
    "Modernizar",
    "Desarrollar",
    "Promover",
    "Consolidar",
]
OBJECTS = [
    "un portal de datos abiertos",
    "un sistema de seguimiento ciudadano",
    "mecanismos de participación vinculante",
    "la rendición de cuentas",
    "un observatorio público",
    "un registro de beneficiarios",
    "estándares de lenguaje claro",
    "la transparencia activa",
    "un modelo de gestión de reclamos",
    "capacidades de fiscalización ciudadana",
    "la publicación de contratos",
    "un consejo consultivo",
]
TOPICS = [
    "las compras públicas",
    "la salud primaria",
    "la gestión municipal",
    "la justicia penal",
    "el presupuesto regional",
    "la gestión del agua",
    "la educación pública",
    "el lobby y la gestión de intereses",
    "la evaluación ambiental",
    "la vivienda social",
    "el transporte público",
    "las pensiones",
    "la seguridad ciudadana",
    "las políticas de género",
]
PROBLEMS = [
    "La información sobre {topic} está dispersa y se publica en formatos que no "
    "se pueden reutilizar.",
    "La ciudadanía no cuenta con canales efectivos para incidir en las decisiones sobre {topic}.",
    "No existen mecanismos que permitan saber en qué se gastan los recursos destinados a {topic}.",
    "Las organizaciones de la sociedad civil reportan que los plazos de respuesta "
    "sobre {topic} superan lo que establece la ley.",
    "Los datos sobre {topic} no se actualizan desde hace años y no permiten "
    "evaluar los resultados de la política pública.",
]
GAPS = [
    "Esto limita la transparencia y la confianza en las instituciones.",
    "Esto impide que la ciudadanía controle el uso de los recursos públicos.",
    "Esto debilita la participación de quienes se ven afectados por estas decisiones.",
]
DESCRIPTIONS = [
    "El compromiso consiste en {action} {object} para {topic}, con la participación "
    "de organizaciones de la sociedad civil y de la academia.",
    "Se propone {action} {object} que permita conocer y evaluar {topic}, en un "
    "trabajo conjunto entre el Estado y la ciudadanía.",
    "La institución responsable se compromete a {action} {object} en {topic}, "
    "publicando cada avance en formatos abiertos.",
]
RESULTS = [
    "Información sobre {topic} disponible en formatos abiertos y actualizada cada mes.",
    "Una instancia permanente de diálogo entre el Estado y la sociedad civil sobre {topic}.",
    "Indicadores públicos que permitan seguir el avance de {topic}.",
]
MILESTONES = [
    ("Diagnóstico participativo sobre {topic}", "Informe de diagnóstico publicado"),
    ("Diseño de {object}", "Documento de diseño validado por la mesa de trabajo"),
    ("Mesa de trabajo con organizaciones de la sociedad civil", "Actas de las sesiones"),
    ("Piloto en dos regiones", "Informe de resultados del piloto"),
    ("Capacitación a funcionarios y funcionarias", "Registro de personas capacitadas"),
    ("Publicación de los datos en el portal", "Conjunto de datos publicado"),
    ("Consulta pública sobre la propuesta", "Informe de respuestas a la consulta"),
    ("Evaluación final con participación ciudadana", "Informe de evaluación publicado"),
]

# The synthetic calendar (stages/synthetic.py) starts between 1 March and 28 June
# and lasts 126 days, so it is over by 31 October; milestones start after that.
MILESTONES_FROM = (11, 1)

STATUS_WEIGHTS = {
    ActionPlan.Status.FINISHED: 6,
    ActionPlan.Status.IMPLEMENTATION: 3,
    ActionPlan.Status.COCREATION: 1,
}
COMPLETION_BY_STATUS = {
    ActionPlan.Status.COCREATION: [""],
    ActionPlan.Status.IMPLEMENTATION: [
        "",
        Completion.NOT_STARTED,
        Completion.LIMITED,
        Completion.SUBSTANTIAL,
        Completion.COMPLETE,
    ],
    ActionPlan.Status.FINISHED: [
        Completion.NO_EVIDENCE,
        Completion.LIMITED,
        Completion.SUBSTANTIAL,
        Completion.COMPLETE,
    ],
}


# --- Plans, institutions, commitments, milestones, calendars ---------------------


@transaction.atomic
def generate(plans: int, commitments: int, milestones: int = 5, seed: int = 0) -> Summary:
    """Add ``plans`` synthetic plans, each with a full calendar and ``commitments``
    commitments of ``milestones`` milestones. Returns the counts created."""
    rng = random.Random(seed)
    summary = {
        "plans": 0,
        "institutions": 0,
        "commitments": 0,
        "milestones": 0,
        "actors": 0,
    }
    if plans <= 0:
        return summary
    institutions, summary["institutions"] = _institutions()
    responsible = [i for i in institutions if i.sector == Sector.GOVERNMENT]

    new_plans = _plans(plans, seed, rng)
    summary["plans"] = len(new_plans)

    through = Commitment.actors.through
    for plan in new_plans:
        for first in range(1, commitments + 1, BATCH_SIZE):
            numbers = range(first, min(first + BATCH_SIZE, commitments + 1))
            texts = [_text(rng) for _ in numbers]
            batch = [
                _commitment(plan, number, text, responsible, rng)
                for number, text in zip(numbers, texts, strict=True)
            ]
            Commitment.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            _ensure_pks(plan, batch)
            rows = [
                milestone
                for commitment, text in zip(batch, texts, strict=True)
                for milestone in _milestones(plan, commitment, text, milestones, rng)
            ]
            Milestone.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            links = [
                through(commitment_id=commitment.pk, institution_id=actor.pk)
                for commitment in batch
                for actor in rng.sample(
                    [i for i in institutions if i.pk != commitment.responsible_institution_id],
                    rng.randint(0, 3),
                )
            ]
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            summary["commitments"] += len(batch)
            summary["milestones"] += len(rows)
            summary["actors"] += len(links)
    return summary


@transaction.atomic
def clear() -> Summary:
    """Delete every synthetic plan (with its commitments, milestones and calendar)
    and the synthetic institutions nothing else uses. Official and demonstration
    rows are never touched."""
    plans = ActionPlan.objects.filter(origin=Origin.SYNTHETIC)
    commitments = Commitment.objects.filter(plan__in=plans)
    through = Commitment.actors.through
    summary = {
        "milestones": Milestone.objects.filter(commitment__in=commitments).delete()[0],
        "actors": through.objects.filter(commitment__in=commitments).delete()[0],
    }
    summary["commitments"] = commitments.delete()[0]
    summary["plans"] = plans.delete()[0]
    # A synthetic institution someone attached to a real row stays: deleting it
    # would change (or be refused by) that row.
    unused = (
        Institution.objects.filter(origin=Origin.SYNTHETIC)
        .exclude(pk__in=Commitment.objects.values("responsible_institution_id"))
        .exclude(pk__in=through.objects.values("institution_id"))
        .exclude(pk__in=ForumMember.objects.values("institution_id"))
    )
    summary["institutions"] = unused.delete()[0]
    return summary


def _institutions() -> tuple[list[Institution], int]:
    """The synthetic institutions, created the first time. Returns (all, created)."""
    names = {f"{LABEL} {name}": (acronym, sector) for name, acronym, sector in INSTITUTIONS}
    existing = set(Institution.objects.filter(name__in=names).values_list("name", flat=True))
    missing = [
        Institution(name=name, acronym=acronym, sector=sector, origin=Origin.SYNTHETIC)
        for name, (acronym, sector) in names.items()
        if name not in existing
    ]
    Institution.objects.bulk_create(missing)
    return list(Institution.objects.filter(name__in=names).order_by("name")), len(missing)


def _plans(count: int, seed: int, rng: random.Random) -> list[ActionPlan]:
    taken = set(
        ActionPlan.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    plans: list[ActionPlan] = []
    index = 0
    while len(plans) < count:
        index += 1
        slug = f"{SLUG_PREFIX}{index:04d}"
        if slug in taken:
            continue
        start = rng.randint(2012, 2030)
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        plans.append(
            ActionPlan(
                origin=Origin.SYNTHETIC,
                number=None,
                slug=slug,
                title=f"{LABEL} Plan de Acción de Gobierno Abierto n.º {index}",
                start_year=start,
                end_year=start + 2,
                status=status,
                summary=(
                    f"{LABEL} Plan generado automáticamente (semilla {seed}) para "
                    "pruebas de carga. No corresponde a ningún plan oficial de Chile."
                ),
            )
        )
    ActionPlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    if plans[0].pk is None:  # a database that does not return keys from bulk inserts
        pks = dict(
            ActionPlan.objects.filter(slug__in=[p.slug for p in plans]).values_list("slug", "pk")
        )
        for plan in plans:
            plan.pk = pks[plan.slug]
    return plans


def _text(rng: random.Random) -> dict[str, str]:
    """What a commitment is about: the words its texts are made of."""
    return {
        "action": rng.choice(ACTIONS),
        "object": rng.choice(OBJECTS),
        "topic": rng.choice(TOPICS),
    }


def _commitment(
    plan: ActionPlan,
    number: int,
    text: dict[str, str],
    responsible: list[Institution],
    rng: random.Random,
) -> Commitment:
    values = [rng.random() < 0.5 for _ in range(4)]
    if not any(values):
        values[rng.randrange(4)] = True
    words = {**text, "action": text["action"].lower()}
    return Commitment(
        plan=plan,
        number=number,
        title="{action} {object} en {topic}".format(**text),
        responsible_institution=rng.choice(responsible),
        problem=f"{rng.choice(PROBLEMS).format(**words)} {rng.choice(GAPS)}",
        description=rng.choice(DESCRIPTIONS).format(**words),
        expected_results=rng.choice(RESULTS).format(**words),
        transparency=values[0],
        accountability=values[1],
        participation=values[2],
        technology=values[3],
        completion=rng.choice(COMPLETION_BY_STATUS[plan.status]),
    )


def _milestones(
    plan: ActionPlan,
    commitment: Commitment,
    text: dict[str, str],
    count: int,
    rng: random.Random,
) -> list[Milestone]:
    """``count`` milestones in date order, after the calendar and inside the period."""
    earliest = dt.date(plan.start_year, *MILESTONES_FROM)
    latest = plan.period_end
    span = (latest - earliest).days
    starts = sorted(earliest + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    rows = []
    for number, start in enumerate(starts, start=1):
        title, deliverable = rng.choice(MILESTONES)
        rows.append(
            Milestone(
                commitment_id=commitment.pk,
                number=number,
                title=title.format(**text),
                deliverable=deliverable,
                start_date=start,
                end_date=min(start + dt.timedelta(days=rng.randint(30, 240)), latest),
                completion=rng.choice(COMPLETION_BY_STATUS[plan.status]),
            )
        )
    return rows


def _ensure_pks(plan: ActionPlan, commitments: list[Commitment]) -> None:
    if commitments and commitments[0].pk is None:
        pks = dict(
            Commitment.objects.filter(
                plan=plan, number__in=[c.number for c in commitments]
            ).values_list("number", "pk")
        )
        for commitment in commitments:
            commitment.pk = pks[commitment.number]


def _add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--plans", type=int, default=0, help="How many synthetic plans to add.")
    parser.add_argument(
        "--commitments", type=int, default=10, help="Commitments per plan (default 10)."
    )
    parser.add_argument(
        "--milestones", type=int, default=5, help="Milestones per commitment (default 5)."
    )


def _generate(options: dict, seed: int) -> Summary:
    return generate(
        plans=options.get("plans") or 0,
        commitments=options.get("commitments") or 0,
        milestones=options.get("milestones") or 0,
        seed=seed,
    )


GENERATOR = Generator("plans", _add_arguments, _generate, clear)
