"""The star layout's tables and columns, derived from the nested layout's one description.

The nested layout (:data:`newsschema.formats.arrow.NESTED_SCHEMA`) describes every column
once. The star layout takes its tables from it: one for the articles (the columns that are not
lists of parts), and one for each list of parts, at any depth (a section's paragraphs, an
entity's mentions, a campaign's phases), keyed by the article's id and the part's positions.
What this module adds is only what a table needs beyond the nested columns: which lists
become tables, in what order, and how a column is named for SQL joins:

- a part's own ``id`` is ``<kind>_id`` (``quote_id``), the article's ``article_id``;
- a reference is named for what it points at (``speaker`` → ``speaker_id``, ``places`` →
  ``place_ids``, ``reply_to`` → ``reply_to_comment_id``, ``phase`` → ``phase_ordinal``);
- a part of a part carries its parent's position and id (``campaign_position``,
  ``campaign_id``), and the spans of every kind of part are one table, told apart by
  ``owner``.

The Parquet tables' schemas, the rows :func:`newsschema.formats.tables.star` makes of a
nested batch, the SQL sinks' DDL and comments (:mod:`newsschema.formats.sql.columns`) and
the published schemas all come from here: a field added to the nested layout is a column of
its star table, everywhere, with nothing else to edit but the reader that makes records.
"""

from __future__ import annotations

import pyarrow as pa

from newsschema.formats.arrow import INT64, NESTED_SCHEMA, SPAN, STRING, field

__all__ = ["PARTS", "TABLE_SCHEMAS", "nested_name", "own_columns"]

PARTS: dict[str, tuple[str, ...]] = {
    "sections": ("body",),
    "paragraphs": ("body", "paragraphs"),
    "entities": ("entities",),
    "subjects": ("subjects",),
    "media": ("media",),
    "mentions": ("entities", "mentions"),
    "quotes": ("quotes",),
    "statistics": ("statistics",),
    "campaigns": ("campaigns",),
    "phases": ("campaigns", "phases"),
    "events": ("events",),
    "comments": ("comments",),
}
"""Each table of parts, in the order the tables are written and read, with the path of the
nested list whose items are its rows (after ``articles``; ``spans`` comes last)."""

_LISTS = frozenset(name for path in PARTS.values() for name in path) | {"spans"}
"""Nested columns that are tables of their own, never columns of their owner's table."""

_KINDS = {
    "articles": "article",
    "sections": "section",
    "paragraphs": "paragraph",
    "entities": "entity",
    "subjects": "subject",
    "media": "media",
    "mentions": "mention",
    "quotes": "quote",
    "statistics": "statistic",
    "campaigns": "campaign",
    "phases": "phase",
    "events": "event",
    "comments": "comment",
}
"""What one row of each table is, for its ``<kind>_position`` and ``<kind>_id``."""

REFERENCES = {
    "authors": "author_ids",
    "publisher": "publisher_id",
    "speaker": "speaker_id",
    "subject": "subject_id",
    "source": "source_id",
    "places": "place_ids",
    "participants": "participant_ids",
    "campaign": "campaign_id",
    "phase": "phase_ordinal",
    "reply_to": "reply_to_comment_id",
}
"""Nested fields that point at another part, named in the star layout for what they point at."""


def _struct(path: tuple[str, ...]) -> pa.DataType:
    """The type of the items of the nested list at ``path``."""
    kind = NESTED_SCHEMA.field(path[0]).type.value_type
    for name in path[1:]:
        kind = kind.field(name).type.value_type
    return kind


def _own(kind: pa.StructType | pa.Schema, table: str) -> list[tuple[str, pa.Field]]:
    """A struct's fields that are columns of its table: (the nested name, the column)."""
    own_id = f"{_KINDS[table]}_id"
    found = []
    for column in kind:
        if column.name in _LISTS:
            continue
        name = own_id if column.name == "id" else REFERENCES.get(column.name, column.name)
        found.append((column.name, column.with_name(name)))
    return found


def _position(kind: str) -> pa.Field:
    return field(f"{kind}_position", INT64, required=True)


def _columns(table: str) -> list[tuple[str | None, pa.Field]]:
    """A table's columns, each with the nested field it holds (None: the layout's own)."""
    article = [(None, field("article_id", STRING, required=True))]
    if table == "articles":
        own = _own(NESTED_SCHEMA, table)
        return [(None, _position("article")), *own]
    if table == "spans":
        return [
            *article,
            (None, field("owner", STRING, required=True)),  # quote, statistic, … or event
            (None, field("owner_position", INT64, required=True)),  # a phase's: its campaign's
            (None, field("phase_position", INT64)),  # for a phase only
            (None, field("owner_id", STRING, required=True)),  # a phase's: its campaign's id
            (None, _position("span")),
            *((column.name, column) for column in SPAN),
        ]
    path = PARTS[table]
    kind = _struct(path)
    if len(path) == 1:
        return [*article, (None, _position(_KINDS[table])), *_own(kind, table)]
    owner = next(name for name, parts in PARTS.items() if parts == path[:1])
    if not pa.types.is_struct(kind):  # a section's paragraphs: text, counted across sections
        return [
            *article,
            (None, _position(_KINDS[table])),
            (None, _position(_KINDS[owner])),
            (path[-1], field("text", kind, required=True)),
        ]
    owner_id = _struct(path[:1]).field("id").with_name(f"{_KINDS[owner]}_id")
    return [
        *article,
        (None, _position(_KINDS[owner])),
        (None, owner_id),
        (None, _position(_KINDS[table])),
        *_own(kind, table),
    ]


_DERIVED = {table: _columns(table) for table in ("articles", *PARTS, "spans")}

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([column for _, column in columns]) for table, columns in _DERIVED.items()
}
"""The star layout: every table's schema, in the order the tables are written and read."""


def own_columns(table: str) -> list[str]:
    """The nested names of the fields a table's own columns hold, in the table's order.

    The article's or part's own fields; not the keys, positions and owners the layout adds.
    """
    return [name for name, _ in _DERIVED[table] if name is not None]


def nested_name(table: str, column: str) -> str | None:
    """The nested field a table's column holds (None for a column of the layout's own)."""
    for name, found in _DERIVED[table]:
        if found.name == column:
            return name
    return None
