"""The first pass: each field on its own, its type and the rule its name carries."""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Union

import attrs

from newsschema.dates import PartialDate, moment_range_problem
from newsschema.errors import Problem, describe
from newsschema.model import (
    LanguageMap,
    Statistic,
)

if TYPE_CHECKING:
    pass
from newsschema.checks.values import (
    INT64_MAX,
    INT64_MIN,
    SURROGATE,
    at_least,
    code_problem,
    fraction_problem,
    id_problem,
    language_tag_problem,
    media_type_problem,
    not_blank,
    published_problem,
    unit_code_problem,
    uri_problem,
    url_problem,
)

__all__ = [
    "RULE_ONLY_IN",
    "Checker",
    "check_float",
    "check_integer",
    "check_moment",
    "check_number",
    "check_published",
    "check_text",
    "checker",
    "field_rule",
    "keeps_rules",
    "optional",
    "passes_for_type",
]

Checker = Callable[[Any, str, list[Problem]], None]


def check_text(value: Any, path: str, out: list[Problem]) -> None:
    """A string with no lone surrogate."""
    if not isinstance(value, str):
        out.append(Problem(path, f"expected a string, got {describe(value)}"))
    elif not value.isascii() and SURROGATE.search(value):
        out.append(Problem(path, "holds a lone surrogate, which is not a Unicode character"))


def check_integer(value: Any, path: str, out: list[Problem]) -> None:
    """An integer that fits in a signed 64-bit integer (not a bool)."""
    if not isinstance(value, int) or isinstance(value, bool):
        out.append(Problem(path, f"expected an integer, got {describe(value)}"))
    elif not INT64_MIN <= value <= INT64_MAX:
        out.append(Problem(path, f"{value} does not fit in a signed 64-bit integer"))


def check_number(value: Any, path: str, out: list[Problem]) -> None:
    """An integer, or a finite float."""
    if isinstance(value, float):
        if not math.isfinite(value):
            out.append(Problem(path, f"{value} is not a finite number"))
    elif not isinstance(value, int) or isinstance(value, bool):
        out.append(Problem(path, f"expected a number, got {describe(value)}"))
    else:
        check_integer(value, path, out)


def check_float(value: Any, path: str, out: list[Problem]) -> None:
    """A float."""
    if not isinstance(value, float):
        out.append(Problem(path, f"expected a number, got {describe(value)}"))


def check_moment(value: Any, path: str, out: list[Problem]) -> None:
    """A datetime with its UTC offset, in the years a timestamp column holds."""
    if not isinstance(value, dt.datetime):
        out.append(Problem(path, f"expected a datetime, got {describe(value)}"))
        return
    offset = value.utcoffset()
    if offset is None:
        out.append(Problem(path, f"{value.isoformat()} has no UTC offset"))
    elif offset % dt.timedelta(minutes=1):
        out.append(Problem(path, f"the UTC offset {offset} is not a whole number of minutes"))
    else:
        problem = moment_range_problem(value)
        if problem is not None:
            out.append(Problem(path, problem))


def check_published(value: Any, path: str, out: list[Problem]) -> None:
    """A publication date: a partial date, or a moment."""
    if isinstance(value, PartialDate):
        return
    if not isinstance(value, dt.datetime):
        out.append(Problem(path, f"expected a datetime or a PartialDate, got {describe(value)}"))
        return
    check_moment(value, path, out)


def _language_map(value: Any, path: str, out: list[Problem]) -> None:
    if not isinstance(value, LanguageMap):
        out.append(Problem(path, f"expected a LanguageMap, got {describe(value)}"))
        return
    for tag, text in value.items():
        if not isinstance(tag, str):
            out.append(Problem(path, f"expected language tags, got {describe(tag)}"))
            continue
        problem = language_tag_problem(tag)
        if problem is not None:
            out.append(Problem(f"{path}.{tag}", problem))
        check_text(text, f"{path}.{tag}", out)


def _instance(kind: type) -> Checker:
    label = "an EDTF partial date" if kind is PartialDate else f"a {kind.__name__}"
    if issubclass(kind, enum.Enum):
        label = "one of " + ", ".join(repr(member.value) for member in kind)

    def check(value: Any, path: str, out: list[Problem]) -> None:
        if isinstance(value, kind):
            return
        if issubclass(kind, enum.Enum) and isinstance(value, str):
            member = next((m for m in kind if m.value == value), None)
            if member is not None:  # kind="news": the wire's form, given to the model
                problem = (
                    f"expected {kind.__name__}, got the string {value!r}: give "
                    f"ns.{kind.__name__}.{member.name}"
                )
                out.append(Problem(path, problem))
                return
        out.append(Problem(path, f"expected {label}, got {describe(value)}"))

    return check


def optional(inner: Checker) -> Checker:
    """A checker that lets None pass, and checks anything else with ``inner``."""

    def check(value: Any, path: str, out: list[Problem]) -> None:
        if value is not None:
            inner(value, path, out)

    return check


def _sequence(item: Checker) -> Checker:
    def check(value: Any, path: str, out: list[Problem]) -> None:
        if not isinstance(value, tuple):
            out.append(Problem(path, f"expected a tuple or a list, got {describe(value)}"))
            return
        for index, element in enumerate(value):
            item(element, f"{path}[{index}]", out)

    return check


def _then(first: Checker, rule: Callable[[Any], str | None]) -> Checker:
    """Check the type with ``first``, then, if that passed, the rule on the value."""

    def check(value: Any, path: str, out: list[Problem]) -> None:
        before = len(out)
        first(value, path, out)
        if len(out) == before:
            _apply(rule, value, path, out)

    return check


# The rule each field name carries, on top of its type.
_RULES: dict[str, Callable[[Any], str | None]] = {
    "id": id_problem,
    "speaker": id_problem,
    "subject": id_problem,
    "source": id_problem,
    "publisher": id_problem,
    "place": id_problem,
    "campaign": id_problem,
    "reply_to": id_problem,
    "authors": id_problem,
    "places": id_problem,
    "participants": id_problem,
    "headline": not_blank,
    "alternative_headlines": not_blank,
    "name": not_blank,
    "text": not_blank,
    "language": language_tag_problem,
    "url": url_problem,
    "same_as": uri_problem,
    "uri": uri_problem,
    "code": code_problem,
    "content_type": media_type_problem,
    "date_published": published_problem,
    "date_modified": published_problem,
    "width": at_least(1),
    "height": at_least(1),
    "unit_code": unit_code_problem,
    "ordinal": at_least(1),
    "phase": at_least(1),
    "comment_count": at_least(0),
    "rule": not_blank,
    "confidence": fraction_problem,
}
# Fields whose names carry a rule only in the classes listed: elsewhere they mean something else.
# (A span's offsets are checked with the rest of the span, in the second pass.)
RULE_ONLY_IN: dict[str, type] = {"source": Statistic}


def field_rule(cls: type, name: str) -> Callable[[Any], str | None] | None:
    """The rule that a field's name carries in ``cls``, on top of its type, if any."""
    if name in RULE_ONLY_IN and RULE_ONLY_IN[name] is not cls:
        return None
    return _RULES.get(name)


def _skip(value: Any, path: str, out: list[Problem]) -> None:
    """Check nothing: the type was checked already, and no rule applies."""


def _for_type(kind: Any, rule: Callable[[Any], str | None] | None, typed: bool) -> Checker:
    """Build the checker of one field's type and rule.

    With ``typed`` the values are known to have their types (the converter checked them
    while building the article), and only the rules are checked.
    """
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = tuple(arg for arg in typing.get_args(kind) if arg is not type(None))
        inner_check: Checker
        if options == (int, float):
            inner_check = _skip if typed else check_number  # no rule carries a number
        elif options == (dt.datetime, PartialDate):  # a publication date: a moment or a day
            inner_check = _skip if typed else check_published
            if rule is not None:
                inner_check = _with_rule(inner_check, rule)
        else:
            (inner,) = options  # the model's only other unions are X | None
            inner_check = _for_type(inner, rule, typed)
        if inner_check is _skip or len(options) == len(typing.get_args(kind)):
            return inner_check
        return optional(inner_check)
    if origin is tuple:
        item = _for_type(typing.get_args(kind)[0], rule, typed)
        return _skip if item is _skip else _sequence(item)
    base: Checker
    if kind is LanguageMap:
        base = _language_map  # its tags are never checked before
    elif attrs.has(kind):
        base = checker(kind, typed)
    elif typed:
        base = _skip
    elif kind is str:
        base = check_text
    elif kind is int:
        base = check_integer
    elif kind is float:
        base = check_float
    elif kind is dt.datetime:
        base = check_moment
    else:
        base = _instance(kind)
    return base if rule is None else _with_rule(base, rule)


def _with_rule(base: Checker, rule: Callable[[Any], str | None]) -> Checker:
    """Check the type with ``base`` (nothing, when it is known), then the rule."""
    if base is _skip:
        return lambda value, path, out: _apply(rule, value, path, out)
    return _then(base, rule)


def _apply(rule: Callable[[Any], str | None], value: Any, path: str, out: list[Problem]) -> None:
    message = rule(value)
    if message is not None:
        getattr(out, "rules", out).append(Problem(path, message))


@cache
def checker(cls: type, typed: bool = False) -> Checker:
    """Build the first-pass checker for an attrs class, once (see :func:`_for_type`)."""
    attrs.resolve_types(cls)
    fields = []
    for field in attrs.fields(cls):
        rule = field_rule(cls, field.name)
        check_field = _for_type(field.type, rule, typed)
        if check_field is not _skip:
            fields.append((field.name, check_field))
    noun = f"a {cls.__name__}"

    def check(value: Any, path: str, out: list[Problem]) -> None:
        if not typed and not isinstance(value, cls):
            out.append(Problem(path, f"expected {noun}, got {describe(value)}"))
            return
        for name, check_field in fields:
            check_field(getattr(value, name), f"{path}.{name}" if path else name, out)

    return check if fields or not typed else _skip


# The same rules as a quick yes or no, for values whose types are known to be right.

Passes = Callable[[Any], bool]


def passes_for_type(kind: Any, rule: Callable[[Any], str | None] | None) -> Passes | None:
    """A quick test that a well-typed value keeps its rules; None when there is none."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = tuple(arg for arg in typing.get_args(kind) if arg is not type(None))
        if options == (int, float):
            return None
        inner = passes_for_type(options[0], rule)
        if inner is None or len(options) == len(typing.get_args(kind)):
            return inner
        return lambda value: value is None or inner(value)
    if origin is tuple:
        item = passes_for_type(typing.get_args(kind)[0], rule)
        if item is None:
            return None

        def every(values: tuple[Any, ...]) -> bool:
            for value in values:  # noqa: SIM110 - a loop is faster than all() here
                if not item(value):
                    return False
            return True

        return every
    if kind is LanguageMap:
        return _language_map_passes
    if attrs.has(kind):
        return keeps_rules(kind)
    return None if rule is None else (lambda value: rule(value) is None)


def _language_map_passes(value: LanguageMap) -> bool:
    found: list[Problem] = []
    _language_map(value, "", found)
    return not found


@cache
def keeps_rules(cls: type) -> Passes | None:
    """A quick test that a well-typed instance keeps its fields' rules; None if it has none."""
    attrs.resolve_types(cls)
    fields = []
    for field in attrs.fields(cls):
        rule = field_rule(cls, field.name)
        passes = passes_for_type(field.type, rule)
        if passes is not None:
            fields.append((field.name, passes))

    def keeps(value: Any) -> bool:
        for name, passes in fields:  # noqa: SIM110 - a loop is faster than all() here
            if not passes(getattr(value, name)):
                return False
        return True

    return keeps if fields else None
