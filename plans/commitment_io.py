"""The commitment file format: what the portal exports and what it imports.

One format, two encodings. CSV has one row per milestone (the commitment's
columns repeat; a commitment without milestones has one row with the milestone
columns empty). JSON has one object per commitment with its milestones nested.
Column names follow the IRM commitments data (OGP values as yes/no columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.models import Origin
from core.streaming import csv_lines, json_document

from .models import ActionPlan, Commitment, Completion, Institution, Milestone, OGPValue

FORMAT_NAME = "ogp-portal-commitments"
FORMAT_VERSION = 1

COMMITMENT_COLUMNS = [
    "plan_number",
    "commitment_number",
    "ogp_id",
    "title",
    "responsible_institution",
    "supporting_institutions",
    "problem",
    "description",
    "expected_results",
    "transparency",
    "accountability",
    "participation",
    "technology",
    "completion",
    "source_note",
]
MILESTONE_COLUMNS = [
    "milestone_number",
    "milestone_title",
    "milestone_deliverable",
    "milestone_start",
    "milestone_end",
    "milestone_completion",
]
CSV_COLUMNS = COMMITMENT_COLUMNS + MILESTONE_COLUMNS
REQUIRED_CSV_COLUMNS = ["plan_number", "commitment_number", "title"]
VALUE_COLUMNS = OGPValue.values  # IRM column order
LIST_SEPARATOR = ";"

TRUE_WORDS = {"yes", "si", "sí", "true", "1", "x"}
FALSE_WORDS = {"no", "false", "0", ""}


# --- Export -----------------------------------------------------------------


def commitments_for_export(plans: QuerySet[ActionPlan]) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(plan__in=plans)
        .select_related("plan", "responsible_institution")
        .prefetch_related(
            Prefetch("actors", queryset=Institution.objects.order_by("name")),
            "milestones",
        )
        .order_by("plan__start_year", "plan__number", "plan_id", "number")
    )


def commitment_record(commitment: Commitment) -> dict:
    """A commitment as the JSON encoding writes it."""
    return {
        "plan_number": commitment.plan.number,
        "commitment_number": commitment.number,
        "ogp_id": commitment.ogp_id,
        "title": commitment.title,
        "responsible_institution": commitment.responsible_institution.name,
        "supporting_institutions": [actor.name for actor in commitment.actors.all()],
        "problem": commitment.problem,
        "description": commitment.description,
        "expected_results": commitment.expected_results,
        **{column: getattr(commitment, column) for column in VALUE_COLUMNS},
        "completion": commitment.completion,
        "source_note": commitment.source_note,
        "milestones": [
            {
                "number": milestone.number,
                "title": milestone.title,
                "deliverable": milestone.deliverable,
                "start_date": _iso(milestone.start_date),
                "end_date": _iso(milestone.end_date),
                "completion": milestone.completion,
            }
            for milestone in commitment.milestones.all()
        ],
    }


def csv_rows(commitments: Iterable[Commitment]) -> Iterator[list[str]]:
    """The header, then one row per milestone."""
    yield CSV_COLUMNS
    for commitment in commitments:
        record = commitment_record(commitment)
        head = [
            "" if record["plan_number"] is None else str(record["plan_number"]),
            str(record["commitment_number"]),
            record["ogp_id"],
            record["title"],
            record["responsible_institution"],
            f"{LIST_SEPARATOR} ".join(record["supporting_institutions"]),
            record["problem"],
            record["description"],
            record["expected_results"],
            *("yes" if record[column] else "no" for column in VALUE_COLUMNS),
            record["completion"],
            record["source_note"],
        ]
        milestones = record["milestones"] or [None]
        for milestone in milestones:
            if milestone is None:
                yield head + [""] * len(MILESTONE_COLUMNS)
            else:
                yield head + [
                    str(milestone["number"]),
                    milestone["title"],
                    milestone["deliverable"],
                    milestone["start_date"],
                    milestone["end_date"],
                    milestone["completion"],
                ]


def iter_csv(commitments: Iterable[Commitment]) -> Iterator[str]:
    """CSV text, one line at a time, for streaming responses and files."""
    return csv_lines(csv_rows(commitments))


def iter_json(commitments: Iterable[Commitment]) -> Iterator[str]:
    """A JSON document written piece by piece, never held whole in memory."""
    return json_document(
        FORMAT_NAME, FORMAT_VERSION, "commitments", map(commitment_record, commitments)
    )


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


# --- Import -----------------------------------------------------------------


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` says where and why."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _MilestoneIn:
    number: int
    title: str
    deliverable: str
    start_date: dt.date | None
    end_date: dt.date | None
    completion: str


@dataclass
class _CommitmentIn:
    where: str
    plan: ActionPlan
    number: int
    fields: dict
    responsible: Institution
    actors: list[Institution]
    milestones: list[_MilestoneIn] = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A line of the file (CSV or JSON), which is not always a CSV row.
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            [
                _(
                    "Line %(line)s: the file is not valid UTF-8 text. Save it as UTF-8 and "
                    "try again."
                )
                % {"line": line}
            ]
        ) from None


def read_records(data: bytes, file_format: str) -> list[tuple[str, dict]]:
    """Turn a file into (where, record) pairs in the JSON shape."""
    text = decode(data)
    if file_format == "json":
        return _read_json(text)
    return _read_csv(text)


def _read_json(text: str) -> list[tuple[str, dict]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [
                _("Line %(line)s: this is not valid JSON (%(reason)s).")
                % {"line": error.lineno, "reason": error.msg}
            ]
        ) from None
    items = document.get("commitments") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise ImportFailed([_('The JSON file must hold a list under "commitments".')])
    records = []
    for index, item in enumerate(items, start=1):
        where = _("Commitment %(index)s") % {"index": index}
        if not isinstance(item, dict):
            raise ImportFailed([_("%(where)s: is not an object.") % {"where": where}])
        records.append((where, item))
    return records


def _read_csv(text: str) -> list[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_CSV_COLUMNS if column not in header]
    if missing:
        raise ImportFailed(
            [_("Row 1: missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    grouped: dict[tuple[str, str], tuple[str, dict]] = {}
    first_rows: dict[tuple[str, str], dict] = {}
    errors = []
    for row in reader:
        where = _("Row %(row)s") % {"row": reader.line_num}
        if None in row:
            errors.append(_("%(where)s: has more cells than the header.") % {"where": where})
            continue
        row = {key: (value or "").strip() for key, value in row.items()}
        key = (row["plan_number"], row["commitment_number"])
        if key in grouped:
            first_where = grouped[key][0]
            if any(row.get(c, "") != first_rows[key].get(c, "") for c in COMMITMENT_COLUMNS):
                errors.append(
                    _(
                        "%(where)s: the commitment's columns differ from %(first)s. "
                        "Repeat them exactly on each of its milestone rows."
                    )
                    % {"where": where, "first": first_where.lower()}
                )
                continue
        else:
            record = {column: row.get(column, "") for column in COMMITMENT_COLUMNS}
            record["supporting_institutions"] = [
                name.strip()
                for name in record["supporting_institutions"].split(LIST_SEPARATOR)
                if name.strip()
            ]
            record["milestones"] = []
            first_rows[key] = row
            grouped[key] = (where, record)
        if any(row.get(column) for column in MILESTONE_COLUMNS):
            grouped[key][1]["milestones"].append(
                {
                    "where": where,
                    "number": row.get("milestone_number", ""),
                    "title": row.get("milestone_title", ""),
                    "deliverable": row.get("milestone_deliverable", ""),
                    "start_date": row.get("milestone_start", ""),
                    "end_date": row.get("milestone_end", ""),
                    "completion": row.get("milestone_completion", ""),
                }
            )
    if errors:
        raise ImportFailed(errors)
    return list(grouped.values())


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.plans = {
            plan.number: plan for plan in ActionPlan.objects.filter(origin=Origin.OFFICIAL)
        }
        self.institutions: dict[str, Institution] = {}
        for institution in Institution.objects.all():
            self.institutions[institution.name.casefold()] = institution
            if institution.acronym:
                self.institutions.setdefault(institution.acronym.casefold(), institution)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def integer(self, where: str, label: str, value) -> int | None:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            self.error(where, _("%(label)s must be a whole number from 1 up.") % {"label": label})
            return None
        return number

    def institution(self, where: str, name: str) -> Institution | None:
        institution = self.institutions.get(str(name).strip().casefold())
        if institution is None:
            self.error(
                where,
                _('unknown institution "%(name)s". Add it in the administration first.')
                % {"name": name},
            )
        return institution

    def boolean(self, where: str, label: str, value) -> bool:
        if isinstance(value, bool):
            return value
        word = str(value or "").strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word not in FALSE_WORDS:
            self.error(where, _('%(label)s must be "yes" or "no".') % {"label": label})
        return False

    def date(self, where: str, label: str, value, plan: ActionPlan) -> dt.date | None:
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(where, _("%(label)s must be a date written YYYY-MM-DD.") % {"label": label})
            return None
        if not plan.period_start <= day <= plan.period_end:
            self.error(
                where,
                _("%(label)s %(date)s is outside the plan's period (%(period)s).")
                % {"label": label, "date": day.isoformat(), "period": plan.period},
            )
        return day

    def completion(self, where: str, value) -> str:
        value = str(value or "").strip()
        if value and value not in Completion.values:
            self.error(
                where,
                _("completion must be one of: %(choices)s.")
                % {"choices": ", ".join(Completion.values)},
            )
            return ""
        return value

    def commitment(self, where: str, record: dict) -> _CommitmentIn | None:
        count = len(self.errors)
        plan_number = self.integer(where, "plan_number", record.get("plan_number"))
        number = self.integer(where, "commitment_number", record.get("commitment_number"))
        plan = self.plans.get(plan_number) if plan_number else None
        if plan_number and plan is None:
            self.error(where, _("there is no official plan number %(n)s.") % {"n": plan_number})
        responsible = self.institution(where, record.get("responsible_institution", ""))
        actors_in = record.get("supporting_institutions") or []
        if isinstance(actors_in, str):
            actors_in = [name for name in actors_in.split(LIST_SEPARATOR) if name.strip()]
        actors = [self.institution(where, name) for name in actors_in]
        fields = {
            "ogp_id": str(record.get("ogp_id") or "").strip().upper(),
            "title": str(record.get("title") or "").strip(),
            "problem": str(record.get("problem") or ""),
            "description": str(record.get("description") or ""),
            "expected_results": str(record.get("expected_results") or ""),
            "completion": self.completion(where, record.get("completion")),
            "source_note": str(record.get("source_note") or ""),
            **{column: self.boolean(where, column, record.get(column)) for column in VALUE_COLUMNS},
        }
        if not fields["title"]:
            self.error(where, _("the title is empty."))
        if plan and responsible and len(self.errors) == count:
            self._model_fields(
                where,
                Commitment(plan=plan, number=number, responsible_institution=responsible, **fields),
            )
        milestones = []
        for milestone in record.get("milestones") or []:
            milestones.append(self.milestone(milestone.get("where", where), milestone, plan))
        if len(self.errors) > count:
            return None
        return _CommitmentIn(where, plan, number, fields, responsible, actors, milestones)

    def milestone(self, where: str, record: dict, plan: ActionPlan | None) -> _MilestoneIn | None:
        number = self.integer(where, "milestone_number", record.get("number"))
        start = end = None
        if plan:
            start = self.date(where, "milestone_start", record.get("start_date"), plan)
            end = self.date(where, "milestone_end", record.get("end_date"), plan)
        if start and end and end < start:
            self.error(where, _("the milestone ends before it starts."))
        title = str(record.get("title") or "").strip()
        if not title:
            self.error(where, _("the milestone title is empty."))
        milestone = _MilestoneIn(
            number=number or 0,
            title=title,
            deliverable=str(record.get("deliverable") or ""),
            start_date=start,
            end_date=end,
            completion=self.completion(where, record.get("completion")),
        )
        self._model_fields(where, Milestone(**milestone.__dict__), exclude=["commitment"])
        return milestone

    def _model_fields(self, where: str, instance, exclude: list[str] | None = None) -> None:
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.error(where, f"{name}: {message}")

    def unique(self, commitments: list[_CommitmentIn]) -> None:
        seen_keys: set[tuple[int, int]] = set()
        seen_ids: dict[str, tuple[int, int]] = {}
        for item in commitments:
            key = (item.plan.pk, item.number)
            if key in seen_keys:
                self.error(item.where, _("this commitment appears twice in the file."))
            seen_keys.add(key)
            numbers = [milestone.number for milestone in item.milestones]
            if len(numbers) != len(set(numbers)):
                self.error(item.where, _("two milestones share a number."))
            ogp_id = item.fields["ogp_id"]
            if ogp_id:
                if ogp_id in seen_ids and seen_ids[ogp_id] != key:
                    self.error(
                        item.where, _("OGP identifier %(id)s appears twice.") % {"id": ogp_id}
                    )
                seen_ids[ogp_id] = key
        taken = Commitment.objects.filter(ogp_id__in=seen_ids).values_list(
            "ogp_id", "plan_id", "number"
        )
        for ogp_id, plan_id, number in taken:
            if seen_ids[ogp_id] != (plan_id, number):
                self.error(
                    _("File"),
                    _("OGP identifier %(id)s already belongs to another commitment.")
                    % {"id": ogp_id},
                )


def import_commitments(data: bytes, file_format: str, *, only_new: bool = False) -> int:
    """Import a whole file or nothing. Returns the number of commitments written.

    Commitments are matched by plan number and commitment number: a match is
    updated and its milestones replaced by the file's; the rest are created.
    With ``only_new``, commitments the portal already has (by plan and number,
    or by OGP identifier) are left as they are: the seed loads its partial
    records this way, so it never overwrites a fuller text imported later.
    """
    records = read_records(data, file_format)
    if not records:
        raise ImportFailed([_("The file has no commitments.")])
    if only_new:
        records = _new_records(records)
        if not records:
            return 0
    validator = _Validator()
    commitments = [validator.commitment(where, record) for where, record in records]
    if not validator.errors:
        validator.unique([item for item in commitments if item])
    if validator.errors:
        raise ImportFailed(validator.errors)
    with transaction.atomic():
        for item in commitments:
            _write(item)
    return len(commitments)


def _new_records(records: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    official = Commitment.objects.filter(plan__origin=Origin.OFFICIAL)
    taken = {
        (str(plan), str(number)) for plan, number in official.values_list("plan__number", "number")
    }
    ids = set(Commitment.objects.exclude(ogp_id="").values_list("ogp_id", flat=True))
    return [
        (where, record)
        for where, record in records
        if (
            str(record.get("plan_number", "")).strip(),
            str(record.get("commitment_number", "")).strip(),
        )
        not in taken
        and str(record.get("ogp_id") or "").strip().upper() not in ids
    ]


def _write(item: _CommitmentIn) -> None:
    commitment, _created = Commitment.objects.update_or_create(
        plan=item.plan,
        number=item.number,
        defaults={**item.fields, "responsible_institution": item.responsible},
    )
    commitment.actors.set(item.actors)
    numbers = [milestone.number for milestone in item.milestones]
    commitment.milestones.filter(~Q(number__in=numbers)).delete()
    for milestone in item.milestones:
        values = dict(milestone.__dict__)
        Milestone.objects.update_or_create(
            commitment=commitment, number=values.pop("number"), defaults=values
        )
