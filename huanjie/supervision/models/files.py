"""Where the supervision's uploaded files are kept: a content-addressed path under the round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from huanjie.supervision.models.plans import WorkPlan
    from huanjie.supervision.models.publicity import PublicityPhoto
    from huanjie.supervision.models.training import Training


def upload_path(kind: str, instance: models.Model, sha256: str) -> str:
    rnd = getattr(instance, "round_id", None) or "x"
    return f"supervision/{rnd}/{kind}/{sha256}"


def plan_path(instance: WorkPlan, filename: str) -> str:
    return upload_path("plans", instance, instance.sha256)


def materials_path(instance: Training, filename: str) -> str:
    return upload_path("training", instance, instance.materials_sha256)


def photo_path(instance: PublicityPhoto, filename: str) -> str:
    return f"supervision/{instance.publicity.round_id}/publicity/{instance.sha256}"
