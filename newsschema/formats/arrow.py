"""The Arrow schemas of the Parquet layouts, and the conversions both layouts share.

The schemas are written out here, field by field, and never inferred from data. They follow
what every warehouse reads without surprises: ASCII snake_case names, no unsigned types, no
MAP (key/value lists instead), no empty structs, ``timestamp[us, UTC]`` with the original
UTC offset in minutes beside it, partial dates as ``struct<edtf, earliest, latest>``, and a
figure as two columns, ``*_int`` and ``*_float``, of which exactly one is set.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsschema.dates import PartialDate
from newsschema.errors import Problem, ValidationError
from newsschema.model import (
    SCHEMA_VERSION,
    Dateline,
    LanguageMap,
    Media,
    Number,
    Provenance,
    Published,
    Span,
    Subject,
    Suggestion,
    unsupported_version,
)

__all__ = [
    "LABELS",
    "LATER_FIELDS",
    "MEDIA",
    "NESTED_SCHEMA",
    "PARTIAL_DATE",
    "SPAN",
    "SUBJECT",
    "SUGGESTION",
    "dateline_out",
    "labels_in",
    "labels_out",
    "later_filled",
    "media_out",
    "moment_in",
    "moment_out",
    "number_in",
    "number_out",
    "partial_date_in",
    "partial_date_out",
    "provenance_out",
    "published_fields",
    "published_in",
    "published_out",
    "schema_as_json",
    "schema_problems",
    "sound_struct",
    "spans_out",
    "subjects_in",
    "subjects_out",
    "suggestion_out",
    "written_elsewhere",
]

METADATA_VERSION_KEY = b"newsschema.schema_version"
METADATA_LIBRARY_KEY = b"newsschema.version"

STRING = pa.string()
INT64 = pa.int64()
TIMESTAMP = pa.timestamp("us", tz="UTC")
OFFSET = pa.int16()  # minutes east of UTC, as written: +03:00 is 180


def field(name: str, kind: pa.DataType, *, required: bool = False) -> pa.Field:
    """A column or struct field; ``required`` ones are never null."""
    return pa.field(name, kind, nullable=not required)


def list_of(kind: pa.DataType) -> pa.DataType:
    """A list whose items are never null, its item named as the Parquet spec names it."""
    return pa.list_(pa.field("element", kind, nullable=False))


SPAN = pa.struct(
    [
        field("paragraph", INT64, required=True),
        field("start", INT64, required=True),
        field("end", INT64, required=True),
    ]
)
SPANS = list_of(SPAN)
LABELS = list_of(
    pa.struct([field("language", STRING, required=True), field("text", STRING, required=True)])
)
PARTIAL_DATE = pa.struct(
    [
        field("edtf", STRING, required=True),
        field("earliest", pa.date32()),
        field("latest", pa.date32()),
    ]
)
STRINGS = list_of(STRING)


def moment_fields(name: str) -> list[pa.Field]:
    """A timestamp column and the UTC offset column beside it."""
    return [field(name, TIMESTAMP), field(f"{name}_offset_minutes", OFFSET)]


def published_fields(name: str) -> list[pa.Field]:
    """A publication date: a timestamp and its UTC offset, or a day, month or year.

    Exactly one of the two is set: ``<name>`` with ``<name>_offset_minutes`` for a moment,
    ``<name>_partial`` (a partial-date struct) for a date known only to the day or less.
    """
    return [*moment_fields(name), field(f"{name}_partial", PARTIAL_DATE)]


def number_fields(name: str) -> list[pa.Field]:
    """A figure as an int64 column and a float64 column, exactly one set when present."""
    return [field(f"{name}_int", INT64), field(f"{name}_float", pa.float64())]


SECTION = pa.struct(
    [
        field("heading", STRING),
        field("paragraphs", STRINGS, required=True),
        *published_fields("date_published"),
    ]
)
SUBJECT = pa.struct(
    [
        field("name", STRING),
        field("code", STRING),
        field("uri", STRING),
        field("labels", LABELS, required=True),
    ]
)
MEDIA = pa.struct(
    [
        field("url", STRING, required=True),
        field("kind", STRING, required=True),
        field("caption", STRING),
        field("credit", STRING),
        field("width", INT64),
        field("height", INT64),
        field("content_type", STRING),
    ]
)
SUGGESTION = pa.struct(
    [field("rule", STRING, required=True), field("confidence", pa.float64(), required=True)]
)
"""The mark of an entity, quote or figure suggested and not yet confirmed (null: confirmed)."""
DATELINE = pa.struct(
    [field("text", STRING, required=True), field("place", STRING), field("span", SPAN)]
)
ENTITY = pa.struct(
    [
        field("id", STRING, required=True),
        field("kind", STRING, required=True),
        field("name", STRING, required=True),
        field("labels", LABELS, required=True),
        field("title", STRING),
        field("url", STRING),
        field("same_as", STRINGS, required=True),
        field("mentions", SPANS, required=True),
        field("suggested", SUGGESTION),
    ]
)
QUOTE = pa.struct(
    [
        field("id", STRING, required=True),
        field("text", STRING, required=True),
        field("kind", STRING, required=True),
        field("speaker", STRING),
        field("channel", STRING),
        field("date", PARTIAL_DATE),
        field("cue", STRING),
        field("spans", SPANS, required=True),
        field("suggested", SUGGESTION),
    ]
)
STATISTIC = pa.struct(
    [
        field("id", STRING, required=True),
        *number_fields("value"),
        field("qualifier", STRING, required=True),
        *number_fields("value_max"),
        field("unit", STRING),
        field("unit_code", STRING),
        field("measure", STRING),
        field("subject", STRING),
        field("source", STRING),
        field("date", PARTIAL_DATE),
        field("spans", SPANS, required=True),
        field("suggested", SUGGESTION),
    ]
)
PHASE = pa.struct(
    [
        field("ordinal", INT64, required=True),
        field("name", STRING, required=True),
        field("labels", LABELS, required=True),
        field("start", PARTIAL_DATE),
        field("end", PARTIAL_DATE),
        field("description", STRING),
        field("spans", SPANS, required=True),
    ]
)
CAMPAIGN = pa.struct(
    [
        field("id", STRING, required=True),
        field("name", STRING, required=True),
        field("labels", LABELS, required=True),
        field("start", PARTIAL_DATE),
        field("end", PARTIAL_DATE),
        field("phases", list_of(PHASE), required=True),
        field("spans", SPANS, required=True),
    ]
)
EVENT = pa.struct(
    [
        field("id", STRING, required=True),
        field("name", STRING, required=True),
        field("date", PARTIAL_DATE, required=True),
        field("places", STRINGS, required=True),
        field("participants", STRINGS, required=True),
        field("campaign", STRING),
        field("phase", INT64),
        field("spans", SPANS, required=True),
    ]
)
COMMENT = pa.struct(
    [
        field("id", STRING, required=True),
        field("text", STRING, required=True),
        field("author", STRING),
        *published_fields("date_published"),
        field("reply_to", STRING),
    ]
)
PROVENANCE = pa.struct(
    [
        field("source", STRING),
        *moment_fields("retrieved_at"),
        field("annotator", STRING),
        field("method", STRING),
        field("tool", STRING),
        field("license", STRING),
        field("notes", STRING),
        field("extractor", STRING),
    ]
)

NESTED_SCHEMA = pa.schema(
    [
        field("id", STRING, required=True),
        field("headline", STRING, required=True),
        field("alternative_headlines", STRINGS, required=True),
        field("language", STRING, required=True),
        field("kind", STRING),
        field("body", list_of(SECTION), required=True),
        field("url", STRING),
        *published_fields("date_published"),
        *published_fields("date_modified"),
        field("dateline", DATELINE),
        field("authors", STRINGS, required=True),
        field("publisher", STRING),
        field("section", STRING),
        field("keywords", STRINGS, required=True),
        field("subjects", list_of(SUBJECT), required=True),
        field("summary", STRING),
        field("translations", LABELS, required=True),
        field("media", list_of(MEDIA), required=True),
        field("entities", list_of(ENTITY), required=True),
        field("quotes", list_of(QUOTE), required=True),
        field("statistics", list_of(STATISTIC), required=True),
        field("campaigns", list_of(CAMPAIGN), required=True),
        field("events", list_of(EVENT), required=True),
        field("comments", list_of(COMMENT), required=True),
        field("comment_count", INT64),
        field("provenance", PROVENANCE),
    ]
)
"""The nested layout: one row per article, its parts in list<struct> columns."""


def schema_as_json(schema: pa.Schema) -> list[dict[str, Any]]:
    """Describe an Arrow schema as JSON.

    Each field has its name, its type (structs and lists spelled out) and whether it may
    be null.
    """
    return [_field_as_json(column) for column in schema]


def _field_as_json(column: pa.Field) -> dict[str, Any]:
    kind = column.type
    shown: Any = str(kind)
    if pa.types.is_struct(kind):
        shown = {
            "type": "struct",
            "fields": [_field_as_json(kind.field(i)) for i in range(kind.num_fields)],
        }
    elif pa.types.is_list(kind):
        shown = {"type": "list", "item": _field_as_json(kind.value_field)}
    return {"name": column.name, "type": shown, "nullable": column.nullable}


def file_metadata(library_version: str) -> dict[bytes, bytes]:
    """The key/value metadata every file newsschema writes carries."""
    return {
        METADATA_VERSION_KEY: str(SCHEMA_VERSION).encode(),
        METADATA_LIBRARY_KEY: library_version.encode(),
    }


LATER_FIELDS = frozenset({"suggested"})
"""Fields added to schema version 1 since it was first written, all nullable: a file or a
table written before them is read as if each were null (they are in no file then)."""


def first_written(schema: pa.Schema) -> pa.Schema:
    """``schema`` as version 1 first wrote it: without :data:`LATER_FIELDS`, at any depth."""
    return pa.schema(
        [
            field.with_type(_without_later(field.type))
            for field in schema
            if field.name not in LATER_FIELDS
        ],
        metadata=schema.metadata,
    )


def _without_later(kind: pa.DataType) -> pa.DataType:
    if pa.types.is_struct(kind):
        return pa.struct(
            [
                kind.field(i).with_type(_without_later(kind.field(i).type))
                for i in range(kind.num_fields)
                if kind.field(i).name not in LATER_FIELDS
            ]
        )
    if pa.types.is_list(kind):
        return pa.list_(kind.value_field.with_type(_without_later(kind.value_type)))
    return kind


def sound_struct(
    children: list[pa.Array], kind: pa.StructType, mask: pa.Array | None
) -> pa.StructArray:
    """A struct array whose required fields hold no null, not even under a null struct.

    (Parquet's writer refuses a null in a required field, wherever it is; the value under a
    null struct is never read.)
    """
    fields = list(kind)
    sound = [
        pc.fill_null(child, _BLANKS[field.type])
        if child.null_count and not field.nullable and field.type in _BLANKS
        else child
        for child, field in zip(children, fields, strict=True)
    ]
    return pa.StructArray.from_arrays(sound, fields=fields, mask=mask)


_BLANKS = {pa.string(): "", pa.int64(): 0, pa.float64(): 0.0}


def later_filled(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with its top-level :data:`LATER_FIELDS` columns as ``schema`` types them.

    A table format that adds such a column to older rows (Iceberg) fills it with null structs
    whose fields are null too; ours are required fields of a nullable struct.
    """
    for name in LATER_FIELDS & set(table.column_names):
        column = table.column(name).combine_chunks()
        if not column.null_count or not pa.types.is_struct(column.type):
            continue
        kind = schema.field(name).type
        children = [
            child.cast(field.type) for child, field in zip(column.flatten(), kind, strict=True)
        ]
        filled = sound_struct(children, kind, pc.is_null(column))
        table = table.set_column(table.column_names.index(name), name, filled)
    return table


def written_elsewhere(found: pa.Schema, expected: pa.Schema) -> bool:
    """Tell whether a schema is ours but for our metadata and required fields.

    That is what our file looks like after DuckDB's ``COPY``, polars or Spark wrote it again:
    the same columns and types (or those of :func:`first_written`), every field nullable, and
    no ``newsschema.schema_version``.
    """
    if METADATA_VERSION_KEY in (found.metadata or {}):
        return False
    return any(
        found.names == ours.names
        and all(
            _nullable(have.type).equals(_nullable(want.type))
            for have, want in zip(found, ours, strict=True)
        )
        for ours in (expected, first_written(expected))
    )


def _nullable(kind: pa.DataType) -> pa.DataType:
    """A type with every field in it nullable, and list items named alike."""
    if pa.types.is_struct(kind):
        return pa.struct(
            [
                pa.field(kind.field(i).name, _nullable(kind.field(i).type))
                for i in range(kind.num_fields)
            ]
        )
    if pa.types.is_list(kind):
        return pa.list_(pa.field("element", _nullable(kind.value_type)))
    return kind


def schema_problems(found: pa.Schema, expected: pa.Schema, where: str = "") -> list[Problem]:
    """Compare a file's schema and metadata with ours; describe every difference."""
    metadata = found.metadata or {}
    version = metadata.get(METADATA_VERSION_KEY)
    if version is None:
        return [
            Problem(where, "not a newsschema file: its metadata has no newsschema.schema_version")
        ]
    if version != str(SCHEMA_VERSION).encode():
        shown = version.decode(errors="replace")
        message = unsupported_version(int(shown) if shown.isdigit() else shown)
        return [Problem(where, message)]
    if "article_id" in found.names and "article_id" not in expected.names:
        return [
            Problem(
                where,
                "a table of the star layout, not a file of the nested layout: read its folder, "
                "which its manifest (_newsschema.json) makes one input",
            )
        ]
    if _same_fields(found, first_written(expected)):
        return []  # written before the fields added since: they are read as null
    problems = []
    for name in expected.names:
        if found.get_field_index(name) < 0:
            problems.append(Problem(where, f"column {name!r} is missing"))
            continue
        have, want = found.field(name), expected.field(name)
        if not have.equals(want):
            problems.append(
                Problem(
                    where, f"column {name!r} is {_describe(have)}, but must be {_describe(want)}"
                )
            )
    problems.extend(
        Problem(where, f"column {name!r} is not one newsschema writes")
        for name in found.names
        if expected.get_field_index(name) < 0
    )
    return problems


def _same_fields(found: pa.Schema, expected: pa.Schema) -> bool:
    return found.names == expected.names and all(
        have.equals(want) for have, want in zip(found, expected, strict=True)
    )


def _describe(column: pa.Field) -> str:
    return f"{column.type}{'' if column.nullable else ' not null'}"


# Writing: model values to Arrow-ready Python values.


def spans_out(spans: Iterable[Span]) -> list[tuple[int, int, int]]:
    """Spans as struct tuples."""
    return [(span.paragraph, span.start, span.end) for span in spans]


def suggestion_out(suggestion: Suggestion | None) -> tuple[str, float] | None:
    """A suggestion's mark as a struct tuple (None: the annotation is confirmed)."""
    return None if suggestion is None else (suggestion.rule, suggestion.confidence)


def span_out(span: Span | None) -> tuple[int, int, int] | None:
    """One span as a struct tuple."""
    return None if span is None else (span.paragraph, span.start, span.end)


def dateline_out(dateline: Dateline | None) -> tuple[Any, ...] | None:
    """A dateline as its struct tuple."""
    return None if dateline is None else (dateline.text, dateline.place, span_out(dateline.span))


def provenance_out(provenance: Provenance | None) -> tuple[Any, ...] | None:
    """Provenance as its struct tuple."""
    if provenance is None:
        return None
    return (
        provenance.source,
        *moment_out(provenance.retrieved_at),
        provenance.annotator,
        None if provenance.method is None else provenance.method.value,
        provenance.tool,
        provenance.license,
        provenance.notes,
        provenance.extractor,
    )


def labels_out(labels: LanguageMap) -> list[tuple[str, str]]:
    """A language map as a list of (language, text) structs, in the order of the tags.

    The order canonical JSON writes them in, so that equal maps give the same bytes.
    """
    return sorted(labels.items())


def partial_date_out(date: PartialDate | None) -> tuple[str, dt.date | None, dt.date | None] | None:
    """A partial date as its (edtf, earliest, latest) struct."""
    return None if date is None else (date.edtf, date.earliest, date.latest)


def moment_out(moment: dt.datetime | None) -> tuple[dt.datetime | None, int | None]:
    """A timestamp and its UTC offset in minutes."""
    if moment is None:
        return None, None
    offset = moment.utcoffset()
    assert offset is not None  # an Article's timestamps are always aware
    return moment, offset // dt.timedelta(minutes=1)


def published_out(value: Published | None) -> tuple[Any, ...]:
    """A publication date as its timestamp, offset and partial-date columns."""
    if isinstance(value, PartialDate):
        return None, None, partial_date_out(value)
    return (*moment_out(value), None)


def subjects_out(subjects: Iterable[Subject]) -> list[tuple[Any, ...]]:
    """Subjects as struct tuples."""
    return [
        (subject.name, subject.code, subject.uri, labels_out(subject.labels))
        for subject in subjects
    ]


def media_out(media: Iterable[Media]) -> list[tuple[Any, ...]]:
    """Media as struct tuples."""
    return [
        (
            item.url,
            item.kind.value,
            item.caption,
            item.credit,
            item.width,
            item.height,
            item.content_type,
        )
        for item in media
    ]


def number_out(value: Number | None) -> tuple[int | None, float | None]:
    """A figure split into its int and float columns."""
    if isinstance(value, float):
        return None, value
    return value, None


# Reading: Arrow values (from ``to_pylist``) to the canonical builtins the converter reads.


def labels_in(items: list[Mapping[str, str]] | None, path: str) -> dict[str, str]:
    """(language, text) structs back to a language map; a language given twice is an error."""
    labels: dict[str, str] = {}
    for item in items or ():
        language = item["language"]
        if language in labels:
            raise ValidationError.single(path, f"the language {language!r} appears twice")
        labels[language] = item["text"]
    return labels


def partial_date_in(value: Mapping[str, Any] | None, path: str) -> str | None:
    """A partial-date struct back to its EDTF string, checking the stored bounds."""
    if value is None:
        return None
    edtf: str = value["edtf"]
    try:
        date = _partial_date(edtf)
    except ValidationError:
        return edtf  # the converter says what is wrong with it, with its path
    if (value["earliest"], value["latest"]) != (date.earliest, date.latest):
        raise ValidationError.single(
            path,
            f"earliest {value['earliest']} and latest {value['latest']} do not match "
            f"{edtf!r}, which means {date.earliest} to {date.latest}",
        )
    return edtf


@functools.lru_cache(maxsize=4096)
def _partial_date(edtf: str) -> PartialDate:
    """A partial date read once however many rows give it (a day is given by many)."""
    return PartialDate(edtf)


def moment_in(moment: dt.datetime | None, offset: int | None, path: str) -> dt.datetime | None:
    """A UTC timestamp and its offset back to the moment as it was written."""
    if moment is None and offset is None:
        return None
    if moment is None or offset is None:
        missing = f"{path}_offset_minutes" if offset is None else path
        raise ValidationError.single(missing, "is null, but the column beside it is not")
    if not -(24 * 60) < offset < 24 * 60:
        raise ValidationError.single(f"{path}_offset_minutes", f"{offset} is not a UTC offset")
    return moment.astimezone(dt.timezone(dt.timedelta(minutes=offset)))


def published_in(row: Mapping[str, Any], column: str, path: str) -> Any:
    """The columns of a publication date back to its canonical form (None, a moment, a date)."""
    partial = row[f"{column}_partial"]
    moment = moment_in(row[column], row[f"{column}_offset_minutes"], path)
    if partial is None:
        return moment
    if moment is not None:
        raise ValidationError.single(path, f"both {column} and {column}_partial are set")
    return partial_date_in(partial, path)


def subjects_in(items: Iterable[Mapping[str, Any]], path: str) -> list[dict[str, Any]]:
    """Subject structs back to canonical builtins."""
    return [
        {**item, "labels": labels_in(item["labels"], f"{path}[{index}].labels")}
        for index, item in enumerate(items)
    ]


def number_in(
    whole: int | None, fraction: float | None, path: str, *, required: bool
) -> Number | None:
    """The int and float columns of a figure back to one exact number."""
    if whole is not None and fraction is not None:
        raise ValidationError.single(path, f"both {path}_int and {path}_float are set")
    if whole is None and fraction is None and required:
        raise ValidationError.single(path, f"neither {path}_int nor {path}_float is set")
    return whole if fraction is None else fraction
