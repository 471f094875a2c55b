"""The seed article and the broken variants in fixtures/."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import newsschema as ns
from newsschema import Channel, EntityKind, Qualifier, QuoteKind, ValidationError
from newsschema.io import article_from, read_records
from tests.conftest import ROOT, SEED

INVALID = sorted(p for p in (ROOT / "fixtures" / "invalid").iterdir() if p.suffix != ".expected")


def test_the_seed_is_valid_and_byte_stable() -> None:
    data = SEED.read_bytes()
    article = ns.loads(data)
    assert ns.dumps(article) == data
    assert ns.loads(ns.dumps(article, format="jsonl"), format="jsonl") == article


def test_the_seed_counts() -> None:
    article = ns.load(SEED)
    assert article.language == "ar"
    assert [section.heading for section in article.body] == [
        None,
        "علاقة ستستمر",
        "حملة بأربع مراحل",
        "تعزيز الأمن والاستقرار",
    ]
    assert [len(section.paragraphs) for section in article.body] == [7, 8, 9, 4]
    assert len(article.quotes) == 17
    assert len(article.statistics) == 11
    assert len(article.events) == 12
    assert len(article.entities) == 20
    assert [len(c.phases) for c in article.campaigns] == [4]
    assert article.comment_count == 1
    assert len(article.comments) == 1


def test_the_seed_body_is_the_source_text_exactly() -> None:
    source = ROOT / "fixtures" / "sources" / "iraq-coalition-2021.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    article = ns.load(SEED)
    headings = [section.heading for section in article.body if section.heading]
    assert list(article.paragraphs) == [line for line in lines[:-2] if line not in headings]
    assert article.comments[0].text == lines[-2]


def test_the_seed_annotations_say_what_the_text_says() -> None:
    article = ns.load(SEED)
    paragraphs = article.paragraphs
    entities = {entity.id: entity for entity in article.entities}

    def at(span: ns.Span) -> str:
        return paragraphs[span.paragraph][span.start : span.end]

    assert article.dateline is not None
    assert article.dateline.span is not None
    assert at(article.dateline.span) == "بغداد"
    assert article.dateline.place == "baghdad"
    assert entities["baghdad"].kind is EntityKind.PLACE
    by_speaker = Counter(quote.speaker for quote in article.quotes)
    assert by_speaker == {"brennan": 7, "coalition": 5, "araji": 2, "biden": 1, "maan": 1, "un": 1}
    assert Counter(q.kind for q in article.quotes) == {
        QuoteKind.DIRECT: 9,
        QuoteKind.INDIRECT: 7,
        QuoteKind.MIXED: 1,
    }
    tweet = next(q for q in article.quotes if q.channel is Channel.TWEET)
    assert tweet.speaker == "araji"
    assert tweet.cue == "أعلن"
    figures = {s.id: s for s in article.statistics}
    assert figures["s-coalition-members"].qualifier is Qualifier.MORE_THAN
    assert figures["s-coalition-members"].value == 80
    assert at(figures["s-coalition-members"].spans[0]) == "أكثر من 80 دولة"
    assert figures["s-us-troops"].qualifier is Qualifier.APPROXIMATELY
    assert figures["s-isis-area"].unit_code == "KMK"
    assert figures["s-isis-area"].value == 110000
    assert all(isinstance(s.value, int) for s in article.statistics)
    (campaign,) = article.campaigns
    assert [phase.labels["en"] for phase in campaign.phases] == [
        "Degrade",
        "Counterattack",
        "Defeat",
        "Support Stabilization",
    ]
    assert [phase.name for phase in campaign.phases] == [
        "التفكيك",
        "الهجوم المضاد",
        "الهزيمة",
        "دعم إحلال الاستقرار",
    ]
    assert campaign.start is None  # the text does not say when it began: nothing is guessed
    assert [str(p.start) if p.start else None for p in campaign.phases] == [
        None,
        "2015-12~",
        "[..2017]",
        None,
    ]
    events = {event.id: event for event in article.events}
    paragraphs = article.paragraphs
    assert events["e-cjtf-oir-formed"].phase is None  # the text puts it in no phase
    figure = next(s for s in article.statistics if s.id == "s-us-troops-july")
    (span,) = figure.spans
    assert paragraphs[span.paragraph][span.start : span.end] == "نحو 2500 جندي"  # without ل
    for event_id in ("e-trucks-announcement", "e-mosul-liberated", "e-cjtf-oir-formed"):
        (span,) = events[event_id].spans
        assert paragraphs[span.paragraph][span.start] != "و"  # no leading conjunction
    assert str(events["e-cjtf-oir-formed"].date) == "2014-10-17"
    assert str(events["e-raqqa-liberated"].date) == "2017"
    assert events["e-raqqa-liberated"].phase == 3
    assert str(events["e-us-deadline"].date) == "2021-12-31"
    assert article.date_published is None  # the text dates the announcement, not the article
    assert article.provenance is not None
    assert "date_published is left out" in (article.provenance.notes or "")
    for quote in article.quotes:
        assert quote.text in paragraphs[quote.spans[0].paragraph]


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_each_invalid_fixture_gives_exactly_its_expected_lines(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    shown = str(path.relative_to(ROOT))
    found: list[str] = []
    for record in read_records(path):
        try:
            article_from(record, shown)
        except ValidationError as exc:
            found.extend(exc.lines())
    assert found == expected
    assert found, "an invalid fixture must have problems"
