"""The publication mechanism's record: every publication event an action declares (core.actions
`public=` or `publish(...)`) opens a new edition of the public pages and is kept as a `Publication` with
the place it happened (the action's division path), inside the action's transaction.

Two readers: the dynamic site's page cache is keyed by the edition (bulletin/cache.py), and the static
publisher rewrites only the streets published in since its last run (publisher.clean_streets). Nothing
here reads an event's name: what is public is what the actions declare, so a private write (a sign-in,
an account, the office's own records) neither empties the cache nor marks a street to be written again.

The edition row is updated before the publication is inserted, so the row lock orders publications by
commit: a publisher that read edition N has seen every publication up to N, and one still uncommitted
will carry a number above N.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.dispatch import receiver

from huanjie.bulletin.models import Edition, Publication
from huanjie.core.actions import Frame, published


def next_edition() -> int:
    """Inside the action's transaction: the edition moves on with the change, or not at all. One
    statement (UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35): the demo's build publishes thousands
    of times, and every round trip counts."""
    table = connection.ops.quote_name(Edition._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = seq + 1 WHERE id = 1 RETURNING seq")
        row = cursor.fetchone()
    if row is None:  # no row yet (a fresh database)
        Edition.objects.create(pk=1, seq=1)
        return 1
    return int(row[0])


def edition(using: str = "default") -> int:
    """The current edition (0 before the first publication), read from the database `using` (the
    bulletin reads it from the replica its pages are rendered from: core/replica.py)."""
    return int(Edition.objects.using(using).filter(pk=1).values_list("seq", flat=True).first() or 0)


@receiver(published, dispatch_uid="bulletin-publication")
def _published(sender: Any, what: str, frame: Frame, **kwargs: Any) -> None:
    """A publication event (core.actions): an action changed what a public page shows."""
    Publication.objects.create(
        edition=next_edition(), what=what[:60], event=frame.event[:60], division_path=frame.place
    )


def places_since(start: int, end: int) -> list[str]:
    """The division paths published in after edition `start` up to `end` ("" for no one place)."""
    return list(
        Publication.objects.filter(edition__gt=start, edition__lte=end).values_list(
            "division_path", flat=True
        )
    )
