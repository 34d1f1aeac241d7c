from django.urls import path

from huanjie.voters.views import picker, published, roll

app_name = "voters"

urlpatterns = [
    path("template.xlsx", roll.import_template, name="template"),
    path("elections/<int:pk>/", roll.roll, name="roll"),
    path("elections/<int:pk>/build/", roll.build_roll, name="build"),
    path("elections/<int:pk>/add/", roll.add_voter, name="add"),
    path("elections/<int:pk>/import/", roll.import_voters, name="import"),
    path("elections/<int:pk>/import/errors.xlsx", roll.import_report, name="import_report"),
    path("elections/<int:pk>/list/", published.published_list, name="list"),
    path("elections/<int:pk>/list.pdf", published.list_pdf, name="list_pdf"),
    path("elections/<int:pk>/supplement.pdf", published.supplementary_pdf, name="supplementary_pdf"),
    path("elections/<int:pk>/cards.pdf", published.cards_pdf, name="cards_pdf"),
    path("elections/<int:pk>/objections/", published.objections, name="objections"),
    path("objections/<int:pk>/decide/", published.decide_objection, name="decide_objection"),
    path("voters/<int:pk>/", roll.voter, name="voter"),
    path("voters/<int:pk>/remove/", roll.remove_voter, name="remove"),
    path("units/<str:code>/residents/", picker.pick_resident, name="pick_resident"),
]
