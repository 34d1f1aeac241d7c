"""Forms of nomination, review and assessment. Nomination results are typed one line per person,
"name votes", as on the meeting's tally sheet."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huanjie.candidates import departments
from huanjie.candidates.models import Conclusion, Verdict
from huanjie.web.labels import post_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINE = re.compile(r"^\s*(?P<name>.+?)\s*[,，:：\s]\s*(?P<votes>\d+)\s*$")
DEFAULT_SEATS = {"director": 1, "deputy_director": 1, "women_member": 1, "member": 2}


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class SeatsForm(forms.Form):
    def __init__(self, *args: Any, posts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posts = posts
        for post in posts:
            self.fields[f"seats_{post}"] = forms.IntegerField(
                label=f"{post_name(post)} · {gettext('seats')}",
                min_value=0,
                initial=DEFAULT_SEATS.get(post, 1),
            )
            self.fields[f"size_{post}"] = forms.IntegerField(
                label=f"{post_name(post)} · {gettext('formal candidates')}", min_value=0, required=False
            )

    def seats(self) -> dict[str, int]:
        return {p: self.cleaned_data.get(f"seats_{p}") or 0 for p in self.posts}

    def sizes(self) -> dict[str, int]:
        return {p: self.cleaned_data.get(f"size_{p}") or 0 for p in self.posts}


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Meeting held on"), widget=DATE)
    present = forms.IntegerField(label=_("Voters present"), min_value=1)

    def __init__(self, *args: Any, posts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posts = posts
        for post in posts:
            self.fields[f"nominees_{post}"] = forms.CharField(
                label=f"{post_name(post)} · {gettext('nominees, one line per person: name votes')}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        results: dict[str, list[tuple[str, int]]] = {}
        for post in self.posts:
            lines = []
            for n, line in enumerate((data.get(f"nominees_{post}") or "").splitlines(), start=1):
                if not line.strip():
                    continue
                m = LINE.match(line)
                if m is None:
                    self.add_error(
                        f"nominees_{post}", gettext("Line %(n)s: write a name and the votes.") % {"n": n}
                    )
                    continue
                lines.append((m["name"], int(m["votes"])))
            results[post] = lines
        data["results"] = results
        return data


class SlipForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)
    voter = forms.CharField(label=_("Nominating voter"), max_length=60)
    post = forms.ChoiceField(label=_("Post"))
    nominees = forms.CharField(label=_("Nominees, one a line"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, posts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "post", [(p, post_name(p)) for p in posts])


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrew on"), widget=DATE)
    reason = forms.CharField(label=_("The written withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.Form):
    """An election committee member: a villager of the roll (the person, OL Art.12 matches by it), or by
    name one who is not on it (a street's cadre)."""

    resident = forms.ChoiceField(label=_("Villager"), required=False)
    name = forms.CharField(label=_("or the name of one not on the roll"), max_length=60, required=False)
    duty = forms.CharField(label=_("Duty"), max_length=30, required=False)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "resident", [("", "—"), *people])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("resident") and not (data.get("name") or "").strip():
            self.add_error("resident", gettext("Choose the villager, or write the name."))
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE)
    reason = forms.CharField(label=_("Why they leave"), max_length=200)


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DATE)


class PersonForm(forms.Form):
    """A form about one candidate: the person is chosen from the election's nominees (a committee election)
    or its party roll, each shown by name, villager group and year of birth (namesakes apart)."""

    person = forms.ChoiceField(label=_("Candidate"))

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "person", [("", "—"), *people])


class ReviewForm(PersonForm):
    department = forms.ChoiceField(
        label=_("Department"), choices=[(k, f"{zh} {en}") for k, zh, en in departments.DEPARTMENTS]
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)


class OverrideForm(PersonForm):
    reason = forms.CharField(label=_("Written reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(PersonForm):
    held_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    participants = forms.IntegerField(label=_("Took part in the evaluation"), min_value=0)
    excellent = forms.IntegerField(label=_("Excellent"), min_value=0)
    competent = forms.IntegerField(label=_("Competent"), min_value=0)
    basic = forms.IntegerField(label=_("Basically competent"), min_value=0)
    incompetent = forms.IntegerField(label=_("Incompetent"), min_value=0)
    talks = forms.IntegerField(label=_("Individual talks"), min_value=0)
    talk_notes = forms.CharField(
        label=_("What the talks said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    conclusion_text = forms.CharField(
        label=_("The team's conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    team = forms.ChoiceField(label=_("Assessment team"))
    street = forms.ChoiceField(label=_("Street"))

    def __init__(
        self, *args: Any, teams: list[tuple[int, str]], streets: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "team", list(teams))
        _choices(self, "street", list(streets))
