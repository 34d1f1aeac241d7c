from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "huanjie.bulletin"
    label = "bulletin"
    verbose_name = "Public bulletin"

    def ready(self) -> None:
        from huanjie.bulletin import cache  # noqa: F401  (the edition moves on with publication events)
