"""The elected members' details: what the election committee records about each person elected."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit
from huanjie.polling.actions import HERE
from huanjie.polling.forms import DATE
from huanjie.polling.models import ElectedMember
from huanjie.voters.fields import birth_year_only


class ElectedForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ElectedMember
        fields = ["sex", "birth_date", "education", "party_member", "ethnicity", "previous_post"]
        widgets = {
            "birth_date": DATE,
            "sex": forms.Select(choices=[("", "—"), ("male", _("male")), ("female", _("female"))]),
        }


@action(
    "polling.update_elected",
    capability=Capability.EDIT_UNITS,
    scope=lambda member: member.election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_update_elected(member: ElectedMember, *, details: dict[str, Any], actor: Actor) -> ElectedMember:
    """The elected member's sex, birth date, education, party membership, ethnicity, previous post."""
    before, after = update_elected(member, details)
    audit(
        obj=member,
        division_path=member.election.unit.path,
        before=birth_year_only(before),
        after=birth_year_only(after),
    )
    return member


ELECTED_DETAILS = ["sex", "birth_date", "education", "party_member", "ethnicity", "previous_post"]


def update_elected(member: ElectedMember, details: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The write of `do_update_elected`, for an action that records its own event: before and after."""
    before = {f: getattr(member, f) for f in ELECTED_DETAILS}
    for f in ELECTED_DETAILS:
        setattr(member, f, details.get(f, getattr(member, f)))
    member.save(update_fields=[*ELECTED_DETAILS, "birth_year"])  # the sealed date sets the year
    return before, {f: getattr(member, f) for f in ELECTED_DETAILS}
