"""The commands that look: ``validate``, ``inspect``, ``formats`` and ``schema``."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from newsschema import formats
from newsschema.cli.common import (
    EXIT_INVALID,
    EXIT_IO,
    BlocksOption,
    DepthOption,
    FromOption,
    InputsArgument,
    JobsOption,
    Progress,
    QuietOption,
    RecordBytesOption,
    StrictOption,
    Voice,
    WorkOption,
    app,
    expand_inputs,
    limits_of,
    os_problem,
    say,
    shown_name,
    usage_error,
)
from newsschema.cli.convert import Ledger
from newsschema.dates import format_published
from newsschema.errors import FormatError, ValidationError
from newsschema.io import article_from, read_records, resolve_format
from newsschema.limits import DEFAULT_LIMITS
from newsschema.model import Article

__all__ = ["SCHEMA_KINDS", "inspect", "list_formats", "schema", "validate"]

SCHEMA_KINDS = ("json-schema", "jsonld-context", "arrow", "bigquery", "ninjs")
"""What ``newsschema schema`` writes: :data:`newsschema.schema.KINDS`, named here so that the
help needs not import the schemas (a test keeps the two the same)."""


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
    jobs: JobsOption = None,
    strict: StrictOption = False,
    quiet: QuietOption = 0,
    max_record_bytes: RecordBytesOption = DEFAULT_LIMITS.record_bytes,
    max_depth: DepthOption = DEFAULT_LIMITS.depth,
    max_blocks: BlocksOption = DEFAULT_LIMITS.blocks,
    max_jsonld_work: WorkOption = DEFAULT_LIMITS.jsonld_work,
) -> None:
    """Check articles and print every problem with its file, record and path.

    Checks as convert does, on as many cores, by the same paths (JSON Lines in Arrow's
    bulk), and writes nothing.

    Example: newsschema validate fixtures/ --format json
    """
    limits = limits_of(max_record_bytes, max_depth, max_blocks, max_jsonld_work)
    if output_format not in ("text", "json"):
        usage_error(f"--format must be text or json, not {output_format!r}")
    from concurrent.futures.process import BrokenProcessPool

    from newsschema.parallel import checked, usable_cores, worth_it

    names = expand_inputs(inputs, source_format)
    counts: Counter[str] = Counter()
    progress = Progress(not quiet and output_format == "text", names, source_format)
    voice = Voice(1 if quiet or output_format == "json" else 0)  # warnings: convert's to say
    ledger = _Checking(counts, progress, voice, output_format)
    # what convert would do, written nowhere: JSON Lines in Arrow's bulk (pyarrow), the rest
    # as JSON Lines (no Arrow imported for a page or a JSON file)
    kinds = {resolve_format(name, source_format, writing=False).name for name in names}
    target = formats.by_name("parquet" if kinds == {"jsonl"} else "jsonl")
    if jobs is None:
        jobs = usable_cores() if worth_it(names, source_format, target) else 1
    try:
        for _ in checked(
            names, source_format, limits, target, jobs, ledger, shown_name, strict=strict
        ):
            pass
    except FormatError as exc:
        usage_error(str(exc))
    except OSError as exc:
        say(f"error: {os_problem(exc)}")
        raise typer.Exit(EXIT_IO) from None
    except BrokenProcessPool:
        say("error: a worker process stopped before its work was done: run again, or with -j 1")
        raise typer.Exit(EXIT_IO) from None
    finally:
        progress.stop()
    checked_count, invalid = counts["read"], counts["rejected"]
    if output_format == "json":
        document = {"records": checked_count, "invalid": invalid, "problems": ledger.problems}
        typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())
    elif quiet < 2:
        noun = "record" if checked_count == 1 else "records"
        say(f"{checked_count} {noun} checked, {invalid} invalid")
    if invalid:
        raise typer.Exit(EXIT_INVALID)


class _Checking(Ledger):
    """The ledger of a validation: convert's, each invalid record's problems said, not kept."""

    def __init__(
        self, counts: Counter[str], progress: Progress, voice: Voice, output_format: str
    ) -> None:
        super().__init__(counts, progress, _Nowhere(), voice)  # kept aside: the run goes on
        self.text = output_format == "text"
        self.problems: list[dict[str, Any]] = []

    def reject(self, error: ValidationError, line: bytes) -> None:
        """Say an invalid record's problems (as lines, or kept for the JSON document)."""
        self.counts["rejected"] += 1
        record = orjson.loads(line) if line else {}
        source, where = record.get("source"), record.get("where")
        self.problems.extend(
            {"source": source, "where": where or None, "path": p.path, "message": p.message}
            for p in error.problems
        )
        if self.text:
            for text in error.lines():
                typer.echo(text)


class _Nowhere:
    """Where a validation's rejects go: they are said, not kept."""

    def write(self, line: bytes) -> None:
        """Keep nothing."""


def _bidi_terminal() -> bool:
    """Whether standard output is a terminal known to lay out bidi isolates.

    GNOME's VTE (0.58 on), Konsole and mlterm do; most others (xterm, tmux, iTerm2, Windows
    Terminal) show the marks as boxes or spaces, and a pipe keeps the text as it is.
    """
    import os

    if not sys.stdout.isatty():
        return False
    vte = os.environ.get("VTE_VERSION", "")
    return (
        (vte.isdigit() and int(vte) >= 5800)
        or "KONSOLE_VERSION" in os.environ
        or os.environ.get("TERM", "").startswith("mlterm")
    )


def _isolator(bidi: str) -> Callable[[str, str], str]:
    """How ``inspect`` shows text: right-to-left text in a bidi isolate, where asked."""
    from newsschema.formats.jsonld import is_rtl

    if bidi not in ("auto", "on", "off"):
        usage_error(f"--bidi {bidi}: choose auto, on or off")
    if bidi == "off" or (bidi == "auto" and not _bidi_terminal()):
        return lambda text, language: text
    return lambda text, language: f"\u2067{text}\u2069" if is_rtl(language) else text


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
    bidi: Annotated[
        str,
        typer.Option(
            "--bidi",
            metavar="auto|on|off",
            help="Wrap right-to-left text in Unicode bidi isolates (U+2067 … U+2069): auto "
            "on a terminal known to lay them out (VTE, Konsole, mlterm), never in a pipe.",
        ),
    ] = "auto",
) -> None:
    """Show a readable summary of each article: counts, quotes by speaker, figures, phases.

    Example: newsschema inspect fixtures/articles/iraq-coalition-2021.json
    """
    limits = limits_of(max_record_bytes, max_depth, max_blocks, max_jsonld_work)
    from rich.console import Console
    from rich.table import Table

    _isolated = _isolator(bidi)
    names = expand_inputs([source], source_format)
    if len(names) != 1:
        usage_error(f"{source}: inspect reads one file at a time, and this names {len(names)}")
    name = names[0]
    console = Console(highlight=False)
    summaries = []
    invalid = False
    for record in read_records(name, source_format, limits=limits):
        try:
            article = article_from(record, shown_name(name))
        except ValidationError as exc:
            invalid = True
            for line in exc.lines():
                say(line)
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


_LOCATIONS = {
    "delta": "delta:PATH",
    "iceberg": "iceberg:CATALOG.NAMESPACE.TABLE",
    "duckdb": "duckdb:PATH",
    "sqlite": "sqlite:PATH",
    "postgresql": "postgresql://USER@HOST:PORT/DB",
}
"""How a table format's tables and a database are named, for ``newsschema formats``."""


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
        lines.append(f"{known.name:<12}{', '.join(d for d in doing if d):<13}{suffixes}")
        lines += textwrap.wrap(
            known.description, width, initial_indent=" " * 12, subsequent_indent=" " * 12
        )
    typer.echo("\n".join(lines))


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(help=f"Which schema: {', '.join(SCHEMA_KINDS)}.", show_default=False),
    ] = None,
    write_to: Annotated[
        Path | None,
        typer.Option(
            "--write", metavar="FOLDER", help="Write every schema file into this folder instead."
        ),
    ] = None,
    sql: Annotated[
        str | None,
        typer.Option(
            "--sql",
            metavar="DIALECT",
            help="Print the SQL that makes the database sinks' tables: duckdb, postgresql or "
            "sqlite.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print a schema generated from the model, or write them all.

    Example: newsschema schema json-schema > article.schema.json
    """
    from newsschema import schema as schemas  # pyarrow's types, among others

    if write_to is not None:
        for path in schemas.write(write_to):
            say(f"wrote {path}")
        return
    if sql is not None:
        from newsschema.formats.sql import columns

        if kind is not None or sql not in columns.DIALECTS:
            usage_error(f"--sql takes one of {', '.join(columns.DIALECTS)}, and no schema name")
        sys.stdout.write(columns.ddl(sql))
        return
    if kind is None:
        usage_error(f"name a schema ({', '.join(schemas.KINDS)}), or give --write FOLDER")
    if kind not in schemas.KINDS:
        usage_error(f"unknown schema {kind!r} (known: {', '.join(schemas.KINDS)})")
    sys.stdout.buffer.write(schemas.text(kind))
