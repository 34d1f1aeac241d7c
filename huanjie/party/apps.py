from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "huanjie.party"
    verbose_name = _("Party organisation elections")
