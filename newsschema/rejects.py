"""Lines of a rejects file: a record that is not an article, with where it was and why.

One JSON line each, the same from the command line (``--rejects``), from Python
(``read(..., rejects=)``), from every core and from a cluster.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson

from newsschema.errors import ValidationError
from newsschema.formats._base import Record

__all__ = ["original", "reject_line", "reject_line_of"]


def reject_line(record: Record, shown: str, error: ValidationError) -> bytes:
    """A record that is not an article, as one line of a rejects file."""
    return reject_line_of(shown, record.where, error, original(record))


def original(record: Record) -> Any:
    """The record as it was found.

    Its data; the text of what could not be read; or its bytes, where they are not UTF-8.
    """
    if record.data is None and record.raw is not None:
        try:
            return record.raw.decode("utf-8")
        except UnicodeDecodeError:
            return record.raw
    return record.data


def reject_line_of(shown: str, where: str, error: ValidationError, original: Any) -> bytes:
    """A reject line from its parts: the source, the place, the problems and the record.

    A record whose bytes are not UTF-8 cannot be JSON text: it is given whole as
    ``record_base64`` instead of ``record``, so that not a byte of it is lost.
    """
    entry: dict[str, Any] = {
        "source": shown,
        "where": where or None,
        "problems": [{"path": p.path, "message": p.message} for p in error.problems],
    }
    if isinstance(original, bytes):
        entry["record_base64"] = base64.b64encode(original).decode("ascii")
    else:
        entry["record"] = original
    return orjson.dumps(entry, default=str, option=orjson.OPT_NON_STR_KEYS) + b"\n"
