"""Limits on the work a reader does, with safe defaults that typical input never meets.

A reader stops at a limit with a ``ValidationError`` that names the limit and says how to
raise it: ``read(path, limits=Limits(record_bytes=2**30))`` in Python, or the command line's
``--max-record-bytes`` and its siblings.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import attrs

from newsschema.errors import FormatError, ValidationError

__all__ = ["DEFAULT_LIMITS", "LARGEST", "WORK_PER_BYTE", "Limits", "nesting", "read_at_most"]


LARGEST = 2**62
"""The largest limit (4.6 exabytes, or steps): past it a number is no longer a size."""


def _count(instance: Limits, attribute: attrs.Attribute[int], value: object) -> None:
    """A limit is a whole number from 1 to :data:`LARGEST`; anything else says so in a line."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LARGEST:
        if isinstance(value, bool) or not isinstance(value, int):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        else:
            shown = f"{value:,}" if abs(value) < 10**30 else "a huge number"
        raise FormatError(
            f"Limits({attribute.name}={shown}): give a whole number from 1 to {LARGEST:,}"
        )


@attrs.frozen(kw_only=True)
class Limits:
    """How much one record may ask of a reader.

    Attributes:
        record_bytes: the size of one record as read: a JSON or JSON-LD document, a line of
            JSON Lines, a page. 64 MiB by default; the largest real article is a few MB.
        depth: how deeply a JSON-LD or ninjs document may nest objects and arrays (100).
        blocks: how many ``application/ld+json`` blocks a page may have (200).
        jsonld_work: how much work a JSON-LD document may ask of the JSON-LD processor
            beyond :data:`WORK_PER_BYTE` steps for each byte of its text; a step is about a
            microsecond of the processor's time. Counted: each node, each term of every
            context read (a URL of the bundled schema.org context counts its 3,000 terms
            each time it is named), and nodes times the terms of scoped contexts. 500,000 by
            default, so no document costs more than about half a second plus 10 seconds a
            megabyte. Documents in simple contexts (ours, schema.org's) are read without the
            processor and never meet it.
    """

    record_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_count)
    depth: int = attrs.field(default=100, validator=_count)
    blocks: int = attrs.field(default=200, validator=_count)
    jsonld_work: int = attrs.field(default=500_000, validator=_count)

    def exceeded(self, name: str, found: str, what: str) -> ValidationError:
        """The error for a limit that ``what`` goes past."""
        limit = getattr(self, name)
        flag = "--max-" + name.replace("_", "-")
        return ValidationError.single(
            "",
            f"{what} {found}, past the limit of {limit:,} ({name}): raise it with "
            f"limits=Limits({name}=...) in Python or {flag} on the command line",
        )


DEFAULT_LIMITS = Limits()

WORK_PER_BYTE = 10
"""The JSON-LD processor's steps a document may ask for each byte of its text, beyond
``Limits.jsonld_work``: the work allowed grows with the document, at about 10 s a megabyte."""


_PIECE = 1 << 24
"""How much :func:`read_at_most` asks a stream for at a time (16 MiB)."""


def read_at_most(stream: BinaryIO, limits: Limits, what: str) -> bytes:
    """Read a whole stream, but never more than ``limits.record_bytes`` of it.

    Raises:
        ValidationError: the stream holds more.
    """
    pieces: list[bytes] = []
    size = 0
    while size <= limits.record_bytes:  # never ask for the limit at once: it would be allocated
        piece = stream.read(min(limits.record_bytes + 1 - size, _PIECE))
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    if len(data) > limits.record_bytes:
        raise limits.exceeded("record_bytes", f"is more than {limits.record_bytes:,} bytes", what)
    return data


def nesting(value: Any, beyond: int) -> int:
    """How deeply objects and arrays nest in a value; counting stops past ``beyond``."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            items: Any = item.values()
        elif isinstance(item, list):
            items = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > beyond:
            return deepest
        todo.extend((inner, depth + 1) for inner in items)
    return deepest
