"""Anchoring by words: spans found for annotations given by their text alone."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema.annotate.anchor import find
from tests.conftest import HANG, SEED, examples
from tests.test_cli import run


def _unplaced(article: ns.Article) -> ns.Article:
    """The article with the spans of its one-piece quotes and its figures taken away, and
    the mentions of its entities."""
    return attrs.evolve(
        article,
        quotes=tuple(attrs.evolve(q, spans=()) if len(q.spans) == 1 else q for q in article.quotes),
        statistics=tuple(attrs.evolve(s, spans=()) for s in article.statistics),
        entities=tuple(attrs.evolve(e, mentions=()) for e in article.entities),
    )


def test_the_seed_fixtures_quotes_and_figures_are_placed_again() -> None:
    seed = ns.load(SEED)
    placed = ns.anchor(_unplaced(seed))
    assert placed.quotes == seed.quotes  # all 17, where the fixture has them
    assert placed.statistics == seed.statistics  # all 11
    mentioned = {e.id: e.mentions for e in placed.entities}
    assert all(mentioned[e.id] for e in seed.entities if e.mentions)


@pytest.mark.parametrize(
    ("paragraph", "text", "expected"),
    [
        ("He said “we will win” today.", "we will win", "we will win"),
        ('قال: "لن نتراجع" أبدا', "“لن نتراجع”", '"لن نتراجع"'),
        ("إن الـحرب انتهت", "إن الحرب انتهت", "إن الـحرب انتهت"),
        ("قالَ الوزيرُ إنّ الحربَ انتهتْ.", "قال الوزير إن الحرب انتهت", "قالَ الوزيرُ إنّ الحربَ انتهتْ"),
        ("the  talks\u00a0were\nuseful", "the talks were useful", "the  talks\u00a0were\nuseful"),
        ("مرحبا \u200fبكم 😀 هنا", "مرحبا بكم 😀 هنا", "مرحبا \u200fبكم 😀 هنا"),
    ],
)
def test_text_is_found_exactly_or_tolerantly(paragraph: str, text: str, expected: str) -> None:
    (span,) = find([paragraph], text)
    assert paragraph[span.start : span.end] == expected  # the diacritics on its last letter too


def test_a_text_in_several_places_is_refused_with_its_candidates_unless_told_apart() -> None:
    article = ns.Article(
        id="a",
        headline="h",
        language="en",
        body=(ns.Section(paragraphs=("Yes, he said. Later: yes, he said.", "No.")),),
        quotes=(ns.Quote(id="q", text="he said", kind=ns.QuoteKind.INDIRECT),),
    )
    with pytest.raises(ns.ValidationError) as caught:
        ns.anchor(article)
    said = str(caught.value)
    assert "quotes[0].text" in said
    assert "2 places (paragraph 0 at 5-12, paragraph 0 at 26-33)" in said
    placed = ns.anchor(article, {"q": ("Later: yes, ", "")})
    assert placed.quotes[0].spans == (ns.Span(paragraph=0, start=26, end=33),)
    with pytest.raises(ns.ValidationError, match="stands nowhere"):
        ns.anchor(attrs.evolve(article, quotes=(attrs.evolve(article.quotes[0], text="absent"),)))


def test_a_figure_is_placed_by_its_value_and_unit() -> None:
    article = ns.Article(
        id="a",
        headline="h",
        language="en",
        body=(ns.Section(paragraphs=("About 300 people came, and 300 dollars were raised.",)),),
        statistics=(
            ns.Statistic(id="f1", value=300, qualifier=ns.Qualifier.EXACT, unit="dollars"),
            ns.Statistic(id="f2", value=300, qualifier=ns.Qualifier.APPROXIMATELY, unit="people"),
        ),
    )
    placed = ns.anchor(article)
    paragraph = article.body[0].paragraphs[0]
    spans = [paragraph[s.spans[0].start : s.spans[0].end] for s in placed.statistics]
    assert spans == ["300 dollars", "About 300 people"]


_PIECES = st.sampled_from(
    ["قال", "إن", "الحرب", "the", "war", "is", "over", "😀", "\u200f", "“", "”", ",", "1,200", "ـ"]
)


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(st.lists(_PIECES, min_size=1, max_size=30).map(" ".join), min_size=1, max_size=3),
    st.data(),
)
def test_a_span_taken_away_is_found_again(paragraphs: list[str], data: st.DataObject) -> None:
    number = data.draw(st.integers(0, len(paragraphs) - 1))
    text = paragraphs[number]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    exact = text[start:end]
    if not exact.strip():
        return
    size = 0  # as our JSON-LD writes a selector: the least text around it that tells it apart
    while True:
        hint = (text[max(0, start - size) : start], text[end : end + size])
        found = find(paragraphs, exact, hint=hint, paragraph=number)
        if len(found) == 1 or size > len(text):
            break
        size += 1
    assert found == [ns.Span(paragraph=number, start=start, end=end)]


def _without_positions(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("@type") == "oa:SpecificResource":
            node["oa:hasSelector"] = [
                s for s in node["oa:hasSelector"] if s["@type"] != "oa:TextPositionSelector"
            ]
        for value in node.values():
            _without_positions(value)
    elif isinstance(node, list):
        for value in node:
            _without_positions(value)


def test_json_ld_selectors_without_positions_are_anchored() -> None:
    seed = ns.load(SEED)
    buffer = io.BytesIO()
    ns.write([seed], buffer, format="jsonld")
    document = orjson.loads(buffer.getvalue())
    _without_positions(document)
    (back,) = ns.read(io.BytesIO(orjson.dumps(document)), format="jsonld")
    assert back == seed


def test_the_command_line_anchors_then_suggests(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ns.write([_unplaced(ns.load(SEED))], source)
    out = tmp_path / "out.jsonl"
    done = run("annotate", str(source), "-o", str(out), "--anchor")
    assert done.returncode == 0, done.stderr
    (article,) = ns.read(out)
    assert article == ns.suggest(ns.anchor(_unplaced(ns.load(SEED))))
    assert all(q.spans for q in article.quotes)
    ambiguous = ns.Article(
        id="twice",
        headline="h",
        language="en",
        body=(ns.Section(paragraphs=("He said yes. He said yes.",)),),
        quotes=(ns.Quote(id="q", text="He said yes", kind=ns.QuoteKind.INDIRECT),),
    )
    twice = tmp_path / "twice.jsonl"
    ns.write([ambiguous], twice)
    done = run("annotate", str(twice), "-o", str(tmp_path / "x.jsonl"), "--anchor")
    assert done.returncode == 1
    assert "twice.jsonl:1: quotes[0].text: stands in 2 places" in done.stderr


def test_a_text_in_many_places_of_a_megabyte_is_told_apart_in_linear_time() -> None:
    paragraph = "he said yes. " * 80_000 + "Later: he said yes."
    began = time.perf_counter()
    found = find([paragraph], "he said yes", hint=("Later: ", ""))
    assert found == [ns.Span(paragraph=0, start=len(paragraph) - 12, end=len(paragraph) - 1)]
    assert len(find([paragraph], "he said yes")) == 80_001
    assert time.perf_counter() - began < HANG
