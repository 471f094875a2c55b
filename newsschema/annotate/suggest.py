"""Suggestions put into an article, marked, beside its confirmed work; and confirming them.

The last stage: the stages find (:mod:`~newsschema.annotate.figures`,
:mod:`~newsschema.annotate.quotes`), and this one decides what goes in. Confirmed work is
never changed: a suggestion whose span overlaps an annotation of its kind already there
(confirmed or suggested) is dropped, so that suggesting twice gives what suggesting once
gives. New ids are the first free ones of ``figure-N``, ``quote-N`` and ``speaker-N``.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Collection, Iterable, Iterator

import attrs

from newsschema.annotate.figures import figures
from newsschema.annotate.languages import TABLES
from newsschema.annotate.quotes import Heard, quotes
from newsschema.annotate.speakers import Named
from newsschema.model import Article, Entity, Quote, Span, Statistic, Suggestion

__all__ = ["KINDS", "confirm", "suggest", "suggests_in"]

KINDS = ("quotes", "figures")
"""What can be suggested: quotes (with their speakers, as entities) and figures."""

_FIGURE_CONFIDENCE = {"digits": 0.9, "range": 0.85, "words": 0.7, "share": 0.7}
"""How sure each rule of the figures stage is (a unit found adds to it; see _figure_mark)."""


def suggests_in(language: str) -> bool:
    """Whether there is a table for the language of this BCP 47 tag (``ar``, ``en-GB``)."""
    return language.split("-")[0].lower() in TABLES


def suggest(
    article: Article, *, only: Collection[str] = KINDS, min_confidence: float = 0.0
) -> Article:
    """The article with quotes, speakers and figures suggested in its text, each marked.

    Args:
        article: any article; its annotations are kept as they are.
        only: what to suggest: ``quotes``, ``figures`` or both.
        min_confidence: leave out suggestions less sure than this (0 to 1).

    An article in a language with no table (see :func:`suggests_in`) comes back unchanged.
    """
    only = _kinds(only)
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence: {min_confidence!r} is not from 0 to 1")
    if not suggests_in(article.language):
        return article
    paragraphs = [text for section in article.body for text in section.paragraphs]
    ids = _Ids(article)
    changes: dict[str, object] = {}
    if "figures" in only:
        made = list(_figures(article, paragraphs, ids, min_confidence))
        if made:
            changes["statistics"] = (*article.statistics, *made)
    if "quotes" in only:
        heard = [
            found
            for found in quotes(paragraphs, article.language)
            if found.confidence >= min_confidence
        ]
        made_quotes, made_entities = _quotes(article, heard, ids)
        if made_quotes:
            changes["quotes"] = (*article.quotes, *made_quotes)
        if made_entities:
            changes["entities"] = (*article.entities, *made_entities)
    return attrs.evolve(article, **changes) if changes else article  # type: ignore[arg-type]


def confirm(article: Article, *, only: Collection[str] = KINDS) -> Article:
    """The article with the marks of its suggestions dropped: a person has checked them.

    ``only`` confirms quotes (and the entities they name as speakers) or figures alone.
    Confirm what you have checked; remove what is wrong first (``attrs.evolve``).
    """
    only = _kinds(only)
    changes: dict[str, object] = {}
    if "figures" in only:
        changes["statistics"] = tuple(_confirmed(article.statistics))
    if "quotes" in only:
        changes["quotes"] = tuple(_confirmed(article.quotes))
        changes["entities"] = tuple(_confirmed(article.entities))
    return attrs.evolve(article, **changes)  # type: ignore[arg-type]


def _kinds(only: Collection[str]) -> tuple[str, ...]:
    """The kinds asked for (one may be given as a string), each known.

    Raises:
        ValueError: a kind that is not ``quotes`` or ``figures``.
    """
    kinds = (only,) if isinstance(only, str) else tuple(only)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"only: {unknown} not among {list(KINDS)}")
    return kinds


def _confirmed(items: Iterable[Entity | Quote | Statistic]) -> Iterator[object]:
    for item in items:
        yield item if item.suggested is None else attrs.evolve(item, suggested=None)


class _Ids:
    """The article's ids, and new ones that are not among them."""

    def __init__(self, article: Article) -> None:
        self.taken: set[str] = {article.id}
        for group in (
            article.entities,
            article.quotes,
            article.statistics,
            article.campaigns,
            article.events,
            article.comments,
        ):
            self.taken.update(item.id for item in group)
        self.next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        number = self.next.get(prefix, 1)
        while f"{prefix}-{number}" in self.taken:
            number += 1
        self.next[prefix] = number + 1
        made = f"{prefix}-{number}"
        self.taken.add(made)
        return made


class _Covered:
    """Where annotations already are, for asking whether a span overlaps one (by bisection)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        by_paragraph: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            by_paragraph.setdefault(span.paragraph, []).append((span.start, span.end))
        self.starts: dict[int, list[int]] = {}
        self.reach: dict[int, list[int]] = {}  # the furthest end of the spans up to each
        for paragraph, stretches in by_paragraph.items():
            stretches.sort()
            self.starts[paragraph] = [start for start, _ in stretches]
            self.reach[paragraph] = list(itertools.accumulate((end for _, end in stretches), max))

    def overlaps(self, spans: Iterable[Span]) -> bool:
        for span in spans:
            starts = self.starts.get(span.paragraph)
            if starts is None:
                continue
            index = bisect.bisect_left(starts, span.end) - 1
            if index >= 0 and self.reach[span.paragraph][index] > span.start:
                return True
        return False


def _figures(
    article: Article, paragraphs: list[str], ids: _Ids, min_confidence: float
) -> Iterator[Statistic]:
    covered = _Covered(span for figure in article.statistics for span in figure.spans)
    language = article.language.split("-")[0].lower()
    for found in figures(paragraphs, article.language):
        span = Span(paragraph=found.paragraph, start=found.start, end=found.end)
        confidence = _FIGURE_CONFIDENCE[found.rule] + (0.05 if found.unit else -0.1)
        if confidence < min_confidence or covered.overlaps([span]):
            continue
        yield Statistic(
            id=ids.new("figure"),
            value=found.value,
            qualifier=found.qualifier,
            value_max=found.value_max,
            unit=found.unit,
            spans=(span,),
            suggested=Suggestion(
                rule=f"figures.{language}.{found.rule}", confidence=round(confidence, 2)
            ),
        )


def _quotes(article: Article, heard: list[Heard], ids: _Ids) -> tuple[list[Quote], list[Entity]]:
    """The quotes heard that are new, and the speakers they name that the article lacks."""
    covered = _Covered(span for quote in article.quotes for span in quote.spans)
    language = article.language.split("-")[0].lower()
    speakers = _Speakers(article.entities)
    made_quotes: list[Quote] = []
    for found in heard:
        spans = tuple(Span(paragraph=p, start=s, end=e) for p, s, e in found.spans)
        if covered.overlaps(spans):
            continue
        speaker = None
        if found.speaker is not None:
            rule = f"speakers.{language}.{found.speaker.rule}"
            speaker = speakers.of(found.speaker, rule, found.confidence, ids)
        made_quotes.append(
            Quote(
                id=ids.new("quote"),
                text=found.text,
                kind=found.kind,
                speaker=speaker,
                cue=found.cue,
                spans=spans,
                suggested=Suggestion(
                    rule=f"quotes.{language}.{found.rule}", confidence=found.confidence
                ),
            )
        )
    return made_quotes, speakers.made()


class _Speakers:
    """The entities quotes are said by: the article's own, then the new ones suggested."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.own = list(entities)
        self.mentioned: dict[int, list[tuple[int, int, Entity]]] = {}
        for entity in self.own:
            for mention in entity.mentions:
                self.mentioned.setdefault(mention.paragraph, []).append(
                    (mention.start, mention.end, entity)
                )
        for mentions in self.mentioned.values():
            mentions.sort(key=lambda item: item[:2])
        self.new: dict[str, Entity] = {}  # by name
        self.mentions: dict[str, list[Span]] = {}  # the new entities' mentions, by id

    def of(self, named: Named, rule: str, confidence: float, ids: _Ids) -> str:
        """The id of the entity a speaker is, made when the article has none."""
        mention = Span(paragraph=named.paragraph, start=named.start, end=named.end)
        entity = self.at(mention) or _entity_named(self.own, named.name)
        if entity is not None:
            return entity.id
        entity = self.new.get(named.name.casefold()) or self.new.get(named.name.split()[-1])
        if entity is None:
            entity = Entity(
                id=ids.new("speaker"),
                kind=named.kind,
                name=named.name,
                title=named.title,
                suggested=Suggestion(rule=rule, confidence=confidence),
            )
            self.new[named.name.casefold()] = entity
            if len(named.name.split()) > 1:  # Blinken, after Antony Blinken
                self.new.setdefault(named.name.split()[-1], entity)
            self.mentions[entity.id] = []
        if mention not in self.mentions[entity.id][-1:]:
            self.mentions[entity.id].append(mention)
        return entity.id

    def at(self, where: Span) -> Entity | None:
        """The article's entity mentioned where the speaker is named, if one."""
        mentions = self.mentioned.get(where.paragraph, [])
        index = bisect.bisect_left(mentions, (where.end,), key=lambda item: item[:1])
        for start, end, entity in reversed(mentions[max(0, index - 8) : index]):
            if start < where.end and where.start < end:
                return entity
        return None

    def made(self) -> list[Entity]:
        """The new entities, each with its mentions, in the order they were first named."""
        made = {entity.id: entity for entity in self.new.values()}
        return [
            attrs.evolve(entity, mentions=tuple(dict.fromkeys(self.mentions[entity.id])))
            for entity in made.values()
        ]


def _entity_named(known: list[Entity], name: str) -> Entity | None:
    """The entity a name refers to, the latest mentioned first.

    The same name, or a person's name that ends with it (``Blinken`` after ``Antony Blinken``).
    """
    folded = name.casefold()
    for entity in reversed(known):
        have = entity.name.casefold()
        if have == folded or folded in (label.casefold() for label in entity.labels.values()):
            return entity
    for entity in reversed(known):
        parts = entity.name.casefold().split()
        if len(parts) > 1 and parts[-1] == folded:
            return entity
    for entity in reversed(known):  # التحالف الدولي: التحالف الدولي ضد تنظيم …
        have = entity.name.casefold()
        if len(folded.split()) > 1 and have.startswith(folded + " "):
            return entity
    return None
