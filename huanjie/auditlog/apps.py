from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditlogConfig(AppConfig):
    name = "huanjie.auditlog"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Every action's one event is written by this app's `record` (huanjie/core/actions.py).
        from huanjie.auditlog.record import record
        from huanjie.core.actions import use_recorder

        use_recorder(record)
