from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "huanjie.reports"
    verbose_name = _("Statistics and the work summary")

    def ready(self) -> None:
        # The province summary's job kinds register themselves, as huanjie.jobs.kinds' do.
        from huanjie.reports import province_jobs  # noqa: F401
