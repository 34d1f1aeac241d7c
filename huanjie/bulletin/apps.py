from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "huanjie.bulletin"
    label = "bulletin"
    verbose_name = "Public bulletin"

    def ready(self) -> None:
        from huanjie.bulletin import publications  # noqa: F401  (publication events open editions)
