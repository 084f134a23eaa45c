"""The co-creation calendar of Chile's 5th plan, as the source document
(shared/seed) publishes it."""

from __future__ import annotations

import datetime as dt

from .models import StageKind

FIFTH_PLAN_NUMBER = 5


def _d(month: int, day: int) -> dt.date:
    return dt.date(2020, month, day)


# The 2020 calendar of the 5th plan: (kind, first day, last day, description).
# A stage's last day is included; the model stores the moment after it.
FIFTH_PLAN_CALENDAR = [
    (
        StageKind.AWARENESS,
        _d(8, 1),
        _d(8, 31),
        "Espacios informativos sobre Gobierno Abierto y el proceso de cocreación.",
    ),
    (
        StageKind.RECEPTION,
        _d(8, 10),
        _d(8, 24),
        "Vía formulario único y abierto a la ciudadanía.",
    ),
    (
        StageKind.WORKTABLES,
        _d(9, 1),
        _d(9, 30),
        "Cocreación de propuestas de compromisos.",
    ),
    (
        StageKind.RESULTS,
        _d(10, 1),
        _d(10, 31),
        "En plataforma abierta a la ciudadanía.",
    ),
    (
        StageKind.SELECTION,
        _d(11, 1),
        _d(11, 30),
        "Por la Mesa de Gobierno Abierto en base a criterios y estándares OGP.",
    ),
    (
        StageKind.CONSULTATION,
        _d(11, 1),
        _d(11, 30),
        "Retroalimentación desde la ciudadanía.",
    ),
    (
        StageKind.PUBLICATION,
        _d(12, 1),
        _d(12, 31),
        "Lanzamiento y difusión.",
    ),
]
