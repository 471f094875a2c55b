from __future__ import annotations

import io

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema import Article, ValidationError
from newsschema.formats import jsonl
from tests.strategies import articles


@given(st.lists(articles(), max_size=4))
def test_read_gives_back_what_write_wrote(batch: list[Article]) -> None:
    buffer = io.BytesIO()
    assert jsonl.write(buffer, batch) == len(batch)
    data = buffer.getvalue()
    assert data.count(b"\n") == len(batch)  # one line each: text newlines are escaped
    assert list(ns.read(io.BytesIO(data), format="jsonl")) == batch


@given(articles())
def test_a_line_is_the_compact_canonical_json(article: Article) -> None:
    line = ns.dumps(article, format="jsonl")
    assert line.endswith(b"\n")
    assert b"\n" not in line[:-1]
    assert orjson.loads(line) == orjson.loads(ns.dumps(article))
    assert ns.loads(line, format="jsonl") == article


def test_reading_is_lazy_and_names_the_line() -> None:
    good = ns.dumps(
        ns.loads(b'{"schema_version":1,"id":"a","headline":"h","language":"ar"}'), "jsonl"
    )
    data = good + b"\n   \n" + good.replace(b'"ar"', b'"??"') + b"{oops\n"
    reader = ns.read(io.BytesIO(data), format="jsonl")
    assert next(reader).id == "a"  # blank lines are passed over
    with pytest.raises(ValidationError) as caught:
        next(reader)
    assert caught.value.lines() == ["<stream>:4: language: '??' is not a valid BCP 47 language tag"]


def test_a_line_that_is_not_json_keeps_its_bytes() -> None:
    records = list(jsonl.read(io.BytesIO(b"{oops\r\n")))
    assert len(records) == 1
    assert records[0].where == ":1"
    assert records[0].raw == b"{oops"
    assert records[0].data is None
    assert records[0].error is not None
    assert records[0].error.problems[0].message.startswith("not valid JSON")
