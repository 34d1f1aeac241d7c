from django.urls import path

from huanjie.handover import views

app_name = "handover"

urlpatterns = [
    path("handovers/", views.handover_list, name="list"),
    path("elections/<int:pk>/handover/", views.election_handover, name="election"),
    path("handovers/<int:pk>/", views.handover, name="handover"),
    path("handovers/<int:pk>/items/", views.add_item, name="add_item"),
    path("handovers/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("handovers/<int:pk>/list.pdf", views.handover_pdf, name="pdf"),
    path("handover-items/<int:pk>/", views.update_item, name="item"),
]
