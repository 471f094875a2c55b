"""`convert --jobs N`: the same output, rejects and messages as one process, on real workers."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsschema as ns
from newsschema import parallel
from newsschema.cli import app
from newsschema.cli.common import os_problem
from newsschema.formats import jsonl
from tests.conftest import ROOT, SEED
from tests.test_cli import run, runner

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"


def inputs_with_faults(folder: Path) -> list[str]:
    """Two JSON Lines files of 700 articles, with bad lines and an id taken twice."""
    base = [orjson.loads(ns.dumps(article)) for article in [ns.load(SEED), *ns.read(GOLDEN)]]
    paths = []
    for part in (0, 1):
        lines = []
        for number in range(350):
            record = dict(base[number % len(base)], id=f"a-{part}-{number}")
            if number % 97 == 5:
                record["headline"] = 7  # invalid
            if part == 1 and number == 300:
                record["id"] = "a-0-10"  # the id of an article in the other file
            if number == 200:
                lines.append(b"{not json")
            lines.append(orjson.dumps(record))
        path = folder / f"part-{part}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".ninjs"])
@pytest.mark.usefixtures("conversion_path")
def test_two_workers_give_what_one_gives(tmp_path: Path, suffix: str) -> None:
    inputs = inputs_with_faults(tmp_path)
    results = {}
    for jobs in ("1", "2"):
        out, bad = tmp_path / f"out-{jobs}{suffix}", tmp_path / f"bad-{jobs}.jsonl"
        options = ["-O", "extension=true"] if suffix == ".ninjs" else []
        done = run("convert", *inputs, "-o", str(out), "--rejects", str(bad), "-j", jobs, *options)
        assert done.returncode == 1, done.stderr  # some records were rejected
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        results[jobs] = (list(ns.read(out)), bad.read_bytes(), said, out.read_bytes())
    one, two = results["1"], results["2"]
    assert len(one[0]) == 700 - 2 * 4 - 1  # 4 bad headlines a file (and a line not JSON), 1 id
    assert two[0] == one[0]
    assert two[1] == one[1]
    assert two[2] == one[2]
    if suffix != ".parquet":  # Parquet's row groups may fall elsewhere; its rows may not
        assert two[3] == one[3]


@pytest.mark.usefixtures("conversion_path")
def test_two_workers_stop_at_the_first_bad_record_as_one_does(tmp_path: Path) -> None:
    inputs = inputs_with_faults(tmp_path)
    said = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.parquet"
        done = run("convert", *inputs, "-o", str(out), "-j", jobs)
        assert done.returncode == 1
        assert not out.exists()
        said[jobs] = done.stderr
    assert said["2"] == said["1"]
    assert said["1"].startswith(f"{inputs[0]}:6: headline: expected a string, got the number 7")


@pytest.mark.usefixtures("conversion_path")
def test_pages_and_documents_are_read_by_the_workers_as_one_process_reads_them(
    tmp_path: Path,
) -> None:
    pages = sorted(str(path) for path in (ROOT / "fixtures" / "pages" / "real").glob("*.html"))
    golden = ROOT / "fixtures" / "golden" / "v1"
    inputs = [
        *pages[:7],
        str(golden / "articles.jsonld"),
        *pages[7:],
        str(golden / "articles.jsonl"),
    ]
    found = {}
    for jobs in ("1", "2"):
        out, bad = tmp_path / f"out-{jobs}.jsonl", tmp_path / f"bad-{jobs}.jsonl"
        done = run("convert", *inputs, "-o", str(out), "--rejects", str(bad), "-j", jobs)
        assert done.returncode == 1, done.stderr  # a page with no article is rejected
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        found[jobs] = (out.read_bytes(), bad.read_bytes(), said)
    assert found["2"] == found["1"]
    assert "website-only.html" in found["1"][1].decode()
    assert "warning:" in found["1"][2]  # the pages' warnings, in the same order


@pytest.mark.usefixtures("conversion_path")
def test_a_worker_that_dies_stops_the_run_cleanly(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "big.jsonl"
    line = orjson.dumps(orjson.loads(ns.dumps(ns.load(SEED)))) + b"\n"
    source.write_bytes(
        b"".join(line.replace(b"iraq-coalition-2021", f"a{n}".encode()) for n in range(3000))
    )
    out = tmp_path / "out.parquet"
    script = Path(sys.executable).with_name("newsschema")
    process = subprocess.Popen(
        [str(script), "convert", str(source), "-o", str(out), "-j", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = None
    for _ in range(400):  # until a worker is there to be killed
        children = subprocess.run(
            ["pgrep", "-f", "-P", str(process.pid), "spawn_main"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if children:
            worker = int(children[0])
            break
        time.sleep(0.05)
    assert worker is not None, "no worker started"
    time.sleep(0.3)  # at work on a chunk
    os.kill(worker, signal.SIGKILL)
    _, said = process.communicate(timeout=120)
    assert process.returncode == 3, said
    assert "a worker process stopped before its work was done" in said
    assert "Traceback" not in said
    assert not out.exists()


@pytest.mark.usefixtures("conversion_path")
def test_small_blocks_on_two_workers_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of a few lines: ids taken across blocks, a line past the limit, blank lines."""
    inputs = inputs_with_faults(tmp_path)
    first = Path(inputs[0])
    lines = first.read_bytes().split(b"\n")
    lines[20:20] = [b"", b"   ", b'{"id": "' + b"x" * 60_000 + b'"}', lines[3]]  # id taken twice
    first.write_bytes(b"\r\n".join(lines[:100]) + b"\n" + b"\n".join(lines[100:]))
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 32768)  # blocks of a few lines each
    results = {}
    limit = ["--max-record-bytes", "50000"]
    for jobs in ("1", "2"):
        out, bad = tmp_path / f"out-{jobs}.parquet", tmp_path / f"bad-{jobs}.jsonl"
        done = runner.invoke(
            app,
            ["convert", *inputs, "-o", str(out), "--rejects", str(bad), "-j", jobs, *limit],
        )
        assert done.exit_code == 1, done.output  # some records were rejected
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        results[jobs] = (list(ns.read(out)), bad.read_bytes(), said)
    assert results["2"] == results["1"]
    articles, rejects, said = results["1"]
    assert len(articles) == 700 - 2 * 4 - 1
    places = [orjson.loads(line)["where"] for line in rejects.splitlines()]
    assert places[:4] == [":6", ":23", ":24", ":107"]  # the long line, then the id taken again
    assert said == "704 read, 691 written to OUT, 13 rejected to BAD\n"


def test_parquet_rows_on_two_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    """Row groups sliced for the workers: a row that cannot be read, an id taken twice."""
    valid = [orjson.loads(ns.dumps(article)) for article in [ns.load(SEED), *ns.read(GOLDEN)]]
    articles = [
        ns.loads(orjson.dumps(dict(valid[number % len(valid)], id=f"a-{number % 1990}")))
        for number in range(2000)  # the last ten take the ids of the first ten
    ]
    buffer = io.BytesIO()
    ns.write(articles, buffer, format="parquet")
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    index = table.schema.get_field_index("date_modified")
    micros = table.column(index).cast(pa.int64()).to_pylist()
    micros[1234] = -62135596800 * 1_000_000 - 86_400_000_000  # a day before year 1
    early = pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    source = tmp_path / "in.parquet"
    pq.write_table(table.set_column(index, table.schema.field(index), early), source,
                   row_group_size=700)  # fmt: skip
    results = {}
    for jobs in ("1", "2"):
        out, bad = tmp_path / f"out-{jobs}.jsonl", tmp_path / f"bad-{jobs}.jsonl"
        done = run("convert", str(source), "-o", str(out), "--rejects", str(bad), "-j", jobs)
        assert done.returncode == 1, done.stderr
        said = done.stderr.replace(str(out), "OUT").replace(str(bad), "BAD")
        results[jobs] = (out.read_bytes(), bad.read_bytes(), said)
    assert results["2"] == results["1"]
    places = [orjson.loads(line)["where"] for line in results["1"][1].splitlines()]
    assert places == ["[1234]", *(f"[{row}]" for row in range(1990, 2000))]
    assert results["1"][2] == "2000 read, 1989 written to OUT, 11 rejected to BAD\n"


def test_a_block_of_a_file_cut_shorter_since_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "growing.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n')
    span = parallel.Span(str(path), 1, 0, 18)
    assert span.block() == jsonl.Block(1, b'{"a": 1}\n{"b": 2}\n', 0)
    path.write_bytes(b'{"a": 1}\n')  # cut while the run read it
    with pytest.raises(OSError, match="the file changed while it was read") as caught:
        span.block()
    assert os_problem(caught.value) == f"{path}: the file changed while it was read"
