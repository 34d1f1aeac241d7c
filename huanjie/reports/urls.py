from django.urls import path

from huanjie.reports import province, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("province/", province.province, name="province"),
    path("province.xlsx", province.province_xlsx, name="province_xlsx"),
    path("summary.<str:fmt>", views.summary, name="summary"),
    path("tables.xlsx", views.tables, name="tables"),
    path("previous-term/", views.previous, name="previous"),
    path("previous-term/template.xlsx", views.previous_template, name="previous_template"),
    path("people-to-resolve/", views.people, name="people"),
    path("people-to-resolve/<str:kind>/<int:pk>/", views.resolve_person, name="resolve_person"),
]
