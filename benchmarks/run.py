"""Side-by-side timings, printed as ratios. Benchmarks are hard: read the notes in README.md.

    python benchmarks/run.py [--articles 10000] [--repeat 3] [--data /tmp/newsschema-bench]

Three comparisons, each of contenders with the same interface:

1. JSONL to Parquet: newsschema (read, validate every record, write) against pyarrow's own
   ``pyarrow.json.read_json`` + ``write_table`` on the same file, with no validation: the floor.
2. Building Arrow data from articles: our column-wise building from row tuples against
   ``Table.from_pylist`` of one dict per article.
3. Reading Arrow data back: ``Table.to_pylist`` against column-wise ``to_pylist`` and ``zip``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json
import pyarrow.parquet as pq
from corpus import corpus

import newsschema as ns
from newsschema.formats import parquet
from newsschema.formats.arrow import NESTED_SCHEMA


def best_of(repeat: int, work: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


# 1. JSONL to Parquet.


def convert_newsschema(source: Path, target: Path) -> None:
    ns.write(ns.read(source), target)


def convert_pyarrow_floor(source: Path, target: Path) -> None:
    pq.write_table(pyarrow.json.read_json(source), target, compression="zstd")


# 2. Building Arrow data.


def build_columns(articles: list[ns.Article]) -> pa.Table:
    rows = [parquet.article_row(article) for article in articles]
    return pa.Table.from_batches([parquet.record_batch(rows, NESTED_SCHEMA)])


def build_from_pylist(articles: list[ns.Article]) -> pa.Table:
    names = NESTED_SCHEMA.names
    dicts = [dict(zip(names, parquet.article_row(article), strict=True)) for article in articles]
    return pa.Table.from_pylist(dicts, schema=NESTED_SCHEMA)


# 3. Reading Arrow data back.


def read_to_pylist(table: pa.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def read_columns(table: pa.Table) -> list[dict[str, Any]]:
    names = table.column_names
    columns = [column.to_pylist() for column in table.columns]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def report(title: str, timings: dict[str, float], count: int) -> None:
    print(f"\n{title}")
    base = min(timings.values())
    for name, seconds in sorted(timings.items(), key=lambda item: item[1]):
        print(
            f"  {name:34} {seconds:8.3f} s  {seconds / count * 1e6:8.1f} us/article  "
            f"{seconds / base:5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    args = parser.parse_args()
    source = corpus(args.articles, args.data)
    count = args.articles

    report(
        f"JSONL to Parquet, {count:,} articles ({source.stat().st_size / 2**20:.0f} MiB)",
        {
            "pyarrow read_json + write_table": best_of(
                args.repeat, lambda: convert_pyarrow_floor(source, args.data / "floor.parquet")
            ),
            "newsschema (validated)": best_of(
                args.repeat, lambda: convert_newsschema(source, args.data / "ours.parquet")
            ),
        },
        count,
    )

    articles = list(ns.read(source))
    report(
        "Building Arrow data from articles",
        {
            "column-wise from row tuples": best_of(args.repeat, lambda: build_columns(articles)),
            "Table.from_pylist of dicts": best_of(args.repeat, lambda: build_from_pylist(articles)),
        },
        count,
    )

    table = build_columns(articles)
    report(
        "Reading Arrow data back to Python",
        {
            "Table.to_pylist": best_of(args.repeat, lambda: read_to_pylist(table)),
            "column-wise to_pylist + zip": best_of(args.repeat, lambda: read_columns(table)),
        },
        count,
    )


if __name__ == "__main__":
    main()
