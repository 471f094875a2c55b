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

import io
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsschema.dates import foreign_moment
from newsschema.errors import FormatError, NotKeptWarning, Problem, ValidationError
from newsschema.formats import html
from newsschema.formats._base import Format, Record
from newsschema.formats.warc.records import Capture, captures
from newsschema.limits import DEFAULT_LIMITS, Limits

__all__ = ["FORMAT", "read"]

CAPTURES = ("latest", "first")


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
    """
    if captures_of_a_url not in CAPTURES:
        raise FormatError(f"captures_of_a_url={captures_of_a_url!r}: choose 'latest' or 'first'")
    name = getattr(stream, "name", None)
    shown = f"{name}: " if isinstance(name, str) else ""  # the file's, for the warnings
    if stream.seekable():
        yield from _read(stream, strict, limits, captures_of_a_url, shown)
        return
    with tempfile.TemporaryFile() as spooled:  # the latest capture needs a second look
        while chunk := stream.read(1 << 20):
            spooled.write(chunk)
        spooled.seek(0)
        yield from _read(spooled, strict, limits, captures_of_a_url, shown)


def _read(
    stream: BinaryIO, strict: bool, limits: Limits, captures_of_a_url: str, shown: str = ""
) -> Iterator[Record]:
    start = stream.tell()
    winners = _chosen_captures(stream, limits, captures_of_a_url)
    stream.seek(start)
    counts: Counter[str] = Counter()
    total = 0
    for capture in captures(stream, limits.record_bytes):
        total += 1
        where = f"@{capture.offset}"
        if capture.kind != "article":
            counts[capture.kind] += 1
            if capture.problem is not None:
                warnings.warn(
                    NotKeptWarning(f"{shown}{where}: {capture.problem}: passed over"), stacklevel=2
                )
            continue
        if capture.url is not None and winners.get(capture.url, capture.offset) != capture.offset:
            counts["other capture"] += 1
            continue
        found = list(_articles(capture, strict, limits, where))
        if not found:
            counts["not an article"] += 1
        for record in found:
            counts["article" if record.error is None else "refused"] += 1
            yield record
    warnings.warn(NotKeptWarning(shown + _summary(total, counts)), stacklevel=2)


def _chosen_captures(stream: BinaryIO, limits: Limits, which: str) -> dict[str, int]:
    """For each URL captured as a page, the offset of the capture that is read."""
    chosen: dict[str, tuple[str, int]] = {}
    for capture in captures(stream, limits.record_bytes, payloads=False):
        if capture.kind != "article" or capture.url is None:
            continue
        known = chosen.get(capture.url)
        date = capture.date or ""
        if known is None or (which == "latest" and date >= known[0]):
            chosen[capture.url] = (date, capture.offset)
    return {url: offset for url, (_, offset) in chosen.items()}


def _articles(capture: Capture, strict: bool, limits: Limits, where: str) -> Iterator[Record]:
    """The articles of one page, as the ``html`` format reads them, placed in the crawl."""
    page = io.BytesIO(capture.payload)
    for record in html.read(page, strict=strict, limits=limits, charset=capture.charset):
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
                notes.append(f"the id is the capture's URL, {capture.url!r}")
        if capture.date is not None:
            moment, _ = foreign_moment(capture.date)
            if moment is not None:
                data.setdefault("provenance", {})["retrieved_at"] = moment
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
    ("too large", "too large", "too large"),
)


def _summary(total: int, counts: Counter[str]) -> str:
    parts = [
        f"{counts[kind]:,} {one if counts[kind] == 1 else many}"
        for kind, one, many in _KINDS
        if counts[kind]
    ]
    return f"{total:,} records: {', '.join(parts) or 'none'}"


FORMAT = Format(
    name="warc",
    suffixes=(".warc", ".warc.gz"),
    description="a crawl (read only): the articles of a WARC file's HTML pages",
    read=read,
    read_options=("strict", "limits", "captures_of_a_url"),
)
