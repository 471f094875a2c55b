"""The ``newsschema`` command: validate, convert and inspect article files.

Exit status: 0 when all is well, 1 when any record is invalid, 2 for a usage error (an
unknown format or suffix, a missing input, an output that would overwrite an input or an
existing file without ``--force``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Annotated, Any, NoReturn

import orjson
import typer

from newsschema import formats
from newsschema import schema as schemas
from newsschema._version import __version__
from newsschema.dates import format_published
from newsschema.errors import FormatError, NotKeptWarning, PassedOverWarning, ValidationError
from newsschema.formats import Format, Record, dataset, lake
from newsschema.formats import options as format_options
from newsschema.formats.jsonld import is_rtl
from newsschema.formats.tables import is_tables
from newsschema.io import (
    article_from,
    atomic_file,
    read_records,
    resolve_format,
    write,
    write_parts,
)
from newsschema.limits import DEFAULT_LIMITS, Limits
from newsschema.model import Article
from newsschema.parallel import accounted, checked, worth_it

__all__ = ["app", "main"]

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_IO = 3
"""Reading or writing failed: a disk full, a permission refused, a folder missing."""

app = typer.Typer(
    name="newsschema",
    help="News articles as typed, validated data: check them, convert them, look inside.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_READ_NAMES = ", ".join(candidate.name for candidate in formats.FORMATS if candidate.read)
_WRITE_NAMES = ", ".join(
    candidate.name for candidate in formats.FORMATS if candidate.write or candidate.directory
)

InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUT",
        help="Files, directories (searched for known suffixes) or glob patterns; "
        "'-' reads standard input (then give --from).",
        show_default=False,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="FORMAT",
        help=f"Format of the inputs, when their suffixes do not say: {_READ_NAMES}.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Make what a foreign record has that is not kept (markup of pages, JSON-LD, "
        "ninjs) an error, so that the record is invalid, instead of a warning.",
    ),
]
RecordBytesOption = Annotated[
    int,
    typer.Option(
        "--max-record-bytes",
        metavar="BYTES",
        min=1,
        help="Largest record read: a document, a line, a page.",
        rich_help_panel="Limits",
    ),
]
DepthOption = Annotated[
    int,
    typer.Option(
        "--max-depth",
        metavar="LEVELS",
        min=1,
        help="Deepest nesting of a JSON-LD or ninjs document.",
        rich_help_panel="Limits",
    ),
]
BlocksOption = Annotated[
    int,
    typer.Option(
        "--max-blocks",
        metavar="BLOCKS",
        min=1,
        help="Most JSON-LD blocks in a page.",
        rich_help_panel="Limits",
    ),
]
WorkOption = Annotated[
    int,
    typer.Option(
        "--max-jsonld-work",
        metavar="STEPS",
        min=1,
        help="Most work a JSON-LD document may ask of the processor, beyond 10 steps a byte.",
        rich_help_panel="Limits",
    ),
]


def _limits(record_bytes: int, depth: int, blocks: int, work: int) -> Limits:
    return Limits(record_bytes=record_bytes, depth=depth, blocks=blocks, jsonld_work=work)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _usage_error(message: str) -> NoReturn:
    _say(f"error: {message}")
    raise typer.Exit(EXIT_USAGE)


def _readable_suffixes() -> tuple[str, ...]:
    return tuple(s for known in formats.FORMATS if known.read for s in known.suffixes)


def _inputs_in(folder: Path, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files with a readable suffix below a folder, and its star-layout folders as such.

    Hidden files and folders are passed over: a temporary folder left by a killed run
    (``.out.x1y2.tmp``) is never taken for input.
    """
    for top, folders, names in os.walk(folder):
        here = Path(top)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for tables in [name for name in folders if _is_one_input(here / name)]:
            folders.remove(tables)
            yield str(here / tables)
        for name in names:
            if not name.startswith(".") and name.lower().endswith(suffixes):
                yield str(here / name)


def _is_one_input(folder: Path) -> bool:
    """A folder read as one input: the star layout's tables, or a dataset."""
    return is_tables(folder) or dataset.is_dataset(folder)


def expand_inputs(inputs: list[str], source_format: str | None) -> list[str]:
    """Turn the command line's inputs into the files (and table directories) to read.

    A directory holding the star layout is one input; any other directory is searched,
    recursively and in name order, for files with a suffix newsschema reads; a glob
    pattern is expanded in name order.
    """
    found: list[str] = []
    for name in inputs:
        if name == "-" or formats.location_of(name) is not None:  # stdin, or a table (delta:)
            found.append(name)
        elif Path(name).is_dir() and not _is_one_input(Path(name)):
            if all((Path(name) / f"{table}.parquet").is_file() for table in ("articles", "spans")):
                _usage_error(
                    f"{name} holds the tables of the star layout but not their manifest "
                    "(_newsschema.json, written last): it was not written whole"
                )
            suffixes = _readable_suffixes()
            files = sorted(_inputs_in(Path(name), suffixes))
            if not files:
                _usage_error(f"{name}: no files with a known suffix ({', '.join(suffixes)})")
            found.extend(files)
        elif Path(name).exists():
            found.append(name)
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                _usage_error(f"{name}: no file matches")
            found.extend(expand_inputs(matches, source_format))
        else:
            _usage_error(f"{name}: no such file or directory")
    if found.count("-") > 1:
        _usage_error("standard input can be read only once")
    for name in found:
        try:
            resolve_format(name, source_format, writing=False)
        except FormatError as exc:
            _usage_error(str(exc))
    return found


def _shown(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _warn(record: Record, shown: str, quiet: bool) -> None:
    if not quiet:
        for note in record.warnings:
            _say(f"warning: {shown}{record.where}: {note}")


class _Progress:
    """A progress bar on a terminal, for runs longer than about a second; else nothing."""

    def __init__(self, enabled: bool, files: int) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.files = files
        self.started = time.monotonic()
        self.count = 0
        self.bar: Any = None
        self.task: Any = None

    def tick(self, file_number: int) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started > 1:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[records]:,} records ({task.fields[rate]:,.0f}/s)"),
                TextColumn("file {task.fields[file]} of {task.fields[files]}"),
                TimeElapsedColumn(),
                transient=True,
                console=_stderr_console(),
            )
            self.bar.start()
            self.task = self.bar.add_task(
                "", total=None, records=0, rate=0, file=1, files=self.files
            )
        if self.bar is not None and self.count % 50 == 0:
            rate = self.count / max(time.monotonic() - self.started, 1e-9)
            self.bar.update(self.task, records=self.count, rate=rate, file=file_number)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsschema {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """News articles as typed, validated data: check them, convert them, look inside."""


class _Ledger:
    """What a conversion keeps account of: counts, progress, ids taken, rejects, warnings."""

    def __init__(
        self, counts: Counter[str], progress: _Progress, reject_to: Any, quiet: bool
    ) -> None:
        self.counts = counts
        self.progress = progress
        self.reject_to = reject_to
        self.quiet = quiet
        self.seen: dict[str, str] = {}  # article id -> where it was first read
        self.held: str | None = None  # the table appended to, whose ids are taken
        self.held_taken = False  # whether a record's id was one of the table's

    @property
    def keeps_rejects(self) -> bool:
        return self.reject_to is not None

    def read(self, file_number: int) -> None:
        self.counts["read"] += 1
        self.progress.tick(file_number)

    def hold(self, ids: list[str], where: str) -> None:
        """Count these ids as taken at ``where`` (a table the run appends to)."""
        self.held = where
        self.seen.update(dict.fromkeys(ids, where))

    def taken(self, article_id: str, where: str) -> str | None:
        first = self.seen.get(article_id)
        if first is not None and first == self.held:
            self.held_taken = True
        return first if first is not None and first != where else None

    def accept(self, article_id: str, where: str) -> None:
        self.seen.setdefault(article_id, where)

    def reject(self, error: ValidationError, line: bytes) -> None:
        if self.reject_to is None:
            raise error
        self.counts["rejected"] += 1
        self.reject_to.write(line)

    def warn(self, where: str, notes: tuple[str, ...]) -> None:
        if not self.quiet:
            for note in notes:
                _say(f"warning: {where}: {note}")


def _articles(
    names: list[str], source_format: str | None, ledger: _Ledger, reading: dict[str, Any]
) -> Iterator[Article]:
    """The articles of every input, in order, each record accounted for in the ledger."""
    for number, name in enumerate(names, start=1):
        shown = _shown(name)
        for record in read_records(name, source_format, **reading):
            article = accounted(record, shown, number, ledger)
            if article is not None:
                yield article


def _table_ids(
    table: tuple[Format, str], output: str, options: dict[str, Any]
) -> tuple[list[str], str]:
    """The ids a table output holds, for the run to refuse those an append would repeat."""
    chosen, location = table
    assert chosen.ids is not None
    try:
        return chosen.ids(location, layout=options.get("layout", "parquet")).to_pylist(), output
    except FormatError as exc:
        _usage_error(str(exc))


def _reader_option(
    options: dict[str, Any], name: str, output: str, target_format: str | None
) -> bool:
    """Take a reader's option given with -O (``validate=true``) that the output does not take.

    Raises:
        typer.Exit: the value is not true or false.
    """
    if name not in options:
        return False
    try:
        chosen = resolve_format(output, target_format, writing=True)
    except FormatError:
        chosen = None
    if chosen is not None and name in chosen.options:
        return False  # the writer's
    value = options.pop(name)
    if not isinstance(value, bool):
        _usage_error(f"option {name}={value}: give true or false")
    return value


def _writer_options(given: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as options: true and false as booleans, whole numbers as ints."""
    options: dict[str, Any] = {}
    for pair in given:
        name, equals, text = pair.partition("=")
        if not equals or not name.strip():
            _usage_error(f"--option {pair!r}: write it NAME=VALUE, such as version=2.2")
        value: Any = text
        if text.lower() in ("true", "false"):
            value = text.lower() == "true"
        elif text.removeprefix("-").isdigit():
            value = int(text)
        options[name.strip()] = value
    return options


@contextlib.contextmanager
def _writers_warnings(quiet: bool) -> Iterator[None]:
    """Print what a writer does not keep (ninjs without its extension) as it is said."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        if not quiet:
            _say(_warning_line(message))

    with warnings.catch_warnings():
        warnings.simplefilter("always", NotKeptWarning)
        warnings.showwarning = show
        yield


@app.command()
def convert(
    inputs: InputsArgument,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Where to write: a file (its suffix picks the format), a directory written "
            "with a trailing / for the star layout, or '-' for standard output (the default: "
            "JSON Lines unless --to says otherwise).",
        ),
    ] = "-",
    source_format: FromOption = None,
    target_format: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help=f"Format of the output, when its suffix does not say: {_WRITE_NAMES}.",
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            metavar="FILE",
            help="Write invalid records here, as JSON Lines with their problems, and go on.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Replace an existing output.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Processes that check and encode records (default: every core, for input "
            "of 8 MiB or more; 1 MiB for pages, crawls and ninjs; 256 MiB for JSON Lines to "
            "Parquet, which use every core in one). The output and rejects are the same as "
            "with one.",
        ),
    ] = None,
    writer_options: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            "-O",
            metavar="NAME=VALUE",
            help="An option of the output's format, again for more: version=2.2 and "
            "extension=true for ninjs; compression=snappy, row_group_bytes=N for parquet; "
            "layout=tables for a table. validate=true checks ninjs inputs against IPTC's "
            "schema of their version.",
        ),
    ] = None,
    upsert: Annotated[
        bool,
        typer.Option(
            "--upsert",
            help="For a table output (-o delta:PATH): replace the rows of articles already "
            "there (by id) and add the others, in one commit.",
        ),
    ] = False,
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
    quiet: QuietOption = False,
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
    limits = _limits(max_record_bytes, max_depth, max_blocks, max_jsonld_work)
    options = _writer_options(writer_options or [])
    validating = _reader_option(options, "validate", output, target_format)
    table = formats.location_of(output)
    if upsert:
        if table is None:
            _usage_error("--upsert is for a table output, such as -o delta:warehouse/articles")
        if force:
            _usage_error(
                "--upsert replaces the rows of its articles, --force the whole table: choose one"
            )
        options["upsert"] = True
    elif force and table is not None:
        options["replace"] = True  # the table's rows replaced, in one commit
    if table is not None and partition_by is not None:
        options["partition_by"] = partition_by  # the table's own partitioning
    elif partition_by is not None or scheduler is not None:
        _to_dataset(
            inputs,
            output,
            source_format,
            target_format,
            [key.strip() for key in (partition_by or "").split(",") if key.strip()],
            scheduler,
            jobs,
            rejects,
            force,
            quiet,
            limits,
        )
        return
    names = expand_inputs(inputs, source_format)
    if output == "-" and target_format is None:
        target_format = "jsonl"  # a pipe's default, as jq and csvkit have theirs
    is_folder = output != "-" and not output.endswith(("/", os.sep)) and Path(output).is_dir()
    if is_folder and target_format is None and not Path(output).suffix:
        _usage_error(f"{output} is a folder: did you mean {output}/ (the star layout)?")
    try:
        chosen = resolve_format(output, target_format, writing=True)
        format_options.check(chosen.name, options, chosen.options, "writing")
    except FormatError as exc:
        _usage_error(str(exc))
    targets = [output] + ([str(rejects)] if rejects is not None else [])
    for target in targets:
        if target == "-":
            continue
        if any(name != "-" and _same_file(name, target) for name in names):
            _usage_error(f"{target}: the output would overwrite an input")
        if Path(target).exists() and not force:
            _usage_error(f"{target} exists; give --force to replace it")
    if rejects is not None and output != "-" and _same_file(str(rejects), output):
        _usage_error("--rejects and --output name the same file")
    if output != "-" and Path(output).resolve() in (Path.cwd(), *Path.cwd().parents):
        _usage_error(f"{output} is the current folder or holds it: write the tables elsewhere")

    counts: Counter[str] = Counter()
    written = 0
    progress = _Progress(not quiet, len(names))
    ledger = _Ledger(counts, progress, None, quiet)
    if jobs is not None:
        workers = jobs
    else:
        workers = (os.cpu_count() or 1) if worth_it(names, source_format, chosen) else 1

    try:
        with contextlib.ExitStack() as stack:
            reject_to = None if rejects is None else stack.enter_context(atomic_file(rejects))
            stack.enter_context(_writers_warnings(quiet))
            ledger = _Ledger(counts, progress, reject_to, quiet)
            if table is not None and not upsert and not force:
                ledger.hold(*_table_ids(table, output, options))  # an append repeats none
            if workers > 1 or chosen.write_encoded is not None:
                found = checked(
                    names,
                    source_format,
                    limits,
                    chosen,
                    workers,
                    ledger,
                    _shown,
                    strict=strict,
                    validate=validating,
                )
                if chosen.write_encoded is not None:
                    written = write_parts(found, output, target_format, **options)
                else:
                    written = write(found, output, target_format, **options)
            else:
                reading = {"limits": limits, "strict": strict, "validate": validating}
                found = _articles(names, source_format, ledger, reading)
                written = write(found, output, target_format, **options)
            counts["written"] = written
    except ValidationError as exc:
        for line in exc.lines():
            _say(line)
        if ledger.held_taken:
            _say(
                f"nothing was written: {output} holds that article already (give --upsert to "
                "replace the table's rows, or --rejects to go on past them)"
            )
        else:
            _say(
                "nothing was written: the input above is invalid (give --rejects to go on past it)"
            )
        raise typer.Exit(EXIT_INVALID) from None
    except FormatError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _say(f"error: {_os_problem(exc)}; nothing was written")
        raise typer.Exit(EXIT_IO) from None
    except BrokenProcessPool:
        _say(
            "error: a worker process stopped before its work was done (out of memory, or "
            "killed); nothing was written: run again, or with --jobs 1"
        )
        raise typer.Exit(EXIT_IO) from None
    finally:
        progress.stop()
    if not quiet:
        where = "<stdout>" if output == "-" else output
        summary = f"{counts['read']} read, {counts['written']} written to {where}"
        if isinstance(written, lake.Written):
            summary += f" ({written.said()})"
        if rejects is not None:
            summary += f", {counts['rejected']} rejected to {rejects}"
        _say(summary)
    if counts["rejected"]:
        raise typer.Exit(EXIT_INVALID)


_CLUSTER_BYTES = 64 * 1024 * 1024
"""Input from which a conversion to a dataset starts a local cluster (on every core)."""


def _to_dataset(
    inputs: list[str],
    output: str,
    source_format: str | None,
    target_format: str | None,
    partition_by: list[str],
    scheduler: str | None,
    jobs: int | None,
    rejects: Path | None,
    force: bool,
    quiet: bool,
    limits: Limits,
) -> None:
    """Convert into a Parquet dataset with Dask: on a cluster, or on this machine's cores."""
    if output == "-":
        _usage_error("a dataset is a folder: give it with -o FOLDER (or a URL)")
    layout = target_format or "parquet"
    if layout not in ("parquet", "tables"):
        _usage_error(f"a dataset is Parquet: --to parquet or --to tables, not {layout!r}")
    try:
        from newsschema import dask as on_dask
    except ImportError as exc:
        _usage_error(str(exc))
    local = [name for name in inputs if "://" not in name]
    if local:
        expand_inputs(local, source_format)  # says what is wrong with a local input, as always
    if jobs is not None:
        workers = jobs
    else:  # a local cluster starts in about two seconds: for large input only
        size = sum(os.path.getsize(name) for name in local if os.path.isfile(name))
        workers = (os.cpu_count() or 1) if size >= _CLUSTER_BYTES else 1
    target = output.rstrip("/") if "://" not in output else output
    with contextlib.ExitStack() as stack:
        client: Any = scheduler
        if scheduler is None and workers > 1:
            from distributed import Client, LocalCluster

            cluster = stack.enter_context(
                LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        elif scheduler is None:
            client = "sync"  # one process: this one
        try:
            summary = on_dask.to_dataset(
                inputs,
                target,
                layout=layout,
                partition_by=partition_by,
                rejects=None if rejects is None else str(rejects),
                format=source_format,
                client=client,
                force=force,
                limits=limits,
            )
        except ValidationError as exc:
            for line in exc.lines():
                _say(line)
            _say(
                "nothing was written: the input above is invalid (give --rejects to go on past it)"
            )
            raise typer.Exit(EXIT_INVALID) from None
        except FormatError as exc:
            _usage_error(str(exc))
        except OSError as exc:
            _say(f"error: {_os_problem(exc)}; nothing was written")
            raise typer.Exit(EXIT_IO) from None
    if not quiet:
        for warning in summary.warnings:
            _say(f"warning: {warning}")
        line = (
            f"{summary.read} read, {summary.written} written to {output} "
            f"({summary.parts:,} {'part' if summary.parts == 1 else 'parts'}, "
            f"{summary.size:,} bytes)"
        )
        if rejects is not None:
            line += f", {summary.rejected} rejected to {rejects}"
        _say(line)
    if summary.rejected:
        raise typer.Exit(EXIT_INVALID)


@app.command()
def validate(
    inputs: InputsArgument,
    source_format: FromOption = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="text|json",
            help="text (one problem a line) or json (one document).",
        ),
    ] = "text",
    strict: StrictOption = False,
    quiet: QuietOption = False,
    max_record_bytes: RecordBytesOption = DEFAULT_LIMITS.record_bytes,
    max_depth: DepthOption = DEFAULT_LIMITS.depth,
    max_blocks: BlocksOption = DEFAULT_LIMITS.blocks,
    max_jsonld_work: WorkOption = DEFAULT_LIMITS.jsonld_work,
) -> None:
    """Check articles and print every problem with its file, record and path.

    Example: newsschema validate fixtures/ --format json
    """
    limits = _limits(max_record_bytes, max_depth, max_blocks, max_jsonld_work)
    if output_format not in ("text", "json"):
        _usage_error(f"--format must be text or json, not {output_format!r}")
    names = expand_inputs(inputs, source_format)
    checked = invalid = 0
    problems: list[dict[str, Any]] = []
    progress = _Progress(not quiet and output_format == "text", len(names))
    try:
        for number, name in enumerate(names, start=1):
            shown = _shown(name)
            for record in read_records(name, source_format, limits=limits, strict=strict):
                checked += 1
                progress.tick(number)
                try:
                    article_from(record, shown)
                except ValidationError as exc:
                    invalid += 1
                    problems.extend(
                        {
                            "source": shown,
                            "where": record.where or None,
                            "path": p.path,
                            "message": p.message,
                        }
                        for p in exc.problems
                    )
                    if output_format == "text":
                        for line in exc.lines():
                            typer.echo(line)
                    continue
                _warn(record, shown, quiet or output_format == "json")
    except FormatError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _say(f"error: {_os_problem(exc)}")
        raise typer.Exit(EXIT_IO) from None
    finally:
        progress.stop()
    if output_format == "json":
        document = {"records": checked, "invalid": invalid, "problems": problems}
        typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())
    elif not quiet:
        noun = "record" if checked == 1 else "records"
        _say(f"{checked} {noun} checked, {invalid} invalid")
    if invalid:
        raise typer.Exit(EXIT_INVALID)


def _isolated(text: str, language: str) -> str:
    """Wrap right-to-left text in a bidi isolate, so that a terminal lays it out right."""
    return f"\u2067{text}\u2069" if is_rtl(language) else text


def _summary(article: Article) -> dict[str, Any]:
    speakers = {entity.id: entity for entity in article.entities}
    by_speaker = Counter(quote.speaker for quote in article.quotes)
    return {
        "id": article.id,
        "headline": article.headline,
        "language": article.language,
        "date_published": None
        if article.date_published is None
        else format_published(article.date_published),
        "counts": {
            "sections": len(article.body),
            "paragraphs": len(article.paragraphs),
            "entities": len(article.entities),
            "quotes": len(article.quotes),
            "statistics": len(article.statistics),
            "campaigns": len(article.campaigns),
            "phases": sum(len(campaign.phases) for campaign in article.campaigns),
            "events": len(article.events),
            "comments": len(article.comments),
        },
        "quotes_by_speaker": [
            {
                "speaker": speaker,
                "name": speakers[speaker].name if speaker in speakers else None,
                "quotes": n,
            }
            for speaker, n in by_speaker.most_common()
        ],
        "statistics": [
            {
                "id": s.id,
                "qualifier": s.qualifier.value,
                "value": s.value,
                "value_max": s.value_max,
                "unit": s.unit,
                "measure": s.measure,
            }
            for s in article.statistics
        ],
        "phases": [
            {
                "campaign": campaign.id,
                "ordinal": phase.ordinal,
                "name": phase.name,
                "labels": dict(phase.labels),
                "start": None if phase.start is None else phase.start.edtf,
                "end": None if phase.end is None else phase.end.edtf,
            }
            for campaign in article.campaigns
            for phase in campaign.phases
        ],
    }


@app.command()
def inspect(
    source: Annotated[str, typer.Argument(help="A file or table directory to look into.")],
    source_format: FromOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary instead.")] = False,
    max_record_bytes: RecordBytesOption = DEFAULT_LIMITS.record_bytes,
    max_depth: DepthOption = DEFAULT_LIMITS.depth,
    max_blocks: BlocksOption = DEFAULT_LIMITS.blocks,
    max_jsonld_work: WorkOption = DEFAULT_LIMITS.jsonld_work,
) -> None:
    """Show a readable summary of each article: counts, quotes by speaker, figures, phases.

    Example: newsschema inspect fixtures/articles/iraq-coalition-2021.json
    """
    limits = _limits(max_record_bytes, max_depth, max_blocks, max_jsonld_work)
    from rich.console import Console
    from rich.table import Table

    names = expand_inputs([source], source_format)
    if len(names) != 1:
        _usage_error(f"{source}: inspect reads one file at a time, and this names {len(names)}")
    name = names[0]
    console = Console(highlight=False)
    summaries = []
    invalid = False
    for record in read_records(name, source_format, limits=limits):
        try:
            article = article_from(record, _shown(name))
        except ValidationError as exc:
            invalid = True
            for line in exc.lines():
                _say(line)
            continue
        summary = _summary(article)
        if as_json:
            summaries.append(summary)
            continue
        language = article.language
        console.print(f"[bold]{_isolated(article.headline, language)}[/bold]", soft_wrap=True)
        console.print(
            f"{article.id} · {language} · {summary['date_published'] or 'no date'}", soft_wrap=True
        )
        console.print(
            " · ".join(f"{kind}: {n}" for kind, n in summary["counts"].items()), soft_wrap=True
        )
        if summary["quotes_by_speaker"]:
            quotes = Table(title="Quotes by speaker", title_justify="left")
            quotes.add_column("speaker")
            quotes.add_column("name")
            quotes.add_column("quotes", justify="right")
            for row in summary["quotes_by_speaker"]:
                shown = _isolated(row["name"], language) if row["name"] else "—"
                quotes.add_row(row["speaker"] or "(unresolved)", shown, str(row["quotes"]))
            console.print(quotes)
        if summary["statistics"]:
            figures = Table(title="Figures", title_justify="left")
            for column in ("id", "qualifier", "value", "unit", "measure"):
                figures.add_column(column, justify="right" if column == "value" else "left")
            for row in summary["statistics"]:
                value = f"{row['value']}" + (
                    f"–{row['value_max']}" if row["value_max"] is not None else ""
                )
                unit = _isolated(row["unit"], language) if row["unit"] else ""
                figures.add_row(row["id"], row["qualifier"], value, unit, row["measure"] or "")
            console.print(figures)
        if summary["phases"]:
            timeline = Table(title="Campaign phases", title_justify="left")
            for column in ("#", "name", "label", "start", "end"):
                timeline.add_column(column)
            for row in summary["phases"]:
                label = next(iter(row["labels"].values()), "")
                timeline.add_row(
                    str(row["ordinal"]),
                    _isolated(row["name"], language),
                    label,
                    row["start"] or "…",
                    row["end"] or "…",
                )
            console.print(timeline)
        console.print()
    if as_json:
        typer.echo(orjson.dumps(summaries, option=orjson.OPT_INDENT_2).decode())
    if invalid:
        raise typer.Exit(EXIT_INVALID)


_LOCATIONS = {"delta": "delta:PATH", "iceberg": "iceberg:CATALOG.NAMESPACE.TABLE"}
"""How a table format's tables are named, for ``newsschema formats``."""


@app.command("formats")
def list_formats() -> None:
    """List the formats newsschema reads and writes, with their suffixes.

    Example: newsschema formats
    """
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    lines = []
    for known in formats.FORMATS:
        suffixes = " ".join(known.suffixes) or ("a directory (…/)" if known.directory else "")
        if known.location:
            suffixes = _LOCATIONS.get(known.name, f"{known.name}:…")
        doing = ["read" if known.read else "", "write" if known.write or known.directory else ""]
        lines.append(f"{known.name:<9}{', '.join(d for d in doing if d):<13}{suffixes}")
        lines += textwrap.wrap(
            known.description, width, initial_indent=" " * 9, subsequent_indent=" " * 9
        )
    typer.echo("\n".join(lines))


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help=f"Which schema: {', '.join(schemas.KINDS)}.", show_default=False),
    ] = None,
    write_to: Annotated[
        Path | None,
        typer.Option(
            "--write", metavar="FOLDER", help="Write every schema file into this folder instead."
        ),
    ] = None,
) -> None:
    """Print a schema generated from the model, or write them all.

    Example: newsschema schema json-schema > article.schema.json
    """
    if write_to is not None:
        for path in schemas.write(write_to):
            _say(f"wrote {path}")
        return
    if kind is None:
        _usage_error(f"name a schema ({', '.join(schemas.KINDS)}), or give --write FOLDER")
    if kind not in schemas.KINDS:
        _usage_error(f"unknown schema {kind!r} (known: {', '.join(schemas.KINDS)})")
    sys.stdout.buffer.write(schemas.text(kind))


def _same_file(first: str, second: str) -> bool:
    """Whether two paths name one file, whether or not it exists yet."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)


def _os_problem(exc: OSError) -> str:
    """An operating system's refusal in one line, naming the file and not our temporary one."""
    name = exc.filename
    if isinstance(name, str) and Path(name).name.startswith(".") and name.endswith(".tmp"):
        name = str(Path(name).parent)  # the folder the output was to be written in
    reason = exc.strerror or str(exc)
    return f"{name}: {reason}" if name else reason


def _warning_line(message: Warning | str) -> str:
    """A reader's warning as a line; what a crawl held is a count, not a warning."""
    if isinstance(message, PassedOverWarning):
        return str(message)
    return f"warning: {message}"


EXIT_INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C, as shells give it (128 + SIGINT)."""
_INTERRUPTED = {"convert": "nothing was written"}
"""What an interrupted command says it left: an output is renamed into place (or a table
committed) only at the end."""


def _command() -> str:
    return next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")


def _terminated(number: int, _frame: object) -> None:
    """Stop on SIGTERM as on Ctrl-C: unwinding, so that no temporary file is left behind."""
    raise SystemExit(128 + number)


_interrupted: list[str] = []
"""Set when Ctrl-C stops the command: it says so in one line as it exits."""


def _interrupt(number: int, frame: Any) -> None:
    _interrupted.append("interrupted")
    signal.default_int_handler(number, frame)  # KeyboardInterrupt: unwinding, as Python does


def main() -> None:
    """Run the command line."""
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, _interrupt)
    original = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, NotKeptWarning):  # what a reader says of its input, as a line
            _say(_warning_line(message))
        else:
            original(message, category, *args, **kwargs)

    warnings.showwarning = show
    try:
        app()
    except SystemExit as exc:
        if _interrupted and exc.code == EXIT_INTERRUPTED:
            _say(f"interrupted: {_INTERRUPTED.get(_command(), 'stopped')}")
        raise
    except FormatError as exc:  # the last net: each command says its own errors first
        _say(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        _say(f"error: {_os_problem(exc)}")
        sys.exit(EXIT_IO)
