"""gunicorn settings for Huanjie: `gunicorn -c huanjie/gunicorn_conf.py huanjie.wsgi:application`.

Sized for results night on a small machine (bench/portal.py measures it): a few worker processes with
few threads each, so that at most WEB_WORKERS × WEB_THREADS requests — and database connections — run at
once, whatever the number of clients; more connections wait on their keep-alive sockets, not in threads.

- Processes rather than threads: Python runs one thread of a process at a time, and a worker with many
  threads spends the time it saves on handing each request between its threads and its poller; the
  latency of the slowest requests (p99) grew with the threads per worker in the bench.
- SO_REUSEPORT: each worker gets its own listening socket and the kernel spreads connections evenly over
  them; with one shared socket, whichever worker woke first took most of a burst of connections, and
  those waited behind each other for the whole run (the bench's p99 tail).
- `front` answers a cached public page before Django builds a request (huanjie/bulletin/cache.py).

WEB_BIND, WEB_WORKERS, WEB_THREADS override the defaults.
"""

from __future__ import annotations

import os
from typing import Any

bind = [os.environ.get("WEB_BIND", "127.0.0.1:8000")]
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", str(max(2, 2 * (os.cpu_count() or 1)))))
threads = int(os.environ.get("WEB_THREADS", "2"))
reuse_port = True
backlog = 2048
keepalive = 5
worker_connections = 1000
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()


def post_worker_init(worker: Any) -> None:
    """Put the bulletin's cache in front of Django in this worker (after the application is loaded)."""
    from huanjie.bulletin.cache import front

    worker.wsgi = front(worker.wsgi)
