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
