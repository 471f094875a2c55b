"""What the commands share: the app, its options, messages, inputs, progress, exit codes.

Exit status: 0 when all is well, 1 when any record is invalid, 2 for a usage error (an
unknown format or suffix, a missing input, an output that would overwrite an input or an
existing file without ``--force``), 3 when reading or writing fails, 130 on Ctrl-C.

Only what every command needs is imported here: each command imports its heavy parts
(pyarrow, the formats it reads and writes) when it runs, so that ``--help`` starts at once.
"""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from newsschema import formats
from newsschema._version import __version__
from newsschema.errors import FormatError, PassedOverWarning
from newsschema.formats import Note
from newsschema.io import expand
from newsschema.limits import Limits

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
READ_NAMES = ", ".join(candidate.name for candidate in formats.FORMATS if candidate.read)
WRITE_NAMES = ", ".join(
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
        help=f"Format of the inputs, when their suffixes do not say: {READ_NAMES}.",
    ),
]
OutputOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Where to write: a file (its suffix picks the format), a directory written "
        "with a trailing / for the star layout, or '-' for standard output (the default: "
        "JSON Lines unless --to says otherwise).",
    ),
]

ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="FORMAT",
        help=f"Format of the output, when its suffix does not say: {WRITE_NAMES}.",
    ),
]

RejectsOption = Annotated[
    Path | None,
    typer.Option(
        "--rejects",
        metavar="FILE",
        help="Write invalid records here, as JSON Lines with their problems, and go on.",
    ),
]

ForceOption = Annotated[bool, typer.Option("--force", "-f", help="Replace an existing output.")]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Processes that check and encode records (default: every core, for input "
        "of 8 MiB or more; 1 MiB for pages, crawls and ninjs; 64 MiB for JSON Lines to "
        "Parquet, which use every core in one). The output and rejects are the same as "
        "with one.",
    ),
]

WriterOptions = Annotated[
    list[str] | None,
    typer.Option(
        "--option",
        "-O",
        metavar="NAME=VALUE",
        help="An option of the output's format, again for more: version=2.2 and "
        "extension=true for ninjs; compression=snappy, row_group_bytes=N for parquet; "
        "layout=tables for a table. For the inputs: validate=true checks ninjs against "
        "IPTC's schema of its version; captures_of_a_url=first keeps a crawl's first "
        "capture of a URL (not the latest).",
    ),
]

UpsertOption = Annotated[
    bool,
    typer.Option(
        "--upsert",
        help="For a table output (-o delta:PATH): replace the rows of articles already "
        "there (by id) and add the others, in one commit.",
    ),
]
QuietOption = Annotated[
    int,
    typer.Option(
        "--quiet",
        "-q",
        count=True,
        help="Say no warnings or notes, only errors and the summary (-qq: only errors).",
    ),
]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Say the notes too: how each value was found where nothing was lost (the id "
        "from the page's URL, the language from <html lang>).",
    ),
]
WarningsOption = Annotated[
    str,
    typer.Option(
        "--warnings",
        metavar="all|summary|none",
        help="What is said of what was not kept or kept otherwise: each, a line each (all); "
        "only how many, in the summary (summary); nothing (none).",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Make what a foreign record loses (markup of pages, JSON-LD, ninjs: a value not "
        "kept, or kept otherwise) an error, so that the record is invalid, instead of a "
        "warning. Notes (how a value was found) are not losses.",
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


def limits_of(record_bytes: int, depth: int, blocks: int, work: int) -> Limits:
    """The limits the command line's options give (a usage error past the largest)."""
    try:
        return Limits(record_bytes=record_bytes, depth=depth, blocks=blocks, jsonld_work=work)
    except FormatError as exc:
        flag = str(exc).removeprefix("Limits(").split("=")[0].replace("_", "-")
        usage_error(f"--max-{flag}: {str(exc).split(': ', 1)[1]}")


def say(message: str) -> None:
    """Say something to the user, on standard error (standard output is for data)."""
    typer.echo(message, err=True)


def usage_error(message: str) -> NoReturn:
    """Say what is wrong with the command as given, and exit with status 2."""
    say(f"error: {message}")
    raise typer.Exit(EXIT_USAGE)


def expand_inputs(inputs: list[str], source_format: str | None) -> list[str]:
    """Turn the command line's inputs into the files (and table directories) to read.

    As :func:`newsschema.io.expand` does; what is wrong is a usage error.
    """
    try:
        return expand(inputs, source_format)
    except FormatError as exc:
        usage_error(str(exc))


def shown_name(name: str) -> str:
    """An input's name in messages."""
    return "<stdin>" if name == "-" else name


class Voice:
    """What a run says on standard error besides its errors: warnings, notes, its summary.

    A **warning** says what was not kept, or kept otherwise than given; a **note**
    (:class:`~newsschema.formats.Note`) how a value was found where nothing was lost. Notes
    are said with ``-v``; warnings a line each (``--warnings all``), or only counted
    (``summary``), or neither (``none``); ``-q`` says neither but keeps the summary line,
    which counts both; ``-qq`` says only errors.
    """

    def __init__(self, quiet: int = 0, verbose: bool = False, warnings: str = "all") -> None:
        if warnings not in ("all", "summary", "none"):
            usage_error(f"--warnings {warnings}: choose all, summary or none")
        self.quiet, self.verbose, self.warnings = quiet, verbose, warnings
        self.counts: dict[str, int] = {"warning": 0, "note": 0}

    @property
    def silent(self) -> bool:
        """Whether nothing but errors and the summary is said (no progress either)."""
        return self.quiet > 0

    @property
    def summary(self) -> bool:
        """Whether the summary line is said."""
        return self.quiet < 2

    def said(self, where: str, messages: Iterable[str]) -> None:
        """Count a record's warnings and notes, and say those the run asks for."""
        for message in messages:
            kind = "note" if isinstance(message, Note) else "warning"
            self.counts[kind] += 1
            if self.shows(kind):
                say(f"{kind}: {where}: {message}" if where else f"{kind}: {message}")

    def shows(self, kind: str) -> bool:
        """Whether a ``warning`` or a ``note`` is said, a line each."""
        if self.quiet or self.warnings == "none":
            return False
        return self.verbose if kind == "note" else self.warnings == "all"

    def tally(self) -> str:
        """How many warnings and notes were said, for the summary ("" for none)."""
        if self.warnings == "none":
            return ""
        parts = []
        warnings, notes = self.counts["warning"], self.counts["note"]
        if warnings:
            parts.append(f"{warnings:,} warning{'' if warnings == 1 else 's'}")
        if notes:
            hidden = "" if self.shows("note") or self.quiet else " (-v says them)"
            parts.append(f"{notes:,} note{'' if notes == 1 else 's'}{hidden}")
        return ", ".join(parts)


class Progress:
    """A progress bar on a terminal, for runs longer than about a second; else nothing.

    Where every input is a file whose bytes are read in order (not Parquet, a table, a
    database or standard input), the bar shows the share of their bytes read, with the time
    left; else the records read and their rate.
    """

    def __init__(self, enabled: bool, names: list[str], source_format: str | None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.files = len(names)
        self.sizes = _sizes(names, source_format) if self.enabled else None
        self.started = time.monotonic()
        self.count = 0
        self.shown = 0  # the count the bar shows
        self.bar: Any = None
        self.task: Any = None

    def tick(self, file_number: int, count: int = 1) -> None:
        """Count records read from the input of this number."""
        self.count += count
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started > 1:
            self._start()
        if self.bar is not None and self.count - self.shown >= 50:
            self.shown = self.count
            rate = self.count / max(time.monotonic() - self.started, 1e-9)
            done = self._bytes_done(file_number)
            self.bar.update(
                self.task, records=self.count, rate=rate, file=file_number, completed=done
            )

    def _start(self) -> None:
        from rich import progress as rich

        counted = rich.TextColumn("{task.fields[records]:,} records ({task.fields[rate]:,.0f}/s)")
        files = rich.TextColumn("file {task.fields[file]} of {task.fields[files]}")
        columns: list[Any] = [rich.SpinnerColumn(), counted, files, rich.TimeElapsedColumn()]
        if self.sizes is not None:
            columns = [rich.BarColumn(), rich.TaskProgressColumn(), counted, files,
                       rich.TimeRemainingColumn()]  # fmt: skip
        self.bar = rich.Progress(*columns, transient=True, console=stderr_console())
        self.bar.start()
        total = None if self.sizes is None else max(sum(self.sizes), 1)
        self.task = self.bar.add_task("", total=total, records=0, rate=0, file=1, files=self.files)

    def _bytes_done(self, file_number: int) -> int | None:
        """The bytes of the inputs read so far, where they are known."""
        if self.sizes is None:
            return None
        from newsschema.io import input_position

        before = sum(self.sizes[: file_number - 1])
        size = self.sizes[file_number - 1] if file_number <= len(self.sizes) else 0
        at = input_position()
        return before + (size if at is None else min(at, size))

    def stop(self) -> None:
        """Take the bar away."""
        if self.bar is not None:
            self.bar.stop()


def _sizes(names: list[str], source_format: str | None) -> list[int] | None:
    """The sizes of inputs read from start to end as bytes, or None if any is not one."""
    from newsschema.io import resolve_format

    sizes = []
    for name in names:
        if name == "-" or formats.location_of(name) is not None:
            return None
        try:
            chosen = resolve_format(name, source_format, writing=False)
            status = Path(name).stat()
        except (FormatError, OSError):
            return None
        if chosen.name == "parquet" or chosen.directory or not stat.S_ISREG(status.st_mode):
            return None
        sizes.append(status.st_size)
    return sizes


class TaskProgress:
    """A bar for a run of tasks (a conversion on Dask), on a terminal only.

    It shows the tasks done of all, with a percentage, the records read, their rate and the
    time left.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int, records: int) -> None:
        """Show where the run is: ``done`` tasks of ``total``, ``records`` read."""
        if not self.enabled:
            return
        if self.bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("tasks"),
                TaskProgressColumn(),
                TextColumn("{task.fields[records]:,} records ({task.fields[rate]:,.0f}/s)"),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                transient=True,
                console=stderr_console(),
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=total, records=0, rate=0)
        rate = records / max(time.monotonic() - self.started, 1e-9)
        self.bar.update(self.task, completed=done, total=total, records=records, rate=rate)

    def stop(self) -> None:
        """Take the bar away."""
        if self.bar is not None:
            self.bar.stop()


def stderr_console() -> Any:
    """A rich console on standard error."""
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


def os_problem(exc: OSError) -> str:
    """An operating system's refusal in one line, naming the file and not our temporary one."""
    name = exc.filename
    if isinstance(name, str) and Path(name).name.startswith(".") and name.endswith(".tmp"):
        name = str(Path(name).parent)  # the folder the output was to be written in
    reason = exc.strerror or str(exc)
    return f"{name}: {reason}" if name else reason


def warning_line(message: Warning | str) -> str:
    """A reader's warning as a line; what a crawl held is a count, not a warning."""
    if isinstance(message, PassedOverWarning):
        return str(message)
    return f"warning: {message}"
