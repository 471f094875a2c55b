"""A synthetic corpus for the benchmarks: valid articles of a realistic shape, made fast.

Hypothesis makes better edge cases but is far too slow for a corpus of 200,000 articles;
this makes articles of about 3 KB of JSON each (Arabic text, entities with mentions, quotes,
figures, a campaign, events, comments), deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import newsschema as ns
from newsschema import (
    Article,
    Campaign,
    CampaignPhase,
    Channel,
    Comment,
    Entity,
    EntityKind,
    Event,
    PartialDate,
    Qualifier,
    Quote,
    QuoteKind,
    Section,
    Span,
    Statistic,
)

SEED_TEXT = (
    Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "iraq-coalition-2021.txt"
)
_LINES = [line for line in SEED_TEXT.read_text(encoding="utf-8").split("\n") if len(line) > 40]
_NAMES = ("بغداد", "العراق", "سوريا", "التحالف", "داعش", "الموصل", "الرقة", "برينان")
_PLUS3 = dt.timezone(dt.timedelta(hours=3))


def make_article(number: int, rng: random.Random, scale: int = 1) -> Article:
    """Build one valid article; ``number`` makes its id unique.

    ``scale`` multiplies its parts: 1 makes a typical article of about 4 KB of JSON, 6 a
    heavy one of about 25 KB (36 paragraphs, 24 entities, 18 quotes and figures, ...).
    """
    paragraphs = rng.sample(_LINES, 6) if scale == 1 else rng.choices(_LINES, k=6 * scale)
    half = len(paragraphs) // 2
    body = (
        Section(paragraphs=tuple(paragraphs[:half])),
        Section(heading="حملة", paragraphs=tuple(paragraphs[half:])),
    )
    entities = []
    names = [name for _ in range(scale) for name in rng.sample(_NAMES, 4)]
    for index, name in enumerate(names):
        mentions = tuple(
            Span(paragraph=p, start=start, end=start + len(name))
            for p, text in enumerate(paragraphs)
            for start in [text.find(name)]
            if start >= 0
        )
        kind = (
            EntityKind.PERSON
            if index == 0
            else rng.choice((EntityKind.ORGANIZATION, EntityKind.PLACE))
        )
        entities.append(
            Entity(
                id=f"e{index}",
                kind=kind,
                name=name,
                labels={"en": f"Name {index}"},
                mentions=mentions,
            )
        )
    quotes = []
    for index in range(3 * scale):
        paragraph = rng.randrange(len(paragraphs))
        start = rng.randrange(0, 20)
        end = start + rng.randrange(10, 20)
        quotes.append(
            Quote(
                id=f"q{index}",
                text=paragraphs[paragraph][start:end],
                kind=QuoteKind.DIRECT,
                speaker="e0",
                channel=rng.choice(list(Channel)),
                date=PartialDate("2021-12-09"),
                cue="قال",
                spans=(Span(paragraph=paragraph, start=start, end=end),),
            )
        )
    statistics = [
        Statistic(
            id=f"s{index}",
            value=rng.choice((rng.randrange(10**6), rng.random() * 1000)),
            qualifier=rng.choice((Qualifier.EXACT, Qualifier.APPROXIMATELY, Qualifier.MORE_THAN)),
            unit="عنصر",
            measure="troops",
            subject="e1",
            spans=(Span(paragraph=0, start=0, end=5),),
        )
        for index in range(3 * scale)
    ]
    campaign = Campaign(
        id="c0",
        name="حملة",
        start=PartialDate("2014-22"),
        phases=tuple(
            CampaignPhase(
                ordinal=i + 1,
                name=f"مرحلة {i + 1}",
                labels={"en": f"Phase {i + 1}"},
                start=PartialDate(f"{2014 + i}"),
            )
            for i in range(3 * scale)
        ),
    )
    events = [
        Event(
            id=f"v{index}",
            name="event",
            date=PartialDate(f"{2014 + index}-10-17"),
            campaign="c0",
            phase=1,
        )
        for index in range(2 * scale)
    ]
    published = dt.datetime(2021, 12, 9, 10, tzinfo=_PLUS3) + dt.timedelta(minutes=number)
    return Article(
        id=f"article-{number}",
        headline=paragraphs[0][:60],
        language="ar",
        body=body,
        url=f"https://example.org/news/{number}",
        date_published=published,
        keywords=("العراق", "التحالف"),
        entities=tuple(entities),
        quotes=tuple(quotes),
        statistics=tuple(statistics),
        campaigns=(campaign,),
        events=tuple(events),
        comments=(Comment(id="k0", text="تعليق", date_published=published),),
        comment_count=rng.randrange(1, 50),
    )


def articles(count: int, seed: int = 2021, scale: int = 1) -> Iterator[Article]:
    """``count`` articles, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield make_article(number, rng, scale)


def corpus(count: int, folder: Path, scale: int = 1) -> Path:
    """A JSON Lines file of ``count`` articles, made once and kept in ``folder``."""
    path = folder / (f"corpus-{count}.jsonl" if scale == 1 else f"corpus-{count}-x{scale}.jsonl")
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        ns.write(articles(count, scale=scale), path)
    return path


if __name__ == "__main__":
    print(corpus(int(sys.argv[1]), Path(sys.argv[2])))
