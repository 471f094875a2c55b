"""What the table formats (Delta Lake, Iceberg) share: the columns, their partitions, rows."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import dataset, parquet, tables
from newsschema.formats._base import Record, Written
from newsschema.formats.arrow import NESTED_SCHEMA, later_filled

__all__ = [
    "MODES",
    "NO_IDS",
    "PARTS",
    "STAR",
    "OneRowPerId",
    "Written",
    "added",
    "each_id_once",
    "mode_of",
    "one_row_per_id",
    "partition_keys",
    "partitioning",
    "pin",
    "pinned",
    "pinned_star_records",
    "quoted_ids",
    "record_of_row",
    "refuse_taken",
    "same_type",
    "star_records",
    "star_schema",
    "star_tables",
    "table_schema",
    "with_keys",
    "written",
]


def partition_keys(partition_by: Sequence[str] | str) -> tuple[str, ...]:
    """The partition keys asked for (a list, or names joined by commas), each one checked."""
    keys = tuple(
        key.strip()
        for key in (partition_by.split(",") if isinstance(partition_by, str) else partition_by)
    )
    unknown = [key for key in keys if key not in dataset.KEYS]
    if unknown:
        raise FormatError(
            f"cannot partition by {', '.join(unknown)}: choose among {', '.join(dataset.KEYS)}"
        )
    return keys


def partitioning(
    mode: str, asked: tuple[str, ...], there: tuple[str, ...] | None, shown: str
) -> tuple[str, ...]:
    """The partition keys a write uses: those asked for, or (none asked) the table's own.

    ``there`` is the table's partitioning (None where there is no table yet). Adding to a
    table, or upserting, keeps its partitioning: other keys are refused with the way out;
    ``replace`` makes the table anew, partitioned as asked.

    Raises:
        FormatError: other keys than the table's, when adding to it.
    """
    if there is None or mode == "replace":
        return asked
    if not asked or asked == there:
        return there
    has = ",".join(there) if there else "nothing"
    keep = f"--partition-by {','.join(there)}" if there else "no --partition-by"
    raise FormatError(
        f"{shown} is partitioned by {has}, not {','.join(asked)}: give {keep} to add to it "
        f"as it is, or --force (replace=True) to replace the table, partitioned by "
        f"{','.join(asked)}"
    )


def added(schema: pa.Schema, keys: Sequence[str]) -> list[str]:
    """The partition columns a table needs besides its own.

    A key it has (``language``, the article's own, never empty) partitions it as it is.
    """
    return [key for key in keys if key not in schema.names]


def table_schema(keys: Sequence[str]) -> pa.Schema:
    """A table's columns: the nested layout's, and its partition columns after them."""
    more = added(NESTED_SCHEMA, keys)
    return pa.schema([*NESTED_SCHEMA, *(pa.field(key, pa.string()) for key in more)])


def with_keys(batch: pa.RecordBatch, keys: Sequence[str], schema: pa.Schema) -> pa.RecordBatch:
    """A batch of the nested layout with its partition columns."""
    more = added(NESTED_SCHEMA, keys)
    columns = [*batch.columns, *(dataset.key_column(batch, key) for key in more)]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def same_type(found: pa.DataType, wanted: pa.DataType) -> bool:
    """Types alike but for nullability, names of list items and view or large variants."""
    if pa.types.is_struct(wanted):
        if not pa.types.is_struct(found):
            return False
        names = {found.field(i).name: found.field(i).type for i in range(found.num_fields)}
        return all(
            wanted.field(i).name not in names
            or same_type(names[wanted.field(i).name], wanted.field(i).type)
            for i in range(wanted.num_fields)
        )
    if pa.types.is_list(wanted):
        listed = bool(pa.types.is_list(found) or pa.types.is_large_list(found))
        return listed and same_type(found.value_type, wanted.value_type)
    if pa.types.is_string(wanted):
        return bool(
            pa.types.is_string(found)
            or pa.types.is_large_string(found)
            or found == pa.string_view()
        )
    if pa.types.is_timestamp(wanted):
        return bool(pa.types.is_timestamp(found))
    return bool(found.equals(wanted))


_LISTS = [field.name for field in NESTED_SCHEMA if pa.types.is_list(field.type)]


def record_of_row(row: dict[str, Any], where: str) -> Record:
    """A row as a record; a list column the table gained after the row was written is empty."""
    for name in _LISTS:
        if row.get(name) is None:
            row[name] = []
    for name in NESTED_SCHEMA.names:
        row.setdefault(name, None)
    try:
        return Record(parquet.article_record(row), where)
    except ValidationError as exc:
        return Record(row, where, error=exc)
    except (TypeError, AttributeError):
        problem = "a value that must be there is null (the table was written elsewhere)"
        return Record(row, where, error=ValidationError.single("", problem))


# The star layout in tables: one table per part, keyed as in the tables layout.

STAR = tuple(tables.TABLE_SCHEMAS)
"""The star layout's tables, each a table of its own (``articles``, ``quotes``, ...)."""
PARTS = tuple(name for name in STAR if name != "articles")
"""The tables of an article's parts, written before ``articles`` (see :func:`pin`)."""

_PIN = "newsschema.parts"


def pin(versions: dict[str, int]) -> dict[str, str]:
    """The commit properties that pin the parts' tables to ``versions``.

    A table format commits one table at a time. The star layout's writers commit the parts'
    tables first, then ``articles`` with these properties: the version (Delta) or snapshot
    (Iceberg) of every part's table that goes with it. A reader reads ``articles`` and then
    each part's table at its pinned version, so a write killed at any moment reads as the
    previous version or the new one, whole; and time travel by the articles table's version
    sees the parts as they were.
    """
    return {_PIN: json.dumps(versions, sort_keys=True)}


def pinned(properties: Any) -> dict[str, int] | None:
    """The parts' versions pinned in a commit's properties; None where there are none."""
    if not isinstance(properties, dict) or not isinstance(properties.get(_PIN), str):
        return None
    try:
        found = json.loads(properties[_PIN])
    except ValueError:
        return None
    if not isinstance(found, dict) or set(found) != set(PARTS):
        return None
    if not all(type(version) is int for version in found.values()):
        return None
    return found


def star_tables(
    parts: Iterable[tuple[pa.RecordBatch, int]], keys: Sequence[str]
) -> tuple[dict[str, pa.Table], int]:
    """The star layout's tables of batches of the nested layout, and how many articles.

    Each table has the partition columns of its articles after its own.
    """
    found: dict[str, list[pa.RecordBatch]] = {name: [] for name in STAR}
    position = 0
    for batch, _ in parts:
        key_columns = {key: dataset.key_column(batch, key) for key in keys}
        for name, rows in tables.star(batch, position).items():
            at = pc.index_in(rows.column("article_id"), value_set=batch.column("id"))
            more = added(tables.TABLE_SCHEMAS[name], keys)
            columns = [*rows.columns, *(key_columns[key].take(at) for key in more)]
            found[name].append(pa.RecordBatch.from_arrays(columns, schema=star_schema(name, keys)))
        position += batch.num_rows
    made = {name: pa.Table.from_batches(found[name], star_schema(name, keys)) for name in STAR}
    return made, position


def star_schema(name: str, keys: Sequence[str]) -> pa.Schema:
    """A star table's columns in a table format: the layout's, then the partition columns."""
    schema = tables.TABLE_SCHEMAS[name]
    return pa.schema([*schema, *(pa.field(key, pa.string()) for key in added(schema, keys))])


def pinned_star_records(
    articles: pa.Table,
    versions: dict[str, int] | None,
    travelled: str | None,
    part: Callable[[str, int | None], pa.Table],
) -> Iterator[Record]:
    """The star layout's articles, each part's table read by ``part`` at its pinned version.

    ``versions`` are the pins of the articles table's commit (None for tables written before
    pins, whose parts are read as they are now); ``travelled`` names the version asked for
    (time travel), which such tables cannot give.
    """
    if versions is None and travelled is not None:
        problem = (
            f"{travelled} of the star layout's tables was written before their versions were "
            "pinned together: read the tables without it"
        )
        yield Record(None, error=ValidationError.single("", problem))
        return
    found = {"articles": articles}
    for name in PARTS:
        found[name] = part(name, None if versions is None else versions[name])
    yield from star_records(found)


def star_records(found: dict[str, pa.Table]) -> Iterator[Record]:
    """The articles of star tables read from a table format, in the order of their ids.

    Each table is put in the order the tables layout has (by article, then by position), and
    read as the tables layout is read.
    """
    files: dict[str, pq.ParquetFile] = {}
    for name, schema in tables.TABLE_SCHEMAS.items():
        table = found[name].select(schema.names)
        order = [("article_id", "ascending")]
        order += [(f.name, "ascending") for f in schema if f.name.endswith("_position")]
        table = table.sort_by(order)
        if name == "articles":  # positions of this reading, in the order of the ids
            table = table.set_column(
                0, "article_position", pa.array(range(table.num_rows), pa.int64())
            )
        buffer = io.BytesIO()
        with parquet.parquet_writer(buffer, schema, "none") as writer:
            writer.write_table(later_filled(table, schema).cast(schema))
        buffer.seek(0)
        files[name] = pq.ParquetFile(buffer)
    yield from tables.read_files(files)


def quoted_ids(ids: Iterable[str]) -> str:
    """Ids as a SQL list of strings, for a predicate: ``'a', 'b''s'``."""
    return ", ".join("'" + article_id.replace("'", "''") + "'" for article_id in ids)


def each_id_once(ids: pa.Array | pa.ChunkedArray, location: str) -> None:
    """Refuse a write that gives an article id twice: a table holds one row per id.

    Raises:
        ValidationError: an id is there twice, named.
    """
    counts = pc.value_counts(ids)
    twice = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(twice):
        raise ValidationError.single(
            "id",
            f"{location}: a table holds one row per article, and this write gives "
            f"{_some(twice.to_pylist())} more than once",
        )


MODES = ("append", "upsert", "replace")
"""What a write does with the table: add rows, replace the rows of its ids, or replace all."""


def mode_of(upsert: bool, replace: bool) -> str:
    """The write's mode from its options.

    Raises:
        FormatError: both were asked for.
    """
    if upsert and replace:
        raise FormatError("upsert=True and replace=True: choose one (--upsert or --force)")
    return "upsert" if upsert else "replace" if replace else "append"


def written(mode: str, incoming: pa.Array | pa.ChunkedArray, there: pa.Array) -> Written:
    """What a write of these ids does to a table holding ``there`` (one row per id each).

    Rows of the table whose id the write gives are replaced by an upsert (all of them: a
    table holding an id twice is repaired); a replacing write leaves none.
    """
    if mode == "replace":
        return Written(len(incoming))
    kept = len(there) - int(pc.sum(pc.is_in(there, value_set=incoming)).as_py() or 0)
    replaced = int(pc.sum(pc.is_in(incoming, value_set=there)).as_py() or 0)
    return Written(len(incoming) - replaced, replaced, kept)


def refuse_taken(incoming: pa.Array | pa.ChunkedArray, there: pa.Array, location: str) -> None:
    """Refuse an append of articles whose ids the table holds already: it would hold two rows.

    Raises:
        ValidationError: some ids are in the table, named, with what to do.
    """
    taken = pc.filter(incoming, pc.is_in(incoming, value_set=there))
    if len(taken):
        raise ValidationError.single(
            "id",
            f"{location} holds {_some(taken.to_pylist())} already: give --upsert (upsert=True) "
            "to replace those articles' rows, or --force (replace=True) to replace the table",
        )


def _some(ids: list[str]) -> str:
    """Ids for a message: the first few, and how many more."""
    shown = ", ".join(repr(article_id) for article_id in ids[:3])
    more = f" and {len(ids) - 3:,} more" if len(ids) > 3 else ""
    noun = "the id" if len(ids) == 1 else "the ids"
    return f"{noun} {shown}{more}"


class OneRowPerId:
    """The check an append makes, batch by batch: no id twice, none the table holds already.

    Args:
        there: the ids the table holds.
        location: the table, as the user named it, for messages.
    """

    def __init__(self, there: pa.Array, location: str) -> None:
        self.there = there
        self.location = location
        self.seen: set[str] = set()

    def check(self, ids: pa.Array | pa.ChunkedArray) -> None:
        """Check a batch's ids.

        Raises:
            ValidationError: an id given twice, or held by the table, named.
        """
        each_id_once(ids, self.location)
        refuse_taken(ids, self.there, self.location)
        listed = ids.to_pylist()
        again = [article_id for article_id in listed if article_id in self.seen]
        if again:
            raise ValidationError.single(
                "id",
                f"{self.location}: a table holds one row per article, and this write gives "
                f"{_some(again)} more than once",
            )
        self.seen.update(listed)


def one_row_per_id(
    mode: str, ids: pa.Array | pa.ChunkedArray, there: pa.Array, location: str
) -> None:
    """Refuse a write that would leave a table holding an id twice.

    An append may give no id twice nor one the table holds (``there``); an upsert or a
    replacing write may give no id twice (it replaces the rows of those it gives).

    Raises:
        ValidationError: the ids that would be there twice, named.
    """
    if mode == "append":
        OneRowPerId(there, location).check(ids)
    else:
        each_id_once(ids, location)


NO_IDS = pa.array([], pa.string())
"""The ids of a table that is not there yet."""


@contextlib.contextmanager
def one_writer(table: str) -> Iterator[None]:
    """Let one writer at a time check a table's ids and commit, among this machine's processes.

    Table formats commit optimistically: two appends at once each find their ids new, and
    both commit (an append conflicts with nothing), so an id would be there twice. A writer
    holds an exclusive lock named after the table (in the system's temporary folder) from
    reading the table's ids to its last commit; another waits. Writers on other machines,
    or of other tools, are not held: :doc:`guarantees` says so.
    """
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): as other tools, unguarded
        yield
        return
    held = _HELD.__dict__.setdefault("tables", set())
    if table in held:  # a write within a write of this thread (a hook): it holds the turn
        yield
        return
    folder = Path(tempfile.gettempdir()) / f"newsschema-writers-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    name = hashlib.sha256(table.encode()).hexdigest()[:32]
    with open(folder / f"{name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(table)
        try:
            yield
        finally:
            held.discard(table)
            fcntl.flock(handle, fcntl.LOCK_UN)


_HELD = threading.local()
"""The tables whose turn this thread holds: a write nested in another (from a hook, or a
reader's callback) goes on rather than wait for itself."""
