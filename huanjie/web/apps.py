from django.apps import AppConfig


class WebConfig(AppConfig):
    """Installed for its template library (`{% load huanjie %}`), which every app's templates use."""

    name = "huanjie.web"
    label = "web"
