"""Canonical JSON: one article, or an array of articles, in a ``.json`` file.

Deterministic: the same articles always give the same bytes. Keys are snake_case in the
model's order with ``schema_version`` first; None and empty collections are left out;
text is written as UTF-8, never escaped; two-space indents and a final newline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from newsschema.convert import unstructure_article
from newsschema.errors import ValidationError
from newsschema.formats import registry
from newsschema.formats._base import Record
from newsschema.limits import DEFAULT_LIMITS, Limits, read_at_most
from newsschema.model import Article

__all__ = ["FORMAT", "decode", "encode", "read_document", "write_documents"]


def _why(data: bytes | str, exc: orjson.JSONDecodeError) -> str:
    """What orjson found wrong, said plainly where it is not UTF-8 (it says "surrogates")."""
    if isinstance(data, bytes) and "not valid UTF-8" in str(exc):
        try:
            data.decode()
        except UnicodeDecodeError as bad:
            if bad.reason == "unexpected end of data" or not data[bad.end :].strip():
                return f"the text ends inside a UTF-8 character, at byte {bad.start:,}"
            return f"not UTF-8 text: byte {data[bad.start]:#04x} at byte {bad.start:,}"
    return str(exc)


def decode(data: bytes | str) -> Any:
    """Parse JSON text into builtins, refusing what JSON leaves open.

    Duplicate keys in an object are refused (RFC 8259 leaves their meaning open; I-JSON,
    RFC 7493, forbids them), and so is an integer that does not fit in 64 bits (it would
    silently become a float). orjson parses; Python's own parser, which sees every key and
    keeps big integers exact, reads again only a text where either may have happened.

    Raises:
        ValidationError: the text is not valid JSON (or not valid UTF-8), or has one of these.
    """
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ValidationError.single("", f"not valid JSON: {_why(data, exc)}") from None
    raw = data if isinstance(data, bytes) else data.encode()
    # Two things orjson does not say: that a key was lost to a later duplicate, and that an
    # integer beyond 64 bits became a float. Both are found from what was parsed, not guessed
    # from the text's layout. orjson writes once each string it kept, with each quote inside
    # one as \"; so where the text writes its quotes so too (never \u0022), fewer quotes in
    # orjson's output than in the text mean a string, a key, was lost. An integer outside 64
    # bits has at least 19 digits in a row. Where either may be so, it is read again exactly.
    try:
        again = orjson.dumps(value)
    except orjson.JSONEncodeError:  # nested beyond what orjson writes: check it the slow way
        again = b""
    if (
        raw.count(b'"') != again.count(b'"')
        or b"\\u0022" in raw
        or _LONG_RUN in raw.translate(_DIGITS)
    ):
        _check_exactly(raw)
    return value


_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19
"""An integer beyond 64 bits (``-2**63`` to ``2**64 - 1``) has at least 19 digits in a row."""


def _check_exactly(raw: bytes) -> None:
    """Read again with Python's parser: every key seen, every integer exact."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, item in items:
            if key in found:
                raise ValidationError.single(
                    "", f"not valid JSON: the key {key!r} appears twice in one object"
                )
            found[key] = item
        return found

    def whole(text: str) -> int:
        number = int(text)
        if not -(2**63) <= number < 2**64:
            raise ValidationError.single(
                "", f"not valid JSON: the integer {text[:30]} does not fit in 64 bits"
            )
        return number

    try:
        json.loads(raw, object_pairs_hook=pairs, parse_int=whole)
    except RecursionError:
        raise ValidationError.single("", "not valid JSON: nested too deeply to read") from None


def encode(article: Article, *, indent: bool = True) -> bytes:
    """Write one article as canonical JSON, indented or on one line, without a newline."""
    return orjson.dumps(unstructure_article(article), option=orjson.OPT_INDENT_2 if indent else 0)


def read_document(stream: BinaryIO, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Record | None]:
    """Parse a whole stream as one JSON document, of at most ``limits.record_bytes``.

    Returns:
        the document, or, when it is not valid JSON or too large, None and a record
        saying why.
    """
    try:
        data = read_at_most(stream, limits, "the document")
    except ValidationError as exc:
        return None, Record(None, error=exc)
    try:
        return decode(data), None
    except ValidationError as exc:
        return None, Record(None, error=exc, raw=data)


def read(stream: BinaryIO, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Record]:
    """Read a file holding one article object or an array of them."""
    document, failed = read_document(stream, limits)
    if failed is not None:
        yield failed
        return
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield Record(item, f"[{index}]")
    else:
        yield Record(document)


def write(stream: BinaryIO, articles: Iterable[Article]) -> int:
    """Write one article as an object, and none or several as an array."""
    return write_documents(stream, (encode(article) for article in articles))


def write_documents(stream: BinaryIO, documents: Iterable[bytes]) -> int:
    """Write one indented JSON document as it is, and none or several as an array of them.

    The documents are written as they come: only the second is awaited, to tell one from
    several.
    """
    items = iter(documents)
    first = next(items, None)
    second = next(items, None)
    if first is not None and second is None:
        stream.write(first + b"\n")
        return 1
    count = 0
    stream.write(b"[")
    for document in _chain(first, second, items):
        stream.write(b"\n  " if count == 0 else b",\n  ")
        # JSON strings never hold a raw newline, so every newline is indentation.
        stream.write(document.replace(b"\n", b"\n  "))
        count += 1
    stream.write(b"\n]\n" if count else b"]\n")
    return count


def _chain(first: bytes | None, second: bytes | None, rest: Iterator[bytes]) -> Iterator[bytes]:
    for document in (first, second):
        if document is not None:
            yield document
    yield from rest


FORMAT = registry.by_name("json")
"""This format, as the registry describes it."""
