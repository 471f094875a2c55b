"""The options of the readers and writers, each checked before anything is read or written.

A wrong name or value is one :class:`~newsschema.errors.FormatError` naming the option, the
value and what is allowed (the command line says it as a usage error, exit status 2): never
an exception from deep inside pyarrow or delta-rs after part of the work is done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsschema.errors import FormatError
from newsschema.limits import LARGEST, Limits

__all__ = ["COMPRESSIONS", "LAYOUTS", "check"]

Rule = Callable[[str, Any], None]
"""Checks one option's value; raises FormatError naming the option, the value and the fix."""

COMPRESSIONS = ("zstd", "snappy", "gzip", "brotli", "lz4", "none")
"""Parquet's compressions (those Arrow builds with)."""
LAYOUTS = ("parquet", "tables")
"""A table's layouts: the nested layout's one table, or the star layout's table per part."""


def _said(name: str, value: Any) -> str:
    shown = str(value).lower() if isinstance(value, bool) else repr(value)
    return f"option {name}={shown}"


def _boolean(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise FormatError(f"{_said(name, value)}: give true or false")


def _whole(minimum: int, unit: str, maximum: int = LARGEST) -> Rule:
    def rule(name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            shown = value if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
            raise FormatError(
                f"{_said(name, shown)}: give a whole number of {unit}, "
                f"from {minimum} to {maximum:,}"
            )

    return rule


def _one_of(choices: Sequence[str]) -> Rule:
    def rule(name: str, value: Any) -> None:
        if not isinstance(value, str) or value not in choices:
            raise FormatError(f"{_said(name, value)}: choose {_listed(choices)}")

    return rule


def _listed(choices: Sequence[str]) -> str:
    quoted = [repr(choice) for choice in choices]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _compression(name: str, value: Any) -> None:
    _one_of(COMPRESSIONS)(name, value)
    import pyarrow as pa

    if value != "none" and not pa.Codec.is_available(value):
        raise FormatError(f"{_said(name, value)}: this pyarrow is built without it")


def _partition_by(name: str, value: Any) -> None:
    from newsschema.formats import lake

    if isinstance(value, str) or (
        isinstance(value, (list, tuple)) and all(isinstance(key, str) for key in value)
    ):
        lake.partition_keys(value)  # names the keys it does not know
        return
    raise FormatError(f"{_said(name, value)}: give keys such as year,month (or a list of them)")


def _text(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FormatError(f"{_said(name, value)}: give a SQL condition, such as language = 'ar'")


def _name(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value or not value.replace("_", "a").isalnum():
        raise FormatError(f"{_said(name, value)}: give a name of letters, digits and _")


def _limits(name: str, value: Any) -> None:
    if not isinstance(value, Limits):
        raise FormatError(f"{_said(name, value)}: give a newsschema.Limits")


def _ninjs_version(name: str, value: Any) -> None:
    from newsschema.formats.ninjs.names import VERSIONS

    _one_of(VERSIONS)(name, value)


_WRITING: Mapping[str, Rule] = {
    "row_group_bytes": _whole(1, "bytes"),
    "compression": _compression,
    "upsert": _boolean,
    "replace": _boolean,
    "partition_by": _partition_by,
    "layout": _one_of(LAYOUTS),
    "extension": _boolean,
    "validate": _boolean,
    "schema": _name,
}
_READING: Mapping[str, Rule] = {
    "strict": _boolean,
    "limits": _limits,
    "captures_of_a_url": _one_of(("latest", "first")),
    "version": _whole(0, "versions"),
    "snapshot_id": _whole(0, "ids", 2**63 - 1),  # Iceberg's ids are any 64-bit long
    "validate": _boolean,
    "where": _text,
    "schema": _name,
}
_OF_FORMAT: Mapping[tuple[str, str], Rule] = {
    ("ninjs", "version"): _ninjs_version,  # a ninjs version written, not a table's
    # A database's layouts: the star layout's tables, or (DuckDB) one table of nested columns.
    ("duckdb", "layout"): _one_of(("tables", "nested")),
    ("duckdb", "keys"): _one_of(("all", "articles")),
    ("sqlite", "layout"): _one_of(("tables", "nested")),
    ("postgresql", "layout"): _one_of(("tables", "nested")),
}


def check(format_name: str, options: Mapping[str, Any], known: Sequence[str], doing: str) -> None:
    """Check a reader's (``doing="reading"``) or writer's options: names, then values.

    Raises:
        FormatError: an option the format does not take, or a value it cannot, in one line.
    """
    for name in options:
        if name not in known:
            takes = ", ".join(known) or "none"
            raise FormatError(
                f"format {format_name!r} takes no option {name!r} for {doing} (it takes: {takes})"
            )
    rules = _READING if doing == "reading" else _WRITING
    for name, value in options.items():
        rule = _OF_FORMAT.get((format_name, name)) or rules.get(name)
        if rule is not None:
            rule(name, value)
