"""Forms of polling day: the ballot from the formal list, a box's tally by ballot line, write-in decisions."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from huanjie.elections.models import Election
from huanjie.polling import tally
from huanjie.polling.models import BallotBox, Contest, ElectedMember
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.voters.people import office_label
from huanjie.voters.picker import ResidentPickerField
from huanjie.web.labels import post_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_VOTES = 10**6  # no box holds more ballots
LINE = re.compile(r"^\s*(?P<name>.+?)\s*[,，:：\s]\s*(?P<votes>\d+)\s*$")


class OpenRoundForm(forms.Form):
    """The first ballot: per post its seats and its candidates, ticked from the formal candidate list —
    persons, shown with their villager group and year of birth, never typed names (issue 17)."""

    held_on = forms.DateField(label=_("Polling day"), widget=DATE)
    registered = forms.IntegerField(label=_("Registered voters"), min_value=1)

    def __init__(
        self, *args: Any, posts: list[str], formal: dict[str, list[Resident]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posts = posts
        self.people = {p: {str(r.pk): r for r in formal.get(p, [])} for p in posts}
        seats, listed, woman = gettext("seats"), gettext("candidates (the formal list)"), gettext(" (woman)")
        for post in posts:
            self.fields[f"seats_{post}"] = forms.IntegerField(
                label=f"{post_name(post)} · {seats}",
                min_value=0,
                max_value=99,
                initial=1 if post != "member" else 3,
            )
            self.fields[f"candidates_{post}"] = forms.MultipleChoiceField(
                label=f"{post_name(post)} · {listed}",
                required=False,
                choices=[
                    (
                        pk,
                        office_label(r.name, r.group, r.birth_year) + (woman if r.sex == "female" else ""),
                    )
                    for pk, r in self.people[post].items()
                ],
                initial=list(self.people[post]),
                widget=forms.CheckboxSelectMultiple,
            )

    def contests(self) -> list[dict[str, Any]]:
        out = []
        for post in self.posts:
            seats = self.cleaned_data.get(f"seats_{post}") or 0
            if not seats:
                continue
            chosen = self.cleaned_data.get(f"candidates_{post}") or []
            people = [r for pk, r in self.people[post].items() if pk in chosen]
            out.append({"post": post, "seats": seats, "candidates": people})
        return out


class BoxForm(forms.Form):
    name = forms.CharField(label=_("Box"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=BallotBox.Kind.choices)


class TallyForm(forms.Form):
    """One box's tally: the counts, each ballot line's votes (by the person's line, labelled as printed),
    and per post the write-ins as written, one a line: "name votes"."""

    voters_signed = forms.IntegerField(
        label=_("Voters who voted at this box"), min_value=0, max_value=MAX_VOTES
    )
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, max_value=MAX_VOTES)
    ballots_collected = forms.IntegerField(label=_("Ballots collected"), min_value=0, max_value=MAX_VOTES)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0, max_value=MAX_VOTES)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0, max_value=MAX_VOTES)

    def __init__(self, *args: Any, contests: list[Contest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contests = contests
        self.lines: dict[str, list[tuple[str, str]]] = {}
        written = gettext("write-ins as written, one a line: name votes")
        for c in contests:
            self.lines[c.post] = []
            for line in c.entries.all():
                field = f"votes_{c.post}_{line.rank}"
                self.lines[c.post].append((field, line.ref))
                self.fields[field] = forms.IntegerField(
                    label=f"{post_name(c.post)} · {line.label}",
                    min_value=0,
                    max_value=MAX_VOTES,
                    required=False,
                )
            self.fields[f"writeins_{c.post}"] = forms.CharField(
                label=f"{post_name(c.post)} · {written}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=(tally.WRITTEN_MAX + 12) * tally.WRITE_INS_MAX,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for c in self.contests:
            lines = (data.get(f"writeins_{c.post}") or "").splitlines()
            for number, line in enumerate(lines, start=1):
                if line.strip() and not LINE.match(line):
                    self.add_error(
                        f"writeins_{c.post}",
                        gettext("Line %(n)d: write a name and a number of votes.") % {"n": number},
                    )
        return data

    def tally(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: self.cleaned_data[k]
            for k in ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")
        }
        out["tally"], out["write_ins"] = {}, {}
        for c in self.contests:
            out["tally"][c.post] = {
                ref: self.cleaned_data.get(field) or 0 for field, ref in self.lines[c.post]
            }
            written: dict[str, int] = {}
            for line in (self.cleaned_data.get(f"writeins_{c.post}") or "").splitlines():
                match = LINE.match(line)
                if match:
                    name = " ".join(match["name"].split())
                    written[name] = written.get(name, 0) + int(match["votes"])
            if written:
                out["write_ins"][c.post] = written
        return out


class WriteInForm(forms.Form):
    """The election committee's decision on one written name: the person on the roll, or unresolvable."""

    post = forms.CharField(max_length=20, widget=forms.HiddenInput)
    written_as = forms.CharField(max_length=tally.WRITTEN_MAX, widget=forms.HiddenInput)
    unresolvable = forms.BooleanField(label=_("No one on the roll can be identified"), required=False)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_model = apps.get_model("party", "PartyMember")  # the party app imports polling
        if election.kind == "party_branch":
            self.fields["member"] = MemberOfRoll(
                label=_("The member of the roll it means"),
                queryset=member_model.objects.filter(election=election).select_related("resident"),
                required=False,
            )
        else:
            on_roll = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED)
            self.fields["resident"] = ResidentPickerField(
                label=_("The person on the roll it means"),
                queryset=Resident.objects.filter(unit=election.unit, pk__in=on_roll.values("resident_id")),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unresolvable") and not data.get("resident") and not data.get("member"):
            self.add_error(None, gettext("Choose the person it means, or mark it unresolvable."))
        return data


class MemberOfRoll(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        group = obj.resident.group if obj.resident is not None else ""
        return office_label(obj.name, group, obj.birth_year)


class ReleaseForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("count the box as entered")), ("0", _("void the entries"))],
    )
    resolution = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    held_on = forms.DateField(label=_("Day of the new round"), widget=DATE)


class MemberChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        resident = obj.resident
        who = (
            office_label(obj.name, resident.group, resident.birth_year) if resident is not None else obj.name
        )
        return f"{post_name(obj.post)} · {who} ({obj.votes})"


class VoidForm(forms.Form):
    """The district's decision voiding an election, or some persons' election, for misconduct."""

    whole = forms.TypedChoiceField(
        label=_("What is void"),
        choices=[("1", _("the whole election")), ("0", _("the election of the persons ticked below"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    members = MemberChoice(
        label=_("Persons whose election is void"),
        queryset=ElectedMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.ChoiceField(label=pgettext_lazy("misconduct", "Grounds"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    document_ref = forms.CharField(label=_("Decision document number"), max_length=100)
    document = forms.FileField(label=_("Decision document or evidence (PDF, JPEG or PNG)"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    new_vote_on = forms.DateField(label=_("Day of the new vote"), widget=DATE)

    def __init__(self, *args: Any, members: Any, grounds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members
        grounds_field = self.fields["grounds"]
        assert isinstance(grounds_field, forms.ChoiceField)
        grounds_field.choices = grounds

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if not data.get("whole") and not data.get("members"):
            self.add_error(
                "members", gettext("Tick the persons whose election is void, or void the whole election.")
            )
        return data
