"""Apache Iceberg tables: articles appended, or upserted by id, each write one commit.

Needs the ``iceberg`` extra (``pip install 'newsschema[iceberg]'``: pyiceberg with its SQL
catalog). Named ``iceberg:CATALOG.NAMESPACE.TABLE``::

    ns.write(articles, "iceberg:lake.news.articles")                # append
    ns.write(articles, "iceberg:lake.news.articles", upsert=True)   # by id
    ns.write(articles, "iceberg:lake.news.articles", replace=True)  # all rows replaced
    ns.read("iceberg:lake.news.articles", snapshot_id=...)          # time travel

``CATALOG`` is a catalog pyiceberg knows from its configuration (``~/.pyiceberg.yaml`` or
``PYICEBERG_CATALOG__<NAME>__*`` variables: REST, Glue, Hive, SQL, ...); a name it does not
know is a local SQL catalog (sqlite) in the folder of that name, holding the tables' files
too. The table holds the nested layout's columns (Iceberg has no 16-bit integers: the UTC
offsets are 32-bit there, and 16-bit again when read), and the partition columns when
partitioned (``year``, ``month``, ``day``, ``language``, as in a dataset).

Schema evolution: a newer model's fields are added to an older table
(``update_schema().union_by_name()``), in the commit that writes; a column of another type
is refused, naming it. Each write is one commit of the catalog, which refuses a commit made
on a version that is no longer the latest: another writer's commit first is retried (an
upsert on the new version), then said.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsschema.errors import FormatError, ValidationError, install_hint
from newsschema.formats import lake, parquet, registry
from newsschema.formats._base import Record
from newsschema.formats.arrow import LATER_FIELDS, NESTED_SCHEMA
from newsschema.model import Article

__all__ = ["FORMAT", "ids", "read", "write", "write_encoded"]

_ATTEMPTS = 3


def _pyiceberg() -> Any:
    try:
        import pyiceberg.catalog
        import pyiceberg.exceptions
    except ImportError:
        raise FormatError("Iceberg tables need pyiceberg: " + install_hint("iceberg")) from None
    return pyiceberg


def _catalog_and_name(location: str) -> tuple[Any, str]:
    """The catalog a location names, and the table's identifier in it."""
    pyiceberg = _pyiceberg()
    catalog_name, _, identifier = location.partition(".")
    if identifier.count(".") < 1 or not all(part.strip() for part in location.split(".")):
        raise FormatError(
            f"iceberg:{location}: name a table as iceberg:CATALOG.NAMESPACE.TABLE, "
            "with no part empty"
        )
    try:
        catalog = pyiceberg.catalog.load_catalog(catalog_name)
    except (ValueError, pyiceberg.exceptions.NotInstalledError):
        folder = os.path.abspath(catalog_name)  # not configured: a local SQL catalog
        os.makedirs(folder, exist_ok=True)
        from pyiceberg.catalog.sql import SqlCatalog

        catalog = SqlCatalog(
            catalog_name,
            uri=f"sqlite:///{folder}/catalog.db",
            warehouse=f"file://{folder}",
        )
    return catalog, identifier


def write(
    location: str,
    articles: Iterable[Article],
    *,
    upsert: bool = False,
    replace: bool = False,
    partition_by: Sequence[str] = (),
    layout: str = "parquet",
) -> int:
    """Append articles to an Iceberg table (made if it is not there), or upsert them by id."""
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
    """Write batches of the nested layout to an Iceberg table in one commit.

    The table holds one row per article id, always: an append refuses ids the table holds
    (naming them); an upsert deletes the rows of its ids (every one, so that a table holding
    an id twice is repaired) and appends its own, in one commit; ``replace=True`` replaces
    the table's rows (a new snapshot: time travel still sees the old ones).

    With ``layout="tables"``, the star layout: a table per part of the model, named
    ``TABLE_articles``, ``TABLE_quotes``, ... in the namespace. The parts' tables first, one
    commit each, then ``articles``, with the parts' snapshots pinned in its snapshot's
    properties (:func:`lake.pin`): a reader that goes by ``articles`` sees a whole run or
    none of it.

    Returns:
        How many articles were written, with how many were added and replaced, and the
        rows left unchanged.

    Raises:
        FormatError: a column of another type in the table, or other writers kept
            committing first.
        ValidationError: an id given twice, or (appending) held by the table already.
    """
    mode = lake.mode_of(upsert, replace)
    keys = lake.partition_keys(partition_by)
    catalog, identifier = _catalog_and_name(location)
    where = f"iceberg:{catalog.name}:{catalog.properties.get('uri', '')}:{identifier}"
    with lake.one_writer(where):
        catalog.create_namespace_if_not_exists(identifier.rsplit(".", 1)[0])
        return _write(catalog, identifier, location, parts, mode, keys, layout)


def _write(
    catalog: Any,
    identifier: str,
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    mode: str,
    keys: tuple[str, ...],
    layout: str,
) -> lake.Written:
    shown = f"iceberg:{location}"
    named = f"{identifier}_articles" if layout == "tables" else identifier
    there = _partitions(catalog.load_table(named)) if catalog.table_exists(named) else None
    keys = lake.partitioning(mode, keys, there, shown)
    if layout == "tables":
        found, _ = lake.star_tables(parts, keys)
        ids = found["articles"].column("article_id")
        there = _ids(catalog, f"{identifier}_articles", "article_id", mode)
        lake.one_row_per_id(mode, ids, there, shown)
        orphaned = _orphans_put_back(catalog, identifier) if mode != "replace" else set()
        for name in lake.PARTS:
            rows = found[name].cast(_iceberg_schema(found[name].schema))
            part_mode = "replace" if name in orphaned else mode
            _commit(
                catalog,
                f"{identifier}_{name}",
                rows,
                keys,
                part_mode,
                "article_id",
                location,
                ids=ids,
            )

        def pinning() -> dict[str, str]:
            tables = {name: catalog.load_table(f"{identifier}_{name}") for name in lake.PARTS}
            return lake.pin({name: t.current_snapshot().snapshot_id for name, t in tables.items()})

        rows = found["articles"].cast(_iceberg_schema(found["articles"].schema))
        _commit(
            catalog, f"{identifier}_articles", rows, keys, mode, "article_id", location, pinning
        )
        return lake.written(mode, ids, there)
    if layout != "parquet":
        raise FormatError(f"layout {layout!r}: choose 'parquet' or 'tables'")
    batches = [lake.with_keys(batch, keys, lake.table_schema(keys)) for batch, _ in parts]
    source = pa.Table.from_batches(batches, lake.table_schema(keys)).cast(_schema(keys))
    there = _ids(catalog, identifier, "id", mode)
    lake.one_row_per_id(mode, source.column("id"), there, shown)
    _commit(catalog, identifier, source, keys, mode, "id", location)
    return lake.written(mode, source.column("id"), there)


def _orphans_put_back(catalog: Any, identifier: str) -> set[str]:
    """Put the parts' tables back to the snapshots the articles table's snapshot pins.

    As Delta's writer does (:func:`newsschema.formats.delta._orphans_put_back`): rows of a
    run killed before its articles commit are seen by no reader, and the next writer must
    not build on them. Where no articles were ever committed, the names of the parts' tables
    a killed first run left are returned, to be overwritten.
    """
    tables = {
        name: catalog.load_table(f"{identifier}_{name}")
        for name in lake.STAR
        if catalog.table_exists(f"{identifier}_{name}")
    }
    snapshot = tables["articles"].current_snapshot() if "articles" in tables else None
    if snapshot is None:  # no articles were ever committed (a table is made before its rows)
        return set(tables) - {"articles"}
    summary = snapshot.summary
    pins = lake.pinned(dict(summary.additional_properties) if summary is not None else None)
    if pins is None:
        return set()  # tables written before pins: nothing tells what a run left
    for name in lake.PARTS:
        table: Any = tables.get(name)
        current = None if table is None else table.current_snapshot()
        if current is not None and current.snapshot_id != pins[name]:
            table.manage_snapshots().set_current_snapshot(pins[name]).commit()
    return set()


def ids(location: str, *, layout: str = "parquet") -> pa.Array:
    """The article ids an Iceberg table holds (none where there is no table yet)."""
    catalog, identifier = _catalog_and_name(location)
    if layout == "tables":
        return _ids(catalog, f"{identifier}_articles", "article_id", "append")
    return _ids(catalog, identifier, "id", "append")


def _ids(catalog: Any, identifier: str, column: str, mode: str) -> pa.Array:
    """The ids a table holds (its one column read); none where it is not there or replaced."""
    if mode == "replace" or not catalog.table_exists(identifier):
        return lake.NO_IDS
    found = catalog.load_table(identifier).scan(selected_fields=(column,)).to_arrow()
    return found.column(column).combine_chunks().cast(pa.string())


def _commit(
    catalog: Any,
    identifier: str,
    rows: pa.Table,
    keys: Sequence[str],
    mode: str,
    key: str,
    location: str,
    properties: Callable[[], dict[str, str]] = dict,
    ids: pa.Array | pa.ChunkedArray | None = None,
) -> None:
    """Write rows to one table in one commit: appended, upserted on ``key``, or replacing all.

    An upsert deletes every row of its articles (``ids``; by default the ``key`` column of
    ``rows``: a part's table is given the ids of all the articles written, so that the parts
    an article no longer has go too) and appends ``rows``. ``properties`` gives the
    snapshot's properties, again at each try.
    """
    pyiceberg = _pyiceberg()
    if not catalog.table_exists(identifier):
        table = catalog.create_table(identifier, schema=rows.schema)
        with table.transaction() as transaction:  # the partitions and the rows, one commit
            if keys:
                with transaction.update_spec() as spec:
                    for name in keys:
                        spec.add_identity(name)
            transaction.append(rows, snapshot_properties=properties())
        return
    for attempt in range(_ATTEMPTS):
        table = catalog.load_table(identifier)
        if mode != "replace":
            _refuse_breaking(table, rows.schema, location)
        try:
            with table.transaction() as transaction:
                with transaction.update_schema() as update:
                    update.union_by_name(rows.schema)
                if mode == "replace":  # partitioned anew, as asked
                    _repartition(transaction, _partitions(table), keys)
                    with warnings.catch_warnings():  # an empty table: nothing to delete
                        warnings.filterwarnings("ignore", "Delete operation did not match")
                        transaction.overwrite(rows, snapshot_properties=properties())
                else:
                    replaced = pc.unique(rows.column(key) if ids is None else ids).to_pylist()
                    if mode == "upsert" and replaced:
                        from pyiceberg.expressions import In

                        with warnings.catch_warnings():  # a part none of them had: fine
                            warnings.filterwarnings("ignore", "Delete operation did not match")
                            transaction.delete(In(key, replaced))
                    transaction.append(rows, snapshot_properties=properties())
        except (  # another writer committed first: what it changed conflicts with this
            pyiceberg.exceptions.CommitFailedException,
            pyiceberg.exceptions.ValidationException,
        ) as exc:
            if attempt == _ATTEMPTS - 1:
                raise FormatError(
                    f"iceberg:{location}: other writers kept committing first ({exc}); "
                    "nothing of this write was committed: run it again"
                ) from None
            continue
        except ValueError as exc:  # a change the table cannot take, as pyiceberg says it
            raise FormatError(f"iceberg:{location}: {exc}") from None
        return


def _partitions(table: Any) -> tuple[str, ...]:
    """The columns a table is partitioned by (identity partitions, as newsschema makes)."""
    schema = table.schema()
    return tuple(schema.find_column_name(field.source_id) for field in table.spec().fields)


def _repartition(transaction: Any, there: Sequence[str], keys: Sequence[str]) -> None:
    """Make a table's partitioning ``keys`` in a transaction (its columns already there)."""
    if tuple(there) == tuple(keys):
        return
    with transaction.update_spec() as spec:
        for name in there:
            spec.remove_field(name)
        for name in keys:
            spec.add_identity(name)


def _schema(keys: Sequence[str]) -> pa.Schema:
    """The table's Arrow schema: the nested layout's, as Iceberg holds it."""
    return _iceberg_schema(lake.table_schema(keys))


def _iceberg_schema(schema: pa.Schema) -> pa.Schema:
    """A schema as Iceberg holds it: 16-bit integers made 32-bit, lists optional.

    Lists are optional columns (a missing list reads as empty): Iceberg adds only optional
    columns to a table that has rows, and a newer model's lists must be addable.
    """
    fields = [_widened(field) for field in schema]
    return pa.schema([f.with_nullable(True) if pa.types.is_list(f.type) else f for f in fields])


def _widened(field: pa.Field) -> pa.Field:
    kind = field.type
    if kind == pa.int16():
        return field.with_type(pa.int32())
    if pa.types.is_struct(kind):
        inner = [_widened(kind.field(i)) for i in range(kind.num_fields)]
        if field.name in LATER_FIELDS:  # read as null from files written before it: so its
            inner = [f.with_nullable(True) for f in inner]  # fields too, as pyiceberg fills them
        return field.with_type(pa.struct(inner))
    if pa.types.is_list(kind):
        return field.with_type(pa.list_(_widened(kind.value_field)))
    return field


def _refuse_breaking(table: Any, schema: pa.Schema, location: str) -> None:
    have = table.schema().as_arrow()
    for field in schema:
        index = have.get_field_index(field.name)
        if index >= 0 and not lake.same_type(have.field(index).type, field.type):
            raise FormatError(
                f"iceberg:{location}: column {field.name!r} is {have.field(index).type} in the "
                f"table, but newsschema writes {field.type}: a change that would break the "
                "table's readers"
            )


def read(location: str, *, snapshot_id: int | None = None) -> Iterator[Record]:
    """Read the articles of an Iceberg table (at a snapshot, for time travel)."""
    pyiceberg = _pyiceberg()
    catalog, identifier = _catalog_and_name(location)
    if not catalog.table_exists(identifier) and catalog.table_exists(f"{identifier}_articles"):
        yield from _read_star(catalog, identifier, snapshot_id)
        return
    try:
        table = catalog.load_table(identifier)
    except pyiceberg.exceptions.NoSuchTableError:
        yield Record(None, error=ValidationError.single("", f"no Iceberg table iceberg:{location}"))
        return
    if snapshot_id is not None and table.snapshot_by_id(snapshot_id) is None:
        known = [snapshot.snapshot_id for snapshot in table.snapshots()]
        problem = f"iceberg:{location} has no snapshot {snapshot_id}" + (
            f" (its latest is {known[-1]})" if known else " (it has none)"
        )
        yield Record(None, error=ValidationError.single("", problem))
        return
    have = table.schema().as_arrow()
    columns = tuple(name for name in NESTED_SCHEMA.names if have.get_field_index(name) >= 0)
    scan = table.scan(selected_fields=columns, snapshot_id=snapshot_id)
    index = 0
    for batch in scan.to_arrow_batch_reader():
        for row in batch.to_pylist():
            yield lake.record_of_row(row, f"[{index}]")
            index += 1


def _read_star(catalog: Any, identifier: str, snapshot_id: int | None) -> Iterator[Record]:
    """The star layout's tables: ``articles`` (at ``snapshot_id``), and each part's table.

    Each part's table is read at the snapshot pinned in the articles table's snapshot.
    """
    articles = catalog.load_table(f"{identifier}_articles")
    snapshot = (
        articles.current_snapshot() if snapshot_id is None else articles.snapshot_by_id(snapshot_id)
    )
    if snapshot_id is not None and snapshot is None:
        problem = f"the star layout's articles table has no snapshot {snapshot_id}"
        yield Record(None, error=ValidationError.single("", problem))
        return
    summary = snapshot.summary if snapshot is not None else None
    versions = lake.pinned(dict(summary.additional_properties) if summary is not None else None)
    at = None if snapshot is None else snapshot.snapshot_id

    def part(name: str, pinned: int | None) -> pa.Table:
        return catalog.load_table(f"{identifier}_{name}").scan(snapshot_id=pinned).to_arrow()

    travelled = None if snapshot_id is None else f"snapshot {snapshot_id}"
    yield from lake.pinned_star_records(
        articles.scan(snapshot_id=at).to_arrow(), versions, travelled, part
    )


FORMAT = registry.by_name("iceberg")
"""This format, as the registry describes it."""
