"""The registry of wire formats: an explicit tuple, looked up by name or by file suffix.

Each format is described here, once; its functions live in its module, which is imported
only when one of them is first called: the command line starts without pyarrow, pyld or
trafilatura, and a run imports only the formats it reads and writes.
"""

from __future__ import annotations

import os
from pathlib import PurePath

from newsschema import compressed
from newsschema.errors import FormatError
from newsschema.formats._base import Format, Record, lazy

__all__ = ["FORMATS", "Format", "Record", "by_name", "by_path", "location_of"]


def _of(module: str, *names: str) -> dict[str, object]:
    """A format's functions, each imported from its module when first called."""
    return {name: lazy(f"newsschema.formats.{module}", name) for name in names}


_TABLE = ("upsert", "replace", "partition_by", "layout")
_PARQUET = ("row_group_bytes", "compression")
_DATABASE = ("upsert", "replace", "layout")

FORMATS: tuple[Format, ...] = (
    Format(
        name="json",
        suffixes=(".json",),
        description="canonical JSON: one article, or an array of them",
        read_options=("limits",),
        **_of("json", "read", "write"),  # type: ignore[arg-type]
    ),
    Format(
        name="jsonl",
        suffixes=(".jsonl", ".ndjson"),
        description="JSON Lines: one canonical article a line, streamed",
        read_options=("limits",),
        **_of("jsonl", "read", "write", "write_encoded"),  # type: ignore[arg-type]
        encode=lazy("newsschema.formats.jsonl", "encode_lines"),
    ),
    Format(
        name="jsonld",
        suffixes=(".jsonld",),
        description="JSON-LD: schema.org NewsArticle, one node or a @graph",
        read_options=("strict", "limits"),
        **_of("jsonld", "read", "write"),  # type: ignore[arg-type]
    ),
    Format(
        name="parquet",
        suffixes=(".parquet",),
        description="Parquet, nested: one row per article (the warehouse default)",
        options=_PARQUET,
        **_of("parquet", "read", "write", "encode", "write_encoded"),  # type: ignore[arg-type]
    ),
    Format(
        name="tables",
        suffixes=(),
        description="Parquet, star layout: a directory of tables keyed by article_id (for SQL)",
        options=_PARQUET,
        directory=True,
        **_of("tables", "read", "write", "encode", "write_encoded"),  # type: ignore[arg-type]
    ),
    Format(
        name="dataset",
        suffixes=(),
        description="a Parquet dataset of many parts, Hive-partitioned (written by convert "
        "--partition-by, with the dask extra)",
        directory=True,
        **_of("dataset", "read"),  # type: ignore[arg-type]
    ),
    Format(
        name="delta",
        suffixes=(),
        description="a Delta Lake table, named delta:PATH (append, or upsert=True by id)",
        options=_TABLE,
        read_options=("version",),
        location=True,
        encode=lazy("newsschema.formats.parquet", "encode"),
        **_of("delta", "read", "write", "write_encoded", "ids"),  # type: ignore[arg-type]
    ),
    Format(
        name="iceberg",
        suffixes=(),
        description="an Apache Iceberg table, named iceberg:CATALOG.NAMESPACE.TABLE",
        options=_TABLE,
        read_options=("snapshot_id",),
        location=True,
        encode=lazy("newsschema.formats.parquet", "encode"),
        **_of("iceberg", "read", "write", "write_encoded", "ids"),  # type: ignore[arg-type]
    ),
    Format(
        name="duckdb",
        suffixes=(),
        description="a DuckDB database: the star layout's tables, keyed, one row per id (a "
        "load in one transaction, upsert=True, replace=True), or layout=nested: one table",
        options=(*_DATABASE, "memory_limit", "keys"),
        read_options=("where",),
        location=True,
        encode=lazy("newsschema.formats.parquet", "encode"),
        **_of("sql.duckdb", "read", "write", "write_encoded", "ids"),  # type: ignore[arg-type]
    ),
    Format(
        name="sqlite",
        suffixes=(),
        description="a SQLite database: the star layout's tables, keyed, nested values as JSON "
        "text",
        options=_DATABASE,
        read_options=("where",),
        location=True,
        encode=lazy("newsschema.formats.parquet", "encode"),
        **_of("sql.sqlite", "read", "write", "write_encoded", "ids"),  # type: ignore[arg-type]
    ),
    Format(
        name="postgresql",
        suffixes=(),
        description="a PostgreSQL database, named by a libpq URI (postgresql://USER@HOST/DB): "
        "the star layout's tables, keyed, lists as arrays, structs as jsonb",
        options=(*_DATABASE, "schema"),
        read_options=("where", "schema"),
        location=True,
        encode=lazy("newsschema.formats.parquet", "encode"),
        **_of("sql.postgresql", "read", "write", "write_encoded", "ids"),  # type: ignore[arg-type]
    ),
    Format(
        name="html",
        suffixes=(".html", ".htm"),
        description="HTML page (read only): the article in its JSON-LD, with the page's own "
        "metadata and main text where the markup lacks them",
        read_options=("strict", "limits"),
        **_of("html", "read"),  # type: ignore[arg-type]
    ),
    Format(
        name="ninjs",
        suffixes=(".ninjs",),
        description="IPTC ninjs 2.x/3.x (news agencies' JSON): read; written as 3.1 or 2.2, "
        "with an extension that keeps everything",
        options=("version", "extension"),
        read_options=("strict", "limits", "validate"),
        **_of("ninjs", "read", "write"),  # type: ignore[arg-type]
    ),
    Format(
        name="warc",
        suffixes=(".warc", ".warc.gz"),
        description="a crawl (read only): the articles of a WARC file's HTML pages",
        read_options=("strict", "limits", "captures_of_a_url"),
        **_of("warc", "read"),  # type: ignore[arg-type]
    ),
)
"""Every format newsschema knows, in the order ``newsschema formats`` lists them."""


def by_name(name: str) -> Format:
    """Return the format called ``name``.

    Raises:
        FormatError: no format has that name; the message lists the known names.
    """
    for candidate in FORMATS:
        if candidate.name == name:
            return candidate
    known = ", ".join(candidate.name for candidate in FORMATS)
    raise FormatError(f"unknown format {name!r} (known formats: {known})")


def location_of(where: object) -> tuple[Format, str] | None:
    """The table a name such as ``delta:warehouse/articles`` names: its format and location."""
    if not isinstance(where, str) or ":" not in where:
        return None
    name, _, location = where.partition(":")
    for candidate in FORMATS:
        if candidate.location and candidate.name == name and location:
            return candidate, location
    return None


_COMPRESSIBLE = (".json", ".jsonl", ".ndjson", ".jsonld", ".html", ".htm", ".ninjs", ".warc")
"""Suffixes of formats read through a compression (``.jsonl.gz``, ``.json.zst``): those read
as a stream of text or records (Parquet compresses itself, and a crawl's gzip is its own)."""


def by_path(path: str | PurePath) -> Format:
    """Return the format that a path selects.

    A file's suffix selects a file format (case does not matter); a path written with a
    trailing slash selects the star layout, ``tables``.

    Raises:
        FormatError: the suffix is not one newsschema knows; the message lists those it knows.
    """
    if isinstance(path, str) and path.endswith(("/", os.sep)):
        return by_name("tables")
    suffix = PurePath(path).suffix.lower()
    name = PurePath(path).name.lower()
    for candidate in FORMATS:  # a double suffix first: crawl.warc.gz
        if any(s.count(".") > 1 and name.endswith(s) for s in candidate.suffixes):
            return candidate
    for candidate in FORMATS:
        if suffix in candidate.suffixes:
            return candidate
    inner = compressed.inner_name(path)
    if inner is not None and PurePath(inner).suffix.lower() in _COMPRESSIBLE:
        return by_path(inner)  # articles.jsonl.gz: JSON Lines, decompressed as read
    known = ", ".join(suffix for candidate in FORMATS for suffix in candidate.suffixes)
    shown = f"suffix {suffix!r}" if suffix else "no suffix"
    raise FormatError(
        f"{str(path)!r} has {shown}, which names no format "
        f"(known: {known}, or a trailing / for a directory of tables)"
    )
