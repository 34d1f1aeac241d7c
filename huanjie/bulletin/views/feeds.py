"""Atom feeds of the notices: one per district and one per unit, in Chinese and in English.

A notice is plain text, so its summary is declared `type="text"` (Django's generator declares HTML, which a
reader would interpret: `&lt;b&gt;` typed in a notice would show as bold). Characters XML cannot carry — a
control character or NUL in a notice or a unit's name — are shown as U+FFFD instead of failing the feed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from huanjie.bulletin import public, qr
from huanjie.bulletin.cache import public_page
from huanjie.bulletin.templatetags.bulletin import url_name
from huanjie.core.export import clean_text
from huanjie.elections.models import Notice
from huanjie.units.models import Division, Level

FEED_ITEMS = 50


class TextAtomFeed(Atom1Feed):
    """Atom with the summary as plain text."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        summary = item.pop("description", None)
        item["description"] = None
        super().add_item_elements(handler, item)
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


def atom(title: str, page: str, feed: str, items: QuerySet[Notice]) -> bytes:
    en = public.english()
    generator = TextAtomFeed(
        title=clean_text(title),
        link=qr.notice_address(page),
        description="",
        feed_url=qr.notice_address(feed),
        language="en" if en else "zh-CN",
        feed_guid=qr.notice_address(feed),
        author_name=_("Huanjie public bulletin"),
    )
    for notice in items[:FEED_ITEMS]:
        shown = public.shown(notice, en=en)
        link = qr.notice_address(reverse(url_name("notice"), args=[notice.pk]))
        generator.add_item(
            title=clean_text(shown.title),
            link=link,
            description=clean_text(shown.body),
            unique_id=f"urn:sha256:{notice.sha256}",
            pubdate=notice.published_at,
            updateddate=notice.published_at,
            author_name=clean_text(shown.issuer),
        )
    return generator.writeString("utf-8").encode("utf-8")


def _feed_response(content: bytes) -> HttpResponse:
    return HttpResponse(content, content_type="application/atom+xml; charset=utf-8")


@public_page()
def district_feed(request: HttpRequest, code: str) -> HttpResponse:
    division = Division.objects.filter(code=code, level=Level.DISTRICT).first()
    if division is None:
        raise Http404
    title = _("Notices of %(place)s") % {"place": division.display_name("en" if public.english() else "zh")}
    return _feed_response(
        atom(
            title,
            reverse(url_name("district"), args=[code]),
            reverse(url_name("district_feed"), args=[code]),
            public.notices().filter(round__district=division),
        )
    )


@public_page()
def unit_feed(request: HttpRequest, code: str) -> HttpResponse:
    division = Division.objects.filter(code=code, level=Level.UNIT).first()
    if division is None:
        raise Http404
    title = _("Notices of %(place)s") % {"place": division.display_name("en" if public.english() else "zh")}
    return _feed_response(
        atom(
            title,
            reverse(url_name("unit"), args=[code]),
            reverse(url_name("unit_feed"), args=[code]),
            public.notices().filter(unit=division),
        )
    )
