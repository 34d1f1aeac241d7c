"""Template helpers of the office's home pages: a stage's name, and the pages where its work is done and
recorded (office/homes.py)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def stagename(key: str | None) -> str:
    """A stage by its name in the page's language."""
    from huanjie.elections.stages import label

    return str(label(key or ""))


@register.filter
def complete_url(stage: object) -> str:
    """The page whose form records this stage as done (office/homes.py)."""
    from huanjie.elections.models import ElectionStage
    from huanjie.office.homes import complete_url as url

    return url(stage) if isinstance(stage, ElectionStage) else ""


@register.filter
def work_url(stage: object) -> str:
    """The page where this stage's work is done, when it is not where it is recorded."""
    from huanjie.elections.models import ElectionStage
    from huanjie.office.homes import work_url as url

    return url(stage) if isinstance(stage, ElectionStage) else ""
