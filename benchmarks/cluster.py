"""A dataset on Dask: one process against a local cluster of two workers.

    pip install -e '.[dask]'
    python benchmarks/cluster.py [--articles 200000] [--rounds 2] [--workers 2] [--data DIR]

The same conversion (``newsschema.dask.to_dataset``: JSON Lines cut into blocks of 32 MiB,
partitioned by year and month, every record checked) run in this process (Dask's ``sync``
scheduler; Arrow's reader on both cores), in one worker process (one core: what a cluster's
worker does), and on a ``distributed.LocalCluster`` of worker processes (started and
stopped each time, and already running); ``newsschema convert`` into one Parquet file beside
them, for reference. Rounds are interleaved; medians with the spread. Prints JSON, with the
sizes of the parts written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask
import orjson
from corpus import corpus
from distributed import Client, LocalCluster

from newsschema import dask as nsdask
from newsschema.formats import dataset

BLOCK = 32 * 1024 * 1024


def in_one_process(source: Path, target: Path) -> None:
    nsdask.to_dataset(
        str(source),
        str(target),
        partition_by=["year", "month"],
        client="sync",
        block_bytes=BLOCK,
        force=True,
    )


def in_one_worker(source: Path, target: Path) -> None:
    """One worker process, reading on one core: what two workers are twice of."""
    with dask.config.set(num_workers=1):
        nsdask.to_dataset(
            str(source),
            str(target),
            partition_by=["year", "month"],
            client="processes",
            block_bytes=BLOCK,
            force=True,
        )


def on_a_cluster(source: Path, target: Path, workers: int) -> None:
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        nsdask.to_dataset(
            str(source),
            str(target),
            partition_by=["year", "month"],
            client=client,
            block_bytes=BLOCK,
            force=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    source = corpus(options.articles, options.data)
    out = options.data / "cluster"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = str(Path(sys.executable).with_name("newsschema"))
    contenders: dict[str, Callable[[], Any]] = {
        "to_dataset, one process": lambda: in_one_process(source, out / "one"),
        "to_dataset, one worker process, one core": lambda: in_one_worker(source, out / "worker"),
        f"to_dataset, LocalCluster of {options.workers}": lambda: on_a_cluster(
            source, out / "cluster", options.workers
        ),
        "newsschema convert -j 1 (one Parquet file)": lambda: subprocess.run(
            [script, "convert", str(source), "-o", str(out / "one.parquet"), "-f", "-q", "-j", "1"],
            check=True,
        ),
    }
    running = LocalCluster(n_workers=options.workers, threads_per_worker=1, dashboard_address=None)
    client = Client(running)
    contenders[f"to_dataset, a running LocalCluster of {options.workers}"] = lambda: (
        nsdask.to_dataset(
            str(source),
            str(out / "running"),
            partition_by=["year", "month"],
            client=client,
            block_bytes=BLOCK,
            force=True,
        )
    )
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    try:
        for _ in range(options.rounds):
            for name, run in contenders.items():
                start = time.perf_counter()
                run()
                seconds[name].append(time.perf_counter() - start)
    finally:
        client.close()
        running.close()
    one = seconds["to_dataset, one process"]
    results: dict[str, Any] = {"articles": options.articles, "bytes": source.stat().st_size}
    for name, times in seconds.items():
        ratios = [a / b for a, b in zip(one, times, strict=True)]
        results[name] = {
            "seconds": statistics.median(times),
            "speedup": statistics.median(ratios),
            "speedup_low": min(ratios),
            "speedup_high": max(ratios),
        }
    document = orjson.loads((out / "cluster" / dataset.MANIFEST).read_bytes())
    sizes = sorted(part["bytes"] for part in document["parts"])
    results["parts"] = {
        "count": len(sizes),
        "smallest": sizes[0],
        "median": statistics.median(sizes),
        "largest": sizes[-1],
        "rows": document["counts"],
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
