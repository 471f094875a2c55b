"""Anchoring by words: the spans of annotations given by their text alone.

Quotes and figures made by another tool, a language model or a person often come with what
they say but without code-point offsets (or with wrong ones). :func:`anchor` finds them in
the body: the exact text first; failing that, the text with quotation marks, spaces, tatweel
and Arabic diacritics set aside (``“قال”`` finds ``"قال"``; ``الـحرب`` finds ``الحرب``). Text
found in several places is refused with the candidates named, unless the words before or
after it (a Web Annotation ``TextQuoteSelector``'s prefix and suffix) tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from newsschema.errors import Problem, ValidationError
from newsschema.model import Article, Entity, Quote, Span, Statistic

__all__ = ["Hint", "anchor", "find"]

Hint = tuple[str, str]
"""The text just before an annotation and just after it (either may be empty)."""

_QUOTES = "\"'“”„‟«»‹›‘’‚`"
_MARK = "\ue000"  # every quotation mark folds to this one
_IGNORED = re.compile(
    r"[\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200c-\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Tatweel, Arabic diacritics and Quranic marks, and bidi and joining controls: set aside."""
_MARKS_ON = re.compile(r"[\u064b-\u065f\u0670]")


def _fold(text: str) -> tuple[str, list[int]]:
    """The text with what tolerant matching sets aside left out, and where each char stands.

    The positions are in the text given, one for each character kept and one more for the
    text's end; runs of spaces are one space, and every quotation mark is one mark.
    """
    folded: list[str] = []
    where: list[int] = []
    space = False
    for index, char in enumerate(text):
        if _IGNORED.match(char):
            continue
        if char.isspace():
            if space or not folded:
                continue
            space = True
            folded.append(" ")
            where.append(index)
            continue
        space = False
        folded.append(_MARK if char in _QUOTES else char)
        where.append(index)
    if folded and folded[-1] == " ":
        folded.pop()
        where.pop()
    where.append(len(text))
    return "".join(folded), where


def _all(text: str, part: str) -> list[int]:
    """Every place ``part`` starts in ``text``, overlapping ones too."""
    found = []
    at = text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def find(
    paragraphs: Sequence[str],
    text: str,
    *,
    hint: Hint = ("", ""),
    paragraph: int | None = None,
) -> list[Span]:
    """Every span where ``text`` stands in the paragraphs (in ``paragraph`` only, if given).

    Exactly where it is found as written; else tolerantly (see the module). ``hint``: the
    text before and after it, which keeps only the places it fits.
    """
    prefix, suffix = hint
    numbers = range(len(paragraphs)) if paragraph is None else [paragraph]
    exact = [
        Span(paragraph=number, start=at, end=at + len(text))
        for number in numbers
        for at in _all(paragraphs[number], text)
        if paragraphs[number].endswith(prefix, 0, at)  # no copies: many places stay linear
        and paragraphs[number].startswith(suffix, at + len(text))
    ]
    if exact or not text.strip():
        return exact
    wanted, _ = _fold(text)
    before, _ = _fold(prefix)
    after, _ = _fold(suffix)
    found = []
    for number in numbers:
        folded, where = _fold(paragraphs[number])
        text = paragraphs[number]
        for at in _all(folded, wanted):
            end = at + len(wanted)
            ahead = folded[max(0, at - len(before) - 1) : at].rstrip()
            behind = folded[end : end + len(after) + 1].lstrip()
            if ahead.endswith(before.strip()) and behind.startswith(after.strip()):
                last = where[end - 1] + 1
                while last < len(text) and _MARKS_ON.match(text[last]):
                    last += 1  # the diacritics on the last letter are part of it
                found.append(Span(paragraph=number, start=where[at], end=last))
    return found


def anchor(article: Article, hints: Mapping[str, Hint] | None = None) -> Article:
    """The article with spans found for its quotes, figures and entities that have none.

    - a quote without spans: its text, found once in the body;
    - a figure without spans: the one figure of the body with its value (and value_max,
      and unit when it has one) that no other figure of the article holds;
    - an entity without mentions: every place its name (or a label) stands.

    ``hints`` maps an annotation's id to the text before and after it, to tell apart the
    places its text stands in.

    Raises:
        ValidationError: a quote's text or a figure stands nowhere, or in several places,
            with the candidates named.
    """
    hints = hints or {}
    paragraphs = [text for section in article.body for text in section.paragraphs]
    problems: list[Problem] = []
    quotes = [
        _quote(quote, paragraphs, hints.get(quote.id, ("", "")), f"quotes[{index}]", problems)
        for index, quote in enumerate(article.quotes)
    ]
    statistics = list(article.statistics)
    if any(not figure.spans for figure in statistics):
        statistics = _figures(article, paragraphs, problems)
    entities = [_entity(entity, paragraphs) for entity in article.entities]
    if problems:
        raise ValidationError(problems)
    return attrs.evolve(
        article, quotes=tuple(quotes), statistics=tuple(statistics), entities=tuple(entities)
    )


def _places(spans: Sequence[Span]) -> str:
    shown = ", ".join(f"paragraph {s.paragraph} at {s.start}-{s.end}" for s in spans[:5])
    return shown + (f" and {len(spans) - 5} more" if len(spans) > 5 else "")


def _quote(
    quote: Quote, paragraphs: list[str], hint: Hint, path: str, problems: list[Problem]
) -> Quote:
    if quote.spans:
        return quote
    found = find(paragraphs, quote.text, hint=hint)
    if len(found) == 1:
        return attrs.evolve(quote, spans=(found[0],))
    if not found:
        problems.append(Problem(f"{path}.text", "stands nowhere in the body: no span found"))
    else:
        problems.append(
            Problem(
                f"{path}.text",
                f"stands in {len(found)} places ({_places(found)}): give the text before or "
                "after it to tell them apart",
            )
        )
    return quote


def _figures(article: Article, paragraphs: list[str], problems: list[Problem]) -> list[Statistic]:
    from newsschema.annotate.figures import figures

    found = figures(paragraphs, article.language)
    taken = {span for figure in article.statistics for span in figure.spans}
    made = []
    for index, figure in enumerate(article.statistics):
        if figure.spans:
            made.append(figure)
            continue
        candidates = [
            Span(paragraph=f.paragraph, start=f.start, end=f.end)
            for f in found
            if f.value == figure.value
            and f.value_max == figure.value_max
            and (figure.unit is None or _same_unit(f.unit, figure.unit))
        ]
        candidates = [span for span in candidates if span not in taken]
        path = f"statistics[{index}]"
        if len(candidates) == 1:
            taken.add(candidates[0])
            made.append(attrs.evolve(figure, spans=(candidates[0],)))
        elif not candidates:
            problems.append(
                Problem(path, f"the figure {figure.value!r} stands nowhere in the body")
            )
            made.append(figure)
        else:
            problems.append(
                Problem(
                    path,
                    f"the figure {figure.value!r} stands in {len(candidates)} places "
                    f"({_places(candidates)})",
                )
            )
            made.append(figure)
    return made


def _same_unit(found: str | None, given: str) -> bool:
    if found is None:
        return False
    a, b = _fold(found.casefold())[0], _fold(given.casefold())[0]
    return a == b or a in b or b in a


def _entity(entity: Entity, paragraphs: list[str]) -> Entity:
    if entity.mentions:
        return entity
    names = dict.fromkeys([entity.name, *entity.labels.values()])
    mentions = sorted(
        {span for name in names for span in find(paragraphs, name)},
        key=lambda span: (span.paragraph, span.start),
    )
    return attrs.evolve(entity, mentions=tuple(mentions)) if mentions else entity
