"""Take a copy of the whole database and put it back, so a costly set-up is built once.

The browser tests each need the whole demo in a committed database. Seeding it takes tens of
seconds; putting back a copy takes well under one. Each backend copies in its own bulk way,
so every value comes back exactly as it was stored: SQLite copies the database's pages with
its backup API, PostgreSQL copies each table's rows with COPY.
"""

import sqlite3
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    """A copy of the default database: its pages (SQLite) or each table's rows (PostgreSQL)."""

    pages: sqlite3.Connection | None = None
    tables: list[str] = field(default_factory=list)
    rows: dict[str, bytes] = field(default_factory=dict)


def database_snapshot_take() -> Snapshot:
    """Copy the default database."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        pages = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(pages)
        return Snapshot(pages=pages)
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    snapshot = Snapshot(tables=tables)
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                snapshot.rows[table] = b"".join(bytes(block) for block in copy)
    return snapshot


def database_snapshot_restore(snapshot: Snapshot) -> None:
    """Make the default database again exactly what it was when the snapshot was taken."""
    connection.ensure_connection()
    if snapshot.pages is not None:
        snapshot.pages.backup(connection.connection)
    else:
        _tables_restore(snapshot)
    # Cached content types would otherwise outlive the rows they were read from.
    ContentType.objects.clear_cache()


def _tables_restore(snapshot: Snapshot) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(
            no_style(), snapshot.tables, reset_sequences=False, allow_cascade=True
        ):
            cursor.execute(statement)
        for table, rows in snapshot.rows.items():
            if rows:
                quoted = connection.ops.quote_name(table)
                with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                    copy.write(rows)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
