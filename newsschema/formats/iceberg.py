"""Apache Iceberg tables: articles appended, or upserted by id, each write one commit.

Needs the ``iceberg`` extra (``pip install 'newsschema[iceberg]'``: pyiceberg with its SQL
catalog). Named ``iceberg:CATALOG.NAMESPACE.TABLE``::

    ns.write(articles, "iceberg:lake.news.articles")                # append
    ns.write(articles, "iceberg:lake.news.articles", upsert=True)   # by id
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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import lake, parquet
from newsschema.formats._base import Format, Record
from newsschema.formats.arrow import NESTED_SCHEMA
from newsschema.model import Article

__all__ = ["FORMAT", "read", "write", "write_encoded"]

_ATTEMPTS = 3


def _pyiceberg() -> Any:
    try:
        import pyiceberg.catalog
        import pyiceberg.exceptions
    except ImportError:
        raise FormatError(
            "Iceberg tables need pyiceberg: pip install 'newsschema[iceberg]'"
        ) from None
    return pyiceberg


def _catalog_and_name(location: str) -> tuple[Any, str]:
    """The catalog a location names, and the table's identifier in it."""
    pyiceberg = _pyiceberg()
    catalog_name, _, identifier = location.partition(".")
    if not catalog_name or identifier.count(".") < 1:
        raise FormatError(f"iceberg:{location}: name a table as iceberg:CATALOG.NAMESPACE.TABLE")
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
    partition_by: Sequence[str] = (),
) -> int:
    """Append articles to an Iceberg table (made if it is not there), or upsert them by id."""
    parts = ((parquet.encode(batch), len(batch)) for batch in parquet.batches(articles))
    return write_encoded(location, parts, upsert=upsert, partition_by=partition_by)


def write_encoded(
    location: str,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    upsert: bool = False,
    partition_by: Sequence[str] | str = (),
) -> int:
    """Write batches of the nested layout to an Iceberg table in one commit; return how many.

    Raises:
        FormatError: a column of another type in the table, or other writers kept
            committing first.
        ValidationError: an id given twice to an upsert.
    """
    pyiceberg = _pyiceberg()
    keys = lake.partition_keys(partition_by)
    schema = _schema(keys)
    batches = [lake.with_keys(batch, keys, lake.table_schema(keys)) for batch, _ in parts]
    source = pa.Table.from_batches(batches, lake.table_schema(keys)).cast(schema)
    if upsert and len(pc.unique(source.column("id"))) < source.num_rows:
        raise ValidationError.single("id", "an upsert gives each article id once; some are twice")
    catalog, identifier = _catalog_and_name(location)
    namespace = identifier.rsplit(".", 1)[0]
    catalog.create_namespace_if_not_exists(namespace)
    if not catalog.table_exists(identifier):
        table = catalog.create_table(identifier, schema=schema)
        with table.transaction() as transaction:  # the partitions and the rows, one commit
            if keys:
                with transaction.update_spec() as spec:
                    for key in keys:
                        spec.add_identity(key)
            transaction.append(source)
        return int(source.num_rows)
    for attempt in range(_ATTEMPTS):
        table = catalog.load_table(identifier)
        _refuse_breaking(table, schema, location)
        try:
            with table.transaction() as transaction:
                with transaction.update_schema() as update:
                    update.union_by_name(schema)
                if upsert:
                    transaction.upsert(source, join_cols=["id"])
                else:
                    transaction.append(source)
        except ValueError as exc:  # a change the table cannot take, as pyiceberg says it
            raise FormatError(f"iceberg:{location}: {exc}") from None
        except pyiceberg.exceptions.CommitFailedException as exc:
            if attempt == _ATTEMPTS - 1:
                raise FormatError(
                    f"iceberg:{location}: other writers kept committing first ({exc}); "
                    "nothing of this write was committed: run it again"
                ) from None
            continue
        return int(source.num_rows)
    raise AssertionError("unreachable")  # pragma: no cover


def _schema(keys: Sequence[str]) -> pa.Schema:
    """The table's Arrow schema: the nested layout's, 16-bit integers made 32-bit.

    Lists are optional columns (a missing list reads as empty): Iceberg adds only optional
    columns to a table that has rows, and a newer model's lists must be addable.
    """
    fields = [_widened(field) for field in lake.table_schema(keys)]
    return pa.schema([f.with_nullable(True) if pa.types.is_list(f.type) else f for f in fields])


def _widened(field: pa.Field) -> pa.Field:
    kind = field.type
    if kind == pa.int16():
        return field.with_type(pa.int32())
    if pa.types.is_struct(kind):
        return field.with_type(pa.struct([_widened(kind.field(i)) for i in range(kind.num_fields)]))
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
    try:
        table = catalog.load_table(identifier)
    except pyiceberg.exceptions.NoSuchTableError:
        yield Record(None, error=ValidationError.single("", f"no Iceberg table iceberg:{location}"))
        return
    have = table.schema().as_arrow()
    columns = tuple(name for name in NESTED_SCHEMA.names if have.get_field_index(name) >= 0)
    scan = table.scan(selected_fields=columns, snapshot_id=snapshot_id)
    index = 0
    for batch in scan.to_arrow_batch_reader():
        for row in batch.to_pylist():
            yield lake.record_of_row(row, f"[{index}]")
            index += 1


FORMAT = Format(
    name="iceberg",
    suffixes=(),
    description="an Apache Iceberg table, named iceberg:CATALOG.NAMESPACE.TABLE",
    read=read,
    write=write,
    options=("upsert", "partition_by"),
    read_options=("snapshot_id",),
    encode=parquet.encode,
    write_encoded=write_encoded,
    location=True,
)
