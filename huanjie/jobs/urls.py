from django.urls import path

from huanjie.jobs import province_summary, views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/result/", views.job_result, name="result"),
    path("<int:pk>/cancel/", views.cancel_job, name="cancel"),
    path("<int:pk>/retry/", views.retry_job, name="retry"),
    path("start/summary/", views.start_summary, name="start_summary"),
    path("start/tables/", views.start_tables, name="start_tables"),
    path("start/publish/", views.start_publish, name="start_publish"),
    path("start/province-summary/", province_summary.start, name="start_province_summary"),
    path("start/<str:kind>/", views.start_scope_job, name="start"),
]
