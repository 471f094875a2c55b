"""Peak memory of a JSONL to Parquet conversion, for a small and a large corpus.

Each conversion runs in a fresh process that reports its own peak resident set size, so
the two numbers compare like with like. Streaming means they should be about the same:
memory is bounded by a row group, not by the corpus. ``newsschema convert`` (the bulk path)
is measured too, with one process and with two workers: the resident memory of the whole
process tree, summed, sampled every 20 ms.

    python benchmarks/memory.py [--small 10000] [--large 200000] [--data /tmp/newsschema-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
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


def _tree_rss_mib(root: int) -> float:
    """The resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        sizes[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, todo = {root}, [root]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                todo.append(pid)
    return sum(sizes.get(pid, 0) for pid in tree) / 2**20


def measure_command(source: Path, target: Path, jobs: int) -> dict[str, float]:
    """Peak memory of ``newsschema convert`` (every process of it) and its time."""
    script = str(Path(sys.executable).with_name("newsschema"))
    command = [script, "convert", str(source), "-o", str(target), "-f", "-q", "-j", str(jobs)]
    start = time.perf_counter()
    peak = 0.0
    with subprocess.Popen(command) as process:
        while process.poll() is None:
            peak = max(peak, _tree_rss_mib(process.pid))
            time.sleep(0.02)
    if process.returncode:
        raise SystemExit(f"convert failed: {process.returncode}")
    return {"seconds": time.perf_counter() - start, "peak_mib": peak}


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
    for jobs in (1, 2):
        name = f"convert -j {jobs}"
        for count in (args.small, args.large):
            source = corpus(count, args.data)
            result = measure_command(source, args.data / f"out-{count}-cli.parquet", jobs)
            rows.append((name, count, result))
            print(
                f"{name:8} {count:>8,} articles  peak {result['peak_mib']:6.0f} MiB (every "
                f"process)  {result['seconds']:6.1f} s  "
                f"({result['seconds'] / count * 1e6:.0f} us/article)",
                flush=True,
            )
    for format in ("parquet", "tables", "convert -j 1", "convert -j 2"):
        small, large = (r for f, _, r in rows if f == format)
        print(f"{format}: peak large / peak small = {large['peak_mib'] / small['peak_mib']:.2f}")


if __name__ == "__main__":
    main()
