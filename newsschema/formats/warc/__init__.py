"""Crawls (read only): the articles of a WARC file's pages.

WARC (ISO 28500) is what CC-NEWS, Heritrix, wget, Browsertrix and every web archive write.

- :mod:`~newsschema.formats.warc.records`: the records one at a time, each told apart
  (a page, a request, a redirect, an image, ...), its payload decoded;
- this module: each page read by the page importer (the ``html`` format's own code), its
  URL the record's ``WARC-Target-URI`` and ``provenance.retrieved_at`` its ``WARC-Date``.

Everything that is not an article is passed over and counted, never an error: the reader
says in a last warning how many records of each kind it found. A page that looked like an
article but was refused is a record with its error (a reject), placed at the record's
offset. A URL captured more than once gives one article: the latest capture (or the first,
``captures="first"``).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

import attrs

from newsschema.dates import foreign_moment, parse_datetime
from newsschema.errors import (
    FormatError,
    NotKeptWarning,
    PassedOverWarning,
    Problem,
    ValidationError,
)
from newsschema.formats import registry
from newsschema.formats._base import Note, Record
from newsschema.formats.warc.records import Capture, captures
from newsschema.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "FORMAT",
    "Pages",
    "Tally",
    "page_records",
    "passed_over",
    "read",
    "refusal",
    "runs",
    "summary",
]

CAPTURES = ("latest", "first")


@attrs.define
class Tally:
    """What a crawl's records were, counted as they are read, for the summary.

    Attributes:
        source: the file's shown name (or empty).
        total: the records read.
        counts: records by what they were (as :func:`summary` names them).
    """

    source: str = ""
    total: int = 0
    counts: Counter[str] = attrs.field(factory=Counter)

    def took(self, records: list[Record]) -> None:
        """Count what one page gave: its articles and refusals, or none (not an article)."""
        if not records:
            self.counts["not an article"] += 1
        for record in records:
            self.counts["article" if record.error is None else "refused"] += 1

    def warning(self) -> PassedOverWarning:
        """The summary, as the warning the reader gives at the end of a crawl."""
        lead = f"{self.source}: " if self.source else ""
        return PassedOverWarning(lead + summary(self.total, self.counts), self.total, self.counts)


@attrs.define
class Pages:
    """A run of a crawl's pages, to be imported (in a worker, for ``--jobs``).

    Attributes:
        captures: pages to import, and damaged or too large records (for their messages).
        tally: the crawl's counts (the reading process's own, shared by its runs).
        last: whether the crawl ends with this run.
    """

    captures: list[Capture]
    tally: Tally
    last: bool = False


def read(
    stream: BinaryIO,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    captures_of_a_url: str = "latest",
) -> Iterator[Record]:
    """Read the articles of a crawl's pages, record by record.

    Raises:
        FormatError: ``captures_of_a_url`` is not ``latest`` or ``first``, or warcio (the
            ``warc`` extra) is not installed.

    Warns:
        NotKeptWarning: for a damaged or too large record, passed over.
        PassedOverWarning: at the end, how many records of each kind the crawl held.
    """
    tally = Tally(_shown(stream))
    for pages in runs(stream, limits, captures_of_a_url, tally, size=1):
        for capture in pages.captures:
            refused = refusal(capture)
            if refused is not None:
                yield refused
                continue
            if capture.problem is not None:
                message = f"{tally.source}@{capture.offset}: {passed_over(capture)}"
                warnings.warn(NotKeptWarning(message), stacklevel=2)
                continue
            found = page_records(capture, strict, limits)
            tally.took(found)
            yield from found
    warnings.warn(tally.warning(), stacklevel=2)


def runs(
    stream: BinaryIO, limits: Limits, captures_of_a_url: str, tally: Tally, *, size: int
) -> Iterator[Pages]:
    """The pages of a crawl to import, ``size`` at a time; every other record counted.

    The latest capture of a URL is only known at the end: a first pass finds it, without
    reading payloads (a stream that cannot seek is spooled to a temporary file first).
    """
    if captures_of_a_url not in CAPTURES:
        raise FormatError(f"captures_of_a_url={captures_of_a_url!r}: choose 'latest' or 'first'")
    if stream.seekable():
        yield from _runs(stream, limits, captures_of_a_url, tally, size)
        return
    with tempfile.TemporaryFile() as spooled:
        while chunk := stream.read(1 << 20):
            spooled.write(chunk)
        spooled.seek(0)
        yield from _runs(spooled, limits, captures_of_a_url, tally, size)


def _runs(
    stream: BinaryIO, limits: Limits, captures_of_a_url: str, tally: Tally, size: int
) -> Iterator[Pages]:
    start = stream.tell()
    winners = _chosen_captures(stream, limits, captures_of_a_url)
    stream.seek(start)
    run: list[Capture] = []
    for capture in captures(stream, limits.record_bytes):
        if capture.kind == "not WARC":
            run.append(capture)  # refused, not counted as a record
            continue
        tally.total += 1
        if capture.kind != "article":
            tally.counts[capture.kind] += 1
            if capture.problem is None:
                continue
        elif capture.url is not None and winners.get(capture.url, capture.offset) != capture.offset:
            tally.counts["other capture"] += 1
            continue
        if len(run) == size:
            yield Pages(run, tally)
            run = []
        run.append(capture)
    yield Pages(run, tally, last=True)  # held back until the end is known


def refusal(capture: Capture) -> Record | None:
    """The error of a file that is no crawl at all (no WARC record in it), or None."""
    if capture.kind != "not WARC":
        return None
    return Record(
        None, f"@{capture.offset}", error=ValidationError.single("", f"{capture.problem}")
    )


def passed_over(capture: Capture) -> str:
    """What is said of a damaged or too large record, after its place."""
    return f"{capture.problem}: passed over"


def _shown(stream: BinaryIO) -> str:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else ""


def _chosen_captures(stream: BinaryIO, limits: Limits, which: str) -> dict[str, int]:
    """For each URL captured as a page, the offset of the capture that is read.

    Only a capture that reads is chosen: a damaged, truncated or too large latest capture
    leaves the URL its latest good one. Dates are compared as moments (a capture half a
    second later is later); one whose date cannot be read comes before every dated one.
    """
    chosen: dict[str, tuple[tuple[int, dt.datetime], int]] = {}
    for capture in captures(stream, limits.record_bytes, payloads=False):
        if capture.kind != "article" or capture.url is None:
            continue
        known = chosen.get(capture.url)
        when = _moment(capture.date)
        if known is None or (which == "latest" and when >= known[0]):
            chosen[capture.url] = (when, capture.offset)
    return {url: offset for url, (_, offset) in chosen.items()}


_NO_MOMENT = (0, dt.datetime.min.replace(tzinfo=dt.timezone.utc))


def _moment(date: str | None) -> tuple[int, dt.datetime]:
    """A capture's WARC-Date as a moment to compare, or the earliest of all."""
    written = foreign_moment(date)[0] if date is not None else None
    if written is None or "T" not in written:
        return _NO_MOMENT
    return 1, parse_datetime(written)


def page_records(capture: Capture, strict: bool, limits: Limits) -> list[Record]:
    """The articles of one page, as the ``html`` format reads them, placed in the crawl.

    An empty list for a page that is not an article (a home page, a listing).
    """
    return list(_page_records(capture, strict, limits))


def _page_records(capture: Capture, strict: bool, limits: Limits) -> Iterator[Record]:
    from newsschema.formats import html  # trafilatura's: imported with the first page

    where = f"@{capture.offset}"
    page = io.BytesIO(capture.payload)
    pages = html.read(page, strict=strict, limits=limits, charset=capture.charset, url=capture.url)
    for record in pages:
        if record.error is not None:
            if any(p.message.startswith("not an article") for p in record.error.problems):
                continue  # a home page, a listing: counted, not refused
            problems = [
                Problem(p.path, f"{capture.url}: {p.message}") for p in record.error.problems
            ]
            yield Record(None, where + record.where, error=ValidationError(problems))
            continue
        data: dict[str, Any] = record.data
        notes = list(record.warnings)
        if capture.url is not None:
            data["url"] = capture.url
            made = [n for n in notes if "is made from the headline" in n]  # no id, url or @id
            if made or "id" not in data:
                data["id"] = capture.url
                notes = [n for n in notes if n not in made]
                notes.append(Note(f"the id is the capture's URL, {capture.url!r}"))
        if capture.date is not None:
            moment, note = foreign_moment(capture.date)
            if moment is not None and "T" in moment:
                data.setdefault("provenance", {})["retrieved_at"] = moment
            elif note is not None:  # a day only, or no moment: kept in part or not at all
                notes.append(f"the capture's WARC-Date: {note}")
        yield Record(data, where + record.where, warnings=tuple(notes))


_KINDS = (  # the order the summary says them in, singular and plural
    ("article", "article", "articles"),
    ("refused", "refused", "refused"),
    ("request", "request", "requests"),
    ("metadata", "metadata record", "metadata records"),
    ("warcinfo", "warcinfo", "warcinfo records"),
    ("revisit", "revisit", "revisits"),
    ("resource", "resource", "resources"),
    ("other record", "other record", "other records"),
    ("non-HTML", "non-HTML", "non-HTML"),
    ("redirect or error", "redirect or error", "redirects or errors"),
    ("not an article", "not an article", "not articles"),
    ("other capture", "other capture of a URL", "other captures of a URL"),
    ("damaged", "damaged", "damaged"),
    ("truncated", "truncated", "truncated"),
    ("too large", "too large", "too large"),
)


def summary(total: int, counts: Counter[str]) -> str:
    """How many records of each kind a crawl held, in one line."""
    parts = [
        f"{counts[kind]:,} {one if counts[kind] == 1 else many}"
        for kind, one, many in _KINDS
        if counts[kind]
    ]
    return f"{total:,} record{'' if total == 1 else 's'}: {', '.join(parts) or 'none'}"


FORMAT = registry.by_name("warc")
"""This format, as the registry describes it."""
