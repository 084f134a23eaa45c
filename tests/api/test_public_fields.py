"""A serializer of the API can only name fields its model declares public
(core/public.py): one that names a personal field, directly or through a
relation, is refused when its class is made, before any request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from api.public import PublicSerializer
from plans.models import ForumMember
from proposals.models import Proposal, ProposalEvent
from tracking.models import ProgressUpdate
from worktables.models import Event, Registration


def make(model, fields, **declared):
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type("Probe", (PublicSerializer,), {"Meta": meta, **declared})


def test_public_fields_are_accepted():
    make(Proposal, ["id", "title", "public_name"])
    make(ProposalEvent, ["id", "reason"], reason=serializers.CharField(source="public_reason"))


@pytest.mark.parametrize(
    ("model", "fields", "declared"),
    [
        (Proposal, ["id", "email"], {}),
        (Proposal, ["id", "name"], {}),
        (Proposal, ["id", "contact"], {"contact": serializers.CharField(source="organisation")}),
        (ProposalEvent, ["id", "note"], {"note": serializers.CharField(source="internal_note")}),
        (ProposalEvent, ["id", "who"], {"who": serializers.CharField(source="proposal.email")}),
        (ProgressUpdate, ["id", "author"], {}),
        (ForumMember, ["id", "user"], {}),
        (Event, ["id", "online_url"], {}),
        (Registration, ["id", "name"], {}),
        (Proposal, ["id", "search_document"], {}),  # not declared public at all
        (Proposal, "__all__", {}),
    ],
)
def test_a_personal_or_undeclared_field_is_refused(model, fields, declared):
    with pytest.raises(ImproperlyConfigured):
        make(model, fields, **declared)


def test_a_nested_serializer_must_be_public_too():
    class Everything(serializers.ModelSerializer):
        class Meta:
            model = Registration
            fields = "__all__"

    with pytest.raises(ImproperlyConfigured):
        make(Event, ["id", "registrations"], registrations=Everything(many=True))
