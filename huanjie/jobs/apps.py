from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "huanjie.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # The job kinds register themselves; a worker and the web process both need the whole registry.
        from huanjie.jobs import kinds, province_summary  # noqa: F401
