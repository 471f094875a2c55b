"""The documents' shell and Python examples run as written, in a folder holding what they name.

Each line of a ``sh`` block is run by the shell, in order, with the ``newsschema`` command of
this interpreter; a line that needs a tool this machine lacks (``jq``) is passed over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import ROOT, SEED

DOCS = ROOT / "docs"


def _block(page: str, after: str, kind: str = "sh") -> str:
    """The first ``kind`` block after the line ``after`` in a page of the docs."""
    text = (DOCS / page).read_text(encoding="utf-8")
    rest = text[text.index(after) :]
    start = rest.index(f"```{kind}\n") + len(f"```{kind}\n")
    return rest[start : rest.index("```", start)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with what the examples name: a crawl, an article, a page, a feed."""
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    seed = ns.load(SEED)
    import attrs

    ns.write([attrs.evolve(seed, id=f"a-{n}") for n in range(3)], crawl / "a.jsonl")
    ns.write([attrs.evolve(seed, id="b-0")], crawl / "b.json")
    shutil.copy(SEED, tmp_path / "article.json")
    shutil.copy(ROOT / "fixtures" / "pages" / "english-news.html", tmp_path / "page.html")
    shutil.copy(ROOT / "fixtures" / "ninjs" / "ap-en-2.2.json", tmp_path / "feed.json")
    shutil.copy(crawl / "a.jsonl", tmp_path / "crawl.jsonl")
    return tmp_path


def _run_lines(block: str, folder: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["PYICEBERG_HOME"] = str(folder)  # no configuration of the machine's
    for line in block.splitlines():
        command = line.split("  #")[0].strip()
        if not command or shutil.which(command.split()[0], path=env["PATH"]) is None:
            continue  # a tool this machine lacks (jq, duckdb's shell)
        done = subprocess.run(
            ["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{command}\n{done.stderr}"


def test_the_convert_examples_of_the_command_line_page_run(folder: Path) -> None:
    pytest.importorskip("trafilatura")
    _run_lines(_block("cli.md", "## convert"), folder)
    assert ns.load(folder / "page-article.json").headline
    assert len(list(ns.read(folder / "crawl.ninjs"))) == 3


def test_the_nested_duckdb_example_of_the_warehouse_page_runs(folder: Path) -> None:
    import shlex

    import duckdb

    block = _block("warehouse.md", "DuckDB also keeps the nested layout")
    _run_lines(block, folder)
    (shell,) = [line for line in block.splitlines() if line.startswith("duckdb ")]
    query = shlex.split(shell)[2]  # what DuckDB's shell would run, run by its Python module
    with duckdb.connect(str(folder / "nested.duckdb"), read_only=True) as duck:
        found = duck.execute(query).fetchall()
    quoted = [q.speaker for a in ns.read(f"duckdb:{folder / 'nested.duckdb'}") for q in a.quotes]
    assert sorted(found) == sorted((s, quoted.count(s)) for s in set(quoted))


def test_the_table_examples_of_the_warehouse_page_run(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("deltalake")
    pytest.importorskip("pyiceberg")
    polars = pytest.importorskip("polars")
    _run_lines(_block("warehouse.md", "## Delta Lake and Apache Iceberg"), folder)
    assert sorted(a.id for a in ns.read(folder / "articles.jsonl")) == ["a-0", "a-1", "a-2", "b-0"]
    monkeypatch.chdir(folder)
    code = _block("warehouse.md", "a name it does not know is a local SQL catalog", "python")
    lines = [line for line in code.splitlines() if "delta_scan" not in line]
    namespace: dict[str, object] = {}
    exec("\n".join(lines), namespace)  # the documentation's own example
    assert polars.read_delta("warehouse/articles").height == 4
    # DuckDB's delta extension is downloaded on first use: not here, where nothing is reached.
    assert any("delta_scan" in line for line in code.splitlines())


def test_the_dask_example_of_the_python_page_runs_as_a_script(folder: Path) -> None:
    pytest.importorskip("dask")
    script = folder / "example.py"
    script.write_text(_block("python.md", "## Beyond one machine", "python"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    read, written, rejected, parts = (int(n) for n in done.stdout.splitlines()[0].split())
    assert (read, written, rejected) == (3, 3, 0)
    assert parts >= 1
    assert done.stdout.splitlines()[1] == "3"  # the Arabic articles, counted by the bag
    assert sorted(a.id for a in ns.read(folder / "lake")) == ["a-0", "a-1", "a-2"]


def test_the_examples_of_the_annotate_page_run(folder: Path) -> None:
    _run_lines(_block("annotate.md", "## From the command line"), folder)
    confirmed = list(ns.read(folder / "confirmed.jsonl"))
    assert all(quote.suggested is None for article in confirmed for quote in article.quotes)
    names: dict[str, object] = {}
    exec(_block("annotate.md", "## From Python", "python"), names)  # the page's own example
    suggested = names["suggested"]
    assert isinstance(suggested, ns.Article)
    assert [q.cue for q in suggested.quotes] == ["said", "told"]
