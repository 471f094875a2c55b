"""What a newcomer meets in the first hour: --strict, Ctrl-C, the help, the Python API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import ROOT, SEED

PAGE = ROOT / "fixtures" / "pages" / "english-news.html"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsschema", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)


def test_strict_makes_what_is_not_kept_an_error_in_convert_and_validate(tmp_path: Path) -> None:
    assert _run("validate", str(PAGE)).returncode == 0
    strict = _run("validate", str(PAGE), "--strict")
    assert strict.returncode == 1
    assert f"{PAGE}: not kept: isAccessibleForFree is not kept" in strict.stdout
    for jobs in ("1", "2"):
        rejects = tmp_path / f"rejects-{jobs}.jsonl"
        converted = _run(
            "convert", str(PAGE), "--strict", "-o", str(tmp_path / f"out-{jobs}.jsonl"),
            "--rejects", str(rejects), "--jobs", jobs,
        )  # fmt: skip
        assert converted.returncode == 1, converted.stderr
        assert "1 read, 0 written" in converted.stderr.splitlines()[-1]
        assert b"not kept: isAccessibleForFree" in rejects.read_bytes()
    # Canonical formats lose nothing: strict changes nothing there.
    assert _run("validate", str(SEED), "--strict").returncode == 0
    assert list(ns.read(SEED, strict=True)) == [ns.load(SEED)]


def test_ctrl_c_says_one_line_and_exits_130(tmp_path: Path) -> None:
    lines = SEED.read_bytes().replace(b"\n", b"") + b"\n"
    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        for number in range(20_000):
            out.write(lines.replace(b'"iraq-coalition-2021"', f'"a-{number}"'.encode(), 1))
    process = subprocess.Popen(
        [sys.executable, "-m", "newsschema", "convert", str(big), "-o", str(tmp_path / "o.json")],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)  # started, and converting
    os.kill(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the conversion ended before it could be interrupted")
    assert process.returncode == 130
    assert stderr.strip().splitlines() == ["interrupted: nothing was written"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.jsonl"]


def test_the_help_offers_only_what_can_be_done() -> None:
    help_text = " ".join(_run("convert", "--help").stdout.split())
    to_names = help_text.split("--to FORMAT Format of the output, when its suffix does not say:")[1]
    to_names = to_names.split(".")[0]
    assert "html" not in to_names
    assert "warc" not in to_names
    assert "ninjs" in to_names
    assert "{INPUT...}" not in help_text
    assert "--strict" in help_text
