"""``convert --jobs``: one process against several, on the command line as a user runs it.

    python benchmarks/jobs.py [--articles 40000] [--rounds 5] [--jobs 2] [--data DIR]

JSON Lines to Parquet and to JSON Lines, every record validated, start-up included (the
workers' start is part of what a user waits for). Rounds are interleaved (each contender
once per round, in turn); every figure is the median of the rounds with the spread (lowest
and highest) beside it. Prints the results as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import corpus


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    source = corpus(options.articles, options.data)
    script = str(Path(sys.executable).with_name("newsschema"))
    results: dict[str, object] = {"articles": options.articles, "jobs": options.jobs}
    for suffix in (".parquet", ".jsonl"):
        target = options.data / f"jobs-out{suffix}"
        times: dict[int, list[float]] = {1: [], options.jobs: []}
        for _ in range(options.rounds):
            for jobs in times:
                command = [script, "convert", str(source), "-o", str(target), "-f", "-q"]
                times[jobs].append(timed([*command, "-j", str(jobs)]))
        ratios = [one / many for one, many in zip(times[1], times[options.jobs], strict=True)]
        results[suffix.lstrip(".")] = {
            "seconds_one": statistics.median(times[1]),
            f"seconds_{options.jobs}": statistics.median(times[options.jobs]),
            "speedup": statistics.median(ratios),
            "speedup_low": min(ratios),
            "speedup_high": max(ratios),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
