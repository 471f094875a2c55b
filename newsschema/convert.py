"""The one cattrs converter: builtins to articles and back, strictly.

Nothing is coerced: ``"2500"``, ``2500.0``, ``True`` or ``None`` where an integer belongs is
an error, and so is a key the model does not have. Every problem in a record is found in
one pass and raised as one :class:`~newsschema.errors.ValidationError` with paths.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import operator
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
from newsschema._cache import short_texts
from newsschema.dates import (
    REDUCED_DATE,
    PartialDate,
    format_datetime,
    format_published,
    parse_datetime,
)
from newsschema.errors import Problem, ValidationError, describe
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    ArticleKind,
    Channel,
    EntityKind,
    LanguageMap,
    MediaKind,
    Method,
    Number,
    Qualifier,
    QuoteKind,
    unsupported_version,
)

__all__ = [
    "canonical_row",
    "partial_date",
    "structure_article",
    "structure_moment",
    "structure_published",
    "unstructure_article",
]


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


def _plain_number(value: Any) -> bool:
    kind = type(value)
    if kind is int:
        return bool(checks.INT64_MIN <= value <= checks.INT64_MAX)
    return kind is float and math.isfinite(value)


def _or_none(plain: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or plain(value)


# The hooks for the commonest values test the good case inline, in one call per value;
# anything else goes to the full check, which says what is wrong.
_SURROGATE = checks.SURROGATE
_INT64_MIN, _INT64_MAX = checks.INT64_MIN, checks.INT64_MAX
_explain_text = _strict(checks.check_text, lambda value: False)
_explain_integer = _strict(checks.check_integer, lambda value: False)


def _structure_text(value: Any, kind: Any) -> Any:
    if type(value) is str and (value.isascii() or not _SURROGATE.search(value)):
        return value
    return _explain_text(value, kind)


def _structure_optional_text(value: Any, kind: Any) -> Any:
    if value is None or (type(value) is str and (value.isascii() or not _SURROGATE.search(value))):
        return value
    return _explain_text(value, kind)


def _structure_integer(value: Any, kind: Any) -> Any:
    if type(value) is int and _INT64_MIN <= value <= _INT64_MAX:
        return value
    return _explain_integer(value, kind)


def _structure_optional_integer(value: Any, kind: Any) -> Any:
    if value is None or (type(value) is int and _INT64_MIN <= value <= _INT64_MAX):
        return value
    return _explain_integer(value, kind)


def _require(value: Any, kind: type, noun: str) -> None:
    if not isinstance(value, kind):
        raise ValidationError.single("", f"expected {noun}, got {describe(value)}")


def _structure_float(value: Any, _type: Any) -> float:
    """A float as it is, an integer (not a bool) as the float it stands for."""
    if type(value) is float:
        return value
    if type(value) is int and _INT64_MIN <= value <= _INT64_MAX:
        return float(value)
    raise ValidationError.single("", f"expected a number, got {describe(value)}")


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


_PUBLISHED = dt.datetime | PartialDate | None


def _structure_published(value: Any, _type: Any) -> dt.datetime | PartialDate | None:
    """A moment with its offset, or a day, month or year when that is all that is known."""
    if value is None or isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        return _structure_datetime(value, dt.datetime)
    if REDUCED_DATE.fullmatch(value):
        return PartialDate(value)
    try:
        return parse_datetime(value)
    except ValueError as exc:
        message = str(exc)
        if "is not an RFC 3339 timestamp" in message:
            message = (
                f"{value!r} is neither an RFC 3339 timestamp such as 2021-12-09T10:30:00+03:00 "
                "nor a date such as 2021-12-09"
            )
        raise ValidationError.single("", message) from None


def _structure_partial_date(value: Any, _type: Any) -> PartialDate:
    _require(value, str, "an EDTF string")
    return partial_date(value)


@short_texts(maxsize=65536)
def partial_date(text: str) -> PartialDate:
    """One partial date for each text: they recur (every mention of 2014), and are immutable."""
    return PartialDate(text)


def structure_moment(text: str) -> dt.datetime:
    """A timestamp as the converter reads it from canonical JSON (for the bulk path)."""
    return _structure_datetime(text, dt.datetime)


def structure_published(text: str) -> dt.datetime | PartialDate:
    """A publication date as the converter reads it from canonical JSON (for the bulk path)."""
    value = _structure_published(text, _PUBLISHED)
    assert value is not None  # a string is never None
    return value


def _structure_language_map(value: Any, _type: Any) -> LanguageMap:
    _require(value, dict, "an object of language tags")
    return LanguageMap(value)


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    member = kind._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ValidationError.single("", f"expected one of {choices}, got {describe(value)}")
    return member


def _structure_tuple_factory(
    kind: Any, converter: cattrs.Converter
) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def lean(value: Any, _type: Any) -> tuple[Any, ...]:
        _require(value, list, "a list")
        return tuple([structure_item(item, item_type) for item in value])

    def detailed(value: Any, _type: Any) -> tuple[Any, ...]:
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

    return detailed if converter.detailed_validation else lean


def _structure_class_factory(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def hook(value: Any, _type: Any) -> Any:
        _require(value, dict, "an object")
        return structure(value, cls)

    return hook


def _unstructure_class_factory(
    cls: type, converter: cattrs.Converter
) -> Callable[[Any], dict[str, Any]]:
    return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)


def _is_tuple(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is tuple


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    """Build a strict converter.

    Two are made with the same hooks: a lean one that builds valid records fast and
    stops at the first problem, and a detailed one that finds every problem, with its
    path, and is run only when the lean one fails.
    """
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    # str and int by type: their default hooks are typed ones, which win over predicates.
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_integer)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook_func(lambda k: k == str | None, _structure_optional_text)
    converter.register_structure_hook_func(lambda k: k == int | None, _structure_optional_integer)
    converter.register_structure_hook_func(
        lambda k: k == Number, _strict(checks.check_number, _plain_number)
    )
    converter.register_structure_hook_func(
        lambda k: k == Number | None,
        _strict(checks.optional(checks.check_number), _or_none(_plain_number)),
    )
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_structure_hook_func(lambda k: k == _PUBLISHED, _structure_published)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    converter.register_structure_hook(LanguageMap, _structure_language_map)
    # Each enum by name: they are str subclasses, and the str hook must not catch them.
    for member_type in (ArticleKind, MediaKind, EntityKind, QuoteKind, Channel, Qualifier, Method):
        converter.register_structure_hook(member_type, _structure_enum)
    converter.register_structure_hook_factory(_is_tuple, _structure_tuple_factory)
    converter.register_structure_hook_factory(attrs.has, _structure_class_factory)

    converter.register_unstructure_hook(dt.datetime, format_datetime)
    converter.register_unstructure_hook_func(lambda k: k == _PUBLISHED, format_published)
    converter.register_unstructure_hook(PartialDate, lambda date: date.edtf)
    converter.register_unstructure_hook(LanguageMap, lambda labels: dict(sorted(labels.items())))
    converter.register_unstructure_hook_func(_is_enum, lambda member: member.value)
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_class_factory)
    return converter


_lean = _make_converter(detailed=False)
_detailed = _make_converter(detailed=True)
_structure_fast = _lean.get_structure_hook(Article)
_structure_explained = _detailed.get_structure_hook(Article)


_NINJS_KEYS = frozenset(
    {"headlines", "bodies", "versionCreated", "versioncreated", "firstCreated", "firstcreated"}
)


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
    if "schema_version" not in record:
        hint = ""
        if "uri" in record and _NINJS_KEYS & record.keys():
            hint = " (this looks like an IPTC ninjs item: read it as format ninjs, --from ninjs)"
        raise ValidationError.single("schema_version", f"required key is missing{hint}")
    if version != SCHEMA_VERSION or type(version) is not int:
        raise ValidationError.single("", unsupported_version(version))
    typed = checks.TYPES_CHECKED.set(True)  # the hooks check every type on the way in
    try:
        try:
            article: Article = _builder(Article)(fields)
            hold_article(article)
        except Exception:  # noqa: BLE001 - anything unusual: the converter, then its reasons
            try:
                article = _structure_fast(fields, Article)
            except Exception:  # noqa: BLE001 - the detailed converter says what went wrong
                article = _structure_explained(fields, Article)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a problem with a path
        raise ValidationError(_problems(exc, "")) from None
    finally:
        checks.TYPES_CHECKED.reset(typed)
    return article


class _Unusual(Exception):
    """A value the builder leaves to the converter: a wrong one, or one of another form."""


_MISSING = object()


@functools.cache
def _builder(cls: type) -> Callable[[Any], Any]:
    """A function, written for ``cls``, that builds it from canonical builtins, or raises.

    It takes what the converter takes, type for type, checking the common good case inline
    and setting each field of a new instance directly; anything else (a wrong value, a
    timestamp that is already a ``datetime``) raises, and the converter, which says what is
    wrong, takes over. Each field's rule is tested as it is set; an :class:`Article` built
    here is then held to the rules of the article as a whole by :func:`hold_article`. A test
    checks it against the converter on valid and mutated records.
    """
    attrs.resolve_types(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    names: dict[str, Any] = {
        "Unusual": _Unusual,
        "MISSING": _MISSING,
        "new": object.__new__,
        "put": object.__setattr__,
        "cls": cls,
        "KEYS": frozenset(field.name for field in fields),
        "SURROGATE": _SURROGATE,
        "LOW": _INT64_MIN,
        "HIGH": _INT64_MAX,
        "plain_number": _plain_number,
        "LanguageMap": LanguageMap,
    }
    lines = [
        f"def build_{cls.__name__}(d):",
        "    if type(d) is not dict or not d.keys() <= KEYS: raise Unusual",
        "    o = new(cls)",
    ]
    for field in fields:
        name = field.name
        if field.default is attrs.NOTHING:
            lines.append(f"    v = d[{name!r}]")  # a KeyError: missing, which the converter says
        else:
            names[f"default_{name}"] = field.default
            lines.append(f"    v = d.get({name!r}, MISSING)")
            lines.append(f"    if v is MISSING: v = default_{name}")
            lines.append("    else:")
        indent = "    " if field.default is attrs.NOTHING else "        "
        lines.extend(indent + line for line in _taking(field.type, name, names))
        passes = checks.field_passes(cls, name, field.type)
        if passes is not None:  # the rule its name carries, tested on the value as held
            names[f"passes_{name}"] = passes
            lines.append(f"{indent}if not passes_{name}(v): raise Unusual")
        lines.append(f"    put(o, {name!r}, v)")
    lines.append("    return o")
    exec("\n".join(lines), names)
    made: Callable[[Any], Any] = names[f"build_{cls.__name__}"]
    return made


def _taking(kind: Any, name: str, names: dict[str, Any]) -> list[str]:
    """Statements that check ``v`` as a value of ``kind`` and make it what the field holds."""
    text = "if type(v) is not str or not (v.isascii() or not SURROGATE.search(v)): raise Unusual"
    integer = "if type(v) is not int or not LOW <= v <= HIGH: raise Unusual"
    if kind is str:
        return [text]
    if kind == str | None:
        return ["if v is not None:", f"    {text}"]
    if kind is int:
        return [integer]
    if kind == int | None:
        return ["if v is not None:", f"    {integer}"]
    if kind is float:
        return [
            "if type(v) is int and LOW <= v <= HIGH: v = float(v)",
            "if type(v) is not float: raise Unusual",
        ]
    if kind == Number:
        return ["if not plain_number(v): raise Unusual"]
    if kind == Number | None:
        return ["if v is not None and not plain_number(v): raise Unusual"]
    if kind is LanguageMap:
        return ["if type(v) is not dict: raise Unusual", "v = LanguageMap(v)"]
    if _is_tuple(kind):
        item = get_args(kind)[0]
        names[f"item_{name}"] = _item_builder(item)
        return ["if type(v) is not list: raise Unusual", f"v = tuple([item_{name}(x) for x in v])"]
    held = [arg for arg in get_args(kind) if arg is not type(None)]
    if _is_part(kind) or (len(held) == 1 and _is_part(held[0]) and type(None) in get_args(kind)):
        part = kind if _is_part(kind) else held[0]
        names[f"part_{name}"] = _builder(part)
        if part is kind:
            return [f"v = part_{name}(v)"]
        return [f"if v is not None: v = part_{name}(v)"]
    # The rest as the converter's own hooks take them (they raise on what is wrong).
    if len(held) == 1 and type(None) in get_args(kind):  # X | None: X's hook, when not None
        names[f"hook_{name}"] = _lean.get_structure_hook(held[0])
        names[f"kind_{name}"] = held[0]
        return [f"if v is not None: v = hook_{name}(v, kind_{name})"]
    names[f"hook_{name}"] = _lean.get_structure_hook(kind)
    names[f"kind_{name}"] = kind
    return [f"v = hook_{name}(v, kind_{name})"]


def _is_part(kind: Any) -> bool:
    """A class of the model, built field by field (a partial date is a string on the wire)."""
    return attrs.has(kind) and kind is not PartialDate


def _item_builder(kind: Any) -> Callable[[Any], Any]:
    if _is_part(kind):
        return _builder(kind)
    if kind is str:

        def text(value: Any) -> Any:
            if type(value) is not str or not (value.isascii() or not _SURROGATE.search(value)):
                raise _Unusual
            return value

        return text
    hook = _lean.get_structure_hook(kind)
    return lambda value: hook(value, kind)


def hold_article(article: Article) -> None:
    """Hold an article built field by field to the rules of the article as a whole.

    The builder tested each field's type and rule on the way in; what is left are the rules
    that relate its parts (ids, references, spans, dates in order).
    """
    checks.raise_article_problems(article)


def unstructure_article(article: Article) -> dict[str, Any]:
    """Turn an article into builtins in canonical order, ``schema_version`` first.

    None and empty collections are left out.
    """
    fields: dict[str, Any] = _unstructurer(Article)(article)
    return {"schema_version": SCHEMA_VERSION, **fields}


@functools.cache
def _unstructurer(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A function, written for ``cls``, that gives what the converter's unstructuring gives.

    The converter calls a hook for every value (even a string, which it returns as it is);
    this inlines them: a field is read, left out when it holds its default, and written in
    its canonical form, fields without a default first, as the converter orders them. A test
    checks it against the converter on generated articles, keys and their order.
    """
    attrs.resolve_types(cls)
    names: dict[str, Any] = {
        "format_datetime": format_datetime,
        "format_published": format_published,
        "unstructurer": _unstructurer,
    }
    lines: list[str] = []
    required: list[str] = []  # written first, as the converter writes them
    for field in attrs.fields(cls):
        value = f"o.{field.name}"
        line = f"d[{field.name!r}] = {_written(_held(field.type), value, names)}"
        kept = _kept_when(field, value, names)
        if kept is None:
            required.append(f"    {line}")
        else:
            lines.append(f"    if {kept}: {line}")
    return _compiled(f"unstructure_{cls.__name__}(o)", [*required, *lines], names)


def _held(kind: Any) -> Any:
    """What an optional field holds when it is not None (the kind itself otherwise)."""
    if type(None) in get_args(kind):
        return functools.reduce(operator.or_, [a for a in get_args(kind) if a is not type(None)])
    return kind


def _compiled(signature: str, body: list[str], names: dict[str, Any]) -> Callable[[Any], Any]:
    """A function written as text: ``d``, filled by ``body``'s lines, returned."""
    source = "\n".join([f"def {signature}:", "    d = {}", *body, "    return d"])
    exec(source, names)
    made: Callable[[Any], Any] = names[signature.split("(")[0]]
    return made


def canonical_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the nested Arrow layout (as ``to_pylist`` gives it) as canonical builtins.

    What :func:`unstructure_article` gives for the article the row holds, made without
    building it: keys in the model's order, defaults left out, a moment from its timestamp
    and offset written as RFC 3339, a figure from its int or float column, a partial date's
    EDTF from its struct, labels from their (language, text) items in order of their tags.
    Nothing is checked (the stored bounds of a date, a label given twice): the caller checks
    the result against the row (:func:`newsschema.bulk.lines_of`).
    """
    fields: dict[str, Any] = _recorder(Article)(row)
    return {"schema_version": SCHEMA_VERSION, **fields}


@functools.cache
def _recorder(cls: type) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function, written for ``cls``, that puts a row of it in canonical form.

    As :func:`_unstructurer` writes an object, field for field, from the row's columns.
    """
    attrs.resolve_types(cls)
    names: dict[str, Any] = {"moment": _moment_text, "published": _published_columns}
    lines: list[str] = []
    required: list[str] = []
    for field in attrs.fields(cls):
        kind = _held(field.type)
        read = _read_nested(field.name, kind)
        line = f"d[{field.name!r}] = {_recorded(kind, 'v', names)}"
        kept = _kept_when(field, "v", names, values=True)
        if kept is None:
            required.append(f"    {read}; {line}")
        else:
            lines.append(f"    {read}\n    if {kept}: {line}")
    return _compiled(f"record_{cls.__name__}(r)", [*required, *lines], names)


def _read_nested(name: str, kind: Any) -> str:
    """The statement that reads a field of ``kind`` from a row's columns into ``v``."""
    if kind is dt.datetime:
        return f"v = moment(r[{name!r}], r[{name + '_offset_minutes'!r}])"
    if kind == dt.datetime | PartialDate:
        return f"v = published(r, {name!r})"
    if kind is PartialDate:
        return f"v = r[{name!r}]; v = v if v is None else v['edtf']"
    if kind == Number:
        return f"v = r[{name + '_int'!r}]; v = r[{name + '_float'!r}] if v is None else v"
    if kind is LanguageMap:
        return f"v = {{x['language']: x['text'] for x in r[{name!r}]}}"
    return f"v = r[{name!r}]"


def _recorded(kind: Any, value: str, names: dict[str, Any]) -> str:
    """The canonical form of a row's value of ``kind``, as :func:`_read_nested` read it.

    Moments and partial dates are read as their text already.
    """
    if kind is LanguageMap:
        return f"dict(sorted({value}.items()))"
    if _is_tuple(kind):
        inner = _recorded(get_args(kind)[0], "x", names)
        return f"list({value})" if inner == "x" else f"[{inner} for x in {value}]"
    if attrs.has(kind) and kind is not PartialDate:
        names[f"record_{kind.__name__}"] = _recorder(kind)
        return f"record_{kind.__name__}({value})"
    return value  # text, numbers, an enum's value; moments and dates read as their text


def _moment_text(moment: dt.datetime | None, offset: int | None) -> str | None:
    """A moment from its UTC timestamp and offset columns, written as RFC 3339."""
    if moment is None:
        return None
    return format_datetime(moment.astimezone(dt.timezone(dt.timedelta(minutes=offset or 0))))


def _published_columns(row: dict[str, Any], name: str) -> str | None:
    """A publication date from its columns: the moment, else the partial date's EDTF."""
    partial = row[f"{name}_partial"]
    if partial is not None:
        return str(partial["edtf"])
    return _moment_text(row[name], row[f"{name}_offset_minutes"])


def _kept_when(
    field: attrs.Attribute[Any], value: str, names: dict[str, Any], *, values: bool = False
) -> str | None:
    """When a field is written: the condition on ``value``, None for a field always written.

    Left out when it holds its default (None, nothing, or its own). ``values``: the value is
    as a row holds it (an enum's value, and None for a value missing), not the object's.
    """
    if field.default is attrs.NOTHING:
        return None
    if field.default is None:
        return f"{value} is not None"
    if field.default == () or isinstance(field.default, LanguageMap):
        return value
    default = field.default
    if values and _is_enum(type(default)):
        default = default.value
    names[f"default_{field.name}"] = default
    if values:
        return f"{value} is not None and {value} != default_{field.name}"
    return f"{value} != default_{field.name}"


def _written(kind: Any, value: str, names: dict[str, Any]) -> str:
    """The expression for a value of ``kind`` in its canonical form."""
    if kind in (str, int, float, bool) or kind == Number:
        return value
    if kind is dt.datetime:
        return f"format_datetime({value})"
    if kind == dt.datetime | PartialDate:  # a publication date
        return f"format_published({value})"
    if kind is PartialDate:
        return f"{value}.edtf"
    if kind is LanguageMap:
        return f"dict(sorted({value}.items()))"
    if _is_enum(kind):
        return f"{value}.value"
    if _is_tuple(kind):
        item = get_args(kind)[0]
        inner = _written(item, "x", names)
        return f"list({value})" if inner == "x" else f"[{inner} for x in {value}]"
    if attrs.has(kind):
        names[f"unstructure_{kind.__name__}"] = _unstructurer(kind)
        return f"unstructure_{kind.__name__}({value})"
    raise TypeError(f"no canonical form for {kind!r}")


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
