"""The elected members' details (issue 17: the person's record is the source).

Sex, year of birth and ethnicity are read from the elected person's record — the `Resident`, or the
`party.PartyMember` of a party member who is no resident. Education and party membership are recorded
on the person once (`Resident.education`, `Resident.party_member`; a non-resident party member's
education on the roll's row) and reused by every election and every figure of the work summary; this page
edits them there instead of typing them in again. Only the post in the previous term is the elected
member's own.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.polling.actions import HERE
from huanjie.polling.models import ElectedMember
from huanjie.voters.models import Education

PARTY_CHOICES = [("", "—"), ("1", gettext_lazy("yes")), ("0", gettext_lazy("no"))]


def _party(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class ElectedForm(forms.Form):
    """Education and party membership (on the person's record) and the post in the previous term."""

    education = forms.ChoiceField(
        label=gettext_lazy("education"), choices=[("", "—"), *Education.choices], required=False
    )
    party_member = forms.TypedChoiceField(
        label=gettext_lazy("party member"),
        choices=PARTY_CHOICES,
        coerce=_party,
        empty_value=None,
        required=False,
    )
    previous_post = forms.CharField(
        label=gettext_lazy("post in the previous term"), max_length=60, required=False
    )

    def __init__(self, *args: Any, member: ElectedMember, **kwargs: Any) -> None:
        party = member.party_member
        kwargs.setdefault(
            "initial",
            {
                "education": member.education,
                "party_member": "" if party is None else ("1" if party else "0"),
                "previous_post": member.previous_post,
            },
        )
        super().__init__(*args, **kwargs)
        if member.member_id is not None:
            del self.fields["party_member"]  # elected by the party organisation: a member on its roll
        if member.resident_id is None and member.member_id is None:
            del self.fields["education"]  # no person's record to write it on: resolve the person first
            del self.fields["party_member"]


@action(
    "polling.update_elected",
    capability=Capability.EDIT_UNITS,
    scope=lambda member: member.election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_update_elected(member: ElectedMember, *, details: dict[str, Any], actor: Actor) -> ElectedMember:
    """The elected person's education and party membership (on their record) and previous post."""
    if member.resident_id is None and member.member_id is None:
        wanted = {k: v for k, v in details.items() if k in PERSON_DETAILS and v not in ("", None)}
        if wanted:
            raise ActionError(
                _("This elected member is not tied to a person's record yet: resolve the person first."),
                field="education",
            )
    before, after = update_elected(member, details)
    audit(obj=member, division_path=member.election.unit.path, before=before, after=after)
    return member


PERSON_DETAILS = ("education", "party_member")  # on the person's record
ELECTED_DETAILS = ["education", "party_member", "previous_post"]


def _shown(member: ElectedMember) -> dict[str, Any]:
    return {
        "resident": member.resident_id,
        "member": member.member_id,
        **{f: getattr(member, f) for f in ELECTED_DETAILS},
    }


def update_elected(member: ElectedMember, details: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The write of `do_update_elected`, for an action that records its own event: before and after.
    Sex, birth date and ethnicity in `details` are ignored: the person's record has them. The count ties
    every elected member to the ballot line's person; one the migration could not tie is resolved by the
    clerk (huanjie.reports.resolve), never here by name."""
    before = _shown(member)
    resident, party = member.resident, member.member
    if "education" in details and details["education"] is not None:
        education = details["education"]
        if education not in ("", *Education.values):
            raise ActionError(_("Unknown education."), field="education")
        # One person, one education: on the resident, and on the roll's member row of a party election
        # (which its figures read first), so that the two never tell different stories.
        for record in (resident, party):
            if record is not None and record.education != education:
                record.education = education
                record.save(update_fields=["education"])
    if "party_member" in details and resident is not None:
        value = True if party is not None else details["party_member"]
        if value is not None and resident.party_member != value:
            resident.party_member = value
            resident.save(update_fields=["party_member"])
    if "previous_post" in details:
        post = (details["previous_post"] or "").strip()[:60]
        if post != member.previous_post:
            member.previous_post = post
            member.save(update_fields=["previous_post"])
    return before, _shown(member)
