"""The bulk path's middle stage: each field's rules, checked on whole columns.

The columns as read are checked field by field and made the nested layout's columns.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
import typing
from collections.abc import Callable
from typing import Annotated, Any

import attrs
import msgspec
import pyarrow as pa
import pyarrow.compute as pc

from newsschema import checks, convert
from newsschema.bulk.read import JSON_SCHEMA
from newsschema.bulk.whole import WholeArticles, list_offsets
from newsschema.dates import PartialDate
from newsschema.errors import ValidationError
from newsschema.formats.arrow import NESTED_SCHEMA, PARTIAL_DATE, sound_struct
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    LanguageMap,
    Number,
    Published,
    Statistic,
)

__all__ = ["Chunk"]

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


class Chunk:
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
        """The rows as the nested layout's batch; the rows that break a rule marked ``bad``."""
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
        WholeArticles(self, batch, rows).run()
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
        """A column of moments as the layout's timestamp and offset columns."""
        found = _strict_moments(array)
        if found is not None:
            return list(found)
        indices, values = self.distinct(array, rows, convert.structure_moment)
        return list(_moment_columns(values, indices))

    def partial_dates(self, array: pa.Array, rows: pa.Array) -> pa.Array:
        """A column of EDTF texts as the layout's partial-date structs."""
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
        offsets = list_offsets(counts)
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
        return pa.ListArray.from_arrays(list_offsets(lengths), made, type=target)

    def part(
        self, array: pa.StructArray, cls: type, rows: pa.Array, target: pa.DataType
    ) -> pa.Array:
        """A part of the model (a struct), its fields made one by one."""
        if cls is Statistic:
            self.figures_of = _figures(self, array, rows)
        made = self.fields(array, cls, rows, list(target))
        return sound_struct(made, target, pc.is_null(array) if array.null_count else None)

    def figures(self, cls: type, name: str) -> list[pa.Array]:
        """A figure's value as the layout's int64 and float64 columns."""
        values = [figure[0 if name == "value" else 1] for figure in self.figures_of]
        whole = [v if type(v) is int else None for v in values]
        fraction = [v if type(v) is float else None for v in values]
        return [pa.array(whole, pa.int64()), pa.array(fraction, pa.float64())]


def _figures(chunk: Chunk, array: pa.StructArray, rows: pa.Array) -> list[tuple[Any, Any]]:
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
