"""Sample data for the components page (/gestion/componentes/): objects made in
memory, shaped like what each component takes, so the page shows every
component without reading or writing the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .components import Download
from .listing import Chip, Facet, Option, SortLink


@dataclass
class SampleStage:
    """Shaped like stages.models.Stage for the process tracker."""

    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""

    def get_kind_display(self) -> str:
        return self.label

    @property
    def last_moment(self) -> dt.datetime:
        return self.ends_at - dt.timedelta(microseconds=1)


@dataclass
class SampleStep:
    """Shaped like stages.selectors.StageState."""

    stage: SampleStage
    state: str
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def remaining(self) -> str:
        target = self.stage.starts_at if self.state == "upcoming" else self.stage.ends_at
        return timeuntil(target, self.now, depth=1)


def _steps(now: dt.datetime) -> list[SampleStep]:
    day = dt.timedelta(days=1)
    names = [
        _("Awareness sessions"),
        _("Proposal reception"),
        _("Work tables"),
        _("Publication of the work tables' results"),
        _("Selection of proposals"),
        _("Public consultation of the draft plan"),
        _("Publication of the action plan"),
    ]
    steps = []
    start = now - 20 * day
    for index, name in enumerate(names):
        end = start + (14 if index != 1 else 25) * day
        state = "past" if end <= now else "open" if start <= now else "upcoming"
        description = _("What happens in this stage, in a sentence.") if index < 3 else ""
        steps.append(SampleStep(SampleStage(name, start, end, description), state, now))
        start = end
    return steps


def _chart(rows: list[tuple[str, int]]) -> str:
    """A small bar chart, the kind the dashboard draws on the server."""
    top = max(count for _label, count in rows)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="40" height="{}" fill="#0f69b4"></rect>'
        '<text x="{}" y="172" font-size="12" text-anchor="middle">{}</text>',
        (
            (20 + 70 * i, 150 - 130 * count // top, 130 * count // top, 40 + 70 * i, count)
            for i, (_label, count) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg viewBox="0 0 {} 180" width="{}" height="180" role="presentation">{}</svg>',
        40 + 70 * len(rows),
        40 + 70 * len(rows),
        bars,
    )


class SampleForm(forms.Form):
    """A form sent empty, for the error summary: one label asks a question, one
    ends in a full stop, one does neither."""

    problem = forms.CharField(label=gettext_lazy("What problem does it address?"))
    email = forms.EmailField(label=gettext_lazy("Your e-mail"))
    consent = forms.BooleanField(
        label=gettext_lazy("I agree that my personal data is used to process this proposal.")
    )


def samples(request) -> dict:
    now = timezone.now()
    statuses = [
        ("neutral", "circle", _("Received")),
        ("info", "arrow-right", _("Published")),
        ("success", "check-circle-fill", _("Selected")),
        ("warning", "exclamation-triangle-fill", _("Demonstration")),
        ("danger", "exclamation-octagon", _("Not admitted")),
    ]
    evening = now.replace(hour=21, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    by_status = [(_("Received"), 12), (_("Published"), 30), (_("Not admitted"), 5)]
    return {
        "steps": _steps(now),
        "chips": [{"tone": tone, "icon": icon, "label": label} for tone, icon, label in statuses],
        "event": SimpleNamespace(
            title=_("Work table: open justice"),
            starts_at=evening,
            ends_at=evening + dt.timedelta(hours=2),
            modality="hybrid",
            modality_label=_("In person and online"),
            place="Palacio de La Moneda, Santiago",
            url="",
            description=_("Government and civil society write the commitment's first draft."),
        ),
        "timeline": [
            SimpleNamespace(title=_("Received"), at=now - dt.timedelta(days=9), meta=_("Portal")),
            SimpleNamespace(
                title=_("Published"),
                at=now - dt.timedelta(days=6),
                meta=_("Open Government Forum staff"),
                text=_("It meets the reception's criteria."),
            ),
            SimpleNamespace(
                title=_("Assigned to a work table"),
                at=now - dt.timedelta(days=2),
                meta=_("Open Government Forum staff"),
                link_url="#",
                link_label=_("Work table: open justice"),
            ),
        ],
        "page": Paginator(range(95), 20).get_page(2),
        "downloads": [
            Download(_("Commitments and milestones"), "#", "CSV", 12_800),
            Download(_("Commitments and milestones"), "#", "JSON", 2_400_000),
            Download(_("Proposals"), "#", "CSV"),
        ],
        "chart": _chart(by_status),
        "chart_table": {
            "caption": _("Proposals by status"),
            "columns": [_("Status"), _("Proposals")],
            "rows": by_status,
        },
        "pending": {
            "count": 12,
            "label": _("proposals to moderate"),
            "url": "#",
            "link_label": _("Open the moderation queue"),
            "icon": "inbox",
        },
        "closed_on": now - dt.timedelta(days=5),
        "sample_form": SampleForm(data={"email": "no-es-un-correo"}),
        **_list_samples(now),
    }


def _list_samples(now) -> dict:
    """A proposal card, a commitment card, filters with counts and the sort links."""
    values = [SimpleNamespace(value="transparency", label=_("Transparency"))]
    plan = SimpleNamespace(title=_("Sample action plan"), period="2030-2032", slug="ejemplo")
    proposal = SimpleNamespace(
        pk=0,
        title=_("Municipal budgets as open data"),
        plan=plan,
        created_at=now - dt.timedelta(days=4),
        tracking_code="GA5-7KQ2-M9XD",
        problem=_("Neighbours cannot see what the municipal budget is spent on."),
        ogp_values=values,
        origin="official",
        status="published",
        get_status_display=_("Published"),
        get_sector_display=_("Civil society"),
        get_region_display="Biobío",
        get_origin_display="",
        responsible_institution=SimpleNamespace(name=_("Sample ministry")),
        get_absolute_url="#c-cards",
    )
    commitment = SimpleNamespace(
        pk=0,
        number=1,
        title=_("Open procurement data"),
        ogp_id="CL0063",
        responsible_institution=SimpleNamespace(name=_("Sample ministry")),
        ogp_values=values,
        milestones_total=4,
        milestones_done=2,
    )
    facet = Facet(
        name="sector",
        label=_("Sector"),
        all_label=pgettext("every sector", "All"),
        all_count=42,
        options=[
            Option("civil_society", _("Civil society"), 30, True),
            Option("academia", _("Academia"), 12),
        ],
    )
    return {
        "sample_plan": plan,
        "sample_proposal": proposal,
        "sample_commitment": commitment,
        "sample_facets": [facet],
        "sample_search": {"name": "q", "label": _("Search"), "value": ""},
        "sample_chips": [
            Chip(_("Sector"), _("Civil society"), "region=biobio"),
            Chip(_("Region"), "Biobío", "sector=civil_society"),
        ],
        "sample_table": {
            "caption": _("Milestones and deliverables"),
            "columns": [_("Activity"), _("Deliverable"), _("End")],
            "rows": [
                [_("Open procurement data"), _("A monthly data set"), "31-12-2031"],
                [_("Plain-language guide"), _("A published guide"), "30-06-2032"],
            ],
        },
        "sample_sort_links": [
            SortLink(value="recientes", label=_("Newest"), query="", current=True),
            SortLink(value="titulo", label=_("Title"), query="orden=titulo", current=False),
        ],
    }
