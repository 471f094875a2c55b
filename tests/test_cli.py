from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import orjson
import pytest
from typer.testing import CliRunner

import newsschema as ns
from newsschema.cli import app
from tests.conftest import ROOT, SEED

runner = CliRunner()
INVALID = ROOT / "fixtures" / "invalid"
SCRIPT = shutil.which("newsschema", path=str(Path(sys.executable).parent))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    assert SCRIPT is not None, "the newsschema console script is not installed"
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def run_piped(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run the installed console script with bytes on its standard input."""
    assert SCRIPT is not None, "the newsschema console script is not installed"
    return subprocess.run([SCRIPT, *args], capture_output=True, input=stdin, cwd=ROOT, check=False)


@pytest.fixture(autouse=True)
def _at_the_top(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# validate


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


def test_validate_a_directory_as_json() -> None:
    result = runner.invoke(app, ["validate", "fixtures/invalid", "--format", "json"])
    assert result.exit_code == 1
    report = orjson.loads(result.stdout)
    files = sorted(p for p in INVALID.iterdir() if p.suffix in (".json", ".jsonl"))
    assert report["records"] == len(files) + 1  # two-lines.jsonl holds two
    assert report["invalid"] == len(files)
    assert {
        "source": "fixtures/invalid/span-past-end.json",
        "where": None,
        "path": "statistics[0].spans[0]",
        "message": "end 512 is past the end of paragraph 1 (222 characters)",
    } in report["problems"]
    assert result.stderr == ""


def test_validate_quietly() -> None:
    result = runner.invoke(app, ["validate", "-q", str(SEED)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 record checked, 0 invalid\n",
    )
    result = runner.invoke(app, ["validate", "-qq", str(SEED)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nope.json"], "error: nope.json: no such file or directory"),
        (["validate", "docs"], "error: docs: no files with a known suffix"),
        (["validate", "nothing-*.json"], "error: nothing-*.json: no file matches"),
        (["validate", "README.md"], "error: 'README.md' has suffix '.md', which names no format"),
        (
            ["validate", "-"],
            "error: a stream has no suffix to tell its format: give it (--from FORMAT on the command line, format= in Python)",
        ),
        (["validate", "--from", "xml", str(SEED)], "error: unknown format 'xml'"),
        (["validate", "--format", "xml", str(SEED)], "error: --format must be text or json"),
        (["convert", str(SEED), "-o", "out.txt"], "error: 'out.txt' has suffix '.txt'"),
        (["convert", str(SEED), "-o", str(SEED)], "the output would overwrite an input"),
        (
            ["convert", str(SEED), "-o", "README.md", "--to", "json"],
            "README.md exists; give --force",
        ),
        (
            ["convert", "-", "-", "--from", "json", "-o", "x.json"],
            "standard input can be read only once",
        ),
        (["inspect", "fixtures/articles/*.json", "--json"], None),
        (
            ["schema", "xsd"],
            "error: unknown schema 'xsd' (known: json-schema, jsonld-context, arrow, bigquery, ninjs)",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str | None) -> None:
    result = runner.invoke(app, args)
    if message is None:  # one file matches the glob: not an error
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert message in result.stderr


# convert


def test_convert_to_jsonl_and_back_gives_the_same_bytes(tmp_path: Path) -> None:
    lines = tmp_path / "seed.jsonl"
    back = tmp_path / "seed.json"
    first = runner.invoke(app, ["convert", str(SEED), "-o", str(lines)])
    assert first.exit_code == 0, first.output
    assert first.stderr == f"1 read, 1 written to {lines}\n"
    assert lines.read_bytes().count(b"\n") == 1
    second = runner.invoke(app, ["convert", str(lines), "-o", str(back)])
    assert second.exit_code == 0, second.output
    assert back.read_bytes() == SEED.read_bytes()


def test_an_existing_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    refused = runner.invoke(app, ["convert", str(SEED), "-o", str(target)])
    assert refused.exit_code == 2
    assert target.read_text() == "old"
    forced = runner.invoke(app, ["convert", str(SEED), "-o", str(target), "--force", "-qq"])
    assert (forced.exit_code, forced.stderr) == (0, "")
    assert target.read_bytes() == SEED.read_bytes()


def test_convert_stops_at_invalid_input_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["convert", str(SEED), str(INVALID / "span-past-end.json"), "-o", str(target)]
    )
    assert result.exit_code == 1
    assert "statistics[0].spans[0]: end 512 is past the end of paragraph 1" in result.stderr
    assert "nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _mixed_inputs(folder: Path) -> list[ns.Article]:
    """A directory of JSON, JSON Lines and Parquet inputs with two broken records."""
    seed = ns.load(SEED)
    good = [ns.Article(id=f"good-{n}", headline=f"Headline {n}", language="en") for n in range(4)]
    (folder / "sub").mkdir(parents=True)
    ns.write([seed, good[0]], folder / "a.json")
    ns.write(good[1:3], folder / "sub" / "b.parquet")
    lines = [orjson.dumps(ns.convert.unstructure_article(good[3]))]
    lines.append(b'{"schema_version": 1, "id": "broken", "headline": "h", "language": "??"}')
    lines.append(b"{not json")
    (folder / "sub" / "c.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "notes.txt").write_text("not an input: no known suffix")
    return [seed, good[0], good[1], good[2], good[3]]


@pytest.mark.usefixtures("conversion_path")
def test_a_directory_of_mixed_inputs_with_rejects(tmp_path: Path) -> None:
    expected = _mixed_inputs(tmp_path / "in")
    target, bad = tmp_path / "all.parquet", tmp_path / "bad.jsonl"
    done = run("convert", str(tmp_path / "in"), "-o", str(target), "--rejects", str(bad))
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == f"7 read, 5 written to {target}, 2 rejected to {bad}"
    assert list(ns.read(target)) == expected
    rejected = [orjson.loads(line) for line in bad.read_bytes().splitlines()]
    source = str(tmp_path / "in" / "sub" / "c.jsonl")
    assert len(rejected) == 2
    assert rejected[:1] == [
        {
            "source": source,
            "where": ":2",
            "problems": [
                {"path": "language", "message": "'??' is not a valid BCP 47 language tag"}
            ],
            "record": {"schema_version": 1, "id": "broken", "headline": "h", "language": "??"},
        },
    ]
    assert rejected[1]["problems"][0]["message"].startswith("not valid JSON: unexpected character")
    assert (rejected[1]["where"], rejected[1]["record"]) == (":3", "{not json")


def test_globs_and_many_inputs_become_one_output(tmp_path: Path) -> None:
    import attrs

    target = tmp_path / "all.json"
    ns.write([attrs.evolve(ns.load(SEED), id="another")], tmp_path / "another.jsonl")
    result = runner.invoke(
        app, ["convert", "fixtures/articles/*.json", str(tmp_path / "*.jsonl"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert [a.id for a in ns.read(target)] == ["iraq-coalition-2021", "another"]


def test_the_installed_command_pipes_stdin_to_stdout() -> None:
    done = run_piped(
        "convert", "-", "--from", "json", "--to", "jsonl", "-o", "-", stdin=SEED.read_bytes()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b"\n") == 1
    assert ns.loads(done.stdout, format="jsonl") == ns.load(SEED)
    assert done.stderr == b"1 read, 1 written to <stdout>\n"


def test_the_installed_command_exit_codes() -> None:
    assert run("validate", str(SEED)).returncode == 0
    invalid = run("validate", "fixtures/invalid/phase-ordinals-1-2-4.json")
    assert invalid.returncode == 1
    assert invalid.stdout == (INVALID / "phase-ordinals-1-2-4.expected").read_text("utf-8")
    assert run("validate", "missing.json").returncode == 2
    piped = run("convert", str(SEED))  # no -o: JSON Lines on standard output, like jq
    assert piped.returncode == 0
    assert ns.loads(piped.stdout.encode(), "jsonl") == ns.load(SEED)
    assert run("convert", str(SEED), "--to", "xml").returncode == 2
    module = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(SEED)],
        capture_output=True,
        check=False,
    )
    assert module.returncode == 0


def test_an_interrupted_conversion_leaves_the_old_output(
    tmp_path: Path, conversion_path: str
) -> None:
    big = _big_input(tmp_path, 12_000 if conversion_path == "bulk" else 3000)  # seconds long
    target = tmp_path / "out.parquet"
    ns.write([ns.load(SEED)], target)
    before = target.read_bytes()
    assert SCRIPT is not None
    with subprocess.Popen(
        [SCRIPT, "convert", str(big), "-o", str(target), "--force"], stderr=subprocess.DEVNULL
    ) as process:
        time.sleep(1.5)
        assert process.poll() is None, "the conversion ended before it could be interrupted"
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(timeout=60)
    assert process.returncode != 0
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "out.parquet"]


def _big_input(folder: Path, count: int) -> Path:
    seed = orjson.loads(SEED.read_bytes())
    big = folder / "big.jsonl"
    with big.open("wb") as stream:
        for number in range(count):
            stream.write(orjson.dumps({**seed, "id": f"a{number}"}) + b"\n")
    return big


def test_a_long_run_on_a_terminal_shows_progress(tmp_path: Path, conversion_path: str) -> None:
    count = 10_000 if conversion_path == "bulk" else 2500  # a run of a few seconds either way
    big = _big_input(tmp_path, count)
    leader, follower = os.openpty()
    assert SCRIPT is not None
    with subprocess.Popen(
        [SCRIPT, "convert", str(big), "-o", str(tmp_path / "out.parquet")],
        stdout=subprocess.DEVNULL,
        stderr=follower,
    ) as process:
        os.close(follower)
        shown = b""
        with contextlib.suppress(OSError):  # the terminal closes when the process ends
            while chunk := os.read(leader, 4096):
                shown += chunk
        process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b" records (" in shown
    assert b"file 1 of 1" in shown
    assert f"{count} read, {count} written to".encode() in shown


@pytest.mark.parametrize("output", ["seed.parquet", "seed_tables/", "seed.jsonld"])
def test_convert_and_back_gives_the_same_bytes(tmp_path: Path, output: str) -> None:
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
    assert not any(line.startswith("note: ") for line in lines)  # -v says how values were found
    assert lines[-1] == f"1 read, 1 written to {target}; 3 warnings, 3 notes (-v says them)"
    assert ns.load(target).headline == "التحالف الدولي ينهي مهمته القتالية في العراق"


# inspect, formats, schema, version, help


def test_inspect_shows_the_article() -> None:
    result = runner.invoke(app, ["inspect", str(SEED)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    # Not a terminal that lays out bidi isolates: the text as it is, no marks to show as boxes.
    assert "التحالف الدولي ينهي مهمته القتالية في العراق" in text
    assert "\u2067" not in text
    assert "\u2069" not in text
    assert "paragraphs: 28 · entities: 20 · quotes: 17 · statistics: 11" in text
    assert "Quotes by speaker" in text
    assert "brennan" in text
    assert "more_than" in text
    assert "Campaign phases" in text
    assert "Counterattack" in text


def test_inspect_isolates_right_to_left_text_where_asked() -> None:
    result = runner.invoke(app, ["inspect", str(SEED), "--bidi", "on"])
    assert result.exit_code == 0, result.output
    assert "\u2067التحالف الدولي ينهي مهمته القتالية في العراق\u2069" in result.stdout
    wrong = runner.invoke(app, ["inspect", str(SEED), "--bidi", "yes"])
    assert (wrong.exit_code, wrong.stderr) == (2, "error: --bidi yes: choose auto, on or off\n")


def test_inspect_as_json() -> None:
    result = runner.invoke(app, ["inspect", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    (summary,) = orjson.loads(result.stdout)
    assert summary["counts"]["quotes"] == 17
    assert summary["quotes_by_speaker"][0] == {
        "speaker": "brennan",
        "name": "جون و. برينان",
        "quotes": 7,
    }
    assert [phase["start"] for phase in summary["phases"]] == [
        None,
        "2015-12~",
        "[..2017]",
        None,
    ]


def test_formats_lists_the_registry() -> None:
    result = runner.invoke(app, ["formats"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80  # a terminal's width, not 200 columns
    named = [
        [part.strip() for part in line.split("  ") if part] for line in lines if line[0] != " "
    ]
    assert named == [
        ["json", "read, write", ".json"],
        ["jsonl", "read, write", ".jsonl .ndjson"],
        ["jsonld", "read, write", ".jsonld"],
        ["parquet", "read, write", ".parquet"],
        ["tables", "read, write", "a directory (…/)"],
        ["dataset", "read, write", "a directory (…/)"],
        ["delta", "read, write", "delta:PATH"],
        ["iceberg", "read, write", "iceberg:CATALOG.NAMESPACE.TABLE"],
        ["duckdb", "read, write", "duckdb:PATH"],
        ["sqlite", "read, write", "sqlite:PATH"],
        ["postgresql", "read, write", "postgresql://USER@HOST:PORT/DB"],
        ["html", "read", ".html .htm"],
        ["ninjs", "read, write", ".ninjs"],
        ["warc", "read", ".warc .warc.gz"],
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"newsschema {ns.__version__}\n"


@pytest.mark.parametrize("command", ["convert", "validate", "inspect", "formats", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: newsschema" in result.stdout


def test_a_newcomers_first_hour(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_bytes(SEED.read_bytes())
    (tmp_path / "b.json").write_bytes(SEED.read_bytes())
    (tmp_path / "iraq").mkdir()

    def said(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, (result.stdout + result.stderr).strip().splitlines()[-1]

    assert runner.invoke(app, ["convert", "-h"]).exit_code == 0
    assert said("convert", "a.json", "-o", "iraq") == (
        2,
        "error: iraq is a folder: did you mean iraq/ (the star layout)?",
    )
    assert said("convert", "a.json", "-o", "./", "--force") == (
        2,
        "error: ./ is the current folder or holds it: write the tables elsewhere",
    )
    assert said("convert", "a.json", "-o", "x.json", "--rejects", "x.json") == (
        2,
        "error: --rejects and --output name the same file",
    )
    code, last = said("convert", "a.json", "b.json", "-o", "both.jsonl")
    assert code == 1
    assert not (tmp_path / "both.jsonl").exists()
    code, last = said("convert", "a.json", "b.json", "-o", "both.jsonl", "--rejects", "bad.jsonl")
    assert (code, last) == (1, "2 read, 1 written to both.jsonl, 1 rejected to bad.jsonl")
    (rejected,) = [
        orjson.loads(line) for line in (tmp_path / "bad.jsonl").read_bytes().splitlines()
    ]
    assert rejected["problems"] == [
        {
            "path": "id",
            "message": "the id 'iraq-coalition-2021' is already the id of the article at a.json",
        }
    ]


def test_a_folder_left_by_a_killed_run_is_not_taken_for_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / ".out.x1y2.tmp").mkdir(parents=True)
    (folder / "a.json").write_bytes(SEED.read_bytes())
    (folder / ".out.x1y2.tmp" / "a.json").write_bytes(SEED.read_bytes())
    ns.write([attrs.evolve(ns.load(SEED), id="another")], f"{folder}/tables/")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "2 records checked, 0 invalid"  # a.json and the tables


def test_a_star_folder_without_its_manifest_is_one_clear_line(tmp_path: Path) -> None:
    ns.write([ns.load(SEED)], f"{tmp_path}/half/")
    (tmp_path / "half" / "_newsschema.json").unlink()
    result = runner.invoke(app, ["validate", str(tmp_path / "half")])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'half'} holds the tables of the star layout but not their manifest "
        "(_newsschema.json, written last): it was not written whole"
    )
