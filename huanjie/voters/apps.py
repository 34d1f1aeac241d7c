from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "huanjie.voters"
    verbose_name = _("Residents and voters")

    def ready(self) -> None:
        # The voter import's background job kind registers itself (huanjie.jobs.registry).
        from huanjie.voters import jobs  # noqa: F401
