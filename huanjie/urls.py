from django.urls import include, path

from huanjie.jobs import monitoring

urlpatterns = [
    path("healthz", monitoring.health, name="health"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("office/supervision/", include("huanjie.supervision.urls")),
    path("office/voters/", include("huanjie.voters.urls")),
    path("office/", include("huanjie.elections.urls")),
    path("office/", include("huanjie.polling.urls")),
    path("office/", include("huanjie.candidates.urls")),
    path("office/", include("huanjie.party.urls")),
    path("office/", include("huanjie.handover.urls")),
    path("office/reports/", include("huanjie.reports.urls")),
    path("office/jobs/", include("huanjie.jobs.urls")),
    path("office/", include("huanjie.office.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public bulletin: no login, Chinese at "/", English under "/en/".
    path("", include("huanjie.bulletin.urls")),
]
