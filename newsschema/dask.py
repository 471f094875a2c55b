"""Conversion beyond one machine, on Dask: articles as a bag, and Parquet datasets.

Needs the ``dask`` extra (``pip install 'newsschema[dask]'``)::

    from dask.distributed import Client
    from newsschema.dask import read_bag, to_dataset

    articles = read_bag("s3://archive/2021/*.jsonl")          # a dask.bag of Article
    summary = to_dataset("s3://archive/2021/*.jsonl", "s3://lake/articles",
                         partition_by=["year", "month"], rejects="rejects.jsonl",
                         client=Client("tcp://scheduler:8786"))

The input is cut into pieces: one file, or one block of a large JSON Lines file. Each piece
is converted by a task with the very code a conversion in one process uses (the bulk path,
the detailed path for what it leaves, the same messages), and written as its own parts,
each under a temporary name renamed when whole. The run is committed last: what the pieces
left aside is settled in reading order (an article id already taken by an earlier piece is
a reject, as in one process), the manifest naming every part is written, stray files of
failed or retried tasks are removed, and the dataset is put in place — on a local disk by
one rename (the previous version replaced whole with ``force``), elsewhere by moving the
parts and writing the manifest after them. Inputs and the target are paths or fsspec URLs
(``file://``, ``memory://``, ``s3://``, ``gs://``, ...), passed to fsspec untouched.
"""

from __future__ import annotations

import contextlib
import glob
import io
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import orjson
import pyarrow as pa

try:
    import dask
    import dask.bag
    import fsspec
    from fsspec.implementations.local import LocalFileSystem
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError("newsschema.dask needs Dask: pip install 'newsschema[dask]'") from exc

from newsschema import formats, parallel
from newsschema.errors import FormatError, ValidationError
from newsschema.formats import dataset, jsonl
from newsschema.formats._base import Record
from newsschema.io import article_from, atomic_directory, read_records, resolve_format
from newsschema.limits import DEFAULT_LIMITS, Limits
from newsschema.model import Article

__all__ = ["BLOCK_BYTES", "Piece", "Summary", "pieces", "read_bag", "to_dataset"]

BLOCK_BYTES = 128 * 1024 * 1024
"""A JSON Lines file larger than this is cut into blocks of about this size, one task each."""


@attrs.frozen
class Piece:
    """A piece of the input that one task converts: a file, or a block of JSON Lines.

    Attributes:
        number: its place in the run, which names its parts (``part-00012``).
        url: the file, as fsspec opens it.
        shown: the file as messages name it.
        format: the file's format.
        start: for a block, the byte where it starts (its first line is the first to start
            there or after).
        stop: for a block, the byte before which its last line starts; None: the file's end.
    """

    number: int
    url: str
    shown: str
    format: str
    start: int = 0
    stop: int | None = None


@attrs.frozen
class Summary:
    """What a conversion to a dataset did."""

    read: int
    written: int
    rejected: int
    parts: int
    size: int
    target: str


def pieces(
    inputs: str | Sequence[str], format: str | None = None, block_bytes: int = BLOCK_BYTES
) -> list[Piece]:
    """Cut the inputs into pieces, in reading order.

    An input is a file, a folder (the files below it with a suffix newsschema reads, in
    name order) or a glob, as a path or an fsspec URL.
    """
    readable = tuple(s for known in formats.FORMATS if known.read for s in known.suffixes)
    found: list[Piece] = []
    for name in [inputs] if isinstance(inputs, str) else inputs:
        fs, path = fsspec.core.url_to_fs(name)
        # A local file keeps the name it was given (as messages name it); a URL its scheme.
        local = isinstance(fs, LocalFileSystem) and not name.startswith("file://")
        prefix = "" if local else name.split("://", 1)[0] + "://"
        if fs.isdir(path):
            below = sorted(
                entry
                for entry in fs.find(path)
                if entry.lower().endswith(readable) and "/." not in entry[len(path) :]
            )
            paths = (
                [str(Path(name) / Path(entry).relative_to(path)) for entry in below]
                if (local)
                else below
            )
        elif any(c in name for c in "*?["):
            paths = sorted(glob.glob(name, recursive=True)) if local else sorted(fs.glob(path))
        else:
            paths = [name if local else path]
        if not paths:
            raise FormatError(f"{name}: no file to read")
        for found_path in paths:
            url = prefix + found_path
            chosen = resolve_format(url, format, writing=False)
            if chosen.directory:
                raise FormatError(f"{url}: a {chosen.name} folder cannot be cut into pieces")
            size = fs.size(found_path)
            shown = url if prefix not in ("", "file://") else found_path
            if chosen is jsonl.FORMAT and size > block_bytes:
                for start in range(0, size, block_bytes):
                    stop = min(start + block_bytes, size)
                    found.append(Piece(len(found), url, shown, chosen.name, start, stop))
            else:
                found.append(Piece(len(found), url, shown, chosen.name))
    return found


def read_bag(
    inputs: str | Sequence[str],
    format: str | None = None,
    *,
    block_bytes: int = BLOCK_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> dask.bag.Bag:
    """A bag of the inputs' articles: one partition per file, or per block of a large one.

    Computing it raises the first record that is not a valid article, as :func:`read` does;
    :func:`to_dataset` keeps them aside instead.
    """
    planned = pieces(inputs, format, block_bytes)
    return dask.bag.from_sequence(planned, npartitions=max(len(planned), 1)).map_partitions(
        _articles, limits=limits
    )


def _articles(planned: Iterable[Piece], limits: Limits) -> list[Article]:
    """The articles of a partition's pieces (a list: a partition goes between processes)."""
    articles = []
    for piece in planned:
        items, _ = _items(piece, limits)
        for item in items:
            record = item if isinstance(item, Record) else jsonl.record_of(*item)
            articles.append(article_from(record, piece.shown))
    return articles


def _items(piece: Piece, limits: Limits) -> tuple[list[parallel.Item], int]:
    """The records of a piece (lines of JSON Lines, numbered from its first), and its lines."""
    with fsspec.open(piece.url, "rb") as stream:
        if piece.format == "jsonl":
            data = _block(stream, piece.start, piece.stop)
            items = list(jsonl.lines(io.BytesIO(data), limits))
            return items, data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        chosen = formats.by_name(piece.format)
        options = {"limits": limits} if "limits" in chosen.read_options else {}
        return list(read_records(io.BytesIO(stream.read()), piece.format, **options)), 0


def _block(stream: Any, start: int, stop: int | None) -> bytes:
    """The lines that start in ``[start, stop)``: a block of a JSON Lines file."""
    if start:
        stream.seek(start - 1)
        stream.readline()  # the end of the line that started before the block
    lines = []
    position = stream.tell()
    while stop is None or position < stop:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        position += len(line)
    return b"".join(lines)


_OK, _REJECTED, _TAKEN = "ok", "rejected", "taken"


@attrs.frozen
class _Converted:
    """What a task made of a piece, for the driver to settle and commit.

    ``outcomes`` has each record's place, its article's id (None for a reject) and what
    became of it: written, rejected, or left out because an earlier piece took its id.
    """

    number: int
    lines: int
    outcomes: list[tuple[str, str | None, str]]
    parts: list[dict[str, Any]]  # the files written, as the manifest lists them
    rejects: str | None  # the file of reject lines, relative to the root
    left_out: dict[str, bytes]  # place -> the record as JSON, for the records left out
    warnings: list[tuple[str, tuple[str, ...]]]
    first_error: ValidationError | None


def _convert(
    piece: Piece,
    root: str,
    layout: str,
    partition_by: Sequence[str],
    limits: Limits,
    leave_out: frozenset[str] = frozenset(),
) -> _Converted:
    """In a task: convert a piece and write its parts, leaving out the records at ``leave_out``.

    Checked as a conversion in one process checks (the bulk path, the detailed path for what
    it leaves); the valid rows are partitioned, and each partition written as a part.
    """
    fs, root_path = fsspec.core.url_to_fs(root)
    items, lines = _items(piece, limits)
    source = (piece.number, piece.shown, items)
    outcomes, part, _ = parallel.check_task([source], None, limits, "parquet", keep=True)
    kept_rows: list[int] = []
    left_out: dict[str, bytes] = {}
    compact: list[tuple[str, str | None, str]] = []
    reject_lines: list[bytes] = []
    row = 0
    for outcome in outcomes:
        if outcome.error is not None:
            reject_lines.append(outcome.reject or b"")
            compact.append((outcome.place, None, _REJECTED))
            continue
        if outcome.place in leave_out:
            left_out[outcome.place] = _record_json(items, outcome.place)
            compact.append((outcome.place, outcome.article_id, _TAKEN))
        else:
            kept_rows.append(row)
            compact.append((outcome.place, outcome.article_id, _OK))
        row += 1
    written: list[dict[str, Any]] = []
    if part is not None and kept_rows:
        batch: pa.RecordBatch = part[0]
        if len(kept_rows) < batch.num_rows:
            batch = batch.take(pa.array(kept_rows, pa.int64()))
        name = f"part-{piece.number:05d}"
        for group, rows in dataset.groups(batch, partition_by):
            written.extend(dataset.write_part(fs, root_path, group, name, batch.take(rows), layout))
    rejects = None
    if reject_lines:
        rejects = f"_rejects/part-{piece.number:05d}.jsonl"
        fs.makedirs(f"{root_path}/_rejects", exist_ok=True)
        fs.pipe_file(f"{root_path}/{rejects}", b"".join(reject_lines))
    first_error = next((o.error for o in outcomes if o.error is not None), None)
    if first_error is not None:  # without the chain of what raised it, which may not pickle
        first_error = ValidationError(first_error.problems, first_error.where)
    warnings = [(outcome.place, outcome.warnings) for outcome in outcomes if outcome.warnings]
    return _Converted(
        piece.number, lines, compact, written, rejects, left_out, warnings, first_error
    )


def _record_json(items: list[parallel.Item], place: str) -> bytes:
    """The record at a place of a piece, as JSON (for the reject line of a taken id)."""
    for item in items:
        if isinstance(item, Record):
            if item.where == place:
                return orjson.dumps(item.data, default=str, option=orjson.OPT_NON_STR_KEYS)
        elif f":{item[0]}" == place:
            return item[1].rstrip(b"\r\n")
    raise LookupError(place)


def to_dataset(
    inputs: str | Sequence[str],
    target: str,
    *,
    layout: str = "parquet",
    partition_by: Sequence[str] = (),
    rejects: str | None = None,
    format: str | None = None,
    client: Any = None,
    force: bool = False,
    block_bytes: int = BLOCK_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> Summary:
    """Convert the inputs into a Parquet dataset at ``target``, a piece per task.

    Args:
        inputs: paths, fsspec URLs, folders or globs, of any format newsschema reads.
        target: the dataset's folder, a path or an fsspec URL.
        layout: ``"parquet"`` (the nested layout, a file per part) or ``"tables"`` (the star
            layout, a folder per table).
        partition_by: Hive partition keys, among ``year``, ``month``, ``day`` (of the
            publication date as the article gives it) and ``language``.
        rejects: a file (path or URL) for the invalid records, as JSON Lines with their
            problems, in reading order; without it, an invalid record stops the run and
            nothing is written.
        format: the inputs' format, when their suffixes do not say.
        client: a ``distributed.Client``, or a scheduler's address (``tcp://host:8786``),
            or one of Dask's local schedulers (``"processes"``, the default, ``"threads"``,
            ``"sync"``).
        force: replace an existing dataset.
        block_bytes: JSON Lines files larger than this are cut into blocks of this size.
        limits: the limits every reader keeps.

    Raises:
        ValidationError: an invalid record (the first in reading order), when ``rejects``
            is None; nothing is written then.
        FormatError: an unknown key or layout, an input that cannot be read, or a target
            that exists (without ``force``) or is not a dataset.
    """
    unknown = [key for key in partition_by if key not in dataset.KEYS]
    if unknown:
        raise FormatError(
            f"cannot partition by {', '.join(unknown)}: choose among {', '.join(dataset.KEYS)}"
        )
    if layout not in ("parquet", "tables"):
        raise FormatError(f"layout {layout!r}: choose 'parquet' or 'tables'")
    planned = pieces(inputs, format, block_bytes)
    fs, root = fsspec.core.url_to_fs(target)
    if fs.exists(root) and not force:
        raise FormatError(f"{target} exists; give force=True (--force) to replace it")
    run = _Run(planned, fs, layout, tuple(partition_by), rejects, _scheduler(client), limits)
    if isinstance(fs, LocalFileSystem):
        with atomic_directory(Path(root), dataset.is_dataset) as building:
            return run.into(str(building), target)
    staging = f"{root.rstrip('/')}.{uuid.uuid4().hex[:8]}.staging"
    try:
        summary = run.into(staging, target)
        if fs.exists(root):
            fs.rm(root, recursive=True)
        for entry in sorted(fs.find(staging), key=lambda e: e.endswith(dataset.MANIFEST)):
            fs.mv(entry, root.rstrip("/") + entry[len(staging) :])  # the manifest last
        return summary
    finally:
        if fs.exists(staging):
            fs.rm(staging, recursive=True)


_LOCAL_SCHEDULERS = ("processes", "threads", "sync")


def _scheduler(client: Any) -> Any:
    """What to compute with: a client, a client reached by address, or a local scheduler."""
    if not isinstance(client, str) or client in _LOCAL_SCHEDULERS:
        return client
    from distributed import Client

    return Client(client)


@attrs.define
class _Run:
    """One conversion to a dataset: the pieces, where they go, and how they are checked."""

    planned: list[Piece]
    fs: Any
    layout: str
    partition_by: tuple[str, ...]
    rejects: str | None
    scheduler: Any
    limits: Limits

    def into(self, root: str, target: str) -> Summary:
        """Convert every piece into ``root``, settle them in order, write the manifest."""
        done = self.compute(self.planned, root, {})
        ledger = _Ledger(self.planned, done)
        if ledger.taken:  # ids an earlier piece took: those pieces again, without them
            for number in ledger.taken:
                for part in done[number].parts:
                    self.fs.rm(f"{root}/{part['path']}")
            again = [self.planned[number] for number in sorted(ledger.taken)]
            done.update(self.compute(again, root, ledger.taken))
        lines, first_error = ledger.settle(done, self.fs, root)
        if first_error is not None and self.rejects is None:
            raise first_error
        parts = [part for number in sorted(done) for part in done[number].parts]
        if self.rejects is not None:
            with fsspec.open(self.rejects, "wb") as stream:
                stream.write(b"".join(lines))
        if self.fs.exists(f"{root}/_rejects"):
            self.fs.rm(f"{root}/_rejects", recursive=True)
        _remove_strays(self.fs, root, {part["path"] for part in parts})
        counts = {"read": ledger.read, "written": ledger.written, "rejected": len(lines)}
        manifest = dataset.manifest(self.layout, self.partition_by, parts, counts)
        self.fs.pipe_file(f"{root}/{dataset.MANIFEST}", manifest)
        size = sum(part["bytes"] for part in parts)
        return Summary(ledger.read, ledger.written, len(lines), len(parts), size, target)

    def compute(
        self, planned: list[Piece], root: str, leave_out: dict[int, set[str]]
    ) -> dict[int, _Converted]:
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        url = root if protocol in ("file", "local") else f"{protocol}://{root}"
        tasks = [
            dask.delayed(_convert)(
                piece,
                url,
                self.layout,
                self.partition_by,
                self.limits,
                frozenset(leave_out.get(piece.number, ())),
            )
            for piece in planned
        ]
        results = dask.compute(*tasks, scheduler=self.scheduler or "processes")
        return {result.number: result for result in results}


class _Ledger:
    """The run's records in reading order: ids taken, and lines counted across blocks."""

    def __init__(self, planned: list[Piece], done: dict[int, _Converted]) -> None:
        self.planned = planned
        self.bases: dict[int, int] = {}
        self.taken: dict[int, set[str]] = {}  # piece -> places whose id an earlier one took
        self.first: dict[tuple[int, str], str] = {}  # (piece, place) -> where the id was first
        self.read = 0
        self.written = 0
        lines_before: dict[str, int] = {}
        seen: dict[str, str] = {}
        for piece in planned:
            base = lines_before.get(piece.url, 0)
            self.bases[piece.number] = base
            lines_before[piece.url] = base + done[piece.number].lines
            for place, article_id, _ in done[piece.number].outcomes:
                if article_id is None:
                    continue
                where = f"{piece.shown}{self.place(piece.number, place)}"
                first = seen.setdefault(article_id, where)
                if first != where:
                    self.taken.setdefault(piece.number, set()).add(place)
                    self.first[(piece.number, place)] = first

    def place(self, number: int, place: str) -> str:
        """A place in a piece as a place in its file: lines counted from the file's first."""
        base = self.bases[number]
        if base and place.startswith(":") and place[1:].isdigit():
            return f":{int(place[1:]) + base}"
        return place

    def settle(
        self, done: dict[int, _Converted], fs: Any, root: str
    ) -> tuple[list[bytes], ValidationError | None]:
        """The reject lines in reading order, and the first invalid record's error."""
        lines: list[bytes] = []
        first_error: ValidationError | None = None
        for piece in self.planned:
            result = done[piece.number]
            rejected = iter(self._rejects(result, fs, root))
            for place, article_id, fate in result.outcomes:
                self.read += 1
                if fate == _OK:
                    self.written += 1
                elif fate == _REJECTED:
                    lines.append(next(rejected))
                    if first_error is None and result.first_error is not None:
                        first_error = self._placed(piece, result.first_error)
                else:
                    line, error = self._taken(piece, place, article_id, result.left_out[place])
                    lines.append(line)
                    first_error = first_error or error
        return lines, first_error

    def _rejects(self, result: _Converted, fs: Any, root: str) -> list[bytes]:
        if result.rejects is None:
            return []
        found: list[bytes] = fs.cat_file(f"{root}/{result.rejects}").splitlines(keepends=True)
        if not self.bases[result.number]:
            return found
        fixed = []
        for line in found:
            entry = orjson.loads(line)
            entry["where"] = self.place(result.number, entry["where"] or "")
            fixed.append(orjson.dumps(entry, option=orjson.OPT_NON_STR_KEYS) + b"\n")
        return fixed

    def _placed(self, piece: Piece, error: ValidationError) -> ValidationError:
        where = error.where or ""
        if where.startswith(piece.shown):
            where = piece.shown + self.place(piece.number, where[len(piece.shown) :])
        return error.at(where)

    def _taken(
        self, piece: Piece, place: str, article_id: str | None, record: bytes
    ) -> tuple[bytes, ValidationError]:
        """The reject line of an article whose id an earlier one took, as one process says it."""
        first = self.first[(piece.number, place)]
        problem = f"the id {article_id!r} is already the id of the article at {first}"
        where = self.place(piece.number, place)
        error = ValidationError.single("id", problem).at(f"{piece.shown}{where}")
        line = parallel.reject_line_of(piece.shown, where, error, orjson.loads(record))
        return line, error


def _remove_strays(fs: Any, root: str, parts: set[str]) -> None:
    """Remove what failed or retried tasks left: temporary files, parts no manifest names."""
    root = root.rstrip("/")
    for entry in fs.find(root):
        relative = entry[len(root) + 1 :]
        if relative not in parts:
            with contextlib.suppress(FileNotFoundError):
                fs.rm(entry)
