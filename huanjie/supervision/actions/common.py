"""What the leading group's actions share: the refusal messages and the checks of text, dates, levels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, check
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.units.models import Division, Level

ADMIN_ONLY = gettext_lazy("Only the leading group's office (a district administrator) may do this.")


def _organiser(actor: Actor, division: Division, message: str) -> None:
    """The district's own training and publicity are the leading group's office's; a street's or a
    unit's, of those who edit it."""
    if division.level == Level.DISTRICT:
        check(actor, Capability.LEAD_GROUP, None, message)
    else:
        check(actor, Capability.EDIT_UNITS, division, message, message)


def _text(value: str, field: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ActionError(_("%(label)s is empty.") % {"label": label}, field=field)
    return value


def _in_round(rnd: Round, division: Division, field: str = "division") -> None:
    if not division.path.startswith(rnd.district.path):
        raise ActionError(
            _("%(name)s is not in this round's district.") % {"name": division.name}, field=field
        )


def _level(division: Division, levels: Iterable[str], field: str = "division") -> None:
    if division.level not in levels:
        raise ActionError(
            _("%(name)s is not a %(levels)s.")
            % {"name": division.name, "levels": " / ".join(str(Level(lv).label) for lv in levels)},
            field=field,
        )


def _order(first: dt.date | None, then: dt.date | None, field: str, message: str) -> None:
    if first is not None and then is not None and then < first:
        raise ActionError(message, field=field)
