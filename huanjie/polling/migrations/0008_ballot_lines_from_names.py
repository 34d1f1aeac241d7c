"""People, not names (issue 17): the contests' candidates and women, stored as lists of names, become ballot
lines (polling.Candidate) that point at the person; the tallies, the agreed boxes and the results stored
with names are keyed by the person's reference instead; the write-ins get their model.

Each name is resolved to a person only where exactly one matches: in a party organisation's election, the
member of the election's roll of that name; otherwise the resident nominated in the election under that
name, or else the one resident of the unit of that name. Anything else — two namesakes, nobody — is never
guessed: the ballot line keeps the name with no person and a reference made from a keyed hash of the name
(`voters.people.write_in_ref`), and is listed in this migration's output and on the clerk's page of lines
to resolve (polling:unresolved). A name in a tally that is not a ballot line of its post was a write-in:
it moves to the box's write-ins; in a counted round the decision is recorded as the count took it (the
person where one matches, else its keyed reference), so that counting the round again gives what was
announced.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import migrations, models
import django.db.models.deletion
from django.conf import settings


def _people(apps: Any, election: Any) -> Any:
    from huanjie.voters.people import MEMBER, RESIDENT, person_ref, write_in_ref

    resident_model = apps.get_model("voters", "Resident")
    nomination_model = apps.get_model("candidates", "Nomination")
    member_model = apps.get_model("party", "PartyMember")
    party = election.kind == "party_branch"
    memo: dict[str, dict[str, Any]] = {}

    def resolve(name: str) -> dict[str, Any]:
        if name in memo:
            return memo[name]
        found: dict[str, Any] = {"ref": write_in_ref(election.pk, name), "name": name}
        if party:
            members = list(member_model.objects.filter(election=election, name=name).select_related("resident"))
            if len(members) == 1:
                m = members[0]
                found = {
                    "ref": person_ref(election.pk, MEMBER, m.pk),
                    "name": m.name,
                    "member": m,
                    "resident": m.resident,
                    "sex": m.sex,
                    "group": m.resident.group if m.resident else "",
                    "birth_year": m.birth_year,
                }
        else:
            ids = set(
                nomination_model.objects.filter(election=election, name=name).values_list("resident_id", flat=True)
            )
            if len(ids) != 1:
                ids = set(resident_model.objects.filter(unit_id=election.unit_id, name=name).values_list("pk", flat=True))
            if len(ids) == 1:
                r = resident_model.objects.get(pk=ids.pop())
                found = {
                    "ref": person_ref(election.pk, RESIDENT, r.pk),
                    "name": r.name,
                    "resident": r,
                    "sex": r.sex,
                    "group": r.group,
                    "birth_year": r.birth_year,
                }
        memo[name] = found
        return found

    return resolve


def _rekey_box(data: Any, lines: dict[str, dict[str, str]]) -> Any:
    """A stored tally by name → by reference; names not on the post's ballot become write-ins."""
    if not isinstance(data, dict) or "tally" not in data or "write_ins" in data:
        return data
    tally: dict[str, dict[str, int]] = {}
    written: dict[str, dict[str, int]] = {}
    for post, votes in data["tally"].items():
        tally[post] = {}
        for name, n in votes.items():
            ref = lines.get(post, {}).get(name)
            if ref is not None:
                tally[post][ref] = tally[post].get(ref, 0) + n
            else:
                written.setdefault(post, {})[name] = n
        tally[post] = dict(sorted(tally[post].items()))
    return {**data, "tally": tally, "write_ins": written}


def forward(apps: Any, schema_editor: Any) -> None:
    from huanjie.voters.people import Shown, public_labels

    round_model = apps.get_model("polling", "VotingRound")
    candidate_model = apps.get_model("polling", "Candidate")
    write_in_model = apps.get_model("polling", "WriteIn")
    elected_model = apps.get_model("polling", "ElectedMember")
    voiding_model = apps.get_model("polling", "Voiding")
    unresolved: list[str] = []
    elections = sorted(set(round_model.objects.values_list("election_id", flat=True)))
    for election_id in elections:
        rounds = list(
            round_model.objects.filter(election_id=election_id).select_related("election__unit").order_by("seq")
        )
        election = rounds[0].election
        resolve = _people(apps, election)
        every: dict[str, dict[str, Any]] = {}  # name → person, over the election
        for vr in rounds:
            contests = list(vr.contests.order_by("rank"))
            people = {n: resolve(n) for c in contests for n in c.candidates}
            labels = public_labels(
                [
                    Shown(p["ref"], p["name"], p.get("group", ""), p.get("birth_year"))
                    for p in {p["ref"]: p for p in people.values()}.values()
                ]
            )
            lines: dict[str, dict[str, str]] = {}
            for c in contests:
                lines[c.post] = {}
                for rank, name in enumerate(dict.fromkeys(c.candidates), start=1):
                    p = people[name]
                    candidate_model.objects.create(
                        contest=c,
                        rank=rank,
                        ref=p["ref"],
                        name=name[:60],
                        label=labels[p["ref"]][:80],
                        resident=p.get("resident"),
                        member=p.get("member"),
                        woman=name in (c.women or []),
                    )
                    lines[c.post][name] = p["ref"]
                    if "resident" not in p and "member" not in p:
                        unresolved.append(f"{election.unit.name} · {election.kind} · round {vr.seq} · {c.post}: {name}")
            every.update(people)
            written: set[tuple[str, str]] = set()
            for box in vr.boxes.all():
                for entry in box.entries.all():
                    new = _rekey_box(entry.data, lines)
                    if new is not entry.data:
                        # A tally entry is never edited by the app; the migration re-keys what it stores.
                        type(entry).objects.filter(pk=entry.pk).update(data=new)
                if box.accepted is not None:
                    box.accepted = _rekey_box(box.accepted, lines)
                    box.save(update_fields=["accepted"])
                    for post, votes in box.accepted.get("write_ins", {}).items():
                        written.update((post, n) for n in votes)
            if vr.status != "open":
                for post, name in sorted(written):
                    p = resolve(name)
                    every[name] = p
                    write_in_model.objects.create(
                        voting_round=vr,
                        post=post,
                        written=name,
                        ref=p["ref"],
                        name=p["name"] if ("resident" in p or "member" in p) else "",
                        resident=p.get("resident"),
                        member=p.get("member"),
                        unresolvable=False,  # counted as announced: under its own keyed reference
                        decided_by=None,
                        decided_on=vr.held_on,
                    )
            if vr.result:
                vr.result = _rekey_result(vr.result, every)
                vr.save(update_fields=["result"])
        for member in elected_model.objects.filter(election_id=election_id, ref=""):
            p = every.get(member.name) or resolve(member.name)
            member.ref = p["ref"]
            member.resident = p.get("resident")
            member.member = p.get("member")
            member.save(update_fields=["ref", "resident", "member"])
        for voiding in voiding_model.objects.filter(election_id=election_id):
            voiding.voided = [
                {**v, "ref": v.get("ref") or (every.get(v["name"]) or resolve(v["name"]))["ref"]} for v in voiding.voided
            ]
            voiding.save(update_fields=["voided"])
    if unresolved:
        sys.stdout.write(
            "\n  Ballot lines whose name matches no one person (resolve them on the office's page "
            "“Ballot lines to resolve”):\n" + "".join(f"    {line}\n" for line in unresolved)
        )


def _rekey_result(result: dict[str, Any], every: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if "people" in result:
        return result

    def ref(name: Any) -> Any:
        return every[name]["ref"] if isinstance(name, str) and name in every else name

    contests = []
    for c in result.get("contests", []):
        c = dict(c)
        for key in ("elected", "tie_revote", "runoff_candidates", "provisional_on"):
            c[key] = [ref(n) for n in c.get(key, [])]
        c.setdefault("write_ins", [])
        c.setdefault("unresolved_votes", 0)
        contests.append(c)
    displaced = [{**d, "name": ref(d.get("name")), "by": ref(d.get("by")), "refill": ref(d.get("refill"))} for d in result.get("displaced", [])]
    people = {p["ref"]: {"name": p["name"], "label": p["name"]} for p in every.values()}
    return {**result, "contests": contests, "displaced": displaced, "people": people}


def backward(apps: Any, schema_editor: Any) -> None:
    """Names back from the ballot lines (the write-in decisions and references are dropped); the lines go,
    as before this migration, which makes them again from the names."""
    contest_model = apps.get_model("polling", "Contest")
    for c in contest_model.objects.all():
        lines = list(c.entries.order_by("rank"))
        c.candidates = [line.name for line in lines]
        c.women = [line.name for line in lines if line.woman]
        c.save(update_fields=["candidates", "women"])
        c.entries.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("candidates", "0001_initial"),
        ("party", "0003_seal_birth_dates"),
        ("polling", "0007_people_not_names"),
        ("voters", "0008_person_education_and_party"),
    ]

    operations = [
        migrations.CreateModel(
            name="WriteIn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("post", models.CharField(max_length=20, verbose_name="post")),
                ("written", models.CharField(max_length=60, verbose_name="as written")),
                ("ref", models.CharField(max_length=16)),
                ("name", models.CharField(blank=True, max_length=60, verbose_name="name")),
                ("unresolvable", models.BooleanField(default=False, verbose_name="unresolvable")),
                ("decided_on", models.DateField(verbose_name="decided on")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="party.partymember",
                    ),
                ),
                (
                    "resident",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="voters.resident",
                    ),
                ),
                (
                    "voting_round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="write_ins", to="polling.votinground"
                    ),
                ),
            ],
            options={
                "ordering": ["voting_round", "post", "written"],
                "constraints": [
                    models.UniqueConstraint(fields=("voting_round", "post", "written"), name="one_decision_per_write_in")
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="electedmember", name="elected_once_per_post"),
        migrations.RunPython(forward, backward),
    ]
