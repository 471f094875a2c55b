"""The published schemas, generated from the model so that they cannot drift from it.

- JSON Schema (draft 2020-12) of canonical JSON, with the model's docstrings as descriptions;
- the JSON-LD context newsschema writes (the file the package ships);
- the Arrow schemas of the Parquet layouts, as JSON;
- BigQuery table schemas for the nested layout and each table of the star layout;
- IPTC ninjs (3.1 and 2.2) extended with the ``newsschema`` property that keeps everything;
- the SQL that makes the database sinks' tables, for DuckDB, PostgreSQL and SQLite.

``newsschema schema KIND`` prints one; ``newsschema schema --write schemas/`` writes them all.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib.resources
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, Union

import attrs
import orjson

from newsschema import checks
from newsschema.checks import INT64_MAX, INT64_MIN
from newsschema.dates import PartialDate
from newsschema.docs import attribute_docs, summary
from newsschema.formats.arrow import NESTED_SCHEMA, schema_as_json
from newsschema.formats.ninjs.names import EXTENSION, SCHEMA_URIS, VERSIONS
from newsschema.formats.ninjs.write import EXTENSION_SCHEMA_URIS
from newsschema.formats.sql import columns
from newsschema.formats.star import TABLE_SCHEMAS
from newsschema.model import SCHEMA_VERSION, Article, LanguageMap, Span

__all__ = [
    "KINDS",
    "arrow_schemas",
    "bigquery_schemas",
    "files",
    "json_schema",
    "jsonld_context",
    "ninjs_schemas",
]

SCHEMA_ID = f"https://w3id.org/newsschema/schemas/article-{SCHEMA_VERSION}.schema.json"

_ID_PATTERN = (
    r"^(?!\s*$)[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+$"
)
_TAG_PATTERN = r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"
_TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
_NOT_BLANK = r"\S"
_REDUCED_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

_SPAN_OFFSETS = frozenset({"paragraph", "start", "end"})  # 0 or more: a rule of the whole article


class _JsonSchema:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def for_type(self, kind: Any, name: str, cls: type) -> dict[str, Any]:
        origin = typing.get_origin(kind)
        if origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
            if options == [int, float]:
                inner: dict[str, Any] = {"type": "number"}
            elif options == [dt.datetime, PartialDate]:
                inner = {
                    "type": "string",
                    "anyOf": [
                        {"format": "date-time", "pattern": _TIMESTAMP_PATTERN},
                        {"pattern": _REDUCED_DATE_PATTERN},
                    ],
                    "description": "A timestamp with its UTC offset, or a day, month or year "
                    "(2021-12-09, 2021-12, 2021) when that is all that is known.",
                }
            else:
                inner = self.for_type(options[0], name, cls)
            if len(options) < len(typing.get_args(kind)):
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin is tuple:
            return {"type": "array", "items": self.for_type(typing.get_args(kind)[0], name, cls)}
        rule = checks.field_rule(cls, name)
        if kind is str:
            schema: dict[str, Any] = {"type": "string"}
            if rule is checks.id_problem:
                schema["pattern"] = _ID_PATTERN
            elif rule is checks.not_blank:
                schema["pattern"] = _NOT_BLANK
            elif rule is checks.language_tag_problem:
                schema["pattern"] = _TAG_PATTERN
            elif rule is checks.url_problem:
                schema.update({"format": "iri", "pattern": "^https?://"})
            elif rule is checks.uri_problem:
                schema["format"] = "iri"
            elif rule is checks.unit_code_problem:
                schema["pattern"] = "^[A-Z0-9]{2,3}$"
            elif rule is checks.code_problem:
                schema["pattern"] = r"^\S+$"
            elif rule is checks.media_type_problem:
                schema["pattern"] = r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$"
            return schema
        if kind is int:
            low = (
                0 if cls is Span and name in _SPAN_OFFSETS else getattr(rule, "minimum", INT64_MIN)
            )
            return {"type": "integer", "minimum": low, "maximum": INT64_MAX}
        if kind is float:
            assert rule is checks.fraction_problem  # the model's only float: a confidence
            return {"type": "number", "minimum": 0, "maximum": 1}
        if kind is dt.datetime:
            return {"type": "string", "format": "date-time", "pattern": _TIMESTAMP_PATTERN}
        if kind is PartialDate:
            return {
                "type": "string",
                "format": "edtf",
                "pattern": r"^[0-9XYEST?~%./,:+\[\]{}\-]+$",
                "description": "A date in EDTF (Library of Congress, levels 0 to 2): 2014-22 is "
                "summer 2014, 2015-12~ about December 2015, 2014-10-17/.. an open interval.",
            }
        if kind is LanguageMap:
            return {
                "type": "object",
                "propertyNames": {"pattern": _TAG_PATTERN},
                "additionalProperties": {"type": "string"},
            }
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"enum": [member.value for member in kind]}
        if attrs.has(kind):
            return self.for_class(kind)
        raise TypeError(f"no JSON Schema for {kind!r} ({cls.__name__}.{name})")

    def for_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # taken, in case of recursion
            attrs.resolve_types(cls)
            docs = attribute_docs(cls)
            properties = {}
            required = []
            for field in attrs.fields(cls):
                if not field.init:
                    continue
                schema = self.for_type(field.type, field.name, cls)
                if field.name in docs:
                    schema = {"description": docs[field.name], **schema}
                properties[field.name] = schema
                if field.default is attrs.NOTHING:
                    required.append(field.name)
            self.defs[name] = {
                "type": "object",
                "description": summary(cls),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of canonical JSON: one article object."""
    builder = _JsonSchema()
    builder.for_class(Article)
    article = builder.defs.pop("Article")
    article["properties"] = {
        "schema_version": {"description": "The model's version.", "const": SCHEMA_VERSION},
        **article["properties"],
    }
    article["required"] = ["schema_version", *article["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"newsschema article, schema version {SCHEMA_VERSION}",
        "$comment": "Rules that relate one part of an article to another (ids unique, references "
        "resolved, spans inside their paragraph, phases in order, ...) are checked by the "
        "newsschema library, not by this schema: see docs/model.md.",
        **article,
        "$defs": dict(sorted(builder.defs.items())),
    }


def ninjs_schemas() -> dict[str, dict[str, Any]]:
    """The schema of a ninjs item with the newsschema extension, for each version written.

    IPTC's own schema, extended as ninjs allows: its ``ninjsType`` by reference, and one more
    property, ``newsschema``, holding the fields plain ninjs does not keep, each as canonical
    JSON gives it (its schema is the article schema's), or null for a field left empty.
    """
    fields = {
        name: {"anyOf": [{"$ref": f"{SCHEMA_ID}#/properties/{name}"}, {"type": "null"}]}
        for name in json_schema()["properties"]
        if name != "schema_version"
    }
    extension = {
        "type": "object",
        "description": "The fields of the article that plain ninjs does not keep, so that "
        "reading the item gives the article back exactly.",
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, **fields},
        "required": ["schema_version"],
        "additionalProperties": False,
    }
    return {
        version: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": EXTENSION_SCHEMA_URIS[version],
            "title": f"IPTC ninjs {version} with the newsschema extension",
            "type": "object",
            "$ref": SCHEMA_URIS[version].rstrip("#") + "#/$defs/ninjsType",
            "properties": {EXTENSION: {"$ref": "#/$defs/extension"}},
            "required": ["uri"],
            "unevaluatedProperties": False,
            "$defs": {"extension": extension},
        }
        for version in VERSIONS
    }


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context newsschema writes, as the package ships it."""
    data: dict[str, Any] = orjson.loads(
        importlib.resources.files("newsschema").joinpath("context.jsonld").read_bytes()
    )
    return data


def arrow_schemas() -> dict[str, Any]:
    """The Arrow schemas of both Parquet layouts, as JSON."""
    return {
        "parquet": schema_as_json(NESTED_SCHEMA),
        "tables": {name: schema_as_json(schema) for name, schema in TABLE_SCHEMAS.items()},
    }


_BIGQUERY_TYPES = {
    "string": "STRING",
    "int64": "INTEGER",
    "int16": "INTEGER",
    "double": "FLOAT",
    "date32[day]": "DATE",
    "timestamp[us, tz=UTC]": "TIMESTAMP",
    "bool": "BOOLEAN",
}


def _bigquery_field(field: dict[str, Any]) -> dict[str, Any]:
    kind = field["type"]
    mode = "NULLABLE" if field["nullable"] else "REQUIRED"
    if isinstance(kind, dict) and kind["type"] == "list":
        inner = _bigquery_field({**kind["item"], "name": field["name"]})
        return {**inner, "mode": "REPEATED"}
    if isinstance(kind, dict):
        fields = [_bigquery_field(inner) for inner in kind["fields"]]
        return {"name": field["name"], "type": "RECORD", "mode": mode, "fields": fields}
    return {"name": field["name"], "type": _BIGQUERY_TYPES[kind], "mode": mode}


def bigquery_schemas() -> dict[str, list[dict[str, Any]]]:
    """BigQuery table schemas: ``article`` for the nested layout, then each star table.

    Load with ``bq load --source_format=PARQUET --parquet_enable_list_inference``, so that
    Parquet lists become REPEATED fields.
    """
    arrow = arrow_schemas()
    schemas = {"parquet": [_bigquery_field(field) for field in arrow["parquet"]]}
    for name, fields in arrow["tables"].items():
        schemas[f"tables-{name}"] = [_bigquery_field(field) for field in fields]
    return schemas


KINDS = ("json-schema", "jsonld-context", "arrow", "bigquery", "ninjs")
"""What ``newsschema schema`` prints."""


def _dump(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def files() -> dict[str, bytes]:
    """Every file of the ``schemas/`` folder, by relative path."""
    written = {
        "article.schema.json": _dump(json_schema()),
        "context.jsonld": _dump(jsonld_context()),
        "article.arrow.json": _dump(arrow_schemas()),
    }
    for name, fields in bigquery_schemas().items():
        written[f"bigquery/{name}.json"] = _dump(fields)
    for version, extended in ninjs_schemas().items():
        written[f"ninjs-{version}-newsschema.schema.json"] = _dump(extended)
    for dialect in columns.DIALECTS:
        written[f"sql/{dialect}.sql"] = columns.ddl(dialect).encode()
    return written


def text(kind: str) -> bytes:
    """One schema, as ``newsschema schema KIND`` prints it."""
    if kind == "json-schema":
        return _dump(json_schema())
    if kind == "jsonld-context":
        return _dump(jsonld_context())
    if kind == "arrow":
        return _dump(arrow_schemas())
    if kind == "bigquery":
        return _dump(bigquery_schemas())
    if kind == "ninjs":
        return _dump(ninjs_schemas())
    raise ValueError(f"unknown schema {kind!r} (known: {', '.join(KINDS)})")


def write(folder: Path) -> list[Path]:
    """Write every schema file under ``folder``; return the paths written."""
    paths = []
    for relative, data in files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths
