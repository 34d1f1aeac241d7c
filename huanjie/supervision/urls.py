from django.urls import path

from huanjie.supervision.views import group, index, inspections, petitions, plans, publicity, training

app_name = "supervision"

urlpatterns = [
    path("", index.index, name="index"),
    path("agenda/", index.agenda, name="agenda"),
    path("group/", group.group, name="group"),
    path("group/members/<int:pk>/remove/", group.member_remove, name="member_remove"),
    path("contacts/", group.contacts, name="contacts"),
    path("liaison/", group.liaison, name="liaison"),
    path("liaison/<int:pk>/", group.liaison_officer, name="liaison_officer"),
    path("plans/", plans.work_plans, name="work_plans"),
    path("plans/<int:pk>/", plans.work_plan, name="work_plan"),
    path("deadlines/", plans.deadlines, name="deadlines"),
    path("deadlines/<int:pk>/", plans.deadline, name="deadline"),
    path("training/", training.trainings, name="trainings"),
    path("training/<int:pk>/", training.training, name="training"),
    path("training/staff/", training.staff, name="staff"),
    path("training/coverage/", training.coverage, name="coverage"),
    path("publicity/", publicity.publicity, name="publicity"),
    path("publicity/<int:pk>/", publicity.publicity_item, name="publicity_item"),
    path("teams/", inspections.teams, name="teams"),
    path("teams/<int:pk>/", inspections.team, name="team"),
    path("teams/<int:pk>/report/", inspections.team_report, name="team_report"),
    path("visits/<int:pk>/", inspections.visit, name="visit"),
    path("findings/", inspections.findings, name="findings"),
    path("findings/<int:pk>/", inspections.finding, name="finding"),
    path("petitions/", petitions.petitions, name="petitions"),
    path("petitions/watch/", petitions.watch_list, name="watch_list"),
    path("petitions/<int:pk>/", petitions.petition, name="petition"),
]
