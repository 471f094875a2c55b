"""Start-up: how long the command line takes to do nothing much, against the interpreter.

    python benchmarks/startup.py [--rounds 15]

Each command is run as a process, in interleaved rounds: ``python -c pass`` (the floor),
``newsschema --version``, ``--help``, ``formats``, ``validate`` of the seed article and
``convert`` of it to JSON Lines and to Parquet (``jq`` and the ``duckdb`` command line too,
where installed). Prints, as JSON, the median seconds of each with their spread, and
``-X importtime``'s heaviest imports of ``validate``, to say what stands between it and
the interpreter.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "iraq-coalition-2021.json"


def _commands(folder: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "newsschema"]
    found = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "newsschema --version": [*cli, "--version"],
        "newsschema --help": [*cli, "--help"],
        "newsschema formats": [*cli, "formats"],
        "newsschema validate one.json": [*cli, "validate", str(SEED), "-q"],
        "newsschema convert one.json -o x.jsonl": [
            *cli, "convert", str(SEED), "-o", str(folder / "x.jsonl"), "-f", "-q",
        ],
        "newsschema convert one.json -o x.parquet": [
            *cli, "convert", str(SEED), "-o", str(folder / "x.parquet"), "-f", "-q",
        ],
    }  # fmt: skip
    if shutil.which("jq"):
        found["jq . one.json"] = ["jq", ".", str(SEED)]
    if shutil.which("duckdb"):
        found["duckdb -c 'select 1'"] = ["duckdb", "-c", "select 1"]
    return found


def _heaviest(command: list[str], count: int = 8) -> list[tuple[str, float]]:
    """The imports that take longest, themselves and what they import, in milliseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]], capture_output=True, text=True
    )
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((name.strip(), int(cumulative) / 1000))
    top = [row for row in rows if not row[0].startswith(" ")]
    return sorted(top, key=lambda row: -row[1])[:count]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        commands = _commands(Path(folder))
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True)
                times[name].append(time.perf_counter() - start)
        found = {
            name: {
                "median_s": round(statistics.median(taken), 3),
                "low_s": round(min(taken), 3),
                "high_s": round(max(taken), 3),
            }
            for name, taken in times.items()
        }
        heaviest = _heaviest(commands["newsschema validate one.json"])
    print(
        json.dumps(
            {"rounds": args.rounds, "times": found, "validate_imports_ms": heaviest}, indent=2
        )
    )


if __name__ == "__main__":
    main()
