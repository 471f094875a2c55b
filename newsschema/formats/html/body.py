"""The body of a page's article: the markup's ``articleBody`` reconciled with the page's text.

Publishers' markup says what the article's text is, but not always all of it, nor as the page
shows it: a teaser of a few hundred characters for an article of thousands, HTML (raw or
entity-escaped) inside the text, one paragraph where the page has twenty. The page's main text
(taken by :mod:`~newsschema.formats.html.text`) is the other witness. Here the two are
compared by their word shingles:

- HTML inside ``articleBody`` is read as HTML into paragraphs, its character references
  decoded, so that no markup survives in text;
- a markup body that the page's text holds, and that is much shorter than it, is a shortened
  form: the page's text replaces it;
- a markup body of one paragraph that matches the page's text takes the page's paragraph
  breaks (the page's paragraphs that the markup witnesses, in the page's order);
- otherwise the markup's body stands: it is the publisher's own statement of the text.

Every change is said in a warning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from newsschema.errors import FormatError
from newsschema.formats.html.clean import without_boilerplate
from newsschema.formats.html.repair import CHARACTER_REFERENCE

__all__ = ["reconcile_body"]

Sections = list[dict[str, Any]]
Extracted = tuple[Sections, str, list[str]] | None

_TAG = re.compile(
    r"</?(?:p|br|div|span|a|strong|em|b|i|u|h[1-6]|ul|ol|li|figure|figcaption|img|blockquote"
    r"|section|article|table|tr|td|iframe|script|style)\b[^<>]*>",
    re.IGNORECASE,
)
_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|div|span|a|strong|em|b|i|h[1-6]|li|img)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")

SHORTENED = 0.75
"""A markup body with fewer words than this share of the page's text, all of it found in the
page's text, is a shortened form of it."""
FOUND = 0.8
"""The share of the markup body's shingles the page's text must hold to witness it."""


def reconcile_body(
    record: dict[str, Any],
    page_text: Callable[[], Extracted],
    blocks_of: Callable[[str], list[str]],
) -> list[str]:
    """Reconcile the record's body with the page's main text, in place; return the warnings."""
    notes: list[str] = []
    _reconcile(record, page_text, blocks_of, notes)
    body: Sections = record.get("body") or []
    removed = 0
    for index, section in enumerate(body):
        last = index == len(body) - 1
        section["paragraphs"], count = without_boilerplate(section["paragraphs"], at_end=last)
        removed += count
    if removed:
        notes.append(
            f"{removed} paragraph{'s' if removed > 1 else ''} of boilerplate (related reading, "
            "prompts, paywall, credits) removed from the body"
        )
    return notes


def _reconcile(
    record: dict[str, Any],
    page_text: Callable[[], Extracted],
    blocks_of: Callable[[str], list[str]],
    notes: list[str],
) -> None:
    body: Sections = record.get("body") or []
    for section in body:
        section["paragraphs"] = _tidied(section["paragraphs"])
    if record.get("provenance", {}).get("extractor"):  # the body is the page's text already
        return
    if body and (body[0].get("heading") is not None or body[0].get("date_published")):
        _live_blog_lead(record, page_text, notes)  # no articleBody: a live blog's updates only
        return
    if not body:
        return
    paragraphs = body[0]["paragraphs"] = _as_text(body[0]["paragraphs"], blocks_of, notes)
    try:
        extracted = page_text()
    except FormatError as exc:  # the markup's body stands: it is the publisher's own
        notes.append(f"articleBody is not checked against the page's text: {exc}")
        return
    if extracted is not None and extracted[0]:
        sections, extractor, extraction_notes = extracted
        page = [p for section in sections for p in _section_texts(section)]
        chosen = _reconciled(paragraphs, sections, page, extractor, notes)
        if chosen is not None:
            notes.extend(extraction_notes)
            record["body"] = [*chosen, *body[1:]]
            record.setdefault("provenance", {})["extractor"] = extractor


_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
_LINE_END = re.compile(r"[ \t]*\n[ \t]*")


def _live_blog_lead(
    record: dict[str, Any], page_text: Callable[[], Extracted], notes: list[str]
) -> None:
    """A live blog's lead: the page's text before its first update, which the markup lacks."""
    body: Sections = record["body"]
    try:
        extracted = page_text()
    except FormatError:
        return
    if extracted is None:
        return
    updates = set().union(*(_shingles(" ".join(_section_texts(s))) for s in body))
    lead: list[str] = []
    for paragraph in (p for section in extracted[0] for p in _section_texts(section)):
        own = _shingles(paragraph)
        if own and len(own & updates) / len(own) >= 0.5:
            break  # the updates begin
        lead.append(paragraph)
    lead = [p for p in lead if len(_WORD.findall(p)) >= LEAD_WORDS]
    if lead:
        body.insert(0, {"heading": None, "paragraphs": lead})
        record.setdefault("provenance", {})["extractor"] = extracted[1]
        notes.append(
            f"the live blog's lead ({len(lead)} paragraph{'s' if len(lead) > 1 else ''}) is "
            f"taken from the page's text, extracted by {extracted[1]}"
        )


LEAD_WORDS = 8
"""The fewest words of a paragraph of a live blog's lead (shorter ones are labels, times)."""


def _tidied(paragraphs: list[str]) -> list[str]:
    """Paragraphs with no white space around them, none empty; a blank line ends one."""
    found = []
    for paragraph in paragraphs:
        for part in _BLANK_LINES.split(paragraph):
            part = _LINE_END.sub("\n", part.strip())
            if part:
                found.append(part)
    return found


def _section_texts(section: dict[str, Any]) -> list[str]:
    heading = section.get("heading")
    return [*([heading] if heading else []), *section["paragraphs"]]


def _as_text(
    paragraphs: list[str], blocks_of: Callable[[str], list[str]], notes: list[str]
) -> list[str]:
    """The markup body's paragraphs with any HTML in them read as HTML, entities decoded."""
    joined = "\n".join(paragraphs)
    escaped = _ESCAPED_TAG.search(joined) is not None
    if escaped:
        joined = _unescape_fully(joined)
    if _TAG.search(joined):
        blocks = [block.strip() for text in blocks_of(joined) for block in text.split("\n")]
        read = [block for block in blocks if block]
        how = "entity-escaped HTML" if escaped else "HTML"
        notes.append(f"articleBody holds {how}: it is read as HTML, into {len(read)} paragraphs")
        return read
    if CHARACTER_REFERENCE.search(joined):
        decoded = [_unescape_fully(p).strip() for p in paragraphs]
        notes.append("articleBody holds character references: they are decoded")
        return [p for p in decoded if p]
    return paragraphs


def _unescape_fully(text: str) -> str:
    """Character references decoded until none is left (publishers escape twice)."""
    for _ in range(4):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _reconciled(
    markup: list[str], sections: Sections, page: list[str], extractor: str, notes: list[str]
) -> Sections | None:
    """The sections the body should have, or None where the markup's body stands."""
    ours = _shingles(" ".join(markup))
    theirs = _shingles(" ".join(page))
    if not ours or not theirs:
        return None
    found = len(ours & theirs) / len(ours)
    markup_words = sum(len(_WORD.findall(p)) for p in markup)
    page_words = sum(len(_WORD.findall(p)) for p in page)
    if markup_words < SHORTENED * page_words and found < FOUND:
        notes.append(
            f"articleBody ({markup_words:,} words) is not in the page's text ({page_words:,}): "
            f"it is kept as the lead, and the page's main text, extracted by {extractor}, "
            "follows"
        )
        return [{"heading": None, "paragraphs": markup}, *sections]
    if found < FOUND:
        return None  # they disagree: the publisher's statement of the text stands
    if markup_words < SHORTENED * page_words:
        notes.append(
            f"articleBody is a shortened form of the page's text ({markup_words:,} words of "
            f"{page_words:,}): the body is the page's main text, extracted by {extractor}"
        )
        return sections
    if len(markup) == 1 and len(page) > 1:
        witnessed = [
            {**section, "paragraphs": [p for p in section["paragraphs"] if _witnessed(p, ours)]}
            for section in sections
        ]
        witnessed = [s for s in witnessed if s["paragraphs"]]
        if sum(len(s["paragraphs"]) for s in witnessed) > 1:
            notes.append(
                "articleBody has no paragraph breaks: they are the page's, whose paragraphs the "
                f"markup holds (extracted by {extractor})"
            )
            return witnessed
    return None


def _witnessed(paragraph: str, markup: set[tuple[str, ...]]) -> bool:
    own = _shingles(paragraph)
    return bool(own) and len(own & markup) / len(own) >= 0.5
