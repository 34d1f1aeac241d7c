from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditlogConfig(AppConfig):
    name = "huanjie.auditlog"
    verbose_name = _("Audit log")
