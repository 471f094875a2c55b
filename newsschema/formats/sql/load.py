"""Loading articles into a database and reading them back: what the SQL sinks share.

A load is one transaction: it commits whole, or (an error, a refusal, a kill) leaves the
database as it was. The star layout's tables hold one row per article id, as the table
formats do: a load refuses ids the database holds (naming them), an upsert deletes every row
of its ids from every table and inserts theirs, a replacing load drops the tables and makes
them anew. Tables another tool made (other columns, another key) are refused, not altered.

Articles are read back in the order they were last written (``article_position`` counts on
from the last load's), each as canonical JSON gives it, byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson
import pyarrow as pa

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import lake, tables
from newsschema.formats._base import Record, Written
from newsschema.formats.sql import columns
from newsschema.formats.star import TABLE_SCHEMAS

__all__ = ["Database", "as_json", "driver_errors", "given", "layout_of", "load", "read"]

WINDOW = "{window}"
"""Where a read's query takes the bounds of a page of articles (by ``a.article_position``)."""

_IDS = "_newsschema_ids"
"""A temporary table of the ids a batch gives: deletes and lookups join it."""


class Database:
    """A connection to one database, as the loads and reads use it.

    A dialect's subclass says how rows go in (:meth:`insert`) and come out (:meth:`rows`),
    and how its catalog is asked; the statements here are plain SQL every dialect takes.

    Attributes:
        shown: how the target is named in messages (``duckdb:warehouse.db``).
        dialect: ``duckdb``, ``postgresql`` or ``sqlite``.
        schema: the schema (namespace) the tables are in, where the database has several.
    """

    dialect = ""
    marker = "?"  # how a statement's parameters are written
    keys_last = False  # whether a load into new tables adds their keys after the rows
    bare_parts = False  # whether part tables may go without keys (a load's keys="articles")
    layouts: tuple[str, ...] = ("tables",)  # the layouts a dialect keeps (-O layout=)

    def __init__(self, connection: Any, shown: str, schema: str | None = None) -> None:
        self.connection = connection
        self.shown = shown
        self.schema = schema

    def name(self, table: str) -> str:
        """A table's name in statements, in its schema where there is one."""
        return f'"{self.schema}"."{table}"' if self.schema else f'"{table}"'

    def execute(self, statement: str, parameters: Iterable[Any] = ()) -> Any:
        """Run a statement; return its cursor."""
        cursor = self.connection.cursor()
        cursor.execute(statement, tuple(parameters))
        return cursor

    def scalar(self, statement: str) -> Any:
        """The one value a query gives (None for no row)."""
        row = self.execute(statement).fetchone()
        return None if row is None else row[0]

    # What each dialect says in its own way.

    def columns(self) -> dict[str, list[str]]:
        """The tables of the layout's names that the database has, with their columns."""
        raise NotImplementedError

    def primary_key(self, table: str) -> tuple[str, ...]:
        """The columns of a table's primary key, in order."""
        raise NotImplementedError

    def insert(self, table: str, rows: pa.RecordBatch) -> None:
        """Insert a batch of the layout's rows into a table."""
        raise NotImplementedError

    def rows(self, statement: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
        """The rows a query gives, as the layout's Parquet reader gives them (builtins).

        The query's condition holds :data:`WINDOW`, which a dialect that reads a page of
        articles at a time fills with the page's bounds (else with ``TRUE``).
        """
        raise NotImplementedError

    def begin(self) -> None:
        """Open the load's transaction."""
        self.execute("BEGIN")

    def commit(self) -> None:
        """Commit the load's transaction."""
        self.execute("COMMIT")

    def rollback(self) -> None:
        """Undo the load's transaction: the database as it was."""
        self.execute("ROLLBACK")

    def create_ids(self) -> None:
        """Make the temporary table of a batch's ids (the connection's own)."""
        self.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_IDS} (article_id TEXT)")

    def put_ids(self, ids: list[str]) -> None:
        """Make the temporary table of ids hold these."""
        self.execute(f"DELETE FROM {_IDS}")
        self.connection.cursor().executemany(
            f"INSERT INTO {_IDS} VALUES ({self.marker})", [(i,) for i in ids]
        )


def as_json(value: Any) -> str:
    """A nested value (a list, a struct) as the JSON text a database keeps of it."""
    return orjson.dumps(value).decode()  # timestamps as RFC 3339, dates as YYYY-MM-DD


def given(value: Any, kind: pa.DataType) -> Any:
    """A value a database kept, as the layout's Parquet reader gives it.

    A nested value kept as JSON text is parsed, and its timestamps and dates made again.
    """
    if value is None:
        return None
    if isinstance(value, str) and (pa.types.is_list(kind) or pa.types.is_struct(kind)):
        return _typed(orjson.loads(value), kind)
    return _typed(value, kind)


def _typed(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_list(kind):
        return [_typed(item, kind.value_type) for item in value]
    if pa.types.is_struct(kind):
        return {field.name: _typed(value.get(field.name), field.type) for field in kind}
    if pa.types.is_timestamp(kind) and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if pa.types.is_date(kind) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if pa.types.is_floating(kind):
        return float(value)
    return value


@contextlib.contextmanager
def _transaction(database: Database) -> Iterator[None]:
    database.begin()
    try:
        yield
    except BaseException:
        database.rollback()
        raise
    database.commit()


def load(
    database: Database,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Any = (),
    layout: str = "tables",
    keys: str = "all",
) -> Written:
    """Load batches of the nested layout into the star layout's tables, in one transaction.

    ``keys="articles"``: tables made by this load get a primary key on ``articles`` only;
    the parts' rows stay one per (article, position) as the loads write them (each removes
    an id's rows before it inserts them) without an index kept of them. Tables made before
    keep the keys they were made with.

    Returns:
        How many articles were written, with how many were added and replaced, and the
        articles left unchanged.

    Raises:
        FormatError: the tables there are not this layout's (another tool's), or an option
            a database does not take.
        ValidationError: an id given twice, or (not upserting) held by the database already.
    """
    mode = lake.mode_of(upsert, replace)
    if partition_by:
        raise FormatError(f"{database.shown}: a database's tables are not partitioned")
    if layout not in database.layouts:
        raise FormatError(
            f"{database.shown}: layout {layout!r}: a {database.dialect} database takes "
            + " or ".join(repr(name) for name in database.layouts)
        )
    nested = layout == "nested"
    schemas = _schemas(nested)
    key = columns.keys("articles", nested=nested)[0]
    with _transaction(database):
        there = database.columns()
        if mode == "replace":
            for table in there:
                database.execute(f"DROP TABLE {database.name(table)}")
            there = {}
        parts_keyed = _refuse_strangers(database, there, nested)
        if parts_keyed is None:  # no part table yet: this load makes them
            parts_keyed = keys == "all"
        missing = [table for table in schemas if table not in there]
        keyed = [table for table in missing if parts_keyed or table == "articles"]
        keys_last = database.keys_last and bool(missing)
        for statement in [
            *columns.create(
                database.dialect, keyed, database.schema, keyed=not keys_last, nested=nested
            ),
            *columns.create(
                database.dialect,
                [t for t in missing if t not in keyed],
                database.schema,
                keyed=False,
            ),
        ]:
            database.execute(statement)
        new = "articles" in missing  # no id held before this load: none to look up
        held = int(database.scalar(f"SELECT count(*) FROM {database.name('articles')}"))
        position = database.scalar(f"SELECT max(article_position) FROM {database.name('articles')}")
        position = 0 if position is None else int(position) + 1
        database.create_ids()
        seen: set[str] = set()
        added = replaced = 0
        for batch in _chunks(parts):
            ids = batch.column("id").to_pylist()
            _once(ids, seen, database.shown)
            taken = [] if new else _taken(database, ids, key)
            if taken and mode != "upsert":
                lake.refuse_taken(
                    pa.array(ids, pa.string()), pa.array(taken, pa.string()), database.shown
                )
            if taken:
                for table in schemas:
                    database.execute(
                        f"DELETE FROM {database.name(table)} "
                        f"WHERE {key if table == 'articles' else 'article_id'} "
                        f"IN (SELECT article_id FROM {_IDS})"
                    )
            for table, rows in _rows(batch, position, nested).items():
                if rows.num_rows:
                    database.insert(table, rows)
            position += batch.num_rows
            added += len(ids) - len(taken)
            replaced += len(taken)
        if keys_last:
            for statement in columns.keys_added(
                database.dialect, keyed, database.schema, nested=nested
            ):
                database.execute(statement)
    return Written(added, replaced, held - replaced)


def _taken(database: Database, ids: list[str], key: str) -> list[str]:
    """The ids of a batch that the database holds."""
    database.put_ids(ids)
    return [
        row[0]
        for row in database.execute(
            f"SELECT {key} FROM {database.name('articles')} "
            f"WHERE {key} IN (SELECT article_id FROM {_IDS})"
        ).fetchall()
    ]


@contextlib.contextmanager
def driver_errors(
    shown: str,
    error: type[BaseException],
    said: Callable[[BaseException], str] = lambda exc: str(exc).splitlines()[0],
) -> Iterator[None]:
    """A database driver's error as one line naming the database.

    Out of memory, of disk, a connection lost: the load's transaction is undone by then.
    """
    try:
        yield
    except error as exc:
        raise FormatError(f"{shown}: {said(exc)}") from None


def _schemas(nested: bool) -> dict[str, pa.Schema]:
    """The tables of a layout: the star layout's, or the nested layout's one."""
    return {"articles": columns.NESTED_TABLE} if nested else TABLE_SCHEMAS


def _rows(batch: pa.RecordBatch, position: int, nested: bool) -> dict[str, pa.RecordBatch]:
    """A batch of the nested layout as the rows of a layout's tables."""
    if not nested:
        return tables.star(batch, position)
    positions = pa.array(range(position, position + batch.num_rows), pa.int64())
    return {
        "articles": pa.RecordBatch.from_arrays(
            [positions, *batch.columns], schema=columns.NESTED_TABLE
        )
    }


def layout_of(there: dict[str, list[str]]) -> str | None:
    """The layout a database's tables are (``tables`` or ``nested``), None for no table."""
    if "articles" not in there:
        return None
    return "nested" if there["articles"] == columns.NESTED_TABLE.names else "tables"


_CHUNK_BYTES = 32 * 1024 * 1024
"""Bytes of articles (Arrow's measure) a load takes at a time: a statement costs the same
for 200 rows as for 20,000, and memory stays bounded whatever the load's size."""


def _chunks(parts: Iterable[tuple[pa.RecordBatch, int]]) -> Iterator[pa.RecordBatch]:
    """The parts' batches, put together into chunks of about :data:`_CHUNK_BYTES`."""
    pending: list[pa.RecordBatch] = []
    size = 0
    for batch, _ in parts:
        pending.append(batch)
        size += batch.nbytes
        if size >= _CHUNK_BYTES:
            yield pa.concat_batches(pending)
            pending, size = [], 0
    if pending:
        yield pa.concat_batches(pending)


def _once(ids: list[str], seen: set[str], shown: str) -> None:
    for article_id in ids:
        if article_id in seen:
            raise ValidationError.single(
                "id",
                f"{shown}: a table holds one row per article, and this load gives "
                f"{article_id!r} twice",
            )
        seen.add(article_id)


def _refuse_strangers(database: Database, there: dict[str, list[str]], nested: bool) -> bool | None:
    """Refuse tables of the layout's names that are not the layout's: never alter them.

    Returns whether the part tables there have their keys (a load with ``keys="articles"``
    made them without), None where there is no part table.
    """
    found = layout_of(there)
    if found is not None and (found == "nested") != nested:
        called = {"tables": "the star layout (a table per part)", "nested": "the nested layout"}
        raise FormatError(
            f"{database.shown} holds {called[found]}, and this load is "
            f"{called['nested' if nested else 'tables']}: give -O layout={found}, or --force "
            "to replace the tables"
        )
    schemas = _schemas(nested)
    parts_keyed: bool | None = None
    for table, names in there.items():
        if table not in schemas:
            if nested:
                raise FormatError(
                    f"{database.shown}: table {table!r} is the star layout's, beside the nested "
                    "layout's articles: give --force to replace the tables"
                )
            continue
        wanted = schemas[table].names
        if names != wanted:
            extra = [name for name in names if name not in wanted]
            lacking = [name for name in wanted if name not in names]
            said = "; ".join(
                part
                for part in (
                    f"columns not ours: {', '.join(extra)}" if extra else "",
                    f"columns missing: {', '.join(lacking)}" if lacking else "",
                    "its columns in another order" if not extra and not lacking else "",
                )
                if part
            )
            raise FormatError(
                f"{database.shown}: table {table!r} was not made by newsschema ({said}); "
                "it is left as it is: load elsewhere, or give --force to replace the tables"
            )
        key = database.primary_key(table)
        wanted_key = columns.keys(table, nested=nested)
        part = table != "articles" and bool(wanted_key)
        if part and (key == wanted_key or (database.bare_parts and not key)):  # keys="articles"
            if parts_keyed is None or parts_keyed == bool(key):
                parts_keyed = bool(key)
                continue
            wanted_key = () if key else wanted_key  # as the other parts are
        if key != wanted_key:
            raise FormatError(
                f"{database.shown}: table {table!r} was not made by newsschema (its key is "
                f"({', '.join(key)}), not ({', '.join(wanted_key)})); it is left as "
                "it is: load elsewhere, or give --force to replace the tables"
            )
    return parts_keyed


def ids(database: Database) -> pa.Array:
    """The article ids a database holds (none where it has no articles table)."""
    layout = layout_of(database.columns())
    if layout is None:
        return lake.NO_IDS
    key = columns.keys("articles", nested=layout == "nested")[0]
    found = database.execute(f"SELECT {key} FROM {database.name('articles')}").fetchall()
    return pa.array([row[0] for row in found], pa.string())


def read(database: Database, where: str | None = None) -> Iterator[Record]:
    """The articles of a database, in the order they were last written.

    ``where`` is a SQL condition on the ``articles`` table (aliased ``a``) that chooses the
    articles read: ``a.language = 'ar'``.
    """
    there = database.columns()
    if "articles" not in there:
        problem = f"{database.shown} holds no articles table (nothing was loaded there)"
        yield Record(None, error=ValidationError.single("", problem))
        return
    nested = layout_of(there) == "nested"
    try:
        _refuse_strangers(database, there, nested)
    except FormatError as exc:
        yield Record(None, error=ValidationError.single("", str(exc)))
        return
    chosen = f" WHERE ({where}) AND {WINDOW}" if where else f" WHERE {WINDOW}"
    if nested:
        from newsschema.formats.parquet import row_record

        statement = (
            f"SELECT * FROM {database.name('articles')} a{chosen} ORDER BY a.article_position"
        )
        for index, row in enumerate(database.rows(statement, columns.NESTED_TABLE)):
            del row["article_position"]
            yield row_record(row, f"[{index}]")
        return
    rows: dict[str, Iterator[dict[str, Any]]] = {}
    for table, schema in TABLE_SCHEMAS.items():
        positions = [f'p."{name}"' for name in columns.keys(table)[1:]]
        if table == "spans":
            positions = ['p."owner"', 'p."owner_position"', 'p."phase_position"',
                         'p."span_position"']  # fmt: skip
        if table == "articles":
            statement = (
                f"SELECT * FROM {database.name(table)} a{chosen} ORDER BY a.article_position"
            )
        else:
            order = ", ".join(["a.article_position", *positions])
            statement = (
                f"SELECT p.* FROM {database.name(table)} p JOIN {database.name('articles')} a "
                f"ON a.article_id = p.article_id{chosen} ORDER BY {order}"
            )
        rows[table] = database.rows(statement, schema)
    rows["articles"] = _numbered(rows["articles"])
    yield from tables.read_rows(rows)


def _numbered(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The articles' rows with their positions in this reading (the reader checks them)."""
    for index, row in enumerate(rows):
        row["article_position"] = index
        yield row
