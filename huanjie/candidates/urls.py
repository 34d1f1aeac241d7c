from django.urls import path

from huanjie.candidates.views import nomination, review

app_name = "candidates"

urlpatterns = [
    path("elections/<int:pk>/candidates/", nomination.candidates, name="candidates"),
    path("elections/<int:pk>/candidates/seats/", nomination.set_seats, name="seats"),
    path("elections/<int:pk>/candidates/meeting/", nomination.record_meeting, name="meeting"),
    path("elections/<int:pk>/candidates/form/", nomination.record_form, name="form"),
    path("elections/<int:pk>/candidates/committee/", nomination.add_member, name="add_member"),
    path("elections/<int:pk>/candidates/publish/", nomination.publish, name="publish"),
    path("nominations/<int:pk>/withdraw/", nomination.withdraw, name="withdraw"),
    path("committee-members/<int:pk>/leave/", nomination.leave, name="leave"),
    path("elections/<int:pk>/review/", review.review, name="review"),
    path("elections/<int:pk>/review/override/", review.override, name="override"),
    path("elections/<int:pk>/assessment/", review.assessment, name="assessment"),
    path("rounds/<int:pk>/assessments/", review.round_assessments, name="round_assessments"),
    path("rounds/<int:pk>/assessments/assign/", review.assign, name="assign"),
]
