"""DuckDB as a sink: the star layout's tables in a database file.

Named ``duckdb:PATH``::

    ns.write(articles, "duckdb:warehouse.duckdb")                 # a load: new ids only
    ns.write(articles, "duckdb:warehouse.duckdb", upsert=True)    # by id
    ns.write(articles, "duckdb:warehouse.duckdb", replace=True)   # the tables made anew
    ns.read("duckdb:warehouse.duckdb", where="a.language = 'ar'")

Rows go in from Arrow (DuckDB reads the batches in place), nested values as they are
(``STRUCT``, ``T[]``), so the SQL written for our Parquet runs here unchanged. With
``layout="nested"`` the database holds one ``articles`` table of the nested layout's columns
(keyed by ``id``), as ``articles.parquet`` does. One load is one transaction; DuckDB lets
one process write a file at a time (another is refused). ``memory_limit="512MB"`` bounds
DuckDB's buffers during a load; the keys of the load's rows stay in memory to its commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError, install_hint
from newsschema.formats import lake
from newsschema.formats._base import Record, Written
from newsschema.formats.sql import load
from newsschema.formats.star import TABLE_SCHEMAS

__all__ = ["ids", "read", "write_encoded"]


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise FormatError("DuckDB databases need duckdb: " + install_hint("duckdb")) from None
    return duckdb


class _DuckDB(load.Database):
    dialect = "duckdb"
    layouts = ("tables", "nested")
    keys_last = True  # no index kept up a row: 735 against 858 MiB for 80,000 articles
    bare_parts = True  # keys="articles": DuckDB holds a key's index in memory whole

    def columns(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for table, column in self.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_catalog = current_database() "
            "ORDER BY table_name, ordinal_position"
        ).fetchall():
            if table in TABLE_SCHEMAS:
                found.setdefault(table, []).append(column)
        return found

    def primary_key(self, table: str) -> tuple[str, ...]:
        found = self.execute(
            "SELECT constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND table_name = ? "
            "AND schema_name = current_schema() AND database_name = current_database()",
            (table,),
        ).fetchone()
        return () if found is None else tuple(found[0])

    def insert(self, table: str, rows: pa.RecordBatch) -> None:
        # A relation of the batch, not a registered view: DuckDB keeps what a registered
        # batch's scans allocated until the connection closes (a load's memory then grows
        # with its size: 0.89 against 0.55 GiB for 80,000 articles under memory_limit=256MB).
        self.connection.from_arrow(rows).insert_into(self.name(table))

    def rows(self, statement: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
        cursor = self.connection.cursor()  # a cursor of its own: the tables are read together
        statement = statement.replace(load.WINDOW, "TRUE")  # streamed whole, in order
        for batch in cursor.sql(statement).to_arrow_reader(4096):
            yield from batch.to_pylist()  # the values as Parquet's reader gives them

    def begin(self) -> None:
        self.connection.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def execute(self, statement: str, parameters: Iterable[Any] = ()) -> Any:
        return self.connection.execute(statement, list(parameters))

    def put_ids(self, ids: list[str]) -> None:
        self.connection.execute(f"DELETE FROM {load._IDS}")
        self.connection.register(
            "_newsschema_given", pa.table({"article_id": pa.array(ids, pa.string())})
        )
        try:
            self.connection.execute(f"INSERT INTO {load._IDS} SELECT * FROM _newsschema_given")
        finally:
            self.connection.unregister("_newsschema_given")


@contextlib.contextmanager
def _connected(
    location: str, *, writing: bool, memory_limit: str | None = None
) -> Iterator[_DuckDB]:
    duckdb = _duckdb()
    shown = f"duckdb:{location}"
    if not writing and not Path(location).exists():
        raise FormatError(f"{shown}: no such database file")
    try:
        connection = duckdb.connect(location, read_only=not writing)
    except duckdb.Error as exc:
        raise FormatError(f"{shown}: {str(exc).splitlines()[0]}") from None
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET enable_progress_bar = false")  # a library prints nothing
        if memory_limit is not None:
            _limited(connection, str(memory_limit), shown)
        yield _DuckDB(connection, shown)
    finally:
        connection.close()


def _limited(connection: Any, memory_limit: str, shown: str) -> None:
    """Bound the memory DuckDB's buffers take (past it, what a load holds goes to disk)."""
    try:
        connection.execute("SET memory_limit = " + "'" + memory_limit.replace("'", "''") + "'")
    except _duckdb().Error as exc:
        raise FormatError(
            f"{shown}: memory_limit={memory_limit!r} is not a size DuckDB takes "
            f"({str(exc).splitlines()[0]}); give one such as 512MB or 2GB"
        ) from None


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Any = (),
    layout: str = "tables",
    memory_limit: str | None = None,
    keys: str = "all",
) -> Written:
    """Load batches of the nested layout (:func:`~newsschema.formats.parquet.encode`'s).

    See :func:`newsschema.formats.sql.load.load` for what a load does and refuses;
    ``memory_limit`` bounds DuckDB's buffers (``"512MB"``; DuckDB's own default is 80% of
    the machine's memory): past it, what the load's transaction holds goes to disk.
    ``keys="articles"`` makes new tables with a key on ``articles`` only: DuckDB holds a
    key's index in memory whole, and the parts' keys take 1.4 to 1.8 KiB an article; without
    them, a load's peak stays flat under ``memory_limit`` whatever the number of articles.
    """
    with (
        _connected(location, writing=True, memory_limit=memory_limit) as database,
        load.driver_errors(database.shown, _duckdb().Error),
    ):
        return load.load(
            database,
            parts,
            upsert=upsert,
            replace=replace,
            partition_by=partition_by,
            layout=layout,
            keys=keys,
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
    duckdb = _duckdb()
    try:
        with _connected(location, writing=False) as database:
            yield from load.read(database, where)
    except FormatError as exc:
        yield Record(None, error=ValidationError.single("", str(exc)))
    except duckdb.Error as exc:  # a condition that names no column, a damaged file
        yield Record(None, error=ValidationError.single("", str(exc).splitlines()[0]))
