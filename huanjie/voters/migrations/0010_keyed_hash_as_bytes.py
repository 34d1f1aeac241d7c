"""The keyed hash of residents and roll entries as 16 bytes (fields.KeyedHashField: PostgreSQL's uuid
type, SQLite's BLOB), no longer 32 hex characters (issue 20: a district's import writes it into both
tables and builds two unique indexes on it).

The stored hashes keep their value: AES-CMAC's 16 bytes are the 32 hex characters read back; an HMAC-SM3
hash (64 hex characters, CRYPTO_SUITE=sm) keeps its first 16 bytes, which is what idcrypto.id_hash now
gives. On PostgreSQL the column changes type in place (the indexes on it are rebuilt with it); on SQLite
the table is rebuilt by Django and the text turned into bytes row by row. Backwards, the hex comes back
(32 characters: the SM suite's hashes are then recomputed by `huanjie reseal-id-numbers`).
"""

from django.db import migrations

import huanjie.voters.fields

TABLES = ("voters_resident", "voters_voter")


def shorten(apps, schema_editor):
    """PostgreSQL: 64-character (SM3) hashes cut to their first 16 bytes, so that `::uuid` takes them."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"UPDATE {table} SET id_hash = left(id_hash, 32) WHERE length(id_hash) > 32")


def undash(apps, schema_editor):
    """PostgreSQL, backwards: uuid's text has hyphens; the hex had none."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"UPDATE {table} SET id_hash = replace(id_hash, '-', '')")


def _convert(schema_editor, convert):
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT id, id_hash FROM {table}")
            rows = [(convert(value), pk) for pk, value in cursor.fetchall()]
            cursor.executemany(f"UPDATE {table} SET id_hash = %s WHERE id = %s", rows)


def to_bytes(apps, schema_editor):
    """SQLite: the table rebuilt keeps the hex text in the column; the bytes it stands for."""
    if schema_editor.connection.vendor == "sqlite":
        _convert(schema_editor, lambda v: v if isinstance(v, bytes) else bytes.fromhex(str(v)[:32]))


def to_hex(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _convert(schema_editor, lambda v: bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v)


class Migration(migrations.Migration):
    dependencies = [("voters", "0009_education_database_default")]

    operations = [
        migrations.RunPython(shorten, undash),
        migrations.AlterField(
            model_name="resident", name="id_hash", field=huanjie.voters.fields.KeyedHashField()
        ),
        migrations.AlterField(model_name="voter", name="id_hash", field=huanjie.voters.fields.KeyedHashField()),
        migrations.RunPython(to_bytes, to_hex),
    ]
