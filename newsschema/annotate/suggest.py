"""Suggestions put into an article, marked, beside its confirmed work; and confirming them.

The last stage: the stages find (:mod:`~newsschema.annotate.figures`,
:mod:`~newsschema.annotate.quotes`), and this one decides what goes in. Confirmed work is
never changed: a suggestion whose span overlaps an annotation of its kind already there
(confirmed or suggested) is dropped, so that suggesting twice gives what suggesting once
gives. New ids are the first free ones of ``figure-N``, ``quote-N`` and ``speaker-N``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import attrs

from newsschema.annotate.figures import figures
from newsschema.annotate.languages import TABLES
from newsschema.annotate.quotes import Heard, quotes
from newsschema.model import Article, Entity, Quote, Span, Statistic, Suggestion

__all__ = ["KINDS", "confirm", "suggest", "suggests_in"]

KINDS = ("quotes", "figures")
"""What can be suggested: quotes (with their speakers, as entities) and figures."""

_FIGURE_CONFIDENCE = {"digits": 0.9, "range": 0.85, "words": 0.7}
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
    unknown = set(only) - set(KINDS)
    if unknown:
        raise ValueError(f"only: {sorted(unknown)} not among {list(KINDS)}")
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
    changes: dict[str, object] = {}
    if "figures" in only:
        changes["statistics"] = tuple(_confirmed(article.statistics))
    if "quotes" in only:
        changes["quotes"] = tuple(_confirmed(article.quotes))
        changes["entities"] = tuple(_confirmed(article.entities))
    return attrs.evolve(article, **changes)  # type: ignore[arg-type]


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


def _covered(spans: Iterable[Span]) -> dict[int, list[tuple[int, int]]]:
    """Where annotations are, by paragraph."""
    found: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        found.setdefault(span.paragraph, []).append((span.start, span.end))
    return found


def _overlaps(covered: dict[int, list[tuple[int, int]]], spans: Iterable[Span]) -> bool:
    return any(
        start < span.end and span.start < end
        for span in spans
        for start, end in covered.get(span.paragraph, ())
    )


def _figures(
    article: Article, paragraphs: list[str], ids: _Ids, min_confidence: float
) -> Iterator[Statistic]:
    covered = _covered(span for figure in article.statistics for span in figure.spans)
    language = article.language.split("-")[0].lower()
    for found in figures(paragraphs, article.language):
        span = Span(paragraph=found.paragraph, start=found.start, end=found.end)
        confidence = _FIGURE_CONFIDENCE[found.rule] + (0.05 if found.unit else -0.1)
        if confidence < min_confidence or _overlaps(covered, [span]):
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
    covered = _covered(span for quote in article.quotes for span in quote.spans)
    language = article.language.split("-")[0].lower()
    known = list(article.entities)  # names looked up in order: the article's, then new ones
    made_quotes: list[Quote] = []
    made_entities: list[Entity] = []
    for found in heard:
        spans = tuple(Span(paragraph=p, start=s, end=e) for p, s, e in found.spans)
        if _overlaps(covered, spans):
            continue
        speaker = None
        if found.speaker is not None:
            mention = Span(
                paragraph=found.speaker.paragraph,
                start=found.speaker.start,
                end=found.speaker.end,
            )
            entity = _entity_mentioned(known, mention) or _entity_named(known, found.speaker.name)
            if entity is None:
                entity = Entity(
                    id=ids.new("speaker"),
                    kind=found.speaker.kind,
                    name=found.speaker.name,
                    title=found.speaker.title,
                    mentions=(mention,),
                    suggested=Suggestion(
                        rule=f"speakers.{language}.{found.speaker.rule}",
                        confidence=found.confidence,
                    ),
                )
                known.append(entity)
                made_entities.append(entity)
            elif entity in made_entities and mention not in entity.mentions:
                grown = attrs.evolve(entity, mentions=(*entity.mentions, mention))
                made_entities[made_entities.index(entity)] = grown
                known[known.index(entity)] = grown
                entity = grown
            speaker = entity.id
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
        covered.setdefault(spans[0].paragraph, []).extend((s.start, s.end) for s in spans)
    return made_quotes, made_entities


def _entity_mentioned(known: list[Entity], where: Span) -> Entity | None:
    """The entity the article says it mentions where the speaker is named, if one."""
    for entity in known:
        for mention in entity.mentions:
            if (
                mention.paragraph == where.paragraph
                and mention.start < where.end
                and where.start < mention.end
            ):
                return entity
    return None


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
