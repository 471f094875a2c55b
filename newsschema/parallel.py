"""Conversion on every core: records checked (and encoded) by worker processes, kept in order.

The main process reads what streams: a JSON Lines file only to cut it into blocks at line
ends (the workers read and parse each block; standard input's blocks are sent), a Parquet
file's row groups (the workers make the records, a slice of rows at a time), a crawl's
records (the workers import its pages). Files read whole (pages, JSON and JSON-LD
documents, ninjs) are read by the workers themselves. Chunks and batches of files go to a
pool of processes, which check each record exactly as a serial run does and, when the output
format can take its work ready-made (:attr:`~newsschema.formats.Format.encode`: Arrow columns
for Parquet, lines for JSON Lines), encode the valid articles too. The main process takes the
results in the order the work was read, so that the output, the rejects and every message
come out as a serial run gives them; only a few tasks are in flight at a time, so that memory
stays bounded whatever the input.

What only the whole run can know (an id already taken by an earlier article) is checked in
the main process: from the articles a worker sent back, or, for a chunk it encoded, by doing
the chunk again there, record by record.
"""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

import attrs
import orjson

from newsschema import formats
from newsschema.errors import FormatError, ValidationError
from newsschema.formats import Format, Record, jsonl, warc
from newsschema.io import article_from, is_compressed, open_input, read_records, resolve_format
from newsschema.limits import Limits
from newsschema.model import Article
from newsschema.rejects import original, reject_line, reject_line_of

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "BULK_PARALLEL_BYTES",
    "CHUNK",
    "CHUNK_BYTES",
    "PARALLEL_BYTES",
    "SLOW_PARALLEL_BYTES",
    "Item",
    "Ledger",
    "Outcome",
    "Reading",
    "Run",
    "accounted",
    "check_task",
    "checked",
    "each_outcome",
    "reject_line",
    "reject_line_of",
    "taken_problem",
    "worth_it",
]

CHUNK = 1024
"""Records (or rows of Parquet) sent to a worker at a time."""
CHUNK_BYTES = 8 * 1024 * 1024
"""JSON Lines are checked in blocks of this many bytes, about 2,000 typical articles: the bulk
path's calls cost by the chunk (8 MiB take 12% less time a line than 4 MiB)."""
PARALLEL_BYTES = 8 * 1024 * 1024
"""Input below this size is converted in one process: starting workers would cost more."""
BULK_PARALLEL_BYTES = 64 * 1024 * 1024
"""The same for JSON Lines to Parquet, whose bulk path uses every core in one process."""
SLOW_PARALLEL_BYTES = 1024 * 1024
"""The same for pages, crawls and ninjs: a page takes ~25 ms to import, ~40 a megabyte."""
_SLOW = frozenset({"html", "warc", "ninjs"})

Item = tuple[int, bytes] | Record
"""A line of JSON Lines with its number (parsed by the worker), or a record read already."""


@attrs.frozen
class Outcome:
    """What became of one record: an article's id, or why it is not an article."""

    file: int
    source: str
    place: str
    article_id: str | None = None
    warnings: tuple[str, ...] = ()
    error: ValidationError | None = None
    reject: bytes | None = None
    record: bytes | None = None
    """The record as JSON, for the main process to write its reject line if its id is taken."""
    passed: bool = False
    """A record passed over, neither article nor reject: a crawl's page that is not an article,
    or a damaged record (said in :attr:`warnings`)."""

    @property
    def where(self) -> str:
        """The record's place: its file's shown name and its place in the file."""
        return f"{self.source}{self.place}"


@attrs.frozen
class Run:
    """Articles the bulk path took one after another, told compactly: their lines and ids.

    What most of a chunk of JSON Lines or of Parquet rows comes to, sent between processes
    as two lists, not an :class:`Outcome` each.
    """

    file: int
    source: str
    numbers: list[int] = attrs.Factory(list)
    ids: list[str] = attrs.Factory(list)
    rows: bool = False
    """Rows of a table, placed ``[N]`` (from 0), not lines, placed ``:N``."""

    def places(self) -> list[str]:
        """Each article's place in its file."""
        if self.rows:
            return [f"[{number}]" for number in self.numbers]
        return [f":{number}" for number in self.numbers]

    def wheres(self) -> list[str]:
        """Each article's place: its file's shown name and its place in the file."""
        return [self.source + place for place in self.places()]

    def outcomes(self) -> Iterator[Outcome]:
        """The outcome of each article, one at a time."""
        for place, article_id in zip(self.places(), self.ids, strict=True):
            yield Outcome(self.file, self.source, place, article_id)


def each_outcome(outcomes: list[Outcome | Run]) -> Iterator[Outcome]:
    """The outcome of each record of a task, runs told one by one."""
    for outcome in outcomes:
        if isinstance(outcome, Run):
            yield from outcome.outcomes()
        else:
            yield outcome


@attrs.frozen
class Reading:
    """How the run reads its inputs: the limits, and whether what is not kept is an error."""

    limits: Limits
    strict: bool = False
    validate: bool = False
    captures_of_a_url: str = "latest"
    step: Callable[[Article], Article] | None = None
    """What each valid article is made into before it is written (annotate's suggestions):
    a function a worker can be sent (picklable)."""
    where: str | None = None
    """The SQL condition that chooses the articles read from a database."""
    schema: str | None = None
    """The schema a PostgreSQL database's tables are read from."""

    @property
    def options(self) -> dict[str, Any]:
        """The options of :func:`~newsschema.io.read_records`."""
        options: dict[str, Any] = {
            "limits": self.limits,
            "strict": self.strict,
            "validate": self.validate,
            "captures_of_a_url": self.captures_of_a_url,
        }
        if self.where is not None:
            options["where"] = self.where
        if self.schema is not None:
            options["schema"] = self.schema
        return options


@attrs.frozen
class Span:
    """A block of a JSON Lines file for a worker to read itself, not sent to it through a pipe.

    The main process reads the file too (to cut it at line ends and number the lines); the
    worker reads it again from the system's cache, which costs less than a pipe.
    """

    path: str
    first: int
    start: int
    size: int
    file: tuple[int, ...] = ()
    """The file as the main process opened it (:func:`identity`): the worker reads the same."""

    def block(self) -> jsonl.Block:
        """The block's lines.

        Raises:
            OSError: the file is not the one that was cut, or not as it was: replaced,
                written to, or shorter (changed while read).
        """
        with open(self.path, "rb") as stream:
            if self.file and identity(stream) != self.file:
                raise OSError(errno.ESTALE, "the file changed while it was read", self.path)
            stream.seek(self.start)
            data = stream.read(self.size)
        if len(data) < self.size:
            raise OSError(errno.EIO, "the file changed while it was read", self.path)
        return jsonl.Block(self.first, data, self.start)


def identity(stream: BinaryIO) -> tuple[int, ...]:
    """Which file an open stream reads, and as what: device, inode, size and time written.

    Another file put in its place, or the same file written to, has another identity.
    """
    found = os.fstat(stream.fileno())
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


@attrs.frozen
class Rows:
    """Rows of a Parquet file as Arrow read them, for a worker to make records of.

    The first is the file's ``index``-th, of its row ``group``; ``notes`` are what the file's
    first record says. Making records of Arrow's rows is most of the work of reading Parquet.
    The rows go in Arrow's stream format: a slice of a row group, pickled, would take the
    whole group's buffers with it.
    """

    data: bytes
    index: int
    notes: tuple[str, ...]
    group: int

    @classmethod
    def of(cls, rows: pa.Table, index: int, notes: tuple[str, ...], group: int) -> Rows:
        """Rows to send, held in as many bytes as they need."""
        import pyarrow as pa

        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, rows.schema) as stream:
            stream.write_table(rows)
        return cls(sink.getvalue().to_pybytes(), index, notes, group)

    def table(self) -> pa.Table:
        """The rows, as they were read."""
        import pyarrow as pa

        return pa.ipc.open_stream(self.data).read_all()


Source = tuple[int, str, "list[Item] | jsonl.Block | Span | Rows | str | warc.Pages"]
"""An input's number and shown name, with a chunk of its items or a block of its lines
(JSON Lines, as read or for the worker to read), rows of a Parquet file, its path for a
worker to read whole (a page, a JSON document: formats read all at once), or a crawl's
pages."""


class Ledger(Protocol):
    """What the run keeps account of, in the main process and in reading order."""

    def read(self, file_number: int, count: int = 1) -> None:
        """Count records read (and move the progress bar)."""

    def taken(self, article_id: str, where: str) -> str | None:
        """Where an earlier article of the run has this id, or None."""

    def any_taken(self, ids: list[str]) -> bool:
        """Whether an earlier article of the run may have one of these ids."""

    def accept(self, article_id: str, where: str) -> None:
        """Remember an article's id and place."""

    def accept_all(self, ids: list[str], wheres: list[str]) -> None:
        """Remember articles' ids and places, none of them taken."""

    def reject(self, error: ValidationError, line: bytes) -> None:
        """Keep an invalid record aside, or (without --rejects) raise ``error``."""

    def warn(self, where: str, notes: tuple[str, ...]) -> None:
        """Say what a foreign record had that was not kept."""

    @property
    def keeps_rejects(self) -> bool:
        """Whether invalid records are kept aside (so workers write their lines)."""


def usable_cores() -> int:
    """The cores this process may run on.

    Its affinity (``taskset``, a container's cpuset, Slurm), not the machine's count, which
    would put two workers on one core.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity here (macOS, Windows)
        return os.cpu_count() or 1


def worth_it(
    names: list[str], source_format: str | None, target: Format, costly: bool = False
) -> bool:
    """Whether workers would make the run faster.

    Not when the input is small: workers start in about half a second (``benchmarks/jobs.py``
    measures every pair). JSON Lines going to Parquet or tables take the bulk path, which
    reads on every core already (with Arrow's threads): there workers pay from about 64 MiB
    (1.01× faster for 42 MB, 1.41× for 211 MB). Pages, crawls and ninjs cost so much a record
    that workers pay from the first mebibyte. Parquet is counted by its rows (it is
    compressed): 4 KiB each, a typical article's line of JSON. A ``costly`` run (annotate)
    costs as much a record as pages do.
    """
    try:
        formats_read = [resolve_format(name, source_format, writing=False) for name in names]
    except FormatError:
        return False  # said when the inputs are read
    kinds = {chosen.name for chosen in formats_read}
    enough = PARALLEL_BYTES
    if costly:
        enough = SLOW_PARALLEL_BYTES
    elif target.name in _IN_BULK and kinds <= {"jsonl"} and _bulk().ENABLED:
        enough = BULK_PARALLEL_BYTES
    elif kinds <= _SLOW:
        enough = SLOW_PARALLEL_BYTES
    total = 0
    for name, chosen in zip(names, formats_read, strict=True):
        total += PARALLEL_BYTES if name == "-" else _size(name, chosen)
    return total >= enough


_ROW_BYTES = 4096
"""A row of Parquet counts as this many bytes of input: a typical article as a line of JSON."""


def _size(name: str, chosen: Format) -> int:
    """An input's size in bytes (a Parquet file's by its rows); 0 if it cannot be told."""
    if chosen.name == "parquet" and os.path.isfile(name):
        import pyarrow.parquet as pq

        from newsschema.formats import parquet

        try:
            return int(pq.ParquetFile(name).metadata.num_rows) * _ROW_BYTES
        except parquet.UNREADABLE:
            return 0  # said when the file is read
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


def _start_worker(in_bulk: bool) -> None:
    """A worker makes and drops objects, none in cycles: collect as a serial run does.

    Its bulk path reads JSON on one thread: every core has a worker already (threads of its
    own cost a worker about a tenth more time: 12.3 s against 13.4 for 805 MB on 2 cores).
    """
    gc.freeze()  # what importing made stays put
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    if in_bulk:
        _bulk().READ_THREADS.set(False)


def _records(
    source: Source, source_format: str | None, reading: Reading
) -> Iterator[Record | Outcome]:
    number, shown, what = source
    if isinstance(what, str):
        yield from read_records(what, source_format, **reading.options)
    elif isinstance(what, (jsonl.Block, Span)):
        block = what.block() if isinstance(what, Span) else what
        for item in block.lines(reading.limits):
            yield item if isinstance(item, Record) else jsonl.record_of(*item)
    elif isinstance(what, Rows):
        from newsschema.formats import parquet

        yield from parquet.records(what.table(), what.index, what.notes, what.group)
    elif isinstance(what, warc.Pages):
        for capture in what.captures:
            place = f"@{capture.offset}"
            refused = warc.refusal(capture)
            if refused is not None:
                yield refused
                continue
            if capture.problem is not None:
                note = (warc.passed_over(capture),)
                yield Outcome(number, shown, place, warnings=note, passed=True)
                continue
            found = warc.page_records(capture, reading.strict, reading.limits)
            if not found:
                yield Outcome(number, shown, place, passed=True)
            yield from found
    else:
        for item in what:
            yield item if isinstance(item, Record) else jsonl.record_of(*item)


Done = tuple["list[Outcome | Run]", Any, "list[Article] | None"]
"""What became of a task's records; the valid articles encoded (with their count), or else
given back as articles (a task of whole files, or for a target that takes no encoded parts)."""


def check_task(
    task: list[Source], source_format: str | None, reading: Reading, target: str, keep: bool
) -> Done:
    """In a worker: check a task's records; encode the valid articles when the target can.

    A task of whole files (or for a target that takes no encoded parts) gives its articles
    back unencoded, each with its record when rejects are kept: files repeat articles (a
    page crawled twice), and the main process then rejects a taken id itself, without
    reading the files again.
    """
    in_bulk = (target in _IN_BULK or target == "jsonl") and len(task) == 1 and not reading.step
    if in_bulk and isinstance(task[0][2], (list, jsonl.Block, Span)) and _bulk().ENABLED:
        told, made = _in_bulk(task[0], reading.limits, keep)
        if target == "jsonl" and made is not None:  # lines to rows, rows to canonical lines
            return told, (_bulk().lines_from(made[0]), made[1]), None
        return told, made, None
    if in_bulk and isinstance(task[0][2], Rows) and _bulk().ENABLED:
        return (*_out_of_rows(task[0], keep, target), None)
    encode = formats.by_name(target).encode
    unencoded = encode is None or any(isinstance(what, (str, warc.Pages)) for _, _, what in task)
    outcomes: list[Outcome | Run] = []
    valid: list[Article] = []
    for source in task:
        number, shown, _ = source
        for record in _records(source, source_format, reading):
            if isinstance(record, Outcome):
                outcomes.append(record)
                continue
            notes: tuple[str, ...] = ()
            try:
                article = article_from(record, shown)
                if reading.step is not None:
                    article, notes = stepped(reading.step, article, f"{shown}{record.where}")
            except ValidationError as exc:
                line = reject_line(record, shown, exc) if keep else None
                outcomes.append(Outcome(number, shown, record.where, error=exc, reject=line))
                continue
            valid.append(article)
            data = _as_json(record) if keep and unencoded else None
            said = record.warnings + notes
            outcomes.append(Outcome(number, shown, record.where, article.id, said, record=data))
    if encode is None or unencoded:
        return outcomes, None, valid
    return outcomes, (encode(valid), len(valid)) if valid else None, None


_IN_BULK = frozenset({"parquet", "tables", "delta", "iceberg"})
"""Targets that take the nested layout's batches, which the bulk path makes."""


def _bulk() -> Any:
    """The bulk path (Arrow's): imported only for a run that writes Arrow's columns."""
    from newsschema import bulk

    return bulk


def _in_bulk(
    source: Source, limits: Limits, keep: bool
) -> tuple[list[Outcome | Run], tuple[pa.RecordBatch, int] | None]:
    """Lines of JSON Lines to Parquet's columns by the bulk path (:mod:`newsschema.bulk`).

    What the bulk path leaves (a line it is unsure of, an invalid one) is checked record by
    record as always, so that the outcomes, and every message, are those of a serial run.
    """
    import pyarrow as pa

    from newsschema.formats import parquet

    number, shown, what = source
    if isinstance(what, Span):
        what = what.block()
    assert isinstance(what, (list, jsonl.Block))
    items = list(what.lines(limits)) if isinstance(what, jsonl.Block) else what
    lines = [item for item in items if not isinstance(item, Record)]
    data = None  # the block, when it is these lines and nothing else: not joined again
    if isinstance(what, jsonl.Block) and sum(len(line) + 1 for _, line in lines) == len(what.data):
        data = what.data
    done = _bulk().check_lines([line for _, line in lines], data)
    ids = dict(zip((lines[i][0] for i in done.taken), done.ids, strict=True))
    outcomes: list[Outcome | Run] = []
    run: Run | None = None  # the articles the bulk path took, since the last other outcome
    articles: list[Article] = []
    order: list[int] = []  # where each valid article's row comes from: bulk's, then the others'
    for item in items:
        if not isinstance(item, Record) and item[0] in ids:
            if run is None:
                run = Run(number, shown)
                outcomes.append(run)
            run.numbers.append(item[0])
            run.ids.append(ids[item[0]])
            order.append(len(order) - len(articles))
            continue
        run = None
        record = item if isinstance(item, Record) else jsonl.record_of(*item)
        article = _checked(record, number, shown, keep, outcomes)
        if article is None:
            continue
        order.append(len(done.taken) + len(articles))
        articles.append(article)
        outcomes.append(Outcome(number, shown, record.where, article.id, record.warnings))
    if not order:
        return outcomes, None
    batch = done.batch
    if articles:
        both = pa.Table.from_batches([done.batch, parquet.encode(articles)])
        batch = both.take(pa.array(order, pa.int32())).combine_chunks().to_batches()[0]
    return outcomes, (batch, len(order))


def _out_of_rows(
    source: Source, keep: bool, target: str
) -> tuple[list[Outcome | Run], tuple[bytes | pa.RecordBatch, int] | None]:
    """Rows of Parquet to JSON Lines or the nested layout, articles built only where needed.

    Each row's line is written from its columns and checked by the bulk path
    (:func:`newsschema.bulk.lines_of`): the line is written, or the row itself (it is what
    its article would be encoded as). A row it leaves is checked and encoded as always, so
    that the outcomes, the messages and what is written are those of the detailed path.
    """
    import pyarrow as pa

    from newsschema.formats import parquet
    from newsschema.formats.arrow import NESTED_SCHEMA

    number, shown, rows = source
    assert isinstance(rows, Rows)
    table = rows.table()
    try:
        values: list[dict[str, Any]] | None = None if rows.notes else table.to_pylist()
    except parquet.UNREADABLE:
        values = None  # a row Python cannot hold: each row made a record, as always
    vouched = None
    lines: dict[int, bytes] = {}
    if values is None:
        records: Iterable[Record] = parquet.records(table, rows.index, rows.notes, rows.group)
    else:
        vouched = _bulk().lines_of(table, values)
        lines = vouched.lines
        records = (
            parquet.row_record(value, f"[{rows.index + position}]")
            if position not in lines
            else Record(None, f"[{rows.index + position}]")
            for position, value in enumerate(values)
        )
    outcomes: list[Outcome | Run] = []
    run: Run | None = None  # the rows written as they are, since the last other outcome
    parts: list[bytes] = []
    kept = 0  # rows written as they are
    articles: list[Article] = []  # the others', built
    order: list[tuple[bool, int]] = []
    for position, record in enumerate(records):
        line = lines.get(position)
        if line is not None:
            assert values is not None
            parts.append(line)
            order.append((True, kept))
            kept += 1
            if run is None:
                run = Run(number, shown, rows=True)
                outcomes.append(run)
            run.numbers.append(rows.index + position)
            run.ids.append(values[position]["id"])
            continue
        run = None
        article = _checked(record, number, shown, keep, outcomes)
        if article is None:
            continue
        parts.append(jsonl.encode_lines([article]))
        order.append((False, len(articles)))
        articles.append(article)
        outcomes.append(Outcome(number, shown, record.where, article.id, record.warnings))
    if not order:
        return outcomes, None
    if target == "jsonl":
        return outcomes, (b"".join(parts), len(parts))
    made = [] if vouched is None else vouched.rows.to_batches()  # as the bulk path built them
    both = pa.Table.from_batches([*made, parquet.encode(articles)], NESTED_SCHEMA)
    if all(whole for whole, _ in order):
        return outcomes, (both.combine_chunks().to_batches()[0], len(order))
    where = [at if whole else kept + at for whole, at in order]
    return outcomes, (_compact(both.take(pa.array(where, pa.int64()))), len(order))


def _checked(
    record: Record, number: int, shown: str, keep: bool, outcomes: list[Outcome | Run]
) -> Article | None:
    """A record's article, checked by the detailed path; else None, its outcome told."""
    try:
        return article_from(record, shown)
    except ValidationError as exc:
        reject = reject_line(record, shown, exc) if keep else None
        outcomes.append(Outcome(number, shown, record.where, error=exc, reject=reject))
        return None


def _compact(rows: pa.Table) -> pa.RecordBatch:
    """Rows in buffers of their own size, as a batch sent from a worker arrives.

    Row groups end where the rows' bytes say (:class:`newsschema.formats.parquet.RowGroups`),
    and Arrow counts a buffer a ``take`` left larger than its rows: so that one process and
    several write the same bytes, the rows are written out and read back.
    """
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, rows.schema) as stream:
        stream.write_table(rows.combine_chunks())
    return pa.ipc.open_stream(sink.getvalue()).read_all().combine_chunks().to_batches()[0]


def _as_json(record: Record) -> bytes:
    return orjson.dumps(original(record), default=str, option=orjson.OPT_NON_STR_KEYS)


_WHOLE_FILES = 16
"""Files read whole that go to a worker together (pages are small; one each is overhead)."""


def _tasks(
    names: list[str], source_format: str | None, reading: Reading, shown: Any, sent: bool
) -> Iterator[list[Source]]:
    """The run's work in reading order: chunks of lines or records, and batches of files.

    ``sent``: the work goes to other processes (which read a file's blocks themselves).
    """
    files: list[Source] = []
    for number, name in enumerate(names, start=1):
        chosen = resolve_format(name, source_format, writing=False)
        if name != "-" and not chosen.directory and chosen.name not in _STREAMED:
            files.append((number, shown(name), name))  # read whole, by a worker
            if len(files) == _WHOLE_FILES:
                yield files
                files = []
            continue
        if files:
            yield files
            files = []
        if chosen is warc.FORMAT:
            for pages in _crawl(name, reading, shown(name)):
                yield [(number, shown(name), pages)]
            continue
        for chunk in _chunks(name, chosen, source_format, reading, sent):
            yield [(number, shown(name), chunk)]
    if files:
        yield files


_STREAMED = frozenset({"jsonl", "parquet", "warc"})
"""Formats read as streams, in the main process, their chunks sent out (never a whole file)."""


def _chunks(
    name: str, chosen: Format, source_format: str | None, reading: Reading, sent: bool
) -> Iterator[list[Item] | jsonl.Block | Span | Rows]:
    # A plain file can be read twice, a block at a time by the workers; not a pipe, and not
    # a compressed file (its blocks have no place in it).
    spans = sent and name != "-" and os.path.isfile(name) and not is_compressed(name)
    if chosen is jsonl.FORMAT:
        yield from _blocks(name, reading.limits, spans)
        return
    if (
        chosen.name == "parquet"
        and name != "-"
        and os.path.isfile(name)
        and not is_compressed(name)
    ):
        yield from _rows(name)  # read here, made records of there (or here, on one core)
        return
    items = read_records(name, source_format, **reading.options)
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += 0 if isinstance(item, Record) else len(item[1])
        if len(chunk) == CHUNK or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _rows(name: str) -> Iterator[list[Item] | Rows]:
    """A Parquet file's rows as Arrow reads them, a chunk at a time, for the workers."""
    from newsschema.formats import parquet

    with open(name, "rb") as stream:
        for found in parquet.row_groups(stream):
            if isinstance(found, Record):
                yield [found]
                continue
            rows, index, notes, group = found
            for start in range(0, rows.num_rows, CHUNK):
                yield Rows.of(rows.slice(start, CHUNK), index + start, notes, group)


def _crawl(name: str, reading: Reading, shown: str) -> Iterator[warc.Pages]:
    """A crawl's pages, read here and imported by the workers, a few at a time."""
    tally = warc.Tally(shown)
    with open_input(name, warc.FORMAT) as stream:
        yield from warc.runs(stream, reading.limits, reading.captures_of_a_url, tally, size=_PAGES)


_PAGES = 16
"""A crawl's pages sent to a worker at a time (each takes ~25 ms to import)."""


def _blocks(name: str, limits: Limits, spans: bool) -> Iterator[list[Item] | jsonl.Block | Span]:
    """A JSON Lines input's lines, a block at a time, split where they are checked.

    With ``spans``, blocks are told by their place in the file, for a worker to read them
    itself. A line past the limit is a bad record, a chunk of its own.
    """
    with open_input(name, jsonl.FORMAT) as stream:
        file = identity(stream) if spans else ()
        for block in jsonl.blocks(stream, limits, CHUNK_BYTES):
            if isinstance(block, Record):
                yield [block]
            elif spans:
                yield Span(name, block.first, block.start, len(block.data), file)
            else:
                yield block


def checked(
    names: list[str],
    source_format: str | None,
    limits: Limits,
    target: Format,
    jobs: int,
    ledger: Ledger,
    shown: Any,
    *,
    strict: bool = False,
    validate: bool = False,
    captures_of_a_url: str = "latest",
    step: Callable[[Article], Article] | None = None,
    where: str | None = None,
    schema: str | None = None,
) -> Iterator[Any]:
    """The run's output, in order: encoded parts when the target takes them, else articles.

    With ``strict``, what a foreign record had that was not kept makes it invalid; with
    ``validate``, a foreign record is checked against its format's schema (ninjs) first;
    ``captures_of_a_url`` says which capture of a URL a crawl gives; ``where`` which articles
    a database gives, and ``schema`` which of its schemas (PostgreSQL).

    Raises:
        ValidationError: the first invalid record, when the ledger keeps no rejects.
    """
    reading = Reading(limits, strict, validate, captures_of_a_url, step, where, schema)

    if jobs == 1:  # the same work, in this process
        for task in _tasks(names, source_format, reading, shown, sent=False):
            done = check_task(task, source_format, reading, target.name, ledger.keeps_rejects)
            yield from _settle(task, done, source_format, reading, target, ledger)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    pending: deque[tuple[list[Source], Future[Any]]] = deque()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(target.name in _IN_BULK,),
    )
    try:
        for task in _tasks(names, source_format, reading, shown, sent=True):
            work = pool.submit(
                check_task, task, source_format, reading, target.name, ledger.keeps_rejects
            )
            pending.append((task, work))
            while len(pending) > 2 * jobs:
                task, work = pending.popleft()
                yield from _settle(task, work.result(), source_format, reading, target, ledger)
        while pending:
            task, work = pending.popleft()
            yield from _settle(task, work.result(), source_format, reading, target, ledger)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _settle(
    task: list[Source],
    done: Done,
    source_format: str | None,
    reading: Reading,
    target: Format,
    ledger: Ledger,
) -> Iterator[Any]:
    outcomes, part, articles = done
    if part is None and articles is not None:
        alone = [outcome for outcome in outcomes if isinstance(outcome, Outcome)]
        assert len(alone) == len(outcomes)  # the bulk path encodes what it takes
        yield from _account(alone, articles, target, ledger)
        for _, _, what in task:
            if isinstance(what, warc.Pages):
                _tally(what, alone)
        return
    ids: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, Run):
            ids.extend(outcome.ids)
        elif outcome.article_id is not None:
            ids.append(outcome.article_id)
    if len(set(ids)) < len(ids) or ledger.any_taken(ids):
        yield from _serially(task, source_format, reading, target, ledger)  # an id seen before
        return
    for outcome in outcomes:
        if isinstance(outcome, Run):
            ledger.read(outcome.file, len(outcome.ids))
            ledger.accept_all(outcome.ids, outcome.wheres())
            continue
        ledger.read(outcome.file)
        if outcome.error is not None:
            ledger.reject(outcome.error, outcome.reject or b"")
            continue
        assert outcome.article_id is not None
        ledger.accept(outcome.article_id, outcome.where)
        ledger.warn(outcome.where, outcome.warnings)
    if part is not None:
        yield part


def _account(
    outcomes: list[Outcome], articles: list[Article], target: Format, ledger: Ledger
) -> Iterator[Any]:
    """Articles given back unencoded: each accounted for, a taken id rejected here."""
    found = iter(articles)
    kept: list[Article] = []
    for outcome in outcomes:
        if outcome.passed:
            ledger.warn(outcome.where, outcome.warnings)
            continue
        ledger.read(outcome.file)
        if outcome.error is not None:
            ledger.reject(outcome.error, outcome.reject or b"")
            continue
        article = next(found)
        first = ledger.taken(article.id, outcome.where)
        if first is not None:
            problem = taken_problem(article.id, first, outcome.where)
            error = ValidationError.single("id", problem).at(outcome.where)
            ledger.reject(error, _taken_line(outcome, error) if ledger.keeps_rejects else b"")
            continue
        ledger.accept(article.id, outcome.where)
        ledger.warn(outcome.where, outcome.warnings)
        kept.append(article)
    if target.encode is None:
        yield from kept
    elif kept:
        yield target.encode(kept), len(kept)


def _tally(pages: warc.Pages, outcomes: list[Outcome]) -> None:
    """Count a crawl's pages as its reader does; at its end, say what the crawl held."""
    for outcome in outcomes:
        if outcome.passed:
            if not outcome.warnings:  # a page, not a damaged record (counted when read)
                pages.tally.counts["not an article"] += 1
            continue
        pages.tally.counts["article" if outcome.error is None else "refused"] += 1
    if pages.last:
        warnings.warn(pages.tally.warning(), stacklevel=1)


def _taken_line(outcome: Outcome, error: ValidationError) -> bytes:
    """The reject line :func:`reject_line` gives, from the record the worker sent as JSON."""
    original = orjson.loads(outcome.record or b"null")
    return reject_line_of(outcome.source, outcome.place, error, original)


def _serially(
    task: list[Source], source_format: str | None, reading: Reading, target: Format, ledger: Ledger
) -> Iterator[Any]:
    """A task done again in the main process, record by record, as a serial run does it.

    Only a task of lines, records or a row group is done again: one of crawl pages or whole
    files gives its articles back unencoded, and so is never encoded wrongly.
    """
    valid: list[Article] = []
    for source in task:
        number, shown, _ = source
        for record in _records(source, source_format, reading):
            assert isinstance(record, Record)
            article = accounted(record, shown, number, ledger, reading.step)
            if article is not None:
                valid.append(article)
    if target.encode is None:
        yield from valid
    elif valid:
        yield target.encode(valid), len(valid)


def taken_problem(article_id: str, first: str, where: str) -> str:
    """What is wrong with an article whose id an earlier one has, at ``first``.

    Two rows of one table (``delta:lake/a[3]`` and ``delta:lake/a[7]``) are a table written
    by another tool, which an upsert of that article repairs.
    """
    problem = f"the id {article_id!r} is already the id of the article at {first}"
    table = formats.location_of(first.partition("[")[0])
    if table is not None and where.partition("[")[0] == first.partition("[")[0]:
        problem += ": the table holds it twice (an upsert of that article into it repairs it)"
    return problem


def stepped(
    step: Callable[[Article], Article], article: Article, where: str
) -> tuple[Article, tuple[str, ...]]:
    """The article a step makes, and what the step says of it (its ``notes``, if it has them).

    What the step refuses is said at the record's place.
    """
    try:
        made = step(article)
    except ValidationError as exc:
        raise exc.at(where) from None
    notes = getattr(step, "notes", None)
    return made, () if notes is None else tuple(notes(article))


def accounted(
    record: Record,
    shown: str,
    file_number: int,
    ledger: Ledger,
    step: Callable[[Article], Article] | None = None,
) -> Article | None:
    """One record checked as a run checks it, in the ledger: its article, or None (rejected).

    ``step`` makes the article anew (annotate); what it refuses rejects the record.

    Raises:
        ValidationError: the record is invalid, or its id taken, and rejects are not kept.
    """
    ledger.read(file_number)
    where = f"{shown}{record.where}"
    try:
        article = article_from(record, shown)
        first = ledger.taken(article.id, where)
        if first is not None:
            problem = taken_problem(article.id, first, where)
            raise ValidationError.single("id", problem).at(where)
        notes: tuple[str, ...] = ()
        if step is not None:
            article, notes = stepped(step, article, where)
    except ValidationError as exc:
        ledger.reject(exc, reject_line(record, shown, exc) if ledger.keeps_rejects else b"")
        return None
    ledger.accept(article.id, where)
    ledger.warn(where, record.warnings + notes)
    return article
