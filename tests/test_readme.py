"""The README's examples run as written."""

from __future__ import annotations

import doctest

import pytest

from tests.conftest import ROOT


def test_the_readme_tour_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False)
    assert result.attempted >= 6
    assert result.failed == 0


def test_the_readme_console_example_is_what_validate_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    from typer.testing import CliRunner

    from newsschema.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("$ newsschema validate fixtures/invalid/many-problems.json\n", 1)[1]
    shown = block.split("```", 1)[0].splitlines()
    result = CliRunner().invoke(app, ["validate", "fixtures/invalid/many-problems.json"])
    assert result.stdout.splitlines() + result.stderr.splitlines() == shown
