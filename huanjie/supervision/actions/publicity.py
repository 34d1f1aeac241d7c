"""Publicity: what was put up, where, with its photographs."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.supervision.actions.common import _in_round, _order, _organiser
from huanjie.supervision.files import check_upload
from huanjie.supervision.models import (
    Publicity,
    PublicityPhoto,
)
from huanjie.units.models import Division


@action("supervision.publicity.record", capability=None)
def do_record_publicity(
    rnd: Round,
    *,
    division: Division,
    kind: str,
    count: int,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    place: str = "",
    description: str = "",
    actor: Actor,
) -> Publicity:
    _in_round(rnd, division)
    _organiser(actor, division, _("You may record publicity only in your own street or unit."))
    if kind not in Publicity.Kind.values:
        raise ActionError(_("Unknown kind of publicity."), field="kind")
    if count < 1:
        raise ActionError(_("The count must be at least 1."), field="count")
    _order(started_on, ended_on, "ended_on", _("The end date is before the start date."))
    item = Publicity.objects.create(
        round=rnd, division=division, kind=kind, count=count, started_on=started_on, ended_on=ended_on,
        place=place.strip(), description=description.strip(), created_by=user_of(actor),
    )  # fmt: skip
    audit(
        obj=item, division_path=division.path,
        after={"division": division.code, "kind": kind, "count": count, "started_on": started_on,
               "ended_on": ended_on, "place": item.place},
    )  # fmt: skip
    return item


@action("supervision.publicity.photo", capability=None)
def do_add_publicity_photo(item: Publicity, *, filename: str, data: bytes, actor: Actor) -> PublicityPhoto:
    _organiser(actor, item.division, _("You may record publicity only in your own street or unit."))
    upload = check_upload(filename, data, photo=True)
    photo = PublicityPhoto(
        publicity=item, original_name=upload.name, content_type=upload.content_type, size=len(data),
        sha256=upload.sha256, uploaded_by=user_of(actor),
    )  # fmt: skip
    photo.file.save(upload.sha256, ContentFile(upload.data), save=False)
    photo.save()
    audit(
        obj=photo, division_path=item.division.path,
        after={"publicity": item.pk, "name": upload.name, "sha256": upload.sha256, "size": len(data)},
    )  # fmt: skip
    return photo
