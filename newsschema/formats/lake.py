"""What the table formats (Delta Lake, Iceberg) share: the columns, their partitions, rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import dataset, parquet
from newsschema.formats._base import Record
from newsschema.formats.arrow import NESTED_SCHEMA

__all__ = ["partition_keys", "record_of_row", "same_type", "table_schema", "with_keys"]


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


def table_schema(keys: Sequence[str]) -> pa.Schema:
    """A table's columns: the nested layout's, and its partition columns after them."""
    return pa.schema([*NESTED_SCHEMA, *(pa.field(key, pa.string()) for key in keys)])


def with_keys(batch: pa.RecordBatch, keys: Sequence[str], schema: pa.Schema) -> pa.RecordBatch:
    """A batch of the nested layout with its partition columns."""
    columns = [*batch.columns, *(dataset.key_column(batch, key) for key in keys)]
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
