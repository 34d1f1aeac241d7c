"""The resident picker's own GET form (huanjie/voters/picker.py): placed outside the page's POST form,
since forms cannot nest; the picker's search box and button belong to it by their `form` attribute, so
that "Find" works without JavaScript."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def resident_search_form(field: BoundField) -> str:
    anchor = f"{field.auto_id}_picker"
    return format_html('<form id="{}_search" method="get" action="#{}"></form>', field.auto_id, anchor)
