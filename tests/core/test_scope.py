"""core/scope.py, the one way to see: every scoped model's declaration compiles, and the three reaches
answer as the leading group's rules and the 404-not-403 rule say."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Model
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.core.scope import Reach, ancestor_paths, get_visible, in_scope, reach_q, scope_q, visible_to
from huanjie.units.models import Division, Level


def _scoped_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if getattr(m, "scope_path", None)]


def test_ancestor_paths_are_the_division_and_those_above() -> None:
    assert ancestor_paths("D01/S03/U12/") == ["D01/", "D01/S03/", "D01/S03/U12/"]
    assert ancestor_paths("") == []


def test_enough_models_declare_a_scope() -> None:
    names = {m.__name__ for m in _scoped_models()}
    assert {"Division", "Round", "Election", "Voter", "Petition", "Visit", "VotingRound", "User"} <= names


@pytest.mark.django_db
def test_every_declaration_is_a_lookup_that_runs(clerk: User) -> None:
    for model in _scoped_models():
        list(visible_to(clerk, model)[:1])  # a wrong lookup raises FieldError here
        for related in getattr(model, "scope_related", ()):
            list(model._default_manager.select_related(related)[:1])


def test_a_model_without_a_declaration_is_refused() -> None:
    from huanjie.auditlog.models import ChainHead

    with pytest.raises(TypeError, match="declares no scope_path"):
        scope_q(ChainHead, None)


@pytest.mark.django_db
def test_below_the_scope_only(tree: dict[str, Division], officer: User, outsider: User) -> None:
    shigou = tree["Shigou Village"]
    assert get_visible(officer, Division, code=shigou.code) == shigou
    with pytest.raises(Http404):
        get_visible(outsider, Division, code=shigou.code)
    assert set(Division.objects.visible_to(officer).filter(level=Level.UNIT)) == {
        tree["Shigou Village"],
        tree["Shangping Village"],
        tree["Jincheng Community"],
    }
    assert in_scope(officer, shigou) and not in_scope(outsider, shigou)


@pytest.mark.django_db
def test_a_lookup_that_is_no_number_is_a_404_too(officer: User) -> None:
    with pytest.raises(Http404):
        get_visible(officer, Division, pk="not-a-number")


@pytest.mark.django_db
def test_nobody_without_a_scope_sees_anything(tree: dict[str, Division], officer: User) -> None:
    officer.is_active = False
    assert not Division.objects.visible_to(officer).exists()
    assert not Division.objects.visible_to(None).exists()


@pytest.mark.django_db
def test_the_reaches(tree: dict[str, Division], clerk: User) -> None:
    def paths(reach: Reach) -> set[str]:
        return set(Division.objects.filter(reach_q(clerk, "path", reach)).values_list("name_en", flat=True))

    assert paths(Reach.BELOW) == {"Shigou Village"}
    assert paths(Reach.ABOVE) >= {"Shigou Village", "Qingbaishi Street", "Chengguan"}
    assert "Donggang Street" not in paths(Reach.ABOVE) | paths(Reach.AROUND)
    assert paths(Reach.AROUND) == paths(Reach.BELOW) | paths(Reach.ABOVE)


@pytest.mark.django_db
def test_a_capability_on_top_of_the_scope(tree: dict[str, Division], admin: User, clerk: User) -> None:
    # Accounts are visible only to those who manage them (User.scope_capability = "manage_accounts").
    assert visible_to(admin, User).filter(pk=clerk.pk).exists()
    assert not visible_to(clerk, User).exists()
    with pytest.raises(Http404):
        get_visible(clerk, User, pk=clerk.pk)
