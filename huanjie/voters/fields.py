"""Column types of the voters' tables."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class HashField(models.CharField):  # type: ignore[type-arg]
    """A keyed hash in hex: compared byte by byte on PostgreSQL (collation "C").

    Under a language's collation PostgreSQL compares text with the C library's strcoll and cannot use its
    abbreviated sort keys; a hash has no language, and its indexes are built and filled for every row of
    a district's import. SQLite compares bytes already (BINARY) and has no collation of that name.
    """

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
