"""Databases as sinks: each sink's articles a second, beside its floor and what a user would
pick instead, in interleaved rounds on the same articles; then peak memory by load size.

    pip install -e '.[test,bench]'
    python benchmarks/databases.py [--articles 10000] [--rounds 3] [--memory 5000,20000]

Contenders (each load is a whole load into an empty database, keys and all):

- DuckDB: the sink (``duckdb:PATH``), against its floor as the issue sets it: our Parquet
  star tables written, then loaded by DuckDB's ``read_parquet`` into tables of no key;
- SQLite: the sink (``sqlite:PATH``);
- PostgreSQL (a server this script starts, as the tests do): the sink, against the floor
  (``adbc_ingest`` of the same star rows, by binary COPY, into tables of no key), against
  psycopg's binary COPY of the same rows (the other driver the sink could use), and against
  dlt merging the same articles by id (its own normalisation into child tables).

Figures are medians of the rounds with the spread of the ratios; JSON out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
from corpus import corpus
from timing import interleaved

import newsschema as ns
from newsschema.formats import parquet, tables
from newsschema.formats.sql import columns, postgresql, sqlite
from newsschema.formats.sql import duckdb as duckdb_sink

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import postgres


def _parts(articles: list[ns.Article]) -> list[tuple[pa.RecordBatch, int]]:
    return [(parquet.encode(batch), len(batch)) for batch in parquet.batches(articles)]


def _fresh(folder: Path, name: str) -> Path:
    path = folder / name
    if path.is_dir():
        shutil.rmtree(path)
    for stale in folder.glob(f"{name}*"):
        stale.unlink()
    return path


def _star_rows(parts: list[tuple[pa.RecordBatch, int]]) -> dict[str, list[pa.RecordBatch]]:
    found: dict[str, list[pa.RecordBatch]] = {name: [] for name in tables.TABLE_SCHEMAS}
    position = 0
    for batch, _ in parts:
        for name, rows in tables.star(batch, position).items():
            found[name].append(rows)
        position += batch.num_rows
    return found


def _duckdb_floor(parts: list[tuple[pa.RecordBatch, int]], folder: Path) -> None:
    star = _fresh(folder, "floor-tables")
    star.mkdir()
    tables.write_encoded(star, parts)
    path = _fresh(folder, "floor.duckdb")
    with duckdb.connect(str(path)) as connection:
        for name in tables.TABLE_SCHEMAS:
            connection.execute(
                f"CREATE TABLE \"{name}\" AS SELECT * FROM read_parquet('{star / name}.parquet')"
            )


def _database(uri: str, name: str) -> str:
    import adbc_driver_postgresql.dbapi as dbapi

    with dbapi.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    return uri.replace("@/postgres?", f"@/{name}?")


def _json_text(rows: pa.RecordBatch) -> pa.RecordBatch:
    """The star rows as the sink stages them: nested values as JSON text."""
    return postgresql._json_columns(rows, "")


def _adbc_floor(uri: str, star: dict[str, list[pa.RecordBatch]]) -> None:
    import adbc_driver_postgresql.dbapi as dbapi

    target = _database(uri, "floor_adbc")
    with dbapi.connect(target) as connection, connection.cursor() as cursor:
        for name, batches in star.items():  # one COPY a table, as psycopg's below
            rows = pa.concat_batches(batches)
            cursor.adbc_ingest(name, _json_text(rows), mode="create_append")
        connection.commit()


def _psycopg_copy(uri: str, star: dict[str, list[pa.RecordBatch]]) -> None:
    import psycopg
    from psycopg.types.json import Jsonb

    target = _database(uri, "floor_psycopg")
    host = target.split("host=")[1].split("&")[0]
    port = target.split("port=")[1]
    name = target.split("@/")[1].split("?")[0]
    with psycopg.connect(host=host, port=port, dbname=name, user="postgres") as connection:
        for statement in columns.create("postgresql", keyed=False):
            if statement.startswith("CREATE TABLE"):
                connection.execute(statement)
        with connection.cursor() as cursor:
            for table, batches in star.items():
                kinds = [f.type for f in tables.TABLE_SCHEMAS[table]]
                nested = [columns.nested(kind, "postgresql") for kind in kinds]
                names = ", ".join(f'"{f.name}"' for f in tables.TABLE_SCHEMAS[table])
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for rows in batches:
                        for row in rows.to_pylist():
                            copy.write_row(
                                [
                                    Jsonb(value, dumps=_dumps)
                                    if wrap and value is not None
                                    else value
                                    for value, wrap in zip(row.values(), nested, strict=True)
                                ]
                            )


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()  # dates and timestamps too, as the sink writes them


def _dlt_merge(uri: str, articles: list[dict[str, Any]], folder: Path) -> None:
    import dlt

    target = _database(uri, "dlt")
    host = target.split("host=")[1].split("&")[0]
    port = target.split("port=")[1]
    name = target.split("@/")[1].split("?")[0]
    credentials = f"postgresql://postgres:unused@localhost:{port}/{name}?host={host}"  # a socket
    pipeline = dlt.pipeline(
        pipeline_name="newsschema_bench",
        destination=dlt.destinations.postgres(credentials),
        dataset_name="news",
        pipelines_dir=str(_fresh(folder, "dlt-pipelines")),
    )
    pipeline.run(articles, table_name="articles", write_disposition="merge", primary_key="id")


def contenders(
    articles: list[ns.Article], folder: Path, uri: str | None
) -> dict[str, Callable[[], Any]]:
    parts = _parts(articles)
    found: dict[str, Callable[[], Any]] = {
        "DuckDB sink (keys, one transaction)": lambda: duckdb_sink.write_encoded(
            str(_fresh(folder, "sink.duckdb")), parts
        ),
        "DuckDB sink, keys=articles (a key on articles only)": lambda: duckdb_sink.write_encoded(
            str(_fresh(folder, "bare.duckdb")), parts, keys="articles"
        ),
        "DuckDB floor: our star Parquet, then read_parquet into tables of no key": lambda: (
            _duckdb_floor(parts, folder)
        ),
        "SQLite sink (keys, one transaction)": lambda: sqlite.write_encoded(
            str(_fresh(folder, "sink.sqlite")), parts
        ),
    }
    if uri is None:
        return found
    star = _star_rows(parts)
    found["PostgreSQL sink (ADBC binary COPY into the keyed tables)"] = lambda: (
        postgresql.write_encoded(_database(uri, "sink"), parts)
    )
    found["PostgreSQL floor: adbc_ingest (binary COPY) into tables of no key"] = lambda: (
        _adbc_floor(uri, star)
    )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pass
    else:
        found["PostgreSQL: psycopg binary COPY of the same rows, no key"] = lambda: _psycopg_copy(
            uri, star
        )
    try:
        import dlt  # noqa: F401
    except ImportError:
        pass
    else:
        plain = [json.loads(_canonical(article)) for article in articles]
        found["PostgreSQL: dlt merge by id (its own child tables)"] = lambda: _dlt_merge(
            uri, plain, folder
        )
    return found


def _canonical(article: ns.Article) -> bytes:
    import io

    stream = io.BytesIO()
    ns.write([article], stream, format="jsonl")
    return stream.getvalue()


MEMORY = """
import json, sys
import newsschema as ns
source, target, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
count = ns.write(ns.read(source), target, **options)
# VmHWM is this process's own high-water mark (ru_maxrss carries the parent's over exec)
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
peak = int(status) / 1024
print(json.dumps({"articles": int(count), "peak_mib": peak}))
"""


def memory(counts: list[int], folder: Path, uri: str | None) -> list[dict[str, Any]]:
    """Peak memory of a load by the sinks (a process each), for each size of load."""
    found = []
    for count in counts:
        source = corpus(count, folder)
        duck = f"duckdb:{_fresh(folder, 'memory.duckdb')}"
        targets = {"duckdb": (duck, {}),
                   "duckdb, memory_limit=256MB": (duck, {"memory_limit": "256MB"}),
                   "duckdb, memory_limit=128MB, keys=articles": (
                       duck, {"memory_limit": "128MB", "keys": "articles"}),
                   "sqlite": (f"sqlite:{_fresh(folder, 'memory.sqlite')}", {})}  # fmt: skip
        if uri is not None:
            targets["postgresql"] = (_database(uri, "memory"), {})
        for kind, (target, options) in targets.items():
            if target.startswith("duckdb:"):
                _fresh(folder, "memory.duckdb")
            done = subprocess.run(
                [sys.executable, "-c", MEMORY, str(source), target, json.dumps(options)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            found.append({"sink": kind, **json.loads(done.stdout)})
    return found


def _articles(source: Path, count: int) -> list[ns.Article]:
    found = []
    for article in ns.read(source):
        found.append(article)
        if len(found) == count:
            break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", default="5000,20000", help="load sizes for peak memory")
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    articles = _articles(corpus(options.articles, options.data), options.articles)
    with contextlib.ExitStack() as stack:
        uri = stack.enter_context(postgres.server()) if postgres.binaries() else None
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        timed = interleaved(contenders(articles, folder, uri), options.rounds, len(articles))
        for found in timed.values():
            found["articles_per_s"] = 1e6 / found["us_per_item"]
        sizes = [int(count) for count in options.memory.split(",") if count]
        peaks = memory(sizes, options.data, uri)
    print(json.dumps({"articles": len(articles), "speed": timed, "memory": peaks}, indent=2))


if __name__ == "__main__":
    main()
