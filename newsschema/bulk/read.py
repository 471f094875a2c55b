"""The bulk path's first stage: lines of canonical JSON read by Arrow's JSON reader (C++).

Columns of the canonical JSON's shape, typed as the model types every field; a block the
reader refuses is halved until the lines it cannot read are found, and left aside.
"""

from __future__ import annotations

import io
import re
import types
import typing
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, Union

import attrs
import pyarrow as pa
import pyarrow.json as pj

from newsschema.dates import PartialDate
from newsschema.model import (
    Article,
    LanguageMap,
)

__all__ = ["JSON_SCHEMA", "READ_THREADS", "read_tables"]

READ_THREADS: ContextVar[bool] = ContextVar("READ_THREADS", default=True)
"""Whether Arrow's reader uses every core: not in a worker of a cluster that has one per core."""

_LABELS = pa.struct([])
"""A language map: an object whose keys (the tags) are not known before; the reader infers them."""


def _json_type(kind: Any) -> pa.DataType:
    """The Arrow type the JSON reader reads a field of ``kind`` as."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = tuple(arg for arg in typing.get_args(kind) if arg is not type(None))
        if options == (int, float):
            return pa.float64()  # the exact number (1 or 1.0) is read apart, see _Figures
        if len(options) > 1:  # a publication date: a timestamp or a day, both strings
            return pa.string()
        return _json_type(options[0])
    if origin is tuple:
        return pa.list_(_json_type(typing.get_args(kind)[0]))
    if kind is LanguageMap:
        return _LABELS
    if attrs.has(kind) and kind is not PartialDate:
        attrs.resolve_types(kind)
        return pa.struct([(f.name, _json_type(f.type)) for f in attrs.fields(kind)])
    if kind is int:
        return pa.int64()
    if kind is float:
        return pa.float64()  # 1 is read as 1.0, as the detailed path takes it
    return pa.string()  # text, enums, timestamps and partial dates


attrs.resolve_types(Article)
JSON_SCHEMA = pa.schema(
    [
        ("schema_version", pa.int64()),
        *((f.name, _json_type(f.type)) for f in attrs.fields(Article)),
    ]
)
"""The canonical JSON of an article as the JSON reader reads it: every field nullable (a
missing required field is found after), language maps as structs of the tags found."""


_ROW = re.compile(r" in row (\d+)")
_BLOCK = 1 << 20
_PARSE = pa.json.ParseOptions(explicit_schema=JSON_SCHEMA, unexpected_field_behavior="infer")


def read_tables(
    positions: list[int],
    lines: Sequence[bytes],
    tables: list[tuple[pa.Table, list[int]]],
    left: set[int],
    joined: bytes | None = None,
) -> None:
    """Parse the lines at ``positions``; a line the reader refuses is left to the detailed path.

    The lines are parsed on every core, in blocks; when that fails, again in one block, in
    which the reader names the row of a parse error. For errors it does not place (a value it
    cannot convert, a key it does not know), the lines are parsed again in halves.
    ``joined`` is the lines at ``positions`` as one text, when the caller has it.
    """
    threads = READ_THREADS.get()
    if len(positions) < len(lines):
        joined = None  # the text of other lines than these
    while positions:
        data = joined if joined is not None else _joined([lines[i] for i in positions])
        if threads:
            options = pj.ReadOptions(use_threads=True, block_size=_BLOCK)
        else:
            options = pj.ReadOptions(use_threads=False, block_size=max(len(data) + 1, _BLOCK))
        try:
            table = pj.read_json(io.BytesIO(data), read_options=options, parse_options=_PARSE)
        except (pa.ArrowException, UnicodeDecodeError, ValueError) as exc:
            if threads:  # again in one block, in which rows are counted from the first line
                threads = False
                continue
            row = _ROW.search(str(exc))
            named = int(row.group(1)) if row is not None else len(positions)
            # The row the reader names is where it noticed, not always the line at fault (a
            # type it inferred from the line before): believed only if that line fails alone.
            if named < len(positions) and not _reads_alone(lines[positions[named]]):
                left.add(positions.pop(named))
                joined = None
                continue
        else:
            try:
                table.validate(full=True)  # the reader passes text that is not UTF-8 through
                fits = _fits(table.schema)
            except (pa.ArrowInvalid, UnicodeDecodeError):  # text or a key that is not UTF-8
                fits = False
            # A line may hold two objects, or none (white space), to the reader: not a row each.
            if fits and table.num_rows == len(positions):
                tables.append((table, positions))
                return
        if len(positions) == 1:
            left.add(positions[0])
            return
        half = len(positions) // 2
        read_tables(positions[:half], lines, tables, left)
        read_tables(positions[half:], lines, tables, left)
        return


def _joined(lines: list[bytes]) -> bytes:
    """Lines as one string of bytes, each ended (lines split from a block have no ends)."""
    if any(line.endswith(b"\n") for line in lines):
        return b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines)
    return b"\n".join(lines) + b"\n"


def _reads_alone(line: bytes) -> bool:
    """Whether the reader takes a line by itself, as one row of the model's keys."""
    data = line if line.endswith(b"\n") else line + b"\n"
    options = pj.ReadOptions(use_threads=False, block_size=len(data) + 1)
    try:
        table = pj.read_json(io.BytesIO(data), read_options=options, parse_options=_PARSE)
        table.validate(full=True)
        return table.num_rows == 1 and _fits(table.schema)
    except (pa.ArrowException, UnicodeDecodeError, ValueError):
        return False


def _fits(schema: pa.Schema) -> bool:
    """Whether the reader found only the keys the model has (any tags in language maps)."""
    return schema.names == JSON_SCHEMA.names and all(
        _fits_type(have.type, want.type) for have, want in zip(schema, JSON_SCHEMA, strict=True)
    )


def _fits_type(have: pa.DataType, want: pa.DataType) -> bool:
    if want.equals(_LABELS):  # any tags, but each of them text
        return pa.types.is_struct(have) and all(
            pa.types.is_string(have.field(i).type) and _is_text(have.field(i))
            for i in range(have.num_fields)
        )
    if pa.types.is_struct(want):
        return (
            pa.types.is_struct(have)
            and [have.field(i).name for i in range(have.num_fields)]
            == [want.field(i).name for i in range(want.num_fields)]
            and all(
                _fits_type(have.field(i).type, want.field(i).type) for i in range(want.num_fields)
            )
        )
    if pa.types.is_list(want):
        return pa.types.is_list(have) and _fits_type(have.value_type, want.value_type)
    return bool(have.equals(want))


def _is_text(field: pa.Field) -> bool:
    """Whether a key the reader found is UTF-8 (it passes any bytes through as a name)."""
    try:
        field.name  # noqa: B018 - decoded when read
    except UnicodeDecodeError:
        return False
    return True
