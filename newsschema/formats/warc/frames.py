"""A crawl's records told apart by their framing, before anything reads inside them.

A WARC file is a run of records, each ``WARC/1.x``, its header lines, a blank line, as many
bytes as its ``Content-Length`` says, and a blank line; a ``.warc.gz`` compresses each record
(or several, or the whole file) as gzip members. A crawl may be damaged: a member whose
deflate data is broken, junk between records, a ``Content-Length`` that is wrong (it would
swallow the records after it, or leave part of its block to be read as the next record), a
header line of hundreds of megabytes, a file cut short. Each is found here, said as a
damaged or truncated frame at its offset, and the rest read from the next record that can
be found, always forward (each byte is read a bounded number of times, so time is linear in
the file's size) and never holding more than a record's allowed size.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import attrs

__all__ = ["HEAD_BYTES", "Frame", "frames"]

HEAD_BYTES = 1 << 20
"""The largest WARC header block (1 MiB; real ones are under 4 KiB): past it, damage."""
PEEK = 1 << 16
"""How much of a record's block too large to read is looked at, to tell what it is."""
_PIECE = 1 << 20
_START = re.compile(rb"WARC/1\.[0-9]\r?\n")
_LENGTH = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*([0-9]{1,19})[ \t]*\r?$")
_INNER_START = re.compile(rb"\r\n\r\nWARC/1\.[0-9]\r\nWARC-")
"""Another record inside a block: its length said too much, and the block swallowed it."""
_BLANK = b"\r\n"
_GZIP = b"\x1f\x8b\x08"


@attrs.frozen
class Frame:
    """One record's bytes as its framing gives them, or what is wrong there.

    Attributes:
        offset: where the record starts in the file (in a ``.warc.gz``, where its gzip
            member starts, as warcio counts offsets).
        data: the record's header block and block (of a record too large, its header block
            and the first :data:`PEEK` bytes of its block); empty for damage.
        problem: what is wrong, for damage; None for a record read whole or too large.
        kind: ``record``, ``too large`` (its size is known: its block is past the limit),
            ``truncated`` (the file ends inside it), ``damaged``, or ``not WARC`` (a file
            with no WARC record at all).
    """

    offset: int
    data: bytes = b""
    problem: str | None = None
    kind: str = "record"


def frames(stream: BinaryIO, max_bytes: int) -> Iterator[Frame]:
    """Every record of a seekable WARC stream (plain or gzip), in order, damage included."""
    start = stream.tell()
    head = stream.read(len(_GZIP))
    stream.seek(start)
    if head != _GZIP:
        yield from _Framer(_Plain(stream, start), max_bytes).frames()
        return
    offset: int | None = start
    while offset is not None:
        stream.seek(offset)
        if not stream.read(1):
            return  # the file ends where a member would begin
        member = _Member(stream, offset)
        last: Frame | None = None
        for frame in _Framer(member, max_bytes).frames():
            if last is not None:
                yield last
            last = frame
        member.finish()  # what the framer left of it (after damage): to find the next member
        if member.problem is None:
            if last is not None:
                yield last
            offset = member.next
            continue
        if last is not None and last.kind == "record":
            yield last
        yield Frame(member.offset, problem=member.problem, kind=member.problem_kind)
        offset = _next_member(stream, member.offset + 1)


class _Source:
    """Bytes read forward from one place: a plain file, or one gzip member's content."""

    offset: int
    """Where the bytes start in the file (a member's first byte)."""
    ends: str
    """What it is that ends where its bytes end, as a message says it."""

    def cut(self) -> bool:
        """Whether its bytes end because the file does (not where they were meant to)."""
        raise NotImplementedError

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes more; empty at the end."""
        raise NotImplementedError

    def place(self, position: int) -> int:
        """The offset in the file that a record starting at ``position`` is told by."""
        raise NotImplementedError

    def restart(self, position: int) -> None:
        """Read again from ``position`` (of the bytes given, counted from the first)."""
        raise NotImplementedError


class _Plain(_Source):
    ends = "the file"

    def __init__(self, stream: BinaryIO, offset: int) -> None:
        self.stream, self.offset = stream, offset

    def cut(self) -> bool:
        return True

    def read(self, size: int) -> bytes:
        return self.stream.read(size)

    def place(self, position: int) -> int:
        return self.offset + position

    def restart(self, position: int) -> None:
        self.stream.seek(self.offset + position)


class _Member(_Source):
    """One gzip member's content, decompressed as read; where the next member starts.

    A broken member ends its content where the damage is: ``problem`` says what it was.
    """

    ends = "its gzip member"

    def __init__(self, stream: BinaryIO, offset: int) -> None:
        self.stream, self.offset = stream, offset
        self.next: int | None = None
        self.problem: str | None = None
        self.problem_kind = "damaged"
        self.restart(0)

    def cut(self) -> bool:
        return self.problem_kind == "truncated" and self.problem is not None

    def finish(self) -> None:
        """Read the rest of the member, so that where the next one begins is known."""
        while self.next is None and self.problem is None and self.read(_PIECE):
            pass

    def restart(self, position: int) -> None:
        self.stream.seek(self.offset)
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.read_in = 0  # compressed bytes given to the inflater
        self.problem = None
        self.problem_kind = "damaged"
        self.next = None
        left = position
        while left > 0 and (skipped := self.read(min(left, _PIECE))):
            left -= len(skipped)

    def read(self, size: int) -> bytes:
        out: list[bytes] = []
        got = 0
        while got < size and not self.inflater.eof and self.problem is None:
            compressed = self.inflater.unconsumed_tail or self._more()
            if not compressed:
                self.problem = "a gzip member cut short: the file ends inside it"
                self.problem_kind = "truncated"
                break
            try:
                data = self.inflater.decompress(compressed, size - got)
            except zlib.error as exc:
                self.problem = f"a damaged gzip member ({exc})"
                break
            out.append(data)
            got += len(data)
        if self.inflater.eof and self.next is None:
            self.next = self.offset + self.read_in - len(self.inflater.unused_data)
        return b"".join(out)

    def _more(self) -> bytes:
        chunk = self.stream.read(_PIECE)
        self.read_in += len(chunk)
        return chunk

    def place(self, position: int) -> int:
        return self.offset


def _next_member(stream: BinaryIO, after: int) -> int | None:
    """Where the next gzip member begins, searched for a mebibyte at a time from ``after``."""
    position = after
    stream.seek(position)
    tail = b""
    while chunk := stream.read(_PIECE):
        data = tail + chunk
        found = data.find(_GZIP)
        if found >= 0:
            return position - len(tail) + found
        tail = data[-(len(_GZIP) - 1) :]
        position += len(chunk)
    return None


class _Framer:
    """The records of one source, each checked against its framing."""

    def __init__(self, source: _Source, max_bytes: int) -> None:
        self.source = source
        self.max_bytes = max_bytes
        self.buffer = bytearray()
        self.base = 0  # the position of the buffer's first byte in the source
        self.ended = False

    # The buffer: bytes of the source from ``base`` on, read as needed.

    def _fill(self, end: int) -> bool:
        """Hold the bytes up to ``end``; False when the source ends first."""
        while self.base + len(self.buffer) < end and not self.ended:
            piece = self.source.read(max(end - self.base - len(self.buffer), _PIECE // 16))
            if not piece:
                self.ended = True
            self.buffer += piece
        return self.base + len(self.buffer) >= end

    def _drop(self, position: int) -> None:
        """Forget the bytes before ``position`` (reading and forgetting up to it if need be)."""
        held = self.base + len(self.buffer)
        if position <= held:
            del self.buffer[: position - self.base]
            self.base = position
            return
        self.buffer.clear()
        self.base = held
        while self.base < position and not self.ended:
            piece = self.source.read(min(position - self.base, _PIECE))
            if not piece:
                self.ended = True  # short of ``position``: the base says where it ended
            self.base += len(piece)

    def _restart(self, position: int) -> None:
        """Read again from ``position``, behind what is held (after a wrong length)."""
        self.source.restart(position)
        self.buffer.clear()
        self.base = position
        self.ended = False

    def _find(self, pattern: re.Pattern[bytes] | bytes, start: int, end: int | None) -> int:
        """The first match at or after ``start`` (before ``end``), reading on; -1 for none.

        Without an ``end``, what is searched and not found is forgotten as it goes, so that
        a search through a large stretch of junk holds a piece at a time (the byte before
        ``start`` is kept).
        """
        self._drop(max(start - 1, self.base))
        keep = 16
        first = start - self.base
        while True:
            limit = len(self.buffer) if end is None else min(len(self.buffer), end - self.base)
            if isinstance(pattern, bytes):
                found = self.buffer.find(pattern, first, limit)
            else:
                match = pattern.search(self.buffer, first, limit)
                found = match.start() if match else -1
            if found >= 0:
                return self.base + found
            if (end is not None and self.base + limit >= end) or self.ended:
                return -1
            if end is None and len(self.buffer) > keep:
                self._drop(self.base + len(self.buffer) - keep)
                first = 0
            else:
                first = max(0, len(self.buffer) - keep)
            self._fill(self.base + len(self.buffer) + _PIECE)

    def _next_start(self, after: int) -> int:
        """Where the next ``WARC/1.x`` line begins, at or after ``after``; -1 for none.

        Junk may end without a line's end: the mark is looked for anywhere.
        """
        return self._find(_START, after, None)

    def frames(self) -> Iterator[Frame]:
        position = 0
        while True:
            self._drop(position)
            while self._fill(self.base + 2) and self.buffer[:2] == _BLANK:
                self._drop(self.base + 2)  # the blank lines between records
            while self._fill(self.base + 1) and self.buffer[:1] == b"\n":
                self._drop(self.base + 1)
            position = self.base
            if not self._fill(position + 1):
                return
            self._fill(position + 16)
            if not _START.match(self.buffer):
                following = self._next_start(position + 1)
                lost = (following if following >= 0 else self.base + len(self.buffer)) - position
                if position == 0 and following < 0 and isinstance(self.source, _Plain):
                    problem = f"not a WARC file: no WARC record in its {lost:,} bytes"
                    yield Frame(0, problem=problem, kind="not WARC")
                    return
                yield Frame(
                    self.source.place(position),
                    problem=f"{lost:,} bytes that are not a WARC record",
                    kind="damaged",
                )
                if following < 0:
                    return
                position = following
                continue
            frame, position = self._record(position)
            yield frame
            if position < 0:
                return

    def _record(self, position: int) -> tuple[Frame, int]:
        """The record at ``position`` and where to go on from (-1: the end)."""
        place = self.source.place(position)
        head_end = self._find(b"\r\n\r\n", position, position + HEAD_BYTES)
        if head_end < 0:
            cut = self.ended and self.source.cut()
            following = self._next_start(position + 1)
            if cut and following < 0:
                problem = f"a record cut short in its header: {self.source.ends} ends"
                return Frame(place, problem=problem, kind="truncated"), -1
            problem = f"a record whose header is past {HEAD_BYTES:,} bytes, or has no end"
            return Frame(place, problem=problem, kind="damaged"), following
        self._fill(head_end + 4)
        inner = _START.search(self.buffer, position + 1 - self.base, head_end - self.base)
        if inner is not None:  # a header cut short, run into the next record's
            problem = "a record cut short in its header"
            return Frame(place, problem=problem, kind="damaged"), self.base + inner.start()
        head = bytes(self.buffer[position - self.base : head_end + 4 - self.base])
        length = _LENGTH.search(head)
        if length is None:
            problem = "a record without a Content-Length"
            return Frame(place, problem=problem, kind="damaged"), self._next_start(head_end)
        size = int(length.group(1))
        body = head_end + 4
        if size > self.max_bytes:
            self._fill(body + min(size, PEEK))
            peek = bytes(self.buffer[body - self.base : body + min(size, PEEK) - self.base])
            self._drop(body + size)
        else:
            self._fill(body + size)
            peek = bytes(self.buffer[body - self.base : body + size - self.base])
        end = body + size
        held = self._fill(end)  # the whole block, then the blank line after it
        swallowed = size <= self.max_bytes and _INNER_START.search(peek) is not None
        if held and not swallowed and self._ends_well(end):
            kind = "too large" if size > self.max_bytes else "record"
            return Frame(place, head + peek, kind=kind), end + 4
        # The length is wrong, or the file ends inside the block: find the next record in it.
        cut = not held and self.source.cut()
        self._restart(head_end)
        following = self._next_start(head_end)
        if following < 0 and cut:
            problem = f"a truncated record: {self.source.ends} ends inside it ({size:,} bytes said)"
            return Frame(place, problem=problem, kind="truncated"), -1
        problem = f"a record whose Content-Length ({size:,}) is not where it ends"
        return Frame(place, problem=problem, kind="damaged"), following

    def _ends_well(self, end: int) -> bool:
        """Whether the blank line that ends a record follows a block ending at ``end``."""
        self._fill(end + 4)
        tail = bytes(self.buffer[end - self.base : end + 4 - self.base])
        if tail == b"\r\n\r\n":
            return True
        return self.ended and tail in (b"", b"\r\n")  # a last record with a short ending
