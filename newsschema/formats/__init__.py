"""The registry of wire formats: an explicit tuple, looked up by name or by file suffix."""

from __future__ import annotations

import os
from pathlib import PurePath

from newsschema.errors import FormatError
from newsschema.formats import (
    dataset,
    delta,
    html,
    iceberg,
    json,
    jsonl,
    jsonld,
    ninjs,
    parquet,
    tables,
    warc,
)
from newsschema.formats._base import Format, Record

__all__ = ["FORMATS", "Format", "Record", "by_name", "by_path", "location_of"]

FORMATS: tuple[Format, ...] = (
    json.FORMAT,
    jsonl.FORMAT,
    jsonld.FORMAT,
    parquet.FORMAT,
    tables.FORMAT,
    dataset.FORMAT,
    delta.FORMAT,
    iceberg.FORMAT,
    html.FORMAT,
    ninjs.FORMAT,
    warc.FORMAT,
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


def by_path(path: str | PurePath) -> Format:
    """Return the format that a path selects.

    A file's suffix selects a file format (case does not matter); a path written with a
    trailing slash selects the star layout, ``tables``.

    Raises:
        FormatError: the suffix is not one newsschema knows; the message lists those it knows.
    """
    if isinstance(path, str) and path.endswith(("/", os.sep)):
        return tables.FORMAT
    suffix = PurePath(path).suffix.lower()
    name = PurePath(path).name.lower()
    for candidate in FORMATS:  # a double suffix first: crawl.warc.gz
        if any(s.count(".") > 1 and name.endswith(s) for s in candidate.suffixes):
            return candidate
    for candidate in FORMATS:
        if suffix in candidate.suffixes:
            return candidate
    known = ", ".join(suffix for candidate in FORMATS for suffix in candidate.suffixes)
    shown = f"suffix {suffix!r}" if suffix else "no suffix"
    raise FormatError(
        f"{str(path)!r} has {shown}, which names no format "
        f"(known: {known}, or a trailing / for a directory of tables)"
    )
