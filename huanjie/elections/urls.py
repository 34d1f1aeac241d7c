from django.urls import path

from huanjie.elections.views import election, oversight, overview, rounds

app_name = "elections"

urlpatterns = [
    path("rounds/", rounds.rounds, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/overview/", overview.overview, name="overview"),
    path("rounds/<int:pk>/", rounds.round_progress, name="round"),
    path("rounds/<int:pk>/streets/<str:code>/", rounds.street_matrix, name="street"),
    path("rounds/<int:pk>/schedule/", oversight.schedule, name="schedule"),
    path("rounds/<int:pk>/alerts/", oversight.alerts, name="alerts"),
    path("rounds/<int:pk>/findings/", oversight.findings, name="findings"),
    path("rounds/<int:pk>/progress.xlsx", oversight.export_progress, name="export"),
    path("findings/<int:pk>/close/", oversight.close_finding, name="close_finding"),
    path("elections/<int:pk>/", election.election, name="election"),
    path("elections/<int:pk>/day/", election.set_day, name="set_day"),
    path("elections/<int:pk>/day-change/", election.request_day_change, name="request_day_change"),
    path("day-changes/<int:pk>/decide/", election.decide_day_change, name="decide_day_change"),
    path("stages/<int:pk>/complete/", election.complete_stage, name="complete_stage"),
    path("stages/<int:pk>/evidence/", election.attach_evidence, name="attach_evidence"),
    path("evidence/<int:pk>/", election.evidence_file, name="evidence"),
    path("notices/<int:pk>/", election.notice, name="notice"),
]
