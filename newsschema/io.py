"""Reading and writing articles: format detection, streaming, atomic writes."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import gc
import glob
import os
import shutil
import stat
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from io import BytesIO, TextIOBase
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias, TypedDict, cast

from newsschema import compressed, formats
from newsschema.errors import FormatError, NotKeptWarning, ValidationError
from newsschema.formats import Format, Note, Record, manifests
from newsschema.formats import options as format_options
from newsschema.limits import Limits
from newsschema.model import Article
from newsschema.rejects import reject_line

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["dump", "dumps", "load", "loads", "read", "read_records", "write", "write_parts"]

Source: TypeAlias = "str | os.PathLike[str] | BinaryIO"
"""A path (``"-"`` is standard input) or an open binary stream."""

Target: TypeAlias = "str | os.PathLike[str] | BinaryIO"
"""A path (``"-"`` is standard output) or an open binary stream."""


def resolve_format(where: Source | Target, name: str | None, *, writing: bool) -> Format:
    """Pick the format named ``name``, or else the one ``where`` selects.

    A path's suffix selects a file format; a path ending in ``/``, or (for reading) a
    directory holding the star layout's manifest, selects ``tables``.

    Raises:
        FormatError: unknown name or suffix, no way to tell, or a format that cannot
            be used in this direction or with this kind of target.
    """
    path = _path_of(where)
    table = formats.location_of(where)
    if table is not None:
        chosen = table[0]
    elif name is not None:
        chosen = formats.by_name(name)
    elif path is not None and not writing and path.is_dir():
        folder = _parquet_folder(path)
        if folder is None:
            raise FormatError(f"{str(path)!r} is a directory without a newsschema manifest")
        chosen = folder
    elif path is not None:
        chosen = formats.by_path(os.fspath(where))  # type: ignore[arg-type]
    else:
        raise FormatError(
            "a stream has no suffix to tell its format: give it (--from FORMAT on the command "
            "line, format= in Python)"
        )
    if (chosen.write if writing else chosen.read) is None:
        raise FormatError(f"format {chosen.name!r} cannot be {'written' if writing else 'read'}")
    if writing and path is not None and compressed.inner_name(path) and chosen.name != "warc":
        raise FormatError(
            f"{str(path)!r}: newsschema reads compressed files but writes them plain: write "
            f"{compressed.inner_name(path)!r} and compress it, or write to - and pipe it"
        )
    if chosen.location and table is None:
        raise FormatError(f"format {chosen.name!r} names a table: {chosen.name}:PATH")
    if chosen.directory and path is None:
        raise FormatError(f"format {chosen.name!r} is a directory; it needs a path, not a stream")
    return chosen


class ReadOptions(TypedDict, total=False):
    """The readers' options, each taken by the formats named (the rest pass it over).

    Attributes:
        strict: what a foreign record has that is not kept is an error, not a warning
            (pages, JSON-LD, ninjs, crawls).
        limits: the bounds of the reading (:class:`~newsschema.Limits`).
        validate: check each ninjs item against IPTC's schema of its version first.
        captures_of_a_url: ``"latest"`` or ``"first"``: which capture of a URL a crawl
            gives (warc).
        version: the version of a Delta table to read (time travel).
        snapshot_id: the snapshot of an Iceberg table to read (time travel).
        where: a SQL condition on a database's articles (aliased ``a``) that chooses those
            read: ``"a.language = 'ar'"`` (duckdb, sqlite).
    """

    strict: bool
    limits: Limits
    validate: bool
    captures_of_a_url: Literal["latest", "first"]
    version: int
    snapshot_id: int
    where: str


class WriteOptions(TypedDict, total=False):
    """The writers' options; a format refuses one it does not take, naming those it does.

    Attributes:
        row_group_bytes: Parquet (and tables): bytes of a row group, about.
        compression: Parquet (and tables): ``zstd`` (the default), ``snappy``, ``gzip``,
            ``brotli``, ``lz4`` or ``none``.
        version: ninjs: ``"3.1"`` (the default) or ``"2.2"``.
        extension: ninjs: carry what ninjs cannot hold, so that reading gives it back.
        upsert: a table (delta, iceberg) or a database (duckdb, sqlite): replace the rows of
            the articles' ids, add the rest.
        replace: a table: replace all its rows, in one commit; a database: its tables.
        partition_by: a table: partition columns (``year``, ``month``, ``day``,
            ``language``), a list or comma-separated.
        layout: a table: ``"parquet"`` (one table, the default) or ``"tables"`` (the star
            layout, a table per part); a database: ``"tables"`` (the default) or, DuckDB's,
            ``"nested"`` (one table of the nested layout's columns).
        schema: PostgreSQL: the schema the tables are in (made if missing).
        memory_limit: DuckDB: the most memory its buffers take (``"512MB"``); past it, what
            a load holds goes to disk.
        keys: DuckDB: ``"all"`` (the default) or ``"articles"``: the tables a load makes
            get a primary key on ``articles`` only, and its peak memory stays flat (DuckDB
            holds a key's index in memory whole).
    """

    row_group_bytes: int
    compression: Literal["zstd", "snappy", "gzip", "brotli", "lz4", "none"]
    version: str
    extension: bool
    upsert: bool
    replace: bool
    partition_by: Sequence[str] | str
    layout: Literal["parquet", "tables", "nested"]
    schema: str
    memory_limit: str
    keys: Literal["all", "articles"]


_EVERY_READER = ("limits", "strict", "validate", "captures_of_a_url")
"""Options every reader takes (those that cannot use them pass them over: newsschema's own
formats are always checked against the model, and lose nothing)."""


def _parquet_folder(path: Path) -> Format | None:
    """The format of a folder of newsschema's Parquet (tables, a dataset), if it is one."""
    if manifests.is_tables(path):
        return formats.by_name("tables")
    if manifests.is_dataset(path):
        return formats.by_name("dataset")
    return None


def _tables() -> Any:
    from newsschema.formats import tables

    return tables


def read_records(source: Source, format: str | None = None, **options: Any) -> Iterator[Record]:
    """Yield the raw records of a file or stream, unchecked, each with its place.

    For tools that want to keep going past a bad record; :func:`read` checks them.
    """
    chosen = resolve_format(source, format, writing=False)
    assert chosen.read is not None  # resolve_format made sure
    format_options.check(chosen.name, options, (*chosen.read_options, *_EVERY_READER), "reading")
    # Limits bound text formats; Parquet and tables bound their own reads by row group. What
    # is not kept (strict) is only a foreign format's: in newsschema's own, nothing is lost.
    options = {
        name: value
        for name, value in options.items()
        if name in chosen.read_options or name not in _EVERY_READER
    }
    table = formats.location_of(source)
    if table is not None:
        yield from chosen.read(table[1], **options)
        return
    path = _path_of(source)
    if chosen.directory and path is not None:
        yield from chosen.read(path, **options)
        return
    with _open_source(source, chosen) as stream:
        yield from chosen.read(stream, **options)


def read(
    source: Source | Sequence[str | os.PathLike[str]],
    format: str | None = None,
    *,
    rejects: Target | None = None,
    **options: Unpack[ReadOptions],
) -> Generator[Article, None, None]:
    """Yield the articles of a file or stream one at a time.

    While it runs, the garbage collector runs less often (a read makes many objects and no
    cycles); stopping early with ``close()``, or letting go of the generator, puts it back.

    Args:
        source: a path (its suffix selects the format unless ``format`` is given; a
            directory holding the star layout's manifest is read as ``tables``),
            ``"-"`` for standard input, or a binary stream; or several inputs, as the
            command line takes them: a folder (searched for what newsschema reads), a glob
            pattern, a list of any of these (see :func:`expand`), read in order.
        format: a format name from :data:`newsschema.formats.FORMATS`.
        rejects: where to keep the records that are not valid articles, and go on past
            them: a path (written when the reading ends, atomically) or a binary stream.
            Each is one JSON line with its source, place and problems, as the command
            line's ``--rejects`` writes them.
        **options: options of the format's reader (:class:`ReadOptions`), such as
            ``strict=True`` for JSON-LD and HTML, which makes whatever is not kept an
            error instead of a warning.

    Raises:
        ValidationError: at the first record that is not a valid article, with every
            problem in it and the record's place (``file:line``, ``file[index]``);
            never with ``rejects``.
        FormatError: the format is unknown or cannot be read, or an option is wrong.

    Warns:
        NotKeptWarning: for each thing in a foreign document that was not kept.
    """
    sources: list[Source]
    if isinstance(source, (list, tuple)):
        sources = list(expand(source, format))
    elif isinstance(source, (str, os.PathLike)) and _names_many(source, format):
        sources = list(expand([source], format))
    else:
        sources = [cast("Source", source)]
    for one in sources:
        _check_stream(one, "source", reading=True)
        if rejects is not None:
            _check_rejects(one, rejects)
    if rejects is not None:
        with _open_target(rejects) as kept:  # a path is written atomically, at the end
            for one in sources:
                yield from _read_past(one, format, _display_name(one), kept, dict(options))
        return
    with _fewer_collections():  # until the last article is read, or the reading stops
        for one in sources:
            name = _display_name(one)
            for record in read_records(one, format, **options):
                article = article_from(record, name)
                for note in record.warnings:
                    if not isinstance(note, Note):  # a loss; a note says how a value was read
                        warnings.warn(NotKeptWarning(f"{name}{record.where}: {note}"), stacklevel=2)
                yield article


def _names_many(source: str | os.PathLike[str], format: str | None) -> bool:
    """Whether a path names several inputs: a folder, or a glob.

    Not a folder of tables or a dataset, nor one given as such (``format="tables"``).
    """
    name = os.fspath(source)
    if name == "-" or formats.location_of(name) is not None or format in ("tables", "dataset"):
        return False
    path = Path(name)
    if path.is_dir():
        return not _is_one_input(path)
    return not path.exists() and glob.has_magic(name)


def expand(inputs: Iterable[str | os.PathLike[str]], format: str | None = None) -> list[str]:
    """The files (and table folders) that inputs name, as the command line takes them.

    A folder of the star layout's tables, or a dataset, is one input; any other folder is
    searched, recursively and in name order, for files with a suffix newsschema reads
    (hidden ones passed over); a glob pattern is expanded in name order; ``-`` and tables
    (``delta:…``) are themselves.

    Raises:
        FormatError: a name that is nothing, a folder with nothing to read, a pattern that
            matches nothing, standard input twice, or a file of no known format.
    """
    found: list[str] = []
    for given in inputs:
        name = os.fspath(given)
        if name == "-" or formats.location_of(name) is not None:  # stdin, or a table (delta:)
            found.append(name)
        elif Path(name).is_dir() and not _is_one_input(Path(name)):
            if all((Path(name) / f"{table}.parquet").is_file() for table in ("articles", "spans")):
                raise FormatError(
                    f"{name} holds the tables of the star layout but not their manifest "
                    "(_newsschema.json, written last): it was not written whole"
                )
            suffixes = _readable_suffixes()
            files = sorted(_inputs_in(Path(name), suffixes))
            if not files:
                plain = [s for s in suffixes if s.count(".") == 1 or s == ".warc.gz"]
                raise FormatError(
                    f"{name}: no files with a known suffix ({', '.join(plain)}; each may be "
                    f"compressed: {', '.join(compressed.SUFFIXES)})"
                )
            found.extend(files)
        elif Path(name).exists():
            found.append(name)
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise FormatError(f"{name}: no file matches")
            found.extend(expand(matches, format))
        else:
            raise FormatError(f"{name}: no such file or directory")
    if found.count("-") > 1:
        raise FormatError("standard input can be read only once")
    for name in found:
        resolve_format(name, format, writing=False)
    return found


def _readable_suffixes() -> tuple[str, ...]:
    plain = tuple(s for known in formats.FORMATS if known.read for s in known.suffixes)
    packed = tuple(
        f"{suffix}{compression}"
        for suffix in plain
        if suffix.count(".") == 1 and suffix != ".parquet"
        for compression in compressed.SUFFIXES
    )
    return plain + packed


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
    return manifests.is_tables(folder) or manifests.is_dataset(folder)


@functools.cache
def _structure() -> Callable[[Any], Article]:
    """The converter from canonical data to articles, imported with the first record.

    It brings cattrs and the checks, which the command line starts without.
    """
    from newsschema.convert import structure_article

    return structure_article


def article_from(record: Record, source_name: str) -> Article:
    """Check one record and build its article.

    Raises:
        ValidationError: placed at ``source_name`` plus the record's place.
    """
    try:
        if record.error is not None:
            raise record.error
        return _structure()(record.data)
    except ValidationError as exc:
        raise exc.at(f"{source_name}{record.where}") from None


def write(
    articles: Iterable[Article],
    target: Target,
    format: str | None = None,
    **options: Unpack[WriteOptions],
) -> int:
    """Write articles as they come and return how many were written.

    A path is written through a temporary file beside it, renamed into place at the
    end: if anything fails (including the iterable raising), the previous file is left
    untouched and no temporary file remains.

    Args:
        articles: any iterable; it is consumed once, in batches where the format has them.
        target: a path (its suffix selects the format unless ``format`` is given),
            ``"-"`` for standard output, or a binary stream.
        format: a format name from :data:`newsschema.formats.FORMATS`.
        **options: options of the format's writer (:class:`WriteOptions`), such as
            ``compression="snappy"`` for Parquet or ``upsert=True`` for a table.

    Raises:
        FormatError: the format is unknown, cannot be written, or takes no such option.
    """
    chosen = resolve_format(target, format, writing=True)
    assert chosen.write is not None  # resolve_format made sure
    _check_options(chosen, options, chosen.options, "writing")
    path = _path_of(target)
    table = formats.location_of(target)
    with _fewer_collections():
        if table is not None:  # a table commits by itself
            return chosen.write(table[1], _only_articles(articles), **options)
        if chosen.directory and path is not None:
            tables = _tables()
            with atomic_directory(path, tables.is_tables, tables.strangers) as directory:
                return chosen.write(directory, _only_articles(articles), **options)
        with _open_target(target) as stream:
            return chosen.write(stream, _only_articles(articles), **options)


def _read_past(
    source: Source, format: str | None, name: str, rejects: BinaryIO, options: dict[str, Any]
) -> Iterator[Article]:
    """The articles of a source; each invalid record written to ``rejects`` as a line."""
    with _fewer_collections():
        for record in read_records(source, format, **options):
            try:
                article = article_from(record, name)
            except ValidationError as exc:
                rejects.write(reject_line(record, name, exc))
                continue
            if record.warnings:
                for note in record.warnings:
                    if not isinstance(note, Note):
                        warnings.warn(NotKeptWarning(f"{name}{record.where}: {note}"), stacklevel=3)
            yield article


def write_parts(
    parts: Iterable[Any], target: Target, format: str | None = None, **options: Any
) -> int:
    """Write parts made by a format's ``encode`` (in other processes), as :func:`write` would.

    Raises:
        FormatError: the format cannot take encoded parts, or takes no such option.
    """
    chosen = resolve_format(target, format, writing=True)
    if chosen.write_encoded is None:
        raise FormatError(f"format {chosen.name!r} takes no encoded parts")
    _check_options(chosen, options, chosen.options, "writing")
    path = _path_of(target)
    table = formats.location_of(target)
    with _fewer_collections():
        if table is not None:  # a table commits by itself
            return chosen.write_encoded(table[1], parts, **options)
        if chosen.directory and path is not None:
            tables = _tables()
            with atomic_directory(path, tables.is_tables, tables.strangers) as directory:
                return chosen.write_encoded(directory, parts, **options)
        with _open_target(target) as stream:
            return chosen.write_encoded(stream, parts, **options)


def load(source: Source, format: str | None = None, **options: Unpack[ReadOptions]) -> Article:
    """Read a file or stream that holds exactly one article (options as for :func:`read`).

    Raises:
        ValidationError: the article is not valid, or there is not exactly one.
    """
    found = list(read(source, format, **options))
    if len(found) != 1:
        problem = f"expected exactly one article, found {len(found)}"
        raise ValidationError.single("", problem).at(_display_name(source))
    return found[0]


def dump(
    article: Article, target: Target, format: str | None = None, **options: Unpack[WriteOptions]
) -> None:
    """Write one article to a file or stream (atomically, for a path).

    The options are :func:`write`'s.
    """
    write([article], target, format, **options)


def loads(data: bytes | str, format: str = "json") -> Article:
    """Build one article from bytes (or text) in ``format``.

    Raises:
        ValidationError: the data is not exactly one valid article.
    """
    if isinstance(data, str):
        try:
            data = data.encode()
        except UnicodeEncodeError as exc:
            problem = (
                f"the text holds a lone surrogate at character {exc.start}, which no UTF-8 "
                "text can hold"
            )
            raise ValidationError.single("", problem).at("<string>") from None
    return load(BytesIO(data), format)


def dumps(article: Article, format: str = "json") -> bytes:
    """Return one article as bytes in ``format`` (canonical JSON by default)."""
    if format == "json" and isinstance(article, Article):  # the common case, without a stream
        from newsschema.formats import json as json_format

        return json_format.encode(article) + b"\n"
    buffer = BytesIO()
    write([article], buffer, format)
    return buffer.getvalue()


def _check_options(
    chosen: Format, options: Mapping[str, Any], known: tuple[str, ...], doing: str
) -> None:
    format_options.check(chosen.name, options, known, doing)


def _only_articles(articles: Iterable[Article]) -> Iterator[Article]:
    for index, article in enumerate(articles):
        if not isinstance(article, Article):
            raise TypeError(f"item {index} to write is a {type(article).__name__}, not an Article")
        yield article


def _path_of(where: Source | Target) -> Path | None:
    """The path ``where`` names, or None for a stream and for ``-``."""
    if isinstance(where, (str, os.PathLike)) and os.fspath(where) != "-":
        return Path(os.fspath(where))
    return None


def same_file(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file, whether or not it exists yet (links and ``..`` too)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)


def _check_stream(where: Source | Target, argument: str, *, reading: bool) -> None:
    """Refuse a stream that cannot be used: closed, text, or the wrong way round.

    Raises:
        FormatError: naming ``argument`` and what is wrong with it.
    """
    if isinstance(where, (str, os.PathLike)):
        return
    if getattr(where, "closed", False):
        raise FormatError(f"{argument}: the stream is closed")
    if isinstance(where, TextIOBase):
        raise FormatError(f"{argument}: a text stream; give a binary one (open it with 'b')")
    able = getattr(where, "readable" if reading else "writable", None)
    if callable(able) and not able():
        raise FormatError(f"{argument}: the stream cannot be {'read' if reading else 'written'}")


def _check_rejects(source: Source, rejects: Target) -> None:
    """Refuse a rejects target that is the input, a folder, or a stream that cannot be written.

    Raises:
        FormatError: naming ``rejects`` and what is wrong with it.
    """
    _check_stream(rejects, "rejects", reading=False)
    path = _path_of(rejects)
    if path is None:
        return
    if path.is_dir():
        raise FormatError(f"rejects: {str(path)!r} is a folder; name a file")
    source_path = _path_of(source)
    if source_path is not None and same_file(source_path, path):
        raise FormatError(f"rejects: {str(path)!r} is the input; the rejects would overwrite it")
    if (
        source_path is not None
        and source_path.is_dir()
        and path.resolve().is_relative_to(source_path.resolve())
    ):
        raise FormatError(f"rejects: {str(path)!r} is inside the folder being read")


def _display_name(where: Source | Target) -> str:
    if isinstance(where, (str, os.PathLike)):
        name = os.fspath(where)
        return "<stdin>" if name == "-" else name
    return str(getattr(where, "name", "<stream>"))


@contextlib.contextmanager
def _open_source(source: Source, chosen: Format | None = None) -> Iterator[BinaryIO]:
    if not isinstance(source, (str, os.PathLike)):
        yield source
    else:  # a file, or standard input ("-"): decompressed if it is compressed
        with open_input(os.fspath(source), chosen) as stream:
            yield stream


@contextlib.contextmanager
def open_input(name: str, chosen: Format | None = None) -> Iterator[BinaryIO]:
    """Open a file (or ``-``, standard input) to read, decompressed if it is compressed.

    A compressed file (:mod:`newsschema.compressed`: by its first bytes) is decompressed as
    it is read, but for Parquet, which compresses itself, and a ``.warc.gz`` crawl, whose
    gzip members the crawl reader reads one by one.
    """
    with contextlib.ExitStack() as stack:
        raw = sys.stdin.buffer if name == "-" else stack.enter_context(open(name, "rb"))
        if name != "-" and (chosen is None or chosen.name != "parquet"):
            _OPEN_INPUTS.append(raw)  # read from start to end: its place is the progress
            stack.callback(_OPEN_INPUTS.remove, raw)
        peek = getattr(raw, "peek", None)
        kind = compressed.sniffed(peek(8)[:8] if peek is not None else b"")
        if chosen is not None and (
            chosen.name == "parquet" or (chosen.name == "warc" and kind == "gzip")
        ):
            kind = None
        if kind is None:
            yield raw
            return
        shown = "<stdin>" if name == "-" else name
        yield stack.enter_context(compressed.decompressing(raw, kind, shown))


_OPEN_INPUTS: list[BinaryIO] = []
"""The files :func:`open_input` has open, latest last (their raw bytes, read in order)."""


def input_position() -> int | None:
    """How far the latest file open to read is read, in its own (compressed) bytes, or None.

    For a progress bar: what a reader took of the file, read ahead of the articles made.
    """
    if not _OPEN_INPUTS:
        return None
    try:
        return _OPEN_INPUTS[-1].tell()
    except (OSError, ValueError):  # closed, or not seekable
        return None


def is_compressed(name: str) -> bool:
    """Whether a file is compressed (by its first bytes): not to be read at an offset."""
    if name == "-":
        return False
    try:
        with open(name, "rb") as stream:
            return compressed.sniffed(stream.read(8)) is not None
    except OSError:
        return False


@contextlib.contextmanager
def _open_target(target: Target) -> Iterator[BinaryIO]:
    if not isinstance(target, (str, os.PathLike)):
        yield target
    elif os.fspath(target) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with atomic_file(Path(target)) as stream:
            yield stream


def is_device(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a character device or a pipe (``/dev/null``, a FIFO).

    Such a target is written into as a stream, never replaced by a file.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path``; rename it into place only on success.

    The new file gets the old file's permissions, or the usual ones for a new file. Missing
    folders on the way are made, as for every other kind of target (tables, datasets). An
    error of the system names ``path``, never the temporary file. A character device or a
    pipe (``/dev/null``, a FIFO) is written into as it is, never replaced; a block device
    or a socket is refused.
    """
    if is_device(path):
        with open(path, "wb") as stream:
            yield stream
        return
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        what = "block device" if stat.S_ISBLK(mode) else "socket"
        raise OSError(errno.EINVAL, f"a {what}, which newsschema does not write into", str(path))
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if exc.filename == temporary or exc.filename is None:  # the target's problem, named so
            raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_directory(
    target: Path,
    is_ours: Callable[[Path], bool],
    strangers: Callable[[Path], list[str]] = lambda directory: [],
) -> Iterator[Path]:
    """Yield a new directory beside ``target``; put it in ``target``'s place only on success.

    On Linux the new directory and the old are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``): at every instant ``target`` is one whole version, so a reader sees
    the old or the new, and a kill at any moment leaves one of them (and at worst the other
    in a hidden ``.NAME.*.tmp`` folder beside it). Where the system cannot exchange, the old
    directory is moved aside first: a kill between the two renames leaves it there.

    An existing ``target`` must be a directory that ``is_ours`` recognizes, or empty, and
    hold nothing ``strangers`` names: anything else is refused rather than replaced.

    Raises:
        FormatError: ``target`` exists and is something else, or holds files of others.
    """
    if target.exists() and not (target.is_dir() and (is_ours(target) or not any(target.iterdir()))):
        raise FormatError(
            f"{target} exists and is not a directory newsschema wrote; it was left alone"
        )
    found = strangers(target) if target.is_dir() else []
    if found:
        shown = ", ".join(sorted(found)[:5]) + (", ..." if len(found) > 5 else "")
        raise FormatError(
            f"{target} holds files newsschema did not write ({shown}); it was left alone: "
            "move them, or write elsewhere"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        yield building
        os.chmod(building, 0o777 & ~_umask())
        _sync_tree(building)
        if not target.exists():
            os.replace(building, target)
        elif _exchange(building, target):
            shutil.rmtree(building)  # the old version, now at the temporary name
        else:
            retired = Path(
                tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old")
            )
            os.replace(target, retired / target.name)
            os.replace(building, target)
            shutil.rmtree(retired)
        _sync(target.parent)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (then nothing was done)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # not on this kernel or disk
        return False
    raise OSError(number, os.strerror(number), str(second))


def _sync_tree(directory: Path) -> None:
    """Flush every file of a directory, and the directory, to the disk."""
    for entry in directory.iterdir():
        if entry.is_file():
            with open(entry, "rb") as stream:
                os.fsync(stream.fileno())
    _sync(directory)


def _sync(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


_RUNNING = [0]  # reads and writes running now, that asked for fewer collections
_THRESHOLDS: list[tuple[int, ...]] = []  # the thresholds before the first of them
_COUNTING = threading.Lock()


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a read or a write runs.

    A conversion makes millions of short-lived objects, none of them in cycles, and the
    collector's default pace (every 700 allocations) spent a quarter of the time walking
    them. Cycles are still collected, only later. Reads and writes nest and interleave (a
    write consuming a read, two reads side by side): the thresholds are put back when the
    last of them ends.
    """
    with _COUNTING:
        if _RUNNING[0] == 0:
            before = gc.get_threshold()
            _THRESHOLDS[:] = [before]
            gc.set_threshold(max(before[0], 100_000), *before[1:])
        _RUNNING[0] += 1
    try:
        yield
    finally:
        with _COUNTING:
            _RUNNING[0] -= 1
            if _RUNNING[0] == 0:
                gc.set_threshold(*_THRESHOLDS[0])


@functools.cache
def _umask() -> int:
    # The umask can only be read by setting it; done once, at the first write.
    current = os.umask(0o022)
    os.umask(current)
    return current
