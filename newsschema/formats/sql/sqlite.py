"""SQLite as a sink: the star layout's tables in a database file.

Named ``sqlite:PATH``::

    ns.write(articles, "sqlite:news.sqlite")                 # a load: new ids only
    ns.write(articles, "sqlite:news.sqlite", upsert=True)    # by id
    ns.read("sqlite:news.sqlite", where="a.language = 'ar'")

SQLite has no lists, structs or timestamps: a list or a struct is its JSON text (queried
with ``json_extract`` and ``json_each``), a timestamp its ISO 8601 text with the offset
(``2021-03-04T05:06:07+00:00``: it sorts as time does, all being UTC), a date
``YYYY-MM-DD``. Rows go in by ``executemany``, a load in one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import lake
from newsschema.formats._base import Record, Written
from newsschema.formats.sql import load
from newsschema.formats.star import TABLE_SCHEMAS

__all__ = ["ids", "read", "write", "write_encoded"]


def _stored(value: Any, kind: pa.DataType) -> Any:
    """A value of the layout as SQLite keeps it."""
    if value is None:
        return None
    if pa.types.is_list(kind) or pa.types.is_struct(kind):
        return load.as_json(value)  # timestamps as RFC 3339, dates as YYYY-MM-DD
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


class _SQLite(load.Database):
    dialect = "sqlite"

    def columns(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        names = [
            row[0]
            for row in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] in TABLE_SCHEMAS
        ]
        for table in names:
            found[table] = [row[1] for row in self.execute(f'PRAGMA table_info("{table}")')]
        return found

    def primary_key(self, table: str) -> tuple[str, ...]:
        info = self.execute(f'PRAGMA table_info("{table}")').fetchall()
        return tuple(row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5]))

    def insert(self, table: str, rows: pa.RecordBatch) -> None:
        kinds = [field.type for field in rows.schema]
        values = (
            tuple(_stored(value, kind) for value, kind in zip(row, kinds, strict=True))
            for row in zip(*(column.to_pylist() for column in rows.columns), strict=True)
        )
        markers = ", ".join("?" * rows.num_columns)
        self.connection.executemany(f"INSERT INTO {self.name(table)} VALUES ({markers})", values)

    def rows(self, statement: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
        cursor = self.connection.cursor()
        cursor.arraysize = 4096
        cursor.execute(statement.replace(load.WINDOW, "1"))  # streamed whole, in order
        names = [column[0] for column in cursor.description]
        kinds = [schema.field(name).type for name in names]
        while batch := cursor.fetchmany():
            for row in batch:
                yield {
                    name: load.given(value, kind)
                    for name, value, kind in zip(names, row, kinds, strict=True)
                }

    def begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write


@contextlib.contextmanager
def _connected(location: str, *, writing: bool) -> Iterator[_SQLite]:
    shown = f"sqlite:{location}"
    if not writing and not Path(location).exists():
        raise FormatError(f"{shown}: no such database file")
    try:
        uri = f"{Path(location).absolute().as_uri()}?mode={'rwc' if writing else 'ro'}"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise FormatError(f"{shown}: {exc}") from None
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a database?
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise FormatError(f"{shown}: {exc}") from None
    try:
        yield _SQLite(connection, shown)
    finally:
        connection.close()


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Any = (),
    layout: str = "tables",
) -> Written:
    """Load batches of the nested layout (:func:`~newsschema.formats.parquet.encode`'s).

    See :func:`newsschema.formats.sql.load.load` for what a load does and refuses.
    """
    with (
        _connected(location, writing=True) as database,
        load.driver_errors(database.shown, sqlite3.Error, str),
    ):
        return load.load(
            database,
            parts,
            upsert=upsert,
            replace=replace,
            partition_by=partition_by,
            layout=layout,
        )


def write(location: str, articles: Iterable[Any], **options: Any) -> Written:
    """Load articles (see :func:`write_encoded`)."""
    from newsschema.formats.parquet import batches, encode

    return write_encoded(location, ((encode(b), len(b)) for b in batches(articles)), **options)


def ids(location: str, *, layout: str = "tables") -> pa.Array:
    """The article ids a database holds (none where there is no file or no table yet)."""
    if not Path(location).exists():
        return lake.NO_IDS
    with _connected(location, writing=False) as database:
        return load.ids(database)


def read(location: str, *, where: str | None = None) -> Iterator[Record]:
    """The articles of a database, in the order they were last written.

    ``where`` is a SQL condition on the articles (aliased ``a``) that chooses those read.
    """
    try:
        with _connected(location, writing=False) as database:
            yield from load.read(database, where)
    except FormatError as exc:
        yield Record(None, error=ValidationError.single("", str(exc)))
    except sqlite3.Error as exc:
        yield Record(None, error=ValidationError.single("", str(exc)))
