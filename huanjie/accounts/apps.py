from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "huanjie.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from huanjie.accounts import signals  # noqa: F401  (login and logout audit events)
