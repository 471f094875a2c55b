"""``newsschema annotate`` and ``newsschema confirm``: suggestions put in, and confirmed."""

from __future__ import annotations

from typing import Annotated

import attrs
import typer

from newsschema.cli.common import (
    BlocksOption,
    DepthOption,
    ForceOption,
    FromOption,
    InputsArgument,
    JobsOption,
    OutputOption,
    QuietOption,
    RecordBytesOption,
    RejectsOption,
    StrictOption,
    ToOption,
    UpsertOption,
    VerboseOption,
    Voice,
    WarningsOption,
    WriterOptions,
    app,
    limits_of,
    usage_error,
)
from newsschema.cli.convert import Request, run
from newsschema.limits import DEFAULT_LIMITS
from newsschema.model import Article

__all__ = ["annotate", "confirm"]

_KINDS = ("quotes", "figures")

OnlyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        metavar="KIND",
        help="Only these, again for more: quotes (with their speakers) or figures.",
    ),
]


def _only(given: list[str] | None) -> tuple[str, ...]:
    kinds = tuple(dict.fromkeys(given or _KINDS))
    unknown = [kind for kind in kinds if kind not in _KINDS]
    if unknown:
        usage_error(f"--only {unknown[0]!r}: choose quotes or figures")
    return kinds


@attrs.frozen
class Suggesting:
    """The step of ``annotate``: suggest in each article (sent to workers: picklable)."""

    only: tuple[str, ...]
    min_confidence: float
    anchoring: bool = False

    def __call__(self, article: Article) -> Article:
        from newsschema.annotate import anchor, suggest

        if self.anchoring:
            article = anchor(article)
        return suggest(article, only=self.only, min_confidence=self.min_confidence)

    @staticmethod
    def notes(article: Article) -> tuple[str, ...]:
        """A line for an article in a language with no table: nothing was suggested."""
        from newsschema.annotate import suggests_in
        from newsschema.annotate.languages import TABLES

        if suggests_in(article.language):
            return ()
        tables = ", ".join(sorted(TABLES))
        return (f"nothing suggested: no table for its language {article.language!r} ({tables})",)


@attrs.frozen
class Confirming:
    """The step of ``confirm``: drop the marks of each article's suggestions."""

    only: tuple[str, ...]

    def __call__(self, article: Article) -> Article:
        from newsschema.annotate import confirm as confirmed

        return confirmed(article, only=self.only)


@app.command()
def annotate(
    inputs: InputsArgument,
    output: OutputOption = "-",
    source_format: FromOption = None,
    target_format: ToOption = None,
    rejects: RejectsOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    writer_options: WriterOptions = None,
    upsert: UpsertOption = False,
    only: OnlyOption = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            metavar="C",
            min=0.0,
            max=1.0,
            help="Leave out suggestions less sure than C (0 to 1).",
        ),
    ] = 0.0,
    anchoring: Annotated[
        bool,
        typer.Option(
            "--anchor",
            help="First find the spans of quotes and figures given without them (by their "
            "text; a figure by its value), and the mentions of entities; an article whose "
            "text stands nowhere or in several places is invalid.",
        ),
    ] = False,
    strict: StrictOption = False,
    quiet: QuietOption = 0,
    verbose: VerboseOption = False,
    said_warnings: WarningsOption = "all",
    max_record_bytes: RecordBytesOption = DEFAULT_LIMITS.record_bytes,
    max_depth: DepthOption = DEFAULT_LIMITS.depth,
    max_blocks: BlocksOption = DEFAULT_LIMITS.blocks,
) -> None:
    """Suggest quotes, their speakers and figures in articles, each marked as suggested.

    Reads and writes as convert does. What is there already is kept as it is; a
    suggestion that overlaps it is left out, so annotating twice gives what annotating once
    gives. Articles in a language with no table (English and Arabic have one) are written
    as they came. Confirm what a person has checked with: newsschema confirm.

    Example: newsschema annotate crawl.parquet -o suggested.jsonl --only quotes
    """
    step = Suggesting(_only(only), min_confidence, anchoring)
    limits = limits_of(max_record_bytes, max_depth, max_blocks, DEFAULT_LIMITS.jsonld_work)
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
            strict=strict,
            voice=Voice(quiet, verbose, said_warnings),
            limits=limits,
            step=step,
        )
    )


@app.command()
def confirm(
    inputs: InputsArgument,
    output: OutputOption = "-",
    source_format: FromOption = None,
    target_format: ToOption = None,
    rejects: RejectsOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    writer_options: WriterOptions = None,
    upsert: UpsertOption = False,
    only: OnlyOption = None,
    quiet: QuietOption = 0,
) -> None:
    """Confirm the suggestions of articles: their marks are dropped, the annotations kept.

    Remove the wrong suggestions first (they are marked in every format: a "suggested"
    field, a column, ns:suggested); what is left is confirmed as it is.

    Example: newsschema confirm checked.jsonl -o confirmed.jsonl --only figures
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
            voice=Voice(quiet),
            step=Confirming(_only(only)),
        )
    )
