"""Delta Lake tables, written and read with the real delta-rs: append, upsert, evolution, faults."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs
import polars
import pyarrow as pa
import pytest

import newsschema as ns
from newsschema.formats import parquet
from newsschema.formats.arrow import first_written
from tests.conftest import HANG, ROOT, SEED
from tests.test_cli import run

deltalake = pytest.importorskip("deltalake")

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"


def _articles(count: int = 12) -> list[ns.Article]:
    base = [ns.load(SEED), *list(ns.read(GOLDEN))[1:]]
    return [attrs.evolve(base[n % len(base)], id=f"a-{n}") for n in range(count)]


def _by_id(articles: Iterable[ns.Article]) -> list[ns.Article]:
    return sorted(articles, key=lambda article: article.id)


def test_append_and_read_back_exactly(tmp_path: Path) -> None:
    table = f"delta:{tmp_path / 'articles'}"
    first, second = _articles(6), [attrs.evolve(a, id=f"b-{a.id}") for a in _articles(3)]
    assert ns.write(first, table) == 6
    assert ns.write(second, table) == 3
    assert _by_id(ns.read(table)) == _by_id(first + second)  # a table keeps no row order
    assert deltalake.DeltaTable(str(tmp_path / "articles")).version() == 1
    assert _by_id(ns.read(table, version=0)) == _by_id(first)  # time travel


def test_an_upsert_replaces_and_adds_in_one_commit(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    table = f"delta:{location}"
    old = _articles(6)
    ns.write(old, table)
    changed = attrs.evolve(old[2], headline="A corrected headline")
    unchanged = old[4]
    new = attrs.evolve(old[0], id="new-one")
    assert ns.write([changed, unchanged, new], table, upsert=True) == 3
    assert deltalake.DeltaTable(str(location)).version() == 1  # one commit
    found = {article.id: article for article in ns.read(table)}
    assert len(found) == 7  # one row per id
    assert found[changed.id] == changed
    assert found[unchanged.id] == unchanged
    assert found["new-one"] == new
    assert {found[a.id] for a in old if a.id != changed.id} == {
        a for a in old if a.id != changed.id
    }
    with pytest.raises(ns.ValidationError, match=r"gives the id .new-one. more than once"):
        ns.write([new, new], table, upsert=True)
    assert deltalake.DeltaTable(str(location)).version() == 1


def test_partitioned_by_publication_date_and_read_by_polars(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    dated = [
        attrs.evolve(article, date_published=ns.PartialDate(day))
        for article, day in zip(
            _articles(4), ["2021-12-09", "2021-12-31", "2022-01", "2021"], strict=True
        )
    ]
    ns.write(dated, f"delta:{location}", partition_by=["year", "month"])
    assert sorted(p.name for p in location.iterdir() if p.name.startswith("year=")) == [
        "year=2021",
        "year=2022",
    ]
    assert (location / "year=2021" / "month=__HIVE_DEFAULT_PARTITION__").is_dir()
    assert _by_id(ns.read(f"delta:{location}")) == _by_id(dated)
    frame = polars.read_delta(str(location))
    assert sorted(frame["id"].to_list()) == sorted(a.id for a in dated)
    months = sorted(zip(frame["year"].to_list(), frame["month"].to_list(), strict=True), key=str)
    # Only a year: Hive's default partition. The Delta log deltalake writes holds its marker as
    # the partition's value; polars up to 2.1 reads it as null, polars 2.2 as the marker.
    assert months[2] in (("2021", None), ("2021", "__HIVE_DEFAULT_PARTITION__"))
    assert [months[0], months[1], months[3]] == [("2021", "12"), ("2021", "12"), ("2022", "01")]


def test_a_newer_model_adds_its_fields_to_an_older_table(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    older = [attrs.evolve(a, subjects=(), media=()) for a in _articles(3)]
    batch = parquet.encode(older)  # as a model version before subjects and media wrote it
    keep = [name for name in batch.schema.names if name not in ("subjects", "media")]
    deltalake.write_deltalake(str(location), pa.Table.from_batches([batch]).select(keep))
    newer = [
        attrs.evolve(
            a,
            id=f"new-{a.id}",
            subjects=(ns.Subject(name="Politics", code="medtop:11000000"),),
            media=(ns.Media(url="https://example.org/p.jpg", caption="c"),),
        )
        for a in _articles(2)
    ]
    ns.write(newer, f"delta:{location}")
    names = pa.schema(deltalake.DeltaTable(str(location)).schema().to_arrow()).names
    assert {"subjects", "media"} <= set(names)  # the columns were added
    assert _by_id(ns.read(f"delta:{location}")) == _by_id(older + newer)  # old rows: empty


def test_a_change_that_would_break_readers_is_refused(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    batch = parquet.encode(_articles(2))
    table = pa.Table.from_batches([batch])
    index = table.schema.get_field_index("comment_count")
    table = table.set_column(index, "comment_count", pa.array(["many", None], pa.string()))
    deltalake.write_deltalake(str(location), table)
    with pytest.raises(ns.FormatError, match="column 'comment_count' is string in the table"):
        ns.write(_articles(1), f"delta:{location}")
    assert deltalake.DeltaTable(str(location)).version() == 0  # nothing was committed


WRITER = """
import sys, attrs
import newsschema as ns
seed = ns.load(sys.argv[1])
ns.write((attrs.evolve(seed, id=f"{sys.argv[3]}-{n}") for n in range(int(sys.argv[4]))),
         "delta:" + sys.argv[2], upsert=sys.argv[5] == "upsert")
"""


def test_a_killed_write_leaves_the_table_at_its_previous_version(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    before = _articles(3)
    ns.write(before, f"delta:{location}")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(SEED), str(location), "big", "4000", "append"], cwd=ROOT
    )
    time.sleep(2.0)  # past the start, into the reading and writing
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    found = list(ns.read(f"delta:{location}"))
    whole = _by_id(found) == _by_id(before) or len(found) == 4003  # the old version, or the new
    assert whole


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    ns.write(_articles(2), f"delta:{location}")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(SEED), str(location), name, "40", mode],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for name, mode in (("left", "upsert"), ("right", "upsert"), ("third", "append"))
    ]
    outcomes: list[tuple[int, bytes]] = []
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        outcomes.append((writer.returncode, stderr))
    ids = {article.id for article in ns.read(f"delta:{location}")}
    for (code, stderr), name in zip(outcomes, ("left", "right", "third"), strict=True):
        if code == 0:  # it said it committed: every article is there
            assert {f"{name}-{n}" for n in range(40)} <= ids
        else:  # or it failed clearly, and committed nothing
            assert b"other writers kept committing first" in stderr
            assert not any(i.startswith(f"{name}-") for i in ids)
    assert sum(code == 0 for code, _ in outcomes) >= 1


def test_the_command_line_upserts_into_a_table(tmp_path: Path) -> None:
    articles = _articles(4)
    source = tmp_path / "in.jsonl"
    ns.write(articles, source)
    table = f"delta:{tmp_path / 'articles'}"
    done = run("convert", str(source), "-o", table)
    assert done.returncode == 0, done.stderr
    again = run("convert", str(source), "-o", table, "--upsert")
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1] == (
        f"4 read, 4 written to {table} (0 added, 4 replaced, 0 unchanged)"
    )
    assert _by_id(ns.read(table)) == _by_id(articles)  # replaced, not added twice
    back = tmp_path / "back.jsonl"
    assert run("convert", table, "-o", str(back)).returncode == 0
    assert _by_id(ns.read(back)) == _by_id(articles)
    wrong = run("convert", str(source), "-o", str(tmp_path / "x.json"), "--upsert")
    assert wrong.returncode == 2
    assert "--upsert is for a table output" in wrong.stderr


def test_the_star_layout_a_table_per_part_appended_and_upserted(tmp_path: Path) -> None:
    location = tmp_path / "star"
    table = f"delta:{location}"
    old = _articles(5)
    assert ns.write(old, table, layout="tables", partition_by=["year"]) == 5
    assert sorted(p.name for p in location.iterdir()) == sorted(ns.formats.tables.TABLE_SCHEMAS)
    assert _by_id(ns.read(table)) == _by_id(old)
    changed = attrs.evolve(old[1], headline="changed", quotes=old[1].quotes[:2])
    new = attrs.evolve(old[0], id="new-one")
    assert ns.write([changed, new], table, layout="tables", upsert=True) == 2
    found = {article.id: article for article in ns.read(table)}
    assert found[changed.id] == changed  # its quotes replaced, not added to
    assert found["new-one"] == new
    assert len(found) == 6
    quotes = polars.read_delta(str(location / "quotes"))
    assert quotes.filter(polars.col("article_id") == changed.id).height == 2
    # Time travel by the articles table's version: the parts as they were with it.
    assert _by_id(ns.read(table, version=0)) == _by_id(old)


@pytest.mark.parametrize("layout", ["parquet", "tables"])
def test_time_travel_past_the_latest_version_is_refused_at_once(
    tmp_path: Path, layout: Literal["parquet", "tables"]
) -> None:  # the third review's 16: it ran for ever
    table = f"delta:{tmp_path / 'articles'}"
    ns.write(_articles(2), table, layout=layout)
    began = time.perf_counter()
    for far in (1, 10**12):
        with pytest.raises(ns.ValidationError, match=f"has no version {far}: its latest is 0"):
            list(ns.read(table, version=far))
    assert time.perf_counter() - began < HANG


def test_a_table_written_before_suggestions_takes_suggested_articles(tmp_path: Path) -> None:
    location = tmp_path / "articles"
    older = _articles(3)
    rows = pa.Table.from_batches([parquet.encode(older)])
    deltalake.write_deltalake(str(location), rows.cast(first_written(rows.schema)))
    newer = [
        attrs.evolve(
            a,
            id=f"new-{a.id}",
            quotes=(ns.Quote(id="q", text="t", kind=ns.QuoteKind.INDIRECT, suggested=MARK),),
        )
        for a in _articles(2)
    ]
    ns.write(newer, f"delta:{location}")
    assert _by_id(ns.read(f"delta:{location}")) == _by_id(older + newer)  # old rows: unmarked


MARK = ns.Suggestion(rule="quotes.en.indirect", confidence=0.75)


@pytest.mark.parametrize("layout", ["parquet", "tables"])
def test_nothing_to_add_commits_nothing(
    tmp_path: Path, layout: Literal["parquet", "tables"]
) -> None:
    location = tmp_path / "articles"
    ns.write(_articles(2), f"delta:{location}", layout=layout)
    for upsert in (False, True):
        assert ns.write([], f"delta:{location}", layout=layout, upsert=upsert) == 0
    table = location if layout == "parquet" else location / "articles"
    assert deltalake.DeltaTable(str(table)).version() == 0  # no empty commits
    assert len(list(ns.read(f"delta:{location}"))) == 2
