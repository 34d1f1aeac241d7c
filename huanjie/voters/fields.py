"""Column types of the voters' tables."""

from __future__ import annotations

import datetime as dt
import uuid
from base64 import b64decode, b64encode
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.query_utils import DeferredAttribute
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


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


HASH_BYTES = 16
if TYPE_CHECKING:  # django-stubs types a field's values; Django's own Field takes no parameters
    _HashBase = models.Field[bytes | str, bytes]
else:
    _HashBase = models.Field


class KeyedHashField(_HashBase):
    """A 16-byte keyed hash of an ID number (idcrypto.id_hash); in Python `bytes`.

    Stored on PostgreSQL as `uuid` — a fixed 16 bytes with no length header, compared with memcmp and
    sorted with abbreviated keys — where the 32 hex characters of `HashField` took 33 bytes in the row and
    in each index (issue 20: a district's import writes it into two tables and builds two unique indexes
    on it; those builds took half as long again on text). It is not an identifier, whatever PostgreSQL
    calls the type: nothing reads it as a UUID. SQLite keeps the bytes (BLOB). Lookups: exact and in.
    """

    description = "A 16-byte keyed hash"
    empty_strings_allowed = False  # no default: a row without its hash is refused (NOT NULL)
    empty_values = [None, b""]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "BinaryField"

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        return "uuid" if connection.vendor == "postgresql" else super().db_type(connection)

    def rel_db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        return self.db_type(connection)

    def to_python(self, value: Any) -> bytes | None:
        if value is None or isinstance(value, bytes):
            return value
        if isinstance(value, (memoryview, bytearray)):
            return bytes(value)
        if isinstance(value, uuid.UUID):
            return value.bytes
        if isinstance(value, str):  # the hex form (a serialised dump, an export)
            try:
                data = bytes.fromhex(value.replace("-", ""))
            except ValueError:
                data = b""
            if len(data) == HASH_BYTES:
                return data
        raise ValidationError(_("Not a keyed hash."), code="invalid")

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> bytes | None:
        return self.to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else self.to_python(value)

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        if len(value) != HASH_BYTES:
            raise ValueError(f"a keyed hash has {HASH_BYTES} bytes")
        if connection.vendor == "postgresql":
            return uuid.UUID(bytes=value)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value.hex()


class _SealedDateAttribute(DeferredAttribute):
    """Setting the date sets the clear year beside it, so the two never disagree, in memory or stored."""

    def __set__(self, instance: models.Model, value: dt.date | None) -> None:
        instance.__dict__[self.field.attname] = value
        year = getattr(self.field, "year_field", None)
        if year:
            instance.__dict__[year] = value.year if isinstance(value, dt.date) else None


class SealedDateField(models.BinaryField):  # type: ignore[type-arg]
    """A date of birth kept only sealed (huanjie.voters.idcrypto.seal_date); in Python an ordinary date.

    Issue 15: a full date beside the masked number (region and last digit) and the sex narrows the number
    to some 45 candidates, so no table holds one in the clear; the year, which leaves thousands, is kept
    clear in `year_field` for display, filters and statistics. The date is opened on reading (ages on a
    day need it) and sealed on writing with the deployment's keys; `huanjie reseal-id-numbers` moves it
    to new keys with the ID numbers. Sealing is randomised, so the only lookup is isnull.
    """

    descriptor_class = _SealedDateAttribute

    def __init__(self, *args: Any, year_field: str = "", **kwargs: Any) -> None:
        self.year_field = year_field
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.year_field:
            kwargs["year_field"] = self.year_field
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "BinaryField"

    def get_lookup(self, lookup_name: str) -> Any:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> dt.date | None:
        from huanjie.voters import idcrypto

        return None if value is None else idcrypto.open_date(value)

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        if isinstance(value, str):
            from huanjie.voters import idcrypto

            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
            try:  # value_to_string's sealed form, from a serialised dump
                return idcrypto.open_date(b64decode(value, validate=True))
            except (ValueError, InvalidTag):
                raise ValidationError(_("Enter a valid date."), code="invalid") from None
        raise ValidationError(_("Enter a valid date."), code="invalid")

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        from huanjie.voters import idcrypto

        if isinstance(value, dt.date):
            value = idcrypto.seal_date(value)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj: models.Model) -> str:
        # Serialised as the date itself would give a dump the clear date: it is written sealed instead.
        value = self.value_from_object(obj)
        if value is None:
            return ""
        from huanjie.voters import idcrypto

        return b64encode(idcrypto.seal_date(value)).decode("ascii")

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": forms.DateField,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        return form_class(**defaults)


def birth_year_only(details: dict[str, Any]) -> dict[str, Any]:
    """`details` for the audit record: a date of birth as its year. The audit chain is kept for good and
    read by the district; a full date in it would undo the sealing (issue 15)."""
    if "birth_date" not in details:
        return dict(details)
    shown = {k: v for k, v in details.items() if k != "birth_date"}
    birth = details["birth_date"]
    shown["birth_year"] = birth.year if isinstance(birth, dt.date) else None
    return shown
