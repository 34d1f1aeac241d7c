from django.urls import path

from huanjie.polling.views import pages

app_name = "polling"

urlpatterns = [
    path("elections/<int:pk>/polling/", pages.polling, name="polling"),
    path("voting-rounds/<int:pk>/", pages.voting_round, name="round"),
    path("voting-rounds/<int:pk>/count/", pages.count_round, name="count"),
    path("voting-rounds/<int:pk>/follow-up/", pages.follow_up, name="follow_up"),
    path("boxes/<int:pk>/tally/", pages.enter_tally, name="tally"),
    path("boxes/<int:pk>/release/", pages.release_box, name="release"),
    path("elected/<int:pk>/", pages.elected, name="elected"),
]
