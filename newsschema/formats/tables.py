"""Parquet, star layout: a directory with one file per kind of thing, for SQL joins.

``articles.parquet`` has one row per article; every other table has one row per part
(section, paragraph, entity, mention, quote, statistic, campaign, phase, event, comment,
span), keyed by ``article_id`` and the part's position in its list, so that order survives.
A part of a part carries its parent's position too: a phase its ``campaign_position``, a
mention its ``entity_position``, a span its ``owner`` and ``owner_position``. The ids the
model uses are columns named ``<kind>_id``, and a reference is named for what it points at::

    SELECT e.name, count(*) FROM quotes q
    JOIN entities e ON e.article_id = q.article_id AND e.entity_id = q.speaker_id
    GROUP BY e.name

The manifest ``_newsschema.json`` is written last, once every table is whole: a directory
without it is never read as this layout. The directory is built beside the target and
renamed into place, so a failed write leaves the previous directory as it was.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsschema._version import __version__
from newsschema.errors import Problem, ValidationError
from newsschema.formats import manifests, registry
from newsschema.formats._base import Record
from newsschema.formats.arrow import (
    labels_in,
    number_in,
    partial_date_in,
    published_in,
    schema_problems,
    subjects_in,
)
from newsschema.formats.parquet import (
    ROW_GROUP_BYTES,
    UNREADABLE,
    RowGroups,
    batches,
    encode,
    parquet_writer,
    provenance_record,
)
from newsschema.formats.star import TABLE_SCHEMAS, own_columns
from newsschema.limits import LARGEST
from newsschema.model import SCHEMA_VERSION, Article, unsupported_version

__all__ = [
    "FORMAT",
    "MANIFEST",
    "TABLE_SCHEMAS",
    "is_tables",
    "read",
    "read_files",
    "read_rows",
    "star",
    "strangers",
    "write",
    "write_encoded",
]

MANIFEST = manifests.TABLES
LAYOUT = "newsschema tables"

# Writing.


def write(
    directory: Path,
    articles: Iterable[Article],
    *,
    row_group_bytes: int = ROW_GROUP_BYTES,
    compression: str = "zstd",
) -> int:
    """Write articles as a directory of tables, then the manifest; return how many.

    ``directory`` is new and empty (the caller renames it into place).

    Raises:
        ValidationError: two articles share an id, which keys every table.
    """
    parts = ((encode(batch), len(batch)) for batch in batches(articles))
    return write_encoded(directory, parts, row_group_bytes=row_group_bytes, compression=compression)


def write_encoded(
    directory: Path,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    row_group_bytes: int = ROW_GROUP_BYTES,
    compression: str = "zstd",
) -> int:
    """Write batches of the nested layout as the star layout's tables, then the manifest.

    The batches are :func:`~newsschema.formats.parquet.encode`'s, or the bulk path's; the
    star layout's rows are made from them on columns (:func:`star`). Returns how many
    articles were written.

    Raises:
        ValidationError: two articles share an id, which keys every table.
    """
    counts = dict.fromkeys(TABLE_SCHEMAS, 0)
    seen: set[str] = set()
    position = 0
    with contextlib.ExitStack() as stack:
        # The tables share one budget: once their pending batches hold row_group_bytes in
        # all, each writes a row group, so memory is bounded however the rows are spread.
        groups = {}
        for name, schema in TABLE_SCHEMAS.items():
            stream = stack.enter_context(open(directory / f"{name}.parquet", "wb"))
            writer = stack.enter_context(parquet_writer(stream, schema, compression))
            groups[name] = RowGroups(writer, LARGEST)
        for batch, _ in parts:
            for article_id in batch.column("id").to_pylist():
                if article_id in seen:
                    problem = f"article id {article_id!r} appears twice; it keys every table"
                    raise ValidationError.single("id", problem)
                seen.add(article_id)
            for name, table in star(batch, position).items():
                groups[name].add(table)
                counts[name] += table.num_rows
            position += batch.num_rows
            if sum(group.pending_bytes for group in groups.values()) >= row_group_bytes:
                for group in groups.values():
                    group.flush()
        for group in groups.values():
            group.flush()
    manifest = {
        "layout": LAYOUT,
        "schema_version": SCHEMA_VERSION,
        "newsschema_version": __version__,
        "rows": counts,
    }
    (directory / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return position


def star(batch: pa.RecordBatch, first: int) -> dict[str, pa.RecordBatch]:
    """The star layout's rows of a batch of the nested layout.

    Each list of parts is unnested, keyed by its article's id and its positions; ``first``
    is the position in the run of the batch's first article.
    """
    column = batch.column
    ids = column("id")
    made: dict[str, list[pa.Array]] = {
        "articles": [
            pa.array(range(first, first + batch.num_rows), pa.int64()),
            ids,
            *(column(name) for name in own_columns("articles")[1:]),  # after the id
        ]
    }
    sections = _Parts(column("body"), ids)
    made["sections"] = [
        sections.key,
        sections.position,
        *(sections.field(name) for name in own_columns("sections")),
    ]
    paragraphs = sections.inner("paragraphs")
    counted = _offsets(pc.list_value_length(sections.items.field("paragraphs")))
    first_of_article = counted.take(_offsets(pc.list_value_length(column("body")))[:-1])
    made["paragraphs"] = [
        paragraphs.key,
        pc.subtract(_counting(len(paragraphs.items)), first_of_article.take(paragraphs.rows)),
        sections.position.take(paragraphs.owners),
        paragraphs.items,
    ]
    entities = _Parts(column("entities"), ids)
    made["entities"] = [
        entities.key,
        entities.position,
        *(entities.field(name) for name in own_columns("entities")),
    ]
    mentions = entities.inner("mentions")
    made["mentions"] = [
        mentions.key,
        entities.position.take(mentions.owners),
        entities.field("id").take(mentions.owners),
        mentions.position,
        *(mentions.field(name) for name in own_columns("mentions")),
    ]
    for name in ("subjects", "media"):
        parts = _Parts(column(name), ids)
        made[name] = [parts.key, parts.position, *(parts.field(n) for n in own_columns(name))]
    quotes = _Parts(column("quotes"), ids)
    made["quotes"] = [
        quotes.key,
        quotes.position,
        *(quotes.field(name) for name in own_columns("quotes")),
    ]
    figures = _Parts(column("statistics"), ids)
    made["statistics"] = [
        figures.key,
        figures.position,
        *(figures.field(name) for name in own_columns("statistics")),
    ]
    campaigns = _Parts(column("campaigns"), ids)
    made["campaigns"] = [
        campaigns.key,
        campaigns.position,
        *(campaigns.field(name) for name in own_columns("campaigns")),
    ]
    phases = campaigns.inner("phases")
    made["phases"] = [
        phases.key,
        campaigns.position.take(phases.owners),
        campaigns.field("id").take(phases.owners),
        phases.position,
        *(phases.field(name) for name in own_columns("phases")),
    ]
    events = _Parts(column("events"), ids)
    made["events"] = [
        events.key,
        events.position,
        *(events.field(name) for name in own_columns("events")),
    ]
    comments = _Parts(column("comments"), ids)
    made["comments"] = [
        comments.key,
        comments.position,
        *(comments.field(name) for name in own_columns("comments")),
    ]
    made["spans"] = _span_rows(quotes, figures, campaigns, phases, events)
    return {
        name: pa.RecordBatch.from_arrays(made[name], schema=schema)
        for name, schema in TABLE_SCHEMAS.items()
    }


class _Parts:
    """The items of a list column (one list per row of ``owners``), with their keys."""

    def __init__(self, lists: pa.ListArray, ids: pa.Array, owner_rows: pa.Array | None = None):
        self.items: pa.StructArray = lists.flatten()
        self.owners = pc.list_parent_indices(lists)  # the owner of each item, by its index
        self.rows = self.owners if owner_rows is None else owner_rows.take(self.owners)
        self.key = ids.take(self.rows)
        starts = _offsets(pc.list_value_length(lists)).take(self.owners)
        self.position = pc.subtract(_counting(len(self.items)), starts)
        self.ids = ids

    def field(self, name: str) -> pa.Array:
        return self.items.field(name)

    def inner(self, name: str) -> _Parts:
        """The items of a list that each of these items holds."""
        return _Parts(self.items.field(name), self.ids, self.rows)


def _counting(count: int) -> pa.Array:
    return pa.array(range(count), pa.int64())


def _offsets(lengths: pa.Array) -> pa.Array:
    """The offsets of lists of these lengths: 0, then the running total."""
    total = pc.cumulative_sum(pc.cast(pc.fill_null(lengths, 0), pa.int64()))
    return pa.concat_arrays([pa.array([0], pa.int64()), total])


def _span_rows(
    quotes: _Parts, figures: _Parts, campaigns: _Parts, phases: _Parts, events: _Parts
) -> list[pa.Array]:
    """The spans of every owner, in the order an article lists them.

    The quotes', the figures', each campaign's followed by its phases', the events'.
    """
    pieces = []
    for rank, owner, parts in (
        (0, "quote", quotes),
        (1, "statistic", figures),
        (2, "campaign", campaigns),
        (2, "phase", phases),
        (3, "event", events),
    ):
        spans = parts.inner("spans")
        owned = spans.owners
        if owner == "phase":  # a phase's owner is its campaign
            campaign = phases.owners.take(owned)
            position = campaigns.position.take(campaign)
            owner_id = campaigns.field("id").take(campaign)
            phase = parts.position.take(owned)
        else:
            position = parts.position.take(owned)
            owner_id = parts.field("id").take(owned)
            phase = pa.nulls(len(owned), pa.int64())
        count = len(spans.items)
        pieces.append(
            pa.table(
                {
                    "row": spans.rows,
                    "rank": pa.array([rank] * count, pa.int64()),
                    "owner_position": position,
                    "sub": pa.array([int(owner == "phase")] * count, pa.int64()),
                    "phase_order": pc.fill_null(phase, 0),
                    "span_position": spans.position,
                    "article_id": spans.key,
                    "owner": pa.array([owner] * count, pa.string()),
                    "phase_position": phase,
                    "owner_id": owner_id,
                    "paragraph": spans.field("paragraph"),
                    "start": spans.field("start"),
                    "end": spans.field("end"),
                }
            )
        )
    table = pa.concat_tables(pieces)
    order = pc.sort_indices(
        table,
        sort_keys=[
            (name, "ascending")
            for name in ("row", "rank", "owner_position", "sub", "phase_order", "span_position")
        ],
    )
    table = table.take(order)
    return [table.column(f.name).combine_chunks() for f in TABLE_SCHEMAS["spans"]]


# Reading.


is_tables = manifests.is_tables


def strangers(directory: Path) -> list[str]:
    """The names in a directory that this layout does not write (so must not replace)."""
    ours = {MANIFEST, *(f"{name}.parquet" for name in TABLE_SCHEMAS)}
    return [entry.name for entry in directory.iterdir() if entry.name not in ours]


def read(directory: Path) -> Iterator[Record]:
    """Read the articles of a directory of tables, one at a time, in their order.

    Every file is opened first, through one handle on the directory: a writer that replaces
    the directory meanwhile (an exchange, see :func:`newsschema.io.atomic_directory`) leaves
    this reader with the version it opened, whole; if the directory was swapped between two
    opens, it is opened again, and the new version read. The tables are then read side by
    side, a row group at a time: every table is in article order, so the rows of one article
    are together in each.
    """
    for _ in range(_ATTEMPTS):
        with contextlib.ExitStack() as stack:
            try:
                opened = _open_all(directory, stack)
            except _Replaced:
                continue  # a writer swapped the directory between two opens: again
            if isinstance(opened, list):
                yield Record(None, error=ValidationError(opened))
                return
            yield from read_rows({name: _rows(file, name) for name, file in opened.items()})
            return
    problem = f"was replaced {_ATTEMPTS} times while it was being opened"
    yield Record(None, error=ValidationError.single("", problem))


def read_files(files: dict[str, pq.ParquetFile]) -> Iterator[Record]:
    """Read the articles of a set of tables opened already (a part of a dataset).

    Each table must be there, with its schema.
    """
    problems: list[Problem] = []
    for name, schema in TABLE_SCHEMAS.items():
        if name not in files:
            problems.append(Problem(f"{name}.parquet", "is missing"))
            continue
        problems.extend(schema_problems(files[name].schema_arrow, schema, f"{name}.parquet"))
    if problems:
        yield Record(None, error=ValidationError(problems))
        return
    yield from read_rows({name: _rows(file, name) for name, file in files.items()})


_ATTEMPTS = 5


class _Replaced(Exception):
    """A file the manifest names vanished between opens: the directory was swapped."""


def _open_all(
    directory: Path, stack: contextlib.ExitStack
) -> dict[str, pq.ParquetFile] | list[Problem]:
    """Open the manifest and every table through one handle on the directory.

    Returns the open tables, or the problems that make the directory unreadable.
    """
    handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    stack.callback(os.close, handle)

    def open_file(name: str) -> BinaryIO | None:
        try:  # never blocking: a pipe or a device in place of a table is refused, not read
            descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0), dir_fd=handle)
        except FileNotFoundError:
            return None
        stream = stack.enter_context(os.fdopen(descriptor, "rb"))
        return stream if stat.S_ISREG(os.fstat(descriptor).st_mode) else None

    manifest_file = open_file(MANIFEST)
    if manifest_file is None:
        if _replaced(directory, handle):
            raise _Replaced
        return [Problem(MANIFEST, "is missing, or is not a regular file")]
    try:
        manifest = orjson.loads(manifest_file.read())
    except (OSError, orjson.JSONDecodeError) as exc:
        return [Problem(MANIFEST, f"cannot be read: {exc}")]
    if not isinstance(manifest, dict) or manifest.get("layout") != LAYOUT:
        return [Problem(MANIFEST, f"is not the manifest of a {LAYOUT} directory")]
    if manifest.get("schema_version") != SCHEMA_VERSION:
        return [Problem(MANIFEST, unsupported_version(manifest.get("schema_version")))]
    problems: list[Problem] = []
    rows = manifest.get("rows")
    files: dict[str, pq.ParquetFile] = {}
    for name, schema in TABLE_SCHEMAS.items():
        file_name = f"{name}.parquet"
        stream = open_file(file_name)
        if stream is None:
            if _replaced(directory, handle):
                raise _Replaced
            problems.append(Problem(file_name, "is missing, or is not a regular file"))
            continue
        try:
            parquet = stack.enter_context(pq.ParquetFile(stream))
            found_problems = schema_problems(parquet.schema_arrow, schema, file_name)
        except UNREADABLE as exc:
            problems.append(Problem(file_name, f"is not a readable Parquet file: {exc}"))
            continue
        problems.extend(found_problems)
        expected = rows.get(name) if isinstance(rows, dict) else None
        if not found_problems and expected != parquet.metadata.num_rows:
            problems.append(
                Problem(
                    file_name,
                    f"has {parquet.metadata.num_rows} rows, but the manifest says {expected}: "
                    "the directory was changed after it was written",
                )
            )
        files[name] = parquet
    return problems or files


def _replaced(directory: Path, handle: int) -> bool:
    """Tell whether ``directory`` now names another directory than the one open as ``handle``."""
    try:
        now = os.stat(directory)
    except FileNotFoundError:
        return True
    then = os.fstat(handle)
    return (now.st_dev, now.st_ino) != (then.st_dev, then.st_ino)


def read_rows(rows: dict[str, Iterator[dict[str, Any]]]) -> Iterator[Record]:
    """The articles of the star layout's rows, each table's given as builtins, in order.

    Every table's rows come in the order of the articles' (and by position within one): the
    rows of one article are together in each, as the files hold them and as the SQL sinks
    give them back. A table whose rows cannot be read further raises ``ValidationError``.
    """
    index = 0
    try:
        heads = {name: _Groups(name, rows[name]) for name in TABLE_SCHEMAS if name != "articles"}
        for article_row in rows["articles"]:
            where = f"[{index}]"
            key = article_row["article_id"]
            parts = {name: groups.take(key) for name, groups in heads.items()}
            try:
                yield Record(_article_record(article_row, parts, index), where)
            except ValidationError as exc:
                yield Record(article_row, where, error=exc)
            index += 1
    except ValidationError as exc:  # a table that cannot be read any further
        yield Record(None, f"[{index}]", error=exc)
        return
    leftovers = [
        Problem(
            f"{name}.parquet",
            f"has rows for article {groups.head_key!r}, which is not "
            "in articles.parquet or not in its order",
        )
        for name, groups in heads.items()
        if groups.head_key is not None
    ]
    if leftovers:
        yield Record(None, f"[{index}]", error=ValidationError(leftovers))


def _rows(parquet: pq.ParquetFile, name: str) -> Iterator[dict[str, Any]]:
    for group in range(parquet.num_row_groups):
        try:
            rows = parquet.read_row_group(group).to_pylist()
        except UNREADABLE as exc:
            problem = f"row group {group} cannot be read: {exc}"
            raise ValidationError.single(f"{name}.parquet", problem) from None
        yield from rows


class _Groups:
    """The rows of one table, taken an article at a time."""

    def __init__(self, name: str, rows: Iterator[dict[str, Any]]) -> None:
        self.name = name
        self.groups = itertools.groupby(rows, key=lambda row: row["article_id"])
        self.head_key: str | None = None
        self.head_rows: list[dict[str, Any]] = []
        self._advance()

    def _advance(self) -> None:
        group = next(self.groups, None)
        if group is None:
            self.head_key, self.head_rows = None, []
        else:
            self.head_key, self.head_rows = group[0], list(group[1])

    def take(self, key: str) -> list[dict[str, Any]]:
        """The rows of article ``key``, if they are next; none otherwise."""
        if self.head_key != key:
            return []
        rows = self.head_rows
        self._advance()
        return rows


def _in_order(rows: list[dict[str, Any]], column: str, table: str) -> list[dict[str, Any]]:
    """Check that ``column`` numbers the rows 0, 1, 2, ... in order; return them."""
    for expected, row in enumerate(rows):
        if row[column] != expected:
            raise ValidationError.single(
                f"{table}.parquet",
                f"{column} runs {[r[column] for r in rows]} for article {row['article_id']!r}; "
                "it must count 0, 1, 2, ... in order",
            )
    return rows


class _ByPosition:
    """Child rows of one article, taken by their parent's position; leftovers are errors."""

    def __init__(self, rows: list[dict[str, Any]], table: str, *columns: str) -> None:
        self.table = table
        self.rows: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for row in rows:
            self.rows.setdefault(tuple(row[column] for column in columns), []).append(row)

    def take(self, *position: Any) -> list[dict[str, Any]]:
        """The rows under ``position``, once."""
        return self.rows.pop(position, [])

    def check_all_taken(self, key: str) -> None:
        """Raise if some rows belong to no part of the article."""
        if self.rows:
            stray = sorted(self.rows, key=repr)[0]
            raise ValidationError.single(
                f"{self.table}.parquet",
                f"has rows for article {key!r} under {stray}, which the article does not have",
            )


def _spans_of(rows: list[dict[str, Any]], table: str, column: str) -> list[dict[str, int]]:
    return [
        {"paragraph": r["paragraph"], "start": r["start"], "end": r["end"]}
        for r in _in_order(rows, column, table)
    ]


def _article_record(
    row: dict[str, Any], parts: dict[str, list[dict[str, Any]]], index: int
) -> dict[str, Any]:
    """Put one article's rows from every table back together as canonical builtins."""
    key = row["article_id"]
    if row["article_position"] != index:
        problem = f"article_position is {row['article_position']}, expected {index}"
        raise ValidationError.single("articles.parquet", problem)
    paragraphs = _ByPosition(
        _in_order(parts["paragraphs"], "paragraph_position", "paragraphs"),
        "paragraphs",
        "section_position",
    )
    mentions = _ByPosition(parts["mentions"], "mentions", "entity_position")
    phases = _ByPosition(parts["phases"], "phases", "campaign_position")
    spans = _ByPosition(parts["spans"], "spans", "owner", "owner_position", "phase_position")

    def span_list(owner: str, position: int, phase: int | None = None) -> list[dict[str, int]]:
        return _spans_of(spans.take(owner, position, phase), "spans", "span_position")

    record = {
        "schema_version": SCHEMA_VERSION,
        "id": key,
        "headline": row["headline"],
        "alternative_headlines": row["alternative_headlines"],
        "language": row["language"],
        "kind": row["kind"],
        "body": [
            {
                "heading": section["heading"],
                "paragraphs": [p["text"] for p in paragraphs.take(section["section_position"])],
                "date_published": published_in(
                    section, "date_published", f"body[{i}].date_published"
                ),
            }
            for i, section in enumerate(
                _in_order(parts["sections"], "section_position", "sections")
            )
        ],
        "url": row["url"],
        "date_published": published_in(row, "date_published", "date_published"),
        "date_modified": published_in(row, "date_modified", "date_modified"),
        "dateline": row["dateline"],
        "authors": row["author_ids"],
        "publisher": row["publisher_id"],
        "section": row["section"],
        "keywords": row["keywords"],
        "subjects": subjects_in(_parts(parts, "subjects", "subject_position"), "subjects"),
        "summary": row["summary"],
        "translations": labels_in(row["translations"], "translations"),
        "media": _parts(parts, "media", "media_position"),
        "entities": [
            {
                "id": entity["entity_id"],
                "kind": entity["kind"],
                "name": entity["name"],
                "labels": labels_in(entity["labels"], f"entities[{i}].labels"),
                "title": entity["title"],
                "url": entity["url"],
                "same_as": entity["same_as"],
                "mentions": _spans_of(mentions.take(i), "mentions", "mention_position"),
                "suggested": entity.get("suggested"),  # tables written before it: None
            }
            for i, entity in enumerate(_in_order(parts["entities"], "entity_position", "entities"))
        ],
        "quotes": [
            {
                "id": quote["quote_id"],
                "text": quote["text"],
                "kind": quote["kind"],
                "speaker": quote["speaker_id"],
                "channel": quote["channel"],
                "date": partial_date_in(quote["date"], f"quotes[{i}].date"),
                "cue": quote["cue"],
                "spans": span_list("quote", i),
                "suggested": quote.get("suggested"),
            }
            for i, quote in enumerate(_in_order(parts["quotes"], "quote_position", "quotes"))
        ],
        "statistics": [
            {
                "id": statistic["statistic_id"],
                "value": number_in(
                    statistic["value_int"],
                    statistic["value_float"],
                    f"statistics[{i}].value",
                    required=True,
                ),
                "qualifier": statistic["qualifier"],
                "value_max": number_in(
                    statistic["value_max_int"],
                    statistic["value_max_float"],
                    f"statistics[{i}].value_max",
                    required=False,
                ),
                "unit": statistic["unit"],
                "unit_code": statistic["unit_code"],
                "measure": statistic["measure"],
                "subject": statistic["subject_id"],
                "source": statistic["source_id"],
                "date": partial_date_in(statistic["date"], f"statistics[{i}].date"),
                "spans": span_list("statistic", i),
                "suggested": statistic.get("suggested"),
            }
            for i, statistic in enumerate(
                _in_order(parts["statistics"], "statistic_position", "statistics")
            )
        ],
        "campaigns": [
            {
                "id": campaign["campaign_id"],
                "name": campaign["name"],
                "labels": labels_in(campaign["labels"], f"campaigns[{i}].labels"),
                "start": partial_date_in(campaign["start"], f"campaigns[{i}].start"),
                "end": partial_date_in(campaign["end"], f"campaigns[{i}].end"),
                "phases": [
                    {
                        "ordinal": phase["ordinal"],
                        "name": phase["name"],
                        "labels": labels_in(phase["labels"], f"campaigns[{i}].phases[{j}].labels"),
                        "start": partial_date_in(
                            phase["start"], f"campaigns[{i}].phases[{j}].start"
                        ),
                        "end": partial_date_in(phase["end"], f"campaigns[{i}].phases[{j}].end"),
                        "description": phase["description"],
                        "spans": span_list("phase", i, j),
                    }
                    for j, phase in enumerate(_in_order(phases.take(i), "phase_position", "phases"))
                ],
                "spans": span_list("campaign", i),
            }
            for i, campaign in enumerate(
                _in_order(parts["campaigns"], "campaign_position", "campaigns")
            )
        ],
        "events": [
            {
                "id": event["event_id"],
                "name": event["name"],
                "date": partial_date_in(event["date"], f"events[{i}].date"),
                "places": event["place_ids"],
                "participants": event["participant_ids"],
                "campaign": event["campaign_id"],
                "phase": event["phase_ordinal"],
                "spans": span_list("event", i),
            }
            for i, event in enumerate(_in_order(parts["events"], "event_position", "events"))
        ],
        "comments": [
            {
                "id": comment["comment_id"],
                "text": comment["text"],
                "author": comment["author"],
                "date_published": published_in(
                    comment, "date_published", f"comments[{i}].date_published"
                ),
                "reply_to": comment["reply_to_comment_id"],
            }
            for i, comment in enumerate(
                _in_order(parts["comments"], "comment_position", "comments")
            )
        ],
        "comment_count": row["comment_count"],
        "provenance": None if row["provenance"] is None else provenance_record(row["provenance"]),
    }
    for children in (paragraphs, mentions, phases, spans):
        children.check_all_taken(key)
    return record


def _parts(
    parts: dict[str, list[dict[str, Any]]], table: str, position: str
) -> list[dict[str, Any]]:
    """The rows of a part table in order, without the article's key and the part's position."""
    return [
        {name: value for name, value in row.items() if name not in ("article_id", position)}
        for row in _in_order(parts[table], position, table)
    ]


FORMAT = registry.by_name("tables")
"""This format, as the registry describes it."""
