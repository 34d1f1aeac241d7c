from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.elections.models import Finding
from huanjie.elections.progress import State
from huanjie.rules import profiles
from huanjie.units.models import BodyKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # <input type=date> needs ISO dates
STATE_LABELS = {
    State.ON_TIME: _("done on time"),
    State.LATE: _("done late"),
    State.DUE_SOON: _("due soon"),
    State.OVERDUE: _("overdue"),
    State.NOT_STARTED: _("not started"),
    State.NOT_APPLICABLE: _("not applicable"),
}


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    profile = forms.ChoiceField(label=_("Province profile"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    bodies = forms.MultipleChoiceField(
        label=_("Electing bodies"),
        choices=BodyKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(BodyKind.values),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["profile"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, profiles.load(name).title_zh) for name in profiles.available()]


class CompleteStageForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes (published with the notice)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Evidence: photo or PDF of the posted notice"), required=False)
    override = forms.CharField(
        label=_("Override justification (district administrators only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Photo or PDF"))


class DayForm(forms.Form):
    election_day = forms.DateField(label=_("Election day"), widget=DATE)


class DayChangeForm(forms.Form):
    to_day = forms.DateField(label=_("New election day"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DayDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("approve")), ("0", _("refuse"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), required=False)


class StreetDaysForm(forms.Form):
    street = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Body"), choices=BodyKind.choices)
    election_day = forms.DateField(label=_("Election day"), widget=DATE)


class DaysFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX: unit_code (村(社区)代码), body (组织), election_day (选举日)")
    )


class FindingForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"), max_length=12)
    text_zh = forms.CharField(
        label=_("Problem (Chinese)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    text_en = forms.CharField(
        label=_("Problem (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices, initial="medium")
    rectification_due = forms.DateField(label=_("Rectify by"), widget=DATE, required=False)


class CloseFindingForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class CorrectionForm(forms.Form):
    body_zh = forms.CharField(label=_("Corrected text (Chinese)"), widget=forms.Textarea(attrs={"rows": 5}))
    body_en = forms.CharField(label=_("Corrected text (English)"), widget=forms.Textarea(attrs={"rows": 5}))


class ProgressFilterForm(forms.Form):
    street = forms.CharField(label=_("Street"), required=False)
    kind = forms.ChoiceField(label=_("Body"), choices=[("", _("all")), *BodyKind.choices], required=False)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("all")), *STATE_LABELS.items()], required=False
    )
