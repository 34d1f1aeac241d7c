"""Forms of polling day. Votes are typed as one line per person, "name votes", as on a tally sheet."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from huanjie.polling.models import BallotBox, Contest, ElectedMember
from huanjie.rules.terms import POST_ZH, Post

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINE = re.compile(r"^\s*(?P<name>.+?)\s*[,，:：\s]\s*(?P<votes>\d+)\s*$")


def post_label(post: str) -> str:
    return f"{POST_ZH[Post(post)]} {post}"


class OpenRoundForm(forms.Form):
    held_on = forms.DateField(label=_("Polling day"), widget=DATE)
    registered = forms.IntegerField(label=_("Registered voters"), min_value=1)

    def __init__(self, *args: Any, posts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posts = posts
        for post in posts:
            self.fields[f"seats_{post}"] = forms.IntegerField(
                label=f"{post_label(post)} · {gettext('seats')}",
                min_value=0,
                initial=1 if post != "member" else 3,
            )
            self.fields[f"candidates_{post}"] = forms.CharField(
                label=f"{post_label(post)} · {gettext('candidates, one a line; mark women with (女)')}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def contests(self) -> list[dict[str, Any]]:
        out = []
        for post in self.posts:
            seats = self.cleaned_data.get(f"seats_{post}") or 0
            if not seats:
                continue
            names, women = [], []
            for line in (self.cleaned_data.get(f"candidates_{post}") or "").splitlines():
                name = line.strip()
                if not name:
                    continue
                if name.endswith(("(女)", "（女）")):
                    name = name[:-3].strip()
                    women.append(name)
                names.append(name)
            out.append({"post": post, "seats": seats, "candidates": names, "women": women})
        return out


class BoxForm(forms.Form):
    name = forms.CharField(label=_("Box"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=BallotBox.Kind.choices)


class TallyForm(forms.Form):
    voters_signed = forms.IntegerField(label=_("Voters who voted at this box"), min_value=0)
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    ballots_collected = forms.IntegerField(label=_("Ballots collected"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, contests: list[Contest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contests = contests
        for c in contests:
            self.fields[f"votes_{c.post}"] = forms.CharField(
                label=f"{post_label(c.post)} · {gettext('votes, one line per person: name votes (write-ins too)')}",
                widget=forms.Textarea(attrs={"rows": max(3, len(c.candidates) + 1)}),
                required=False,
                initial="\n".join(f"{n} " for n in c.candidates),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for c in self.contests:
            for number, line in enumerate((data.get(f"votes_{c.post}") or "").splitlines(), start=1):
                if line.strip() and not LINE.match(line):
                    self.add_error(
                        f"votes_{c.post}",
                        gettext("Line %(n)d: write a name and a number of votes.") % {"n": number},
                    )
        return data

    def tally(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: self.cleaned_data[k]
            for k in ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")
        }
        out["tally"] = {}
        for c in self.contests:
            votes: dict[str, int] = {}
            for line in (self.cleaned_data.get(f"votes_{c.post}") or "").splitlines():
                match = LINE.match(line)
                if match:
                    name = match["name"].strip()
                    votes[name] = votes.get(name, 0) + int(match["votes"])
            out["tally"][c.post] = votes
        return out


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
        return f"{post_label(obj.post)} · {obj.name} ({obj.votes})"


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
