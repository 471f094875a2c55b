"""Canonical JSON: one article, or an array of articles, in a ``.json`` file.

Deterministic: the same articles always give the same bytes. Keys are snake_case in the
model's order with ``schema_version`` first; None and empty collections are left out;
text is written as UTF-8, never escaped; two-space indents and a final newline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from newsschema.convert import unstructure_article
from newsschema.errors import ValidationError
from newsschema.formats._base import Format, Record
from newsschema.model import Article

__all__ = ["FORMAT", "decode", "encode", "read_document"]


def decode(data: bytes | str) -> Any:
    """Parse JSON text into builtins.

    Raises:
        ValidationError: the text is not valid JSON (or not valid UTF-8).
    """
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ValidationError.single("", f"not valid JSON: {exc}") from None


def encode(article: Article, *, indent: bool = True) -> bytes:
    """Write one article as canonical JSON, indented or on one line, without a newline."""
    return orjson.dumps(unstructure_article(article), option=orjson.OPT_INDENT_2 if indent else 0)


def read_document(stream: BinaryIO) -> tuple[Any, Record | None]:
    """Parse a whole stream as one JSON document.

    Returns:
        the document, or, when it is not valid JSON, None and a record saying why.
    """
    data = stream.read()
    try:
        return decode(data), None
    except ValidationError as exc:
        return None, Record(None, error=exc, raw=data)


def read(stream: BinaryIO) -> Iterator[Record]:
    """Read a file holding one article object or an array of them."""
    document, failed = read_document(stream)
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
    items = iter(articles)
    first = next(items, None)
    second = next(items, None)
    if first is not None and second is None:
        stream.write(encode(first) + b"\n")
        return 1
    count = 0
    stream.write(b"[")
    for article in _chain(first, second, items):
        stream.write(b"\n  " if count == 0 else b",\n  ")
        # JSON strings never hold a raw newline, so every newline is indentation.
        stream.write(encode(article).replace(b"\n", b"\n  "))
        count += 1
    stream.write(b"\n]\n" if count else b"]\n")
    return count


def _chain(
    first: Article | None, second: Article | None, rest: Iterator[Article]
) -> Iterator[Article]:
    for article in (first, second):
        if article is not None:
            yield article
    yield from rest


FORMAT = Format(
    name="json",
    suffixes=(".json",),
    description="canonical JSON: one article, or an array of them",
    read=read,
    write=write,
)
