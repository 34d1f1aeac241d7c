"""Polling's checks on other apps' workflow: a result still provisional on a tie re-vote (B19, B20) is not
published as final, so the result stage waits for the re-vote."""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.elections.models import ElectionStage
from huanjie.elections.stages import blocker
from huanjie.polling.models import VotingRound
from huanjie.rules.calendar import Stage
from huanjie.web.labels import enumeration, post_name


def provisional_posts(election_id: int) -> list[str]:
    """The posts whose result in a counted round still depends on a tie re-vote at a higher post."""
    out: list[str] = []
    for vr in VotingRound.objects.filter(election_id=election_id, status=VotingRound.Status.COUNTED):
        out.extend(c["post"] for c in (vr.result or {}).get("contests", []) if c.get("provisional"))
    return out


@blocker
def result_not_provisional(stage: ElectionStage) -> str | None:
    if stage.key != Stage.RESULT:
        return None
    posts = provisional_posts(stage.election_id)
    if not posts:
        return None
    return _(
        "The result of %(posts)s is provisional until the tie re-vote at a higher post is counted; the result "
        "notice cannot be published as final before."
    ) % {"posts": enumeration(post_name(p) for p in posts)}
