"""One way to act: every write in Huanjie is a function decorated with `@action` (DESIGN.md rule 2).

The decorator does, once, what each action used to retype by hand:

- the actor is explicit: a signed-in `User`, or a `SystemActor` (`SYSTEM` for the demo builders,
  migrations and management commands). `actor=None` is refused — it used to mean "skip every check";
- the actor's capability (accounts/roles.py) and the scope of the object acted on (its division lies
  under the actor's scope division) are checked before anything is read for writing; a refusal is the
  `NotAllowed` the apps raised before, which views show beside the form;
- the whole action runs in one `transaction.atomic()`;
- it records exactly one audit event — counted on the way out: none or two roll the transaction back
  with `ActionMiscount` (in production too: an unaudited write is refused, never let through). An action
  that found nothing to change says so with `unchanged()` and records none;
- `audit(...)` writes that event with the action's name, its actor and the division path of the object;
- the hooks it declares run once the transaction commits (`on_commit`: e.g. the progress snapshot), and
  the public content it changes is announced by an explicit publication event (`public=`, or
  `publish(...)` in the body when it depends on what happened), on which the bulletin's page cache moves
  to a new edition. Writes that change no public page — sign-ins, accounts, the office's own records —
  never empty the cache.

Actions may call other actions: each call is its own frame and counts its own event.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeIs, TypeVar

from django.db import models, transaction
from django.dispatch import Signal
from django.utils.functional import Promise

from huanjie.core.errors import NotAllowed
from huanjie.core.replica import note_write

if TYPE_CHECKING:
    from huanjie.accounts.models import User
    from huanjie.auditlog.models import Event
    from huanjie.core.capabilities import Capability
    from huanjie.units.models import Division

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class SystemActor:
    """Huanjie itself acting: the demo builders, migrations and management commands. It passes the
    capability and scope checks and is recorded under its name."""

    name: str = "system"
    is_authenticated = False  # so that code reading a user's attributes never mistakes it for one

    def __str__(self) -> str:
        return self.name


SYSTEM = SystemActor()

type Actor = User | SystemActor


def is_system(actor: object) -> TypeIs[SystemActor]:
    return isinstance(actor, SystemActor)


def user_of(actor: Actor) -> User | None:
    """The account to store where a row says who did it (`created_by`): none for the system."""
    return None if is_system(actor) else actor


class ActionMiscount(RuntimeError):
    """An action that recorded no audit event, or more than one: its transaction is rolled back."""


# Sent inside the action's transaction when it changed public content; `what` names it ("notices",
# "results", "voter list" …), `frame` the action (its `place`: where). The bulletin records it
# (bulletin/publications.py): the page cache moves to a new edition, the static publisher rewrites the
# street it happened in.
published = Signal()


@dataclass
class Frame:
    name: str  # the action function's qualified name
    event: str  # the audit event it records, e.g. "handover.open"
    actor: Any
    division: Division | None
    events: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    nothing: bool = False
    nested: list[str] = field(default_factory=list)  # the events of the actions it called, done
    paths: list[str] = field(default_factory=list)  # the division paths of the events it recorded
    nested_paths: list[str] = field(default_factory=list)  # and of those of the actions it called
    miscount: str = ""  # set when it recorded no event or more than one

    @property
    def place(self) -> str:
        """Where its publication happened: the division path ("<code>/<code>/…/") that holds the events it
        recorded and those of the actions it called (their nearest common division), else the object it
        acted on; "" for none or for events with no place (e.g. an import: anywhere)."""
        paths = self.paths + self.nested_paths
        if not paths:
            return self.division.path if self.division is not None else ""
        if "" in paths:
            return ""
        common = paths[0].split("/")[:-1]
        for path in paths[1:]:
            codes = path.split("/")[:-1]
            n = 0
            while n < min(len(common), len(codes)) and common[n] == codes[n]:
                n += 1
            common = common[:n]
        return "".join(f"{code}/" for code in common)


_local = threading.local()


def _stack() -> list[Frame]:
    stack: list[Frame] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def current() -> Frame | None:
    """The innermost action running on this thread, or None outside every action."""
    stack = _stack()
    return stack[-1] if stack else None


# Tests install an observer (tests/conftest.py) that sees every frame on exit, even one whose
# ActionMiscount a caller swallowed.
observers: list[Callable[[Frame], None]] = []


def counted(event: Event) -> None:
    """Called by auditlog.record for each event it writes: the innermost action counts it."""
    frame = current()
    if frame is not None:
        frame.events.append(event.action)
        frame.paths.append(event.division_path)


def unchanged() -> None:
    """The running action found nothing to change (e.g. the same days set again): it records no event."""
    frame = current()
    if frame is None:
        raise RuntimeError("unchanged() is called inside an action")
    frame.nothing = True


def publish(what: str) -> None:
    """The running action changed public content (when that depends on what it did)."""
    frame = current()
    if frame is None:
        raise RuntimeError("publish() is called inside an action")
    frame.public.append(what)


def audit(
    obj: models.Model | None = None,
    *,
    event: str = "",
    division_path: str | None = None,
    **fields: Any,
) -> Event:
    """Record the running action's event: its name, actor and the division path of the object acted on,
    unless given; the rest (before, after, object_type, object_repr …) as auditlog.record takes them."""
    frame = current()
    if frame is None:
        raise RuntimeError("audit() is called inside an action")
    if _recorder is None:
        raise RuntimeError("no audit recorder: huanjie.auditlog is not installed")
    if division_path is None:
        division_path = frame.division.path if frame.division is not None else ""
    return _recorder(event or frame.event, actor=frame.actor, obj=obj, division_path=division_path, **fields)


# The audit log's `record`, registered by huanjie.auditlog when the apps load (AuditlogConfig.ready):
# `core` stays below every app (tests/contracts/test_layout.py), and the log, which counts each event it
# writes into the running action (`counted`), depends on this module and not the other way round.
_recorder: Callable[..., Event] | None = None


def use_recorder(record: Callable[..., Event]) -> None:
    global _recorder
    _recorder = record


def check(
    actor: Any,
    capability: Capability | None,
    division: Division | None,
    denied: str | None = None,
    outside: str | None = None,
) -> None:
    """The actor's capability and scope; `NotAllowed` otherwise. The system passes."""
    from django.utils.translation import gettext as _

    from huanjie.core.scope import in_scope

    if actor is None:
        raise TypeError("actor=None: pass the user, or huanjie.core.actions.SYSTEM for the system")
    if is_system(actor):
        return
    # A user is asked what their role may do (User.has_capability reads accounts/roles.py): no app import.
    if not callable(getattr(actor, "has_capability", None)):
        raise TypeError(f"an action's actor is a User or a SystemActor, not {type(actor).__name__}")
    if capability is not None and not actor.has_capability(capability):
        raise NotAllowed(denied or _("Your role may not do this."))
    if division is not None and not in_scope(actor, division):
        raise NotAllowed(outside or _("That is outside your scope."))


def action(
    event: str,
    *,
    capability: Capability | None,
    scope: Callable[[Any], Division | None] | None = None,
    on: str = "",
    public: str = "",
    on_commit: Sequence[Callable[[Any], None]] = (),
    denied: str | Promise | None = None,
    outside: str | Promise | None = None,
    actor: str = "actor",
    delegates: bool = False,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a function an action recording `event`.

    `capability`: what the actor's role must be able to do (None: any signed-in role; the action checks
    what it must itself, e.g. "only the account's own user").
    `scope`: from the object acted on — the argument named `on`, else the first — to its division; the
    actor's scope must contain it. None: the action has no single object (an import checks each row).
    `public`: the public content it changes, announced on success; `on_commit`: callables run with the
    object once the transaction commits. `denied` / `outside`: the refusal's message (a role without the
    capability / an object outside the scope) where it is not the usual one.
    `actor`: the parameter that names who acts, where it is not `actor` (a user changing their own
    password is `user`). `delegates`: its one event is that of the one action it calls (publishing the
    candidate list is completing its stage): it records none itself and calls exactly one.
    """
    actor_arg = actor

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        if actor_arg not in signature.parameters:
            raise TypeError(f"{fn.__qualname__}: an action takes its actor as `{actor_arg}`")
        target = on or next(iter(signature.parameters))

        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            who = bound.arguments[actor_arg]
            obj = bound.arguments.get(target)
            division = scope(obj) if scope is not None else None
            check(
                who, capability, division, str(denied) if denied else None, str(outside) if outside else None
            )
            frame = Frame(f"{fn.__module__}.{fn.__qualname__}", event, who, division)
            stack = _stack()
            stack.append(frame)
            try:
                with transaction.atomic():
                    result = fn(*args, **kwargs)
                    _settle(frame, public, delegates)
                    for hook in on_commit:
                        transaction.on_commit(functools.partial(hook, obj))
                    # The user who wrote reads their own write: the primary, not a lagging replica.
                    transaction.on_commit(note_write)
                if len(stack) > 1:
                    stack[-2].nested.append(event)
                    stack[-2].nested_paths.extend(frame.paths + frame.nested_paths)
            finally:
                stack.pop()
                for observe in observers:
                    observe(frame)
            return result

        return run

    return decorate


def _settle(frame: Frame, public: str, delegates: bool) -> None:
    """On the way out, inside the transaction: exactly one event, then the publication events."""
    count = len(frame.events)
    if delegates:
        if count or len(frame.nested) != 1:
            frame.miscount = (
                f"{frame.name} delegates its event to one action; it recorded {count} and called "
                f"{len(frame.nested)} ({', '.join(frame.nested) or 'none'})"
            )
            raise ActionMiscount(frame.miscount)
        count = 1
    elif count != 1 and not (count == 0 and frame.nothing):
        frame.miscount = (
            f"{frame.name} recorded {count} audit events ({', '.join(frame.events) or 'none'}); "
            "an action records exactly one"
        )
        raise ActionMiscount(frame.miscount)
    if count and public:
        frame.public.insert(0, public)
    for what in dict.fromkeys(frame.public):
        published.send(sender=frame.event, what=what, frame=frame)
