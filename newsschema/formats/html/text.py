"""A page's main text, taken with trafilatura and given back as the page shows it.

trafilatura (the ``html`` extra) tells which blocks of the page are its main text and which
are sub-headings. Its text is tidied (control and format characters dropped, white space
trimmed), so each block it returns is matched with the same block of the page, and the
page's own text is kept: character references decoded, white space folded as a browser
folds it, and nothing else changed (no Unicode normalisation, bidi marks and joiners kept).
A block that cannot be matched is kept as the extractor gives it, with a warning.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from newsschema.errors import FormatError, install_hint

__all__ = ["main_text"]


def _trafilatura() -> Any:
    try:
        import trafilatura  # an optional dependency, imported when first needed
    except ImportError:
        raise FormatError(
            "taking the text of a page needs trafilatura: " + install_hint("html")
        ) from None
    return trafilatura


def _key(text: str) -> str:
    """Text as the extractor leaves it: only printable characters, white space folded."""
    if text.isprintable():  # nearly always: nothing to drop, checked in C
        kept = text
    else:
        kept = "".join(char for char in text if char.isprintable() or char.isspace())
    return unicodedata.normalize("NFC", " ".join(kept.split()))


DEEPEST = 255
"""The deepest nesting libxml2 reads by default: past it, what is deeper is dropped."""


def _deep_tree(trafilatura: Any, page: str) -> Any:
    """The page parsed as trafilatura parses it, without libxml2's limit on nesting.

    trafilatura parses a page given as text with that limit, and would silently lose what is
    nested deeper; given a tree, it reads the tree.
    """
    import lxml.html

    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    repaired = trafilatura.utils.repair_faulty_html(page, page[:50].lower())
    return lxml.html.document_fromstring(repaired, parser=parser)


def main_text(
    page: str, texts: list[str], depth: int = 0
) -> tuple[list[dict[str, Any]], str, list[str]] | None:
    """The main text of a page as sections, the extractor's name and version, and warnings.

    ``texts`` are the page's block texts as a browser shows them; ``depth`` how deeply its
    elements nest. None when the page has no main text.
    """
    trafilatura = _trafilatura()
    document = trafilatura.bare_extraction(
        _deep_tree(trafilatura, page) if depth > DEEPEST else page,
        output_format="python",
        include_formatting=False,  # with it, trafilatura keeps less of some pages' text
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
    )
    body = None if document is None else document.body
    if body is None:
        return None
    aligned = _Aligned(texts)
    sections: list[dict[str, Any]] = []
    for element in body:
        if element.tag == "head":
            text = aligned.text("".join(element.itertext()))
            if text and (sections or element.get("rend") != "h1"):  # an h1 first is the title
                sections.append({"heading": text, "paragraphs": []})
            continue
        blocks: list[str | None]
        if element.tag == "table":  # a row a paragraph, its cells apart
            blocks = [aligned.row(["".join(cell.itertext()) for cell in row]) for row in element]
        else:
            items = element if element.tag == "list" else [element]
            blocks = [aligned.text("".join(item.itertext())) for item in items]
        for text in blocks:
            if text:
                if not sections:
                    sections.append({"heading": None, "paragraphs": []})
                sections[-1]["paragraphs"].append(text)
    if not any(section["paragraphs"] for section in sections):
        return None
    return sections, f"trafilatura {trafilatura.__version__}", aligned.notes


class _Aligned:
    """Finds, for each block the extractor returns, the same block of the page, in order."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.by_key: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            self.by_key.setdefault(_key(text), []).append(index)
        self.after = -1  # the page block matched last
        self.notes: list[str] = []

    def row(self, cells: list[str]) -> str | None:
        """A table's row: its cells as the page shows them, apart."""
        texts = [text for cell in cells if (text := self.text(cell, quiet=True))]
        return " | ".join(texts) or None

    def text(self, found: str, *, quiet: bool = False) -> str | None:
        found = found.strip()
        if not found:
            return None
        later = [index for index in self.by_key.get(_key(found), ()) if index > self.after]
        if later:
            self.after = later[0]
            return self.texts[self.after]
        if not quiet:  # a warning: the extractor's text, tidied, not the page's own
            self.notes.append(
                "a block of the main text was not found as such in the page, and is kept "
                f"as the extractor gives it: {found[:40]!r}"
            )
        return found
