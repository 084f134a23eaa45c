"""Serializers that can only show what a model declares public.

:class:`PublicSerializer` is a ``ModelSerializer`` checked when its class is
made: every field it reads from a model (directly or through ``source``, along
foreign keys and reverse relations) must be among the fields the model
declares public with ``core.public.declare``, and a nested serializer must be a
``PublicSerializer`` too. A serializer that names a personal or undeclared
field fails at import, so it never reaches a request. Fields computed by the
selectors (annotations) and ``SerializerMethodField`` are not model fields:
the selectors' queries are scanned instead (tests/api/test_privacy.py).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from rest_framework import serializers

from core import public


class PublicSerializer(serializers.ModelSerializer):
    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "Meta", None) is not None and hasattr(cls.Meta, "model"):
            check(cls)


def check(serializer: type[serializers.ModelSerializer]) -> None:
    model = serializer.Meta.model
    names = getattr(serializer.Meta, "fields", None)
    if not isinstance(names, list | tuple):
        raise ImproperlyConfigured(f"{serializer.__name__}: list its fields one by one")
    declared = serializer._declared_fields
    for name in names:
        field = declared.get(name)
        if field is None:
            _check_path(serializer, model, [name])
            continue
        inner = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(inner, serializers.BaseSerializer) and not isinstance(
            inner, PublicSerializer
        ):
            raise ImproperlyConfigured(
                f"{serializer.__name__}.{name}: a nested serializer must be a PublicSerializer"
            )
        source = field.source or name
        if source != "*":
            _check_path(serializer, model, source.split("."))


def _check_path(serializer, model: type[models.Model], parts: list[str]) -> None:
    for part in parts:
        if model not in public.DECLARATIONS:
            raise ImproperlyConfigured(
                f"{serializer.__name__}: {model.__name__} declares nothing public"
            )
        declaration = public.DECLARATIONS[model]
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return  # an annotation or a property: computed from public columns
        if part in declaration.personal or getattr(field, "attname", None) in (
            declaration.personal
        ):
            raise ImproperlyConfigured(
                f"{serializer.__name__}: {model.__name__}.{part} is personal data"
            )
        if field.is_relation and (field.many_to_many or field.one_to_many or not field.concrete):
            model = field.related_model  # a collection (or reverse one-to-one): check its rows
            continue
        if part not in declaration.fields and field.attname not in declaration.fields:
            raise ImproperlyConfigured(
                f"{serializer.__name__}: {model.__name__}.{part} is not declared public"
            )
        if field.is_relation:
            model = field.related_model
