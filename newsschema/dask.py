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
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import orjson
import pyarrow as pa

from newsschema.errors import install_hint

try:
    import dask
    import dask.bag
    import fsspec
    from fsspec.implementations.local import LocalFileSystem
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError("newsschema.dask needs Dask: " + install_hint("dask")) from exc

from newsschema import bulk, formats, parallel
from newsschema import rejects as rejects_lines
from newsschema.errors import FormatError, ValidationError
from newsschema.formats import dataset, jsonl, parquet, tables
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
    warnings: tuple[str, ...] = ()
    """What foreign records had that was not kept, ``place: note``, in reading order."""


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
            if local:  # as the folder was named, then the path below it
                paths = [str(Path(name) / Path(entry).relative_to(path)) for entry in below]
            else:
                paths = below
        elif any(c in name for c in "*?["):
            paths = sorted(glob.glob(name, recursive=True)) if local else sorted(fs.glob(path))
        else:
            paths = [name if local else path]
        if not paths:
            raise FormatError(f"{name}: no file to read")
        for found_path in paths:
            # Workers open it: a local path is made absolute (their folder may be another).
            url = prefix + found_path if prefix else os.path.abspath(found_path)
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
        for chunk in _chunks(piece, limits, []):
            for item in chunk:
                record = item if isinstance(item, Record) else jsonl.record_of(*item)
                articles.append(article_from(record, piece.shown))
    return articles


def _chunks(piece: Piece, limits: Limits, counted: list[int]) -> Iterator[list[parallel.Item]]:
    """The records of a piece in chunks, as they are read.

    Lines are numbered from the piece's first; ``counted`` gets the number of lines read.
    """
    with fsspec.open(piece.url, "rb") as stream:
        if piece.format != "jsonl":
            chosen = formats.by_name(piece.format)
            options = {"limits": limits} if "limits" in chosen.read_options else {}
            yield list(read_records(io.BytesIO(stream.read()), piece.format, **options))
            counted.append(0)
            return
        block = _Block(stream, piece.start, piece.stop)
        chunk: list[parallel.Item] = []
        size = 0
        for item in jsonl.lines(block, limits):
            chunk.append(item)
            size += 0 if isinstance(item, Record) else len(item[1])
            if len(chunk) == parallel.CHUNK or size >= parallel.CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk
        counted.append(block.lines)


class _Block:
    """The lines of a JSON Lines file that start in ``[start, stop)``, as a stream of lines.

    A block of a large file: the line that crosses ``stop`` is its last.
    """

    def __init__(self, stream: Any, start: int, stop: int | None) -> None:
        self.stream = stream
        self.stop = stop
        self.lines = 0
        self.at_start = True  # of a line
        if start:
            stream.seek(start - 1)
            stream.readline()  # the end of the line that started before the block
        self.position: int = stream.tell()

    def readline(self, size: int = -1) -> bytes:
        if self.at_start and self.stop is not None and self.position >= self.stop:
            return b""
        line: bytes = self.stream.readline(size)
        if line and self.at_start:
            self.lines += 1
        self.position += len(line)
        self.at_start = line.endswith(b"\n")
        return line


class _Parts:
    """The parts one piece writes: a file (or a file per table) for each Hive partition.

    Filled as chunks come, in row groups, under a temporary name until all is written.
    """

    def __init__(self, fs: Any, root: str, name: str, layout: str, keys: Sequence[str]) -> None:
        self.fs, self.root, self.name, self.layout, self.keys = fs, root, name, layout, keys
        self.open: dict[str, dict[str, tuple[str, str, Any, Any, parquet.RowGroups]]] = {}
        self.articles: dict[str, int] = {}  # group -> its articles so far
        self.rows: dict[tuple[str, str], int] = {}  # (group, table) -> its rows so far
        self.stack = contextlib.ExitStack()

    def add(self, batch: pa.RecordBatch) -> None:
        for group, rows in dataset.groups(batch, self.keys):
            part = batch.take(rows)
            if self.layout == "parquet":
                files = {"": part}
            else:
                files = tables.star(part, self.articles.get(group, 0))
            self.articles[group] = self.articles.get(group, 0) + part.num_rows
            writers = self.open.setdefault(group, {})
            for table, rows_of_table in files.items():
                if table not in writers:
                    writers[table] = self._open(group, table, rows_of_table.schema)
                writers[table][4].add(rows_of_table)
                self.rows[(group, table)] = self.rows.get((group, table), 0) + len(rows_of_table)

    def _open(
        self, group: str, table: str, schema: pa.Schema
    ) -> tuple[str, str, Any, Any, parquet.RowGroups]:
        folder = "/".join(part for part in (table, group) if part)
        final = f"{folder}/{self.name}.parquet" if folder else f"{self.name}.parquet"
        temporary = f"{self.root}/{final}.{uuid.uuid4().hex[:12]}.tmp"
        self.fs.makedirs(f"{self.root}/{folder}" if folder else self.root, exist_ok=True)
        stream = self.stack.enter_context(self.fs.open(temporary, "wb"))
        writer = self.stack.enter_context(parquet.parquet_writer(stream, schema, "zstd"))
        return final, temporary, stream, writer, parquet.RowGroups(writer, parquet.ROW_GROUP_BYTES)

    def close(self) -> list[dict[str, Any]]:
        """Finish every file, put each in place, and say what the manifest lists of them."""
        for writers in self.open.values():
            for _, _, _, _, groups in writers.values():
                groups.flush()
        self.stack.close()
        written = []
        for group, writers in self.open.items():
            for table, (final, temporary, _, _, _) in writers.items():
                self.fs.mv(temporary, f"{self.root}/{final}")
                size = self.fs.size(f"{self.root}/{final}")
                written.append({"path": final, "rows": self.rows[(group, table)], "bytes": size})
        return written


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
    read_threads: bool = True,
) -> _Converted:
    """In a task: convert a piece and write its parts, leaving out the records at ``leave_out``.

    Checked as a conversion in one process checks, a chunk at a time (the bulk path, the
    detailed path for what it leaves); the valid rows go to their partitions' parts as they
    come, so that a task holds a chunk, not its piece.
    """
    fs, root_path = fsspec.core.url_to_fs(root)
    parts = _Parts(fs, root_path, f"part-{piece.number:05d}", layout, partition_by)
    left_out: dict[str, bytes] = {}
    compact: list[tuple[str, str | None, str]] = []
    reject_lines: list[bytes] = []
    warnings: list[tuple[str, tuple[str, ...]]] = []
    first_error: ValidationError | None = None
    counted: list[int] = []
    threads = bulk.READ_THREADS.set(read_threads)
    try:
        for chunk in _chunks(piece, limits, counted):
            source = (piece.number, piece.shown, chunk)
            outcomes, encoded, _ = parallel.check_task(
                [source], None, parallel.Reading(limits), "parquet", True
            )
            kept_rows: list[int] = []
            row = 0
            for outcome in parallel.each_outcome(outcomes):
                if outcome.warnings:
                    warnings.append((outcome.place, outcome.warnings))
                if outcome.error is not None:
                    reject_lines.append(outcome.reject or b"")
                    compact.append((outcome.place, None, _REJECTED))
                    if first_error is None:  # without the chain of what raised it
                        first_error = ValidationError(outcome.error.problems, outcome.error.where)
                    continue
                if outcome.place in leave_out:
                    left_out[outcome.place] = _record_json(chunk, outcome.place)
                    compact.append((outcome.place, outcome.article_id, _TAKEN))
                else:
                    kept_rows.append(row)
                    compact.append((outcome.place, outcome.article_id, _OK))
                row += 1
            if encoded is not None and kept_rows:
                batch: pa.RecordBatch = encoded[0]
                if len(kept_rows) < batch.num_rows:
                    batch = batch.take(pa.array(kept_rows, pa.int64()))
                parts.add(batch)
        written = parts.close()
    finally:
        parts.stack.close()
        bulk.READ_THREADS.reset(threads)
    rejects = None
    if reject_lines:
        rejects = f"_rejects/part-{piece.number:05d}.jsonl"
        fs.makedirs(f"{root_path}/_rejects", exist_ok=True)
        fs.pipe_file(f"{root_path}/{rejects}", b"".join(reject_lines))
    return _Converted(
        piece.number, counted[0], compact, written, rejects, left_out, warnings, first_error
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
    progress: Callable[[int, int, int], None] | None = None,
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
        progress: called as each task ends, with the tasks done, the tasks in all and the
            records read so far (for a progress bar).

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
        raise FormatError(f"{target} exists; give force=True to replace it")
    with _scheduler(client) as scheduler:
        run = _Run(planned, fs, layout, tuple(partition_by), rejects, scheduler, limits, progress)
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


@contextlib.contextmanager
def _scheduler(client: Any) -> Iterator[Any]:
    """What to compute with: a client, a local scheduler, or a client reached by address.

    A client this opens (for an address) is closed when the run ends.
    """
    if not isinstance(client, str) or client in _LOCAL_SCHEDULERS:
        yield client
        return
    from distributed import Client

    with Client(client) as connected:
        yield connected


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
    progress: Callable[[int, int, int], None] | None = None

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
        return Summary(
            ledger.read,
            ledger.written,
            len(lines),
            len(parts),
            size,
            target,
            tuple(ledger.warnings(done)),
        )

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
                self.scheduler in ("sync", "threads"),  # else a worker per core: one thread
            )
            for piece in planned
        ]
        if self.progress is None:
            results = dask.compute(*tasks, scheduler=self.scheduler or "processes")
            return {result.number: result for result in results}
        return self._with_progress(tasks, self.progress)

    def _with_progress(
        self, tasks: list[Any], progress: Callable[[int, int, int], None]
    ) -> dict[int, _Converted]:
        """The tasks computed, ``progress`` told as each ends (on a cluster or locally)."""
        found: dict[int, _Converted] = {}

        def ended(result: _Converted) -> None:
            found[result.number] = result
            progress(len(found), len(tasks), sum(len(r.outcomes) for r in found.values()))

        progress(0, len(tasks), 0)
        if hasattr(self.scheduler, "compute") and hasattr(self.scheduler, "scheduler_info"):
            from distributed import as_completed  # a cluster: its futures, as they end

            futures = self.scheduler.compute(tasks)
            try:
                for future in as_completed(futures):
                    ended(future.result())
            except BaseException:  # Ctrl-C, SIGTERM: stop the work before it is cleared away
                _stop(self.scheduler, futures)
                raise
            return found
        from dask.callbacks import Callback

        def posttask(key: Any, result: Any, *_: Any) -> None:
            if isinstance(result, _Converted):
                ended(result)

        with Callback(posttask=posttask):
            dask.compute(*tasks, scheduler=self.scheduler or "processes")
        return found


def _stop(client: Any, futures: list[Any]) -> None:
    """Stop a run's tasks on a cluster: cancelled, and its workers restarted.

    A running task cannot be cancelled: restarting its worker is what stops it, so that no
    part is written into the dataset's folder after the run has cleared it away.
    """
    with contextlib.suppress(Exception):
        client.cancel(futures)
        client.restart(timeout=30, wait_for_workers=False)


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

    def warnings(self, done: dict[int, _Converted]) -> Iterator[str]:
        """What was not kept of the foreign records, each ``place: note``, in reading order."""
        for piece in self.planned:
            for place, notes in done[piece.number].warnings:
                where = f"{piece.shown}{self.place(piece.number, place)}"
                yield from (type(note)(f"{where}: {note}") for note in notes)  # a Note stays one

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
        where = self.place(piece.number, place)
        problem = parallel.taken_problem(str(article_id), first, f"{piece.shown}{where}")
        error = ValidationError.single("id", problem).at(f"{piece.shown}{where}")
        line = rejects_lines.reject_line_of(piece.shown, where, error, orjson.loads(record))
        return line, error


def _remove_strays(fs: Any, root: str, parts: set[str]) -> None:
    """Remove what failed or retried tasks left: temporary files, parts no manifest names."""
    root = root.rstrip("/")
    for entry in fs.find(root):
        relative = entry[len(root) + 1 :]
        if relative not in parts:
            with contextlib.suppress(FileNotFoundError):
                fs.rm(entry)
