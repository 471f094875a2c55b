"""What a newcomer met in the second hour (the issue "The second hour"), each once more."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import SEED

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
    layout_option = ["-O", f"layout={layout}"]
    done = _run(
        "convert",
        str(SEED),
        "-o",
        table,
        "--partition-by",
        "language",
        *layout_option,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert list(ns.read(table)) == [seed]
    assert _partitions(table, layout) == ("language",)

    other = _run(
        "convert",
        str(SEED),
        "-o",
        table,
        "--partition-by",
        "year",
        "--upsert",
        *layout_option,
        cwd=tmp_path,
    )
    assert other.returncode == 2
    assert other.stderr.strip() == (
        f"error: {table} is partitioned by language, not year: give --partition-by language "
        "to add to it as it is, or --force (replace=True) to replace the table, partitioned "
        "by year"
    )
    kept = _run("convert", str(SEED), "-o", table, "--upsert", *layout_option, cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr  # no keys given: the table's own
    assert _partitions(table, layout) == ("language",)

    for keys, expected in (("year,month", ("year", "month")), (None, ())):
        flags = ["--partition-by", keys] if keys else []
        forced = _run(
            "convert", str(SEED), "-o", table, "--force", *flags, *layout_option, cwd=tmp_path
        )
        assert forced.returncode == 0, forced.stderr
        assert _partitions(table, layout) == expected
        assert list(ns.read(table)) == [seed]
    with pytest.raises(ns.FormatError, match="is partitioned by nothing, not year"):
        ns.write([seed], table, layout=layout, upsert=True, partition_by="year")  # type: ignore[arg-type]
