from django.urls import path

from huanjie.party import views

app_name = "party"

urlpatterns = [
    path("elections/<int:pk>/party/", views.party, name="party"),
    path("elections/<int:pk>/party/members/", views.add_member, name="add_member"),
    path("elections/<int:pk>/party/import/", views.import_members, name="import_members"),
    path("elections/<int:pk>/party/candidates/", views.candidates, name="candidates"),
    path(
        "elections/<int:pk>/party/candidates/approval/", views.approve_candidates, name="approve_candidates"
    ),
    path("elections/<int:pk>/party/attendance/", views.attendance, name="attendance"),
    path("elections/<int:pk>/party/assembly/", views.assembly, name="assembly"),
    path("elections/<int:pk>/party/plenary/", views.plenary, name="plenary"),
    path("elections/<int:pk>/party/result-approval/", views.approve_result, name="approve_result"),
    path("elections/<int:pk>/party/elected-details/", views.elected_details, name="elected_details"),
    path("party-members/<int:pk>/", views.member, name="member"),
    path("party-members/<int:pk>/exclusion/", views.exclusion, name="exclusion"),
]
