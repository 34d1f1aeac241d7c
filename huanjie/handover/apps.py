from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "huanjie.handover"
    verbose_name = _("Handover")
