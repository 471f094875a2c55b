"""The exceptions newsschema raises for bad data and unknown formats."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "FormatError",
    "NotKeptWarning",
    "PassedOverWarning",
    "Problem",
    "ValidationError",
    "describe",
    "install_hint",
]


@attrs.frozen
class Problem:
    """One thing wrong with a record: where it is and what is wrong.

    ``path`` points into the record the way Python would index it, for example
    ``quotes[3].spans[0].end``; it is empty for a problem with the record as a whole.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put in front of its path."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message)
        joiner = "" if self.path.startswith("[") else "."
        return Problem(f"{prefix}{joiner}{self.path}", self.message)


class ValidationError(ValueError):
    """Data that is not a valid article, with every problem found in it.

    Attributes:
        problems: every problem, in the order found; never empty.
        where: the record's place (``file``, ``file:line`` or ``file[index]``), or None
            when the data did not come from a file.
    """

    problems: tuple[Problem, ...]
    where: str | None

    def __init__(self, problems: Iterable[Problem], where: str | None = None) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ValidationError needs at least one problem")
        self.where = where
        super().__init__(self.problems)

    @classmethod
    def single(cls, path: str, message: str) -> ValidationError:
        """Build an error with one problem."""
        return cls([Problem(path, message)])

    def at(self, where: str) -> ValidationError:
        """Return the same problems, placed at ``where`` (a file, line or row)."""
        return ValidationError(self.problems, where)

    def under(self, prefix: str) -> ValidationError:
        """Return the same problems with ``prefix`` put in front of every path."""
        return ValidationError((p.under(prefix) for p in self.problems), self.where)

    def lines(self) -> list[str]:
        """Each problem as one printable line, led by the record's place when known."""
        lead = f"{self.where}: " if self.where else ""
        return [f"{lead}{problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.where))


class FormatError(ValueError):
    """A format name or file suffix that newsschema does not know, or cannot use that way."""


class NotKeptWarning(UserWarning):
    """Something in a foreign document (a publisher's markup) that newsschema did not keep.

    Raised as an error instead when reading with ``strict=True``.
    """


class PassedOverWarning(NotKeptWarning):
    """What a reader passed over in a file, counted by kind, said once when the file is read.

    A crawl holds requests, redirects, images and home pages besides its articles: none is an
    error, and each is counted (``"1,204 records: 181 articles, 185 requests, ..."``).

    Attributes:
        total: the records the file held.
        counts: how many of each kind, by the names the message uses in the singular
            (``article``, ``request``, ``not an article``, ...).
    """

    def __init__(self, message: str, total: int, counts: Mapping[str, int]) -> None:
        super().__init__(message)
        self.total = total
        self.counts = dict(counts)

    def __reduce__(self) -> tuple[type[PassedOverWarning], tuple[str, int, dict[str, int]]]:
        return (type(self), (str(self), self.total, self.counts))


def describe(value: object) -> str:
    """Name a value for an error message, the way a JSON user would say it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def install_hint(extra: str) -> str:
    """How to install an extra, from the package index or from a clone of the repository."""
    clone = f"pip install '.[{extra}]'"
    return f"pip install 'newsschema[{extra}]' (in a clone of its repository: {clone})"
