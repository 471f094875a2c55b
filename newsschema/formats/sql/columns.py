"""The SQL sinks' tables: the star layout's, typed for each database, keyed and described.

There is one description of the columns, the star layout's Arrow schemas
(:data:`~newsschema.formats.tables.TABLE_SCHEMAS`); this module only says how each Arrow type
is written in each dialect, which columns key a table, and what each column holds (from the
model's docstrings). ``newsschema schema --sql DIALECT`` prints what it makes.

How the nested values are kept:

- DuckDB: as they are (``STRUCT``, lists as ``T[]``): the same SQL runs on our Parquet;
- PostgreSQL: a list of text as ``text[]``; a struct, or a list of structs, as ``jsonb``
  (PostgreSQL would need a composite type made for each, which another tool reading the
  table knows nothing of; ``jsonb`` is queried with ``->>`` and indexed);
- SQLite: a list or a struct as JSON text (``json_extract``, ``json_each``), a timestamp as
  its ISO 8601 text with the offset, a date as ``YYYY-MM-DD``; a float column has no declared
  type, so that SQLite keeps the 8-byte float as given (a ``REAL`` column stores ``-0.0`` as
  the integer 0, and the sign is lost).

Keys: ``articles(article_id)``, and each part table's ``article_id`` with its positions. The
``spans`` table has none: a phase's span is keyed by a position the others lack (NULL), and
a key's columns are never NULL; its rows are found by ``article_id`` like every table's.
Foreign keys are not declared: DuckDB refuses to delete a row another references (an upsert
deletes then inserts), and SQLite enforces none by default.
"""

from __future__ import annotations

import pyarrow as pa

from newsschema.docs import attribute_docs, summary
from newsschema.formats.arrow import INT64, NESTED_SCHEMA, field
from newsschema.formats.star import TABLE_SCHEMAS, nested_name
from newsschema.model import (
    Article,
    Campaign,
    CampaignPhase,
    Comment,
    Entity,
    Event,
    Media,
    Quote,
    Section,
    Span,
    Statistic,
    Subject,
)

__all__ = ["DIALECTS", "NESTED_TABLE", "comment", "create", "ddl", "keys", "sql_type"]

DIALECTS = ("duckdb", "postgresql", "sqlite")

_SCALARS = {
    "duckdb": {
        pa.string(): "VARCHAR",
        pa.int64(): "BIGINT",
        pa.int16(): "SMALLINT",
        pa.float64(): "DOUBLE",
        pa.bool_(): "BOOLEAN",
        pa.date32(): "DATE",
        pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
    },
    "postgresql": {
        pa.string(): "text",
        pa.int64(): "bigint",
        pa.int16(): "smallint",
        pa.float64(): "double precision",
        pa.bool_(): "boolean",
        pa.date32(): "date",
        pa.timestamp("us", tz="UTC"): "timestamptz",
    },
    "sqlite": {
        pa.string(): "TEXT",
        pa.int64(): "INTEGER",
        pa.int16(): "INTEGER",
        pa.float64(): "",  # no affinity: kept as the 8-byte float (REAL stores -0.0 as 0)
        pa.bool_(): "INTEGER",
        pa.date32(): "TEXT",
        pa.timestamp("us", tz="UTC"): "TEXT",
    },
}


def sql_type(kind: pa.DataType, dialect: str) -> str:
    """How a column of an Arrow type is declared in a dialect."""
    if pa.types.is_list(kind):
        item = kind.value_type
        if dialect == "duckdb":
            return f"{sql_type(item, dialect)}[]"
        if dialect == "postgresql" and not pa.types.is_struct(item):
            return f"{sql_type(item, dialect)}[]"
        return "jsonb" if dialect == "postgresql" else "TEXT"
    if pa.types.is_struct(kind):
        if dialect == "duckdb":
            inner = ", ".join(f'"{f.name}" {sql_type(f.type, dialect)}' for f in kind)
            return f"STRUCT({inner})"
        return "jsonb" if dialect == "postgresql" else "TEXT"
    return _SCALARS[dialect][kind]


def nested(kind: pa.DataType, dialect: str) -> bool:
    """Whether a column's values are kept as JSON in a dialect (see the module's notes)."""
    return sql_type(kind, dialect) in ("jsonb", "TEXT") and (
        pa.types.is_list(kind) or pa.types.is_struct(kind)
    )


def keys(table: str, *, nested: bool = False) -> tuple[str, ...]:
    """The columns that key a table: an article's id, and a part's positions in it.

    ``nested``: the nested layout's one ``articles`` table, keyed by ``id``.
    """
    if nested:
        return ("id",)
    if table == "articles":
        return ("article_id",)
    if table == "spans":
        return ()
    positions = [f.name for f in TABLE_SCHEMAS[table] if f.name.endswith("_position")]
    return (
        "article_id",
        *(name for name in positions if not TABLE_SCHEMAS[table].field(name).nullable),
    )


_MODEL = {
    "articles": Article,
    "sections": Section,
    "paragraphs": Section,
    "entities": Entity,
    "subjects": Subject,
    "media": Media,
    "mentions": Span,
    "quotes": Quote,
    "statistics": Statistic,
    "campaigns": Campaign,
    "phases": CampaignPhase,
    "events": Event,
    "comments": Comment,
    "spans": Span,
}
"""The class of the model each table's rows are."""

_TABLES = {
    "paragraphs": "One paragraph of a section, its text exactly as written.",
    "mentions": "Where the article names an entity: a stretch of one paragraph.",
    "spans": "Where a quote, figure, campaign, phase or event stands: a stretch of a paragraph.",
}
"""Tables that are a part of a class rather than the class."""

_SINGULAR = {"entities": "entity", "media": "media", "articles": "article"}

_COLUMNS = {
    "article_id": "The id of the article the row belongs to.",
    "article_position": "The article's place in the load that wrote it, from 0.",
    "owner": "What the span belongs to: quote, statistic, campaign, phase or event.",
    "owner_id": "The id of what the span belongs to (a phase's: its campaign's).",
    "owner_position": "The position of what the span belongs to (a phase's: its campaign's).",
    "paragraph": "The paragraph's number, counted from 0 across the whole body.",
    "start": "The first code point, counted from 0.",
    "end": "The code point after the last one.",
    "entity_id": "The id of the entity the mention names.",
}
"""Columns of the layout itself, not of a field of the model."""


def comment(table: str, column: str | None = None) -> str:
    """What a table (``column`` None) or one of its columns holds, from the model's docs."""
    return _described(table, column).replace("``", "")


def _described(table: str, column: str | None) -> str:
    cls = _MODEL[table]
    if column is None:
        return _TABLES.get(table) or summary(cls)
    own_id = f"{_SINGULAR.get(table, table.removesuffix('s'))}_id"
    if column in _COLUMNS and column not in (own_id, "article_id" if table == "articles" else ""):
        return _COLUMNS[column]
    if column.endswith("_position"):
        kind = column.removesuffix("_position")
        return f"The {kind}'s position in its list, from 0 (the model's order)."
    if column.endswith("_offset_minutes"):
        return f"The UTC offset of {column.removesuffix('_offset_minutes')}, in minutes."
    if column.endswith("_partial"):
        base = column.removesuffix("_partial")
        return f"{base} when only a day, month or year is known: EDTF, earliest and latest day."
    if table == "paragraphs" and column == "text":
        return "The paragraph's text, exactly as written."
    if table == "phases" and column == "campaign_id":
        return "The id of the campaign the phase belongs to."
    name = nested_name(table, column) or column  # quote_id: id; speaker_id: speaker
    docs = attribute_docs(cls)
    said = docs.get(name) or docs.get(name.rsplit("_", 1)[0], "")  # value_int: value
    return said[:1].upper() + said[1:]


def _quoted(name: str) -> str:
    return f'"{name}"'


NESTED_TABLE = pa.schema([field("article_position", INT64, required=True), *NESTED_SCHEMA])
"""The nested layout as one ``articles`` table (DuckDB's ``-O layout=nested``): its columns,
after the article's place in the load that wrote it."""


def create(
    dialect: str,
    tables: list[str] | None = None,
    schema: str | None = None,
    *,
    keyed: bool = True,
    nested: bool = False,
) -> list[str]:
    """The statements that make the star layout's tables (those named) in a dialect.

    ``keyed=False`` leaves out the keys and indexes (a benchmark's floor: tables of no key);
    ``nested`` makes the one ``articles`` table of the nested layout instead (DuckDB's).
    """
    schemas = {"articles": NESTED_TABLE} if nested else TABLE_SCHEMAS
    statements: list[str] = []
    prefix = f"{_quoted(schema)}." if schema else ""
    for table in tables if tables is not None else schemas:
        lines = [
            "    "
            + " ".join(
                part for part in (_quoted(f.name), sql_type(f.type, dialect), _required(f)) if part
            )
            for f in schemas[table]
        ]
        key = keys(table, nested=nested) if keyed else ()
        if key:
            lines.append(f"    PRIMARY KEY ({', '.join(_quoted(k) for k in key)})")
        if dialect == "sqlite":  # no COMMENT ON: the comments stay in the statement SQLite keeps
            said = [f"  -- {comment(table, f.name)}" for f in schemas[table]]
            said += [""] * (len(lines) - len(said))
            ends = [","] * (len(lines) - 1) + [""]
            text = "\n".join(
                f"{line}{end}{note}" for line, end, note in zip(lines, ends, said, strict=True)
            )
            statements.append(
                f"-- {comment(table)}\nCREATE TABLE {prefix}{_quoted(table)} (\n{text}\n)"
            )
            continue
        body = ",\n".join(lines)
        statements.append(f"CREATE TABLE {prefix}{_quoted(table)} (\n{body}\n)")
        if keyed:
            statements.extend(_indexes(dialect, prefix, table))
        statements.append(
            f"COMMENT ON TABLE {prefix}{_quoted(table)} IS {_literal(comment(table))}"
        )
        for f in schemas[table]:
            statements.append(
                f"COMMENT ON COLUMN {prefix}{_quoted(table)}.{_quoted(f.name)} "
                f"IS {_literal(comment(table, f.name))}"
            )
    return statements


def keys_added(
    dialect: str, tables: list[str], schema: str | None = None, *, nested: bool = False
) -> list[str]:
    """The statements that give tables made with ``keyed=False`` the keys :func:`create` gives.

    A load into new tables adds them last: one build of each index, not an update a row.
    """
    prefix = f"{_quoted(schema)}." if schema else ""
    statements = []
    for table in tables:
        key = keys(table, nested=nested)
        if key:
            statements.append(
                f"ALTER TABLE {prefix}{_quoted(table)} "
                f"ADD PRIMARY KEY ({', '.join(_quoted(k) for k in key)})"
            )
        statements.extend(_indexes(dialect, prefix, table))
    return statements


def _indexes(dialect: str, prefix: str, table: str) -> list[str]:
    """A table's indexes besides its key (PostgreSQL reads articles by pages of positions)."""
    if dialect == "postgresql" and table == "articles":
        return [f"CREATE INDEX ON {prefix}{_quoted(table)} ({_quoted('article_position')})"]
    return []


def _required(field: pa.Field) -> str:
    return "" if field.nullable else "NOT NULL"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ddl(dialect: str) -> str:
    """The statements of :func:`create`, as ``newsschema schema --sql`` prints them."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r} (known: {', '.join(DIALECTS)})")
    return "".join(f"{statement};\n" for statement in create(dialect))
