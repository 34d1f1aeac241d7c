from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import Role
from huanjie.units.models import Division, Level, UnitKind


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    street = forms.ModelChoiceField(
        label=_("Street"), queryset=Division.objects.none(), required=False, to_field_name="code"
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *list(UnitKind.choices)], required=False
    )

    def __init__(self, *args: Any, divisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        street_field = self.fields["street"]
        assert isinstance(street_field, forms.ModelChoiceField)
        street_field.queryset = divisions.filter(level=Level.STREET)
        street_field.empty_label = _("all")


class AccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail (for the digest of due stages)"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ModelChoiceField(label=_("Scope"), queryset=Division.objects.none(), to_field_name="code")
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False)

    def __init__(self, *args: Any, divisions: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ModelChoiceField)
        scope_field.queryset = divisions.exclude(level__in=[Level.PROVINCE, Level.CITY])
        if creating:
            self.fields["password"].required = True
            del self.fields["is_active"]
        else:
            self.fields["username"].disabled = True
            del self.fields["password"]


class PasswordResetForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class DivisionImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class AccessFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    unit = forms.CharField(label=_("Division code"), required=False, max_length=12)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    object = forms.CharField(label=_("Object"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
