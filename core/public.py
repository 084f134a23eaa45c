"""What of each model the public may see: one declaration per model, used by
selectors, exports, feeds and the API alike.

An app declares its model once, next to the model::

    public.declare(
        Proposal,
        fields=["id", "tracking_code", "title", ...],
        personal=["name", "email", "organisation"],
    )

``only(queryset)`` then limits a query (and the related rows it names) to the
public columns, and the privacy tests read ``PERSONAL`` to check that no public
query ever selects a personal column.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from . import cache


@dataclass(frozen=True)
class Declaration:
    fields: tuple[str, ...]
    personal: tuple[str, ...]


DECLARATIONS: dict[type[models.Model], Declaration] = {}


def declare(
    model: type[models.Model],
    *,
    fields: list[str],
    personal: list[str] = (),
    on_pages: bool = True,
) -> None:
    """``on_pages``: rows show on public pages, so a change refreshes the page
    cache (False for records only the privacy checks care about)."""
    overlap = set(fields) & set(personal)
    if overlap:
        raise ValueError(f"{model.__name__}: fields both public and personal: {overlap}")
    DECLARATIONS[model] = Declaration(tuple(fields), tuple(personal))
    if on_pages:  # what the public sees is on cached pages: a change refreshes them
        cache.watch(model)


def fields(model: type[models.Model]) -> tuple[str, ...]:
    return DECLARATIONS[model].fields


def only(queryset: QuerySet, *related: str) -> QuerySet:
    """``queryset.select_related(*related).only(...)`` with the public columns of
    the model and of each related model (``"plan"``, ``"plan__institution"``)."""
    model = queryset.model
    names = [_column(model, name) for name in fields(model)]
    for path in related:
        target = model
        for part in path.split("__"):
            target = target._meta.get_field(part).related_model
        names += [f"{path}__{_column(target, name)}" for name in fields(target)]
    return queryset.select_related(*related).only(*names) if related else queryset.only(*names)


def _column(model: type[models.Model], name: str) -> str:
    # only() wants "plan", not "plan_id", for a foreign key (get_field knows both).
    return model._meta.get_field(name).name


def personal_columns() -> dict[str, tuple[str, ...]]:
    """{table: personal column names}, for the privacy tests."""
    result = {}
    for model, declaration in DECLARATIONS.items():
        columns = tuple(model._meta.get_field(name).column for name in declaration.personal)
        if columns:
            result[model._meta.db_table] = columns
    return result
