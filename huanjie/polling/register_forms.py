"""Forms of the polling-day registers. A voter is typed as on paper — a name, and the household number
where two voters share the name — rather than picked from a list of a whole village."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huanjie.elections.models import Election
from huanjie.polling.forms import DATE
from huanjie.polling.models import BallotBox, MobileVoter, Official, Relation, Station
from huanjie.voters.models import Voter, VoterStatus

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def find_voter(election: Election, text: str) -> Voter:
    """The registered voter named `text` ("name" or "name household"); ValidationError if none or several."""
    name, _sep, household = text.strip().partition(" ")
    qs = Voter.objects.filter(
        election=election, status=VoterStatus.REGISTERED, resident__name=name.strip()
    ).select_related("resident")
    if household.strip():
        qs = qs.filter(resident__household=household.strip())
    found = list(qs[:2])
    if not found:
        raise forms.ValidationError(
            gettext("No registered voter of this election is called %(name)s.") % {"name": text}
        )
    if len(found) > 1:
        raise forms.ValidationError(
            gettext("Several voters are called %(name)s: add the household number after the name.")
            % {"name": name}
        )
    return found[0]


class VoterField(forms.CharField):
    def __init__(self, *, election: Election, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("name, or name and household number"))
        super().__init__(max_length=80, **kwargs)
        self.election = election

    def clean(self, value: Any) -> Voter | None:
        text = super().clean(value)
        return find_voter(self.election, text) if text else None


class StationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BallotBox.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    opens_at = forms.TimeField(label=_("Opens at"), widget=TIME, required=False)
    closes_at = forms.TimeField(label=_("Closes at"), widget=TIME, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


def _mobile_stations(election: Election) -> Any:
    return Station.objects.filter(election=election, kind=BallotBox.Kind.MOBILE)


class MobileVoterForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Mobile ballot box"), queryset=Station.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=MobileVoter.Reason.choices)
    note = forms.CharField(label=_("Note"), max_length=120, required=False)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = _mobile_stations(election)  # type: ignore[attr-defined]
        self.fields["voter"] = VoterField(election=election, label=_("Voter"))
        self.order_fields(["station", "voter", "reason", "note"])


class OfficialForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Official.Role.choices)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    station = forms.ModelChoiceField(
        label=_("Mobile ballot box (monitors only)"), queryset=Station.objects.none(), required=False
    )
    relative = forms.CharField(
        label=_("Declared relative standing for election"), max_length=60, required=False
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices], required=False)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = _mobile_stations(election)  # type: ignore[attr-defined]
        self.fields["voter"] = VoterField(
            election=election, label=_("On the roll as (if a voter here)"), required=False
        )
        self.order_fields(["role", "name", "voter", "station", "relative", "relation"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("voter") and "voter" not in self.errors:
            self.add_error("name", gettext("Name the official."))
        return data


class ProxyForm(forms.Form):
    relation = forms.ChoiceField(label=_("The proxy is the principal's"), choices=Relation.choices)
    reason = forms.CharField(label=_("Reason (e.g. working away)"), max_length=120, required=False)
    written_on = forms.DateField(label=_("Authorisation written on"), widget=DATE)
    approved_on = forms.DateField(label=_("Approved by the election committee on"), widget=DATE)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principal"] = VoterField(election=election, label=_("Principal (the voter who is away)"))
        self.fields["holder"] = VoterField(election=election, label=_("Proxy (votes for the principal)"))
        self.order_fields(["principal", "holder", "relation", "reason", "written_on", "approved_on"])


class PublishForm(forms.Form):
    completed_on = forms.DateField(label=_("Published on"), widget=DATE)
