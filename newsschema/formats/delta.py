"""Delta Lake tables: articles appended, or upserted by id, each write one commit.

Needs the ``delta`` extra (``pip install 'newsschema[delta]'``, delta-rs: no JVM). Named
``delta:<path or URL>``::

    ns.write(articles, "delta:warehouse/articles")                      # append
    ns.write(articles, "delta:warehouse/articles", upsert=True)         # by id
    ns.write(articles, "delta:warehouse/articles", replace=True)        # all rows replaced
    ns.write(articles, "delta:warehouse/articles", partition_by=["year", "month"])
    ns.read("delta:warehouse/articles", version=3)                      # time travel

The table holds the nested layout's columns (the same schema as a Parquet file of it), and,
when partitioned, the partition columns ``year``, ``month``, ``day`` or ``language`` beside
them (the publication date as the article gives it, as in a dataset). Reading gives the
articles back exactly as written. A table holds one row per article id: an append refuses
ids it holds already (give ``upsert=True``, or ``--upsert``).

Schema evolution: a newer model's optional fields are added to an older table
(``schema_mode="merge"``); its old rows read back with them empty. A change that would
break the table's readers — a column of another type — is refused, naming the column.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError, install_hint
from newsschema.formats import lake, parquet, registry
from newsschema.formats._base import Record
from newsschema.formats.arrow import NESTED_SCHEMA
from newsschema.model import Article

__all__ = ["FORMAT", "ids", "read", "write", "write_encoded"]

_ATTEMPTS = 3
"""Commits tried when another writer committed first (an upsert is tried again on the new
version: safe, since it says what each id's row must be)."""


def _deltalake() -> Any:
    try:
        import deltalake
    except ImportError:
        raise FormatError("Delta Lake tables need delta-rs: " + install_hint("delta")) from None
    return deltalake


def write(
    location: str,
    articles: Iterable[Article],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Sequence[str] = (),
    layout: str = "parquet",
) -> int:
    """Append articles to a Delta table (made if it is not there), or upsert them by id."""
    parts = ((parquet.encode(batch), len(batch)) for batch in parquet.batches(articles))
    return write_encoded(
        location, parts, upsert=upsert, replace=replace, partition_by=partition_by, layout=layout
    )


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Sequence[str] | str = (),
    layout: str = "parquet",
) -> lake.Written:
    """Write batches of the nested layout to a Delta table in one commit.

    The table holds one row per article id, always: an append refuses ids the table holds
    (naming them); an upsert replaces the rows of its ids (every one, so that a table
    holding an id twice is repaired) and adds the others; ``replace=True`` replaces the
    table's rows (a new version: time travel still sees the old ones).

    Returns:
        How many articles were written, with how many were added and replaced, and the
        rows left unchanged.

    Raises:
        FormatError: the table's schema would break (a column of another type), its
            partitioning differs, or another writer kept committing first.
        ValidationError: an id given twice, or (appending) held by the table already.
    """
    deltalake = _deltalake()
    mode = lake.mode_of(upsert, replace)
    keys = lake.partition_keys(partition_by)
    with lake.one_writer(f"delta:{_where(location)}"):
        return _write(deltalake, location, parts, mode, keys, layout)


def _where(location: str) -> str:
    """A table's location, the same however it is spelled (a local folder's real path)."""
    return location if "://" in location else os.path.realpath(location)


def _write(
    deltalake: Any,
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    mode: str,
    keys: tuple[str, ...],
    layout: str,
) -> lake.Written:
    if layout not in ("parquet", "tables"):
        raise FormatError(f"layout {layout!r}: choose 'parquet' or 'tables'")
    star = layout == "tables"
    existing = _table(deltalake, f"{location}/articles" if star else location)
    parts = iter(parts)
    first = next(parts, None)
    if first is None and existing is not None and mode != "replace":
        held = _ids(existing, "article_id" if star else "id")
        return lake.Written(0, 0, len(held))  # nothing to add: no empty commit, either layout
    parts = itertools.chain([] if first is None else [first], parts)
    if star:
        keys = lake.partitioning(mode, keys, _partitions(existing), f"delta:{location}")
        return _write_star(deltalake, location, parts, mode, keys)
    keys = lake.partitioning(mode, keys, _partitions(existing), f"delta:{location}")
    schema = lake.table_schema(keys)
    if existing is not None and mode != "replace":
        _refuse_breaking(existing, schema, location)
    there = _ids(existing, "id") if mode != "replace" else lake.NO_IDS
    check = lake.OneRowPerId(there, f"delta:{location}")
    count = 0
    failed: list[BaseException] = []  # what the batches raised, under delta-rs's own error

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal count
        try:
            for batch, rows in parts:
                if mode != "upsert":
                    check.check(batch.column("id"))
                count += rows
                yield lake.with_keys(batch, keys, schema)
        except BaseException as exc:  # an invalid record, Ctrl-C: said as itself
            failed.append(exc)
            raise

    try:
        if mode != "upsert":  # streamed: a large load is never held whole
            deltalake.write_deltalake(
                location,
                pa.RecordBatchReader.from_batches(schema, batches()),
                mode="overwrite" if mode == "replace" else "append",
                partition_by=list(keys) if mode == "replace" else list(keys) or None,
                schema_mode=_schema_mode(mode, existing),
            )
            return lake.Written(count, 0, len(there))
        source = pa.Table.from_batches(list(batches()), schema)  # tried again on a conflict
        lake.each_id_once(source.column("id"), f"delta:{location}")
        if existing is None:
            deltalake.write_deltalake(location, source, partition_by=list(keys) or None)
        else:
            _replace_rows(deltalake, location, source, "id")
    except Exception as exc:
        if failed:  # delta-rs wraps what the batches raised in an error of its own
            raise failed[0] from None
        if isinstance(exc, deltalake.exceptions.DeltaError):  # a partitioning, a bad path
            raise FormatError(f"delta:{location}: {_delta_problem(exc)}") from None
        raise
    return lake.written(mode, source.column("id"), there)


def _partitions(table: Any) -> tuple[str, ...] | None:
    """The columns a table is partitioned by; None where there is no table."""
    return None if table is None else tuple(table.metadata().partition_columns)


def _schema_mode(mode: str, existing: Any) -> str | None:
    """Replacing a table replaces its schema; adding to one adds the new model's columns."""
    if mode == "replace":
        return "overwrite"
    return "merge" if existing is not None else None


def _delta_problem(exc: Exception) -> str:
    """delta-rs's refusal, said as what to do where it is a known one."""
    said = str(exc)
    if "partitioning does not match" in said.lower() or "partition columns" in said.lower():
        return (
            "the table is partitioned otherwise than --partition-by asks (a table keeps the "
            "partitioning it was made with): leave --partition-by out, or give --force to "
            f"replace the table ({said.splitlines()[0]})"
        )
    return said


def _ids(table: Any, column: str) -> pa.Array:
    """The ids a table holds (its one column read), or none where there is no table."""
    if table is None:
        return lake.NO_IDS
    ids = table.to_pyarrow_dataset().to_table(columns=[column]).column(column)
    return ids.combine_chunks().cast(pa.string())


def ids(location: str, *, layout: str = "parquet") -> pa.Array:
    """The article ids a Delta table holds (none where there is no table yet)."""
    deltalake = _deltalake()
    if layout == "tables":
        return _ids(_table(deltalake, f"{location}/articles"), "article_id")
    return _ids(_table(deltalake, location), "id")


def _write_star(
    deltalake: Any,
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    mode: str,
    keys: tuple[str, ...],
) -> lake.Written:
    """The star layout: a Delta table per part of the model, in a folder.

    The parts' tables first, each in one commit (appended; for an upsert, the rows of the
    articles it replaces overwritten by theirs; replaced whole for ``replace``), then
    ``articles`` the same way, with the parts' versions pinned in its commit
    (:func:`lake.pin`): a reader that goes by ``articles`` sees a whole run, or none of it.
    """
    found, _ = lake.star_tables(parts, keys)
    ids = found["articles"].column("article_id")
    tables_there = {name: _table(deltalake, f"{location}/{name}") for name in lake.STAR}
    orphaned = _orphans_put_back(tables_there) if mode != "replace" else set()
    there = lake.NO_IDS if mode == "replace" else _ids(tables_there["articles"], "article_id")
    lake.one_row_per_id(mode, ids, there, f"delta:{location}")
    if mode != "replace":
        for name, table in tables_there.items():
            if table is not None:
                _refuse_breaking(table, found[name].schema, f"{location}/{name}")

    def commit(name: str, properties: Callable[[], Any] = lambda: None) -> None:
        path, rows = f"{location}/{name}", found[name]
        if tables_there[name] is None:
            deltalake.write_deltalake(
                path, rows, partition_by=list(keys) or None, commit_properties=properties()
            )
        elif name in orphaned:  # only rows of a first run that never committed its articles
            deltalake.write_deltalake(
                path,
                rows,
                mode="overwrite",
                schema_mode="overwrite",
                partition_by=list(keys),
                commit_properties=properties(),
            )
        elif mode == "upsert":  # the replaced articles' rows and theirs, one commit
            _replace_rows(deltalake, path, rows, "article_id", ids.to_pylist(), properties)
        else:
            deltalake.write_deltalake(
                path,
                rows,
                mode="overwrite" if mode == "replace" else "append",
                schema_mode=_schema_mode(mode, tables_there[name]),
                partition_by=list(keys) if mode == "replace" else list(keys) or None,
                commit_properties=properties(),
            )

    def pinning() -> Any:
        versions = {name: _table(deltalake, f"{location}/{name}").version() for name in lake.PARTS}
        return deltalake.CommitProperties(custom_metadata=lake.pin(versions))

    try:
        for name in lake.PARTS:
            commit(name)
        commit("articles", pinning)
    except deltalake.exceptions.DeltaError as exc:
        raise FormatError(f"delta:{location}: {_delta_problem(exc)}") from None
    return lake.written(mode, ids, there)


def _orphans_put_back(tables: dict[str, Any]) -> set[str]:
    """Put the parts' tables back to the versions the articles table's last commit pins.

    A run killed after some of its parts' commits and before its articles commit leaves
    rows no reader sees (readers go by the pins); the next writer must not build on them
    either, or an article would have its parts twice. Each part's table ahead of its pin is
    restored to it (a commit of its own). Where there is no articles table, a first run was
    killed: the names of the parts' tables it left are returned, to be overwritten.
    """
    if tables["articles"] is None:
        return {name for name in lake.PARTS if tables[name] is not None}
    latest = tables["articles"].history(limit=1)
    pins = lake.pinned(latest[0]) if latest else None
    if pins is None:
        return set()  # tables written before pins: nothing tells what a run left
    for name in lake.PARTS:
        table = tables[name]
        if table is not None and table.version() > pins[name]:
            table.restore(pins[name])
            table.update_incremental()
    return set()


def _replace_rows(
    deltalake: Any,
    location: str,
    rows: pa.Table,
    key: str,
    ids: list[str] | None = None,
    properties: Callable[[], Any] = lambda: None,
) -> None:
    """Replace the rows of some articles (every row of each: duplicates go) in one commit.

    ``ids`` are the articles' (by default, the ``key`` column of ``rows``); ``properties``
    gives the commit's properties, again at each try, as another writer's commit first is
    tried again on the new version (safe: the commit says what each id's rows are).
    """
    listed = rows.column(key).to_pylist() if ids is None else ids
    predicate = f"{key} IN ({lake.quoted_ids(listed)})" if listed else None
    for attempt in range(_ATTEMPTS):
        try:
            deltalake.write_deltalake(
                location,
                rows,
                mode="overwrite" if predicate else "append",
                predicate=predicate,
                schema_mode="merge",
                commit_properties=properties(),
            )
        except deltalake.exceptions.CommitFailedError as exc:
            if attempt == _ATTEMPTS - 1:
                raise FormatError(
                    f"delta:{location}: other writers kept committing first ({exc}); "
                    "nothing of this write was committed: run it again"
                ) from None
            continue
        return
    raise AssertionError("unreachable")  # pragma: no cover


def _table(deltalake: Any, location: str) -> Any:
    try:
        return deltalake.DeltaTable(location)
    except deltalake.exceptions.TableNotFoundError:
        return None


def _refuse_breaking(table: Any, schema: pa.Schema, location: str) -> None:
    """Refuse a write that would change a column's type: the table's readers would break."""
    have = pa.schema(table.schema().to_arrow())
    for field in schema:
        index = have.get_field_index(field.name)
        if index < 0:
            continue  # a new column: added (schema evolution)
        found = have.field(index).type
        if not lake.same_type(found, field.type):
            raise FormatError(
                f"{location}: column {field.name!r} is {found} in the table, but newsschema "
                f"writes {field.type}: a change that would break the table's readers"
            )


def read(location: str, *, version: int | None = None) -> Iterator[Record]:
    """Read the articles of a Delta table (at ``version``, for time travel).

    A folder of the star layout's tables is read whole, its articles in the order of their
    ids (a table of tables has no version of its own: ``version`` is refused there).
    """
    deltalake = _deltalake()
    if _table(deltalake, location) is None and _table(deltalake, f"{location}/articles"):
        yield from _read_star(deltalake, location, version)
        return
    try:
        table = _at_version(deltalake, location, version)
    except deltalake.exceptions.TableNotFoundError:
        yield Record(None, error=ValidationError.single("", f"no Delta table at {location}"))
        return
    except ValidationError as exc:
        yield Record(None, error=exc)
        return
    except Exception as exc:  # noqa: BLE001 - delta-rs raises several kinds
        yield Record(None, error=ValidationError.single("", f"cannot read {location}: {exc}"))
        return
    have = pa.schema(table.schema().to_arrow())
    columns = [name for name in NESTED_SCHEMA.names if have.get_field_index(name) >= 0]
    index = 0
    for batch in table.to_pyarrow_dataset().to_batches(columns=columns):
        for row in batch.to_pylist():
            yield lake.record_of_row(row, f"[{index}]")
            index += 1


def _at_version(deltalake: Any, location: str, version: int | None) -> Any:
    """A table as it is, or as it was at ``version``.

    A version past the latest is refused at once (delta-rs would look for it for a time that
    grows with the number asked), and one whose log is gone in plain words.

    Raises:
        ValidationError: there is no such version.
    """
    latest = deltalake.DeltaTable(location)
    if version is None or version == latest.version():
        return latest
    if version > latest.version():
        problem = f"{location} has no version {version}: its latest is {latest.version()}"
        raise ValidationError.single("", problem)
    try:
        return deltalake.DeltaTable(location, version=version)
    except Exception:  # noqa: BLE001 - delta-rs says so in its own words, of its kernel
        problem = (
            f"{location} no longer has version {version} (its log was cleaned up): "
            f"its latest is {latest.version()}"
        )
        raise ValidationError.single("", problem) from None


def _read_star(deltalake: Any, location: str, version: int | None) -> Iterator[Record]:
    """The star layout's tables: ``articles`` (at ``version``), and each part's table.

    Each part's table is read at the version pinned in the articles table's commit.
    """
    try:
        articles = _at_version(deltalake, f"{location}/articles", version)
    except ValidationError as exc:
        yield Record(None, error=exc)
        return
    except Exception as exc:  # noqa: BLE001 - delta-rs raises several kinds
        yield Record(None, error=ValidationError.single("", f"cannot read {location}: {exc}"))
        return
    # The history of the latest version (delta-rs numbers a time-travelled one's from it).
    commits = deltalake.DeltaTable(f"{location}/articles").history()
    at = articles.version()
    versions = next((lake.pinned(c) for c in commits if c.get("version") == at), None)

    def part(name: str, pinned: int | None) -> pa.Table:
        return deltalake.DeltaTable(f"{location}/{name}", version=pinned).to_pyarrow_table()

    travelled = None if version is None else f"version {version}"
    yield from lake.pinned_star_records(articles.to_pyarrow_table(), versions, travelled, part)


FORMAT = registry.by_name("delta")
"""This format, as the registry describes it."""
