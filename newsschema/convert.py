"""The one cattrs converter: builtins to articles and back, strictly.

Nothing is coerced: ``"2500"``, ``2500.0``, ``True`` or ``None`` where an integer belongs is
an error, and so is a key the model does not have. Every problem in a record is found in
one pass and raised as one :class:`~newsschema.errors.ValidationError` with paths.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterator
from typing import Any, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from newsschema import checks
from newsschema.dates import PartialDate, format_datetime, parse_datetime
from newsschema.errors import Problem, ValidationError, describe
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    Channel,
    EntityKind,
    LanguageMap,
    Method,
    Number,
    Qualifier,
    QuoteKind,
)

__all__ = ["structure_article", "unstructure_article"]

_converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)


def _strict(
    check: Callable[[Any, str, list[Problem]], None], plain: Callable[[Any], bool]
) -> Callable[[Any, Any], Any]:
    """Make a structure hook that passes a value through only if ``check`` finds nothing.

    ``plain`` is a quick test that most good values pass; only the others are checked fully.
    """

    def hook(value: Any, _type: Any) -> Any:
        if plain(value):
            return value
        problems: list[Problem] = []
        check(value, "", problems)
        if problems:
            raise ValidationError(problems)
        return value

    return hook


def _plain_text(value: Any) -> bool:
    return type(value) is str and value.isascii()


def _plain_integer(value: Any) -> bool:
    return type(value) is int and checks.INT64_MIN <= value <= checks.INT64_MAX


def _plain_number(value: Any) -> bool:
    return _plain_integer(value) or (type(value) is float and math.isfinite(value))


def _require(value: Any, kind: type, noun: str) -> None:
    if not isinstance(value, kind):
        raise ValidationError.single("", f"expected {noun}, got {describe(value)}")


def _structure_datetime(value: Any, _type: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):  # from a format that stores timestamps as such
        problems: list[Problem] = []
        checks.check_moment(value, "", problems)
        if problems:
            raise ValidationError(problems)
        return value
    _require(value, str, "a timestamp string")
    try:
        return parse_datetime(value)
    except ValueError as exc:
        raise ValidationError.single("", str(exc)) from None


def _structure_partial_date(value: Any, _type: Any) -> PartialDate:
    _require(value, str, "an EDTF string")
    return PartialDate(value)


def _structure_language_map(value: Any, _type: Any) -> LanguageMap:
    _require(value, dict, "an object of language tags")
    return LanguageMap(value)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value) if isinstance(value, str) else kind(object())
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ValidationError.single(
            "", f"expected one of {choices}, got {describe(value)}"
        ) from None


def _structure_tuple_factory(kind: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = _converter.get_structure_hook(item_type)

    def hook(value: Any, _type: Any) -> tuple[Any, ...]:
        _require(value, list, "a list")
        items: list[Any] = []
        problems: list[Problem] = []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as exc:  # noqa: BLE001 - every failure becomes a problem with a path
                problems.extend(_problems(exc, f"[{index}]"))
        if problems:
            raise ValidationError(problems)
        return tuple(items)

    return hook


def _structure_class_factory(cls: type) -> Callable[[Any, Any], Any]:
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, _converter, _cattrs_forbid_extra_keys=True
    )

    def hook(value: Any, _type: Any) -> Any:
        _require(value, dict, "an object")
        return structure(value, cls)

    return hook


def _unstructure_class_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
    return make_dict_unstructure_fn(cls, _converter, _cattrs_omit_if_default=True)


def _is_tuple(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is tuple


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


_converter.register_structure_hook(str, _strict(checks.check_text, _plain_text))
_converter.register_structure_hook(int, _strict(checks.check_integer, _plain_integer))
_converter.register_structure_hook_func(
    lambda kind: kind == Number, _strict(checks.check_number, _plain_number)
)
_converter.register_structure_hook_func(
    lambda kind: kind == Number | None,
    _strict(
        checks.optional(checks.check_number), lambda value: value is None or _plain_number(value)
    ),
)
_converter.register_structure_hook(dt.datetime, _structure_datetime)
_converter.register_structure_hook(PartialDate, _structure_partial_date)
_converter.register_structure_hook(LanguageMap, _structure_language_map)
# Each enum by name: they are str subclasses, and the str hook must not catch them.
for _enum in (EntityKind, QuoteKind, Channel, Qualifier, Method):
    _converter.register_structure_hook(_enum, _structure_enum)
_converter.register_structure_hook_factory(_is_tuple, _structure_tuple_factory)
_converter.register_structure_hook_factory(attrs.has, _structure_class_factory)

_converter.register_unstructure_hook(dt.datetime, format_datetime)
_converter.register_unstructure_hook(PartialDate, lambda date: date.edtf)
_converter.register_unstructure_hook(LanguageMap, dict)
_converter.register_unstructure_hook_func(_is_enum, lambda member: member.value)
_converter.register_unstructure_hook_factory(attrs.has, _unstructure_class_factory)

_structure_article_fields = _converter.get_structure_hook(Article)
_unstructure_article_fields = _converter.get_unstructure_hook(Article)


def structure_article(record: Any) -> Article:
    """Build a checked :class:`Article` from builtins (the canonical JSON shape).

    The record must carry ``schema_version`` equal to :data:`SCHEMA_VERSION`.

    Raises:
        ValidationError: with every problem found.
    """
    if not isinstance(record, dict):
        raise ValidationError.single("", f"expected an article object, got {describe(record)}")
    fields = dict(record)
    version = fields.pop("schema_version", None)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        message = (
            "required key is missing"
            if "schema_version" not in record
            else f"unsupported version {version!r} (this newsschema reads version {SCHEMA_VERSION})"
        )
        raise ValidationError.single("schema_version", message)
    typed = checks.TYPES_CHECKED.set(True)  # the hooks check every type on the way in
    try:
        article: Article = _structure_article_fields(fields, Article)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a problem with a path
        raise ValidationError(_problems(exc, "")) from None
    finally:
        checks.TYPES_CHECKED.reset(typed)
    return article


def unstructure_article(article: Article) -> dict[str, Any]:
    """Turn an article into builtins in canonical order, ``schema_version`` first.

    None and empty collections are left out.
    """
    fields: dict[str, Any] = _unstructure_article_fields(article)
    return {"schema_version": SCHEMA_VERSION, **fields}


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _problems(exc: BaseException, path: str) -> Iterator[Problem]:
    """Turn what structuring raised into problems, each with its full path."""
    if isinstance(exc, ValidationError):
        yield from (problem.under(path) for problem in exc.problems)
    elif isinstance(exc, BaseValidationError):
        for inner in exc.exceptions:
            inner_path = path
            for note in getattr(inner, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    inner_path = _join(path, note.name)
                elif isinstance(note, IterableValidationNote) and isinstance(note.index, int):
                    inner_path = _join(path, note.index)
            yield from _problems(inner, inner_path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(_join(path, key), "unknown key")
    elif isinstance(exc, KeyError):
        yield Problem(path, "required key is missing")
    else:
        yield Problem(path, f"{type(exc).__name__}: {exc}")
