"""A ninjs body as sections and paragraphs, and sections as a ninjs body.

A body may be plain text (a paragraph a line), HTML or XHTML (a paragraph a block element,
``<h1>``–``<h6>`` opening a section), or NITF (``<p>`` paragraphs, ``<hl2>`` sub-headings).
White space in markup is folded as a browser folds it; a ``<br>`` is a line break in its
paragraph. What a body holds besides text (pictures, tables, embeds) is said, not kept.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

__all__ = ["body_kind", "html_of", "sections_of", "text_of_markup"]

_SPACE = re.compile(r"[ \t\n\r\f]+")
"""White space as HTML folds it: ASCII only, never a no-break or other Unicode space."""

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hl2"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "address",
        "hr",
        "body",
        "body.content",
        "block",
        "nitf",
    }
    | _HEADINGS
)
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})
_NITF_SKIPPED = frozenset({"body.head", "body.end"})
_NOT_TEXT = {
    "img": "picture",
    "picture": "picture",
    "figure": "figure",
    "table": "table",
    "iframe": "embedded frame",
    "video": "video",
    "audio": "sound",
    "object": "embedded object",
    "embed": "embedded object",
    "svg": "drawing",
    "media": "NITF media item",
}
_CONTENTS_SKIPPED = frozenset({"figure", "table", "video", "audio", "object", "svg", "media"})
_VOID = frozenset({"img", "br", "hr", "embed", "source", "track", "wbr", "meta", "link", "input"})


def body_kind(content_type: str | None) -> str:
    """What a body's content type makes it: ``html``, ``nitf`` or ``text``."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml", "text/xhtml"):
        return "html"
    if "nitf" in kind:
        return "nitf"
    return "text"


def sections_of(value: str, kind: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The body's sections (canonical builtins), and what of it was not kept."""
    if kind == "text":
        return [{"paragraphs": _plain_paragraphs(value)}], []
    reader = _Blocks(nitf=kind == "nitf")
    reader.feed(value)
    reader.close()
    return reader.finish()


def text_of_markup(value: str) -> str:
    """The text of a fragment of HTML (a headline, a description), folded as a browser would."""
    reader = _Blocks(nitf=False)
    reader.feed(value)
    reader.close()
    sections, _ = reader.finish()
    return "\n".join(
        part
        for section in sections
        for part in (section.get("heading"), *section["paragraphs"])
        if part
    )


def _plain_paragraphs(text: str) -> list[str]:
    """A paragraph a line; a paragraph a block where blank lines part blocks of lines."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if len(blocks) > 1 and any(len(block) > 1 for block in blocks):
        return ["\n".join(block) for block in blocks]
    return [line for block in blocks for line in block]


class _Blocks(HTMLParser):
    """Block elements into paragraphs, headings into sections; the rest counted and said."""

    def __init__(self, *, nitf: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.nitf = nitf
        self.sections: list[dict[str, Any]] = [{"heading": None, "paragraphs": []}]
        self.pieces: list[str | None] = []  # text, and None for a <br>
        self.skipping: list[str] = []
        self.pre = 0
        self.heading = 0
        self.passed: Counter[str] = Counter()
        self.nitf_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _NOT_TEXT:
            self.passed[_NOT_TEXT[tag]] += 1
        if tag in _SKIPPED or tag in _CONTENTS_SKIPPED or (self.nitf and tag in _NITF_SKIPPED):
            self._flush()
            if tag in _NITF_SKIPPED:
                self.nitf_parts.append(tag)
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag == "br":
            self.pieces.append(None)
        elif tag == "pre":
            self._flush()
            self.pre += 1
        elif tag in _BLOCKS:
            self._flush()
            if tag in _HEADINGS:
                self.heading += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.skipping:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
            return
        if tag == "pre" and self.pre:
            text = "".join(piece if piece is not None else "\n" for piece in self.pieces)
            self.pieces = []
            self.pre -= 1
            if text.strip():
                self.sections[-1]["paragraphs"].append(text.strip("\n"))
        elif tag in _HEADINGS and self.heading:
            text = self._text()
            self.heading -= 1
            if text:
                self.sections.append({"heading": text, "paragraphs": []})
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.pieces.append(data)

    def _text(self) -> str:
        """The pieces gathered, folded: white space runs as one space, none at a line's ends."""
        if self.pre:
            return ""
        lines: list[list[str]] = [[]]
        for piece in self.pieces:
            if piece is None:
                lines.append([])
            else:
                lines[-1].append(piece)
        self.pieces = []
        folded = [_SPACE.sub(" ", "".join(line)).strip(" ") for line in lines]
        while folded and not folded[-1]:
            folded.pop()
        while folded and not folded[0]:
            folded.pop(0)
        return "\n".join(folded)

    def _flush(self) -> None:
        if self.pre:
            return
        text = self._text()
        if not text:
            return
        if self.heading:
            self.sections.append({"heading": text, "paragraphs": []})
        else:
            self.sections[-1]["paragraphs"].append(text)

    def finish(self) -> tuple[list[dict[str, Any]], list[str]]:
        self._flush()
        sections = [
            {key: value for key, value in section.items() if value is not None}
            for section in self.sections
            if section["heading"] is not None or section["paragraphs"]
        ]
        notes = [
            f"{count} {what}{'s' if count > 1 else ''} in the body not kept"
            for what, count in self.passed.items()
        ]
        notes.extend(
            f"the NITF <{part}> is not read (the item's own headlines, by and located are)"
            for part in dict.fromkeys(self.nitf_parts)
        )
        return sections, notes


def html_of(sections: list[dict[str, Any]]) -> str:
    """Sections as HTML: ``<h2>`` a heading, ``<p>`` a paragraph, ``<br>`` a line break."""
    parts: list[str] = []
    for section in sections:
        heading = section.get("heading")
        if heading is not None:
            parts.append(f"<h2>{_escaped(heading)}</h2>")
        parts.extend(f"<p>{_escaped(text)}</p>" for text in section.get("paragraphs", ()))
    return "\n".join(parts)


def _escaped(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")
