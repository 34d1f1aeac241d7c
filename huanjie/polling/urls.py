from django.urls import path

from huanjie.polling.views import elected, pages, papers, registers, voiding, writeins

app_name = "polling"

urlpatterns = [
    path("elections/<int:pk>/polling/", pages.polling, name="polling"),
    path("voting-rounds/<int:pk>/", pages.voting_round, name="round"),
    path("voting-rounds/<int:pk>/count/", pages.count_round, name="count"),
    path("voting-rounds/<int:pk>/follow-up/", pages.follow_up, name="follow_up"),
    path("boxes/<int:pk>/tally/", pages.enter_tally, name="tally"),
    path("voting-rounds/<int:pk>/write-ins/", writeins.write_ins, name="write_ins"),
    path("voting-rounds/<int:pk>/write-ins/<int:n>/", writeins.decide, name="decide_write_in"),
    path("elections/<int:pk>/ballot-lines/unresolved/", writeins.unresolved, name="unresolved"),
    path("boxes/<int:pk>/release/", pages.release_box, name="release"),
    path("elected/<int:pk>/", elected.elected, name="elected"),
    path("elections/<int:pk>/void/", voiding.void, name="void"),
    # Polling-day registers: stations, mobile boxes, officials, proxies.
    path("elections/<int:pk>/registers/", registers.registers, name="registers"),
    path("elections/<int:pk>/registers/stations/", registers.add_station, name="add_station"),
    path("elections/<int:pk>/registers/mobile-voters/", registers.add_mobile_voter, name="add_mobile_voter"),
    path("elections/<int:pk>/registers/officials/", registers.appoint_official, name="appoint_official"),
    path("elections/<int:pk>/registers/proxies/", registers.add_proxy, name="add_proxy"),
    path("elections/<int:pk>/registers/publish/", registers.publish_proxies, name="publish_proxies"),
    path("officials/<int:pk>/remove/", registers.remove_official, name="remove_official"),
    path("mobile-voters/<int:pk>/remove/", registers.remove_mobile_voter, name="remove_mobile_voter"),
    path("proxies/<int:pk>/withdraw/", registers.withdraw_proxy, name="withdraw_proxy"),
    path("proxies/<int:pk>/authorisation.pdf", registers.proxy_pdf, name="proxy_pdf"),
    path("voting-rounds/<int:pk>/register/", registers.round_register, name="round_register"),
    path("voting-rounds/<int:pk>/ballot.pdf", papers.ballot_pdf, name="ballot_pdf"),
    path("voting-rounds/<int:pk>/tally-sheets.pdf", papers.tally_pdf, name="tally_pdf"),
    path("elections/<int:pk>/certificates.pdf", papers.certificates_pdf, name="certificates_pdf"),
    path("elections/<int:pk>/result-sheet.pdf", papers.result_sheet_pdf, name="result_sheet_pdf"),
]
