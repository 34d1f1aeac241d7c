from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.voters.models import AddReason, ObjectionKind, RemoveReason
from huanjie.voters.picker import ResidentPickerField

DATE = forms.DateInput(attrs={"type": "date"})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class AddVoterForm(forms.Form):
    # Chosen by search, not from a list of the whole unit (issue 20): `residents` is who may be chosen.
    resident = ResidentPickerField(label=_("Resident"))
    reason = forms.ChoiceField(
        label=_("Why"), choices=[(k, v) for k, v in AddReason.choices if k != AddReason.OBJECTION]
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    wish_statement = forms.BooleanField(label=_("Stated the wish to take part (category 2)"), required=False)
    application_on = forms.DateField(label=_("Applied on (category 3)"), required=False, widget=DATE)
    approval_on = forms.DateField(
        label=_("Approved by the assembly on (category 3)"), required=False, widget=DATE
    )
    approval_by = forms.ChoiceField(
        label=_("Approved by"),
        required=False,
        choices=[("", "—"), *((a, a) for a in ("村民会议", "村民代表会议", "居民会议", "居民代表会议"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resident"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = residents


class RemoveVoterForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"), choices=[(k, v) for k, v in RemoveReason.choices if k != RemoveReason.OBJECTION]
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ObjectionForm(forms.Form):
    resident = ResidentPickerField(label=_("Person concerned"))
    kind = forms.ChoiceField(label=_("The objection says the person"), choices=ObjectionKind.choices)
    lodged_by = forms.CharField(label=_("Lodged by"), max_length=60)
    lodged_on = forms.DateField(label=_("Lodged on"), widget=DATE)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resident"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = residents


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("accept: change the roll")), ("0", _("reject: the list stands"))],
        coerce=lambda v: v == "1",
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
