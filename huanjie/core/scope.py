"""One way to see: what part of the district a staff read may show.

Every user has one scope, a division; divisions carry a materialised `path` ("D01/S03/U12/"), so "in the
scope" is a prefix test. Each scoped model says ONCE where its division path lies and how far it reaches:

    class Voter(models.Model):
        scope_path = "election__unit__path"   # the lookup that ends in a division's path
        objects = ScopedQuerySet.as_manager()

and every staff read goes through `Voter.objects.visible_to(user)` (a queryset, for lists) or
`get_visible(user, Voter, pk=pk)` (one object; outside the scope a 404). Outside the scope is a 404, never
a 403: the existence of another street's village is not the user's business either.

The reach (`scope_reach`) is BELOW for records about a division (seen by users whose scope contains it),
ABOVE for a district's round (seen from every division under the district), AROUND for the leading group's
shared work (a village clerk reads the district's training, never a neighbouring street's). A model whose
records need a capability on top of the scope (petitions) names it in `scope_capability`; one visible
only under a second condition names it in `scope_also` (a visit: its division, and its team's round).
`scope_related` lists what `get_visible` joins when it fetches one object (what its page shows).

This module imports no app: the user is typed only for the checker, and capabilities are asked of the
user (`User.has_capability`), so `core` stays below every app.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from huanjie.accounts.models import User


class Reach(StrEnum):
    BELOW = "below"  # the user's division and everything under it
    ABOVE = "above"  # the user's division and the divisions above it (a district's round)
    AROUND = "around"  # both: the leading group's shared work


def user_path(user: User | None) -> str | None:
    """The path of the user's scope, or None for a user who sees nothing (anonymous, inactive, unscoped)."""
    if user is None or not user.is_authenticated or not user.is_active or user.scope is None:
        return None
    return user.scope.path


def ancestor_paths(path: str) -> list[str]:
    """ "D01/S03/U12/" → ["D01/", "D01/S03/", "D01/S03/U12/"]: the division and those above it."""
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]


def reach_q(user: User | None, lookup: str, reach: Reach = Reach.BELOW) -> Q:
    """Rows whose division path (at `lookup`) the user reaches; nothing for a user without a scope."""
    path = user_path(user)
    if path is None:
        return Q(pk__in=[])
    below = Q(**{f"{lookup}__startswith": path})
    above = Q(**{f"{lookup}__in": ancestor_paths(path)})
    if reach == Reach.BELOW:
        return below
    if reach == Reach.ABOVE:
        return above
    return below | above


def scope_q(model: type[models.Model], user: User | None) -> Q:
    """The filter that keeps the rows of `model` the user may see, from the model's own declaration."""
    lookup: str | None = getattr(model, "scope_path", None)
    if lookup is None:
        raise TypeError(f"{model.__name__} declares no scope_path: it is not a scoped model")
    capability: str | None = getattr(model, "scope_capability", None)
    if capability is not None and (user is None or not user.has_capability(capability)):
        return Q(pk__in=[])
    q = reach_q(user, lookup, getattr(model, "scope_reach", Reach.BELOW))
    for also_lookup, also_reach in getattr(model, "scope_also", ()):
        q &= reach_q(user, also_lookup, also_reach)
    return q


def in_scope(user: User | None, division: Any) -> bool:
    """Whether a division (anything with a `path`) lies in the user's scope."""
    path = user_path(user)
    return path is not None and str(division.path).startswith(path)


class ScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """The queryset of a scoped model: `.visible_to(user)` keeps what the user's scope reaches."""

    def visible_to(self, user: User | None) -> Self:
        return self.filter(scope_q(self.model, user))


def visible_to[M: models.Model](
    user: User | None, source: type[M] | models.QuerySet[M]
) -> models.QuerySet[M]:
    """The rows of a scoped model (or of a queryset of one, e.g. with select_related) the user may see."""
    qs = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    return qs.filter(scope_q(qs.model, user))


def get_visible[M: models.Model](
    user: User | None, source: type[M] | models.QuerySet[M], /, **lookup: Any
) -> M:
    """One row the user may see; a 404 when it does not exist or lies outside the scope (the same answer)."""
    if not isinstance(source, models.QuerySet):
        # A page showing one object shows what it hangs from: the model names it once.
        related = getattr(source, "scope_related", ())
        manager = source._default_manager
        source = manager.select_related(*related) if related else manager.all()
    qs = visible_to(user, source)
    try:
        return qs.get(**lookup)
    except (ObjectDoesNotExist, ValueError):  # a number that is no number is no row either
        raise Http404(f"no such {qs.model._meta.verbose_name} in your scope") from None
