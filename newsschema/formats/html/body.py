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
- a markup body of one paragraph that matches the page's text is cut where the page's
  paragraphs begin, when the page witnesses every piece of it (its text whole, once, in its
  order; else it stays one paragraph);
- otherwise the markup's body stands: it is the publisher's own statement of the text.

Every change is said in a warning.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from newsschema.errors import FormatError
from newsschema.formats._base import Note
from newsschema.formats.html.clean import is_boilerplate, without_boilerplate
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
WITNESSED = 0.5
"""The share of a one-paragraph markup body's words that the page's paragraphs must give,
word for word, for it to be cut where they begin (what lies between them is a paragraph of
its own: it sits between two of the page's)."""


def reconcile_body(
    record: dict[str, Any],
    page_text: Callable[[], Extracted],
    blocks_of: Callable[[str], list[str]],
    shown: list[str] | None = None,
) -> list[str]:
    """Reconcile the record's body with the page's main text, in place; return the warnings.

    ``shown`` is all the text the page shows, block by block, in page order: what tells a
    lead the extractor missed from a text the page does not hold.
    """
    notes: list[str] = []
    _reconcile(record, page_text, blocks_of, shown or [], notes)
    body: Sections = record.get("body") or []
    removed = 0
    for index in range(len(body) - 1, 0, -1):  # a heading of boilerplate ("Related stories")
        heading = body[index].get("heading")
        if heading and is_boilerplate(heading):  # its paragraphs join the section before
            body[index - 1]["paragraphs"].extend(body.pop(index)["paragraphs"])
            removed += 1
    for index, section in enumerate(body):
        last = index == len(body) - 1
        section["paragraphs"], count = without_boilerplate(section["paragraphs"], at_end=last)
        removed += count
    if removed:
        _found(
            notes,
            f"{removed} block{'s' if removed > 1 else ''} of boilerplate (related reading, "
            "prompts, paywall, credits) removed from the body: paragraphs and headings",
        )
    _summary_shown(record, shown or [], notes)  # where the body begins once it is clean
    return notes


SUMMARY_WORDS = 8
"""The fewest words of a summary that the page may show as the body's lead (fewer: a
tagline)."""
_NEAR = 20
"""How many of the page's blocks before the body's first one its lead may stand (a picture, its
caption, the byline, the date and the sharing buttons come between)."""
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]?$")
_CUT_SHORT = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def _summary_shown(record: dict[str, Any], shown: list[str], notes: list[str]) -> None:
    """The article's summary made its lead, where the page shows it just before the body.

    Many pages set their lead (a paragraph in bold between the headline and the text) apart
    from the text, and the extractor leaves it out; the page's description (the summary)
    says what it is. The page's block is taken as it is shown, when it is the summary, or
    the summary cut short, or the whole of which the summary is the start, or the start of
    the summary, and ends as a sentence does (not with a picture's credit; not the
    headline). A summary that is not a sentence (a subtitle), one the body holds already,
    or one the page does not show before the body changes nothing.
    """
    summary, body = record.get("summary"), record.get("body") or []
    if not summary or not body or body[0].get("date_published") or not shown:
        return
    cut = _CUT_SHORT.sub("", summary)
    key = _words_of(cut)
    texts = [t for section in body for t in _section_texts(section) if t]
    if len(key.split()) < SUMMARY_WORDS or not texts:
        return
    if not _SENTENCE_END.search(cut.rstrip()) and cut == summary:
        return  # not a sentence, nor cut short: a subtitle, not a lead
    if any(key[:80] in _words_of(text) for text in texts):
        return  # the body has it
    if not body[0]["paragraphs"]:
        return  # a heading alone first: where the lead would go is not plain
    first = _words_of(body[0]["paragraphs"][0])
    begin = next((index for index, text in enumerate(shown) if _words_of(text) == first), None)
    opening = " ".join(first.split()[:12])  # a paragraph cut otherwise than the page's blocks
    if begin is None and len(opening.split()) >= SUMMARY_WORDS:
        starts = (i for i, text in enumerate(shown) if _words_of(text).startswith(opening))
        begin = next(starts, None)
    if begin is None:
        return  # where the body begins on the page is not known: no witness
    heading = body[0].get("heading")
    under = None  # where the page shows the first section's heading, before its text
    if heading:
        folded = _words_of(heading)
        under = next(
            (at for at in range(begin - 1, -1, -1) if _words_of(shown[at]) == folded), None
        )
    headline = _words_of(record.get("headline") or "")
    for index in range(begin - 1, max(-1, begin - 1 - _NEAR), -1):
        block = _words_of(shown[index])
        if block == headline:
            continue  # a summary that opens with the headline: the headline is not the lead
        ends = _SENTENCE_END.search(shown[index].rstrip())
        whole = block == key or (block.startswith(key) and ends)
        if whole or (len(block.split()) >= SUMMARY_WORDS and key.startswith(block) and ends):
            if heading is None or (under is not None and index > under):
                body[0]["paragraphs"].insert(0, shown[index])  # under the heading, if any
            else:
                body.insert(0, {"heading": None, "paragraphs": [shown[index]]})
            _found(
                notes,
                "the page shows the article's summary just before its text, as its lead: it "
                "is the body's first paragraph",
            )
            return


def _words_of(text: str) -> str:
    """A text's words alone, lower-cased.

    To compare a page's block with a summary whose dashes, quotation marks or spaces are
    written otherwise.
    """
    return " ".join(_WORD.findall(text.casefold()))


def _found(notes: list[str], message: str) -> None:
    """Say how the body was found, where nothing was lost (a note, said with -v)."""
    notes.append(Note(message))


def _reconcile(
    record: dict[str, Any],
    page_text: Callable[[], Extracted],
    blocks_of: Callable[[str], list[str]],
    shown: list[str],
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
        _found(notes, f"articleBody is not checked against the page's text: {exc}")
        return
    if extracted is not None and extracted[0]:
        sections, extractor, extraction_notes = extracted
        page = [p for section in sections for p in _section_texts(section)]
        chosen = _reconciled(paragraphs, sections, page, extractor, shown, notes)
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
        _found(
            notes,
            f"the live blog's lead ({len(lead)} paragraph{'s' if len(lead) > 1 else ''}) is "
            f"taken from the page's text, extracted by {extracted[1]}",
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
    if _TAG.search(joined) and _is_html(joined):
        blocks = [block.strip() for text in blocks_of(joined) for block in text.split("\n")]
        read = [block for block in blocks if block]
        if _keeps_the_words(joined, read):
            how = "entity-escaped HTML" if escaped else "HTML"
            _found(
                notes, f"articleBody holds {how}: it is read as HTML, into {len(read)} paragraphs"
            )
            return read
        # Text that mentions a tag ("type <p> to start a paragraph"): not HTML.
    if CHARACTER_REFERENCE.search(joined):
        decoded = [_unescape_fully(p).strip() for p in paragraphs]
        _found(notes, "articleBody holds character references: they are decoded")
        return [p for p in decoded if p]
    return paragraphs


_NOT_SHOWN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


_CLOSED = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*>.*?</\1\s*>", re.DOTALL)
_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _is_html(text: str) -> bool:
    """Whether a body is HTML, not text that mentions a tag ("type <p> to start").

    HTML begins with a tag, or has an element closed (``<b>...</b>``), or line breaks
    (``<br>`` twice); and reading it as HTML loses no word (:func:`_keeps_the_words`).
    """
    start = text.lstrip()
    return bool(_TAG.match(start) or _CLOSED.search(text) or len(_BREAKS.findall(text)) >= 2)


def _keeps_the_words(text: str, read: list[str]) -> bool:
    """Whether reading ``text`` as HTML kept every word it shows (only markup went).

    A body that is HTML loses only its tags (and scripts); text that merely mentions a tag
    would lose words read so, and is not HTML.
    """
    shown = _ANY_TAG.sub(" ", _NOT_SHOWN.sub(" ", text))
    return sorted(_WORD.findall(html.unescape(shown))) == sorted(_WORD.findall(" ".join(read)))


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
    markup: list[str],
    sections: Sections,
    page: list[str],
    extractor: str,
    shown: list[str],
    notes: list[str],
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
        if _shown_before(ours, page[0], shown):  # a lead the extractor missed: both are shown
            _found(
                notes,
                f"articleBody ({markup_words:,} words) is not in the page's main text "
                f"({page_words:,}) but is shown before it: it is kept as the lead, and the "
                f"page's main text, extracted by {extractor}, follows",
            )
            return [{"heading": None, "paragraphs": markup}, *sections]
        notes.append(
            f"articleBody ({markup_words:,} words) is another text than the page's "
            f"({page_words:,}; an earlier version, or another article's teaser) and is not "
            f"shown before it: the body is the page's main text, extracted by {extractor}, "
            "and articleBody is not kept"
        )
        return sections
    if found < FOUND:
        return None  # they disagree: the publisher's statement of the text stands
    if markup_words < SHORTENED * page_words:
        _found(
            notes,
            f"articleBody is a shortened form of the page's text ({markup_words:,} words of "
            f"{page_words:,}): the body is the page's main text, extracted by {extractor}",
        )
        return sections
    if len(markup) == 1 and len(page) > 1:
        cut = _cut_as(markup[0], sections)
        if cut is not None:
            _found(
                notes,
                "articleBody has no paragraph breaks: it is cut where the page's paragraphs "
                f"begin (extracted by {extractor}), its text whole and in its order",
            )
            return cut
    return None


def _shown_before(markup: set[tuple[str, ...]], first: str, shown: list[str]) -> bool:
    """Whether the page shows the markup's text before the block its main text starts with."""
    start = _shingles(first)
    before: set[tuple[str, ...]] = set()
    for text in shown:
        own = _shingles(text)
        if start and len(own & start) / len(start) >= 0.5:
            break
        before |= own
    else:
        return False  # the main text's start is not where the page shows it: no witness
    return len(markup & before) / len(markup) >= FOUND


def _cut_as(text: str, sections: Sections) -> Sections | None:
    """One paragraph of the markup cut where the page's paragraphs begin and end.

    Words are compared, not their spelling around them (quotes, dashes and spaces differ
    between markup and page). Each of the page's paragraphs is looked for, in order, among
    the markup's words that follow the last one found; what lies between is a paragraph of
    its own (it sits between two of the page's), and a paragraph found nowhere ahead, or
    out of its place (a pull quote repeated, a caption), is passed over. The pieces are the
    markup's own text, whole, once and in its order, each cut after a word and what clings
    to it, under the page's headings. None where the page witnesses too little of it (less
    than :data:`WITNESSED` of its words): it stays as it is.
    """
    words = list(_WORD.finditer(text))
    folded = [word.group().casefold() for word in words]
    page = [(number, p) for number, s in enumerate(sections) for p in s["paragraphs"]]
    owns = [[word.casefold() for word in _WORD.findall(p)] for _, p in page]
    ends: list[tuple[int, int]] = []  # the word after each piece, and its section
    at = witnessed = 0
    for index, own in enumerate(owns):
        found = _sequence(folded, own, at, anywhere=len(own) >= 3)
        if found is None:
            continue
        if found > at:
            later = owns[index + 1 :][:3]
            if any(
                _sequence(folded, next_one, at, anywhere=False) is not None for next_one in later
            ):
                continue  # out of its place (a pull quote): the next ones come first
            ends.append((found, ends[-1][1] if ends else page[index][0]))  # a piece between
        at = found + len(own)
        witnessed += len(own)
        ends.append((at, page[index][0]))
    if not words or witnessed < WITNESSED * len(words) or len(ends) < 2:
        return None
    if at < len(words):
        ends.append((len(words), ends[-1][1]))
    cuts = [_after(text, words[end - 1].end()) for end, _ in ends[:-1]]
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if not all(pieces):
        return None
    cut: Sections = []
    for piece, (_, number) in zip(pieces, ends, strict=True):
        if not cut or cut[-1]["number"] != number:
            cut.append({"number": number, "paragraphs": []})
        cut[-1]["paragraphs"].append(piece)
    return [
        {"heading": sections[part.pop("number")].get("heading"), "paragraphs": part["paragraphs"]}
        for part in cut
    ]


def _sequence(words: list[str], own: list[str], at: int, *, anywhere: bool) -> int | None:
    """Where ``own`` comes among ``words`` at ``at`` (or, ``anywhere``, after it)."""
    if not own:
        return None
    last = len(words) - len(own) if anywhere else min(at, len(words) - len(own))
    for start in range(at, last + 1):
        if words[start] == own[0] and words[start : start + len(own)] == own:
            return start
    return None


def _after(text: str, end: int) -> int:
    """Past the characters that cling to a word's end (closing quotes, a full stop)."""
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1  # ("Biden.The": paragraphs run together, the cut after the full stop)
    return end
