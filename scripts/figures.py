"""Every figure issue 19 asks of the cluster, in one run (`make cluster-figures`, docs/deployment.md
"The figures"):

  1. publish-static on the cluster's two workers from scratch (an empty site directory; the notices'
     PDFs stored as a deployment with workers has them — each rendered by a job when it was published);
     with --pdfs, the PDFs removed too, so that every one is rendered again;
  2. the static result page through nginx, quiet, 8 s each with wrk (2 threads, 64 connections): the
     server as configured before its tuning (:8182, what a browser gets without gzip_static), the tuned
     one without and with `Accept-Encoding: gzip`; and the dynamic page through the application servers;
  3. the drill (60 s): clerks entering tallies, completing stages and attaching evidence while the public
     reads the static result page, app1 and a worker killed with -9;
  4. a publish after the drill (the drill's writes), then one new notice and the incremental publish.

Each figure is printed beside its target, with the load average when it was taken.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import cluster
import cluster_jobs
from drill_load import DRILL_ROUND, demo_round, wrk


def load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def one_new_notice() -> str:
    """One notice published, as the office does it: the next pending stages of a drill round's election,
    completed in the statute's order (by the system, as the drill's fixtures act), up to the first that
    publishes a notice."""
    from huanjie.core import clock
    from huanjie.core.actions import SYSTEM
    from huanjie.core.errors import ActionError
    from huanjie.elections.actions.completion import do_complete_stage
    from huanjie.elections.models import Election, StageStatus

    elections = Election.objects.filter(
        round__name__startswith=DRILL_ROUND, stages__status=StageStatus.PENDING
    ).distinct()
    for election in elections.order_by("-pk")[:20]:
        for stage in election.stages.filter(status=StageStatus.PENDING).order_by("seq"):
            try:
                result = do_complete_stage(stage, completed_on=clock.today(), actor=SYSTEM)
            except ActionError:
                break  # this election's next stage is refused: another election
            if result.notice is not None:
                return f"notice #{result.notice.pk}, {stage.key} of {election.unit.name}"
    raise SystemExit("figures: no pending stage that publishes a notice (run the drill first)")


def figures(pdfs: bool) -> None:
    rows: list[tuple[str, str, str, str]] = []
    started_load = load_average()
    if not cluster.alive(cluster.read_pid("nginx") or 0):
        cluster.start()
    os.environ.update(cluster.app_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "huanjie.settings"
    sys.path.insert(0, str(cluster.ROOT))
    import django

    django.setup()
    from django.conf import settings

    site = cluster.DIR / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    if pdfs:
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "papers" / "notices", ignore_errors=True)
    else:
        cluster_jobs.render_pdfs()
    seconds, state = cluster_jobs.publish()
    what = "every notice's PDF rendered too" if pdfs else "notices' PDFs stored"
    rows.append(
        (
            f"publish on 2 workers, from scratch ({what})",
            f"{seconds:.1f} s ({state})",
            "≤ 60 s",
            load_average(),
        )
    )

    page = f"/rounds/{demo_round()}/results/"
    for label, port, gzip in (
        ("static result page, before the tuning (:8182, no gzip)", cluster.PORTS["site-baseline"], False),
        ("static result page, tuned (:8181), no gzip", cluster.PORTS["site"], False),
        ("static result page, tuned (:8181), Accept-Encoding: gzip", cluster.PORTS["site"], True),
        ("dynamic result page (:8180 → app1, app2)", cluster.PORTS["nginx"], True),
    ):
        got = wrk(port, page, 8, gzip=gzip)
        rows.append(
            (
                f"{label}, quiet",
                f"{got['rps']:,.0f} req/s, p99 {got['p99']:.1f} ms, {got['mb_s']:,.0f} MB/s, {got['errors']:.0f} errors",
                "≥ 20,000 req/s, p99 ≤ 100 ms" if "static" in label and gzip else "",
                load_average(),
            )
        )

    from drill import drill

    result: dict[str, Any] = drill(60)
    public = result["public"]
    during = load_average()
    rows.append(
        (
            "drill: writes",
            f"{result['acknowledged']} acknowledged ({result['stages']} stage completions), {result['lost']} lost, "
            f"{result['duplicated']} duplicated, checks {'passed' if result['ok'] else 'FAILED'}",
            "0 lost, 0 duplicated",
            during,
        )
    )
    rows.append(
        (
            "drill: the public, static result page (gzip)",
            f"{public.get('rps', 0):,.0f} req/s, p99 {public.get('p99', 0):.1f} ms",
            "≥ 20,000 req/s, p99 ≤ 100 ms",
            during,
        )
    )
    rows.append(
        (
            "drill: tally entry p99 (nginx's time; the drill's client's)",
            f"{result['tally_p99_nginx']:.0f} ms; {result['tally_p99']:.0f} ms",
            "≤ 300 ms",
            during,
        )
    )
    rows.append(
        ("drill: baseline, /healthz p99 (nginx's time)", f"{result['probe_p99_nginx']:.0f} ms", "", during)
    )
    rows.append(
        (
            "drill: stage completion p99 (nginx's; the client's)",
            f"{result['stage_p99_nginx']:.0f} ms; {result['stage_p99']:.0f} ms",
            "",
            during,
        )
    )

    seconds, state = cluster_jobs.publish()
    rows.append(("publish after the drill's writes", f"{seconds:.1f} s ({state})", "", load_average()))
    notice = one_new_notice()
    time.sleep(1)
    seconds, state = cluster_jobs.publish()
    rows.append(
        (f"publish after one new notice ({notice})", f"{seconds:.1f} s ({state})", "≤ 2 s", load_average())
    )

    print(f"\nissue 19's cluster figures (load average at the start {started_load}; 1, 5, 15 min):")
    width = max(len(r[0]) for r in rows)
    for label, value, target, load in rows:
        print(
            f"  {label:<{width}}  {value}" + (f"  [target {target}]" if target else "") + f"  (load {load})"
        )
    if not result["ok"]:
        raise SystemExit(1)
