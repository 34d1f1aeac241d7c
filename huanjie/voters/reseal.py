"""Sealing every stored ID number again: after rotating ID_NUMBER_KEY, when moving between the AES and the
SM suites (CRYPTO_SUITE), or from the labelled-hash keys of versions before HKDF.

Each resident's number is opened with the old keyring (an authenticated opening: a wrong old key fails
on the first number, and nothing is changed) and sealed and hashed with the current one; the voters'
copies of the lookup hash follow. One transaction, one audit event (DESIGN.md rule 2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from django.apps import apps
from django.db import connection

from huanjie.core.actions import SystemActor, action, audit, is_system
from huanjie.voters import idcrypto
from huanjie.voters.fields import KeyedHashField
from huanjie.voters.idcrypto import Keyring

BATCH = 5000


def opens(ring: Keyring, resident_model: Any) -> bool:
    """Whether `ring` opens the first stored number (True when there is none)."""
    first = resident_model.objects.only("id_cipher").order_by("pk").first()
    if first is None:
        return True
    try:
        idcrypto.decrypt(first.id_cipher, ring)
    except Exception:  # InvalidTag, or a sealed form of the other suite
        return False
    return True


def reseal_rows(
    resident_model: Any,
    voter_model: Any,
    old: Keyring,
    new: Keyring,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Re-seal every resident from `old` to `new`, and the voters' hashes; the count. Models are arguments
    so that a migration can pass its historical ones."""
    done = 0
    last_pk = 0
    as_bytes = isinstance(resident_model._meta.get_field("id_hash"), KeyedHashField)
    while True:
        rows = list(
            resident_model.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "id_cipher")[:BATCH]
        )
        if not rows:
            break
        numbers = pl.Series([idcrypto.decrypt(blob, old) for _, blob in rows], dtype=pl.String)
        hashes, sealed = idcrypto.protect_many(numbers, new)
        if not as_bytes:  # a migration's model from before 0010: the hash was stored as hex
            hashes = hashes.bin.encode("hex")
        resident_model.objects.bulk_update(
            [
                resident_model(pk=pk, id_hash=h, id_cipher=s)
                for (pk, _), h, s in zip(rows, hashes, sealed, strict=True)
            ],
            ["id_hash", "id_cipher"],
        )
        new_hash = {pk: h for (pk, _), h in zip(rows, hashes, strict=True)}
        voters = list(
            voter_model.objects.filter(resident_id__in=list(new_hash)).values_list("pk", "resident_id")
        )
        voter_model.objects.bulk_update(
            [voter_model(pk=pk, id_hash=new_hash[resident]) for pk, resident in voters],
            ["id_hash"],
            batch_size=BATCH,
        )
        done += len(rows)
        last_pk = rows[-1][0]
        if progress is not None:
            progress(done)
    return done


@action("voters.id_numbers_resealed", capability=None)
def do_reseal_id_numbers(
    old: Keyring, *, actor: SystemActor, progress: Callable[[int], None] | None = None
) -> int:
    """Only the system re-seals (the command line, with both keys in its environment)."""
    from huanjie.voters.models import Resident, Voter

    if not is_system(actor):
        raise TypeError("re-sealing the ID numbers is the system's: `huanjie reseal-id-numbers`")
    new = idcrypto.current()
    if not opens(old, Resident):
        raise ValueError("the old key does not open the stored ID numbers; nothing was changed")
    count = reseal_rows(Resident, Voter, old, new, progress)
    # The sealed dates of birth move to the new keys with the numbers, or they could not be opened.
    dates = {
        model._meta.label_lower: reseal_dates(model, field, old, new)
        for model, field in sealed_date_fields(apps.get_models())
    }
    audit(
        object_type="voters.resident",
        object_repr=f"{old.suite} → {new.suite}",
        after={"residents": count, "dates_of_birth": dates, "from": old.suite, "to": new.suite},
    )
    return count


# --- sealed dates of birth (issue 15) ------------------------------------------------------------------


def sealed_date_fields(models_: Any) -> list[tuple[Any, str]]:
    """(model, field name) of every SealedDateField among `models_` (an app registry's get_models())."""
    from huanjie.voters.fields import SealedDateField

    return [
        (model, field.name)
        for model in models_
        for field in model._meta.concrete_fields
        if isinstance(field, SealedDateField)
    ]


def reseal_dates(model: Any, field: str, old: Keyring, new: Keyring) -> int:
    """Open each sealed date of `model.field` with `old` and seal it with `new`; the count. Read and
    written as raw bytes: the field's own opening uses the current keys, which are `new`."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    done = 0
    last_pk = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL AND {pk} > %s "
                f"ORDER BY {pk} LIMIT %s",
                [last_pk, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",
                [(idcrypto.seal_date(idcrypto.open_date(blob, old), new), key) for key, blob in rows],
            )
            done += len(rows)
            last_pk = rows[-1][0]
    return done


def seal_clear_dates(model: Any, clear: str, sealed: str) -> None:
    """For a migration: seal each row's clear date `clear` into `sealed` (which sets the year beside it)."""
    rows = model.objects.filter(**{f"{clear}__isnull": False}).only("pk", clear)
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        setattr(row, sealed, getattr(row, clear))
        batch.append(row)
    field = model._meta.get_field(sealed)
    model.objects.bulk_update(batch, [sealed, field.year_field], batch_size=BATCH)


def open_sealed_dates(model: Any, clear: str, sealed: str) -> None:
    """For a migration's way back: the clear date again, from the sealed one."""
    rows = model.objects.filter(**{f"{sealed}__isnull": False}).only("pk", sealed)
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        setattr(row, clear, getattr(row, sealed))
        batch.append(row)
    model.objects.bulk_update(batch, [clear], batch_size=BATCH)
