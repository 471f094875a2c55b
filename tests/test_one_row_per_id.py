"""A Delta or Iceberg table holds one row per article id, whatever is run twice.

Both table formats and both layouts, with the real delta-rs and pyiceberg (a local SQL
catalog): an append refuses (or, with --rejects, keeps aside) the articles whose ids the
table holds; --upsert replaces their rows and repairs a table that holds an id twice;
--force replaces the table in one commit, which time travel can still go back before.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import attrs
import orjson
import pyarrow as pa
import pytest

import newsschema as ns
from newsschema.formats import parquet
from tests.conftest import HANG, ROOT, SEED

Layout = Literal["parquet", "tables"]

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"

TABLES = [
    pytest.param("delta", "parquet", id="delta"),
    pytest.param("delta", "tables", id="delta-star"),
    pytest.param("iceberg", "parquet", id="iceberg"),
    pytest.param("iceberg", "tables", id="iceberg-star"),
]


def _articles(count: int, prefix: str = "a") -> list[ns.Article]:
    base = [ns.load(SEED), *list(ns.read(GOLDEN))[1:]]
    return [attrs.evolve(base[n % len(base)], id=f"{prefix}-{n}") for n in range(count)]


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYICEBERG_HOME", str(tmp_path))  # no configuration of the machine's
    return tmp_path


def _name(kind: str) -> str:
    pytest.importorskip("deltalake" if kind == "delta" else "pyiceberg")
    return "delta:lake/articles" if kind == "delta" else "iceberg:lake.news.articles"


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsschema", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)


def _ids(table: str) -> list[str]:
    return sorted(article.id for article in ns.read(table))


@pytest.mark.parametrize(("kind", "layout"), TABLES)
def test_the_same_load_run_twice_leaves_each_id_once(
    kind: str, layout: Layout, where: Path
) -> None:
    table = _name(kind)
    ns.write(_articles(3), where / "a.jsonl")
    ns.write(_articles(2, "b"), where / "b.jsonl")
    ns.write([*_articles(1, "c"), _articles(3)[2]], where / "c.jsonl")
    layout_option = ["-O", f"layout={layout}"]
    first = _run(where, "convert", "a.jsonl", "-o", table, *layout_option)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[-1] == (
        f"3 read, 3 written to {table} (3 added, 0 replaced, 0 unchanged)"
    )

    again = _run(where, "convert", "a.jsonl", "-o", table, *layout_option)
    assert again.returncode == 1
    assert f"a.jsonl:1: id: the id 'a-0' is already the id of the article at {table}" in (
        again.stderr
    )
    assert again.stderr.splitlines()[-1] == (
        f"nothing was written: {table} holds that article already (give --upsert to replace "
        "the table's rows, or --rejects to go on past them)"
    )
    assert _ids(table) == ["a-0", "a-1", "a-2"]

    # With --rejects, the new articles go in and those the table holds are kept aside.
    kept = _run(where, "convert", "c.jsonl", "-o", table, *layout_option, "--rejects", "r.jsonl")
    assert kept.returncode == 1, kept.stderr
    assert "2 read, 1 written" in kept.stderr.splitlines()[-1]
    (rejected,) = [orjson.loads(line) for line in (where / "r.jsonl").read_bytes().splitlines()]
    assert rejected["record"]["id"] == "a-2"
    assert _ids(table) == ["a-0", "a-1", "a-2", "c-0"]

    upserted = _run(where, "convert", "a.jsonl", "b.jsonl", "-o", table, *layout_option, "--upsert")
    assert upserted.returncode == 0, upserted.stderr
    assert upserted.stderr.splitlines()[-1] == (
        f"5 read, 5 written to {table} (2 added, 3 replaced, 1 unchanged)"
    )
    assert _ids(table) == ["a-0", "a-1", "a-2", "b-0", "b-1", "c-0"]

    replaced = _run(where, "convert", "b.jsonl", "-o", table, *layout_option, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stderr.splitlines()[-1] == (
        f"2 read, 2 written to {table} (2 added, 0 replaced, 0 unchanged)"
    )
    assert _ids(table) == ["b-0", "b-1"]
    both_ways = _run(where, "convert", "b.jsonl", "-o", table, "--force", "--upsert")
    assert both_ways.returncode == 2
    assert "choose one" in both_ways.stderr


@pytest.mark.parametrize(("kind", "layout"), TABLES)
def test_the_python_api_refuses_an_append_of_ids_there(
    kind: str, layout: Layout, where: Path
) -> None:
    table = _name(kind)
    assert ns.write(_articles(3), table, layout=layout) == 3
    with pytest.raises(ns.ValidationError, match=r"holds the ids 'a-1', 'a-2' already: give"):
        ns.write(_articles(3, "z")[:1] + _articles(3)[1:], table, layout=layout)
    with pytest.raises(ns.ValidationError, match="gives the id 'n-0' more than once"):
        ns.write(_articles(1, "n") * 2, table, layout=layout)
    assert _ids(table) == ["a-0", "a-1", "a-2"]
    written = ns.write(_articles(2, "z"), table, layout=layout, replace=True)
    assert (written, written.added, written.replaced, written.unchanged) == (2, 2, 0, 0)  # type: ignore[attr-defined]
    assert _ids(table) == ["z-0", "z-1"]


def test_time_travel_sees_the_table_before_it_was_replaced(where: Path) -> None:
    table = _name("delta")
    ns.write(_articles(3), table)
    ns.write(_articles(1, "z"), table, replace=True)
    assert _ids(table) == ["z-0"]
    assert sorted(a.id for a in ns.read(table, version=0)) == ["a-0", "a-1", "a-2"]


def test_a_table_written_by_another_tool_with_an_id_twice(where: Path) -> None:
    """Read with an error naming the id and both rows; an upsert of that article repairs it."""
    table = _name("delta")
    deltalake = pytest.importorskip("deltalake")
    articles = _articles(2)
    rows = pa.Table.from_batches([parquet.encode([*articles, articles[0]])])
    deltalake.write_deltalake("lake/articles", rows)
    read = _run(where, "convert", table, "-o", "out.jsonl")
    assert read.returncode == 1
    assert (
        f"{table}[2]: id: the id 'a-0' is already the id of the article at {table}[0]: the "
        "table holds it twice (an upsert of that article into it repairs it)"
    ) in read.stderr
    ns.dump(articles[0], where / "fix.json")
    repaired = _run(where, "convert", "fix.json", "-o", table, "--upsert")
    assert repaired.returncode == 0, repaired.stderr
    assert "(0 added, 1 replaced, 1 unchanged)" in repaired.stderr
    assert _ids(table) == ["a-0", "a-1"]


@pytest.mark.parametrize("kind", ["delta", "iceberg"])
def test_an_upsert_in_the_star_layout_removes_the_parts_an_article_no_longer_has(
    kind: str, where: Path
) -> None:
    table = _name(kind)
    before = _articles(2)
    assert before[0].quotes  # the seed's quotes, in the quotes table
    ns.write(before, table, layout="tables")
    after = attrs.evolve(before[0], quotes=(), headline="Corrected")
    written = ns.write([after], table, layout="tables", upsert=True)
    assert (written.added, written.replaced, written.unchanged) == (0, 1, 1)  # type: ignore[attr-defined]
    found = {article.id: article for article in ns.read(table)}
    assert found[after.id] == after
    assert found[before[1].id] == before[1]


RACER = """
import sys, time
from pathlib import Path
import attrs
import newsschema as ns

table, first, count, go, upsert = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
seed = ns.load(sys.argv[6])
articles = [attrs.evolve(seed, id=f"a-{n}") for n in range(first, first + count)]
while not Path(go).exists():
    time.sleep(0.001)
try:
    ns.write(articles, table, upsert=upsert == "1")
except ns.ValidationError as exc:
    print(exc)
    sys.exit(1)
"""


@pytest.mark.parametrize(
    ("upsert", "first"),
    [("0", False), ("1", False), ("0", True)],
    ids=["appends", "upsert-and-append", "first-writes"],
)
@pytest.mark.parametrize("kind", ["delta", "iceberg"])
def test_two_writers_at_once_keep_each_id_once(
    kind: str, upsert: str, first: bool, where: Path
) -> None:
    """The third review's 3 (and 16: two first writes at once were raw library errors): two
    appends at once, or an upsert racing an append, kept ids twice."""
    table = _name(kind)
    if not first:
        ns.write(_articles(1, "x"), table)  # the table is there: both writers read its ids
    go = where / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, table, str(first), "20", str(go), flag, str(SEED)],
            cwd=where,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first, flag in ((0, "0"), (10, upsert))
    ]
    time.sleep(2)  # both have started, read the seed and wait
    go.touch()
    outcomes = [racer.communicate(timeout=HANG) for racer in racers]
    codes = [racer.returncode for racer in racers]
    ids = [article.id for article in ns.read(table)]
    assert len(ids) == len(set(ids)), f"an id twice: {codes} {outcomes}"
    if upsert == "1":  # the append first, then the upsert; or the upsert, and no append
        assert codes in ([0, 0], [1, 0]), outcomes
        assert len(ids) == (30 if codes == [0, 0] else 20) + (0 if first else 1)
    else:
        assert sorted(codes) == [0, 1], outcomes  # one of them is refused, naming the ids
    if 1 in codes:
        assert "already" in "".join(out for out, _ in outcomes)
