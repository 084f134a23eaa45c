"""Bar charts drawn on the server as SVG (tracking/includes/bar_chart.html):
this module lays the bars out; the template only writes the numbers down.

Every chart carries its text alternative (``title`` and ``description``,
read by screen readers through ``role="img"``) and the table of the data it
draws, so nothing is only in the picture."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Completion

from .selectors import Dashboard, percent

WIDTH = 360  # the viewBox: about one unit per pixel on a phone
ROW = 44  # height of one bar with its label
BAR = 14
VALUE_ROOM = 64  # right of the longest bar, for its value
LABEL_CHARS = 50


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""


@dataclass
class Bar:
    label: str
    value: float
    text: str
    css: str = ""
    # Filled in by layout():
    short: str = ""
    y: float = 0
    width: float = 0
    value_x: float = 0


@dataclass
class Chart:
    key: str  # for ids in the page
    title: str
    description: str
    bars: list[Bar]
    columns: list[str]
    rows: list[list[Cell]]
    maximum: float = 100
    collapsed: bool = True  # the table behind it starts folded
    height: int = 0
    width: int = WIDTH
    label_x: int = 0
    bar_x: int = 0
    track: float = field(default=WIDTH - VALUE_ROOM)

    def __post_init__(self) -> None:
        layout(self)


def layout(chart: Chart) -> None:
    scale = chart.track / chart.maximum if chart.maximum else 0
    for index, bar in enumerate(chart.bars):
        bar.short = Truncator(bar.label).chars(LABEL_CHARS)
        bar.y = index * ROW
        bar.width = round(max(0, min(bar.value, chart.maximum)) * scale, 1)
        bar.value_x = round(bar.width + 6, 1)
    chart.height = max(1, len(chart.bars)) * ROW


def describe(title: str, bars: list[Bar]) -> str:
    """The text alternative: what the chart shows and every bar's value."""
    values = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return f"{title}. {values}." if bars else title


def dashboard_charts(data: Dashboard, rows: list, plan) -> list[Chart]:
    charts = [_by_status(data), _by_commitment(rows)]
    if data.by_plan and plan is None:
        charts.append(_by_plan(data))
    charts += [_by_institution(data), _by_value(data)]
    return charts


def _by_status(data: Dashboard) -> Chart:
    total = data.summary["total"] or 0
    title = _("Commitments by reported progress")
    bars = [
        Bar(
            label=str(status.label),
            value=count,
            text=str(count),
            css=f"chart-bar--{status.value}",
        )
        for status, count in data.by_status
    ]
    return Chart(
        key="estado",
        title=title,
        description=describe(title, bars),
        bars=bars,
        maximum=max(total, 1),
        columns=[_("Reported progress"), _("Commitments")],
        rows=[[Cell(bar.label), Cell(str(int(bar.value)))] for bar in bars],
    )


def _by_commitment(rows: list) -> Chart:
    title = _("Reported progress of each commitment")
    bars, table = [], []
    for row in rows:
        label = _("No. %(number)s: %(title)s") % {"number": row.number, "title": row.title}
        bars.append(Bar(label=label, value=row.progress, text=percent(row.progress)))
        days = (
            _("never")
            if row.days is None
            else ngettext("%(days)d day", "%(days)d days", row.days) % {"days": row.days}
        )
        table.append(
            [
                Cell(label, row.get_absolute_url()),
                Cell(row.responsible_institution.name),
                Cell(str(Completion(row.reported_status).label)),
                Cell(percent(row.progress)),
                Cell(row.get_completion_display() or _("Not assessed yet")),
                Cell(days + (" " + _("(more than six months)") if row.stale else "")),
                Cell(str(row.overdue)),
            ]
        )
    return Chart(
        key="compromisos",
        title=title,
        description=describe(title, bars),
        bars=bars,
        columns=[
            _("Commitment"),
            _("Responsible institution"),
            _("Reported progress"),
            _("Progress"),
            _("IRM assessment"),
            _("Since the last update"),
            _("Overdue milestones"),
        ],
        rows=table,
        collapsed=False,
    )


def _by_plan(data: Dashboard) -> Chart:
    title = _("Average reported progress by plan")
    bars = [
        Bar(
            label=f"{row['plan__title']} {row['plan__start_year']}-{row['plan__end_year']}",
            value=row["progress"],
            text=percent(row["progress"]),
        )
        for row in data.by_plan
    ]
    return Chart(
        key="planes",
        title=title,
        description=describe(title, bars),
        bars=bars,
        columns=[_("Plan"), _("Commitments"), _("Average progress")],
        rows=[
            [
                Cell(bar.label, reverse("tracking:plan_dashboard", args=[row["plan__slug"]])),
                Cell(str(row["commitments"])),
                Cell(bar.text),
            ]
            for bar, row in zip(bars, data.by_plan, strict=True)
        ],
    )


def _by_institution(data: Dashboard) -> Chart:
    title = _("Average reported progress by responsible institution")
    bars = [
        Bar(label=row["name"], value=row["progress"], text=percent(row["progress"]))
        for row in data.by_institution
    ]
    return Chart(
        key="instituciones",
        title=title,
        description=describe(title, bars),
        bars=bars,
        columns=[
            _("Responsible institution"),
            _("Commitments"),
            _("Complete"),
            _("Overdue milestones"),
            _("Average progress"),
        ],
        rows=[
            [
                Cell(row["name"]),
                Cell(str(row["commitments"])),
                Cell(str(row["complete"])),
                Cell(str(row["overdue"])),
                Cell(percent(row["progress"])),
            ]
            for row in data.by_institution
        ],
    )


def _by_value(data: Dashboard) -> Chart:
    title = _("Average reported progress by open government value")
    bars = [
        Bar(label=str(row["value"].label), value=row["progress"], text=percent(row["progress"]))
        for row in data.by_value
    ]
    return Chart(
        key="valores",
        title=title,
        description=describe(title, bars),
        bars=bars,
        columns=[_("Value"), _("Commitments"), _("Average progress")],
        rows=[
            [Cell(str(row["value"].label)), Cell(str(row["commitments"])), Cell(bar.text)]
            for bar, row in zip(bars, data.by_value, strict=True)
        ],
    )
