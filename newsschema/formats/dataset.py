"""Parquet datasets: many parts, Hive-partitioned, committed by a manifest written last.

What :mod:`newsschema.dask` writes, and what any warehouse reads as one table::

    crawl/
      _newsschema_dataset.json          the manifest: the parts, in order, and the counts
      year=2021/month=12/part-00000.parquet
      year=2021/month=12/part-00001.parquet
      year=2022/month=01/part-00001.parquet
      year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-00002.parquet

Each part is a file of the nested layout (or, for the star layout, one file per table under
the table's folder: ``quotes/year=2021/month=12/part-00000.parquet``), named for the piece of
input it came from, so that names are the same however often a conversion runs. The
partition columns are in the paths only (``year``, ``month``, ``day`` of the publication
date as the article gives it, and ``language``), as Hive, Spark, DuckDB
(``hive_partitioning=true``), ``pyarrow.dataset`` and polars expect; an article without a
publication date, or with only a year, goes to Hive's default partition for what it lacks.

A dataset is read back by :func:`newsschema.read` from its manifest, part after part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsschema._version import __version__
from newsschema.errors import ValidationError
from newsschema.formats import manifests, parquet, registry, tables
from newsschema.formats._base import Record
from newsschema.model import SCHEMA_VERSION

__all__ = [
    "DEFAULT_PARTITION",
    "FORMAT",
    "KEYS",
    "LAYOUT",
    "MANIFEST",
    "groups",
    "is_dataset",
    "key_column",
    "manifest",
    "read",
]

MANIFEST = manifests.DATASET
LAYOUT = "newsschema dataset"
DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
"""The value Hive, Spark and DuckDB give a partition column that is null."""
KEYS = ("year", "month", "day", "language")
"""What a dataset may be partitioned by."""


is_dataset = manifests.is_dataset


def groups(batch: pa.RecordBatch, keys: Sequence[str]) -> list[tuple[str, pa.Array]]:
    """The Hive partitions of a batch's rows: each partition's path with its rows' indices.

    Partitions come in the order of their first row; rows keep their order within each.
    """
    if not keys:
        return [("", pa.array(range(batch.num_rows), pa.int64()))]
    columns = [key_column(batch, key) for key in keys]
    paths = pc.binary_join_element_wise(
        *(
            pc.binary_join_element_wise(f"{key}=", column, "")
            for key, column in zip(keys, columns, strict=True)
        ),
        "/",
    )
    encoded = pc.dictionary_encode(paths)
    found: list[tuple[str, pa.Array]] = []
    for index, path in enumerate(encoded.dictionary.to_pylist()):
        rows = pc.indices_nonzero(pc.equal(encoded.indices, index))
        found.append((path, rows))
    return sorted(found, key=lambda group: group[1][0].as_py())


def key_column(batch: pa.RecordBatch, key: str) -> pa.Array:
    """A partition column's values as text, the default partition where there is none."""
    if key == "language":
        return pc.fill_null(batch.column("language"), DEFAULT_PARTITION)
    moment = batch.column("date_published")
    offset = batch.column("date_published_offset_minutes")
    partial = batch.column("date_published_partial").field("edtf")
    # The date as the article gives it: a moment in its own offset, a day, month or year.
    minutes = pc.multiply(pc.cast(pc.fill_null(offset, 0), pa.int64()), 60_000_000)
    local = pc.add(pc.cast(moment, pa.timestamp("us")), pc.cast(minutes, pa.duration("us")))
    stated = pc.strftime(local, format="%Y-%m-%d")
    text = pc.coalesce(stated, partial)
    start, stop = {"year": (0, 4), "month": (5, 7), "day": (8, 10)}[key]
    part = pc.utf8_slice_codeunits(text, start, stop)
    return pc.if_else(pc.equal(pc.utf8_length(part), stop - start), part, DEFAULT_PARTITION)


def manifest(
    layout: str, partition_by: Sequence[str], parts: list[dict[str, Any]], counts: dict[str, int]
) -> bytes:
    """The manifest of a dataset, written last: what makes the parts a dataset."""
    document = {
        "layout": LAYOUT,
        "format": layout,
        "schema_version": SCHEMA_VERSION,
        "newsschema_version": __version__,
        "partition_by": list(partition_by),
        "counts": counts,
        "parts": parts,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def read(directory: Path) -> Iterator[Record]:
    """Read a dataset's articles, part after part, in the order of its manifest."""
    try:
        document = orjson.loads((directory / MANIFEST).read_bytes())
        parts = document["parts"]
        layout = document["format"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        yield Record(None, error=ValidationError.single("", f"not a readable dataset: {exc}"))
        return
    if layout == "parquet":
        for part in parts:
            with open(directory / part["path"], "rb") as stream:
                for record in parquet.read(stream):
                    yield Record(record.data, f"/{part['path']}{record.where}", record.error)
        return
    by_part: dict[str, dict[str, str]] = {}  # a part's name and group -> its tables' paths
    for part in parts:
        table, _, rest = part["path"].partition("/")
        by_part.setdefault(rest, {})[table] = part["path"]
    for rest, paths in by_part.items():
        files = {name: pq.ParquetFile(directory / path) for name, path in paths.items()}
        for record in tables.read_files(files):
            yield Record(record.data, f"/{rest}{record.where}", record.error)


FORMAT = registry.by_name("dataset")
"""This format, as the registry describes it."""
