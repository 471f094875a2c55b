"""``newsschema convert``: articles from any mix of formats into one output."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer

from newsschema import formats
from newsschema.cli.common import (
    EXIT_INVALID,
    EXIT_IO,
    BlocksOption,
    DepthOption,
    ForceOption,
    FromOption,
    InputsArgument,
    JobsOption,
    OutputOption,
    Progress,
    QuietOption,
    RecordBytesOption,
    RejectsOption,
    StrictOption,
    TaskProgress,
    ToOption,
    UpsertOption,
    VerboseOption,
    Voice,
    WarningsOption,
    WorkOption,
    WriterOptions,
    app,
    expand_inputs,
    limits_of,
    os_problem,
    say,
    shown_name,
    usage_error,
    warning_line,
)
from newsschema.errors import FormatError, NotKeptWarning, ValidationError
from newsschema.formats import Format, Written
from newsschema.formats import options as format_options
from newsschema.io import (
    atomic_file,
    is_device,
    read_records,
    resolve_format,
    same_file,
    write,
    write_parts,
)
from newsschema.limits import DEFAULT_LIMITS, Limits
from newsschema.model import Article

__all__ = ["Ledger", "Request", "convert", "run"]


class Ledger:
    """What a conversion keeps account of: counts, progress, ids taken, rejects, warnings."""

    def __init__(
        self, counts: Counter[str], progress: Progress, reject_to: Any, voice: Voice
    ) -> None:
        self.counts = counts
        self.progress = progress
        self.reject_to = reject_to
        self.voice = voice
        self.seen: dict[str, str] = {}  # article id -> where it was first read
        self.held: str | None = None  # the table appended to, whose ids are taken
        self.held_taken = False  # whether a record's id was one of the table's

    @property
    def keeps_rejects(self) -> bool:
        """Whether invalid records are kept aside (so workers write their lines)."""
        return self.reject_to is not None

    def read(self, file_number: int, count: int = 1) -> None:
        """Count records read (and move the progress bar)."""
        self.counts["read"] += count
        self.progress.tick(file_number, count)

    def hold(self, ids: list[str], where: str) -> None:
        """Count these ids as taken at ``where`` (a table the run appends to)."""
        self.held = where
        self.seen.update(dict.fromkeys(ids, where))

    def taken(self, article_id: str, where: str) -> str | None:
        """Where an earlier article of the run has this id, or None."""
        first = self.seen.get(article_id)
        if first is not None and first == self.held:
            self.held_taken = True
        return first if first is not None and first != where else None

    def any_taken(self, ids: list[str]) -> bool:
        """Whether an earlier article of the run may have one of these ids."""
        return not self.seen.keys().isdisjoint(ids)

    def accept(self, article_id: str, where: str) -> None:
        """Remember an article's id and place."""
        self.seen.setdefault(article_id, where)

    def accept_all(self, ids: list[str], wheres: list[str]) -> None:
        """Remember articles' ids and places, none of them taken."""
        self.seen.update(zip(ids, wheres, strict=True))

    def reject(self, error: ValidationError, line: bytes) -> None:
        """Keep an invalid record aside, or (without --rejects) raise ``error``."""
        if self.reject_to is None:
            raise error
        self.counts["rejected"] += 1
        self.reject_to.write(line)

    def warn(self, where: str, notes: tuple[str, ...]) -> None:
        """Count (and say, as the run asks) what a foreign record lost, and how it was read."""
        self.voice.said(where, notes)


def _articles(
    names: list[str],
    source_format: str | None,
    ledger: Ledger,
    reading: dict[str, Any],
    step: Callable[[Article], Article] | None,
) -> Iterator[Article]:
    """The articles of every input, in order, each record accounted for in the ledger."""
    from newsschema.parallel import accounted

    for number, name in enumerate(names, start=1):
        shown = shown_name(name)
        for record in read_records(name, source_format, **reading):
            article = accounted(record, shown, number, ledger, step)
            if article is not None:
                yield article


def _table_ids(
    table: tuple[Format, str], output: str, options: dict[str, Any]
) -> tuple[list[str], str]:
    """The ids a table output holds, for the run to refuse those an append would repeat."""
    chosen, location = table
    assert chosen.ids is not None
    try:
        schema = {"schema": options["schema"]} if "schema" in options else {}  # PostgreSQL's
        found = chosen.ids(location, layout=options.get("layout", "parquet"), **schema)
        return found.to_pylist(), output
    except FormatError as exc:
        usage_error(str(exc))


_READERS_OPTIONS = ("validate", "captures_of_a_url", "where", "schema")
"""Readers' options that ``-O`` takes too, for the inputs, when the output takes no such
option: ``validate=true`` (ninjs), ``captures_of_a_url=first`` (crawls)."""


def _reader_options(
    options: dict[str, Any], output: str, target_format: str | None
) -> dict[str, Any]:
    """Take the readers' options given with -O that the output does not take, checked.

    Raises:
        typer.Exit: a value the readers cannot take.
    """
    try:
        chosen = resolve_format(output, target_format, writing=True)
    except FormatError:
        chosen = None  # said when the output is resolved
    taken = {
        name: options.pop(name)
        for name in _READERS_OPTIONS
        if name in options and (chosen is None or name not in chosen.options)
    }
    try:
        format_options.check("the inputs'", taken, _READERS_OPTIONS, "reading")
    except FormatError as exc:
        usage_error(str(exc))
    return taken


_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)
"""A whole number as an option's value: ASCII digits only (``²`` and ``٣`` are text)."""


def _writer_options(given: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as options: true and false as booleans, whole numbers as ints."""
    options: dict[str, Any] = {}
    for pair in given:
        name, equals, text = pair.partition("=")
        if not equals or not name.strip():
            usage_error(f"--option {pair!r}: write it NAME=VALUE, such as version=2.2")
        value: Any = text
        if text.lower() in ("true", "false"):
            value = text.lower() == "true"
        elif _WHOLE.fullmatch(text):
            if len(text.lstrip("-+0")) > 19:
                digits = f"{len(text):,} digits"
                usage_error(f"--option {name.strip()}: {digits}, past any size or count")
            value = int(text)
        options[name.strip()] = value
    return options


@contextlib.contextmanager
def _writers_warnings(voice: Voice) -> Iterator[None]:
    """Count (and say) what a writer does not keep (ninjs without its extension)."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        voice.said("", [warning_line(message).removeprefix("warning: ")])

    with warnings.catch_warnings():
        warnings.simplefilter("always", NotKeptWarning)
        warnings.showwarning = show
        yield


@app.command()
def convert(
    inputs: InputsArgument,
    output: OutputOption = "-",
    source_format: FromOption = None,
    target_format: ToOption = None,
    rejects: RejectsOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    writer_options: WriterOptions = None,
    upsert: UpsertOption = False,
    partition_by: Annotated[
        str | None,
        typer.Option(
            "--partition-by",
            metavar="KEYS",
            help="Write a Parquet dataset (-o FOLDER, --to parquet or tables), Hive-partitioned "
            "by these keys, comma-separated: year, month, day (of the publication date), "
            "language. Needs the dask extra.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Convert on the Dask cluster whose scheduler is at ADDRESS "
            "(tcp://host:8786), into a dataset (-o FOLDER or a URL).",
        ),
    ] = None,
    strict: StrictOption = False,
    quiet: QuietOption = 0,
    verbose: VerboseOption = False,
    said_warnings: WarningsOption = "all",
    max_record_bytes: RecordBytesOption = DEFAULT_LIMITS.record_bytes,
    max_depth: DepthOption = DEFAULT_LIMITS.depth,
    max_blocks: BlocksOption = DEFAULT_LIMITS.blocks,
    max_jsonld_work: WorkOption = DEFAULT_LIMITS.jsonld_work,
) -> None:
    """Convert articles from any mix of formats into one output.

    Nothing is written if any record is invalid, unless --rejects keeps the invalid ones
    aside. The output is written to a temporary path and renamed into place at the end.

    Example: newsschema convert crawl/ -o crawl.parquet --rejects bad.jsonl
    """
    run(
        Request(
            inputs,
            output,
            source_format=source_format,
            target_format=target_format,
            rejects=rejects,
            force=force,
            jobs=jobs,
            writer_options=writer_options or [],
            upsert=upsert,
            partition_by=partition_by,
            scheduler=scheduler,
            strict=strict,
            voice=Voice(quiet, verbose, said_warnings),
            limits=limits_of(max_record_bytes, max_depth, max_blocks, max_jsonld_work),
        )
    )


@attrs.frozen
class Request:
    """A conversion as the command line asks for it (``convert``, ``annotate``, ``confirm``).

    Attributes:
        step: makes each article anew on its way (annotate's suggestions, confirm).
    """

    inputs: list[str]
    output: str
    source_format: str | None = None
    target_format: str | None = None
    rejects: Path | None = None
    force: bool = False
    jobs: int | None = None
    writer_options: list[str] = attrs.Factory(list)
    upsert: bool = False
    partition_by: str | None = None
    scheduler: str | None = None
    strict: bool = False
    voice: Voice = attrs.Factory(Voice)
    limits: Limits = DEFAULT_LIMITS
    step: Callable[[Article], Article] | None = None


def run(request: Request) -> None:
    """Convert, as ``convert`` does, in its steps: options, output, conversion, summary."""
    options, reader_options = _options(request)
    if _into_dataset(request):
        _to_dataset(request)
        return
    names, chosen, target_format = _planned(request, options)
    counts, written = _converted(request, names, chosen, target_format, options, reader_options)
    _summarised(request, counts, written)
    if counts["rejected"]:
        raise typer.Exit(EXIT_INVALID)


def _options(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The writer's options and the readers' from -O, --upsert, --force and --partition-by."""
    output, force = request.output, request.force
    options = _writer_options(request.writer_options)
    reader_options = _reader_options(options, output, request.target_format)
    if "where" in reader_options and not any(
        (table := formats.location_of(name)) is not None and "where" in table[0].read_options
        for name in request.inputs
    ):
        usage_error(
            "-O where=SQL chooses the articles of a database input (duckdb:, sqlite:, postgresql:)"
        )
    table = formats.location_of(output)
    if request.upsert:
        if table is None:
            usage_error("--upsert is for a table output, such as -o delta:warehouse/articles")
        if force:
            usage_error(
                "--upsert replaces the rows of its articles, --force the whole table: choose one"
            )
        options["upsert"] = True
    elif force and table is not None:
        options["replace"] = True  # the table's rows replaced, in one commit
    if table is not None and request.partition_by is not None:
        options["partition_by"] = request.partition_by  # the table's own partitioning
    elif _into_dataset(request) and request.step is not None:
        usage_error("annotate writes files and tables: convert its output into a dataset")
    return options, reader_options


def _into_dataset(request: Request) -> bool:
    """Whether the run writes a dataset with Dask: --scheduler, or --partition-by a folder.

    A table output (``delta:``, ``iceberg:``) takes --partition-by as its own partitioning.
    """
    own = request.partition_by is not None and formats.location_of(request.output) is not None
    return (request.partition_by is not None or request.scheduler is not None) and not own


def _planned(request: Request, options: dict[str, Any]) -> tuple[list[str], Format, str | None]:
    """The inputs, the output's format and its name: every refusal said before any work."""
    output, rejects = request.output, request.rejects
    names = expand_inputs(request.inputs, request.source_format)
    target_format = request.target_format
    if output == "-" and target_format is None:
        target_format = "jsonl"  # a pipe's default, as jq and csvkit have theirs
    is_folder = output != "-" and not output.endswith(("/", os.sep)) and Path(output).is_dir()
    if is_folder and target_format is None and not Path(output).suffix:
        usage_error(f"{output} is a folder: did you mean {output}/ (the star layout)?")
    try:
        chosen = resolve_format(output, target_format, writing=True)
        format_options.check(chosen.name, options, chosen.options, "writing")
    except FormatError as exc:
        usage_error(str(exc))
    _say_suffixes(output, chosen, rejects, request.voice.silent)
    targets = [output] + ([str(rejects)] if rejects is not None else [])
    for target in targets:
        if target == "-":
            continue
        if any(name != "-" and same_file(name, target) for name in names):
            usage_error(f"{target}: the output would overwrite an input")
        if Path(target).exists() and not request.force and not is_device(target):
            usage_error(f"{target} exists; give --force to replace it")
    if rejects is not None and output != "-" and same_file(str(rejects), output):
        usage_error("--rejects and --output name the same file")
    if output != "-" and Path(output).resolve() in (Path.cwd(), *Path.cwd().parents):
        usage_error(f"{output} is the current folder or holds it: write the tables elsewhere")
    return names, chosen, target_format


def _converted(
    request: Request,
    names: list[str],
    chosen: Format,
    target_format: str | None,
    options: dict[str, Any],
    reader_options: dict[str, Any],
) -> tuple[Counter[str], int | Written]:
    """Read every input and write the output: how many were read, rejected and written."""
    from newsschema.parallel import checked, usable_cores, worth_it

    output, voice = request.output, request.voice
    counts: Counter[str] = Counter()
    written: int | Written = 0
    progress = Progress(not voice.silent, names, request.source_format)
    ledger = Ledger(counts, progress, None, voice)
    if request.jobs is not None:
        workers = request.jobs
    else:
        costly = request.step is not None
        useful = worth_it(names, request.source_format, chosen, costly)
        workers = usable_cores() if useful else 1

    def invalid() -> str:
        if ledger.held_taken:
            return (
                f"{output} holds that article already (give --upsert to replace the table's "
                "rows, or --rejects to go on past them)"
            )
        return _INVALID

    table = formats.location_of(output)
    try:
        with _nothing_written(invalid), contextlib.ExitStack() as stack:
            rejects = request.rejects
            reject_to = None if rejects is None else stack.enter_context(atomic_file(rejects))
            stack.enter_context(_writers_warnings(voice))
            ledger = Ledger(counts, progress, reject_to, voice)
            if table is not None and not request.upsert and not request.force:
                ledger.hold(*_table_ids(table, output, options))  # an append repeats none
            if workers > 1 or chosen.write_encoded is not None:
                found = checked(
                    names,
                    request.source_format,
                    request.limits,
                    chosen,
                    workers,
                    ledger,
                    shown_name,
                    strict=request.strict,
                    step=request.step,
                    **reader_options,
                )
                if chosen.write_encoded is not None:
                    written = write_parts(found, output, target_format, **options)
                else:
                    written = write(found, output, target_format, **options)
            else:
                reading = {"limits": request.limits, "strict": request.strict, **reader_options}
                articles = _articles(names, request.source_format, ledger, reading, request.step)
                written = write(articles, output, target_format, **options)
            counts["written"] = written
    finally:
        progress.stop()
    return counts, written


def _summarised(request: Request, counts: Counter[str], written: int | Written) -> None:
    """Say the run's summary line (unless -qq): read, written, rejected, warnings and notes."""
    voice = request.voice
    if not voice.summary:
        return
    where = "<stdout>" if request.output == "-" else request.output
    summary = f"{counts['read']} read, {counts['written']} written to {where}"
    if isinstance(written, Written):
        summary += f" ({written.said()})"
    if request.rejects is not None:
        summary += f", {counts['rejected']} rejected to {request.rejects}"
    tally = voice.tally()
    say(f"{summary}; {tally}" if tally else summary)


def _say_suffixes(output: str, chosen: Format, rejects: Path | None, quiet: bool) -> None:
    """Warn when a file's suffix names another format than the one written into it."""
    if quiet:
        return
    if output != "-" and formats.location_of(output) is None:
        try:
            named = resolve_format(output, None, writing=True)
        except FormatError:
            named = None
        if named is not None and named.name != chosen.name:
            say(
                f"warning: {output}: written as {chosen.name} (--to), though its suffix "
                f"names {named.name}"
            )
    if rejects is not None and not str(rejects).lower().endswith((".jsonl", ".ndjson")):
        say(f"warning: {rejects}: rejects are written as JSON Lines, whatever the suffix")


_CLUSTER_BYTES = 64 * 1024 * 1024
"""Input from which a conversion to a dataset starts a local cluster (on every core)."""


_INVALID = "the input above is invalid (give --rejects to go on past it)"


@contextlib.contextmanager
def _nothing_written(invalid: Callable[[], str]) -> Iterator[None]:
    """Say why a conversion stopped, in lines, and exit with its status: nothing was written.

    ``invalid`` says why an invalid record stopped it (the input, or a table's ids).
    """
    try:
        yield
    except ValidationError as exc:
        for line in exc.lines():
            say(line)
        say(f"nothing was written: {invalid()}")
        raise typer.Exit(EXIT_INVALID) from None
    except FormatError as exc:
        usage_error(str(exc))
    except OSError as exc:
        say(f"error: {os_problem(exc)}; nothing was written")
        raise typer.Exit(EXIT_IO) from None
    except BrokenProcessPool:
        say(
            "error: a worker process stopped before its work was done (out of memory, or "
            "killed); nothing was written: run again, or with --jobs 1"
        )
        raise typer.Exit(EXIT_IO) from None


def _to_dataset(request: Request) -> None:
    """Convert into a Parquet dataset with Dask: on a cluster, or on this machine's cores."""
    inputs, output, source_format = request.inputs, request.output, request.source_format
    rejects, force, voice, scheduler = (
        request.rejects,
        request.force,
        request.voice,
        request.scheduler,
    )
    partition_by = [key.strip() for key in (request.partition_by or "").split(",") if key.strip()]
    if output == "-":
        usage_error("a dataset is a folder: give it with -o FOLDER (or a URL)")
    layout = request.target_format or "parquet"
    if layout not in ("parquet", "tables"):
        usage_error(f"a dataset is Parquet: --to parquet or --to tables, not {layout!r}")
    try:
        from newsschema import dask as on_dask
    except ImportError as exc:
        usage_error(str(exc))
    local = [name for name in inputs if "://" not in name]
    if local:
        expand_inputs(local, source_format)  # says what is wrong with a local input, as always
    if request.jobs is not None:
        workers = request.jobs
    else:  # a local cluster starts in about two seconds: for large input only
        from newsschema.parallel import usable_cores

        size = sum(os.path.getsize(name) for name in local if os.path.isfile(name))
        workers = usable_cores() if size >= _CLUSTER_BYTES else 1
    target = output.rstrip("/") if "://" not in output else output
    if "://" not in target and Path(target).exists() and not force:
        usage_error(f"{target} exists; give --force to replace it")  # as every output says it
    progress = TaskProgress(not voice.silent)
    with contextlib.ExitStack() as stack:
        stack.callback(progress.stop)
        client: Any = scheduler
        if scheduler is None and workers > 1:
            client = stack.enter_context(_local_cluster(workers))
        elif scheduler is None:
            client = "sync"  # one process: this one
        with _nothing_written(lambda: _INVALID):
            summary = on_dask.to_dataset(
                inputs,
                target,
                layout=layout,
                partition_by=partition_by,
                rejects=None if rejects is None else str(rejects),
                format=source_format,
                client=client,
                force=force,
                limits=request.limits,
                progress=progress,
            )
    for warning in summary.warnings:
        voice.said("", [warning])
    if voice.summary:
        line = (
            f"{summary.read} read, {summary.written} written to {output} "
            f"({summary.parts:,} {'part' if summary.parts == 1 else 'parts'}, "
            f"{summary.size:,} bytes)"
        )
        if rejects is not None:
            line += f", {summary.rejected} rejected to {rejects}"
        say(line)
    if summary.rejected:
        raise typer.Exit(EXIT_INVALID)


@contextlib.contextmanager
def _local_cluster(workers: int) -> Iterator[Any]:
    """A client of a Dask cluster on this machine's cores, closed quietly however the run ends.

    Its worker processes start with Ctrl-C ignored: the terminal sends it to the whole group,
    and only this process is to answer it (by closing the cluster, and saying so in a line),
    not every worker with a traceback of its own.
    """
    import logging

    from distributed import Client, LocalCluster

    answer = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the workers
    try:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            dashboard_address=":0",  # a free port, never a warning that 8787 is taken
            silence_logs=logging.ERROR,
        )
    finally:
        signal.signal(signal.SIGINT, answer)
    with cluster, Client(cluster) as client:  # on Ctrl-C its goodbyes are silenced (cli._interrupt)
        yield client
