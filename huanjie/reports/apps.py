from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "huanjie.reports"
    verbose_name = _("Statistics and the work summary")
