"""JSON Lines: one canonical article on each line, read and written as a stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple, Protocol

from newsschema.errors import ValidationError
from newsschema.formats import registry
from newsschema.formats._base import Record
from newsschema.formats.json import decode, encode
from newsschema.limits import DEFAULT_LIMITS, Limits
from newsschema.model import Article

__all__ = ["FORMAT", "Block", "blocks", "encode_lines", "lines", "record_of", "write_encoded"]


def read(stream: BinaryIO, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Read one record a line; blank lines are passed over.

    A line longer than ``limits.record_bytes`` is a bad record, and is never held whole.
    """
    for line in lines(stream, limits):
        yield line if isinstance(line, Record) else record_of(*line)


class Readable(Protocol):
    """What :func:`lines` reads from: a binary stream, or anything that gives lines."""

    def readline(self, size: int = -1, /) -> bytes: ...


def lines(
    stream: Readable, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[int, bytes] | Record]:
    """Each line that is not blank, with its number; a line past the limit, as a bad record.

    Parsing is left to :func:`record_of`, so that it can be done elsewhere (another process).
    """
    number = offset = 0
    while True:
        line = stream.readline(limits.record_bytes + 1)
        if not line:
            return
        number += 1
        if offset < _SNIFFED and (binary := _binary(line, offset)) is not None:
            yield binary
            return
        offset += len(line)
        if len(line) > limits.record_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the long line, in pieces
                line = stream.readline(limits.record_bytes)
            yield _too_long(number, limits)
            continue
        if line and not line.isspace():
            yield number, line


class Block(NamedTuple):
    """Whole lines of JSON Lines as read, the first of them numbered ``first``.

    What a reader hands on to be checked (in its process or another): one string of bytes,
    split where it is checked.
    """

    first: int
    data: bytes
    start: int = 0
    """Where the block starts in its stream."""

    def lines(self, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, bytes] | Record]:
        """What :func:`lines` gives for these lines (without their line ends)."""
        for number, line in enumerate(self.data.split(b"\n"), start=self.first):
            if len(line) > limits.record_bytes:
                yield _too_long(number, limits)
            elif line and not line.isspace():
                yield number, line


def blocks(
    stream: BinaryIO, limits: Limits = DEFAULT_LIMITS, size: int = 4 * 1024 * 1024
) -> Iterator[Block | Record]:
    """The stream's lines in blocks of about ``size`` bytes, each cut at a line's end.

    Read a block at a time, not a line at a time: the lines are split where they are used.
    A line longer than ``limits.record_bytes`` is a bad record, and is never held whole.
    """
    number = 1  # the number of the first line not yet given
    begin = 0  # where it starts in the stream
    start: list[bytes] = []  # the start of a line, read but not yet ended
    held = 0
    passing = False  # over the rest of a line past the limit
    read = 0
    while data := stream.read(size):
        if not read and (binary := _binary(data, 0)) is not None:
            yield binary
            return
        read += len(data)
        if passing:
            cut = data.find(b"\n")
            if cut < 0:
                continue
            begin = read - len(data) + cut + 1
            data, passing = data[cut + 1 :], False
        end = data.rfind(b"\n") + 1
        if end:
            block = b"".join((*start, memoryview(data)[:end])) if start else data[:end]
            yield Block(number, block, begin)
            number += block.count(b"\n")
            begin += len(block)
            start, held = [], 0
        if end < len(data):
            start.append(data[end:])
            held += len(data) - end
            if held > limits.record_bytes:
                yield _too_long(number, limits)
                number += 1
                start, held, passing = [], 0, True
    if start:
        yield Block(number, b"".join(start), begin)


def _binary(data: bytes, offset: int) -> Record | None:
    """A file that is not text (a NUL byte near its start): one error, and nothing more read.

    Text never holds a NUL, nor does JSON; an image or an archive soon does. Read line by
    line, it would be an error a "line" for each of its thousands. ``offset``: where
    ``data`` is in the file.
    """
    at = data.find(b"\x00", 0, max(_SNIFFED - offset, 0))
    if at < 0:
        return None
    problem = f"not JSON Lines: binary data at byte {offset + at:,} (nothing more is read)"
    return Record(None, ":1", error=ValidationError.single("", problem))


_SNIFFED = 1 << 16
"""How much of a file's start is looked at for binary data."""


def _too_long(number: int, limits: Limits) -> Record:
    found = f"is more than {limits.record_bytes:,} bytes"
    error = limits.exceeded("record_bytes", found, "the line")
    return Record(None, f":{number}", error=error)


def record_of(number: int, line: bytes) -> Record:
    """The record a line holds."""
    try:
        return Record(decode(line), f":{number}")
    except ValidationError as exc:
        return Record(None, f":{number}", error=exc, raw=line.rstrip(b"\r\n"))


def encode_lines(articles: list[Article]) -> bytes:
    """Articles as the lines :func:`write` writes, for a writer that gathers them."""
    return b"".join(encode(article, indent=False) + b"\n" for article in articles)


def write_encoded(stream: BinaryIO, parts: Iterable[tuple[bytes, int]]) -> int:
    """Write lines made by :func:`encode_lines` (each part with its count of articles)."""
    count = 0
    for data, articles in parts:
        stream.write(data)
        count += articles
    return count


def write(stream: BinaryIO, articles: Iterable[Article]) -> int:
    """Write each article on a line of its own."""
    count = 0
    for article in articles:
        stream.write(encode(article, indent=False) + b"\n")
        count += 1
    return count


FORMAT = registry.by_name("jsonl")
"""This format, as the registry describes it."""
