"""The action mechanism (core.actions): the actor, capability and scope, one transaction, exactly one
audit event, publication events and on-commit hooks."""

from __future__ import annotations

from typing import Any

import pytest

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.auditlog.models import Event
from huanjie.core import actions
from huanjie.core.actions import SYSTEM, ActionMiscount, action, audit, publish, unchanged
from huanjie.core.errors import NotAllowed
from huanjie.units.models import Division

hooked: list[str] = []


def _hook(division: Division) -> None:
    hooked.append(division.code)


@action(
    "test.rename",
    capability=Capability.EDIT_UNITS,
    scope=lambda division: division,
    on_commit=[_hook],
)
def rename(division: Division, *, name: str, events: int = 1, public: bool = False, actor: Any) -> None:
    division.name = name
    division.save(update_fields=["name"])
    for _ in range(events):
        audit(division, after={"name": name})
    if public:
        publish("divisions")
    if events == 0 and name == division.name and public is False and name.endswith("="):
        unchanged()


def _names(code: str) -> str:
    return Division.objects.get(code=code).name


def test_it_records_one_event_with_the_objects_division_path(tree: dict[str, Division], admin: User) -> None:
    street = tree["Qingbaishi Street"]
    rename(street, name="新名", actor=admin)
    event = Event.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.division_path, event.actor_id) == ("test.rename", street.path, admin.pk)
    assert _names(street.code) == "新名"


def test_it_refuses_none_as_the_actor(tree: dict[str, Division]) -> None:
    with pytest.raises(TypeError, match="SYSTEM"):
        rename(tree["Qingbaishi Street"], name="x", actor=None)
    assert _names(tree["Qingbaishi Street"].code) == "青白石街道"


def test_the_system_passes_and_is_named(tree: dict[str, Division]) -> None:
    rename(tree["Xiyuan Street"], name="西园", actor=SYSTEM)
    event = Event.objects.order_by("-seq").first()
    assert event is not None and event.actor_id is None and event.actor_name == "system"


def test_it_checks_the_capability_and_the_scope(
    tree: dict[str, Division], officer: User, inspector: User
) -> None:
    with pytest.raises(NotAllowed, match="角色"):
        rename(tree["Qingbaishi Street"], name="x", actor=inspector)  # no EDIT_UNITS
    with pytest.raises(NotAllowed, match="范围"):
        rename(tree["Donggang Street"], name="x", actor=officer)  # another street
    assert _names(tree["Donggang Street"].code) == "东岗街道"
    rename(tree["Shigou Village"], name="石沟", actor=officer)  # below their street: allowed


@pytest.mark.parametrize("events", [0, 2])
def test_a_miscount_rolls_the_whole_action_back(tree: dict[str, Division], admin: User, events: int) -> None:
    before = Event.objects.count()
    seen: list[str] = []

    def expected(frame: actions.Frame) -> None:
        # seen and checked here, before the autouse counter (tests/conftest.py) would fail the test on it
        seen.append(frame.miscount)
        frame.miscount = ""

    actions.observers.insert(0, expected)
    try:
        with pytest.raises(ActionMiscount, match=f"recorded {events} audit events"):
            rename(tree["Qingbaishi Street"], name="x", events=events, actor=admin)
    finally:
        actions.observers.remove(expected)
    assert len(seen) == 1 and seen[0]
    assert _names(tree["Qingbaishi Street"].code) == "青白石街道"
    assert Event.objects.count() == before


def test_an_action_that_changed_nothing_says_so(tree: dict[str, Division], admin: User) -> None:
    street = tree["Qingbaishi Street"]
    before = Event.objects.count()
    rename(street, name="同名=", events=0, actor=admin)
    assert Event.objects.count() == before


def test_it_runs_its_hooks_after_the_commit(
    tree: dict[str, Division], admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    hooked.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rename(tree["Shigou Village"], name="石沟", actor=admin)
        assert hooked == []
    assert hooked == [tree["Shigou Village"].code]


def test_it_sends_the_publication_events_it_declares(tree: dict[str, Division], admin: User) -> None:
    sent: list[tuple[str, str]] = []

    def receive(sender: str, what: str, **kwargs: Any) -> None:
        sent.append((sender, what))

    actions.published.connect(receive)
    try:
        rename(tree["Shigou Village"], name="石沟", actor=admin)
        assert sent == []
        rename(tree["Shigou Village"], name="石沟村", public=True, actor=admin)
        assert sent == [("test.rename", "divisions")]
    finally:
        actions.published.disconnect(receive)


def test_actions_may_call_actions_each_counting_its_own(tree: dict[str, Division], admin: User) -> None:
    @action("test.both", capability=None)
    def both(first: Division, second: Division, *, actor: Any) -> None:
        rename(first, name="一", actor=actor)
        rename(second, name="二", actor=actor)
        audit(first)

    before = Event.objects.count()
    both(tree["Shigou Village"], tree["Shangping Village"], actor=admin)
    assert Event.objects.count() == before + 3


def test_a_publication_happens_where_its_events_are(tree: dict[str, Division], admin: User) -> None:
    """`Frame.place`: the division holding the action's event and those of the actions it called."""
    places: list[str] = []

    def receive(sender: str, what: str, frame: actions.Frame, **kwargs: Any) -> None:
        places.append(frame.place)

    @action("test.pair", capability=None, public="divisions")
    def pair(first: Division, second: Division, *, actor: Any) -> None:
        rename(first, name=first.name, actor=actor)
        rename(second, name=second.name, actor=actor)
        audit(first, division_path=first.path)

    actions.published.connect(receive)
    try:
        rename(tree["Shigou Village"], name="石沟村", public=True, actor=admin)
        pair(tree["Shigou Village"], tree["Shangping Village"], actor=admin)  # one street
        pair(tree["Shigou Village"], tree["Changwa Village"], actor=admin)  # two streets of one district
    finally:
        actions.published.disconnect(receive)
    assert places == [
        tree["Shigou Village"].path,
        tree["Qingbaishi Street"].path,
        tree["Chengguan"].path,
    ]
    frame = actions.Frame("f", "e", SYSTEM, None, paths=["620000000000/", ""])
    assert frame.place == ""  # an event with no place: anywhere
    assert actions.Frame("f", "e", SYSTEM, tree["Shigou Village"]).place == tree["Shigou Village"].path
    assert actions.Frame("f", "e", SYSTEM, None).place == ""
