"""HTML pages (read only): the article in their ``application/ld+json`` blocks.

The page is parsed with the standard library's HTML parser. Every
``<script type="application/ld+json">`` block is taken as JSON (a block that is not valid
JSON is passed over with a warning); the blocks are read together as one JSON-LD graph, and
the article node is chosen among its neighbours (WebSite, BreadcrumbList, Organization, ...)
as :mod:`newsschema.formats.jsonld` does.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, BinaryIO

from newsschema.errors import ValidationError
from newsschema.formats._base import Format, Record
from newsschema.formats.json import decode
from newsschema.formats.jsonld import articles_from_documents

__all__ = ["FORMAT", "read", "script_blocks"]


class _Scripts(HTMLParser):
    """Collects the text of every JSON-LD script element, with the line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._open: list[str] | None = None
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json":
            self._open, self._line = [], self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((self._line, "".join(self._open)))
            self._open = None


def script_blocks(page: str) -> list[tuple[int, str]]:
    """The JSON-LD script blocks of a page, as (line, text) pairs in page order."""
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser.blocks


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _text(data: bytes) -> str:
    """Decode a page: a byte order mark, else the charset its <meta> declares, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def read(stream: BinaryIO, *, strict: bool = False) -> Iterator[Record]:
    """Read the article (or articles) that a page's JSON-LD blocks describe."""
    documents: list[Any] = []
    skipped: list[str] = []
    for line, block in script_blocks(_text(stream.read())):
        try:
            documents.append(decode(block))
        except ValidationError as exc:
            skipped.append(
                f"the JSON-LD block on line {line} was passed over: {exc.problems[0].message}"
            )
    if not documents:
        reason = "; ".join(skipped) or "the page has no application/ld+json script block"
        yield Record(None, error=ValidationError.single("", f"no JSON-LD to read: {reason}"))
        return
    for record in articles_from_documents(documents, strict=strict):
        if record.error is None and skipped:
            if strict:
                problems = ValidationError.single("", f"not kept: {skipped[0]}")
                yield Record(record.data, record.where, error=problems)
                continue
            record = Record(record.data, record.where, warnings=(*skipped, *record.warnings))
        yield record


FORMAT = Format(
    name="html",
    suffixes=(".html", ".htm"),
    description="HTML page (read only): the article in its JSON-LD script blocks",
    read=read,
    read_options=("strict",),
)
