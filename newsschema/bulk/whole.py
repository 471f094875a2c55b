"""The bulk path's last stage: the rules of the article as a whole, on columns."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newsschema import checks
from newsschema.model import (
    EntityKind,
)

__all__ = ["Checking", "WholeArticles", "any_date", "as_values", "list_offsets", "row_keys"]

_SPEAKERS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP)
_AUTHORS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
_PLACES = (EntityKind.PLACE,)
_SEPARATOR = "\x1f"  # ids hold no control characters (their rule): a key's parts stay apart


class Checking(typing.Protocol):
    """What these rules need of the chunk they check (:class:`~.columns.Chunk`)."""

    bad: set[int]
    dates_read: dict[str, tuple[pa.Array, Any]]
    figures_of: list[tuple[Any, Any]]

    def mark(self, rows: pa.Array, where: pa.Array | None = None) -> None:
        """Mark these rows (those ``where`` holds) as bad: left to the detailed path."""


class WholeArticles:
    """The rules of the article as a whole (those of :mod:`newsschema.checks`), on columns."""

    def __init__(self, chunk: Checking, batch: pa.RecordBatch, rows: pa.Array) -> None:
        self.chunk = chunk
        self.batch = batch
        self.rows = rows

    def run(self) -> None:
        """Check every rule that relates an article's parts; mark the rows that break one."""
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
        """A top-level column of the batch."""
        return self.batch.column(name)

    def parts(self, name: str) -> tuple[pa.StructArray, pa.Array]:
        """The items of a list column, with the row each is in."""
        column = self.column(name)
        return column.flatten(), pc.list_parent_indices(column)

    def mark(self, rows: pa.Array, where: pa.Array | None = None) -> None:
        """Mark these rows (those ``where`` holds) as bad: left to the detailed path."""
        self.chunk.mark(rows, where)

    def ids(self) -> None:
        """Ids are unique within an article, across entities, quotes, figures and the rest."""
        keys, rows = [], []
        for name in ("entities", "quotes", "statistics", "campaigns", "events", "comments"):
            items, where = self.parts(name)
            keys.append(row_keys(where, items.field("id")))
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
            row_keys(rows, entities.field("id")), entities.field("kind"), _SEPARATOR
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
        """References resolve to a part of the right kind in the same article."""
        if refs.null_count == len(refs):
            return
        keys = row_keys(rows, refs)
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
        paragraph_offsets = list_offsets(pc.list_value_length(lists))
        section_offsets = list_offsets(pc.list_value_length(body))
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
        """A direct quote's text is the text its spans cut from the paragraphs."""
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
        starts = list_offsets(pc.list_value_length(phases)).take(owners)
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
        """A partial date's end is not before its start."""
        backwards = pc.less(end.field("latest"), start.field("earliest"))
        self.mark(rows, pc.and_(pc.and_(pc.is_valid(start), pc.is_valid(end)), backwards))

    def events(self) -> None:
        """An event's campaign is one of the article's, its phase one of the campaign's."""
        campaigns, rows = self.parts("campaigns")
        phases = dict(
            zip(
                row_keys(rows, campaigns.field("id")).to_pylist(),
                pc.list_value_length(campaigns.field("phases")).to_pylist(),
                strict=True,
            )
        )
        events, rows = self.parts("events")
        campaign, phase = events.field("campaign"), events.field("phase")
        self.mark(rows, pc.and_(pc.is_valid(phase), pc.is_null(campaign)))
        keys = row_keys(rows, campaign)
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
        ids = row_keys(rows, comments.field("id"))
        self.mark(
            rows, pc.and_(pc.is_valid(reply), pc.invert(pc.is_in(row_keys(rows, reply), ids)))
        )
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
        if not (any_date(published) and any_date(modified)):
            return
        if isinstance(published[1], pa.Array) and isinstance(modified[1], pa.Array):
            self.mark(self.rows, pc.less(modified[0], published[0]))  # both moments, in C
            return
        first_at, firsts = as_values(published)
        then_at, thens = as_values(modified)
        for row, (first, then) in enumerate(
            zip(first_at.to_pylist(), then_at.to_pylist(), strict=True)
        ):
            if first is None or then is None:
                continue
            one, other = firsts[first], thens[then]
            if one is not None and other is not None and checks.goes_back(one, other):
                self.chunk.bad.add(row)


def row_keys(rows: pa.Array, ids: pa.Array) -> pa.Array:
    """``row<US>id``: an id made unique across the articles of a chunk."""
    return pc.binary_join_element_wise(pc.cast(rows, pa.string()), ids, _SEPARATOR)


def list_offsets(lengths: pa.Array) -> pa.Array:
    """List offsets from lengths."""
    total = pc.cumulative_sum(pc.cast(lengths, pa.int32()))
    return pa.concat_arrays([pa.array([0], pa.int32()), total])


def any_date(read: tuple[pa.Array, Any]) -> bool:
    """Whether dates as read hold any date at all."""
    if isinstance(read[1], pa.Array):
        return bool(read[0].null_count < len(read[0]))
    return any(value is not None for value in read[1])


def as_values(read: tuple[pa.Array, Any]) -> tuple[pa.Array, list[Any]]:
    """Dates as read, as indices into values (moments read on columns become datetimes)."""
    if not isinstance(read[1], pa.Array):
        return read
    moments, offsets = read
    values = [
        None if moment is None else moment.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
        for moment, offset in zip(moments.to_pylist(), offsets.to_pylist(), strict=True)
    ]
    return pa.array(range(len(values)), pa.int32()), values
