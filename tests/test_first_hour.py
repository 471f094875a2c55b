"""What a newcomer meets in the first hour: --strict, Ctrl-C, the help, the Python API."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import warnings
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


def test_the_python_api_reads_past_bad_records_as_the_command_line_does(tmp_path: Path) -> None:
    good = SEED.read_bytes().replace(b"\n", b"")
    lines = [
        good,
        b'{"schema_version": 1, "id": "broken", "headline": "h", "language": "??"}',
        b"not json at all",
        good.replace(b'"iraq-coalition-2021"', b'"another"', 1),
        b'{"id": "caf\xe9"}',  # not UTF-8
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    cli_rejects, api_rejects = tmp_path / "cli.jsonl", tmp_path / "api.jsonl"
    _run("convert", str(source), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(cli_rejects))
    found = list(ns.read(source, rejects=api_rejects))
    assert [article.id for article in found] == ["iraq-coalition-2021", "another"]
    assert api_rejects.read_bytes() == cli_rejects.read_bytes()
    assert api_rejects.read_bytes().count(b"\n") == 3
    stream = io.BytesIO()
    assert len(list(ns.read(source, rejects=stream))) == 2
    assert stream.getvalue() == cli_rejects.read_bytes()


def test_options_are_keywords_a_reader_checks() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        assert ns.load(PAGE, strict=False).headline
    with pytest.raises(ns.ValidationError, match="not kept"):
        ns.load(PAGE, strict=True)
    with pytest.raises(ns.FormatError, match="takes no option 'stirct' for reading"):
        ns.load(SEED, stirct=True)  # type: ignore[call-arg]
