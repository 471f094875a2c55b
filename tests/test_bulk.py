"""The bulk path takes what the detailed path takes, builds the same rows, and nothing else.

Whatever the bulk path is unsure of it leaves to the detailed path, so the one thing it must
never do is take a line the detailed path refuses, or build a row other than the one the
detailed path builds. Every test here feeds both and compares.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema import bulk
from newsschema.convert import canonical_row, structure_article, unstructure_article
from newsschema.formats import jsonl, parquet
from newsschema.formats.arrow import NESTED_SCHEMA
from tests.conftest import ROOT, SEED
from tests.strategies import articles
from tests.test_cli import run
from tests.test_fuzz import EDGES_JSON, SEED_JSON, mutated, mutated_bytes
from tests.test_parallel import inputs_with_faults

INVALID = ROOT / "fixtures" / "invalid"


def line_of(record: Any) -> bytes:
    """A record as one line, as a user's tool might write it (not necessarily canonical)."""
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def detailed(line: bytes) -> ns.Article | None:
    """The article the detailed path builds from a line, or None when it refuses it."""
    try:
        return ns.io.article_from(jsonl.record_of(1, line), "x")
    except ns.ValidationError:
        return None


def agree(lines: list[bytes]) -> bulk.Checked:
    """Check lines both ways: what the bulk path takes, the detailed path takes alike."""
    done = bulk.check_lines(lines)
    assert sorted([*done.taken, *done.left]) == list(range(len(lines)))
    taken = [detailed(lines[i]) for i in done.taken]
    assert None not in taken, "the bulk path took a line the detailed path refuses"
    expected = parquet.encode([a for a in taken if a is not None])
    assert done.batch.schema.equals(NESTED_SCHEMA, check_metadata=True)
    assert done.batch.equals(expected)
    assert done.ids == [a.id for a in taken if a is not None]
    return done


@given(st.lists(articles(), min_size=1, max_size=4))
def test_valid_articles_take_the_bulk_path_and_give_the_same_rows(
    every: list[ns.Article],
) -> None:
    lines = [ns.dumps(article, format="json").replace(b"\n", b"") + b"\n" for article in every]
    lines = [orjson.dumps(orjson.loads(line)) + b"\n" for line in lines]
    done = agree(lines)
    # Only a line holding the letters "null" (which might be a JSON null) is left.
    assert all(b"null" in lines[i] for i in done.left)


def test_the_seed_and_the_edge_values_take_the_bulk_path() -> None:
    lines = [line_of(SEED_JSON), line_of(EDGES_JSON)]
    done = agree(lines)
    assert done.taken == [0, 1]


@settings(max_examples=max(150, settings().max_examples))
@given(st.lists(st.one_of(mutated(SEED_JSON), mutated(EDGES_JSON)), min_size=1, max_size=3))
def test_mutated_records_are_never_taken_when_the_detailed_path_refuses_them(
    records: list[Any],
) -> None:
    lines = [line_of(SEED_JSON), *(line_of(r) for r in records), line_of(EDGES_JSON)]
    done = agree(lines)
    assert 0 in done.taken
    assert len(lines) - 1 in done.taken


@settings(max_examples=max(60, settings().max_examples))
@given(mutated_bytes(line_of(SEED_JSON).rstrip(b"\n")))
def test_mutated_bytes_are_never_taken_when_the_detailed_path_refuses_them(data: bytes) -> None:
    lines = [line + b"\n" for line in data.split(b"\n") if line.strip()]
    agree([line_of(EDGES_JSON), *lines])


# Mutations that break one rule of the article as a whole, as a user's data might.


def _items(record: dict[str, Any], collection: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = record.get(collection, [])
    return items


Breaker = Callable[[dict[str, Any], st.DrawFn], None]


def _repeat_an_id(record: dict[str, Any], draw: st.DrawFn) -> None:
    owners = [
        item
        for name in ("entities", "quotes", "statistics", "campaigns", "events", "comments")
        for item in _items(record, name)
    ]
    first, second = draw(st.sampled_from(owners)), draw(st.sampled_from(owners))
    second["id"] = first["id"]


def _point_elsewhere(record: dict[str, Any], draw: st.DrawFn) -> None:
    ids = [
        item["id"] for name in ("entities", "quotes", "campaigns") for item in _items(record, name)
    ]
    target = draw(st.sampled_from([*ids, "nobody"]))
    field = draw(
        st.sampled_from(["publisher", "authors", "dateline", "speaker", "subject", "places"])
    )
    if field == "publisher":
        record["publisher"] = target
    elif field == "authors":
        record["authors"] = [*record.get("authors", []), target]
    elif field == "dateline":
        record["dateline"] = {**record.get("dateline", {"text": "x"}), "place": target}
    elif field == "speaker" and _items(record, "quotes"):
        draw(st.sampled_from(_items(record, "quotes")))["speaker"] = target
    elif field == "subject" and _items(record, "statistics"):
        draw(st.sampled_from(_items(record, "statistics")))["subject"] = target
    elif _items(record, "events"):
        draw(st.sampled_from(_items(record, "events")))["places"] = [target]


def _move_a_span(record: dict[str, Any], draw: st.DrawFn) -> None:
    spans = [
        span
        for name, field in (("entities", "mentions"), ("quotes", "spans"), ("statistics", "spans"))
        for item in _items(record, name)
        for span in item.get(field, [])
    ]
    if spans:
        span = draw(st.sampled_from(spans))
        name = draw(st.sampled_from(["paragraph", "start", "end"]))
        span[name] = draw(st.integers(-2, 400))


def _change_a_quote(record: dict[str, Any], draw: st.DrawFn) -> None:
    if _items(record, "quotes"):
        quote = draw(st.sampled_from(_items(record, "quotes")))
        quote["text"] = draw(st.sampled_from([quote["text"] + " ", quote["text"][1:], "x"]))
        quote["kind"] = draw(st.sampled_from(["direct", quote["kind"]]))


def _renumber_phases(record: dict[str, Any], draw: st.DrawFn) -> None:
    for campaign in _items(record, "campaigns"):
        for phase in campaign.get("phases", []):
            phase["ordinal"] = draw(st.integers(0, 4))
            if draw(st.booleans()):
                phase["start"] = draw(st.sampled_from(["2014", "2017-06", "2021-12-09", "2010"]))


def _turn_dates(record: dict[str, Any], draw: st.DrawFn) -> None:
    when = draw(st.sampled_from(["2021", "2021-12-08", "2021-12-09T06:59:59+00:00", "2022"]))
    field = draw(st.sampled_from(["date_modified", "campaign", "event"]))
    if field == "date_modified":
        record["date_modified"] = when
    elif field == "campaign" and _items(record, "campaigns"):
        draw(st.sampled_from(_items(record, "campaigns")))["end"] = when[:4]
    elif _items(record, "events"):
        event = draw(st.sampled_from(_items(record, "events")))
        event["phase"] = draw(st.integers(1, 6))
        if draw(st.booleans()):
            event.pop("campaign", None)


def _bend_figures(record: dict[str, Any], draw: st.DrawFn) -> None:
    if _items(record, "statistics"):
        figure = draw(st.sampled_from(_items(record, "statistics")))
        figure["qualifier"] = draw(st.sampled_from(["range", "exactly", "approximately"]))
        value = draw(st.sampled_from([1, 1.0, -3, 2.5, 2**62, 10**30]))
        figure[draw(st.sampled_from(["value", "value_max"]))] = value


def _reply_badly(record: dict[str, Any], draw: st.DrawFn) -> None:
    comments = _items(record, "comments")
    if comments:
        comment = draw(st.sampled_from(comments))
        comment["reply_to"] = draw(st.sampled_from([comment["id"], "gone", comments[0]["id"]]))
    record["comment_count"] = draw(st.integers(0, 3))


def _translate_into_itself(record: dict[str, Any], draw: st.DrawFn) -> None:
    language = record["language"]
    tag = draw(st.sampled_from([language, language.upper(), "en", "EN", "fr-ca", "x"]))
    record["translations"] = {**record.get("translations", {}), tag: "headline"}


def _empty_a_subject(record: dict[str, Any], draw: st.DrawFn) -> None:
    record["subjects"] = [draw(st.sampled_from([{}, {"labels": {"en": "x"}}, {"code": "a b"}]))]


BREAKERS: list[Breaker] = [
    _repeat_an_id,
    _point_elsewhere,
    _move_a_span,
    _change_a_quote,
    _renumber_phases,
    _turn_dates,
    _bend_figures,
    _reply_badly,
    _translate_into_itself,
    _empty_a_subject,
]


@st.composite
def broken(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = copy.deepcopy(draw(st.sampled_from([SEED_JSON, EDGES_JSON])))
    for breaker in draw(st.lists(st.sampled_from(BREAKERS), min_size=1, max_size=2)):
        breaker(record, draw)
    return record


@settings(max_examples=max(200, settings().max_examples))
@given(st.lists(broken(), min_size=1, max_size=3))
def test_records_that_break_a_rule_of_the_whole_are_left_to_the_detailed_path(
    records: list[dict[str, Any]],
) -> None:
    agree([line_of(SEED_JSON), *(line_of(r) for r in records)])


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.json*")), ids=lambda p: p.name)
def test_every_broken_fixture_is_left_to_the_detailed_path(path: Any) -> None:
    text = path.read_bytes()
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        lines = [line + b"\n" for line in text.splitlines() if line.strip()]
    else:
        records = document if isinstance(document, list) else [document]
        lines = [line_of(record) for record in records]
    done = agree(lines)
    if path.suffix == ".json":
        assert done.taken == []


def test_a_line_the_reader_cannot_place_is_found_by_halves() -> None:
    good = line_of(SEED_JSON)
    bad = line_of({**SEED_JSON, "comment_count": 1.5})  # Arrow names no row for this one
    done = agree([good, good.replace(b'"id":', b'"id": ', 1), bad, good])
    assert done.left == [2]


def test_figures_keep_whole_numbers_and_fractions_apart() -> None:
    record = copy.deepcopy(SEED_JSON)
    record["statistics"][0]["value"] = 2500.0
    done = agree([line_of(record), line_of(SEED_JSON)])
    assert done.taken == [0, 1]
    figures = done.batch.column("statistics").flatten()
    assert figures.field("value_float")[0].as_py() == 2500.0
    assert figures.field("value_int")[0].as_py() is None


def test_an_explicit_null_is_left_to_the_detailed_path() -> None:
    record = {**SEED_JSON, "authors": None}
    done = agree([line_of(record)])
    assert done.left == [0]
    assert detailed(line_of(record)) is None  # null is not an empty list


def test_language_maps_come_out_in_the_order_of_their_tags() -> None:
    record = copy.deepcopy(SEED_JSON)
    record["entities"][0]["labels"] = {"fr": "Bagdad", "en": "Baghdad", "de": "Bagdad"}
    done = agree([line_of(record)])
    labels = done.batch.column("entities").flatten().field("labels")[0].as_py()
    assert [item["language"] for item in labels] == ["de", "en", "fr"]
    article = structure_article(record)
    assert unstructure_article(article)["entities"][0]["labels"] == record["entities"][0]["labels"]


def test_an_empty_chunk_gives_an_empty_batch() -> None:
    done = bulk.check_lines([])
    assert done.batch.num_rows == 0
    assert done.taken == done.left == []
    assert isinstance(done.batch, pa.RecordBatch)


@pytest.mark.parametrize("output", ["out.parquet", "out/", "out.jsonl"])
def test_the_command_line_writes_the_same_bytes_and_rejects_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    inputs = inputs_with_faults(tmp_path)  # bad lines, a line not JSON, an id taken twice
    results = []
    for switch in ("1", "0"):
        monkeypatch.setenv("NEWSSCHEMA_BULK", switch)
        out, bad = tmp_path / switch / output, tmp_path / f"bad-{switch}.jsonl"
        out.parent.mkdir()
        done = run(
            "convert",
            *inputs,
            "-o",
            f"{out}/" if output.endswith("/") else str(out),
            "--rejects",
            str(bad),
            "-j",
            "1",
        )
        assert done.returncode == 1, done.stderr  # some were rejected
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        files = sorted(out.rglob("*")) if out.is_dir() else [out]
        written = {f.relative_to(out.parent): f.read_bytes() for f in files}
        results.append((written, bad.read_bytes(), said))
    assert results[0] == results[1]
    assert b"already the id of the article at" in results[0][1]
    written_back = list(ns.read(tmp_path / "1" / output.rstrip("/")))
    assert len(written_back) == 700 - 2 * 4 - 1  # 4 bad headlines a file, a line not JSON, an id


# The other way: rows of Parquet to canonical lines, without building articles.


@given(st.lists(articles(), min_size=1, max_size=4))
def test_rows_are_written_as_the_lines_building_their_articles_writes(
    some: list[ns.Article],
) -> None:
    table = pa.Table.from_batches([parquet.encode(some)])
    values = table.to_pylist()
    expected = [jsonl.encode_lines([article]) for article in some]
    for value, line in zip(values, expected, strict=True):
        assert orjson.dumps(canonical_row(value)) + b"\n" == line
    kept = bulk.lines_of(table, values).lines  # what the bulk path is unsure of, it leaves
    assert all(kept[position] == expected[position] for position in kept)


def test_the_fixtures_rows_are_all_written_by_the_bulk_path() -> None:
    some = [ns.load(SEED), *ns.read(ROOT / "fixtures" / "golden" / "v1" / "articles.json")]
    table = pa.Table.from_batches([parquet.encode(some)])
    kept = bulk.lines_of(table, table.to_pylist()).lines
    assert sorted(kept) == list(range(len(some)))
    assert b"".join(kept[i] for i in range(len(some))) == jsonl.encode_lines(some)


def _tampered(change: Callable[[dict[str, Any]], None]) -> tuple[pa.Table, list[dict[str, Any]]]:
    """The seed's row, changed as another tool might have changed the file."""
    row = pa.Table.from_batches([parquet.encode([ns.load(SEED)])]).to_pylist()[0]
    change(row)
    table = pa.Table.from_pylist([row], schema=NESTED_SCHEMA)
    return table, table.to_pylist()


def _bounds(row: dict[str, Any]) -> None:
    row["statistics"][0]["date"] = {"edtf": "2021-03", "earliest": None, "latest": None}


def _labels(row: dict[str, Any]) -> None:
    row["entities"][0]["labels"] = [{"language": "en", "text": "a"}] * 2


def _number(row: dict[str, Any]) -> None:
    row["statistics"][0]["value_float"] = 2.5  # beside its whole number


def _offset(row: dict[str, Any]) -> None:
    row["date_published"] = dt.datetime(2021, 3, 1, 12, tzinfo=dt.timezone.utc)
    row["date_published_offset_minutes"] = None  # a moment without the offset it was written in
    row["date_published_partial"] = None


def _language(row: dict[str, Any]) -> None:
    row["language"] = "AR"  # a tag the model writes otherwise


@pytest.mark.parametrize("change", [_bounds, _labels, _number, _offset, _language])
def test_a_row_the_bulk_path_would_not_read_back_is_left_to_the_detailed_path(
    change: Callable[[dict[str, Any]], None],
) -> None:
    table, values = _tampered(change)
    assert bulk.lines_of(table, values).lines == {}


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_parquet_to_json_lines_or_parquet_writes_and_says_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    inputs = inputs_with_faults(tmp_path)
    source = tmp_path / "in.parquet"
    done = run("convert", *inputs, "-o", str(source), "--rejects", str(tmp_path / "faults.jsonl"))
    assert done.returncode == 1, done.stderr  # the faults refused
    tampered = pq.read_table(source).to_pylist()
    full = [i for i, row in enumerate(tampered) if row["statistics"] and row["entities"]]
    for at, change in zip(full, [_bounds, _labels, _number, _offset, _language], strict=False):
        row = copy.deepcopy(tampered[at])
        change(row)
        tampered[at] = row
    table = pa.Table.from_pylist(tampered, schema=NESTED_SCHEMA)
    with source.open("wb") as stream:  # as newsschema writes it: the rows are read in bulk
        parquet.write_encoded(stream, [(batch, batch.num_rows) for batch in table.to_batches()])
    outputs = []
    for switch, jobs in [("1", "1"), ("1", "2"), ("0", "1")]:  # bulk on one core, two; off
        monkeypatch.setenv("NEWSSCHEMA_BULK", switch)
        out, bad = tmp_path / f"out-{switch}{jobs}{suffix}", tmp_path / f"bad-{switch}{jobs}.jsonl"
        done = run("convert", str(source), "-o", str(out), "--rejects", str(bad), "-j", jobs)
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        outputs.append((done.returncode, out.read_bytes(), bad.read_bytes(), said))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][0] == 1
    assert outputs[0][2].count(b"\n") == 5  # each row changed is refused, and nothing else
    written = list(ns.read(tmp_path / f"out-11{suffix}"))
    assert len(written) == len(tampered) - 5
    if suffix == ".jsonl":
        assert outputs[0][1] == jsonl.encode_lines(written)
