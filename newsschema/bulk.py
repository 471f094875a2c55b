"""The bulk path: lines of canonical JSON to the nested layout's Arrow columns, checked in Arrow.

Reading JSON Lines into Parquet article by article builds millions of Python objects only to
take them apart again. Here a chunk of lines is parsed by Arrow's JSON reader (C++) into
columns of the canonical JSON's shape, with the types the model gives every field, unknown
keys and duplicate keys refused; the rules are then checked on whole columns with
``pyarrow.compute``, and the columns turned into the nested layout's. Python runs once per
distinct value (a language tag, a date, a url), not once per article.

Nothing is decided here that the detailed path (:func:`newsschema.convert.structure_article`)
would decide otherwise: a line this path is unsure of (it breaks a rule, or holds what the
reader cannot tell apart, such as an explicit ``null``) is left to the detailed path, which
takes it or says what is wrong with it, exactly as it does for any line. The tests feed valid
and broken records to both and compare.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import itertools
import os
import re
import sys
import types
import typing
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Annotated, Any, Union

import attrs
import msgspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from newsschema import checks, convert
from newsschema.dates import PartialDate
from newsschema.errors import ValidationError
from newsschema.formats.arrow import NESTED_SCHEMA, PARTIAL_DATE, sound_struct
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    EntityKind,
    LanguageMap,
    Number,
    Published,
    Statistic,
)

__all__ = ["ENABLED", "JSON_SCHEMA", "READ_THREADS", "Checked", "check_lines"]

ENABLED = os.environ.get("NEWSSCHEMA_BULK", "1") != "0"
"""Whether conversions to Parquet take the bulk path; ``NEWSSCHEMA_BULK=0`` turns it off (the
test suite runs both ways, and a user may compare)."""

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


@attrs.frozen
class Checked:
    """What the bulk path made of a chunk of lines.

    Attributes:
        batch: the rows of the valid articles, in the nested layout, in the lines' order.
        taken: the positions (in the lines given) of the rows of ``batch``.
        left: the positions of the lines left to the detailed path.
        ids: the ids of the articles in ``batch``, in its order.
    """

    batch: pa.RecordBatch
    taken: list[int]
    left: list[int]
    ids: list[str]


def check_lines(lines: Sequence[bytes], data: bytes | None = None) -> Checked:
    """Check lines of canonical JSON and turn the valid ones into rows of the nested layout.

    ``data``, when the caller has it: the lines as one text, each ended by a newline (the
    block they were split from), which then is not made again.
    """
    # A line the reader could not read as one row is the detailed path's: one holding "null"
    # (a null may be there), a byte order mark, or white space alone (no row at all, which
    # would let a line of two objects pass unseen in the count of rows); and one that is not
    # an object from end to end as our lines are (a file of pretty-printed JSON, a binary
    # file), which the reader would be asked again and again to place in halves.
    left: set[int] = {
        i
        for i, line in enumerate(lines)
        if not line.startswith(b"{") or not line.endswith(_OBJECT_ENDS) or b"null" in line
    }
    tables: list[tuple[pa.Table, list[int]]] = []
    _read([i for i in range(len(lines)) if i not in left], lines, tables, left, data)
    batches: list[pa.RecordBatch] = []
    taken: list[int] = []
    for table, positions in tables:
        chunk = _Chunk(table, [lines[i] for i in positions])
        batch = chunk.convert()
        keep = [row for row in range(table.num_rows) if row not in chunk.bad]
        left.update(positions[row] for row in chunk.bad)
        if len(keep) < table.num_rows:
            batch = batch.take(pa.array(keep, pa.int32()))
        batches.append(batch)
        taken.extend(positions[row] for row in keep)
    table = pa.Table.from_batches(batches, NESTED_SCHEMA)
    if any(earlier > later for earlier, later in itertools.pairwise(taken)):
        order = sorted(range(len(taken)), key=taken.__getitem__)  # back into the lines' order
        table = table.take(pa.array(order, pa.int64()))
    batch = _as_batch(table)
    return Checked(batch, sorted(taken), sorted(left), batch.column("id").to_pylist())


def _as_batch(table: pa.Table) -> pa.RecordBatch:
    """A table as one record batch (an empty one for no rows)."""
    batches = table.combine_chunks().to_batches()
    return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=NESTED_SCHEMA)


_OBJECT_ENDS = (b"}", b"}\r", b"}\n", b"}\r\n")
_ROW = re.compile(r" in row (\d+)")
_BLOCK = 1 << 20
_PARSE = pa.json.ParseOptions(explicit_schema=JSON_SCHEMA, unexpected_field_behavior="infer")


def _read(
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
        _read(positions[:half], lines, tables, left)
        _read(positions[half:], lines, tables, left)
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


_Whole = Annotated[int, msgspec.Meta(ge=checks.INT64_MIN, le=checks.INT64_MAX)]
_Fraction = Annotated[float, msgspec.Meta(ge=-sys.float_info.max, le=sys.float_info.max)]


class _Figure(msgspec.Struct, gc=False):
    value: _Whole | _Fraction | None = None
    value_max: _Whole | _Fraction | None = None


class _Figures(msgspec.Struct):
    """The figures of an article, read exactly.

    The JSON reader reads 1 and 1.0 alike; msgspec tells them apart, passing over the rest
    of the line in C without building anything.
    """

    statistics: list[_Figure] = []


_FIGURES = msgspec.json.Decoder(_Figures)


class _Chunk:
    """One table the reader made: its rows checked, and turned into the nested layout."""

    def __init__(self, table: pa.Table, lines: list[bytes]) -> None:
        self.table = table
        self.lines = lines
        self.bad: set[int] = set()
        # the dates as read: indices into values, or (moments, offsets) read on columns
        self.dates_read: dict[str, tuple[pa.Array, Any]] = {}
        self.figures_of: list[tuple[Any, Any]] = []  # the exact figures of the statistics

    def mark(self, rows: pa.Array, where: pa.Array | None = None) -> None:
        """Mark the rows (those where ``where`` is true) as left to the detailed path."""
        if where is not None:
            rows = rows.filter(pc.fill_null(where, False))
        if len(rows):
            self.bad.update(rows.to_pylist())

    def convert(self) -> pa.RecordBatch:
        table = self.table.combine_chunks()
        rows = pa.array(range(table.num_rows), pa.int64())
        version = table.column("schema_version").combine_chunks()
        self.mark(rows, pc.invert(pc.equal(pc.fill_null(version, -1), SCHEMA_VERSION)))
        article = pa.StructArray.from_arrays(
            [table.column(name).combine_chunks() for name in JSON_SCHEMA.names[1:]],
            names=JSON_SCHEMA.names[1:],
        )
        columns = self.fields(article, Article, rows, list(NESTED_SCHEMA))
        batch = pa.RecordBatch.from_arrays(columns, schema=NESTED_SCHEMA)
        _WholeArticles(self, batch, rows).run()
        return batch

    # From the reader's columns to the layout's, checking each field on the way.

    def fields(
        self, array: pa.StructArray, cls: type, rows: pa.Array, target: list[pa.Field]
    ) -> list[pa.Array]:
        """The layout's columns for the fields of ``cls``, from a struct of the reader's."""
        children = array.flatten()
        present = pc.is_valid(array)
        made: list[pa.Array] = []
        columns = iter(target)
        for index, field in enumerate(attrs.fields(cls)):
            kind = field.type
            width = _width(kind)
            wanted = [next(columns) for _ in range(width)]
            child = children[index]
            required = field.default is attrs.NOTHING
            if required:
                self.mark(rows, pc.and_(present, pc.is_null(child)))
            default = None if required else field.default
            made.extend(self.field(child, cls, field.name, kind, default, rows, wanted))
        return made

    def field(
        self,
        array: pa.Array,
        cls: type,
        name: str,
        kind: Any,
        default: Any,
        rows: pa.Array,
        target: list[pa.Field],
    ) -> list[pa.Array]:
        """The layout's column(s) for one field, its values checked as the detailed path does."""
        held = [a for a in typing.get_args(kind) if a is not type(None)] or [kind]
        inner = held[0] if len(held) == 1 else kind
        rule = checks.field_rule(cls, name)
        if kind in (Number, Number | None):
            return self.figures(cls, name)
        if inner is Published or set(held) == {dt.datetime, PartialDate}:
            return self.published(array, rows, rule, f"{cls.__name__}.{name}")
        if inner is dt.datetime:
            return self.moments(array, rows)
        if inner is PartialDate:
            return [self.partial_dates(array, rows)]
        if inner is LanguageMap:
            return [self.labels(array, rows, target[0].type)]
        if typing.get_origin(inner) is tuple:
            return [self.items(array, cls, name, typing.get_args(inner)[0], rows, target[0].type)]
        if attrs.has(inner):
            return [self.part(array, inner, rows, target[0].type)]
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            allowed = pa.array([member.value for member in inner])
            self.mark(rows, pc.and_(pc.is_valid(array), pc.invert(pc.is_in(array, allowed))))
            if isinstance(default, enum.Enum):
                array = pc.fill_null(array, default.value)
            return [array]
        if inner is float:
            assert rule is checks.fraction_problem  # the model's only float: a confidence
            self.mark(rows, pc.invert(pc.and_(pc.greater_equal(array, 0), pc.less_equal(array, 1))))
            return [array]
        if inner is int and rule is not None:
            minimum = getattr(rule, "minimum", None)
            assert minimum is not None  # the only rules on integers are bounds
            self.mark(rows, pc.less(array, minimum))
        elif inner is str and rule is not None:
            self.each_distinct(array, rows, rule)
        return [array]

    def each_distinct(
        self, array: pa.Array, rows: pa.Array, rule: Callable[[Any], str | None]
    ) -> None:
        """Apply a rule to each distinct value once; mark the rows that hold a failing one."""
        if array.null_count == len(array):
            return
        accept = _ACCEPT.get(rule)
        if accept is not None:  # what certainly keeps the rule is passed in C
            doubtful = pc.invert(pc.match_substring_regex(array, accept))
            if not pc.any(doubtful).as_py():
                return
            array, rows = array.filter(doubtful), rows.filter(doubtful)
        encoded = pc.dictionary_encode(array)
        distinct = encoded.dictionary.to_pylist()
        failing = [i for i, value in enumerate(distinct) if rule(value) is not None]
        if failing:
            self.mark(rows, pc.is_in(encoded.indices, pa.array(failing, encoded.indices.type)))

    def distinct(
        self, array: pa.Array, rows: pa.Array, parse: Callable[[str], Any]
    ) -> tuple[pa.Array, list[Any]]:
        """Parse each distinct value once: the indices into the results, and the results.

        A value that does not parse marks its rows, and its result is None.
        """
        encoded = pc.dictionary_encode(array)
        results: list[Any] = []
        failing: list[int] = []
        for index, value in enumerate(encoded.dictionary.to_pylist()):
            try:
                results.append(parse(value))
            except (ValidationError, ValueError):
                results.append(None)
                failing.append(index)
        if failing:
            self.mark(rows, pc.is_in(encoded.indices, pa.array(failing, encoded.indices.type)))
        return encoded.indices, results

    def published(
        self, array: pa.Array, rows: pa.Array, rule: Callable[[Any], str | None] | None, key: str
    ) -> list[pa.Array]:
        """A publication date: a moment (timestamp and offset) or a day, month or year."""
        if rule in (None, checks.published_problem):  # a rule of days, not of moments
            found = _strict_moments(array)
            if found is not None:  # every one a moment in the strict form: read in C
                self.dates_read[key] = found
                indices = pa.array([0] * len(array), pa.int32())
                return [*found, _partial_column([None], indices)]

        def parse(text: str) -> Any:
            value = convert.structure_published(text)
            if rule is not None and rule(value) is not None:
                raise ValueError(text)
            return value

        indices, values = self.distinct(array, rows, parse)
        moments = [v if isinstance(v, dt.datetime) else None for v in values]
        days = [v if isinstance(v, PartialDate) else None for v in values]
        self.dates_read[key] = (indices, values)
        moment, offset = _moment_columns(moments, indices)
        return [moment, offset, _partial_column(days, indices)]

    def moments(self, array: pa.Array, rows: pa.Array) -> list[pa.Array]:
        found = _strict_moments(array)
        if found is not None:
            return list(found)
        indices, values = self.distinct(array, rows, convert.structure_moment)
        return list(_moment_columns(values, indices))

    def partial_dates(self, array: pa.Array, rows: pa.Array) -> pa.Array:
        indices, values = self.distinct(array, rows, convert.partial_date)
        return _partial_column(values, indices)

    def labels(self, array: pa.StructArray, rows: pa.Array, target: pa.DataType) -> pa.Array:
        """A language map, read as a struct of its tags, as a list of (language, text)."""
        tags = [array.type.field(i).name for i in range(array.type.num_fields)]
        children = array.flatten()
        for tag, child in zip(tags, children, strict=True):
            if checks.language_tag_problem(tag) is not None:
                self.mark(rows, pc.is_valid(child))
        counts = pa.array([0] * len(array), pa.int32())
        pieces = []
        for tag, child in sorted(zip(tags, children, strict=True)):
            valid = pc.is_valid(child)
            counts = pc.add(counts, pc.cast(valid, pa.int32()))
            where = pc.indices_nonzero(valid)
            pieces.append((where, pa.array([tag] * len(where), pa.string()), child.filter(valid)))
        offsets = _offsets(counts)
        item = target.value_type
        if not pieces:
            values = pa.StructArray.from_arrays(
                [pa.array([], pa.string()), pa.array([], pa.string())], fields=list(item)
            )
            return pa.ListArray.from_arrays(offsets, values, type=target)
        where = pa.concat_arrays([p[0] for p in pieces])
        order = pc.sort_indices(
            pa.table({"row": where, "at": pa.array(range(len(where)))}),
            sort_keys=[("row", "ascending"), ("at", "ascending")],
        )
        languages = pa.concat_arrays([p[1] for p in pieces]).take(order)
        texts = pa.concat_arrays([p[2] for p in pieces]).take(order)
        values = pa.StructArray.from_arrays([languages, texts], fields=list(item))
        return pa.ListArray.from_arrays(offsets, values, type=target)

    def items(
        self,
        array: pa.ListArray,
        cls: type,
        name: str,
        kind: Any,
        rows: pa.Array,
        target: pa.DataType,
    ) -> pa.Array:
        """A list: each item checked as a value of the field, the list rebuilt in the layout."""
        values = array.flatten()
        inner_rows = rows.take(pc.list_parent_indices(array))
        self.mark(inner_rows, pc.is_null(values))
        if attrs.has(kind) and kind is not PartialDate:
            made = self.part(values, kind, inner_rows, target.value_type)
        else:
            (made,) = self.field(values, cls, name, kind, None, inner_rows, [target.value_field])
        lengths = pc.fill_null(pc.list_value_length(array), 0)
        return pa.ListArray.from_arrays(_offsets(lengths), made, type=target)

    def part(
        self, array: pa.StructArray, cls: type, rows: pa.Array, target: pa.DataType
    ) -> pa.Array:
        """A part of the model (a struct), its fields made one by one."""
        if cls is Statistic:
            self.figures_of = _figures(self, array, rows)
        made = self.fields(array, cls, rows, list(target))
        return sound_struct(made, target, pc.is_null(array) if array.null_count else None)

    def figures(self, cls: type, name: str) -> list[pa.Array]:
        values = [figure[0 if name == "value" else 1] for figure in self.figures_of]
        whole = [v if type(v) is int else None for v in values]
        fraction = [v if type(v) is float else None for v in values]
        return [pa.array(whole, pa.int64()), pa.array(fraction, pa.float64())]


def _figures(chunk: _Chunk, array: pa.StructArray, rows: pa.Array) -> list[tuple[Any, Any]]:
    """The exact figures of the statistics in ``array`` (all the chunk's, in order)."""
    counts = pc.value_counts(rows)
    per_row = dict(
        zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
    )
    figures: list[tuple[Any, Any]] = []
    for row in sorted(per_row):
        expected = per_row[row]
        try:
            found = _FIGURES.decode(chunk.lines[row]).statistics
        except (msgspec.DecodeError, msgspec.ValidationError):
            found = []
        if len(found) != expected:
            chunk.bad.add(row)
            figures.extend((None, None) for _ in range(expected))
            continue
        figures.extend((f.value, f.value_max) for f in found)
    return figures


def _width(kind: Any) -> int:
    """How many columns of the layout one field takes."""
    held = {a for a in typing.get_args(kind) if a is not type(None)}
    if held == {dt.datetime, PartialDate}:
        return 3  # timestamp, offset, partial date
    if held == {int, float}:
        return 2  # int, float
    if kind is dt.datetime or held == {dt.datetime}:
        return 2  # timestamp, offset
    return 1


def _offsets(lengths: pa.Array) -> pa.Array:
    """List offsets from lengths."""
    total = pc.cumulative_sum(pc.cast(lengths, pa.int32()))
    return pa.concat_arrays([pa.array([0], pa.int32()), total])


_STRICT_MOMENT = (
    r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]"
    r":[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|\+(?:[01][0-9]|2[0-3]):[0-5][0-9]|-(?:(?:0[1-9]|1[0-9]|2[0-3]):[0-5][0-9]|00:(?:0[1-9]|[1-5][0-9])))$"
)
"""A timestamp :func:`newsschema.dates.parse_datetime` takes, proven by its form: what
Arrow's parser then reads is what the detailed path reads."""


def _strict_moments(array: pa.Array) -> tuple[pa.Array, pa.Array] | None:
    """Timestamps and their UTC offsets, read on columns, when every value proves its form.

    None when any value does not (or lies where a UTC offset can leave the years 1 to 9999,
    or is not a real moment): the values are then read one distinct value at a time.
    """
    if array.null_count == len(array) or not pa.types.is_string(array.type):
        return None
    if not pc.all(pc.match_substring_regex(array, _STRICT_MOMENT)).as_py():
        return None
    if pc.any(pc.is_in(pc.utf8_slice_codeunits(array, 0, 4), _EDGE_YEARS)).as_py():
        return None
    try:
        moments = pc.cast(array, pa.timestamp("us", tz="UTC"))
    except pa.ArrowInvalid:  # 30 February: the detailed path says what is wrong
        return None
    zulu = pc.ends_with(array, "Z")
    zone = pc.if_else(zulu, "+00:00", pc.utf8_slice_codeunits(array, -6))
    minutes = pc.add(
        pc.multiply(pc.cast(pc.utf8_slice_codeunits(zone, 1, 3), pa.int16()), 60),
        pc.cast(pc.utf8_slice_codeunits(zone, 4, 6), pa.int16()),
    )
    offsets = pc.if_else(pc.starts_with(zone, "-"), pc.negate(minutes), minutes)
    return moments, pc.cast(offsets, pa.int16())


_EDGE_YEARS = pa.array(["0000", "0001", "9999"])


def _any_date(read: tuple[pa.Array, Any]) -> bool:
    """Whether dates as read hold any date at all."""
    if isinstance(read[1], pa.Array):
        return bool(read[0].null_count < len(read[0]))
    return any(value is not None for value in read[1])


def _as_values(read: tuple[pa.Array, Any]) -> tuple[pa.Array, list[Any]]:
    """Dates as read, as indices into values (moments read on columns become datetimes)."""
    if not isinstance(read[1], pa.Array):
        return read
    moments, offsets = read
    values = [
        None if moment is None else moment.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
        for moment, offset in zip(moments.to_pylist(), offsets.to_pylist(), strict=True)
    ]
    return pa.array(range(len(values)), pa.int32()), values


def _moment_columns(values: list[Any], indices: pa.Array) -> tuple[pa.Array, pa.Array]:
    offsets = [None if v is None else v.utcoffset() // dt.timedelta(minutes=1) for v in values]
    moments = pa.array(values, pa.timestamp("us", tz="UTC"))
    return moments.take(indices), pa.array(offsets, pa.int16()).take(indices)


def _partial_column(values: list[PartialDate | None], indices: pa.Array) -> pa.Array:
    rows = [None if v is None else (v.edtf, v.earliest, v.latest) for v in values]
    taken = pa.array(rows, PARTIAL_DATE).take(indices)
    return sound_struct(
        taken.flatten(), PARTIAL_DATE, pc.is_null(taken) if taken.null_count else None
    )


def _class_of(characters: str) -> str:
    """A regular-expression class (RE2) of the characters given."""
    return "".join(f"\\x{{{ord(c):x}}}" for c in characters)


_SPACES = _class_of("".join(chr(c) for c in range(0x3001) if chr(c).isspace()))
_BIDI = _class_of(checks.BIDI_CONTROLS)
_CONTROLS = _class_of(checks.CONTROLS)
_ACCEPT: dict[Callable[[Any], str | None], str] = {
    checks.id_problem: f"^[^{_SPACES}{_BIDI}{_CONTROLS}]+$",
    checks.not_blank: f"[^{_SPACES}]",
    checks.code_problem: f"^[^{_SPACES}]+$",
    checks.uri_problem: f"^[A-Za-z][A-Za-z0-9+.\\-]*:[^{_SPACES}{_BIDI}]*$",
    checks.url_problem: (
        f"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~%!$&'()*+,;=:@-]+([/?#][^{_SPACES}{_BIDI}]*)?$"
    ),
}
"""For the rules of text fields: a pattern that only values keeping the rule match (checked
in C; the others are checked one distinct value at a time, by the rule itself)."""


_SPEAKERS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP)
_AUTHORS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
_PLACES = (EntityKind.PLACE,)
_SEPARATOR = "\x1f"  # ids hold no control characters (their rule): a key's parts stay apart


class _WholeArticles:
    """The rules of the article as a whole (those of :mod:`newsschema.checks`), on columns."""

    def __init__(self, chunk: _Chunk, batch: pa.RecordBatch, rows: pa.Array) -> None:
        self.chunk = chunk
        self.batch = batch
        self.rows = rows

    def run(self) -> None:
        self.ids()
        self.references()
        self.spans()
        self.statistics()
        self.campaigns()
        self.events()
        self.comments()
        self.headlines()
        self.subjects()
        self.dates()

    def column(self, name: str) -> pa.Array:
        return self.batch.column(name)

    def parts(self, name: str) -> tuple[pa.StructArray, pa.Array]:
        """The items of a list column, with the row each is in."""
        column = self.column(name)
        return column.flatten(), pc.list_parent_indices(column)

    def mark(self, rows: pa.Array, where: pa.Array | None = None) -> None:
        self.chunk.mark(rows, where)

    def ids(self) -> None:
        """Ids are unique within an article, across entities, quotes, figures and the rest."""
        keys, rows = [], []
        for name in ("entities", "quotes", "statistics", "campaigns", "events", "comments"):
            items, where = self.parts(name)
            keys.append(_keys(where, items.field("id")))
            rows.append(where)
        every = pa.concat_arrays(keys)
        counts = pc.value_counts(every)
        twice = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
        if len(twice):
            self.mark(pa.concat_arrays(rows), pc.is_in(every, twice))

    def references(self) -> None:
        """Each reference names an entity of the article, of a kind that fits it."""
        entities, rows = self.parts("entities")
        known = pc.binary_join_element_wise(
            _keys(rows, entities.field("id")), entities.field("kind"), _SEPARATOR
        )
        dateline = self.column("dateline")
        self.refer(known, self.rows, dateline.field("place"), _PLACES)
        self.refer(known, self.rows, self.column("publisher"), _AUTHORS)
        authors = self.column("authors")
        self.refer(known, pc.list_parent_indices(authors), authors.flatten(), _AUTHORS)
        quotes, rows = self.parts("quotes")
        self.refer(known, rows, quotes.field("speaker"), _SPEAKERS)
        figures, rows = self.parts("statistics")
        self.refer(known, rows, figures.field("subject"), tuple(EntityKind))
        self.refer(known, rows, figures.field("source"), _SPEAKERS)
        events, rows = self.parts("events")
        for name, kinds in (("places", _PLACES), ("participants", _SPEAKERS)):
            lists = events.field(name)
            self.refer(known, rows.take(pc.list_parent_indices(lists)), lists.flatten(), kinds)

    def refer(
        self, known: pa.Array, rows: pa.Array, refs: pa.Array, kinds: Sequence[EntityKind]
    ) -> None:
        if refs.null_count == len(refs):
            return
        keys = _keys(rows, refs)
        fits = pa.array([False] * len(refs))
        for kind in kinds:
            with_kind = pc.binary_join_element_wise(keys, kind.value, _SEPARATOR)
            fits = pc.or_(fits, pc.is_in(with_kind, known))
        self.mark(rows, pc.and_(pc.is_valid(refs), pc.invert(fits)))

    def spans(self) -> None:
        """Every span lies inside its paragraph; a direct quote is the text at its span."""
        body = self.column("body")
        sections = body.flatten()
        lists = sections.field("paragraphs")
        texts = lists.flatten()
        paragraph_offsets = _offsets(pc.list_value_length(lists))
        section_offsets = _offsets(pc.list_value_length(body))
        first = paragraph_offsets.take(section_offsets)  # n + 1: each row's first paragraph
        count = pc.subtract(first[1:], first[:-1])
        first = first[:-1]
        sizes = pc.utf8_length(texts)
        found: list[tuple[pa.Array, pa.StructArray]] = []
        dateline = self.column("dateline")
        found.append((self.rows, dateline.field("span")))
        for collection, name in (
            ("entities", "mentions"),
            ("quotes", "spans"),
            ("statistics", "spans"),
            ("campaigns", "spans"),
            ("events", "spans"),
        ):
            items, rows = self.parts(collection)
            spans = items.field(name)
            found.append((rows.take(pc.list_parent_indices(spans)), spans.flatten()))
        campaigns, rows = self.parts("campaigns")
        phases = campaigns.field("phases")
        phase_rows = rows.take(pc.list_parent_indices(phases))
        spans = phases.flatten().field("spans")
        found.append((phase_rows.take(pc.list_parent_indices(spans)), spans.flatten()))
        for rows, span in found:
            if span.null_count == len(span):
                continue
            present = pc.is_valid(span)
            paragraph, start, end = span.field("paragraph"), span.field("start"), span.field("end")
            inside = pc.and_(
                pc.and_(pc.greater_equal(paragraph, 0), pc.less(paragraph, count.take(rows))),
                pc.and_(pc.greater_equal(start, 0), pc.less(start, end)),
            )
            inside = pc.fill_null(inside, False)
            at = pc.if_else(inside, pc.add(first.take(rows), paragraph), 0)
            if len(sizes):
                inside = pc.and_(inside, pc.less_equal(end, sizes.take(at)))
            self.mark(rows, pc.and_(present, pc.invert(inside)))
        self.direct_quotes(texts, first)

    def direct_quotes(self, texts: pa.Array, first: pa.Array) -> None:
        quotes, rows = self.parts("quotes")
        spans = quotes.field("spans")
        single = pc.and_(
            pc.equal(quotes.field("kind"), "direct"), pc.equal(pc.list_value_length(spans), 1)
        )
        if not pc.any(single).as_py():
            return
        chosen = pc.indices_nonzero(single)
        rows = rows.take(chosen)
        span = pc.list_element(spans.take(chosen), 0)
        at = pc.add(first.take(rows), span.field("paragraph"))
        inside = pc.fill_null(pc.and_(pc.greater_equal(at, 0), pc.less(at, len(texts))), False)
        rows, span, said = (
            rows.filter(inside),
            span.filter(inside),
            quotes.field("text").take(chosen).filter(inside),
        )
        paragraphs = texts.take(at.filter(inside)).to_pylist()
        starts, ends = span.field("start").to_pylist(), span.field("end").to_pylist()
        for row, text, paragraph, start, end in zip(
            rows.to_pylist(), said.to_pylist(), paragraphs, starts, ends, strict=True
        ):
            if paragraph[start:end] != text:
                self.chunk.bad.add(row)  # or a span outside its paragraph, found already

    def statistics(self) -> None:
        """A range has its upper end, and only a range; the upper end is not below the value."""
        figures, rows = self.parts("statistics")
        if not len(figures):
            return
        is_range = pc.equal(figures.field("qualifier"), "range")
        has_max = pc.or_(
            pc.is_valid(figures.field("value_max_int")),
            pc.is_valid(figures.field("value_max_float")),
        )
        self.mark(rows, pc.not_equal(is_range, has_max))
        for row, (value, most) in zip(rows.to_pylist(), self.chunk.figures_of, strict=True):
            if most is not None and value is not None and most < value:
                self.chunk.bad.add(row)

    def campaigns(self) -> None:
        """Ends are not before starts; phases are numbered 1, 2, ... and do not go back."""
        campaigns, rows = self.parts("campaigns")
        self.in_order(rows, campaigns.field("start"), campaigns.field("end"))
        phases = campaigns.field("phases")
        owners = pc.list_parent_indices(phases)
        items = phases.flatten()
        if not len(items):
            return
        phase_rows = rows.take(owners)
        starts = _offsets(pc.list_value_length(phases)).take(owners)
        ordinal = pc.add(pc.subtract(pa.array(range(len(items)), pa.int32()), starts), 1)
        self.mark(phase_rows, pc.not_equal(items.field("ordinal"), pc.cast(ordinal, pa.int64())))
        self.in_order(phase_rows, items.field("start"), items.field("end"))
        # Each dated phase against the dated phase before it in the same campaign.
        dated = pc.is_valid(items.field("start"))
        begun = items.field("start").filter(dated)
        owners, phase_rows = owners.filter(dated), phase_rows.filter(dated)
        if len(begun) > 1:
            same = pc.equal(owners[1:], owners[:-1])
            back = pc.less(begun.field("latest")[1:], begun.field("earliest")[:-1])
            self.mark(phase_rows[1:], pc.and_(same, back))

    def in_order(self, rows: pa.Array, start: pa.StructArray, end: pa.StructArray) -> None:
        backwards = pc.less(end.field("latest"), start.field("earliest"))
        self.mark(rows, pc.and_(pc.and_(pc.is_valid(start), pc.is_valid(end)), backwards))

    def events(self) -> None:
        """An event's campaign is one of the article's, its phase one of the campaign's."""
        campaigns, rows = self.parts("campaigns")
        phases = dict(
            zip(
                _keys(rows, campaigns.field("id")).to_pylist(),
                pc.list_value_length(campaigns.field("phases")).to_pylist(),
                strict=True,
            )
        )
        events, rows = self.parts("events")
        campaign, phase = events.field("campaign"), events.field("phase")
        self.mark(rows, pc.and_(pc.is_valid(phase), pc.is_null(campaign)))
        keys = _keys(rows, campaign)
        self.mark(
            rows,
            pc.and_(
                pc.is_valid(campaign),
                pc.invert(pc.is_in(keys, pa.array(list(phases), pa.string()))),
            ),
        )
        if phase.null_count < len(phase):
            for row, key, number in zip(
                rows.to_pylist(), keys.to_pylist(), phase.to_pylist(), strict=True
            ):
                if number is not None and key in phases and number > phases[key]:
                    self.chunk.bad.add(row)

    def comments(self) -> None:
        """A reply answers another comment of the article; the count is not below those kept."""
        comments, rows = self.parts("comments")
        reply = comments.field("reply_to")
        self.mark(rows, pc.equal(reply, comments.field("id")))
        ids = _keys(rows, comments.field("id"))
        self.mark(rows, pc.and_(pc.is_valid(reply), pc.invert(pc.is_in(_keys(rows, reply), ids))))
        kept = pc.list_value_length(self.column("comments"))
        self.mark(self.rows, pc.less(self.column("comment_count"), kept))

    def headlines(self) -> None:
        """No translation of the headline is in the article's own language."""
        translations, rows = self.parts("translations")
        if not len(translations):
            return
        own = pc.utf8_lower(self.column("language")).take(rows)
        self.mark(rows, pc.equal(pc.utf8_lower(translations.field("language")), own))

    def subjects(self) -> None:
        """A subject has a name, a code or a uri."""
        subjects, rows = self.parts("subjects")
        given = pc.or_(
            pc.or_(pc.is_valid(subjects.field("name")), pc.is_valid(subjects.field("code"))),
            pc.is_valid(subjects.field("uri")),
        )
        self.mark(rows, pc.invert(given))

    def dates(self) -> None:
        """An article is not modified before it was published."""
        published = self.chunk.dates_read.get("Article.date_published")
        modified = self.chunk.dates_read.get("Article.date_modified")
        if published is None or modified is None:
            return
        if not (_any_date(published) and _any_date(modified)):
            return
        if isinstance(published[1], pa.Array) and isinstance(modified[1], pa.Array):
            self.mark(self.rows, pc.less(modified[0], published[0]))  # both moments, in C
            return
        first_at, firsts = _as_values(published)
        then_at, thens = _as_values(modified)
        for row, (first, then) in enumerate(
            zip(first_at.to_pylist(), then_at.to_pylist(), strict=True)
        ):
            if first is None or then is None:
                continue
            one, other = firsts[first], thens[then]
            if one is not None and other is not None and checks.goes_back(one, other):
                self.chunk.bad.add(row)


def _keys(rows: pa.Array, ids: pa.Array) -> pa.Array:
    """``row<US>id``: an id made unique across the articles of a chunk."""
    return pc.binary_join_element_wise(pc.cast(rows, pa.string()), ids, _SEPARATOR)
