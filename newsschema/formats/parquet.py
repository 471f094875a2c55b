"""Parquet, nested layout: one row per article, its parts in list<struct> columns.

Written in batches with pyarrow (format 2.6, compliant nested lists, zstd), a row group each
time the batches reach ``row_group_bytes`` of Arrow data, so memory is bounded by a row group
and never by the corpus. Read one row group at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from newsschema._version import __version__
from newsschema.errors import ValidationError
from newsschema.formats import registry
from newsschema.formats._base import Record
from newsschema.formats.arrow import (
    NESTED_SCHEMA,
    dateline_out,
    file_metadata,
    labels_in,
    labels_out,
    media_out,
    moment_in,
    number_in,
    number_out,
    partial_date_in,
    partial_date_out,
    provenance_out,
    published_in,
    published_out,
    schema_problems,
    spans_out,
    subjects_in,
    subjects_out,
    suggestion_out,
    written_elsewhere,
)
from newsschema.limits import LARGEST
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    Campaign,
    Comment,
    Entity,
    Event,
    Quote,
    Statistic,
)

__all__ = [
    "FORMAT",
    "UNREADABLE",
    "WRITE_OPTIONS",
    "RowGroup",
    "read",
    "records",
    "row_groups",
    "row_record",
    "write",
]

ROW_GROUP_BYTES = 32 * 1024 * 1024
"""Arrow bytes gathered before a row group is written: the bound on the memory a write takes."""

BATCH_ROWS = 256
"""Articles turned into Arrow columns at a time."""

WRITE_OPTIONS = ("row_group_bytes", "compression")

UNREADABLE = (pa.ArrowException, OSError, UnicodeDecodeError, OverflowError, ValueError)
"""What pyarrow raises on a damaged file: its own errors, and Python's on values out of range
(a date before year 1) or text that is not UTF-8."""


def parquet_writer(stream: BinaryIO, schema: pa.Schema, compression: str) -> pq.ParquetWriter:
    """Open a writer with the settings every newsschema Parquet file shares."""
    return pq.ParquetWriter(
        stream,
        schema.with_metadata(file_metadata(__version__)),
        version="2.6",
        use_compliant_nested_type=True,
        compression=compression,
        use_deprecated_int96_timestamps=False,
        store_schema=True,
    )


class RowGroups:
    """Gathers record batches and writes a row group each time they hold enough bytes.

    Rows are weighed :data:`UNIT` at a time, counted from the first row written, whatever
    batches they came in: so a row group ends after the same row however the rows were
    batched (by one process or several), and the file's bytes are the same. A unit that
    spans two batches is weighed joined, since Arrow counts each batch's bitmaps apart.
    """

    def __init__(self, writer: pq.ParquetWriter, row_group_bytes: int) -> None:
        if row_group_bytes < 1:
            raise ValueError(f"row_group_bytes must be 1 or more, not {row_group_bytes}")
        self.writer = writer
        self.row_group_bytes = row_group_bytes
        self.pending: list[pa.RecordBatch] = []
        self.pending_bytes = 0
        self.unit: list[pa.RecordBatch] = []
        self.unit_rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        """Take a batch, writing row groups as they fill."""
        start = 0
        while start < batch.num_rows:
            rows = min(UNIT - self.unit_rows, batch.num_rows - start)
            self.unit.append(batch.slice(start, rows))
            self.unit_rows += rows
            start += rows
            if self.unit_rows == UNIT:
                self._weigh()

    def _weigh(self) -> None:
        """Put the unit in the row group, and write the group when it is full."""
        if self.row_group_bytes >= LARGEST:
            pass  # one row group whatever its size (the tables layout's): nothing to weigh
        elif len(self.unit) == 1:
            self.pending_bytes += self.unit[0].nbytes
        else:
            self.pending_bytes += pa.Table.from_batches(self.unit).combine_chunks().nbytes
        self.pending.extend(self.unit)
        self.unit, self.unit_rows = [], 0
        if self.pending_bytes >= self.row_group_bytes:
            self._write()

    def _write(self) -> None:
        if self.pending:
            table = pa.Table.from_batches(self.pending)
            self.writer.write_table(table, row_group_size=max(table.num_rows, 1))
        self.pending, self.pending_bytes = [], 0

    def flush(self) -> None:
        """Write what is pending (the last rows) as one row group."""
        self.pending.extend(self.unit)
        self.unit, self.unit_rows = [], 0
        self._write()


UNIT = 64
"""Rows weighed together in choosing where row groups end (a row group holds whole units,
but for the last)."""


def batches(articles: Iterable[Article], size: int = BATCH_ROWS) -> Iterator[list[Article]]:
    """Split a stream of articles into lists of at most ``size``."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def record_batch(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    """Build a record batch column by column from row tuples in the schema's order."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [
        pa.array(column, type=column_field.type)
        for column, column_field in zip(columns, schema, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def write(
    stream: BinaryIO,
    articles: Iterable[Article],
    *,
    row_group_bytes: int = ROW_GROUP_BYTES,
    compression: str = "zstd",
) -> int:
    """Write articles, one row each, in row groups of about ``row_group_bytes``."""
    parts = ((encode(batch), len(batch)) for batch in batches(articles))
    return write_encoded(stream, parts, row_group_bytes=row_group_bytes, compression=compression)


def encode(articles: list[Article]) -> pa.RecordBatch:
    """A batch of articles as the Arrow columns of their rows."""
    return record_batch([article_row(article) for article in articles], NESTED_SCHEMA)


def write_encoded(
    stream: BinaryIO,
    parts: Iterable[tuple[pa.RecordBatch, int]],
    *,
    row_group_bytes: int = ROW_GROUP_BYTES,
    compression: str = "zstd",
) -> int:
    """Write batches made by :func:`encode`, in row groups of about ``row_group_bytes``."""
    count = 0
    with parquet_writer(stream, NESTED_SCHEMA, compression) as writer:
        groups = RowGroups(writer, row_group_bytes)
        for batch, rows in parts:
            groups.add(batch)
            count += rows
        groups.flush()
    return count


def read(stream: BinaryIO) -> Iterator[Record]:
    """Read articles one row group at a time; a bad file is one record with its problems."""
    for found in row_groups(stream):
        if isinstance(found, Record):
            yield found
        else:
            yield from records(*found)


RowGroup = tuple[pa.Table, int, tuple[str, ...], int]
"""A row group's rows, the file's index of its first, what to say of the file, its number."""


def row_groups(stream: BinaryIO) -> Iterator[RowGroup | Record]:
    """A file's row groups as Arrow reads them (the arguments of :func:`records`).

    A file or a row group that cannot be read is a record with the problem, and the file is
    read no further.
    """
    found = _opened(stream)
    if isinstance(found, Record):
        yield found
        return
    parquet, notes = found
    index = 0
    for group in range(parquet.num_row_groups):
        try:
            rows = parquet.read_row_group(group)
        except UNREADABLE as exc:
            problem = f"row group {group} cannot be read: {exc}"
            yield Record(None, f"[{index}]", error=ValidationError.single("", problem))
            return
        yield rows, index, notes, group
        index += rows.num_rows


def _opened(stream: BinaryIO) -> tuple[pq.ParquetFile, tuple[str, ...]] | Record:
    """A Parquet file opened, with what to say of its records; else a record saying why not."""
    try:
        parquet = pq.ParquetFile(stream if stream.seekable() else BytesIO(stream.read()))
        elsewhere = written_elsewhere(parquet.schema_arrow, NESTED_SCHEMA)
        problems = [] if elsewhere else schema_problems(parquet.schema_arrow, NESTED_SCHEMA)
    except UNREADABLE as exc:
        return Record(None, error=ValidationError.single("", f"not a readable Parquet file: {exc}"))
    if problems:
        return Record(None, error=ValidationError(problems))
    notes: tuple[str, ...] = ()
    if elsewhere:
        notes = (
            "not written by newsschema (its metadata has no newsschema.schema_version), but in "
            "its columns: read by them",
        )
    return parquet, notes


def records(
    rows: pa.Table, index: int, notes: tuple[str, ...] = (), group: int = 0
) -> Iterator[Record]:
    """The records of rows of a file (of its row ``group``), the first its ``index``-th.

    Rows are made Python's a slice at a time; a row that cannot be (a timestamp before year
    1, text that is not UTF-8) is a record with the problem, and the others are read.
    """
    for start in range(0, rows.num_rows, _SLICE_ROWS):
        part = rows.slice(start, _SLICE_ROWS)
        try:
            found: list[Any] = part.to_pylist()
        except UNREADABLE:
            found = [_row(part, row) for row in range(part.num_rows)]
        for row in found:
            yield _record(row, f"[{index}]", notes if index == 0 else (), group)
            index += 1


_SLICE_ROWS = 1024


def _row(rows: pa.Table, number: int) -> dict[str, Any] | Exception:
    try:
        row: dict[str, Any] = rows.slice(number, 1).to_pylist()[0]
    except UNREADABLE as exc:
        return exc
    return row


def row_record(row: dict[str, Any], where: str) -> Record:
    """The record of one row of the nested layout given as builtins, from anywhere (DuckDB)."""
    return _record(row, where, (), 0)


def _record(
    row: dict[str, Any] | Exception, where: str, notes: tuple[str, ...], group: int
) -> Record:
    if isinstance(row, Exception):
        problem = f"the row cannot be read (row group {group}): {row}"
        return Record(None, where, error=ValidationError.single("", problem))
    try:
        return Record(article_record(row), where, warnings=notes)
    except ValidationError as exc:
        return Record(row, where, error=exc)
    except (TypeError, AttributeError):  # another writer left a null where we never do
        problem = "a value that must be there is null (the file was written elsewhere)"
        return Record(row, where, error=ValidationError.single("", problem))


# Article to row.


def article_row(article: Article) -> tuple[Any, ...]:
    """One article as a row tuple in the order of :data:`NESTED_SCHEMA`."""
    return (
        article.id,
        article.headline,
        list(article.alternative_headlines),
        article.language,
        None if article.kind is None else article.kind.value,
        [
            (section.heading, list(section.paragraphs), *published_out(section.date_published))
            for section in article.body
        ],
        article.url,
        *published_out(article.date_published),
        *published_out(article.date_modified),
        dateline_out(article.dateline),
        list(article.authors),
        article.publisher,
        article.section,
        list(article.keywords),
        subjects_out(article.subjects),
        article.summary,
        labels_out(article.translations),
        media_out(article.media),
        [_entity_out(entity) for entity in article.entities],
        [_quote_out(quote) for quote in article.quotes],
        [_statistic_out(statistic) for statistic in article.statistics],
        [_campaign_out(campaign) for campaign in article.campaigns],
        [_event_out(event) for event in article.events],
        [_comment_out(comment) for comment in article.comments],
        article.comment_count,
        provenance_out(article.provenance),
    )


def _entity_out(entity: Entity) -> tuple[Any, ...]:
    return (
        entity.id,
        entity.kind.value,
        entity.name,
        labels_out(entity.labels),
        entity.title,
        entity.url,
        list(entity.same_as),
        spans_out(entity.mentions),
        suggestion_out(entity.suggested),
    )


def _quote_out(quote: Quote) -> tuple[Any, ...]:
    return (
        quote.id,
        quote.text,
        quote.kind.value,
        quote.speaker,
        None if quote.channel is None else quote.channel.value,
        partial_date_out(quote.date),
        quote.cue,
        spans_out(quote.spans),
        suggestion_out(quote.suggested),
    )


def _statistic_out(statistic: Statistic) -> tuple[Any, ...]:
    return (
        statistic.id,
        *number_out(statistic.value),
        statistic.qualifier.value,
        *number_out(statistic.value_max),
        statistic.unit,
        statistic.unit_code,
        statistic.measure,
        statistic.subject,
        statistic.source,
        partial_date_out(statistic.date),
        spans_out(statistic.spans),
        suggestion_out(statistic.suggested),
    )


def _campaign_out(campaign: Campaign) -> tuple[Any, ...]:
    phases = [
        (
            phase.ordinal,
            phase.name,
            labels_out(phase.labels),
            partial_date_out(phase.start),
            partial_date_out(phase.end),
            phase.description,
            spans_out(phase.spans),
        )
        for phase in campaign.phases
    ]
    return (
        campaign.id,
        campaign.name,
        labels_out(campaign.labels),
        partial_date_out(campaign.start),
        partial_date_out(campaign.end),
        phases,
        spans_out(campaign.spans),
    )


def _event_out(event: Event) -> tuple[Any, ...]:
    return (
        event.id,
        event.name,
        partial_date_out(event.date),
        list(event.places),
        list(event.participants),
        event.campaign,
        event.phase,
        spans_out(event.spans),
    )


def _comment_out(comment: Comment) -> tuple[Any, ...]:
    return (
        comment.id,
        comment.text,
        comment.author,
        *published_out(comment.date_published),
        comment.reply_to,
    )


# Row to the canonical builtins that the converter checks and turns into an article.


def article_record(row: dict[str, Any]) -> dict[str, Any]:
    """One row (as ``to_pylist`` gives it) as the builtins of canonical JSON.

    Raises:
        ValidationError: the row's Parquet encoding is inconsistent (a figure with both
            columns set, a timestamp without its offset, stored date bounds that do not
            match the EDTF string, a language given twice).
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "id": row["id"],
        "headline": row["headline"],
        "alternative_headlines": row["alternative_headlines"],
        "language": row["language"],
        "kind": row["kind"],
        "body": [section_record(section, f"body[{i}]") for i, section in enumerate(row["body"])],
        "url": row["url"],
        "date_published": published_in(row, "date_published", "date_published"),
        "date_modified": published_in(row, "date_modified", "date_modified"),
        "dateline": row["dateline"],
        "authors": row["authors"],
        "publisher": row["publisher"],
        "section": row["section"],
        "keywords": row["keywords"],
        "subjects": subjects_in(row["subjects"], "subjects"),
        "summary": row["summary"],
        "translations": labels_in(row["translations"], "translations"),
        "media": row["media"],
        "entities": [
            {**entity, "labels": labels_in(entity["labels"], f"entities[{index}].labels")}
            for index, entity in enumerate(row["entities"])
        ],
        "quotes": [
            {**quote, "date": partial_date_in(quote["date"], f"quotes[{index}].date")}
            for index, quote in enumerate(row["quotes"])
        ],
        "statistics": [
            statistic_record(statistic, f"statistics[{index}]")
            for index, statistic in enumerate(row["statistics"])
        ],
        "campaigns": [
            campaign_record(campaign, f"campaigns[{index}]")
            for index, campaign in enumerate(row["campaigns"])
        ],
        "events": [
            {**event, "date": partial_date_in(event["date"], f"events[{index}].date")}
            for index, event in enumerate(row["events"])
        ],
        "comments": [
            comment_record(comment, f"comments[{index}]")
            for index, comment in enumerate(row["comments"])
        ],
        "comment_count": row["comment_count"],
        "provenance": None if row["provenance"] is None else provenance_record(row["provenance"]),
    }


def _moment_column(row: dict[str, Any], column: str, path: str) -> Any:
    return moment_in(row[column], row[f"{column}_offset_minutes"], path)


def section_record(section: dict[str, Any], path: str) -> dict[str, Any]:
    """A section struct as canonical builtins."""
    return {
        "heading": section["heading"],
        "paragraphs": section["paragraphs"],
        "date_published": published_in(section, "date_published", f"{path}.date_published"),
    }


def statistic_record(statistic: dict[str, Any], path: str) -> dict[str, Any]:
    """A statistic struct as canonical builtins."""
    fields = {
        key: value
        for key, value in statistic.items()
        if not key.startswith(("value_int", "value_float", "value_max_"))
    }
    fields["value"] = number_in(
        statistic["value_int"], statistic["value_float"], f"{path}.value", required=True
    )
    fields["value_max"] = number_in(
        statistic["value_max_int"],
        statistic["value_max_float"],
        f"{path}.value_max",
        required=False,
    )
    fields["date"] = partial_date_in(statistic["date"], f"{path}.date")
    return fields


def campaign_record(campaign: dict[str, Any], path: str) -> dict[str, Any]:
    """A campaign struct, with its phases, as canonical builtins."""
    return {
        **campaign,
        "labels": labels_in(campaign["labels"], f"{path}.labels"),
        "start": partial_date_in(campaign["start"], f"{path}.start"),
        "end": partial_date_in(campaign["end"], f"{path}.end"),
        "phases": [
            phase_record(phase, f"{path}.phases[{index}]")
            for index, phase in enumerate(campaign["phases"])
        ],
    }


def phase_record(phase: dict[str, Any], path: str) -> dict[str, Any]:
    """A phase struct as canonical builtins."""
    return {
        **phase,
        "labels": labels_in(phase["labels"], f"{path}.labels"),
        "start": partial_date_in(phase["start"], f"{path}.start"),
        "end": partial_date_in(phase["end"], f"{path}.end"),
    }


def comment_record(comment: dict[str, Any], path: str) -> dict[str, Any]:
    """A comment struct as canonical builtins."""
    fields = {key: value for key, value in comment.items() if not key.startswith("date_published")}
    fields["date_published"] = published_in(comment, "date_published", f"{path}.date_published")
    return fields


def provenance_record(provenance: dict[str, Any]) -> dict[str, Any]:
    """A provenance struct as canonical builtins."""
    fields = {key: value for key, value in provenance.items() if not key.startswith("retrieved_at")}
    fields["retrieved_at"] = _moment_column(provenance, "retrieved_at", "provenance.retrieved_at")
    return fields


FORMAT = registry.by_name("parquet")
"""This format, as the registry describes it."""
