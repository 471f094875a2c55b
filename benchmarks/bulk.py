"""Bulk conversion: JSON Lines to Parquet, and Parquet back to articles, against the tools a user
would pick instead.

    pip install -e '.[test,bench]'
    python benchmarks/bulk.py [--articles 10000] [--rounds 3] [--data DIR]

On the typical corpus and the heavy one (``corpus.py``, scale 6):

- JSONL → Parquet: ``pyarrow.json.read_json`` + ``write_table`` (the floor: C++, all cores,
  nothing checked), DuckDB ``COPY``, polars ``read_ndjson`` + ``write_parquet`` (when
  installed), newsschema in one process (the bulk path as ``convert`` takes it; article by
  article as ``write(read(...))`` does; the star layout), and ``newsschema convert`` with one
  and two processes (start-up included);
- Parquet → articles: ``pq.read_table().to_pylist()`` (dicts, nothing checked) against
  ``newsschema.read``.

Rounds are interleaved; figures are medians with the spread of the ratios; JSON out.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.json
import pyarrow.parquet as pq
from corpus import corpus
from timing import interleaved

import newsschema as ns
from newsschema import bulk
from newsschema.formats import parquet, tables
from newsschema.parallel import CHUNK_BYTES


def contenders(source: Path, out: Path) -> dict[str, Callable[[], Any]]:
    script = str(Path(sys.executable).with_name("newsschema"))
    found: dict[str, Callable[[], Any]] = {
        "pyarrow read_json + write_table (nothing checked)": lambda: pq.write_table(
            pyarrow.json.read_json(source), out / "floor.parquet", compression="zstd"
        ),
        "DuckDB COPY (nothing checked)": lambda: duckdb.sql(
            f"COPY (SELECT * FROM read_json('{source}')) TO '{out / 'duck.parquet'}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        ),
    }
    try:
        import polars
    except ImportError:
        pass
    else:
        found["polars read_ndjson + write_parquet (nothing checked)"] = lambda: polars.read_ndjson(
            source
        ).write_parquet(out / "polars.parquet")
    found["newsschema, bulk path, one process (every rule)"] = lambda: bulk_path(
        source, out / "bulk.parquet"
    )
    found["newsschema, bulk path, star layout, one process"] = lambda: bulk_path(
        source, out / "bulk-tables", star=True
    )
    found["newsschema, article by article, one process (every rule)"] = lambda: ns.write(
        ns.read(source), out / "ours.parquet"
    )
    found["newsschema, star layout, one process"] = lambda: ns.write(
        ns.read(source), out / "ours-tables", "tables"
    )
    for jobs in ("1", "2"):
        found[f"newsschema convert --jobs {jobs} (start-up included)"] = functools.partial(
            subprocess.run,
            [
                script,
                "convert",
                str(source),
                "-o",
                str(out / "cli.parquet"),
                "-f",
                "-q",
                "-j",
                jobs,
            ],
            check=True,
        )
    return found


def bulk_path(source: Path, target: Path, star: bool = False) -> None:
    """What ``convert`` does with valid JSON Lines, in this process: chunks by the bulk path."""
    with source.open("rb") as lines:
        chunks = iter(lambda: lines.readlines(CHUNK_BYTES), [])
        done = (bulk.check_lines(chunk) for chunk in chunks)
        parts = ((part.batch, len(part.taken)) for part in done)
        if star:
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            tables.write_encoded(target, parts)
            return
        with target.open("wb") as stream:
            parquet.write_encoded(stream, parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    results: dict[str, Any] = {}
    for name, scale, count in (
        ("typical", 1, options.articles),
        ("heavy", 6, max(options.articles // 6, 1)),
    ):
        source = corpus(count, options.data, scale)
        out = options.data / f"bulk-{name}"
        out.mkdir(parents=True, exist_ok=True)
        converting = interleaved(contenders(source, out), options.rounds, count)
        ns.write(ns.read(source), out / "ours.parquet")
        reading = interleaved(
            {
                "pq.read_table().to_pylist() (dicts, nothing checked)": lambda: pq.read_table(
                    out / "ours.parquet"  # noqa: B023 - used within this iteration
                ).to_pylist(),
                "newsschema.read (articles, every rule)": lambda: list(
                    ns.read(out / "ours.parquet")  # noqa: B023 - used within this iteration
                ),
            },
            options.rounds,
            count,
        )
        results[name] = {
            "articles": count,
            "jsonl_to_parquet": converting,
            "parquet_to_articles": reading,
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
