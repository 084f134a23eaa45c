"""The automatic SMART check of a commitment draft: is it specific,
measurable and time-bound, and does it serve an open government value?

It reads what the draft says, not what it means: each finding names what is
missing and what to fix, for the table to correct the draft and for the Mesa
to weigh. It runs on a draft whose milestones and plan are already loaded,
so it costs no query of its own."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from plans.models import ActionPlan
from worktables.models import Draft

MIN_MILESTONES = 2
# Verbs that promise effort, not a result ("promover la participación"): a
# milestone that only says one of them needs a deliverable to be checkable.
VAGUE_VERBS = {
    "promover",
    "promueve",
    "promocion",
    "fomentar",
    "fomenta",
    "fomento",
    "impulsar",
    "impulsa",
    "impulso",
}


@dataclass(frozen=True)
class Finding:
    code: str
    problem: str  # what is wrong, in words
    fix: str  # what to do about it
    milestone: int | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "problem": self.problem,
            "fix": self.fix,
            "milestone": self.milestone,
        }


def _first_word(text: str) -> str:
    words = text.strip().split()
    if not words:
        return ""
    decomposed = unicodedata.normalize("NFKD", words[0].casefold())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


def vague_verb(text: str) -> str | None:
    """The vague verb ``text`` opens with (as written), or None."""
    if _first_word(text) in VAGUE_VERBS:
        return text.strip().split()[0]
    return None


def check(draft: Draft, plan: ActionPlan) -> list[Finding]:
    """Every finding of ``draft`` against the period of ``plan``, in the order
    a reader of the draft meets them."""
    findings: list[Finding] = []
    if not draft.problem.strip():
        findings.append(
            Finding(
                "no_problem",
                _("It does not state the problem it addresses."),
                _("Write the problem and the gap with open government it closes."),
            )
        )
    if not draft.expected_results.strip():
        findings.append(
            Finding(
                "no_results",
                _("It does not state its expected results."),
                _("Say what will be different when it is done, in terms anyone can check."),
            )
        )
    if draft.responsible_institution_id is None:
        findings.append(
            Finding(
                "no_institution",
                _("No institution is responsible for it."),
                _("Choose the institution that will carry it out and report on it."),
            )
        )
    if not draft.ogp_values:
        findings.append(
            Finding(
                "no_value",
                _("It names no open government value."),
                _(
                    "Mark the values it serves: transparency, accountability, civic "
                    "participation, or technology and innovation for openness."
                ),
            )
        )
    milestones = list(draft.milestones.all())
    if len(milestones) < MIN_MILESTONES:
        findings.append(
            Finding(
                "few_milestones",
                _("It has fewer than two milestones."),
                _(
                    "Split the work into at least two milestones, each with a deliverable "
                    "and dates."
                ),
            )
        )
    start, end = plan.period_start, plan.period_end
    period = {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }
    for milestone in milestones:
        number = {"number": milestone.number}
        verb = vague_verb(milestone.title)
        if not milestone.deliverable.strip():
            if verb:
                findings.append(
                    Finding(
                        "vague_milestone",
                        _("Milestone %(number)d only says “%(verb)s”, with no deliverable.")
                        % {**number, "verb": verb},
                        _(
                            "Replace the vague verb with what it delivers (a report, a data "
                            "set, a rule, a service) and how anyone can check it."
                        ),
                        milestone.number,
                    )
                )
            else:
                findings.append(
                    Finding(
                        "no_deliverable",
                        _("Milestone %(number)d has no verifiable deliverable.") % number,
                        _("Name what it delivers and how anyone can check it was delivered."),
                        milestone.number,
                    )
                )
        if milestone.start_date is None or milestone.end_date is None:
            findings.append(
                Finding(
                    "no_dates",
                    _("Milestone %(number)d is missing its start date or its end date.") % number,
                    _("Give it a start date and an end date inside %(start)s – %(end)s.") % period,
                    milestone.number,
                )
            )
        elif milestone.start_date < start or milestone.end_date > end:
            findings.append(
                Finding(
                    "dates_outside",
                    _("Milestone %(number)d is dated outside the plan's period (%(period)s).")
                    % {**number, "period": plan.period},
                    _("Move its dates inside %(start)s – %(end)s.") % period,
                    milestone.number,
                )
            )
    if vague_verb(draft.title) and not any(m.deliverable.strip() for m in milestones):
        findings.append(
            Finding(
                "vague_only",
                _("The commitment only says “%(verb)s”, and no milestone has a deliverable.")
                % {"verb": vague_verb(draft.title)},
                _("Say what it will deliver, so that anyone can check it was done."),
            )
        )
    return findings
