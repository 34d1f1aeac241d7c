from django.urls import path

from huanjie.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary.<str:fmt>", views.summary, name="summary"),
    path("tables.xlsx", views.tables, name="tables"),
    path("previous-term/", views.previous, name="previous"),
    path("previous-term/template.xlsx", views.previous_template, name="previous_template"),
]
