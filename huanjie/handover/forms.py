"""Forms of the handover page: one item's status, a further item, the sign-off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.handover.models import HandoverItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HandoverItem.Status.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AddItemForm(forms.Form):
    title = forms.CharField(label=_("Further item"), max_length=120)


class SignOffForm(forms.Form):
    outgoing_head = forms.CharField(label=_("Outgoing head (hands over)"), max_length=60)
    incoming_head = forms.CharField(label=_("Incoming head (receives)"), max_length=60)
    witness = forms.CharField(label=_("Street's witness"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
