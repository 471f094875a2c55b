from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsschema as ns
from newsschema import Article, FormatError, ValidationError
from newsschema.formats import FORMATS, by_name, by_path, location_of


def small(article_id: str = "a") -> Article:
    return Article(id=article_id, headline="عنوان", language="ar")


def test_the_registry_is_explicit_and_looked_up_by_name_and_suffix() -> None:
    names = ["json", "jsonl", "jsonld", "parquet", "tables", "dataset", "delta", "iceberg"]
    names += ["duckdb", "sqlite", "postgresql", "html", "ninjs", "warc"]
    assert [f.name for f in FORMATS] == names
    assert by_name("jsonl").suffixes == (".jsonl", ".ndjson")
    assert by_path("a/b.NDJSON").name == "jsonl"
    assert by_path(Path("x.json")).name == "json"
    assert by_path("CC-NEWS-20240101.warc.gz").name == "warc"
    assert by_path("crawl.WARC").name == "warc"
    with pytest.raises(
        FormatError,
        match=r"unknown format 'xml' \(known formats: json, jsonl, jsonld, parquet, tables, "
        r"dataset, delta, iceberg, duckdb, sqlite, postgresql, html, ninjs, warc\)",
    ):
        by_name("xml")
    with pytest.raises(
        FormatError,
        match=r"'a.txt' has suffix '.txt', which names no format \(known: .json, .jsonl, .ndjson, .jsonld, .parquet, .html, .htm, .ninjs, .warc, .warc.gz, or a trailing / for a directory of tables\)",
    ):
        by_path("a.txt")
    with pytest.raises(FormatError, match="has no suffix"):
        by_path("README")
    assert location_of("delta:warehouse/articles") == (by_name("delta"), "warehouse/articles")
    assert location_of("iceberg:lake.news.articles") == (by_name("iceberg"), "lake.news.articles")
    assert location_of("c:/data/x.json") is None  # a drive, not a table
    assert location_of("delta:") is None


def test_write_and_read_files_by_suffix(tmp_path: Path) -> None:
    for name in ("a.json", "a.jsonl", "a.ndjson"):
        target = tmp_path / name
        assert ns.write([small("a"), small("b")], target) == 2
        assert [a.id for a in ns.read(target)] == ["a", "b"]
        assert [a.id for a in ns.read(str(target))] == ["a", "b"]


def test_load_and_dump_one_article(tmp_path: Path) -> None:
    target = tmp_path / "one.json"
    ns.dump(small(), target)
    assert ns.load(target) == small()
    ns.write([small("a"), small("b")], target)
    with pytest.raises(ValidationError) as caught:
        ns.load(target)
    assert caught.value.lines() == [f"{target}: expected exactly one article, found 2"]


def test_errors_name_the_file_and_record(tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    source.write_bytes(b'[{"schema_version": 1, "id": "a", "headline": "h", "language": "ar"}, 5]')
    with pytest.raises(ValidationError) as caught:
        list(ns.read(source))
    assert caught.value.lines() == [f"{source}[1]: expected an article object, got the number 5"]


def test_a_stream_needs_a_format_name() -> None:
    import io

    with pytest.raises(FormatError, match=r"give it .--from FORMAT"):
        list(ns.read(io.BytesIO(b"")))


def _then_fail(articles: list[Article]) -> Iterator[Article]:
    yield from articles
    raise ValidationError.single("headline", "broken on purpose")


@pytest.mark.parametrize("name", ["out.json", "out.jsonl"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    ns.write([small("old")], target)
    before = target.read_bytes()
    with pytest.raises(ValidationError, match="broken on purpose"):
        ns.write(_then_fail([small("new1"), small("new2")]), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        ns.write(_then_fail([small()]), tmp_path / "new.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_writing_refuses_what_is_not_an_article(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="item 1 to write is a dict, not an Article"):
        ns.write([small(), {"id": "x"}], tmp_path / "x.jsonl")  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    ns.dump(small(), target)
    os.chmod(target, 0o640)
    ns.dump(small("b"), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    ns.dump(small(), fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) & 0o600 == 0o600


def test_reads_and_writes_put_the_collector_back_however_they_end(tmp_path: Path) -> None:
    import gc

    before = gc.get_threshold()
    path = tmp_path / "two.jsonl"
    ns.write([small("a"), small("b")], path)
    assert gc.get_threshold() == before
    first, second = ns.read(path), ns.read(path)
    next(first)
    assert gc.get_threshold()[0] >= 100_000  # fewer collections while reading
    next(second)
    first.close()  # stopped early, and not in the order begun
    assert gc.get_threshold()[0] >= 100_000
    list(second)
    assert gc.get_threshold() == before
    ns.write(ns.read(path), tmp_path / "copy.parquet")  # a read inside a write
    assert gc.get_threshold() == before
