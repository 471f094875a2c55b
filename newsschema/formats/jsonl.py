"""JSON Lines: one canonical article on each line, read and written as a stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from newsschema.errors import ValidationError
from newsschema.formats._base import Format, Record
from newsschema.formats.json import decode, encode
from newsschema.limits import DEFAULT_LIMITS, Limits
from newsschema.model import Article

__all__ = ["FORMAT"]


def read(stream: BinaryIO, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Read one record a line; blank lines are passed over.

    A line longer than ``limits.record_bytes`` is a bad record, and is never held whole.
    """
    number = 0
    while True:
        line = stream.readline(limits.record_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > limits.record_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the long line, in pieces
                line = stream.readline(limits.record_bytes)
            error = limits.exceeded(
                "record_bytes", f"is more than {limits.record_bytes:,} bytes", "the line"
            )
            yield Record(None, f":{number}", error=error)
            continue
        if not line.strip():
            continue
        try:
            yield Record(decode(line), f":{number}")
        except ValidationError as exc:
            yield Record(None, f":{number}", error=exc, raw=line.rstrip(b"\r\n"))


def write(stream: BinaryIO, articles: Iterable[Article]) -> int:
    """Write each article on a line of its own."""
    count = 0
    for article in articles:
        stream.write(encode(article, indent=False) + b"\n")
        count += 1
    return count


FORMAT = Format(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    description="JSON Lines: one canonical article a line, streamed",
    read=read,
    write=write,
    read_options=("limits",),
)
