from __future__ import annotations

import datetime as dt

import factory

from plans.models import ActionPlan, Commitment, Institution, Milestone, Origin, Sector


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
