"""A write to a Delta or Iceberg table killed at any step reads as the old version or the new.

The writer runs in a process of its own, with the table format's commit wrapped so that the
process dies (``os._exit``, as SIGKILL leaves it: no cleanup) at the k-th commit, before it
happens; k goes over every commit of the write, and one past the last (the write whole). After
each kill the table must read back as it was before the write, or as after it: in the star
layout, where every part has a table of its own and a table format commits one at a time,
that holds because the parts' tables are written first and pinned by the articles table's
commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Literal

import attrs
import pytest

import newsschema as ns
from tests.conftest import ROOT, SEED

Layout = Literal["parquet", "tables"]

GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"

WRITER = """
import os, sys
import attrs
import newsschema as ns

target, layout, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = [0]


def killing(commit):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == kill_at:
            os._exit(9)
        return commit(*args, **kwargs)
    return wrapper


if target.startswith("delta:"):
    import deltalake, deltalake.table
    deltalake.write_deltalake = killing(deltalake.write_deltalake)
    deltalake.table.TableMerger.execute = killing(deltalake.table.TableMerger.execute)
else:
    import pyiceberg.table
    pyiceberg.table.Transaction.commit_transaction = killing(
        pyiceberg.table.Transaction.commit_transaction
    )
if len(sys.argv) > 4:  # a first write, of its own articles: "create"
    seed = ns.load(sys.argv[4])
    ns.write([attrs.evolve(seed, id=f"c-{n}") for n in range(3)], target, layout=layout)
    print(calls[0])
    sys.exit(0)
old = list(ns.read(target))
changed = attrs.evolve(old[1], headline="changed", quotes=old[1].quotes[:1], entities=old[1].entities)
new = attrs.evolve(old[0], id="new-one")
ns.write([changed, new], target, layout=layout, upsert=True)
print(calls[0])
"""


def _articles() -> list[ns.Article]:
    base = [ns.load(SEED), *list(ns.read(GOLDEN))[1:]]
    return [attrs.evolve(base[n % len(base)], id=f"a-{n}") for n in range(4)]


def _target(kind: str, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """A table of the kind, in the test's folder, and the environment its writers run in."""
    pytest.importorskip("deltalake" if kind == "delta" else "pyiceberg")
    target = f"delta:{tmp_path / 'table'}" if kind == "delta" else "iceberg:lake.news.articles"
    return target, {**os.environ, "PYICEBERG_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}


def _spread(commits: int, most: int = 4) -> list[int]:
    """The commits a kill is tried at: every one, or (a load of many) the first two, the last
    two and two between (each try is a process of its own, seconds each)."""
    if commits <= most:
        return list(range(1, commits + 1))
    between = [1 + round(n * (commits - 1) / (most - 1)) for n in range(most)]
    return sorted({1, 2, commits - 1, commits, *between})


def _by_id(articles: list[ns.Article]) -> dict[str, ns.Article]:
    return {article.id: article for article in articles}


@pytest.mark.parametrize("layout", ["parquet", "tables"])
@pytest.mark.parametrize("kind", ["delta", "iceberg"])
def test_an_upsert_killed_at_any_commit_reads_as_before_or_after(
    kind: str, layout: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, env = _target(kind, tmp_path)

    def attempt(kill_at: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", WRITER, target, layout, str(kill_at)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )

    def fresh() -> dict[str, ns.Article]:
        for leftover in tmp_path.iterdir():
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        before = _articles()
        ns.write(before, target, layout=layout)
        return _by_id(before)

    monkeypatch.setenv("PYICEBERG_HOME", str(tmp_path))  # for this process's reads too
    monkeypatch.chdir(tmp_path)  # where the local catalog is
    before = fresh()
    whole = attempt(0)  # never killed: how many commits the write makes, and its result
    assert whole.returncode == 0, whole.stderr
    commits = int(whole.stdout.split()[-1])
    after = _by_id(list(ns.read(target)))
    assert after != before
    assert len(after) == len(before) + 1
    assert commits >= (14 if layout == "tables" else 1)
    for kill_at in _spread(commits):
        fresh()
        killed = attempt(kill_at)
        assert killed.returncode == 9, killed.stderr
        found = _by_id(list(ns.read(target)))
        assert found in (before, after), f"killed at commit {kill_at} of {commits}"


@pytest.mark.parametrize("write", ["create", "upsert"])
@pytest.mark.parametrize("kind", ["delta", "iceberg"])
def test_a_star_write_killed_then_run_again_reads_as_the_write(
    kind: str, write: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # the third review's 2: the parts of a run that never committed are not seen
    target, env = _target(kind, tmp_path)
    creating = [str(SEED)] if write == "create" else []

    def attempt(kill_at: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", WRITER, target, "tables", str(kill_at), *creating],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=False,
        )

    def fresh() -> None:
        for leftover in tmp_path.iterdir():
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        if write == "upsert":
            ns.write(_articles(), target, layout="tables")

    monkeypatch.setenv("PYICEBERG_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    fresh()
    whole = attempt(0)
    assert whole.returncode == 0, whole.stderr
    commits = int(whole.stdout.split()[-1])
    after = _by_id(list(ns.read(target)))
    for kill_at in (commits,):  # the articles table's commit: every part's table written
        fresh()
        assert attempt(kill_at).returncode == 9
        again = attempt(0)
        assert again.returncode == 0, again.stderr
        assert _by_id(list(ns.read(target))) == after, f"killed at commit {kill_at} of {commits}"
