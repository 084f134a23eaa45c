from __future__ import annotations

import datetime as dt

import factory

from tests.plans.factories import ActionPlanFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.Proposal"

    plan = factory.SubFactory(ActionPlanFactory)
    origin = factory.LazyAttribute(lambda proposal: proposal.plan.origin)
    # Always the real shape (3-4-4), however many proposals a test run makes.
    tracking_code = factory.Sequence(lambda n: f"GAT-{n // 10000 % 10000:04d}-{n % 10000:04d}")
    title = factory.Sequence(lambda n: f"Propuesta de prueba {n}")
    problem = "Falta información sobre el presupuesto municipal."
    description = "Publicar el presupuesto en datos abiertos."
    activities = "Diagnóstico; portal de datos."
    transparency = True
    name = "Persona Proponente"
    email = factory.Sequence(lambda n: f"proponente{n}@example.org")
    sector = "citizen"
    region = "metropolitana"
    consent_at = factory.LazyFunction(lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    search_document = factory.LazyAttribute(lambda p: f"{p.title} {p.problem}".lower())
