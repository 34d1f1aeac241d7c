"""The local cluster's publishing, as jobs on its workers (docs/deployment.md, "A local cluster"):

    uv run python scripts/cluster.py publish   # publish the static bulletin (site/), then its .gz siblings

- `publish()`: a publish job over the whole tree (one part per street on the two workers, then the common
  pages), followed to its end; then the `.gz` siblings nginx's gzip_static serves (scripts/cluster_site.py);
- `render_pdfs()`: a notice-PDF job for every notice whose PDF is not stored. A deployment with workers
  renders each notice's PDF when the notice is published; the cluster's demo is loaded in bulk without
  the queue, so `cluster.py start` does it once afterwards — otherwise the first publish renders a
  thousand PDFs inside its street parts (what made the first publish on the cluster take 594 s).
"""

from __future__ import annotations

import time

import cluster
import cluster_site

FINISHED = "('done', 'failed', 'cancelled')"


def publish() -> tuple[float, str]:
    """Start a publish job over the whole tree and follow it to its end; then the .gz siblings. Returns
    the job's seconds and its state."""
    job = cluster.manage(
        "shell",
        "-c",
        "from huanjie.jobs.actions import start_scheduled; print(start_scheduled('bulletin.publish').pk)",
    ).split()[-1]
    started = time.monotonic()
    cluster.log(f"publish job #{job} started on the workers")
    while True:
        state = cluster.psql(
            cluster.PORTS["primary"],
            f"SELECT state || ' ' || done || '/' || COALESCE(total, 0) FROM jobs_job WHERE id = {job}",
        )
        if state.split()[0] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.2)
    seconds = time.monotonic() - started
    cluster.log(f"publish job #{job}: {state} in {seconds:.1f} s")
    precompress()
    return seconds, state.split()[0]


def precompress() -> None:
    started = time.monotonic()
    written, kept, removed = cluster_site.precompress(cluster.DIR / "site")
    cluster.log(
        f"gzip siblings for nginx's gzip_static: {written} written, {kept} already right, {removed} removed "
        f"({time.monotonic() - started:.1f} s)"
    )


QUEUE_PDFS = """
from django.core.files.storage import default_storage
from huanjie.bulletin import pdfstore
from huanjie.elections.models import Notice
from huanjie.jobs.models import Job
from huanjie.jobs.runner import enqueue
ids = []
for notice in Notice.objects.only("pk", "sha256", "unit_id").order_by("pk"):
    if not default_storage.exists(pdfstore.name_for(notice.sha256)):
        job = Job.objects.create(kind="bulletin.notice_pdf", params={"notice": notice.pk}, division_id=notice.unit_id)
        enqueue(job.pk)
        ids.append(job.pk)
print(min(ids, default=0), max(ids, default=0), len(ids))
"""


def render_pdfs() -> None:
    """A notice-PDF job (as a publication queues it) for every notice without its stored PDF, followed
    until the workers have done them all."""
    first, last, count = (int(n) for n in cluster.manage("shell", "-c", QUEUE_PDFS).split()[-3:])
    if not count:
        return
    started = time.monotonic()
    cluster.log(f"{count} notices' PDFs to render: a job each on the workers (#{first}–#{last})")
    left = count
    while left:
        time.sleep(1)
        left = int(
            cluster.psql(
                cluster.PORTS["primary"],
                f"SELECT count(*) FROM jobs_job WHERE id BETWEEN {first} AND {last} "
                f"AND kind = 'bulletin.notice_pdf' AND state NOT IN {FINISHED}",
            )
        )
    cluster.log(f"{count} notices' PDFs rendered and stored in {time.monotonic() - started:.0f} s")
