from __future__ import annotations

import io
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema import Article, ValidationError
from newsschema.formats import json as json_format
from tests.strategies import articles, canonical_dicts


@given(articles())
def test_loads_reads_back_what_dumps_wrote(article: Article) -> None:
    data = ns.dumps(article)
    assert ns.loads(data) == article
    assert ns.dumps(ns.loads(data)) == data


@given(articles())
def test_canonical_json_is_deterministic_and_keeps_text_byte_for_byte(article: Article) -> None:
    data = ns.dumps(article)
    assert data == ns.dumps(article)
    assert data.endswith(b"}\n")
    assert b"\n  " in data
    decoded = orjson.loads(data)
    assert decoded["headline"] == article.headline
    assert [p for s in decoded.get("body", []) for p in s.get("paragraphs", [])] == list(
        article.paragraphs
    )
    plain = not any(c < " " or c in '"\\' for c in article.headline)
    if plain:  # text is written as UTF-8, never \\u-escaped
        assert article.headline.encode() in data
    assert orjson.dumps(article.headline)[1:-1] in data


@given(st.lists(articles(), max_size=4))
def test_a_file_holds_one_article_or_an_array(batch: list[Article]) -> None:
    buffer = io.BytesIO()
    count = json_format.write(buffer, batch)
    data = buffer.getvalue()
    assert count == len(batch)
    assert data.endswith(b"\n")
    decoded = orjson.loads(data)
    if len(batch) == 1:
        assert isinstance(decoded, dict)
    else:
        assert isinstance(decoded, list)
        assert len(decoded) == len(batch)
    assert list(ns.read(io.BytesIO(data), format="json")) == batch


def test_an_array_is_indented_like_its_items() -> None:
    article = ns.loads(b'{"schema_version": 1, "id": "a", "headline": "h", "language": "ar"}')
    buffer = io.BytesIO()
    json_format.write(buffer, [article, article])
    assert buffer.getvalue() == (
        b'[\n  {\n    "schema_version": 1,\n    "id": "a",\n    "headline": "h",\n'
        b'    "language": "ar"\n  },\n  {\n    "schema_version": 1,\n    "id": "a",\n'
        b'    "headline": "h",\n    "language": "ar"\n  }\n]\n'
    )
    empty = io.BytesIO()
    assert json_format.write(empty, []) == 0
    assert empty.getvalue() == b"[]\n"


MUTATIONS = (
    "dangling speaker",
    "span past end",
    "duplicate id",
    "phase gap",
    "bad tag",
    "coerced int",
)


def _mutate(record: dict[str, Any], mutation: str) -> str | None:
    """Break one rule in a valid record; return the path the error must name, or None."""
    if mutation == "dangling speaker" and record.get("quotes"):
        record["quotes"][0]["speaker"] = "\x7fnobody-has-this-id"
        return "quotes[0].speaker"
    if mutation == "span past end" and record.get("quotes") and record["quotes"][0].get("spans"):
        record["quotes"][0]["spans"][0]["end"] = 10**9
        return "quotes[0].spans[0]"
    if mutation == "duplicate id" and len(record.get("entities", [])) >= 1 and record.get("events"):
        record["events"][0]["id"] = record["entities"][0]["id"]
        return "events[0].id"
    if mutation == "phase gap":
        for index, campaign in enumerate(record.get("campaigns", [])):
            if campaign.get("phases"):
                campaign["phases"][-1]["ordinal"] += 1
                return f"campaigns[{index}].phases[{len(campaign['phases']) - 1}].ordinal"
    if mutation == "bad tag":
        record["language"] = "not a language"
        return "language"
    if mutation == "coerced int" and record.get("comment_count") is not None:
        record["comment_count"] = str(record["comment_count"])
        return "comment_count"
    return None


@given(canonical_dicts(), st.sampled_from(MUTATIONS))
def test_a_broken_rule_is_rejected_with_its_path(record: dict[str, Any], mutation: str) -> None:
    path = _mutate(record, mutation)
    if path is None:
        return
    with pytest.raises(ValidationError) as caught:
        ns.loads(orjson.dumps(record))
    assert path in [problem.path for problem in caught.value.problems], caught.value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not valid JSON: "),
        (b"{", "not valid JSON: "),
        (b'{"a": 1} x', "not valid JSON: "),
        (b"\xff\xfe", "not valid JSON: "),
        (b'"\\ud800"', "not valid JSON: "),
        (b"[]", "expected exactly one article, found 0"),
        (b"3", "expected an article object, got the number 3"),
    ],
)
def test_bad_json(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ns.loads(data)
    assert caught.value.problems[0].message.startswith(message)
    assert caught.value.where == "<stream>"
