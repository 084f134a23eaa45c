"""What list pages share: filters that show how many results each choice
leaves (facets), the active filters as chips that each remove one, and the
links that sort a list. The templates are ``components/filter_panel.html``,
``components/filter_chips.html`` and ``components/sort.html``.

A list's selector computes the counts in the database, in a fixed number of
queries whatever the number of options (one aggregate with ``FILTER`` clauses,
or one ``GROUP BY`` per facet), and hands them over as :class:`Facet` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# A facet with more options than this is a select; fewer, a group of radios.
RADIO_LIMIT = 7


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None  # None: not counted (a search past the list's count limit)
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    """One filter: its GET parameter, its label, the count the list would have
    without it (``all_count``) and each option with its own count."""

    name: str
    label: str
    all_label: str
    all_count: int | None
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self) -> str:
        return next((option.value for option in self.options if option.selected), "")

    @property
    def as_radios(self) -> bool:
        return len(self.options) <= RADIO_LIMIT


@dataclass(frozen=True)
class SortLink:
    value: str
    label: str
    query: str
    current: bool


def sort_links(
    query: QueryDict, choices: list[tuple[str, str]], current: str, param: str = "orden"
) -> list[SortLink]:
    """A link per way of sorting, keeping the other parameters (filters,
    search) and going back to the first page. The first choice is the
    default and leaves the parameter out of the address."""
    links = []
    for index, (value, label) in enumerate(choices):
        params = query.copy()
        params.pop("pagina", None)
        params.pop(param, None)
        if index:
            params[param] = value
        links.append(SortLink(value, str(label), params.urlencode(), value == current))
    return links


@dataclass(frozen=True)
class Chip:
    """An active filter: what it is (``facet``, e.g. "Region"), what it keeps
    (``value``, e.g. "Valparaíso") and the list's query string without it."""

    facet: str
    value: str
    query: str


def filters_only(query: QueryDict, drop: tuple[str, ...] = ("pagina",)) -> str:
    """The query string without the parameters in ``drop``, nor the empty ones
    a filter form sends for "All"."""
    params = QueryDict(mutable=True)
    for name, values in query.lists():
        kept = [value for value in values if value]
        if name not in drop and kept:
            params.setlist(name, kept)
    return params.urlencode()


def active_filters(query: QueryDict, facets: list[Facet], search: dict | None = None) -> list[Chip]:
    """A chip per filter in use (the search first, then each facet with an
    option chosen), each removing only itself and going back to the first page."""
    chips = []
    if search and search.get("value"):
        value = _("“%(text)s”") % {"text": search["value"]}
        label = pgettext("the words a list is searched for", "Search")
        chips.append(Chip(label, value, filters_only(query, ("pagina", search["name"]))))
    for facet in facets:
        chosen = next((option for option in facet.options if option.selected), None)
        if chosen is not None:
            chips.append(
                Chip(str(facet.label), chosen.label, filters_only(query, ("pagina", facet.name)))
            )
    return chips


class CountedPaginator(Paginator):
    """A paginator told the total, when the list's selector counted it already
    (with its facets, in the same query), so it runs no COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
