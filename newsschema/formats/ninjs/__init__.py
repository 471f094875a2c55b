"""IPTC ninjs, the news agencies' JSON: read (2.x and 3.x), written (3.1, or 2.2 on request).

- :mod:`~newsschema.formats.ninjs.names`: the names of each version, and the genres;
- :mod:`~newsschema.formats.ninjs.read`: an item mapped to the model, what has no home said;
- :mod:`~newsschema.formats.ninjs.body`: bodies (plain text, HTML, NITF) as sections;
- :mod:`~newsschema.formats.ninjs.byline`: free-text bylines read as names, with care;
- :mod:`~newsschema.formats.ninjs.write`: an article as an item that the IPTC schema
  validates, with what it cannot hold warned about or, with ``extension=True``, carried in
  the ``newsschema`` property that ``schemas/ninjs-*-newsschema.schema.json`` describes.

A file holds one item, or an array of items.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import orjson

from newsschema.errors import FormatError, NotKeptWarning, ValidationError
from newsschema.formats import registry
from newsschema.formats._base import Record, foreign_record
from newsschema.formats.json import read_document, write_documents
from newsschema.formats.ninjs.names import EXTENSION, VERSIONS
from newsschema.formats.ninjs.read import read_item
from newsschema.formats.ninjs.validate import problems as schema_problems
from newsschema.formats.ninjs.write import NOT_KEPT, item_of
from newsschema.limits import DEFAULT_LIMITS, Limits, nesting
from newsschema.model import Article

__all__ = ["EXTENSION", "FORMAT", "read", "write"]


def read(
    stream: BinaryIO,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    validate: bool = False,
) -> Iterator[Record]:
    """Read one item, or each item of an array, as an article.

    Args:
        stream: the document.
        strict: make what the model does not keep an error, not a warning.
        limits: the bounds of the reading.
        validate: check each item against IPTC's JSON Schema of its version first, and
            refuse an invalid one with the schema's messages (needs the ``ninjs`` extra).
    """
    document, failed = read_document(stream, limits)
    if failed is not None:
        yield failed
        return
    items = list(enumerate(document)) if isinstance(document, list) else [(None, document)]
    for index, item in items:
        where = "" if index is None else f"[{index}]"
        if nesting(item, limits.depth) > limits.depth:
            found = f"is nested more than {limits.depth:,} levels deep"
            yield Record(None, where, error=limits.exceeded("depth", found, "the item"))
            continue
        if validate:
            invalid = schema_problems(item)
            if invalid:
                yield Record(item, where, error=ValidationError(invalid))
                continue
        try:
            record, notes = read_item(item)
        except ValidationError as exc:
            yield Record(item, where, error=exc)
            continue
        yield foreign_record(record, where, tuple(notes), strict)


def write(
    stream: BinaryIO,
    articles: Iterable[Article],
    *,
    version: str = "3.1",
    extension: bool = False,
) -> int:
    """Write one article as an item, and none or several as an array of items.

    Args:
        stream: where to write.
        articles: the articles, written as they come.
        version: the ninjs version written: ``"3.1"`` (the default) or ``"2.2"``.
        extension: carry what ninjs cannot hold in the ``newsschema`` extension, so that
            reading the file gives the articles back exactly.

    Raises:
        FormatError: a version that is not written.

    Warns:
        NotKeptWarning: for each article, without ``extension``, naming the fields that
            ninjs does not keep.
    """
    if version not in VERSIONS:
        known = ", ".join(VERSIONS)
        raise FormatError(f"ninjs version {version!r} is not written (written: {known})")
    return write_documents(stream, (_encoded(article, version, extension) for article in articles))


def _encoded(article: Article, version: str, extension: bool) -> bytes:
    item, lost = item_of(article, version, extension)
    if lost:
        reasons = "; ".join(f"{field} ({NOT_KEPT[field]})" for field in lost)
        warnings.warn(
            NotKeptWarning(
                f"{article.id}: not kept in ninjs {version}: {reasons} "
                "(write with extension=true to keep them)"
            ),
            stacklevel=4,
        )
    return orjson.dumps(item, option=orjson.OPT_INDENT_2)


FORMAT = registry.by_name("ninjs")
"""This format, as the registry describes it."""
