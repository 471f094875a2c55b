"""PostgreSQL as a sink: the star layout's tables in a database, named by a libpq URI.

Named ``postgresql://USER@HOST:PORT/DB`` (any libpq URI: ``postgresql:///news?host=/run/pg``;
what it leaves out comes from the ``PG*`` environment, as for ``psql``)::

    ns.write(articles, "postgresql://etl@db/news")                 # a load: new ids only
    ns.write(articles, "postgresql://etl@db/news", upsert=True)    # by id
    ns.write(articles, "postgresql://etl@db/news", schema="raw")   # in a schema of its own
    ns.read("postgresql://etl@db/news", where="a.language = 'ar'")

Rows go in by ADBC (``adbc-driver-postgresql``: Arrow to binary ``COPY`` in C, no row built
in Python) straight into the tables, in the load's one transaction (an upsert first deletes
its ids' rows); tables the load makes get their keys after their rows, each index built
once. A list of text is ``text[]``; a struct, or a list of structs, ``jsonb`` (copied from
Arrow's JSON type). PostgreSQL's text cannot hold U+0000: an article that holds one is
refused, named, before anything is written.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError, install_hint
from newsschema.formats._base import Record, Written
from newsschema.formats.sql import columns, load
from newsschema.formats.star import TABLE_SCHEMAS

__all__ = ["ids", "read", "write", "write_encoded"]

_PAGE = 2048
"""Articles a read takes at a time (by their positions), with their parts."""


def _adbc() -> Any:
    try:
        import adbc_driver_postgresql.dbapi as dbapi
    except ImportError:
        raise FormatError(
            "PostgreSQL databases need adbc-driver-postgresql: " + install_hint("postgresql")
        ) from None
    return dbapi


def _json_columns(rows: pa.RecordBatch, table: str) -> pa.RecordBatch:
    """A batch with its nested columns (structs, lists of structs) as JSON (``arrow.json``).

    Raises:
        ValidationError: a text holds U+0000, which PostgreSQL's text and jsonb cannot keep.
    """
    arrays, fields = [], []
    for field, column in zip(rows.schema, rows.columns, strict=True):
        if _may_hold_nul(column):  # all texts at once; a row's values only where one may
            values = column.to_pylist()
            held = next((i for i, value in enumerate(values) if _holds_nul(value)), None)
            if held is not None:
                article = rows.column("article_id")[held].as_py()
                raise ValidationError.single(
                    "id",
                    f"article {article!r}: its {table}.{field.name} holds the character "
                    "U+0000, which PostgreSQL's text cannot hold; nothing was written",
                )
        if columns.nested(field.type, "postgresql"):  # copied as jsonb (Arrow's JSON type)
            texts = [None if value is None else load.as_json(value) for value in column.to_pylist()]
            column = pa.ExtensionArray.from_storage(pa.json_(), pa.array(texts, pa.string()))
            field = pa.field(field.name, column.type, nullable=field.nullable)
        arrays.append(column)
        fields.append(field)
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _may_hold_nul(column: pa.Array) -> bool:
    """Whether a text in a column, at any depth, holds U+0000 (values under a null count too)."""
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return bool(pc.any(pc.match_substring(column, "\x00")).as_py())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _may_hold_nul(column.flatten())
    if pa.types.is_struct(kind):
        return any(_may_hold_nul(child) for child in column.flatten())
    return False


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class _Result:
    """The rows a statement gave, fetched before its cursor was closed."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None


class _PostgreSQL(load.Database):
    dialect = "postgresql"
    keys_last = True  # as PostgreSQL's "Populating a Database" advises: one build an index

    def __init__(self, connection: Any, shown: str, schema: str | None) -> None:
        super().__init__(connection, shown, schema)
        self.namespace = schema
        self.pages: tuple[int, int] | None = None  # the positions a read goes over

    def where(self) -> str:
        if self.namespace is None:
            return "current_schema()"
        return "'" + self.namespace.replace("'", "''") + "'"

    def execute(self, statement: str, parameters: Iterable[Any] = ()) -> Any:
        with self.connection.cursor() as cursor:  # closed at once: the driver holds resources
            cursor.execute(statement)
            return _Result(cursor.fetchall() if cursor.description is not None else [])

    def table(self, statement: str) -> pa.Table:
        """What a query gives, as Arrow (read whole: the driver reads by COPY)."""
        with self.connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetch_arrow_table()

    def columns(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for table, column in self.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            f"WHERE table_schema = {self.where()} ORDER BY table_name, ordinal_position"
        ).fetchall():
            if table in TABLE_SCHEMAS:
                found.setdefault(table, []).append(column)
        return found

    def primary_key(self, table: str) -> tuple[str, ...]:
        found = self.execute(
            "SELECT a.attname FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            f"WHERE i.indisprimary AND c.relname = '{table}' AND n.nspname = {self.where()} "
            "ORDER BY array_position(i.indkey, a.attnum)"
        ).fetchall()
        return tuple(row[0] for row in found)

    def insert(self, table: str, rows: pa.RecordBatch) -> None:
        with self.connection.cursor() as cursor:  # binary COPY into the table itself
            cursor.adbc_ingest(
                table, _json_columns(rows, table), mode="append", db_schema_name=self.namespace
            )

    def put_ids(self, ids: list[str]) -> None:
        given = pa.table({"article_id": pa.array(ids, pa.string())})
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {load._IDS}")
            cursor.adbc_ingest(load._IDS, given, mode="append", temporary=True)

    def rows(self, statement: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
        # The driver reads a query's result whole (by COPY), and one connection runs one
        # query at a time: the tables are read side by side a page of articles at a time.
        if self.pages is None:
            low, high = self.execute(
                f"SELECT min(article_position), max(article_position) FROM {self.name('articles')}"
            ).fetchone()
            self.pages = (0, -1) if low is None else (int(low), int(high))
        kinds = {field.name: field.type for field in schema}
        low, high = self.pages
        for first in range(low, high + 1, _PAGE):
            window = f"a.article_position >= {first} AND a.article_position < {first + _PAGE}"
            found = self.table(statement.replace(load.WINDOW, window))
            for row in found.to_pylist():
                yield {key: load.given(value, kinds[key]) for key, value in row.items()}

    def begin(self) -> None:
        pass  # the driver opens a transaction by itself (its autocommit is off)

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


def _uri(location: str) -> str:
    return location if "://" in location.split("?")[0][:14] else f"postgresql:{location}"


@contextlib.contextmanager
def _connected(location: str, schema: str | None) -> Iterator[_PostgreSQL]:
    dbapi = _adbc()
    uri = _uri(location)
    shown = re.sub(r"(//[^:/@?]*):[^@/?]*@", r"\1:…@", uri.split("?")[0])  # no password shown
    try:
        connection = dbapi.connect(uri)
    except dbapi.Error as exc:
        raise FormatError(f"{shown}: {_said(exc)}") from None
    try:
        database = _PostgreSQL(connection, shown, schema)
        if schema is not None:
            database.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        yield database
    finally:
        with contextlib.suppress(dbapi.Error):
            connection.rollback()  # whatever was not committed
        connection.close()


def _said(exc: BaseException) -> str:
    """The driver's error in one line, without its C source's coordinates."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    said = next((line for line in lines if "ERROR" in line or "FATAL" in line), lines[0])
    return said.split(". Detail:")[0].strip()


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Any = (),
    layout: str = "tables",
    schema: str | None = None,
) -> Written:
    """Load batches of the nested layout (:func:`~newsschema.formats.parquet.encode`'s).

    See :func:`newsschema.formats.sql.load.load` for what a load does and refuses;
    ``schema`` is the schema the tables are in (made if missing; else the connection's).
    """
    with (
        _connected(location, schema) as database,
        load.driver_errors(database.shown, _adbc().Error, _said),
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


def ids(location: str, *, layout: str = "tables", schema: str | None = None) -> pa.Array:
    """The article ids a database holds (none where it has no articles table yet)."""
    with _connected(location, schema) as database:
        return load.ids(database)


def read(location: str, *, where: str | None = None, schema: str | None = None) -> Iterator[Record]:
    """The articles of a database, in the order they were last written.

    ``where`` is a SQL condition on the articles (aliased ``a``) that chooses those read;
    ``schema`` the schema the tables are in.
    """
    dbapi = _adbc()
    try:
        with _connected(location, schema) as database:
            yield from load.read(database, where)
    except FormatError as exc:
        yield Record(None, error=ValidationError.single("", str(exc)))
    except dbapi.Error as exc:
        yield Record(None, error=ValidationError.single("", _said(exc)))
