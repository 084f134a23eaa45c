from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from plans.models import (
    ActionPlan,
    Commitment,
    Institution,
    Milestone,
    Origin,
    Sector,
    Stage,
    StageKind,
)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Institución de prueba {n}")
    sector = Sector.GOVERNMENT


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    number = factory.Sequence(lambda n: 100 + n)
    slug = factory.LazyAttribute(lambda plan: f"plan-{plan.number}")
    title = factory.LazyAttribute(lambda plan: f"Plan de prueba {plan.number}")
    start_year = 2030
    end_year = 2032
    origin = Origin.OFFICIAL


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Compromiso de prueba {n}")
    responsible_institution = factory.SubFactory(InstitutionFactory)
    problem = "Un problema de acceso a la información."
    description = "Publicar datos abiertos."
    transparency = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Publicar el diagnóstico"
    deliverable = "Informe publicado en el portal"
    start_date = dt.date(2030, 3, 1)
    end_date = dt.date(2030, 9, 30)


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    plan = factory.SubFactory(ActionPlanFactory)
    kind = StageKind.RECEPTION
    starts_at = dt.datetime(2030, 8, 10, 4, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2030, 8, 25, 4, 0, tzinfo=dt.UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("una-clave-larga-de-prueba")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.Proposal"

    plan = factory.SubFactory(ActionPlanFactory)
    tracking_code = factory.Sequence(lambda n: f"GAT-{n:04d}-TEST")
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
