"""``convert --jobs``: one process against several, on the command line as a user runs it.

    python benchmarks/jobs.py [--articles 10000,50000] [--sources jsonl,parquet]
                              [--targets parquet,jsonl,tables] [--rounds 3] [--jobs 2]

Every pair of input and output format given, at every size, each record validated,
start-up included (the workers' start is part of what a user waits for). Rounds are
interleaved (each contender once per round, in turn); every figure is the median of the
rounds with the spread (lowest and highest) beside it. ``--default`` adds the run without
``--jobs`` (what newsschema chooses). Prints the results as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus

import newsschema as ns

SUFFIXES = {"jsonl": ".jsonl", "parquet": ".parquet", "tables": "/", "ninjs": ".ninjs"}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def source_of(articles: int, kind: str, data: Path) -> Path:
    """The corpus of this size in this format, made once."""
    lines = corpus(articles, data)
    if kind == "jsonl":
        return lines
    path = data / f"corpus-{articles}{SUFFIXES[kind]}"
    if not path.exists():
        ns.write(ns.read(lines), path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="10000,50000")
    parser.add_argument("--sources", default="jsonl,parquet")
    parser.add_argument("--targets", default="parquet,jsonl,tables")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--default", action="store_true", help="also without --jobs")
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    script = str(Path(sys.executable).with_name("newsschema"))
    results = []
    for articles in map(int, options.articles.split(",")):
        for kind in options.sources.split(","):
            source = source_of(articles, kind, options.data)
            for target_kind in options.targets.split(","):
                suffix = SUFFIXES[target_kind]
                target = f"{options.data / 'jobs-out'}{suffix}"
                runs: dict[str, list[str]] = {
                    str(jobs): ["-j", str(jobs)] for jobs in (1, options.jobs)
                }
                if options.default:
                    runs["default"] = []
                times: dict[str, list[float]] = {name: [] for name in runs}
                for _ in range(options.rounds):
                    for name, extra in runs.items():
                        shutil.rmtree(target, ignore_errors=True)
                        command = [script, "convert", str(source), "-o", target, "-f", "-q"]
                        times[name].append(timed([*command, *extra]))
                one, many = times["1"], times[str(options.jobs)]
                ratios = [a / b for a, b in zip(one, many, strict=True)]
                found = {
                    "articles": articles,
                    "bytes": source.stat().st_size if source.is_file() else None,
                    "from": kind,
                    "to": target_kind,
                    **{
                        f"seconds_{name}": statistics.median(spent) for name, spent in times.items()
                    },
                    "speedup": statistics.median(ratios),
                    "speedup_low": min(ratios),
                    "speedup_high": max(ratios),
                }
                print(json.dumps(found), file=sys.stderr)
                results.append(found)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
