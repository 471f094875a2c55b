"""A page's main text, taken with trafilatura and given back as the page shows it.

trafilatura (the ``html`` extra) tells which blocks of the page are its main text and which
are sub-headings. Its text is tidied (control and format characters dropped, white space
trimmed), so each block it returns is matched with the same block of the page, and the
page's own text is kept: character references decoded, white space folded as a browser
folds it, and nothing else changed (no Unicode normalisation, bidi marks and joiners kept).
A block that cannot be matched is kept as the extractor gives it, with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
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
    folded = " ".join(text.split())
    if not folded.isprintable():  # rare once white space is folded: checked in C
        folded = " ".join("".join(char for char in folded if char.isprintable()).split())
    return unicodedata.normalize("NFC", folded)


_PRINT_ONLY = frozenset(
    {"print-only", "printonly", "only-print", "visible-print", "show-for-print", "print-header",
     "print-footer", "d-print-block"}
)  # fmt: skip
_POP_UPS = frozenset({"modal", "popup", "pop-up", "lightbox"})

_CANDIDATES = (
    "/descendant::*[@hidden or @aria-hidden='true' or @role='dialog' or @aria-modal='true'"
    " or (@style and (contains(@style, 'one') or contains(@style, 'ONE')"
    " or contains(@style, 'idden') or contains(@style, 'IDDEN')))"
    " or (@class and (contains(@class, 'print') or contains(@class, 'modal')"
    " or contains(@class, 'pop') or contains(@class, 'lightbox')))]"
)
"""Elements that may be out of a reader's sight, found in one pass in C (then checked); an
attribute's words are looked in only where it has one (half the pass's time)."""

_PRINTED_LINES = 400
"""Characters a print-only block holds at most to be a printed page's header or footer; a
longer one is the page's text laid out for paper (some pages mark their story so)."""


def _unseen(element: Any) -> str | None:
    """Why a reader never sees an element: ``hidden``, ``print`` (only on paper), ``pop-up``."""
    style = "".join((element.get("style") or "").lower().split())
    if (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    ):
        return "hidden"
    classes = set((element.get("class") or "").split())
    if classes & _PRINT_ONLY:
        return "print"
    if element.get("role") == "dialog" or element.get("aria-modal") == "true" or classes & _POP_UPS:
        return "pop-up"
    return None


def _prepared(tree: Any) -> Any:
    """The page as the extractor is to read it, changed in place.

    What points elsewhere taken out (:func:`_unrelated`), loose leads made paragraphs
    (:func:`_loose_leads`), and what a reader never sees pruned (:func:`_pruned`).
    """
    _unrelated(tree)
    _loose_leads(tree)
    return _pruned(tree)


def _pruned(tree: Any) -> Any:
    """The page without what a reader never sees, each element's tail kept.

    Elements hidden by an attribute or an inline style, print-only headers and footers,
    pop-ups and dialogs. Kept whatever they say: an element that holds most of the page's
    text (a page that hides its story while a pop-up is open), a longer print-only block, and
    a hidden element among siblings of its class (the slides of a gallery, the tabs of a
    story, shown one at a time: their text is the page's).
    """
    candidates = tree.xpath(_CANDIDATES)
    if not candidates:
        return tree  # most pages: nothing hidden, and the page's text is not measured
    body = tree.find("body")
    whole = len(body.text_content()) if body is not None else 0
    for element in candidates:
        why = _unseen(element)
        parent = element.getparent()
        if why is None or parent is None or element.tag in ("html", "body"):
            continue
        size = len(element.text_content())
        if (whole and size > whole / 2) or (why == "print" and size > _PRINTED_LINES):
            continue
        if why == "hidden" and _one_of_a_set(element, parent):
            continue
        element.drop_tree()
    return tree


_LINK_WORDS = 20
"""Words a paragraph that is only a link holds at most to be a pointer to another page (a
"read more", another story's headline, a promotion), not a sentence of the story."""

_ABOUT = re.compile(r"About\s+\S.{0,80}|(?:Media|Press)\s+[Cc]ontacts?:?", re.DOTALL)


def _unrelated(tree: Any) -> None:
    """The page without what points elsewhere or speaks of its publisher.

    Paragraphs that are a link and nothing else (runs of other stories' headlines, a
    promotion between paragraphs); a press release's closing "About <company>" and its
    media contacts: the last heading of its block when what follows it is short.
    """
    for paragraph in tree.xpath("//p[.//a][not(text()[normalize-space()])]"):  # in C
        text = " ".join(paragraph.text_content().split())
        if not text or len(text.split()) > _LINK_WORDS:
            continue
        linked = " ".join(" ".join(link.text_content().split()) for link in paragraph.iter("a"))
        if linked == text:
            paragraph.drop_tree()
    for heading in tree.xpath("//h2|//h3|//h4"):
        title = " ".join(heading.text_content().split())
        parent = heading.getparent()
        if parent is None or not _ABOUT.fullmatch(title):
            continue
        after = list(heading.itersiblings())
        if any(sibling.tag in ("h1", "h2", "h3", "h4") for sibling in after):
            continue  # About the study, then more of the story: a section of it
        following = sum(len(sibling.text_content()) for sibling in after)
        if following * 3 > len(parent.text_content()):
            continue  # most of the block: the story itself
        for sibling in after:
            sibling.drop_tree()
        heading.drop_tree()


_LEAD_WORDS = 8
"""Words loose text before a container's first paragraph holds at least to be its lead (a
sentence), not a label (``By Jane Roe``, ``Updated``)."""


def _loose_leads(tree: Any) -> None:
    """Loose text that opens a container of paragraphs, made paragraphs.

    Each line of it up to the first paragraph (``Lead …<br><br><p>…``) becomes one: the
    extractor reads only blocks, and a lead so written was lost.
    """
    for container in tree.xpath("//*[p and normalize-space(text())]"):
        first = next((i for i, child in enumerate(container) if child.tag == "p"), None)
        if first is None or not all(child.tag == "br" for child in container[:first]):
            continue
        lines = [container.text or ""] + [child.tail or "" for child in container[:first]]
        if len(" ".join(lines).split()) < _LEAD_WORDS:
            continue
        for child in list(container[:first]):
            container.remove(child)
        container.text = None
        for at, line in enumerate(line for line in lines if line.strip()):
            paragraph = container.makeelement("p")
            paragraph.text = line
            container.insert(at, paragraph)


def _one_of_a_set(element: Any, parent: Any) -> bool:
    """Whether an element has a sibling of its class (slides, tabs: shown one at a time)."""
    kind = element.get("class")
    return bool(kind) and any(
        other is not element and other.get("class") == kind for other in parent
    )


def main_text(
    page: str, texts: list[str], tree: Any = None
) -> tuple[list[dict[str, Any]], str, list[str]] | None:
    """The main text of a page as sections, the extractor's name and version, and warnings.

    ``texts`` are the page's block texts as a browser shows them; ``tree`` lxml's tree of the
    page where it was parsed already (the extractor reads it, and may change it), else the page
    is parsed here. None when the page has no main text.
    """
    trafilatura = _trafilatura()
    if tree is None:  # parsed by the standard library: parsed here as trafilatura parses it
        tree = trafilatura.utils.load_html(page)
    document = trafilatura.bare_extraction(
        page if tree is None else _prepared(tree),
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
    for element in _opened(body):
        blocks: list[str | None] = []
        if isinstance(element, str):  # loose text inside a container
            blocks = [aligned.text(element)]
        elif element.tag == "head":
            text = aligned.text(_lines(element))
            if text and (sections or element.get("rend") != "h1"):  # an h1 first is the title
                sections.append({"heading": text, "paragraphs": []})
        elif element.tag == "table" and _laid_out(element):  # each block of a cell its own
            blocks = [aligned.text(text) for text in _cell_blocks(element)]
        elif element.tag == "table":  # a table of data: a row a paragraph, its cells apart
            blocks = [aligned.row([_lines(cell) for cell in row]) for row in element]
        else:
            blocks = [aligned.text(_lines(item)) for item in _items(element)]
        if not isinstance(element, str) and element.tail and element.tail.strip():
            blocks.append(aligned.text(element.tail))  # loose text after a block: a paragraph
        for text in blocks:
            if text:
                if not sections:
                    sections.append({"heading": None, "paragraphs": []})
                sections[-1]["paragraphs"].append(text)
    if not any(section["paragraphs"] for section in sections):
        return None
    return sections, f"trafilatura {trafilatura.__version__}", aligned.notes


def _opened(parent: Any) -> Iterator[Any]:
    """The blocks of the extractor's result in order, its containers opened.

    A ``<div>`` of the result holds blocks (a body cut into several containers of one class
    by an advertisement or a paywall: each chunk's paragraphs are the story's); its own loose
    text comes as a string, its tail as any block's. So does a quotation that holds blocks
    (an embedded post: its paragraphs, then the line that says whose it is).
    """
    for element in parent:
        if (element.tag == "div" and any(isinstance(child.tag, str) for child in element)) or (
            element.tag == "quote" and any(child.tag in _BLOCK_TAGS for child in element)
        ):
            if element.text and element.text.strip():
                yield element.text
            yield from _opened(element)
            if element.tail and element.tail.strip():
                yield element.tail
        else:
            yield element


def _lines(element: Any) -> str:
    """An element's text, each of its line breaks (``<lb/>``, a ``<br>`` of the page) a line."""
    parts: list[str] = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _lines(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _items(element: Any) -> Any:
    """A block of the result as paragraphs: a list's items, else the block itself."""
    return element if element.tag == "list" else [element]


_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table"})


def _laid_out(table: Any) -> bool:
    """Whether a table lays out a page (its cells hold paragraphs) rather than holds data."""
    return any(child.tag in _BLOCK_TAGS for row in table for cell in row for child in cell)


def _cell_blocks(table: Any) -> list[str]:
    """The blocks of a layout table's cells, in order: each paragraph, item or line of text."""
    found: list[str] = []
    for row in table:
        for cell in row:
            if cell.text and cell.text.strip():
                found.append(cell.text)
            for child in cell:
                if child.tag == "table":
                    found.extend(_cell_blocks(child) if _laid_out(child) else [_lines(child)])
                else:
                    found.extend(_lines(item) for item in _items(child))
                if child.tail and child.tail.strip():
                    found.append(child.tail)
    return found


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
