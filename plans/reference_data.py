"""Chile's reference data, as published in the source document (shared/seed).

Only what the source states is recorded here. The plans keep their published
number of commitments; their texts are imported later from an official file
(``manage.py import_commitments``) rather than invented.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .models import ActionPlan, ForumMember, Sector

INSTITUTIONS = [
    # name, acronym, sector
    ("Ministerio Secretaría General de la Presidencia", "SEGPRES", Sector.GOVERNMENT),
    ("Defensoría Penal Pública", "DPP", Sector.GOVERNMENT),
    ("Consejo para la Transparencia", "CPLT", Sector.GOVERNMENT),
    ("Ministerio de Justicia y Derechos Humanos", "MINJUDDHH", Sector.GOVERNMENT),
    ("Poder Judicial", "", Sector.GOVERNMENT),
    (
        "Consejo de la Sociedad Civil de la Defensoría Penal Pública",
        "",
        Sector.CIVIL_SOCIETY,
    ),
    ("Red de Lenguaje Claro", "", Sector.GOVERNMENT),
    ("Fundación Datos Protegidos", "", Sector.CIVIL_SOCIETY),
    ("Derechos Digitales", "", Sector.CIVIL_SOCIETY),
    ("Red de Sociedad Civil de Gobierno Abierto", "", Sector.CIVIL_SOCIETY),
    ("Red Académica de Gobierno Abierto", "", Sector.ACADEMIA),
    ("Comisión Económica para América Latina y el Caribe", "CEPAL", Sector.MULTILATERAL),
    ("Programa de las Naciones Unidas para el Desarrollo", "PNUD", Sector.MULTILATERAL),
    ("Dirección de Compras y Contratación Pública", "ChileCompra", Sector.GOVERNMENT),
    # Lead institutions of the 5th plan's commitments, as OGP names them.
    ("Corte Suprema de Justicia", "", Sector.GOVERNMENT),
    ("Congreso Nacional", "", Sector.GOVERNMENT),
    ("Ministerio del Medio Ambiente", "MMA", Sector.GOVERNMENT),
]

PLANS = [
    # number, title, start, end, published count
    (1, "Primer Plan de Acción de Gobierno Abierto", 2012, 2013, 19),
    (2, "Segundo Plan de Acción de Gobierno Abierto", 2014, 2016, 12),
    (3, "Tercer Plan de Acción de Gobierno Abierto", 2016, 2018, 19),
    (4, "Cuarto Plan de Acción de Gobierno Abierto", 2018, 2020, 12),
    (5, "Quinto Plan de Acción de Gobierno Abierto", 2020, 2022, 10),
]

# Where OGP publishes Chile's plans. The source names no page per plan, so each
# plan links Chile's member page (it lists every plan and its reports) until
# staff give a better one in the admin.
OGP_MEMBER_PAGE = "https://www.opengovpartnership.org/members/chile/"

FIFTH_PLAN_SUMMARY = (
    "En el marco del proceso de cocreación del V Plan de Acción de Chile en "
    "Gobierno Abierto (2020-2022), la Mesa de Gobierno Abierto invitó a la "
    "ciudadanía, organizaciones de la sociedad civil, academia y a quienes "
    "estuvieran interesados a participar enviando propuestas de compromisos."
)


# The 5th plan's commitments confirmed on OGP's public commitment pages, in the
# portal's commitment file format: OGP identifier, title as OGP publishes it
# (in English: the plan's official Spanish titles are not in the source),
# number in the plan (OGP numbers CL0063-CL0072 in order) and lead
# institution. Nothing else is known yet, so nothing else is written.
FIFTH_PLAN_COMMITMENTS_FILE = Path(__file__).resolve().parent / "data" / "plan5_commitments.csv"


FOURTH_PLAN_EXAMPLES = [
    {
        "number": 3,
        "title": "Justicia Abierta",
        "responsible": "Defensoría Penal Pública",
        "problem": "",
        "description": (
            "Acercar la justicia a la ciudadanía a través de la democratización "
            "del conocimiento de los derechos de los ciudadanos en materia penal."
        ),
        "actors": [
            "Ministerio de Justicia y Derechos Humanos",
            "Poder Judicial",
            "Consejo de la Sociedad Civil de la Defensoría Penal Pública",
            "Red de Lenguaje Claro",
        ],
        "components": [
            "Elaborar una política de Gobierno Abierto",
            "Mesas de coordinación",
            "Programa de lenguaje claro",
            "Datos abiertos",
            "Estrategia multicanal de atención al usuario",
        ],
    },
    {
        "number": 10,
        "title": "Política de Datos Abiertos y Protección de Datos",
        "responsible": "Consejo para la Transparencia",
        "problem": "",
        "description": (
            "Desarrollar e implementar un modelo de herramientas para conciliar la "
            "disponibilización de datos abiertos con la protección de datos "
            "personales."
        ),
        "actors": [
            "Ministerio Secretaría General de la Presidencia",
            "Fundación Datos Protegidos",
            "Derechos Digitales",
        ],
        "components": [
            "Diagnóstico de brechas en la protección de datos",
            "Desarrollo de un modelo de privacidad por diseño",
            "Difusión del modelo de privacidad por diseño",
        ],
    },
]

FORUM = {
    "name": "Mesa de Gobierno Abierto",
    "legal_basis": (
        "Resolución Exenta n.º 852, de 31 de julio de 2017, del Ministerio "
        "Secretaría General de la Presidencia"
    ),
    "established_on": dt.date(2017, 7, 31),
    "purpose": (
        "Servir como instancia de participación de la sociedad civil en los "
        "asuntos relacionados con las acciones de Chile en el contexto de la "
        "Alianza para el Gobierno Abierto: diseño, implementación, seguimiento y "
        "evaluación de los compromisos de los planes de acción, con toma de "
        "decisiones horizontal y apropiación del proceso por todos los actores."
    ),
}

FORUM_MEMBERS = [
    # institution, position, role (the page shows the role beside the position:
    # a position does not repeat it)
    (
        "Ministerio Secretaría General de la Presidencia",
        "Subsecretario General de la Presidencia",
        ForumMember.Role.PRESIDES,
    ),
    (
        "Red de Sociedad Civil de Gobierno Abierto",
        "Representante de la Red de Sociedad Civil de Gobierno Abierto",
        ForumMember.Role.CIVIL_SOCIETY,
    ),
    (
        "Red Académica de Gobierno Abierto",
        "Representante de la Red Académica de Gobierno Abierto",
        ForumMember.Role.ACADEMIA,
    ),
    (
        "Comisión Económica para América Latina y el Caribe",
        "Representante de CEPAL",
        ForumMember.Role.OBSERVER,
    ),
    (
        "Programa de las Naciones Unidas para el Desarrollo",
        "Representante del PNUD",
        ForumMember.Role.OBSERVER,
    ),
]

# Positions as an earlier seed wrote them, renamed in place when seeding again.
RENAMED_POSITIONS = {
    "Representante de CEPAL (observador)": "Representante de CEPAL",
    "Representante del PNUD (observador)": "Representante del PNUD",
}

PLAN_STATUS = ActionPlan.Status.FINISHED
