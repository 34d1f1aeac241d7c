"""The public bulletin: Chinese at the root, English under /en/ (the language is part of the address, so
a page is one file whatever the reader's cookies — what a cache, a CDN and the static site need)."""

from __future__ import annotations

from django.urls import URLPattern, path

from huanjie.bulletin.views import data, feeds, pages, paper, verify

app_name = "bulletin"


def _pages(prefix: str, suffix: str, lang: str) -> list[URLPattern]:
    kw = {"lang": lang}
    return [
        path(f"{prefix}", pages.home, kw, name=f"home{suffix}"),
        path(f"{prefix}districts/<str:code>/", pages.district, kw, name=f"district{suffix}"),
        path(
            f"{prefix}districts/<str:code>/feed.atom", feeds.district_feed, kw, name=f"district_feed{suffix}"
        ),
        path(f"{prefix}streets/<str:code>/", pages.street, kw, name=f"street{suffix}"),
        path(f"{prefix}units/<str:code>/", pages.unit, kw, name=f"unit{suffix}"),
        path(f"{prefix}units/<str:code>/feed.atom", feeds.unit_feed, kw, name=f"unit_feed{suffix}"),
        path(f"{prefix}notices/<int:pk>/", pages.notice, kw, name=f"notice{suffix}"),
        path(f"{prefix}rounds/<int:pk>/results/", pages.results, kw, name=f"results{suffix}"),
        path(f"{prefix}search/", pages.search, kw, name=f"search{suffix}"),
        path(f"{prefix}verify/", verify.verify, kw, name=f"verify{suffix}"),
    ]


urlpatterns = [
    *_pages("", "", "zh-hans"),
    *_pages("en/", "_en", "en"),
    # One PDF and one set of data files per notice and round, whatever the reader's language.
    path("notices/<int:pk>.pdf", paper.notice_pdf, name="notice_pdf"),
    path("data/rounds/<int:pk>/index.json", data.index, name="data_index"),
    path("data/rounds/<int:pk>/results.json", data.results_json, name="data_results_json"),
    path("data/rounds/<int:pk>/results.csv", data.results_csv, name="data_results_csv"),
    path("data/rounds/<int:pk>/profile.json", data.profile, name="data_profile"),
    path(
        "data/rounds/<int:pk>/results/<str:code>/<slug:body>.json",
        data.election_json,
        name="data_election_json",
    ),
    path(
        "data/rounds/<int:pk>/results/<str:code>/<slug:body>.csv", data.election_csv, name="data_election_csv"
    ),
    path("data/notices/<int:pk>.json", data.notice, name="data_notice"),
    path("data/audit-anchors.json", data.audit_anchors, name="data_audit_anchors"),
]
