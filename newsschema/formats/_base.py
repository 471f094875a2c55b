"""What every format module provides: a name, suffixes, a reader and a writer."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from newsschema.errors import Problem, ValidationError
from newsschema.model import Article

__all__ = ["Format", "Note", "Record", "Written", "foreign_record", "lazy", "said_once"]


class Note(str):
    """A reader's word on how a value was found, where nothing was lost or changed.

    ``the id is the page's URL``, ``inLanguage is missing: 'ar' is taken from <html lang>``,
    ``a CDATA wrapper was removed``: facts of ordinary foreign data, said with ``-v``. Every
    other word of a reader (a plain ``str``) is a **warning**: something was not kept, or was
    kept otherwise than given. ``strict`` refuses a record for its warnings, not its notes.
    """

    __slots__ = ()


@attrs.frozen
class Record:
    """One record as a reader found it, before it becomes an article.

    Attributes:
        data: the record as builtins in the canonical JSON shape, or None when it could
            not be read at all.
        where: the record's place within its file: ``":3"`` for line 3, ``"[2]"`` for the
            third item of an array, ``""`` for a file that holds one record.
        error: why the record could not be read, when it could not.
        raw: the record's bytes as found, for a record that could not be read.
        warnings: what the reader did not keep or kept otherwise (foreign markup), one line
            each; a :class:`Note` among them says only how a value was found.
    """

    data: Any
    where: str = ""
    error: ValidationError | None = None
    raw: bytes | None = None
    warnings: tuple[str, ...] = ()


@attrs.frozen
class _Lazy:
    """A function of a module, imported when first called (and picklable by its names)."""

    module: str
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.name)(*args, **kwargs)


def lazy(module: str, name: str) -> Callable[..., Any]:
    """The function ``name`` of ``module``, which is imported when the function is called."""
    return _Lazy(module, name)


Reader = Callable[[Any], Iterator[Record]]
"""Called with a binary stream, or a directory's path for a directory format."""
Writer = Callable[..., int]
"""Called as ``write(stream, articles, **options)`` (a new, empty directory's path instead of
the stream, for a directory format); returns how many articles it wrote."""


@attrs.frozen
class Format:
    """A wire format: how to read records from a stream and write articles to one.

    Attributes:
        name: what ``--from``/``--to`` and ``format=`` call it.
        suffixes: the file suffixes that select it, with their dots.
        description: one line for ``newsschema formats``.
        read: yields the records in a binary stream, one at a time.
        write: writes articles to a binary stream as they come and returns how many.
        encode: see below; with ``write_encoded``, lets other processes do the encoding.
    """

    name: str
    suffixes: tuple[str, ...]
    description: str
    read: Reader | None = None
    write: Writer | None = None
    options: tuple[str, ...] = ()
    read_options: tuple[str, ...] = ()
    directory: bool = False
    encode: Callable[[list[Article]], Any] | None = None
    """Turn a batch of articles into a part the writer takes as it is (Arrow columns, bytes),
    so that the work can be done in another process."""
    write_encoded: Callable[..., int] | None = None
    """Called as ``write_encoded(stream, parts, **options)`` with ``(part, count)`` pairs made
    by ``encode``; writes what ``write`` would have written; returns how many articles."""
    location: bool = False
    """Named ``<name>:<location>`` (a table, not a file): the reader and writer are called with
    the location in place of a stream, and commit by themselves."""
    ids: Callable[..., Any] | None = None
    """For a table: ``ids(location, layout=...)``, the article ids it holds (an Arrow array),
    so that a run can refuse, record by record, the articles an append would repeat."""


def said_once(notes: tuple[str, ...]) -> tuple[str, ...]:
    """The notes in order, each once; one said more than once ends in how many times."""
    counts: dict[str, int] = {}
    for note in notes:
        counts[note] = counts.get(note, 0) + 1
    return tuple(
        note if times == 1 else type(note)(f"{note} ({times} times)")
        for note, times in counts.items()
    )


def foreign_record(data: Any, where: str, notes: tuple[str, ...], strict: bool) -> Record:
    """A record read from others' data, with what was not kept.

    The notes are its warnings; with ``strict``, those that are not a :class:`Note` (what was
    lost or changed) are problems that refuse it. A note said of every part alike (each update
    of a live blog) is said once, with how many times.
    """
    notes = said_once(notes)
    losses = [note for note in notes if not isinstance(note, Note)]
    if strict and losses:
        problems = ValidationError(Problem("", f"not kept: {note}") for note in losses)
        return Record(data, where, error=problems)
    return Record(data, where, warnings=notes)


class Written(int):
    """How many articles a table write took (an ``int``), and what it did with the rows.

    Attributes:
        added: articles whose ids were not in the table.
        replaced: articles whose ids were (an upsert replaced their rows).
        unchanged: rows of the table this write left as they were.
    """

    added: int
    replaced: int
    unchanged: int

    def __new__(cls, added: int, replaced: int = 0, unchanged: int = 0) -> Written:
        """The articles written are those added and those replaced."""
        written = super().__new__(cls, added + replaced)
        written.added, written.replaced, written.unchanged = added, replaced, unchanged
        return written

    def __reduce__(self) -> tuple[type[Written], tuple[int, int, int]]:
        return (type(self), (self.added, self.replaced, self.unchanged))

    def said(self) -> str:
        """What the write did, for a summary: ``3 added, 2 replaced, 10 unchanged``."""
        return f"{self.added:,} added, {self.replaced:,} replaced, {self.unchanged:,} unchanged"
