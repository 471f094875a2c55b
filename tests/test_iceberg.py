"""Apache Iceberg tables, with the real pyiceberg and a local SQL catalog (sqlite)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs
import pyarrow as pa
import pytest

import newsschema as ns
from newsschema.formats import parquet
from newsschema.formats.iceberg import _catalog_and_name
from tests.conftest import ROOT, SEED
from tests.test_cli import SCRIPT

Layout = Literal["parquet", "tables"]

pytest.importorskip("pyiceberg")

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"


def _articles(count: int = 12) -> list[ns.Article]:
    base = [ns.load(SEED), *list(ns.read(GOLDEN))[1:]]
    return [attrs.evolve(base[n % len(base)], id=f"a-{n}") for n in range(count)]


def _by_id(articles: Iterable[ns.Article]) -> list[ns.Article]:
    return sorted(articles, key=lambda article: article.id)


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A table of a local catalog (a folder ``lake`` of the test's own)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYICEBERG_HOME", str(tmp_path))  # no configuration of the machine's
    return "iceberg:lake.news.articles"


def _here(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, run in ``folder`` (where the local catalog is)."""
    assert SCRIPT is not None
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=folder, check=False)


def _snapshots(name: str) -> list[int]:
    catalog, identifier = _catalog_and_name(name.removeprefix("iceberg:"))
    return [snapshot.snapshot_id for snapshot in catalog.load_table(identifier).snapshots()]


def test_append_read_back_and_travel_in_time(table: str) -> None:
    first, second = _articles(5), [attrs.evolve(a, id=f"b-{a.id}") for a in _articles(3)]
    assert ns.write(first, table) == 5
    after_first = _snapshots(table)
    assert ns.write(second, table) == 3
    assert _by_id(ns.read(table)) == _by_id(first + second)
    assert _by_id(ns.read(table, snapshot_id=after_first[-1])) == _by_id(first)
    catalog, identifier = _catalog_and_name("lake.news.articles")
    scanned = catalog.load_table(identifier).scan().to_arrow()  # pyiceberg's own scan
    assert sorted(scanned.column("id").to_pylist()) == sorted(a.id for a in first + second)


def test_an_upsert_replaces_and_adds_in_one_commit(table: str) -> None:
    old = _articles(6)
    ns.write(old, table)
    before = _snapshots(table)
    changed = attrs.evolve(old[2], headline="A corrected headline")
    new = attrs.evolve(old[0], id="new-one")
    assert ns.write([changed, old[4], new], table, upsert=True) == 3
    found = {article.id: article for article in ns.read(table)}
    assert len(found) == 7
    assert found[changed.id] == changed
    assert found[old[4].id] == old[4]
    assert found["new-one"] == new
    assert len(_snapshots(table)) > len(before)
    with pytest.raises(ns.ValidationError, match=r"gives the id .new-one. more than once"):
        ns.write([new, new], table, upsert=True)


def test_partitioned_by_publication_date(table: str) -> None:
    dated = [
        attrs.evolve(article, date_published=ns.PartialDate(day))
        for article, day in zip(_articles(3), ["2021-12-09", "2022-01", "2021"], strict=True)
    ]
    ns.write(dated, table, partition_by=["year", "month"])
    catalog, identifier = _catalog_and_name("lake.news.articles")
    spec = catalog.load_table(identifier).spec()
    assert [field.name for field in spec.fields] == ["year", "month"]
    assert _by_id(ns.read(table)) == _by_id(dated)


def test_a_newer_model_adds_its_fields_to_an_older_table(table: str) -> None:
    older = [attrs.evolve(a, subjects=(), media=()) for a in _articles(3)]
    batch = parquet.encode(older)
    keep = [name for name in batch.schema.names if name not in ("subjects", "media")]
    old_rows = pa.Table.from_batches([batch]).select(keep)
    ns.write(older[:0], table)  # the table, as this version makes it
    catalog, identifier = _catalog_and_name("lake.news.articles")
    catalog.drop_table(identifier)  # and again as an older version made it, without two columns
    from newsschema.formats.iceberg import _schema

    schema = _schema(()).remove(_schema(()).get_field_index("media"))
    schema = schema.remove(schema.get_field_index("subjects"))
    catalog.create_table(identifier, schema=schema).append(old_rows.cast(schema))
    newer = [
        attrs.evolve(
            a,
            id=f"new-{a.id}",
            subjects=(ns.Subject(name="Politics", code="medtop:11000000"),),
            media=(ns.Media(url="https://example.org/p.jpg", caption="c"),),
        )
        for a in _articles(2)
    ]
    ns.write(newer, table)
    names = catalog.load_table(identifier).schema().as_arrow().names
    assert {"subjects", "media"} <= set(names)
    assert _by_id(ns.read(table)) == _by_id(older + newer)


def test_a_table_written_before_suggestions_takes_suggested_articles(table: str) -> None:
    from newsschema.formats.arrow import first_written
    from newsschema.formats.iceberg import _schema

    older = _articles(3)
    ns.write(older[:0], table)  # the table, as this version makes it
    catalog, identifier = _catalog_and_name("lake.news.articles")
    catalog.drop_table(identifier)  # and again as a version before suggestions made it
    rows = pa.Table.from_batches([parquet.encode(older)])
    schema = first_written(_schema(()))
    catalog.create_table(identifier, schema=schema).append(rows.cast(schema))
    mark = ns.Suggestion(rule="figures.en.number", confidence=0.5)
    figure = ns.Statistic(id="f", value=3, qualifier=ns.Qualifier.EXACT, suggested=mark)
    newer = [attrs.evolve(a, id=f"new-{a.id}", statistics=(figure,)) for a in _articles(2)]
    ns.write(newer, table)
    assert _by_id(ns.read(table)) == _by_id(older + newer)


def test_a_change_that_would_break_readers_is_refused(table: str) -> None:
    ns.write(_articles(1), table)
    catalog, identifier = _catalog_and_name("lake.news.articles")
    with catalog.load_table(identifier).update_schema() as update:
        update.delete_column("comment_count")
        update.add_column("comment_count", _string())
    before = _snapshots(table)
    with pytest.raises(ns.FormatError, match="column 'comment_count' is"):
        ns.write([attrs.evolve(a, id=f"new-{a.id}") for a in _articles(2)], table)
    assert _snapshots(table) == before


def _string() -> object:
    from pyiceberg.types import StringType

    return StringType()


WRITER = """
import sys, attrs
import newsschema as ns
seed = ns.load(sys.argv[1])
ns.write((attrs.evolve(seed, id=f"{sys.argv[2]}-{n}") for n in range(int(sys.argv[3]))),
         "iceberg:lake.news.articles", upsert=sys.argv[4] == "upsert")
"""


def test_a_killed_write_leaves_the_table_at_its_previous_snapshot(
    table: str, tmp_path: Path
) -> None:
    before = _articles(3)
    ns.write(before, table)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(SEED), "big", "3000", "append"], cwd=tmp_path
    )
    time.sleep(2.0)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    found = list(ns.read(table))
    whole = _by_id(found) == _by_id(before) or len(found) == 3003  # the old version, or the new
    assert whole


def test_two_writers_at_once_lose_nothing(table: str, tmp_path: Path) -> None:
    ns.write(_articles(2), table)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(SEED), name, "30", mode],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
        )
        for name, mode in (("left", "upsert"), ("right", "append"))
    ]
    outcomes: list[tuple[int, bytes]] = []
    for writer in writers:
        _, stderr = writer.communicate(timeout=120)
        outcomes.append((writer.returncode, stderr))
    ids = {article.id for article in ns.read(table)}
    for (code, stderr), name in zip(outcomes, ("left", "right"), strict=True):
        if code == 0:
            assert {f"{name}-{n}" for n in range(30)} <= ids
        else:
            assert b"other writers kept committing first" in stderr
            assert not any(i.startswith(f"{name}-") for i in ids)


def test_the_command_line_upserts_into_a_table(table: str, tmp_path: Path) -> None:
    articles = _articles(4)
    source = tmp_path / "in.jsonl"
    ns.write(articles, source)
    assert _here(tmp_path, "convert", str(source), "-o", table).returncode == 0
    again = _here(tmp_path, "convert", str(source), "-o", table, "--upsert")
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1] == (
        f"4 read, 4 written to {table} (0 added, 4 replaced, 0 unchanged)"
    )
    assert _by_id(ns.read(table)) == _by_id(articles)


def test_the_star_layout_a_table_per_part_appended_and_upserted(table: str) -> None:
    old = _articles(5)
    assert ns.write(old, table, layout="tables") == 5
    catalog, _ = _catalog_and_name("lake.news.articles")
    names = sorted(name for _, name in catalog.list_tables("news"))
    assert names == sorted(f"articles_{name}" for name in ns.formats.tables.TABLE_SCHEMAS)
    assert _by_id(ns.read(table)) == _by_id(old)
    (first,) = _snapshots(f"{table}_articles")
    changed = attrs.evolve(old[1], headline="changed", quotes=old[1].quotes[:2])
    new = attrs.evolve(old[0], id="new-one")
    assert ns.write([changed, new], table, layout="tables", upsert=True) == 2
    found = {article.id: article for article in ns.read(table)}
    assert found[changed.id] == changed
    assert found["new-one"] == new
    assert len(found) == 6
    # Time travel by the articles table's snapshot: the parts as they were with it.
    assert _by_id(ns.read(table, snapshot_id=first)) == _by_id(old)


@pytest.mark.parametrize("name", ["lake..a", "lake. .a", ".ns.a", "lake.ns.", "lake.a"])
def test_a_table_name_with_an_empty_part_is_one_line(name: str, tmp_path: Path) -> None:
    result = _here(tmp_path, "convert", str(SEED), "-o", f"iceberg:{name}")
    assert result.returncode == 2
    assert result.stderr == (
        f"error: iceberg:{name}: name a table as iceberg:CATALOG.NAMESPACE.TABLE, "
        "with no part empty\n"
    )


@pytest.mark.parametrize("layout", ["parquet", "tables"])
def test_an_upsert_that_loses_a_race_is_tried_again(
    table: str, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyiceberg.table

    first = _articles(4)
    ns.write(first, table, layout=layout)
    rival = [attrs.evolve(first[0], id="rival"), attrs.evolve(first[1], headline="rival")]
    mine = [attrs.evolve(first[2], id="mine"), attrs.evolve(first[1], headline="mine")]
    commit = pyiceberg.table.Transaction.commit_transaction
    raced = [False]

    def racing(transaction: pyiceberg.table.Transaction) -> pyiceberg.table.Table:
        if not raced[0]:  # another writer commits the same ids just before this one does
            raced[0] = True
            ns.write(rival, table, layout=layout, upsert=True)
        return commit(transaction)

    monkeypatch.setattr(pyiceberg.table.Transaction, "commit_transaction", racing)
    ns.write(mine, table, layout=layout, upsert=True)
    found = {article.id: article for article in ns.read(table)}
    assert set(found) == {a.id for a in first} | {"rival", "mine"}
    assert found[first[1].id].headline == "mine"  # the later commit wins, whole


def test_a_snapshot_that_is_not_there_is_one_line(table: str) -> None:  # third review, 16
    ns.write(_articles(2), table)
    (latest,) = _snapshots(table)
    with pytest.raises(
        ns.ValidationError, match=f"has no snapshot 12345 \\(its latest is {latest}\\)"
    ):
        list(ns.read(table, snapshot_id=12345))
