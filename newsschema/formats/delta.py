"""Delta Lake tables: articles appended, or upserted by id, each write one commit.

Needs the ``delta`` extra (``pip install 'newsschema[delta]'``, delta-rs: no JVM). Named
``delta:<path or URL>``::

    ns.write(articles, "delta:warehouse/articles")                      # append
    ns.write(articles, "delta:warehouse/articles", upsert=True)         # MERGE by id
    ns.write(articles, "delta:warehouse/articles", partition_by=["year", "month"])
    ns.read("delta:warehouse/articles", version=3)                      # time travel

The table holds the nested layout's columns (the same schema as a Parquet file of it), and,
when partitioned, the partition columns ``year``, ``month``, ``day`` or ``language`` beside
them (the publication date as the article gives it, as in a dataset). Reading gives the
articles back exactly as written.

Schema evolution: a newer model's optional fields are added to an older table
(``schema_mode="merge"``); its old rows read back with them empty. A change that would
break the table's readers — a column of another type — is refused, naming the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import lake, parquet
from newsschema.formats._base import Format, Record
from newsschema.formats.arrow import NESTED_SCHEMA
from newsschema.model import Article

__all__ = ["FORMAT", "read", "write", "write_encoded"]

_ATTEMPTS = 3
"""Commits tried when another writer committed first (an upsert is tried again on the new
version: safe, since it says what each id's row must be)."""


def _deltalake() -> Any:
    try:
        import deltalake
    except ImportError:
        raise FormatError(
            "Delta Lake tables need delta-rs: pip install 'newsschema[delta]'"
        ) from None
    return deltalake


def write(
    location: str,
    articles: Iterable[Article],
    *,
    upsert: bool = False,
    partition_by: Sequence[str] = (),
    layout: str = "parquet",
) -> int:
    """Append articles to a Delta table (made if it is not there), or upsert them by id."""
    parts = ((parquet.encode(batch), len(batch)) for batch in parquet.batches(articles))
    return write_encoded(location, parts, upsert=upsert, partition_by=partition_by, layout=layout)


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    partition_by: Sequence[str] | str = (),
    layout: str = "parquet",
) -> int:
    """Write batches of the nested layout to a Delta table in one commit; return how many.

    Raises:
        FormatError: the table's schema would break (a column of another type), its
            partitioning differs, or another writer kept committing first.
        ValidationError: an id given twice to an upsert.
    """
    deltalake = _deltalake()
    keys = lake.partition_keys(partition_by)
    if layout == "tables":
        return _write_star(deltalake, location, parts, upsert, keys)
    if layout != "parquet":
        raise FormatError(f"layout {layout!r}: choose 'parquet' or 'tables'")
    schema = lake.table_schema(keys)
    count = 0

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal count
        for batch, rows in parts:
            count += rows
            yield lake.with_keys(batch, keys, schema)

    existing = _table(deltalake, location)
    if existing is not None:
        _refuse_breaking(existing, schema, location)
    try:
        if not upsert:
            deltalake.write_deltalake(
                location,
                pa.RecordBatchReader.from_batches(schema, batches()),
                mode="append",
                partition_by=list(keys) or None,
                schema_mode="merge" if existing is not None else None,
            )
            return count
        source = pa.Table.from_batches(list(batches()), schema)  # tried again on a conflict
        lake.each_id_once(source.column("id"))
        if existing is None:
            deltalake.write_deltalake(location, source, partition_by=list(keys) or None)
            return count
        _merge(deltalake, location, source)
    except deltalake.exceptions.DeltaError as exc:  # a partitioning of its own, a bad path
        raise FormatError(f"delta:{location}: {exc}") from None
    return count


def _write_star(
    deltalake: Any,
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    upsert: bool,
    keys: tuple[str, ...],
) -> int:
    """The star layout: a Delta table per part of the model, in a folder.

    The parts' tables first, each in one commit (appended; for an upsert, the rows of the
    articles it replaces overwritten by theirs), then ``articles`` (appended, or merged by
    ``article_id``) with the parts' versions pinned in its commit (:func:`lake.pin`): a
    reader that goes by ``articles`` sees a whole run, or none of it.
    """
    found, count = lake.star_tables(parts, keys)
    ids = found["articles"].column("article_id")
    if upsert:
        lake.each_id_once(ids)
    tables_there = {name: _table(deltalake, f"{location}/{name}") for name in lake.STAR}
    for name, table in tables_there.items():
        if table is not None:
            _refuse_breaking(table, found[name].schema, f"{location}/{name}")
    replaced = f"article_id IN ({lake.quoted_ids(ids.to_pylist())})"
    try:
        for name in lake.PARTS:
            path, rows = f"{location}/{name}", found[name]
            if tables_there[name] is None:
                deltalake.write_deltalake(path, rows, partition_by=list(keys) or None)
            elif upsert and len(ids):  # the replaced articles' rows and theirs, one commit
                deltalake.write_deltalake(
                    path, rows, mode="overwrite", predicate=replaced, schema_mode="merge"
                )
            else:
                deltalake.write_deltalake(path, rows, mode="append", schema_mode="merge")

        def pinning() -> Any:
            versions = {
                name: _table(deltalake, f"{location}/{name}").version() for name in lake.PARTS
            }
            return deltalake.CommitProperties(custom_metadata=lake.pin(versions))

        path, rows = f"{location}/articles", found["articles"]
        if tables_there["articles"] is None:
            deltalake.write_deltalake(
                path, rows, partition_by=list(keys) or None, commit_properties=pinning()
            )
        elif upsert:
            _merge(deltalake, path, rows, "article_id", pinning)
        else:
            deltalake.write_deltalake(
                path, rows, mode="append", schema_mode="merge", commit_properties=pinning()
            )
    except deltalake.exceptions.DeltaError as exc:
        raise FormatError(f"delta:{location}: {exc}") from None
    return count


def _merge(
    deltalake: Any,
    location: str,
    source: pa.Table,
    key: str = "id",
    properties: Callable[[], Any] = lambda: None,
) -> None:
    """Upsert by id in one commit; tried again when another writer committed first.

    ``properties`` gives the commit's properties, again at each try.
    """
    for attempt in range(_ATTEMPTS):
        table = _table(deltalake, location)
        try:
            (
                table.merge(
                    source,
                    predicate=f"t.{key} = s.{key}",
                    source_alias="s",
                    target_alias="t",
                    merge_schema=True,
                    commit_properties=properties(),
                )
                .when_matched_update_all()
                .when_not_matched_insert_all()
                .execute()
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
        table = deltalake.DeltaTable(location, version=version)
    except deltalake.exceptions.TableNotFoundError:
        yield Record(None, error=ValidationError.single("", f"no Delta table at {location}"))
        return
    except Exception as exc:  # noqa: BLE001 - delta-rs raises several kinds (a version not there)
        yield Record(None, error=ValidationError.single("", f"cannot read {location}: {exc}"))
        return
    have = pa.schema(table.schema().to_arrow())
    columns = [name for name in NESTED_SCHEMA.names if have.get_field_index(name) >= 0]
    index = 0
    for batch in table.to_pyarrow_dataset().to_batches(columns=columns):
        for row in batch.to_pylist():
            yield lake.record_of_row(row, f"[{index}]")
            index += 1


def _read_star(deltalake: Any, location: str, version: int | None) -> Iterator[Record]:
    """The star layout's tables: ``articles`` (at ``version``), and each part's table.

    Each part's table is read at the version pinned in the articles table's commit.
    """
    try:
        articles = deltalake.DeltaTable(f"{location}/articles", version=version)
    except Exception as exc:  # noqa: BLE001 - delta-rs raises several kinds (a version not there)
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


FORMAT = Format(
    name="delta",
    suffixes=(),
    description="a Delta Lake table, named delta:PATH (append, or upsert=True by id)",
    read=read,
    write=write,
    options=("upsert", "partition_by", "layout"),
    read_options=("version",),
    encode=parquet.encode,
    write_encoded=write_encoded,
    location=True,
)
