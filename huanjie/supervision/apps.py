from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "huanjie.supervision"
    verbose_name = _("Leading group")

    def ready(self) -> None:
        # Registers the review checks that read this app's records (elections.review imports nothing of ours).
        from huanjie.supervision import checks  # noqa: F401
