"""The ``newsschema`` command: validate and convert article files.

Exit status: 0 when all is well, 1 when any record is invalid, 2 for a usage error
(an unknown format or suffix, a missing input, an output that would overwrite an input).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from newsschema import formats
from newsschema._version import __version__
from newsschema.errors import FormatError, ValidationError
from newsschema.formats import Record
from newsschema.io import article_from, read_records, resolve_format, write
from newsschema.model import Article

__all__ = ["app", "main"]

EXIT_INVALID = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="newsschema",
    help="News articles as typed, validated data: check them and convert between formats.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files to read; '-' reads standard input (then give --from).", show_default=False
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="Format of the inputs, when their suffixes do not say."),
]


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _usage_error(message: str) -> NoReturn:
    _say(f"error: {message}")
    raise typer.Exit(EXIT_USAGE)


def _check_inputs(inputs: list[str], source_format: str | None) -> None:
    """Fail early, as a usage error, on inputs that cannot be read at all."""
    for name in inputs:
        if name != "-" and not Path(name).exists():
            _usage_error(f"{name}: no such file or directory")
        try:
            resolve_format(name, source_format, writing=False)
        except FormatError as exc:
            _usage_error(str(exc))
    if inputs.count("-") > 1:
        _usage_error("standard input can be read only once")


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
    """News articles as typed, validated data: check them and convert between formats."""


@app.command()
def validate(inputs: InputsArgument, source_format: FromOption = None) -> None:
    """Check article files and print every problem with its file, record and path.

    Example: newsschema validate fixtures/articles/*.json
    """
    _check_inputs(inputs, source_format)
    checked = invalid = 0
    for name in inputs:
        for record in read_records(name, source_format):
            checked += 1
            shown = "<stdin>" if name == "-" else name
            try:
                article_from(record, shown)
                _warn(record, shown)
            except ValidationError as exc:
                invalid += 1
                for line in exc.lines():
                    typer.echo(line)
    noun = "record" if checked == 1 else "records"
    _say(f"{checked} {noun} checked, {invalid} invalid")
    if invalid:
        raise typer.Exit(EXIT_INVALID)


@app.command()
def convert(
    inputs: InputsArgument,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="File to write; '-' writes standard output (then give --to)."
        ),
    ],
    source_format: FromOption = None,
    target_format: Annotated[
        str | None,
        typer.Option("--to", help="Format of the output, when its suffix does not say."),
    ] = None,
) -> None:
    """Convert article files from one format to another; nothing is written if any is invalid.

    Example: newsschema convert fixtures/articles/iraq-coalition-2021.json -o iraq.jsonl
    """
    _check_inputs(inputs, source_format)
    try:
        resolve_format(output, target_format, writing=True)
    except FormatError as exc:
        _usage_error(str(exc))
    if output != "-" and any(name != "-" and _same_file(name, output) for name in inputs):
        _usage_error(f"{output}: the output would overwrite an input")

    def articles() -> Iterator[Article]:
        for name in inputs:
            for record in read_records(name, source_format):
                shown = "<stdin>" if name == "-" else name
                article = article_from(record, shown)
                _warn(record, shown)
                yield article

    try:
        count = write(articles(), output, target_format)
    except ValidationError as exc:
        for line in exc.lines():
            _say(line)
        _say("nothing was written: the input above is invalid")
        raise typer.Exit(EXIT_INVALID) from None
    noun = "article" if count == 1 else "articles"
    _say(f"{count} {noun} written to {'<stdout>' if output == '-' else output}")


@app.command("formats")
def list_formats() -> None:
    """List the formats newsschema reads and writes, with their suffixes."""
    for known in formats.FORMATS:
        modes = "".join(mode for mode, able in (("r", known.read), ("w", known.write)) if able)
        typer.echo(f"{known.name:<8} {modes:<3} {' '.join(known.suffixes):<18} {known.description}")


def _warn(record: Record, shown: str) -> None:
    for note in record.warnings:
        _say(f"warning: {shown}{record.where}: {note}")


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def main() -> None:
    """Run the command line."""
    app()
