"""What a newcomer met in the second hour (the issue "The second hour"), each once more."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from tests.conftest import ROOT, SEED, examples

NEWSSCHEMA = str(Path(sys.executable).with_name("newsschema"))


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSSCHEMA, *args], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("to", ["jsonl", "parquet"])
def test_dev_null_is_written_into_never_replaced(force: list[str], to: str) -> None:  # 2
    done = _run("convert", str(SEED), "-o", os.devnull, "--to", to, *force)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"1 read, 1 written to {os.devnull}"
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_fifo_is_written_into_as_a_stream(tmp_path: Path) -> None:  # 2
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = _run("convert", str(SEED), "-o", str(fifo), "--to", "jsonl")
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert got == [ns.dumps(ns.load(SEED), format="jsonl")]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_python_writes_into_dev_null_too() -> None:  # 2
    assert ns.write([ns.load(SEED)], os.devnull, format="jsonl") == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


TABLES = [
    pytest.param("delta:wh/articles", "parquet", id="delta"),
    pytest.param("delta:wh/articles", "tables", id="delta-star"),
    pytest.param("iceberg:lake.news.articles", "parquet", id="iceberg"),
    pytest.param("iceberg:lake.news.articles", "tables", id="iceberg-star"),
]


def _partitions(table: str, layout: str) -> tuple[str, ...]:
    if table.startswith("delta:"):
        import deltalake

        path = table.removeprefix("delta:") + ("/articles" if layout == "tables" else "")
        return tuple(deltalake.DeltaTable(path).metadata().partition_columns)
    from newsschema.formats.iceberg import _catalog_and_name
    from newsschema.formats.iceberg import _partitions as partitions

    catalog, name = _catalog_and_name(table.removeprefix("iceberg:"))
    return partitions(catalog.load_table(name + ("_articles" if layout == "tables" else "")))


@pytest.mark.parametrize(("table", "layout"), TABLES)
def test_partitioned_tables_by_language_and_changed(
    table: str, layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # 1
    pytest.importorskip("deltalake" if table.startswith("delta:") else "pyiceberg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYICEBERG_HOME", str(tmp_path))
    seed = ns.load(SEED)
    # From Python, but for the refusal, said on the command line as the user sees it.
    ns.write([seed], table, layout=layout, partition_by="language")  # type: ignore[arg-type]
    assert list(ns.read(table)) == [seed]
    assert _partitions(table, layout) == ("language",)
    other = _run(
        "convert", str(SEED), "-o", table, "--partition-by", "year", "--upsert",
        "-O", f"layout={layout}", cwd=tmp_path,
    )  # fmt: skip
    assert other.returncode == 2
    assert other.stderr.strip() == (
        f"error: {table} is partitioned by language, not year: give --partition-by language "
        "to add to it as it is, or --force (replace=True) to replace the table, partitioned "
        "by year"
    )
    ns.write([seed], table, layout=layout, upsert=True)  # type: ignore[arg-type]
    assert _partitions(table, layout) == ("language",)  # no keys given: the table's own
    for keys, expected in (("year,month", ("year", "month")), ((), ())):
        ns.write([seed], table, layout=layout, replace=True, partition_by=keys)  # type: ignore[arg-type]
        assert _partitions(table, layout) == expected
        assert list(ns.read(table)) == [seed]
    with pytest.raises(ns.FormatError, match="is partitioned by nothing, not year"):
        ns.write([seed], table, layout=layout, upsert=True, partition_by="year")  # type: ignore[arg-type]


def test_the_same_input_gives_the_same_bytes_whatever_the_jobs(tmp_path: Path) -> None:  # 9
    import pyarrow.parquet as pq

    base = [
        ns.load(SEED),
        *list(ns.read(ROOT / "fixtures" / "golden" / "v1" / "articles.json"))[1:],
    ]
    source = tmp_path / "in.jsonl"
    with source.open("wb") as out:
        for number in range(1200):  # ~20 MB of articles of many sizes: blocks for the workers
            article = base[number % len(base)]
            headline = article.headline + " ." * (number * 37 % 3000)
            out.write(ns.dumps(attrs.evolve(article, id=f"a-{number}", headline=headline), "jsonl"))
    outputs = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}.parquet"
        done = _run(
            "convert", str(source), "-o", str(target), "-j", jobs, "-O", "row_group_bytes=300000"
        )
        assert done.returncode == 0, done.stderr
        outputs[jobs] = target.read_bytes()
    assert pq.ParquetFile(tmp_path / "out-1.parquet").num_row_groups > 10
    assert outputs["1"] == outputs["2"]


def test_workers_are_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:  # 9
    from newsschema import parallel

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert parallel.usable_cores() == 1
    done = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c",
         "from newsschema.parallel import usable_cores; print(usable_cores())"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode == 0:  # taskset is there (util-linux)
        assert done.stdout.strip() == "1"


@settings(max_examples=examples(10), deadline=None)
@given(st.lists(st.integers(1, 300), min_size=1, max_size=8))
def test_row_groups_end_after_the_same_row_however_rows_are_batched(cuts: list[int]) -> None:
    """The second hour, 9: row groups were cut by each batch's average row size."""
    import io

    import pyarrow as pa

    from newsschema.formats import parquet

    base = [
        ns.load(SEED),
        *list(ns.read(ROOT / "fixtures" / "golden" / "v1" / "articles.json"))[1:],
    ]
    articles = [
        attrs.evolve(base[n % len(base)], id=f"a-{n}", headline="h" + " ." * (n * 37 % 900))
        for n in range(400)
    ]
    table = pa.Table.from_batches([parquet.encode(articles)])

    def written(batches: list[pa.RecordBatch]) -> bytes:
        out = io.BytesIO()
        parquet.write_encoded(out, ((b, b.num_rows) for b in batches), row_group_bytes=60_000)
        return out.getvalue()

    one = written(table.to_batches())
    pieces, start = [], 0
    for cut in [*cuts, table.num_rows]:
        end = min(start + cut, table.num_rows)
        if end > start:
            pieces.append(table.slice(start, end - start).combine_chunks().to_batches()[0])
        start = end
    assert written(pieces) == one


def _compress(data: bytes, kind: str) -> bytes:
    import bz2
    import gzip
    import lzma

    import pyarrow as pa

    if kind == "gz":
        return gzip.compress(data)
    if kind == "bz2":
        return bz2.compress(data)
    if kind == "xz":
        return lzma.compress(data)
    sink = pa.BufferOutputStream()
    with pa.CompressedOutputStream(sink, "zstd") as out:
        out.write(data)
    return bytes(sink.getvalue().to_pybytes())


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_news_dumps_as_they_ship_are_read_on_one_core_and_two(tmp_path: Path, kind: str) -> None:
    """The second hour, 4: .jsonl.gz, .jsonl.zst, ... were refused as unknown suffixes."""
    seed = ns.load(SEED)
    lines = b"".join(
        ns.dumps(attrs.evolve(seed, id=f"a-{n}"), format="jsonl") for n in range(400)
    )  # ~11 MB: blocks for two workers
    source = tmp_path / f"dump.jsonl.{kind}"
    source.write_bytes(_compress(lines, kind))
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(lines)
    expected = _run("convert", str(plain), "-o", str(tmp_path / "plain.parquet"))
    assert expected.returncode == 0, expected.stderr
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}.parquet"
        done = _run("convert", str(source), "-o", str(target), "-j", jobs)
        assert done.returncode == 0, done.stderr
        assert target.read_bytes() == (tmp_path / "plain.parquet").read_bytes()
    assert len(list(ns.read(source))) == 400  # Python too
    folder = tmp_path / "folder"
    folder.mkdir()
    source.rename(folder / source.name)
    found = _run("validate", str(folder))  # a folder's compressed files are inputs too
    assert found.returncode == 0, found.stderr
    assert found.stderr.strip() == "400 records checked, 0 invalid"


@pytest.mark.parametrize("kind", ["bz2", "xz"])
def test_bz2_and_xz_dumps_are_read(tmp_path: Path, kind: str) -> None:
    seed = ns.load(SEED)
    source = tmp_path / f"dump.jsonl.{kind}"
    source.write_bytes(_compress(ns.dumps(seed, format="jsonl") * 2, kind))
    assert list(ns.read(source)) == [seed, seed]
    (tmp_path / "one.json.xz").write_bytes(_compress(ns.dumps(seed), kind))
    assert ns.load(tmp_path / "one.json.xz") == seed


def test_a_compressed_file_without_the_suffix_and_one_json_document(tmp_path: Path) -> None:
    import gzip

    seed = ns.load(SEED)
    sneaky = tmp_path / "articles.jsonl"  # gzip inside, by its magic bytes
    sneaky.write_bytes(gzip.compress(ns.dumps(seed, format="jsonl")))
    assert list(ns.read(sneaky)) == [seed]
    document = tmp_path / "article.json.gz"
    document.write_bytes(gzip.compress(ns.dumps(seed)))
    assert ns.load(document) == seed


def test_damaged_compression_is_one_line(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(ns.dumps(ns.load(SEED), format="jsonl") * 50)
    source = tmp_path / "cut.jsonl.gz"
    source.write_bytes(data[: len(data) // 2])
    done = _run("convert", str(source), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1, done.stderr
    assert "its gzip data is damaged or cut short" in done.stderr


def test_compressed_output_is_refused_not_written_plain(tmp_path: Path) -> None:
    done = _run("convert", str(SEED), "-o", str(tmp_path / "out.jsonl.gz"))
    assert done.returncode == 2
    assert "writes them plain" in done.stderr
    assert not (tmp_path / "out.jsonl.gz").exists()


def test_a_file_that_is_not_text_is_one_error(tmp_path: Path) -> None:
    source = tmp_path / "image.jsonl"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8000)
    for jobs in ("1", "2"):
        done = (
            _run("validate", str(source))
            if jobs == "1"
            else _run("convert", str(source), "-o", str(tmp_path / "o.jsonl"), "-j", jobs)
        )
        assert done.returncode == 1
        said = done.stdout + done.stderr
        assert "not JSON Lines: binary data at byte 8" in said
        assert said.count("binary data") == 1


def test_a_garbage_file_named_warc_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    source = tmp_path / "crawl.warc"
    source.write_bytes(b"these are not the records you are looking for\n" * 100)
    for jobs in ("1", "2"):
        done = _run("convert", str(source), "-o", str(tmp_path / "o.jsonl"), "-j", jobs)
        assert done.returncode == 1
        assert "not a WARC file: no WARC record in its 4,600 bytes" in done.stderr


def test_python_reads_folders_globs_and_lists_as_the_command_line_does(tmp_path: Path) -> None:  # 7
    seed = ns.load(SEED)
    crawl = tmp_path / "crawl"
    (crawl / "deeper").mkdir(parents=True)
    ns.write([attrs.evolve(seed, id="b")], crawl / "b.jsonl")
    ns.write([attrs.evolve(seed, id="a")], crawl / "deeper" / "a.json")
    ns.write([attrs.evolve(seed, id="c")], crawl / ".hidden.jsonl")  # passed over, as by the CLI
    ns.write([attrs.evolve(seed, id="t")], f"{tmp_path / 'tables'}/")
    everything = tmp_path / "all.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(crawl), str(tmp_path / "tables"),
         "-o", str(everything)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    by_cli = [a.id for a in ns.read(everything)]
    assert by_cli == ["b", "a", "t"]
    assert [a.id for a in ns.read([crawl, tmp_path / "tables"])] == by_cli
    assert [a.id for a in ns.read(crawl)] == ["b", "a"]
    assert [a.id for a in ns.read(str(crawl / "**" / "*.json*"))] == ["b", "a"]
    assert [a.id for a in ns.read(tmp_path / "tables")] == ["t"]  # a folder of tables: one input
    with pytest.raises(ns.FormatError, match="no file matches"):
        list(ns.read(str(tmp_path / "*.nothing")))
    with pytest.raises(ns.FormatError, match="no such file or directory"):
        list(ns.read([crawl, tmp_path / "missing.json"]))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ns.Article(id="x", headline="h", language="en_US"),
         "language: 'en_US' is not a BCP 47 language tag: write it 'en-US' (with hyphens)"),
        (lambda: ns.Article(id="x", headline="h", language="en", kind="news"),  # type: ignore[arg-type]
         "kind: expected ArticleKind, got the string 'news': give ns.ArticleKind.NEWS"),
        (lambda: ns.Article(
            id="x", headline="h", language="en",
            entities=(ns.Entity(id="e", kind=ns.EntityKind.PERSON, name="n", labels="N"),)),  # type: ignore[arg-type]
         "entities[0].labels: expected a LanguageMap, got the string 'N'"),
    ],
)  # fmt: skip
def test_messages_say_what_to_give(make: Any, message: str) -> None:  # 8
    with pytest.raises(ns.ValidationError) as caught:
        make()
    assert str(caught.value) == message


def test_a_suffix_that_names_another_format_is_said(tmp_path: Path) -> None:  # 10
    command = [sys.executable, "-m", "newsschema", "convert", str(SEED)]
    out, bad = tmp_path / "x.jsonl", tmp_path / "bad.parquet"
    done = subprocess.run(
        [*command, "-o", str(out), "--to", "parquet", "--rejects", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        f"warning: {out}: written as parquet (--to), though its suffix names jsonl" in done.stderr
    )
    assert f"warning: {bad}: rejects are written as JSON Lines" in done.stderr
    assert list(ns.read(out, format="parquet")) == [ns.load(SEED)]


def test_one_record_is_one() -> None:  # 10
    from collections import Counter

    from newsschema.formats.warc import summary

    assert summary(1, Counter(article=1)).startswith("1 record: ")
    assert summary(2, Counter(article=2)).startswith("2 records: ")


def test_install_hints_give_the_clones_form_too() -> None:  # 10
    from newsschema.errors import install_hint

    assert install_hint("html") == (
        "pip install 'newsschema[html]' (in a clone of its repository: pip install '.[html]')"
    )


@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_checks_as_convert_does_on_one_core_and_two(tmp_path: Path, output: str) -> None:
    from tests.test_parallel import inputs_with_faults  # 6

    inputs = inputs_with_faults(tmp_path)  # bad lines, a line not JSON, an id taken twice
    said = []
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "newsschema", "validate", *inputs, "--format", output,
             "-j", jobs],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        said.append((done.stdout, done.stderr))
    assert said[0] == said[1]
    convert = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", *inputs, "-o", str(tmp_path / "o.parquet"),
         "--rejects", str(tmp_path / "bad.jsonl")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    rejected = len((tmp_path / "bad.jsonl").read_bytes().splitlines())
    if output == "json":
        import orjson

        document = orjson.loads(said[0][0])
        assert document["invalid"] == rejected  # the records convert rejects, no more
        assert document["records"] == int(convert.stderr.splitlines()[-1].split()[0])
    else:
        assert said[0][1].splitlines()[-1].endswith(f", {rejected} invalid")


@pytest.mark.parametrize(
    ("head", "body", "headline"),
    [
        ("<title>Park opens | Riverside Gazette</title>", "<h1>Park opens</h1>", "Park opens"),
        ('<title>Riverside Gazette - Park opens</title><meta property="og:site_name" '
         'content="Riverside Gazette">', "<h2>Other</h2>", "Park opens"),
        ("<title>Park opens | Gazette</title>", "<h2>Other</h2>", "Park opens | Gazette"),
    ],
)  # fmt: skip
def test_a_headline_from_the_title_leaves_the_sites_name_out(
    tmp_path: Path, head: str, body: str, headline: str
) -> None:  # 10
    pytest.importorskip("trafilatura")
    text = " ".join(["The council voted on Tuesday to open the new river park to everyone."] * 8)
    page = tmp_path / "page.html"
    page.write_text(
        f'<html lang="en"><head>{head}</head><body>{body}<article><p>{text}</p>'
        f"<p>{text}</p></article></body></html>",
        encoding="utf-8",
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        (article,) = ns.read(page)
    assert article.headline == headline


_PAGE = """<!doctype html><html lang="en"><head><title>Talks resume</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Talks resume", "inLanguage": "en",
  "url": "https://news.example.com/talks", "articleBody": "Talks resumed on Monday."%s},
 {"@type": "BreadcrumbList", "itemListElement": []}]}
</script></head><body><p>Talks resumed on Monday.</p></body></html>"""


def _page(folder: Path, extra: str = "") -> Path:
    page = folder / "page.html"
    page.write_text(_PAGE % extra, encoding="utf-8")
    return page


def test_notes_are_said_with_v_and_warnings_without(tmp_path: Path) -> None:  # 5
    page = _page(tmp_path, ', "isAccessibleForFree": true')
    plain = _run("convert", str(page), "-o", "-")
    assert "note:" not in plain.stderr
    assert "warning:" in plain.stderr
    assert "isAccessibleForFree is not kept" in plain.stderr
    assert plain.stderr.rstrip().endswith("; 1 warning, 2 notes (-v says them)")
    said = _run("convert", str(page), "-o", "-", "-v")
    assert "note: " in said.stderr
    assert "the id is 'https://news.example.com/talks'" in said.stderr
    assert "BreadcrumbList" in said.stderr
    assert said.stderr.rstrip().endswith("; 1 warning, 2 notes")
    quiet = _run("convert", str(page), "-o", "-", "-q")
    assert quiet.stderr.strip().splitlines() == [
        "1 read, 1 written to <stdout>; 1 warning, 2 notes"
    ]
    assert _run("convert", str(page), "-o", "-", "-qq").stderr == ""
    counted = _run("convert", str(page), "-o", "-", "--warnings", "summary")
    assert "warning:" not in counted.stderr
    assert "1 warning, 2 notes" in counted.stderr
    none = _run("convert", str(page), "-o", "-", "--warnings", "none")
    assert none.stderr.strip() == "1 read, 1 written to <stdout>"
    wrong = _run("convert", str(page), "-o", "-", "--warnings", "some")
    assert wrong.returncode == 2
    assert "choose all, summary or none" in wrong.stderr


def test_strict_refuses_losses_not_notes(tmp_path: Path) -> None:  # 5
    ordinary = _page(tmp_path)  # its id from its URL, a breadcrumb beside it: notes only
    assert _run("convert", str(ordinary), "-o", "-", "--strict").returncode == 0
    lossy = _page(tmp_path, ', "isAccessibleForFree": true')
    refused = _run("convert", str(lossy), "-o", "-", "--strict")
    assert refused.returncode == 1
    assert "not kept: isAccessibleForFree is not kept" in refused.stderr


def test_python_warns_of_losses_only(tmp_path: Path) -> None:  # 5
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        list(ns.read(_page(tmp_path, ', "isAccessibleForFree": true')))
    said = [str(warning.message) for warning in caught if warning.category is ns.NotKeptWarning]
    assert len(said) == 1
    assert "isAccessibleForFree is not kept" in said[0]


# 10: a file's progress is the share of its bytes read, with the time left


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_the_progress_of_a_file_is_the_share_of_its_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    import gzip

    from newsschema.cli.common import Progress
    from newsschema.io import read_records

    seed = ns.load(SEED)
    lines = b"".join(ns.dumps(attrs.evolve(seed, id=f"a{n}"), format="jsonl") for n in range(400))
    path = tmp_path / f"many{suffix}"
    path.write_bytes(gzip.compress(lines) if suffix.endswith(".gz") else lines)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    progress = Progress(True, [str(path)], None)
    assert progress.sizes == [path.stat().st_size]
    progress.started -= 2  # as if a second had gone: the bar starts at the next records
    done = []
    for number, _ in enumerate(read_records(path), start=1):
        progress.tick(1)
        if number % 50 == 0:
            done.append(progress.bar.tasks[0].completed)
    progress.stop()
    assert progress.bar.tasks[0].total == path.stat().st_size
    assert done == sorted(done)
    assert done[0] < path.stat().st_size / 2
    assert done[-1] <= path.stat().st_size
    # Parquet (read by its row groups), standard input: records and their rate, no share.
    parquet = tmp_path / "many.parquet"
    ns.write(ns.read(path), parquet)
    assert Progress(True, [str(parquet)], None).sizes is None
    assert Progress(True, ["-"], "jsonl").sizes is None
    assert Progress(True, [str(path), str(parquet)], None).sizes is None
