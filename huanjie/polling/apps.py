from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollingConfig(AppConfig):
    name = "huanjie.polling"
    verbose_name = _("Polling and counting")

    def ready(self) -> None:
        # Registers the result stage's check on provisional results (elections imports nothing of ours).
        from huanjie.polling import checks  # noqa: F401
