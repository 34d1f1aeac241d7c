from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("office/supervision/", include("huanjie.supervision.urls")),
    path("office/", include("huanjie.elections.urls")),
    path("office/", include("huanjie.office.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public bulletin takes "/" when it lands; until then the root leads to the office.
    path("", RedirectView.as_view(pattern_name="office:home", permanent=False)),
]
