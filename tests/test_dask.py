"""`newsschema.dask`: the same conversion on Dask, into datasets a warehouse reads directly.

On a real `distributed.LocalCluster` of two worker processes, and on Dask's local
schedulers; compared with the conversion in one process, record for record.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import fsspec
import orjson
import polars
import pyarrow.dataset as pads
import pytest

import newsschema as ns
from newsschema import dask as nsdask
from newsschema.formats import Note, dataset
from tests.conftest import ROOT, SEED
from tests.test_cli import run

distributed = pytest.importorskip("distributed")

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"
DATES = ["2021-12-09T10:00:00+03:00", "2021-12-31T23:30:00-05:00", "2022-01", "2021", None]
LANGUAGES = ["ar", "en", "fr"]


def _records() -> list[dict[str, Any]]:
    return [orjson.loads(ns.dumps(article)) for article in [ns.load(SEED), *ns.read(GOLDEN)]]


def inputs(folder: Path, files: int = 3, per_file: int = 60) -> list[str]:
    """JSON Lines files of articles with varied dates and languages; some lines are bad, and
    an id of the first file is taken again in the second."""
    base = _records()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(files):
        lines = []
        for number in range(per_file):
            record = dict(base[number % len(base)], id=f"a-{part}-{number}")
            record.pop("translations", None)  # a language of its own may be one of them
            date = DATES[(number + part) % len(DATES)]
            record.pop("date_modified", None)
            if date is None:
                record.pop("date_published", None)
            else:
                record["date_published"] = date
            record["language"] = LANGUAGES[number % len(LANGUAGES)]
            if number % 23 == 7:
                record["headline"] = 7  # invalid
            if part == 1 and number == 30:
                record["id"] = "a-0-10"  # taken by the first file
            if number == 40:
                lines.append(b"{not json")
            lines.append(orjson.dumps(record))
        path = folder / f"part-{part}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        paths.append(str(path))
    return paths


def serially(paths: list[str], folder: Path) -> tuple[list[ns.Article], bytes]:
    """What the conversion in one process writes and rejects."""
    out, bad = folder / "serial.parquet", folder / "serial-rejects.jsonl"
    done = run("convert", *paths, "-o", str(out), "--rejects", str(bad), "-q")
    assert done.returncode == 1, done.stderr
    return list(ns.read(out)), bad.read_bytes()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes, one thread each: a cluster on this machine."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _rows(query: str) -> list[Any]:
    """What DuckDB finds for a query."""
    relation = duckdb.sql(query)
    assert relation is not None
    return relation.fetchall()


def _by_id(articles: list[ns.Article]) -> list[ns.Article]:
    return sorted(articles, key=lambda article: article.id)


def test_a_cluster_converts_what_one_process_converts(tmp_path: Path, client: Any) -> None:
    paths = inputs(tmp_path / "in")
    expected, rejects = serially(paths, tmp_path)
    target, bad = tmp_path / "lake", tmp_path / "rejects.jsonl"
    summary = nsdask.to_dataset(
        paths,
        str(target),
        partition_by=["year", "month"],
        rejects=str(bad),
        client=client,
        block_bytes=40_000,  # the files are cut into blocks: lines are counted across them
    )
    assert len(nsdask.pieces(paths, block_bytes=40_000)) > len(paths)
    assert _by_id(list(ns.read(target))) == _by_id(expected)
    assert bad.read_bytes() == rejects  # the same lines, in the same order, the same places
    assert (summary.read, summary.written, summary.rejected) == (
        3 * 61,
        len(expected),
        3 * 61 - len(expected),
    )
    assert b"a-0-10" in rejects  # the id taken across files
    document = orjson.loads((target / dataset.MANIFEST).read_bytes())
    assert document["counts"] == {
        "read": 183,
        "written": len(expected),
        "rejected": 183 - len(expected),
    }
    names = {part["path"] for part in document["parts"]}
    assert names == {str(p.relative_to(target)) for p in target.rglob("*.parquet")}
    assert "year=2021/month=12/part-00000.parquet" in names
    folders = {name.rsplit("/", 1)[0] for name in names}
    assert folders == {
        "year=2021/month=12",  # a moment of 2021-12-31T23:30-05:00 stays in December
        "year=2022/month=01",
        "year=2021/month=__HIVE_DEFAULT_PARTITION__",  # only a year
        "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__",  # no date
    }


def test_a_cluster_reached_by_its_address(tmp_path: Path, client: Any) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=20)
    expected, rejects = serially(paths, tmp_path)
    address = client.scheduler.address
    assert address.startswith("tcp://")
    target, bad = tmp_path / "lake", tmp_path / "rejects.jsonl"
    nsdask.to_dataset(paths, str(target), rejects=str(bad), client=address)
    assert list(ns.read(target)) == expected
    assert bad.read_bytes() == rejects


def test_unpartitioned_datasets_keep_the_reading_order(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=30)
    expected, rejects = serially(paths, tmp_path)
    target, bad = tmp_path / "lake", tmp_path / "rejects.jsonl"
    nsdask.to_dataset(paths, str(target), rejects=str(bad), client="processes", block_bytes=20_000)
    assert list(ns.read(target)) == expected
    assert bad.read_bytes() == rejects


def test_warehouses_read_the_partitions_as_one_dataset(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=30)
    expected, _ = serially(paths, tmp_path)
    target = tmp_path / "lake"
    nsdask.to_dataset(
        paths,
        str(target),
        partition_by=["year", "language"],
        rejects=str(tmp_path / "r.jsonl"),
        client="threads",
    )
    rows = _rows(
        f"SELECT year, language, count(*) FROM read_parquet('{target}/**/*.parquet', "
        "hive_partitioning=true) GROUP BY ALL ORDER BY ALL"
    )
    assert sum(count for _, _, count in rows) == len(expected)
    assert {(2021, "ar"), (None, "fr")} <= {(year, language) for year, language, _ in rows}
    table = pads.dataset(target, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(expected)
    assert sorted(table.column("id").to_pylist()) == sorted(a.id for a in expected)
    frame = polars.read_parquet(f"{target}/**/*.parquet", hive_partitioning=True)
    assert frame.height == len(expected)


def test_duckdb_reads_year_and_month_as_integers_as_the_warehouse_page_says(
    tmp_path: Path,
) -> None:
    paths = inputs(tmp_path / "in", files=1, per_file=20)
    target = tmp_path / "lake"
    nsdask.to_dataset(
        paths,
        str(target),
        partition_by=["year", "month"],
        rejects=str(tmp_path / "r.jsonl"),
        client="sync",
    )
    page = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    query = page[page.index("SELECT year, month, count(*)") :].split(";")[0]
    relation = duckdb.sql(query.replace("'lake/", f"'{target}/"))
    assert relation is not None
    assert [str(kind) for kind in relation.types[:2]] == ["INTEGER", "INTEGER"]
    assert any(month == 12 for _, month, _ in relation.fetchall())


def test_the_star_layout_partitioned(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=30)
    expected, _ = serially(paths, tmp_path)
    target = tmp_path / "lake"
    nsdask.to_dataset(
        paths,
        str(target),
        layout="tables",
        partition_by=["year"],
        rejects=str(tmp_path / "r.jsonl"),
        client="sync",
    )
    assert (target / "quotes" / "year=2021").is_dir()
    assert _by_id(list(ns.read(target))) == _by_id(expected)
    joined = _rows(
        f"SELECT count(*) FROM read_parquet('{target}/quotes/**/*.parquet', hive_partitioning=true) q "
        f"JOIN read_parquet('{target}/entities/**/*.parquet', hive_partitioning=true) e "
        "ON e.article_id = q.article_id AND e.entity_id = q.speaker_id"
    )
    assert joined[0][0] > 0


def test_an_invalid_record_without_rejects_stops_the_run_and_writes_nothing(
    tmp_path: Path,
) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=30)
    target = tmp_path / "lake"
    with pytest.raises(ns.ValidationError) as caught:
        nsdask.to_dataset(paths, str(target), client="processes")
    assert str(caught.value) == f"{paths[0]}:8: headline: expected a string, got the number 7"
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in"]  # nothing left beside it


def test_a_rerun_is_refused_without_force_and_replaces_the_dataset_whole_with_it(
    tmp_path: Path,
) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=20)
    target = tmp_path / "lake"
    options: dict[str, Any] = {"rejects": str(tmp_path / "r.jsonl"), "client": "sync"}
    nsdask.to_dataset(paths, str(target), partition_by=["year"], **options)
    with pytest.raises(ns.FormatError, match="exists; give force=True"):
        nsdask.to_dataset(paths, str(target), partition_by=["language"], **options)
    assert (target / "year=2021").is_dir()
    nsdask.to_dataset(paths, str(target), partition_by=["language"], force=True, **options)
    assert not (target / "year=2021").exists()  # nothing of the old version is left
    assert (target / "language=ar").is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_killed_worker_leaves_no_stray_part(tmp_path: Path, client: Any) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=60)
    expected, rejects = serially(paths, tmp_path)
    target, bad = tmp_path / "lake", tmp_path / "rejects.jsonl"
    killed: list[str] = []
    killer = threading.Thread(target=_kill_a_worker_soon, args=(client, killed))
    killer.start()
    nsdask.to_dataset(
        paths,
        str(target),
        partition_by=["year"],
        rejects=str(bad),
        client=client,
        block_bytes=10_000,
    )
    killer.join()
    assert killed[0] not in client.scheduler_info()["workers"]  # it died (its nanny made another)
    assert _by_id(list(ns.read(target))) == _by_id(expected)
    assert bad.read_bytes() == rejects
    listed = {
        part["path"] for part in orjson.loads((target / dataset.MANIFEST).read_bytes())["parts"]
    }
    on_disk = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    assert on_disk == listed | {dataset.MANIFEST}  # no temporary file, no part unlisted


def _kill_a_worker_soon(client: Any, killed: list[str]) -> None:
    time.sleep(0.5)
    workers = list(client.scheduler_info()["workers"])
    killed.append(workers[0])
    with contextlib.suppress(Exception):  # the worker dies before it can answer
        client.run(os._exit, 1, workers=workers[:1])


def test_a_part_interrupted_while_written_is_never_seen(tmp_path: Path, monkeypatch: Any) -> None:
    batch = ns.formats.parquet.encode([ns.load(SEED)])
    fs = fsspec.filesystem("file")
    parts = nsdask._Parts(fs, str(tmp_path), "part-00000", "parquet", ["year"])
    parts.add(batch)  # written, under a temporary name, until the part is whole

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("the disk went away")

    monkeypatch.setattr(ns.formats.parquet.RowGroups, "flush", broken)
    with pytest.raises(OSError, match="went away"):
        parts.close()
    parts.stack.close()
    assert not list(tmp_path.rglob("*.parquet"))  # only a temporary name
    assert [p.suffix for p in tmp_path.rglob("*") if p.is_file()] == [".tmp"]
    nsdask._remove_strays(fs, str(tmp_path), set())  # what the commit does
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_fsspec_urls_pass_through(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=20)
    expected, rejects = serially(paths, tmp_path)
    memory = fsspec.filesystem("memory")
    for path in paths:
        memory.pipe_file(f"/in/{Path(path).name}", Path(path).read_bytes())
    nsdask.to_dataset(
        "memory://in/*.jsonl",
        "memory://lake",
        rejects="memory://rejects.jsonl",
        client="threads",  # memory:// lives in this process
    )
    assert memory.exists(f"/lake/{dataset.MANIFEST}")
    parts = orjson.loads(memory.cat_file(f"/lake/{dataset.MANIFEST}"))["parts"]
    read_back: list[ns.Article] = []
    for part in parts:
        with memory.open(f"/lake/{part['path']}", "rb") as stream:
            read_back.extend(ns.read(stream, format="parquet"))
    assert read_back == expected
    found = [orjson.loads(line) for line in memory.cat_file("/rejects.jsonl").splitlines()]
    wanted = [orjson.loads(line) for line in rejects.splitlines()]
    assert [entry.pop("source") for entry in found] == [
        f"memory:///in/{Path(entry.pop('source')).name}" for entry in wanted
    ]
    assert [entry.pop("problems") for entry in found] == [
        _named(entry.pop("problems"), tmp_path) for entry in wanted
    ]
    assert found == wanted  # the places and records
    url_target = tmp_path / "lake"
    nsdask.to_dataset(
        [f"file://{p}" for p in paths],
        f"file://{url_target}",
        rejects=str(tmp_path / "r.jsonl"),
        client="processes",
    )
    assert list(ns.read(url_target)) == expected


def _named(problems: list[dict[str, str]], folder: Path) -> list[dict[str, str]]:
    """Problems as they read when the inputs are in memory:// (a taken id names its first)."""
    local = f"{folder / 'in'}/"
    return [
        {**problem, "message": problem["message"].replace(local, "memory:///in/")}
        for problem in problems
    ]


def test_a_bag_of_articles(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=20)
    for path in paths:  # only the good lines: a bag raises at the first bad one, as read() does
        lines = Path(path).read_bytes().splitlines()
        good = [line for line in lines if b'"headline":7' not in line and line != b"{not json"]
        Path(path).write_bytes(b"\n".join(good) + b"\n")
    expected = [article for path in paths for article in ns.read(path)]
    bag = nsdask.read_bag(paths, block_bytes=20_000)
    assert bag.npartitions > len(paths)
    assert bag.compute(scheduler="processes") == expected


def test_the_command_line_writes_a_partitioned_dataset_on_a_local_cluster(
    tmp_path: Path,
) -> None:
    paths = inputs(tmp_path / "in", files=2, per_file=30)
    expected, rejects = serially(paths, tmp_path)
    target, bad = tmp_path / "lake", tmp_path / "rejects.jsonl"
    command = ["convert", *paths, "-o", f"{target}/", "--to", "parquet"]
    done = run(*command, "--partition-by", "year,month", "--rejects", str(bad), "-j", "2")
    assert done.returncode == 1, done.stderr  # some were rejected
    summary = done.stderr.splitlines()[-1]
    total = sum(len(Path(path).read_bytes().splitlines()) for path in paths)
    assert summary.startswith(f"{total} read, {len(expected)} written to {target}/ (")
    assert summary.endswith(f"), {total - len(expected)} rejected to {bad}")
    assert _by_id(list(ns.read(target))) == _by_id(expected)
    assert bad.read_bytes() == rejects
    again = run(*command, "--partition-by", "language", "--rejects", str(bad))
    assert again.returncode == 2
    assert f"{target} exists; give --force to replace it" in again.stderr  # as every output
    forced = run(*command, "--partition-by", "language", "--rejects", str(bad), "--force")
    assert forced.returncode == 1, forced.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        dataset.MANIFEST,
        "language=ar",
        "language=en",
        "language=fr",
    ]
    wrong = run("convert", *paths, "-o", f"{tmp_path}/x/", "--to", "json", "--partition-by", "year")
    assert wrong.returncode == 2
    assert "a dataset is Parquet" in wrong.stderr


def test_pages_become_a_dataset_with_what_was_not_kept_said_as_one_process_says_it(
    tmp_path: Path,
) -> None:
    pages = sorted(str(p) for p in (ROOT / "fixtures" / "pages").glob("*.html"))[:4]
    serial = run("convert", *pages, "-o", str(tmp_path / "one.jsonl"), "-v")
    assert serial.returncode == 0, serial.stderr
    said = [line for line in serial.stderr.splitlines() if line.startswith(("warning: ", "note: "))]
    assert any(line.startswith("warning: ") for line in said)  # markup newsschema does not keep
    assert any(line.startswith("note: ") for line in said)  # ids made from the pages' URLs
    summary = nsdask.to_dataset(pages, str(tmp_path / "lake"), client="processes")
    told = [f"{'note' if isinstance(w, Note) else 'warning'}: {w}" for w in summary.warnings]
    assert told == said
    assert list(ns.read(tmp_path / "lake")) == list(ns.read(tmp_path / "one.jsonl"))


def test_progress_is_told_as_each_task_ends(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=3, per_file=20)
    told: list[tuple[int, int, int]] = []
    summary = nsdask.to_dataset(
        paths,
        str(tmp_path / "lake"),
        rejects=str(tmp_path / "r.jsonl"),
        client="sync",
        progress=lambda *figures: told.append(figures),
    )
    assert told[0] == (0, 3, 0)
    assert [done for done, _, _ in told] == [0, 1, 2, 3]
    assert told[-1] == (3, 3, summary.read)


def test_the_command_line_shows_tasks_done_and_time_left_on_a_terminal(tmp_path: Path) -> None:
    import pty

    paths = inputs(tmp_path / "in", files=3, per_file=20)
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "newsschema", "convert", *paths, "-o", str(tmp_path / "lake")]
    command += ["--partition-by", "year", "--rejects", str(tmp_path / "r.jsonl"), "--jobs", "1"]
    done = subprocess.run(command, stderr=follower, stdout=subprocess.DEVNULL, check=False)
    os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(leader, 65536):
            shown += chunk
    os.close(leader)
    assert done.returncode == 1  # some records were rejected
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown.decode("utf-8", "replace"))
    assert re.search(r"[0-3]/3 tasks +[0-9]+%", text), text
    assert " records (" in text
    assert "left" in text


def test_ctrl_c_on_a_local_cluster_is_one_line(tmp_path: Path) -> None:
    paths = inputs(tmp_path / "in", files=4, per_file=2500)
    command = [sys.executable, "-m", "newsschema", "convert", *paths, "-o", str(tmp_path / "lake")]
    command += ["--partition-by", "year", "--rejects", str(tmp_path / "r.jsonl"), "--jobs", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:  # until parts are written
        if any(tmp_path.glob(".lake.*/**/*.parquet")):
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    _, stderr = process.communicate(timeout=120)
    if process.returncode in (0, 1):
        pytest.skip("the conversion ended before it could be interrupted")
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["interrupted: nothing was written"]
    assert not (tmp_path / "lake").exists()
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".lake")]
