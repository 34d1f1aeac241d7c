from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "huanjie.bulletin"
    label = "bulletin"
    verbose_name = "Public bulletin"
