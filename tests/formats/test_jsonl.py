from __future__ import annotations

import io

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema import Article, ValidationError
from newsschema.formats import Record, jsonl
from newsschema.limits import Limits
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


def _as_read(items: list[tuple[int, bytes] | Record]) -> list[object]:
    """Lines without their ends, bad records as their place and message: comparable."""
    return [
        (item.where, str(item.error))
        if isinstance(item, Record)
        else (item[0], item[1].rstrip(b"\n"))
        for item in items
    ]


@given(
    st.lists(
        st.sampled_from([b"{}", b"x" * 7, b"x" * 8, b"x" * 9, b"", b"  ", b"\r", b"\xff", b"\n"]),
        max_size=30,
    ).map(b"\n".join),
    st.integers(1, 12),
    st.integers(1, 10),
)
def test_blocks_give_the_lines_that_reading_line_by_line_gives(
    data: bytes, size: int, record_bytes: int
) -> None:
    limits = Limits(record_bytes=record_bytes)
    by_line = list(jsonl.lines(io.BytesIO(data), limits))
    by_block: list[tuple[int, bytes] | Record] = []
    for block in jsonl.blocks(io.BytesIO(data), limits, size):
        if isinstance(block, Record):
            by_block.append(block)
            continue
        assert block.data.endswith(b"\n") or not data.endswith(b"\n")  # cut at a line's end
        assert data[block.start : block.start + len(block.data)] == block.data
        by_block.extend(block.lines(limits))
    assert _as_read(by_block) == _as_read(by_line)


def test_a_line_past_the_limit_is_never_held_whole() -> None:
    class Counting(io.BytesIO):
        largest = 0

        def read(self, size: int | None = -1, /) -> bytes:
            data = super().read(size)
            self.largest = max(self.largest, len(data))
            return data

    stream = Counting(b'{"a":1}\n' + b"x" * 10_000_000 + b'\n{"b":2}\n')
    found = list(jsonl.blocks(stream, Limits(record_bytes=1000), size=4096))
    assert stream.largest <= 4096
    assert [type(item).__name__ for item in found] == ["Block", "Record", "Block"]
    assert found[0] == jsonl.Block(1, b'{"a":1}\n')
    assert isinstance(found[1], Record)
    assert found[1].where == ":2"
    assert "past the limit of 1,000 (record_bytes)" in str(found[1].error)
    assert found[2] == jsonl.Block(3, b'{"b":2}\n', 10_000_009)
