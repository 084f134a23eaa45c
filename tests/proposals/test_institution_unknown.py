"""A proposal whose proposer chose "I don't know" for the responsible
institution says so in those words, not "Quien la propuso no lo sabía"."""

from __future__ import annotations

import pytest

from proposals.models import Status
from tests.plans.factories import InstitutionFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_it_says_the_proposer_chose_i_dont_know(client, official):
    proposal = ProposalFactory(plan=official, status=Status.PUBLISHED, responsible_institution=None)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "No indicada (quien la propuso eligió “No sé”)" in page
    assert "no lo sabía" not in page


def test_a_chosen_institution_is_named(client, official):
    institution = InstitutionFactory(name="Subsecretaría de Ejemplo")
    proposal = ProposalFactory(
        plan=official, status=Status.PUBLISHED, responsible_institution=institution
    )
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Subsecretaría de Ejemplo" in page
    assert "No indicada" not in page
