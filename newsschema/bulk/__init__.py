"""The bulk path: lines of canonical JSON to the nested layout's Arrow columns, checked in Arrow.

Reading JSON Lines into Parquet article by article builds millions of Python objects only to
take them apart again. Here a chunk of lines is parsed by Arrow's JSON reader (C++) into
columns of the canonical JSON's shape, with the types the model gives every field, unknown
keys and duplicate keys refused; the rules are then checked on whole columns with
``pyarrow.compute``, and the columns turned into the nested layout's. Python runs once per
distinct value (a language tag, a date, a url), not once per article.

Nothing is decided here that the detailed path (:func:`newsschema.convert.structure_article`)
would decide otherwise: a line this path is unsure of (it breaks a rule, or holds what the
reader cannot tell apart, such as an explicit ``null``) is left to the detailed path, which
takes it or says what is wrong with it, exactly as it does for any line. The tests feed valid
and broken records to both and compare.

In stages: :mod:`.read` (Arrow reads the lines), :mod:`.columns` (each field's rules, the
nested layout's columns), :mod:`.whole` (the rules that relate an article's parts).

The other way, :func:`lines_of` writes rows of the nested layout as canonical lines without
building articles, and keeps a line only where this path reads back the very row it came from.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from typing import Any

import attrs
import orjson
import pyarrow as pa

from newsschema.bulk.columns import Chunk
from newsschema.bulk.read import JSON_SCHEMA, READ_THREADS, read_tables
from newsschema.convert import canonical_row
from newsschema.formats.arrow import NESTED_SCHEMA

__all__ = [
    "ENABLED",
    "JSON_SCHEMA",
    "READ_THREADS",
    "Checked",
    "Vouched",
    "check_lines",
    "lines_from",
    "lines_of",
]

ENABLED = os.environ.get("NEWSSCHEMA_BULK", "1") != "0"
"""Whether conversions take the bulk path (JSON Lines or Parquet to Parquet, tables, Delta,
Iceberg or JSON Lines); ``NEWSSCHEMA_BULK=0`` turns it off (the test suite runs both ways,
and a user may compare)."""


@attrs.frozen
class Checked:
    """What the bulk path made of a chunk of lines.

    Attributes:
        batch: the rows of the valid articles, in the nested layout, in the lines' order.
        taken: the positions (in the lines given) of the rows of ``batch``.
        left: the positions of the lines left to the detailed path.
        ids: the ids of the articles in ``batch``, in its order.
    """

    batch: pa.RecordBatch
    taken: list[int]
    left: list[int]
    ids: list[str]


def check_lines(lines: Sequence[bytes], data: bytes | None = None) -> Checked:
    """Check lines of canonical JSON and turn the valid ones into rows of the nested layout.

    ``data``, when the caller has it: the lines as one text, each ended by a newline (the
    block they were split from), which then is not made again.
    """
    # A line the reader could not read as one row is the detailed path's: one holding "null"
    # (a null may be there), a byte order mark, or white space alone (no row at all, which
    # would let a line of two objects pass unseen in the count of rows); and one that is not
    # an object from end to end as our lines are (a file of pretty-printed JSON, a binary
    # file), which the reader would be asked again and again to place in halves.
    left: set[int] = {
        i
        for i, line in enumerate(lines)
        if not line.startswith(b"{") or not line.endswith(_OBJECT_ENDS) or b"null" in line
    }
    tables: list[tuple[pa.Table, list[int]]] = []
    read_tables([i for i in range(len(lines)) if i not in left], lines, tables, left, data)
    batches: list[pa.RecordBatch] = []
    taken: list[int] = []
    for table, positions in tables:
        chunk = Chunk(table, [lines[i] for i in positions])
        batch = chunk.convert()
        keep = [row for row in range(table.num_rows) if row not in chunk.bad]
        left.update(positions[row] for row in chunk.bad)
        if len(keep) < table.num_rows:
            batch = batch.take(pa.array(keep, pa.int32()))
        batches.append(batch)
        taken.extend(positions[row] for row in keep)
    table = pa.Table.from_batches(batches, NESTED_SCHEMA)
    if any(earlier > later for earlier, later in itertools.pairwise(taken)):
        order = sorted(range(len(taken)), key=taken.__getitem__)  # back into the lines' order
        table = table.take(pa.array(order, pa.int64()))
    batch = _as_batch(table)
    return Checked(batch, sorted(taken), sorted(left), batch.column("id").to_pylist())


def _as_batch(table: pa.Table) -> pa.RecordBatch:
    """A table as one record batch (an empty one for no rows)."""
    batches = table.combine_chunks().to_batches()
    return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=NESTED_SCHEMA)


_OBJECT_ENDS = (b"}", b"}\r", b"}\n", b"}\r\n")


@attrs.frozen
class Vouched:
    """Rows of the nested layout the bulk path vouches for (:func:`lines_of`).

    Attributes:
        lines: each row's canonical line, ended by a newline, by the row's position.
        rows: those rows as the bulk path made them from their lines (equal to the rows
            given, in their order; built as every batch of the bulk path is built).
    """

    lines: dict[int, bytes]
    rows: pa.Table


def lines_of(rows: pa.Table, values: Sequence[dict[str, Any]]) -> Vouched:
    """Canonical JSON lines of rows of the nested layout, for those it can vouch for.

    ``values``: the rows as ``to_pylist`` gives them. A row's line is written from its
    columns in canonical form (:func:`newsschema.convert.canonical_row`), checked as any
    line is, and kept only when what the check makes of it is the row itself: then it is
    the article's canonical line, what building the article and writing it would give. The
    rows left are the detailed path's.
    """
    nothing = Vouched({}, NESTED_SCHEMA.empty_table())
    if not rows.schema.equals(NESTED_SCHEMA):
        return nothing
    lines: list[bytes] = []
    positions: list[int] = []
    for position, value in enumerate(values):
        try:
            lines.append(orjson.dumps(canonical_row(value)))
        except (TypeError, AttributeError, KeyError, ValueError, orjson.JSONEncodeError):
            continue  # not in the form a valid article's row has
        positions.append(position)
    done = check_lines(lines)
    if not done.taken:
        return nothing
    made = pa.Table.from_batches([done.batch])
    read = rows.take(pa.array([positions[i] for i in done.taken], pa.int64()))
    kept: Sequence[int] = range(len(done.taken))
    if not made.equals(read):  # row by row, to find those that differ
        kept = [k for k in kept if made.slice(k, 1).equals(read.slice(k, 1))]
        made = made.take(pa.array(kept, pa.int64()))
    return Vouched({positions[done.taken[k]]: lines[done.taken[k]] + b"\n" for k in kept}, made)


def lines_from(rows: pa.RecordBatch) -> bytes:
    """Rows of valid articles (the bulk path's, or encoded) as their canonical lines.

    What building each article and writing it gives (a property test holds it), without
    building them.
    """
    return b"".join(orjson.dumps(canonical_row(value)) + b"\n" for value in rows.to_pylist())
