"""The elected members' details (issue 17: the person's record is the source).

Sex, year of birth and ethnicity are read from the elected person's record — the `Resident`, or the
`party.PartyMember` of a party member who is no resident. Education and party membership are recorded
on the person once (`Resident.education`, `Resident.party_member`; a non-resident party member's
education on the roll's row) and reused by every election and every figure of the work summary; this page
edits them there instead of typing them in again. Only the post in the previous term is the elected
member's own.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling.actions import HERE
from huanjie.polling.models import ElectedMember
from huanjie.units.models import BodyKind
from huanjie.voters.models import Education
from huanjie.voters.people import MEMBER, RESIDENT, person_ref

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
        tie_by_nomination(member.election)
        member.refresh_from_db()
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
    Sex, birth date and ethnicity in `details` are ignored: the person's record has them. A member made
    by name (before the count tied the elected to the ballot's persons) is first tied by the migration's
    rule, `tie_by_nomination`: a no-op for every member the count made by person."""
    if member.resident_id is None and member.member_id is None:
        tie_by_nomination(member.election)
        member.refresh_from_db()  # tied now, or by an earlier call for the election (a stale instance)
    before = _shown(member)
    resident, party = member.resident, member.member
    if "education" in details and details["education"] is not None:
        education = details["education"]
        if education not in ("", *Education.values):
            raise ActionError(_("Unknown education."), field="education")
        if resident is not None and resident.education != education:
            resident.education = education
            resident.save(update_fields=["education"])
        elif resident is None and party is not None and party.education != education:
            party.education = education
            party.save(update_fields=["education"])
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


def tie_by_nomination(election: Election) -> int:
    """For an action that records its own event: tie each elected member of `election` that points at no
    one to the one person of that name among the election's nominees (a party election: its roll) — the
    migration's rule (reports.0004) for rows made by name. None where no one or several match: those are
    left for the clerk (huanjie.reports.resolve). Returns how many were tied."""
    from django.apps import apps

    from huanjie.candidates.models import Nomination

    party = election.kind == BodyKind.PARTY_BRANCH
    people: dict[str, set[tuple[int | None, int | None]]] = defaultdict(set)
    if party:  # the members on the recommended lists first, then the whole roll
        roll = apps.get_model("party", "PartyMember").objects.filter(election=election)
        on_lists: dict[str, set[tuple[int | None, int | None]]] = defaultdict(set)
        for pk, name, resident in roll.filter(candidacies__isnull=False).values_list(
            "pk", "name", "resident_id"
        ):
            on_lists[name].add((resident, pk))
        for pk, name, resident in roll.values_list("pk", "name", "resident_id"):
            people[name].add((resident, pk))
        people.update(on_lists)
    else:
        for name, resident in Nomination.objects.filter(election=election).values_list(
            "resident__name", "resident_id"
        ):
            people[name].add((resident, None))
    tied = 0
    for member in ElectedMember.objects.filter(election=election, resident__isnull=True, member__isnull=True):
        found = people.get(member.name, set())
        if len(found) != 1:
            continue
        ((who, party_member),) = found
        member.resident_id = who
        member.member_id = party_member
        number = party_member if party_member is not None else who
        kind = MEMBER if party_member is not None else RESIDENT
        assert number is not None
        member.ref = member.ref or person_ref(election.pk, kind, number)
        member.save(update_fields=["resident", "member", "ref"])
        tied += 1
    return tied
