"""Picking a resident of a unit by typing part of the name or the villager group (issue 20).

A unit has up to some thousands of residents; a <select> of them all made each page that offered one
(the roll's "add to the roll", the objections) as slow as its size. The picker is a form field instead:
a search box, and the residents found as radio buttons — at most MAX_RESULTS, each with the name, the
group, the year of birth and the masked number so that namesakes are told apart.

- With JavaScript, htmx asks the unit's search endpoint (`voters:pick_resident`, a 404 outside the
  user's scope) as the user types and puts the results under the box.
- Without it, the box belongs to a small GET form of its own (`{% resident_search_form %}`, placed
  outside the page's POST form, as forms cannot nest): "Search" reloads the page with `?q=`, and the
  page's view passes the query to the field (`ResidentPickerField.search`), which shows the results.

Any app can use it: a ResidentPickerField over the residents one may choose (its queryset validates the
choice, as a ModelChoiceField does), `field.prepare(unit, request.GET)` in the view, and
`{% load pickers %}{% resident_search_form form.resident %}` after the form in the template. `search_url()` names the endpoint for the unit, with `roll=` to leave out the registered
voters of an election (the add-to-the-roll picker) and `voters=` to leave out those who cannot reach the
voting age by its election day (`of_voting_age`: every picker that chooses a voter — the roll's, the
objections'; with `roll=` implied).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from huanjie.elections.models import Election
from huanjie.rules import profiles
from huanjie.units.models import Division
from huanjie.voters.models import Resident

MAX_QUERY = 40  # characters: a name, a group, or part of one
MAX_RESULTS = 20


class SearchForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY, required=False)


def find(residents: QuerySet[Resident], query: str) -> tuple[list[Resident], bool]:
    """Residents whose name or group contains `query`, at most MAX_RESULTS, and whether there were more."""
    query = query.strip()
    if not query:
        return [], False
    found = list(
        residents.filter(Q(name__icontains=query) | Q(group__icontains=query))
        .only("pk", "name", "group", "birth_year", "id_masked")
        .order_by("group", "name", "pk")[: MAX_RESULTS + 1]
    )
    return found[:MAX_RESULTS], len(found) > MAX_RESULTS


def of_voting_age(residents: QuerySet[Resident], election: Election) -> QuerySet[Resident]:
    """`residents` less those who cannot be of voting age on `election`'s day (B1; the profile's age): a
    person under it can be neither a voter nor a candidate. Only the year of birth is kept clear (issue
    15), so those born in the year that turns that age on the day stay — the action decides with the full
    date. Before the day is fixed, the round's last day counts: nobody who may yet turn the age is left out."""
    day = election.election_day or election.round.ends_on
    age = profiles.load(election.round.profile).min_voting_age
    return residents.filter(birth_year__lte=day.year - age)


def results(residents: QuerySet[Resident], data: Any, *, name: str, selected: str = "") -> dict[str, Any]:
    """The context of the results (picker/results.html) for the query in `data` (request.GET)."""
    form = SearchForm(data)
    context: dict[str, Any] = {
        "name": name,
        "selected": selected,
        "results": [],
        "more": False,
        "query": "",
        "limit": MAX_RESULTS,
    }
    if not form.is_valid():
        context["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return context
    context["query"] = form.cleaned_data["q"].strip()
    context["results"], context["more"] = find(residents, context["query"])
    return context


def search_url(
    unit: Division, *, name: str = "resident", roll: int | None = None, voters: int | None = None
) -> str:
    params: dict[str, Any] = {"field": name}
    if roll is not None:
        params["roll"] = roll
    elif voters is not None:
        params["voters"] = voters
    return f"{reverse('voters:pick_resident', args=[unit.code])}?{urlencode(params)}"


class ResidentPicker(forms.Widget):
    """The search box and the residents found; the value is the chosen resident's pk."""

    template_name = "voters/picker/widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = ""
        self.found: dict[str, Any] = {}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        selected = "" if value in (None, "") else str(value)
        found = dict(self.found) or {"results": [], "more": False, "query": "", "limit": MAX_RESULTS}
        shown = list(found["results"])
        if selected and not any(str(r.pk) == selected for r in shown):
            # The resident chosen before the form came back (an error elsewhere) stays chosen.
            # ModelChoiceField gives its widget `choices`, an iterator that knows the queryset (never
            # iterated here: that would be the whole unit again).
            queryset = getattr(getattr(self, "choices", None), "queryset", None)
            if queryset is not None and selected.isascii() and selected.isdigit():
                shown = [*queryset.filter(pk=int(selected)), *shown]
        widget = context["widget"]
        widget.update(
            search_url=self.search_url,
            search_form=f"{widget['attrs'].get('id') or name}_search",
            max_query=MAX_QUERY,
            found={**found, "name": name, "selected": selected, "results": shown},
        )
        return context

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> str:
        # The project's templates (the form renderer knows Django's own widget templates only).
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class ResidentPickerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A resident chosen by search; `queryset` is who may be chosen (and validates the choice)."""

    widget = ResidentPicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Resident.objects.none())
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def prepare(
        self,
        unit: Division,
        data: Any,
        *,
        name: str = "resident",
        roll: int | None = None,
        voters: int | None = None,
    ) -> None:
        """Point the box at the unit's search endpoint and show the results of the page's own `?q=` (the
        field's queryset, which leaves out whom the endpoint leaves out: `roll`, `voters`)."""
        assert isinstance(self.widget, ResidentPicker)
        self.widget.search_url = search_url(unit, name=name, roll=roll, voters=voters)
        self.widget.found = results(self.queryset, data, name=name) if data.get("q") else {}
