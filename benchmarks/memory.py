"""Peak memory of a JSONL to Parquet conversion, for a small and a large corpus.

Each conversion runs in a fresh process that reports its own peak resident set size, so
the two numbers compare like with like. Streaming means they should be about the same:
memory is bounded by a row group, not by the corpus.

    python benchmarks/memory.py [--small 10000] [--large 200000] [--data /tmp/newsschema-bench]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from corpus import corpus

CHILD = """
import json, resource, sys, time
import newsschema as ns
start = time.perf_counter()
count = ns.write(ns.read(sys.argv[1]), sys.argv[2], format=sys.argv[3])
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"articles": count, "seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def measure(source: Path, target: Path, format: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), str(target), format],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    args = parser.parse_args()
    rows = []
    for format, suffix in (("parquet", ".parquet"), ("tables", "")):
        for count in (args.small, args.large):
            source = corpus(count, args.data)
            result = measure(source, args.data / f"out-{count}{suffix}", format)
            rows.append((format, count, result))
            print(
                f"{format:8} {count:>8,} articles  "
                f"{source.stat().st_size / 2**20:7.0f} MiB of JSONL  "
                f"peak {result['peak_mib']:6.0f} MiB  {result['seconds']:6.1f} s  "
                f"({result['seconds'] / count * 1e6:.0f} us/article)",
                flush=True,
            )
    for format in ("parquet", "tables"):
        small, large = (r for f, _, r in rows if f == format)
        print(f"{format}: peak large / peak small = {large['peak_mib'] / small['peak_mib']:.2f}")


if __name__ == "__main__":
    main()
