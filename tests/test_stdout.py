"""Nothing but our output on standard output: every command, on every fixture.

A library beneath may print (the edtf package did, for a partial date it could not read):
what ``convert`` writes to standard output must read back, and what ``validate --format
json`` and ``inspect --json`` print must be one JSON document, whatever the input.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsschema as ns
from newsschema.cli import app
from newsschema.formats import by_path
from tests.conftest import ROOT


def _fixtures() -> list[Path]:
    found = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        try:
            readable = path.is_file() and by_path(path).read is not None
        except ns.FormatError:
            continue
        if readable:
            found.append(path)
    return found


FIXTURES = _fixtures()
runner = CliRunner()


def test_there_are_fixtures_of_every_kind() -> None:
    assert {path.suffix for path in FIXTURES} >= {".json", ".jsonl", ".html", ".parquet"}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_command_writes_only_its_output_to_stdout(path: Path) -> None:
    converted = runner.invoke(app, ["convert", str(path), "-o", "-", "--to", "jsonl", "-q"])
    assert converted.exit_code in (0, 1), converted.output
    lines = [line for line in converted.stdout.splitlines() if line]
    ids = [ns.loads(line.encode(), format="json").id for line in lines]  # each reads back
    if converted.exit_code == 0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert ids == [article.id for article in ns.read(path)]
    validated = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert validated.exit_code in (0, 1)
    json.loads(validated.stdout)
    inspected = runner.invoke(app, ["inspect", str(path), "--json"])
    if inspected.exit_code == 0:
        json.loads(inspected.stdout)


def test_a_partial_date_the_edtf_package_cannot_read_prints_nothing(tmp_path: Path) -> None:
    seed = json.loads(
        (ROOT / "fixtures" / "articles" / "iraq-coalition-2021.json").read_text("utf-8")
    )
    seed["campaigns"][0]["start"] = "2021-1X"
    good = json.loads(
        (ROOT / "fixtures" / "articles" / "iraq-coalition-2021.json").read_text("utf-8")
    )
    good["id"] = "good"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(seed) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    rejects = str(tmp_path / "bad.jsonl")
    command = ["convert", str(source), "-o", "-", "--to", "jsonl", "--rejects", rejects]
    converted = runner.invoke(app, command)
    assert converted.exit_code == 1
    lines = [line for line in converted.stdout.splitlines() if line]
    assert [ns.loads(line.encode(), format="json").id for line in lines] == ["good"]
