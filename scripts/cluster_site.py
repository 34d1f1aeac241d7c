"""The local cluster's nginx (docs/deployment.md, "A local cluster" and "nginx for the static bulletin"):
its configuration, and the gzip siblings of the static bulletin that nginx's gzip_static serves.

    uv run python scripts/cluster_site.py precompress [SITE]   # write the missing or stale .gz siblings

The application server (8180) load-balances app1 and app2. The static bulletin (8181) is tuned for the
public on results night — every browser sends `Accept-Encoding: gzip`, and the results page is 119 KB of
HTML that gzip makes about a tenth of:
  - `gzip_static on`: nginx sends `page.html.gz` as it is (no compression per request) to a client that
    accepts gzip, the plain file to one that does not; `gzip_vary on` tells caches so;
  - `open_file_cache`: the descriptors and stat() results of the hot files kept between requests
    (checked again every 2 s, so a publish's renamed files are seen within 2 s; misses are not cached);
  - `sendfile` + `tcp_nopush`, long keep-alive connections, no access log (a results night's public is
    millions of identical reads; the application's metrics and the error log remain);
  - one worker process per core, 4,096 connections each.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

# Files worth compressing: text. PDFs and images are compressed already.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".atom", ".xml", ".csv", ".svg", ".txt")

NGINX_CONF = """
# written by scripts/cluster_site.py
worker_processes {workers};
worker_rlimit_nofile 16384;
pid {dir}/nginx.pid;
error_log {logs}/nginx-error.log warn;
events {{ worker_connections 4096; multi_accept on; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65s; keepalive_requests 100000;
  client_max_body_size 25m;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  # The application's requests, timed by nginx (from the request's first byte to the answer's last):
  # the drill reads the office's write latencies here, not only as its own client threads saw them.
  log_format timing '$request_method $uri $status $request_time $upstream_response_time';
  upstream huanjie {{
    server 127.0.0.1:{app1} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:{app2} max_fails=1 fail_timeout=5s;
    keepalive 64;
  }}
  # The application servers, load-balanced. A request that fails on one server before any answer
  # (connection refused: the server is gone) is tried on the other; a POST is never sent twice
  # (nginx retries a non-idempotent request only when told to with non_idempotent, which is not set).
  server {{
    listen 127.0.0.1:{port};
    access_log {logs}/nginx-app-timing.log timing buffer=64k flush=1s;
    location = /nginx-health {{ return 200 "ok\\n"; }}
    location = /metrics {{ return 404; }}  # scraped on each application server directly
    location / {{
      proxy_pass http://huanjie;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }}
  }}
  # The static bulletin that publish-static (or its jobs) writes, with the .gz siblings beside its
  # pages (precompress() below, or the publisher's own).
  server {{
    listen 127.0.0.1:{site_port} reuseport backlog=4096;
    root {site};
    gzip_static on; gzip_vary on;
    open_file_cache max=20000 inactive=60s;
    open_file_cache_valid 2s;
    open_file_cache_min_uses 1;
    open_file_cache_errors off;
    location = /nginx-health {{ return 200 "ok\\n"; }}
    location / {{ try_files $uri/index.html $uri =404; add_header Cache-Control "public, max-age=60"; }}
  }}
  # The same site as the static server was configured before this tuning (no gzip_static, no
  # open_file_cache): the baseline `cluster.py figures` measures beside it, in the same run.
  server {{
    listen 127.0.0.1:{baseline_port};
    root {site};
    location / {{ try_files $uri/index.html $uri =404; add_header Cache-Control "public, max-age=60"; }}
  }}
}}
"""


def nginx_conf(*, work: Path, logs: Path, ports: dict[str, int], site: Path) -> str:
    return NGINX_CONF.format(
        workers=os.cpu_count() or 2,
        dir=work,
        logs=logs,
        port=ports["nginx"],
        app1=ports["app1"],
        app2=ports["app2"],
        site_port=ports["site"],
        baseline_port=ports["site-baseline"],
        site=site,
    )


def _fresh(path: Path, packed: Path) -> bool:
    """Whether `packed` is the gzip of `path` as it is now: newer than it, or (a publisher that wrote the
    sibling first) holding the same bytes."""
    try:
        if packed.stat().st_mtime >= path.stat().st_mtime:
            return True
        return gzip.decompress(packed.read_bytes()) == path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return False


def precompress(site: Path) -> tuple[int, int, int]:
    """Give every compressible file of the site an up-to-date `.gz` sibling (written whole under a
    temporary name, then renamed, so nginx never sends half of one) and remove the siblings whose file is
    gone. A sibling already right — the publisher's own, or one from an earlier run — is left alone, so
    running this after every publish costs only the files that changed. Returns (written, kept, removed)."""
    written = kept = removed = 0
    for root, _dirs, names in os.walk(site):
        folder = Path(root)
        present = set(names)
        for name in names:
            path = folder / name
            if name.endswith(".gz"):
                if name[:-3] not in present:
                    path.unlink(missing_ok=True)
                    removed += 1
                continue
            if not name.endswith(COMPRESSIBLE) or name.startswith("."):
                continue
            packed = folder / f"{name}.gz"
            if _fresh(path, packed):
                kept += 1
                continue
            data = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            temporary = folder / f".{name}.gz.tmp"
            temporary.write_bytes(data)
            temporary.chmod(0o644)
            temporary.replace(packed)
            written += 1
    return written, kept, removed


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "precompress":
        raise SystemExit(__doc__)
    target = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else Path(__file__).resolve().parent.parent / "var/cluster/site"
    )
    written, kept, removed = precompress(target)
    print(f"precompress: {written} written, {kept} already right, {removed} removed")
