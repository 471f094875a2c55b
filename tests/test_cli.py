from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsschema as ns
from newsschema.cli import app
from tests.conftest import ROOT, SEED

runner = CliRunner()
INVALID = ROOT / "fixtures" / "invalid"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    script = shutil.which("newsschema", path=str(Path(sys.executable).parent))
    assert script is not None, "the newsschema console script is not installed"
    return subprocess.run([script, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_validate_the_seed() -> None:
    result = runner.invoke(app, ["validate", str(SEED)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "1 record checked, 0 invalid\n"


def test_validate_reports_every_problem_of_every_file_and_exits_1() -> None:
    files = [INVALID / "dangling-reference.json", INVALID / "two-lines.jsonl", SEED]
    result = runner.invoke(app, ["validate", *map(str, files)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{files[0]}: quotes[0].speaker: no entity with id 'un'",
        f"{files[0]}: statistics[0].subject: no entity with id 'un'",
        f"{files[1]}:2: language: 'xx-yy-zz-1' is not a valid BCP 47 language tag",
    ]
    assert result.stderr == "4 records checked, 2 invalid\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nope.json"], "error: nope.json: no such file or directory"),
        (
            ["validate", "fixtures"],
            "error: 'fixtures' is a directory without a newsschema manifest",
        ),
        (["validate", "README.md"], "error: 'README.md' has suffix '.md', which names no format"),
        (["validate", "-"], "error: a stream has no suffix to tell its format: name the format"),
        (["validate", "--from", "xml", str(SEED)], "error: unknown format 'xml'"),
        (["convert", str(SEED), "-o", "out.txt"], "error: 'out.txt' has suffix '.txt'"),
        (["convert", str(SEED), "-o", str(SEED)], "the output would overwrite an input"),
        (
            ["convert", "-", "-", "--from", "json", "-o", "x.json"],
            "standard input can be read only once",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_convert_to_jsonl_and_back_gives_the_same_bytes(tmp_path: Path) -> None:
    lines = tmp_path / "seed.jsonl"
    back = tmp_path / "seed.json"
    first = runner.invoke(app, ["convert", str(SEED), "-o", str(lines)])
    assert first.exit_code == 0, first.output
    assert first.stderr == f"1 article written to {lines}\n"
    assert lines.read_bytes().count(b"\n") == 1
    second = runner.invoke(app, ["convert", str(lines), "-o", str(back)])
    assert second.exit_code == 0, second.output
    assert back.read_bytes() == SEED.read_bytes()


def test_convert_many_inputs_into_one_array(tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    result = runner.invoke(app, ["convert", str(SEED), str(SEED), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert [a.id for a in ns.read(target)] == ["iraq-coalition-2021"] * 2


def test_convert_stops_at_invalid_input_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous\n")
    result = runner.invoke(
        app, ["convert", str(SEED), str(INVALID / "span-past-end.json"), "-o", str(target)]
    )
    assert result.exit_code == 1
    assert "statistics[0].spans[0]: end 512 is past the end of paragraph 1" in result.stderr
    assert "nothing was written" in result.stderr
    assert target.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_formats_lists_the_registry() -> None:
    result = runner.invoke(app, ["formats"])
    assert result.exit_code == 0
    assert [line.split()[:3] for line in result.stdout.splitlines()] == [
        ["json", "rw", ".json"],
        ["jsonl", "rw", ".jsonl"],
        ["jsonld", "rw", ".jsonld"],
        ["parquet", "rw", ".parquet"],
        ["tables", "rw", "Parquet,"],
        ["html", "r", ".html"],
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"newsschema {ns.__version__}\n"


def test_the_installed_command_pipes_stdin_to_stdout() -> None:
    script = shutil.which("newsschema", path=str(Path(sys.executable).parent))
    assert script is not None
    done = subprocess.run(
        [script, "convert", "-", "--from", "json", "--to", "jsonl", "-o", "-"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b"\n") == 1
    assert ns.loads(done.stdout, format="jsonl") == ns.load(SEED)


def test_the_installed_command_exit_codes(tmp_path: Path) -> None:
    assert run("validate", str(SEED)).returncode == 0
    invalid = run("validate", "fixtures/invalid/phase-ordinals-1-2-4.json")
    assert invalid.returncode == 1
    assert invalid.stdout == (INVALID / "phase-ordinals-1-2-4.expected").read_text("utf-8")
    assert run("validate", "missing.json").returncode == 2
    assert run("convert", str(SEED)).returncode == 2  # no -o
    module = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(SEED)],
        capture_output=True,
        check=False,
    )
    assert module.returncode == 0


@pytest.mark.parametrize("output", ["seed.parquet", "seed_tables/"])
def test_convert_to_parquet_and_back_gives_the_same_bytes(tmp_path: Path, output: str) -> None:
    middle = f"{tmp_path}/{output}"
    back = tmp_path / "back.json"
    there = run("convert", str(SEED), "-o", middle)
    assert there.returncode == 0, there.stderr
    again = run("convert", middle.rstrip("/"), "-o", str(back))
    assert again.returncode == 0, again.stderr
    assert back.read_bytes() == SEED.read_bytes()


def test_convert_a_news_page_printing_what_was_not_kept(tmp_path: Path) -> None:
    page = ROOT / "fixtures" / "pages" / "arabic-graph.html"
    target = tmp_path / "article.json"
    done = run("convert", str(page), "-o", str(target))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert f"warning: {page}: isPartOf is not kept" in lines
    assert lines[-1] == f"1 article written to {target}"
    assert ns.load(target).headline == "التحالف الدولي ينهي مهمته القتالية في العراق"
