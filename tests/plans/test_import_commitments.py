from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from core.models import Origin
from plans.commitment_io import CSV_COLUMNS
from plans.models import ActionPlan, Commitment, Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English; the Spanish wording is tested apart.
    with translation.override("en"):
        yield


def _export(fmt: str, **options) -> str:
    out = io.StringIO()
    call_command("export_commitments", format=fmt, stdout=out, **options)
    return out.getvalue()


def _import(tmp_path, content: str | bytes, name: str = "compromisos.csv") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_commitments", str(path), stdout=out)
    return out.getvalue()


def _rows(**overrides) -> list[dict]:
    base = dict.fromkeys(CSV_COLUMNS, "")
    base.update(
        plan_number="5",
        commitment_number="1",
        ogp_id="CL0063",
        title="Mejorar la accesibilidad de los datos de compras públicas",
        responsible_institution="ChileCompra",
        supporting_institutions="Consejo para la Transparencia; Derechos Digitales",
        problem="Los datos de compras son difíciles de usar.",
        description="Publicar los datos de compras en formatos abiertos.",
        expected_results="Más personas usan los datos.",
        transparency="yes",
        accountability="no",
        participation="no",
        technology="sí",
        completion="substantial",
        milestone_number="1",
        milestone_title="Diagnóstico",
        milestone_deliverable="Informe publicado",
        milestone_start="2021-01-01",
        milestone_end="2021-06-30",
        milestone_completion="complete",
    )
    second = dict(
        base,
        milestone_number="2",
        milestone_title="Portal de datos",
        milestone_start="2021-07-01",
        milestone_end="2022-08-31",
        milestone_completion="limited",
    )
    rows = [base, second]
    for index, changes in overrides.items():
        rows[int(index.removeprefix("row"))].update(changes)
    return rows


def _csv(rows: list[dict], columns: list[str] = CSV_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_it_imports_a_commitment_with_its_milestones(seeded, tmp_path):
    assert "Imported 1 commitment." in _import(tmp_path, _csv(_rows()))
    commitment = Commitment.objects.get(ogp_id="CL0063")
    assert commitment.plan.number == 5
    assert commitment.responsible_institution.acronym == "ChileCompra"
    assert {a.name for a in commitment.actors.all()} == {
        "Consejo para la Transparencia",
        "Derechos Digitales",
    }
    assert [v.value for v in commitment.ogp_values] == ["transparency", "technology"]
    assert list(commitment.milestones.values_list("number", "completion")) == [
        (1, "complete"),
        (2, "limited"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imports_back_to_the_same_data(seeded, tmp_path, fmt):
    _import(tmp_path, _csv(_rows()))
    first = _export(fmt)
    Commitment.objects.all().delete()
    # The 4th plan's two examples and the 5th plan's five, one of them now updated.
    assert "Imported 7 commitments." in _import(tmp_path, first, f"export.{fmt}")
    assert _export(fmt) == first
    assert Milestone.objects.count() == 2 + 5 + 3


def test_a_second_import_updates_in_place_and_drops_missing_milestones(seeded, tmp_path):
    _import(tmp_path, _csv(_rows()))
    rows = _rows(row0={"title": "Título corregido"})[:1]
    _import(tmp_path, _csv(rows))
    commitment = Commitment.objects.get(ogp_id="CL0063")
    assert commitment.title == "Título corregido"
    assert list(commitment.milestones.values_list("number", flat=True)) == [1]
    assert Commitment.objects.filter(plan__number=5).count() == 5  # as the seed left it


def test_json_may_be_a_bare_list(seeded, tmp_path):
    document = json.loads(_export("json"))
    _import(tmp_path, json.dumps(document["commitments"]), "lista.json")
    assert Commitment.objects.count() == 7


def _rejected(tmp_path, content, name="compromisos.csv") -> str:
    before = list(Commitment.objects.values_list("pk", "title"))
    with pytest.raises(CommandError) as error:
        _import(tmp_path, content, name)
    assert list(Commitment.objects.values_list("pk", "title")) == before
    return str(error.value)


def test_it_names_missing_columns(seeded, tmp_path):
    message = _rejected(tmp_path, "plan_number,title\n5,Algo\n")
    assert message.startswith("Nothing was imported")
    assert "Row 1: missing columns: commitment_number." in message


def test_it_names_the_row_with_an_unknown_institution(seeded, tmp_path):
    rows = _rows(row0={"responsible_institution": "Ministerio Inventado"})
    rows[1]["responsible_institution"] = "Ministerio Inventado"
    message = _rejected(tmp_path, _csv(rows))
    assert 'Row 2: unknown institution "Ministerio Inventado"' in message


def test_it_names_a_milestone_row_that_disagrees_with_its_commitment(seeded, tmp_path):
    rows = _rows(row1={"supporting_institutions": "Derechos Digitales"})
    message = _rejected(tmp_path, _csv(rows))
    assert "Row 3: the commitment's columns differ from row 2." in message


def test_it_names_the_row_with_a_date_outside_the_plan_period(seeded, tmp_path):
    rows = _rows(row1={"milestone_end": "2024-01-31"})
    message = _rejected(tmp_path, _csv(rows))
    assert "Row 3: milestone_end 2024-01-31 is outside the plan's period (2020-2022)." in message


def test_it_imports_nothing_when_one_row_of_many_is_wrong(seeded, tmp_path):
    good = _rows()
    bad = dict(good[0], commitment_number="2", ogp_id="", milestone_start="31/01/2021")
    message = _rejected(tmp_path, _csv(good + [bad]))
    assert "Row 4: milestone_start must be a date written YYYY-MM-DD." in message
    assert not Milestone.objects.filter(commitment__plan__number=5).exists()


def test_it_names_the_line_with_broken_encoding(seeded, tmp_path):
    content = _csv(_rows()).encode("utf-8").replace("Diagnóstico".encode(), b"Diagn\xf3stico")
    message = _rejected(tmp_path, content)
    assert "Line 2: the file is not valid UTF-8 text." in message


def test_it_names_the_line_with_broken_encoding_in_json_too(seeded, tmp_path):
    document = '{\n  "commitments": [\n    {"title": "Diagnóstico"}\n  ]\n}\n'
    content = document.encode("utf-8").replace("Diagnóstico".encode(), b"Diagn\xf3stico")
    message = _rejected(tmp_path, content, "compromisos.json")
    assert "Line 3: the file is not valid UTF-8 text." in message
    assert "Row" not in message


def test_it_rejects_an_unknown_plan_and_an_end_before_start(seeded, tmp_path):
    rows = _rows(
        row0={"plan_number": "9"},
        row1={"milestone_start": "2022-01-01", "milestone_end": "2021-01-01"},
    )
    message = _rejected(tmp_path, _csv(rows))
    assert "Row 2: there is no official plan number 9." in message


def test_it_rejects_an_ogp_id_taken_by_another_commitment(seeded, tmp_path):
    _import(tmp_path, _csv(_rows()))
    rows = _rows(row0={"commitment_number": "2"}, row1={"commitment_number": "2"})
    message = _rejected(tmp_path, _csv(rows))
    assert "OGP identifier CL0063 already belongs to another commitment." in message


def test_it_rejects_broken_json(seeded, tmp_path):
    message = _rejected(tmp_path, '{"commitments": [', "roto.json")
    assert "Line 1: this is not valid JSON" in message


def test_it_rejects_a_title_longer_than_allowed(seeded, tmp_path):
    rows = _rows(row0={"title": "x" * 300}, row1={"title": "x" * 300})
    message = _rejected(tmp_path, _csv(rows))
    assert "Row 2: title:" in message


def test_it_counts_in_spanish_with_plural_forms(seeded, tmp_path):
    with translation.override("es-cl"):
        assert "Se importó 1 compromiso." in _import(tmp_path, _csv(_rows()))
        assert "Se importaron 7 compromisos." in _import(tmp_path, _export("csv"), "todo.csv")


def test_it_explains_in_spanish_by_default(seeded, tmp_path):
    with translation.override("es-cl"):
        message = _rejected(tmp_path, "plan_number,title\n5,Algo\n")
    assert message == "No se importó nada:\nFila 1: faltan columnas: commitment_number."


def test_the_export_command_can_limit_to_one_plan(seeded):
    lines = _export("csv", plan=4).splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert len(lines) == 1 + 5 + 3 and all(line.startswith("4,") for line in lines[1:])
    assert ActionPlan.objects.filter(origin=Origin.OFFICIAL).count() == 5


def test_only_new_leaves_commitments_the_portal_already_has(seeded):
    from plans.commitment_io import import_commitments

    Commitment.objects.filter(ogp_id="CL0068").update(number=16)  # moved by staff
    rows = _rows()[:1]  # (5, 1) CL0063: already there
    rows.append(dict(rows[0], commitment_number="6", ogp_id="CL0068", title="Otro"))
    rows.append(dict(rows[0], commitment_number="2", ogp_id="CL0064", title="Nuevo"))
    before = set(Commitment.objects.values_list("pk", "number", "title"))
    assert import_commitments(_csv(rows).encode(), "csv", only_new=True) == 1
    added = set(Commitment.objects.values_list("pk", "number", "title")) - before
    assert [(number, title) for _pk, number, title in added] == [(2, "Nuevo")]
    assert before <= set(Commitment.objects.values_list("pk", "number", "title"))
