"""Forms of the party election page: a member, an exclusion, the list, an approval, the attendance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huanjie.party.models import Exclusion, PartyMember, Standing
from huanjie.polling.models import ElectedMember
from huanjie.voters.models import Resident, Sex
from huanjie.voters.picker import ResidentPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(forms.Form):
    # Chosen by search (name, group, year of birth — namesakes apart), never from a list of the unit's
    # thousands of residents (issue 20: that list was most of the party page's time at real size).
    resident = ResidentPickerField(
        label=_("Resident of the unit"),
        required=False,
        help_text=_("Leave empty for a member who is not on the unit's household register."),
    )
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE, required=False)
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", "—"), *ElectedMember.Education.choices], required=False
    )
    standing = forms.ChoiceField(label=_("Membership"), choices=Standing.choices)
    voting_rights = forms.BooleanField(
        label=_("Voting rights"),
        required=False,
        initial=True,
        help_text=_("Not for a probationary member, nor for one under 留党察看 or suspended (P1)."),
    )
    previous_post = forms.CharField(label=_("Post in the previous term"), max_length=20, required=False)

    def __init__(self, *args: Any, residents: QuerySet[Resident] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if residents is None:
            del self.fields["resident"]
        else:
            self.fields["resident"].queryset = residents  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("resident", None)
        return data


class ExclusionForm(forms.Form):
    exclusion = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("no exclusion")), *Exclusion.choices], required=False
    )
    exclusion_approved_by = forms.CharField(label=_("Approved by"), max_length=80, required=False)
    exclusion_approved_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)


class CandidatesForm(forms.Form):
    seats = forms.IntegerField(label=_("Committee seats (0: the secretary only)"), min_value=0, max_value=7)
    deputy = forms.BooleanField(label=_("A deputy secretary is elected"), required=False)
    committee_member = forms.ModelMultipleChoiceField(
        label=_("Committee candidates"),
        queryset=PartyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    secretary = forms.ModelChoiceField(
        label=_("Candidate for secretary"), queryset=PartyMember.objects.none()
    )
    deputy_secretary = forms.ModelChoiceField(
        label=_("Candidate for deputy secretary"), queryset=PartyMember.objects.none(), required=False
    )

    def __init__(self, *args: Any, members: QuerySet[PartyMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("committee_member", "secretary", "deputy_secretary"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    approved_by = forms.CharField(label=_("Approving party committee"), max_length=80)
    document = forms.CharField(label=_("Document number"), max_length=80, required=False)


class AttendanceForm(forms.Form):
    on = forms.DateField(label=_("Assembly held on"), widget=DATE)
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=PartyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: QuerySet[PartyMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members  # type: ignore[attr-defined]


class HeldOnForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
