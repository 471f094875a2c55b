"""Every rule an article must keep, checked in one place and reported all at once.

Two passes. The first checks each field on its own: its type, and the rule its name
carries (an id is not empty, a language is a BCP 47 tag, a url is absolute, an offset
is not negative). The second, run only on well-typed data, checks the article as a
whole: ids are unique, references resolve to the right kind of thing, spans lie inside
their paragraphs, quotes match their text, phases run in order, dates do not go back.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Union
from urllib.parse import urlsplit

import attrs
import langcodes

from newsschema._cache import short_texts
from newsschema.dates import REDUCED_DATE, PartialDate, moment_range_problem
from newsschema.errors import Problem, ValidationError, describe
from newsschema.model import (
    Article,
    Campaign,
    EntityKind,
    LanguageMap,
    Published,
    Qualifier,
    QuoteKind,
    Span,
    Statistic,
    hold_articles_to,
)

if TYPE_CHECKING:
    from newsschema.model import Entity

__all__ = [
    "canonical_case",
    "certainly_before",
    "field_passes",
    "field_rule",
    "find_problems",
    "goes_back",
    "raise_article_problems",
    "raise_problems",
]

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

SURROGATE = re.compile("[\ud800-\udfff]")
"""Matches a lone surrogate, which no UTF-8 text can hold."""
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidi control characters, which ids and urls must not hold (they hide what text says)."""
CONTROLS = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
"""The C0 and C1 control characters, which ids must not hold."""
_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
_CONTROL = re.compile(f"[{CONTROLS}]")
_SPACE = re.compile(r"\s")  # in a str pattern, what str.isspace() calls a space
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_UNIT_CODE = re.compile(r"[A-Z0-9]{2,3}", re.ASCII)
_MEDIA_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+", re.ASCII | re.IGNORECASE)

Checker = Callable[[Any, str, list[Problem]], None]

TYPES_CHECKED: ContextVar[bool] = ContextVar("TYPES_CHECKED", default=False)
"""Set by the converter while it builds an article whose every value it has type-checked."""


def raise_problems(article: Article) -> None:
    """Raise a :class:`ValidationError` listing every problem, if there are any."""
    problems = find_problems(article)
    if problems:
        raise ValidationError(problems)


def raise_article_problems(article: Article) -> None:
    """Raise the problems of the article as a whole, when its fields are known to be good.

    For an article whose every field was checked, type and rule, as it was built (see
    :func:`field_passes`): only the rules that relate its parts are left.
    """
    problems: list[Problem] = []
    _WholeArticle(article, problems).run()
    if problems:
        raise ValidationError(problems)


def field_passes(cls: type, name: str, kind: Any) -> Callable[[Any], bool] | None:
    """A quick test that a well-typed value of one field keeps its rule (None: it has none).

    The parts of the model that a field holds (an entity, a list of spans) are left out:
    each is tested as its own fields are.
    """
    item = typing.get_args(kind)[0] if typing.get_origin(kind) is tuple else kind
    held = [arg for arg in typing.get_args(item) if arg is not type(None)] or [item]
    if any(attrs.has(part) and part is not PartialDate for part in held):
        return None
    return _passes_for_type(kind, field_rule(cls, name))


def find_problems(article: Article) -> list[Problem]:
    """Return every problem with ``article``, in a stable order (empty when valid)."""
    typed = TYPES_CHECKED.get()
    keeps = _keeps_rules(Article)
    if typed and keeps is not None and keeps(article):
        problems: list[Problem] = []  # the common case: no paths to build, straight on
    else:
        found = _Findings()
        _checker(Article, typed)(article, "", found)
        problems = [*found, *found.rules]
        if found:
            return problems  # the whole-article rules need well-typed data
    _WholeArticle(article, problems).run()
    return problems


class _Findings(list[Problem]):
    """Problems of type, and apart from them (in ``rules``) the rules fields break."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: list[Problem] = []


# First pass: each field on its own.


def check_text(value: Any, path: str, out: list[Problem]) -> None:
    if not isinstance(value, str):
        out.append(Problem(path, f"expected a string, got {describe(value)}"))
    elif not value.isascii() and SURROGATE.search(value):
        out.append(Problem(path, "holds a lone surrogate, which is not a Unicode character"))


def check_integer(value: Any, path: str, out: list[Problem]) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        out.append(Problem(path, f"expected an integer, got {describe(value)}"))
    elif not INT64_MIN <= value <= INT64_MAX:
        out.append(Problem(path, f"{value} does not fit in a signed 64-bit integer"))


def check_number(value: Any, path: str, out: list[Problem]) -> None:
    if isinstance(value, float):
        if not math.isfinite(value):
            out.append(Problem(path, f"{value} is not a finite number"))
    elif not isinstance(value, int) or isinstance(value, bool):
        out.append(Problem(path, f"expected a number, got {describe(value)}"))
    else:
        check_integer(value, path, out)


def check_float(value: Any, path: str, out: list[Problem]) -> None:
    if not isinstance(value, float):
        out.append(Problem(path, f"expected a number, got {describe(value)}"))


def check_moment(value: Any, path: str, out: list[Problem]) -> None:
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


@short_texts(maxsize=8192)  # ids recur: every reference repeats one
def id_problem(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if _BIDI_CONTROL.search(value):
        return f"{value!r} holds a bidi control character, which ids must not"
    if _CONTROL.search(value):
        return f"{value!r} holds a control character, which ids must not"
    return None


def not_blank(value: str) -> str | None:
    return "must not be empty" if not value.strip() else None


_TAGS_KEPT = 8192
"""How many language tags are remembered, here and in langcodes' own caches."""


def bound_langcodes() -> None:
    """Keep langcodes' caches bounded: it remembers every tag it has parsed, without end."""
    for name in ("_PARSE_CACHE", "_INSTANCES"):
        remembered = getattr(langcodes.Language, name, None)
        if isinstance(remembered, dict) and len(remembered) > _TAGS_KEPT:
            remembered.clear()


@short_texts(maxsize=_TAGS_KEPT)
def likely_script(tag: str) -> str | None:
    """The script a language is most likely written in (ISO 15924: ``Arab``, ``Hans``), or None."""
    bound_langcodes()
    try:
        script = langcodes.Language.get(tag).maximize().script
    except (ValueError, LookupError):
        return None
    return str(script) if script else None


@short_texts(maxsize=_TAGS_KEPT)
def language_tag_problem(tag: str) -> str | None:
    bound_langcodes()
    if "_" in tag:  # en_US: a locale's name, not a language tag
        hyphened = canonical_case(tag.replace("_", "-"))
        return f"{tag!r} is not a BCP 47 language tag: write it {hyphened!r} (with hyphens)"
    if not langcodes.tag_is_valid(tag):
        return f"{tag!r} is not a valid BCP 47 language tag"
    if tag != canonical_case(tag):
        return f"{tag!r} must be written {canonical_case(tag)!r} (the case BCP 47 recommends)"
    return None


def canonical_case(tag: str) -> str:
    """Write a BCP 47 tag in the recommended case: ``ar-Arab-IQ``, ``en-x-private``.

    Tags are case-insensitive, and some formats (JSON-LD processors) lowercase them; one
    required case makes every tag come back exactly as it was written.
    """
    parts = tag.split("-")
    cased = [parts[0].lower()]
    private = len(parts[0]) == 1  # a tag that starts with x- or i-
    for part in parts[1:]:
        if private or len(part) == 1:
            private = True
            cased.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        else:
            cased.append(part.lower())
    return "-".join(cased)


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an absolute http or https URL with a host.

    Every reader asks this one function, which never raises: ``urlsplit`` raises ``ValueError``
    on an unclosed IPv6 bracket or on a host that NFKC normalisation turns into a delimiter
    (``a＃b``), and such a value is simply not a web address.
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def url_problem(value: str) -> str | None:
    if _BIDI_CONTROL.search(value) or _SPACE.search(value):
        return f"{value!r} holds spaces or bidi control characters"
    if not is_web_url(value):
        return f"{value!r} is not an absolute http or https URL"
    return None


def uri_problem(value: str) -> str | None:
    if _BIDI_CONTROL.search(value) or _SPACE.search(value):
        return f"{value!r} holds spaces or bidi control characters"
    if not _URI_SCHEME.match(value):
        return f"{value!r} is not an absolute URI"
    return None


def at_least(low: int) -> Callable[[int], str | None]:
    """The rule that an integer is ``low`` or more; the bound is kept as ``rule.minimum``."""

    def rule(value: int) -> str | None:
        return f"must be {low} or more, got {value}" if value < low else None

    rule.minimum = low  # type: ignore[attr-defined]
    return rule


def published_problem(value: Any) -> str | None:
    if isinstance(value, PartialDate) and not REDUCED_DATE.fullmatch(value.edtf):
        return (
            f"{value.edtf!r} is not a day, a month or a year (such as 2021-12-09, 2021-12 "
            "or 2021), which is all a date without a time may be"
        )
    return None


def code_problem(value: str) -> str | None:
    if not value.strip() or _SPACE.search(value):
        return f"{value!r} is not a code (no spaces, not empty)"
    return None


def media_type_problem(value: str) -> str | None:
    if _MEDIA_TYPE.fullmatch(value):
        return None
    return f"{value!r} is not a media type such as image/jpeg"


def unit_code_problem(value: str) -> str | None:
    if _UNIT_CODE.fullmatch(value):
        return None
    return f"{value!r} is not a UN/CEFACT Recommendation 20 code (2 or 3 capitals or digits)"


def fraction_problem(value: float) -> str | None:
    if 0.0 <= value <= 1.0:  # NaN is neither
        return None
    return f"{value!r} is not a confidence from 0 to 1"


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
        base = _checker(kind, typed)
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
def _checker(cls: type, typed: bool = False) -> Checker:
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


def _passes_for_type(kind: Any, rule: Callable[[Any], str | None] | None) -> Passes | None:
    """A quick test that a well-typed value keeps its rules; None when there is none."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = tuple(arg for arg in typing.get_args(kind) if arg is not type(None))
        if options == (int, float):
            return None
        inner = _passes_for_type(options[0], rule)
        if inner is None or len(options) == len(typing.get_args(kind)):
            return inner
        return lambda value: value is None or inner(value)
    if origin is tuple:
        item = _passes_for_type(typing.get_args(kind)[0], rule)
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
        return _keeps_rules(kind)
    return None if rule is None else (lambda value: rule(value) is None)


def _language_map_passes(value: LanguageMap) -> bool:
    found: list[Problem] = []
    _language_map(value, "", found)
    return not found


@cache
def _keeps_rules(cls: type) -> Passes | None:
    """A quick test that a well-typed instance keeps its fields' rules; None if it has none."""
    attrs.resolve_types(cls)
    fields = []
    for field in attrs.fields(cls):
        rule = field_rule(cls, field.name)
        passes = _passes_for_type(field.type, rule)
        if passes is not None:
            fields.append((field.name, passes))

    def keeps(value: Any) -> bool:
        for name, passes in fields:  # noqa: SIM110 - a loop is faster than all() here
            if not passes(getattr(value, name)):
                return False
        return True

    return keeps if fields else None


# Second pass: the article as a whole.

_SPEAKERS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP)
_AUTHORS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
_COLLECTIONS = ("entities", "quotes", "statistics", "campaigns", "events", "comments")


def _kinds(kinds: Sequence[EntityKind]) -> str:
    names = [kind.value for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@attrs.define
class _WholeArticle:
    article: Article
    out: list[Problem]
    paragraphs: tuple[str, ...] = ()
    owners: dict[str, str] = attrs.Factory(dict)  # id -> path of the thing that has it
    entities: dict[str, Entity] = attrs.Factory(dict)

    def run(self) -> None:
        article = self.article
        self.paragraphs = article.paragraphs
        self.collect_ids()
        sizes = [len(paragraph) for paragraph in self.paragraphs]
        if not all(_fits(span, sizes) for span in _every_span(article)):  # paths only then
            for path, span in _spans(article):
                self.span(path, span)
        if article.dateline is not None:
            self.entity_ref("dateline.place", article.dateline.place, (EntityKind.PLACE,))
        for index, author in enumerate(article.authors):
            self.entity_ref(f"authors[{index}]", author, _AUTHORS)
        self.entity_ref("publisher", article.publisher, _AUTHORS)
        self.dates_in_order("date_modified", article.date_published, article.date_modified)
        self.headlines()
        self.subjects()
        self.quotes()
        self.statistics()
        for index, campaign in enumerate(article.campaigns):
            self.campaign(f"campaigns[{index}]", campaign)
        self.events()
        self.comments()

    def collect_ids(self) -> None:
        for collection in _COLLECTIONS:
            for index, item in enumerate(getattr(self.article, collection)):
                path = f"{collection}[{index}]"
                if item.id in self.owners:
                    self.problem(
                        f"{path}.id", f"{item.id!r} is already the id of {self.owners[item.id]}"
                    )
                    continue
                self.owners[item.id] = path
                if collection == "entities":
                    self.entities[item.id] = item

    def problem(self, path: str, message: str) -> None:
        self.out.append(Problem(path, message))

    def entity_ref(self, path: str, ref: str | None, kinds: Sequence[EntityKind]) -> None:
        if ref is None:
            return
        entity = self.entities.get(ref)
        if entity is None:
            elsewhere = self.owners.get(ref)
            suffix = f" ({ref!r} is the id of {elsewhere})" if elsewhere else ""
            self.problem(path, f"no entity with id {ref!r}{suffix}")
        elif entity.kind not in kinds:
            self.problem(
                path,
                f"{ref!r} is a {entity.kind.value}, but this must be a {_kinds(kinds)}",
            )

    def span(self, path: str, span: Span) -> None:
        if span.paragraph < 0 or span.start < 0 or span.end < 0:
            for name in ("paragraph", "start", "end"):
                if getattr(span, name) < 0:
                    self.problem(f"{path}.{name}", f"must be 0 or more, got {getattr(span, name)}")
            return
        if span.paragraph >= len(self.paragraphs):
            self.problem(
                path,
                f"paragraph {span.paragraph} does not exist "
                f"(the body has {len(self.paragraphs)} paragraphs)",
            )
            return
        size = len(self.paragraphs[span.paragraph])
        if span.end > size:
            self.problem(
                path,
                f"end {span.end} is past the end of paragraph {span.paragraph} ({size} characters)",
            )
        if span.start >= span.end:
            self.problem(path, f"start {span.start} is not before end {span.end}")

    def text_at(self, span: Span) -> str | None:
        if span.paragraph >= len(self.paragraphs) or not 0 <= span.start < span.end:
            return None
        paragraph = self.paragraphs[span.paragraph]
        return paragraph[span.start : span.end] if span.end <= len(paragraph) else None

    def quotes(self) -> None:
        for index, quote in enumerate(self.article.quotes):
            path = f"quotes[{index}]"
            self.entity_ref(f"{path}.speaker", quote.speaker, _SPEAKERS)
            if quote.kind is QuoteKind.DIRECT and len(quote.spans) == 1:
                found = self.text_at(quote.spans[0])
                if found is not None and found != quote.text:
                    self.problem(
                        f"{path}.text",
                        f"a direct quote must match the text at its span, which is {found!r}",
                    )

    def statistics(self) -> None:
        for index, statistic in enumerate(self.article.statistics):
            path = f"statistics[{index}]"
            self.entity_ref(f"{path}.subject", statistic.subject, tuple(EntityKind))
            self.entity_ref(f"{path}.source", statistic.source, _SPEAKERS)
            is_range = statistic.qualifier is Qualifier.RANGE
            if is_range and statistic.value_max is None:
                self.problem(f"{path}.value_max", "a range needs value_max")
            elif statistic.value_max is not None and not is_range:
                self.problem(
                    f"{path}.value_max",
                    f"value_max is only for a range, but the qualifier is "
                    f"{statistic.qualifier.value!r}",
                )
            elif statistic.value_max is not None and statistic.value_max < statistic.value:
                self.problem(
                    f"{path}.value_max",
                    f"{statistic.value_max!r} is less than value {statistic.value!r}",
                )

    def campaign(self, path: str, campaign: Campaign) -> None:
        self.partial_dates_in_order(path, campaign.start, campaign.end)
        previous: PartialDate | None = None  # the start of the last phase that has one
        for index, phase in enumerate(campaign.phases):
            phase_path = f"{path}.phases[{index}]"
            if phase.ordinal != index + 1:
                self.problem(
                    f"{phase_path}.ordinal",
                    f"phases must be numbered 1, 2, 3, ... in order: expected {index + 1}, "
                    f"got {phase.ordinal}",
                )
            self.partial_dates_in_order(phase_path, phase.start, phase.end)
            if phase.start is None:
                continue
            if previous is not None and certainly_before(phase.start, previous):
                self.problem(
                    f"{phase_path}.start",
                    f"{phase.start.edtf} goes back before the start of the phase "
                    f"before it ({previous.edtf})",
                )
            previous = phase.start

    def partial_dates_in_order(
        self, path: str, start: PartialDate | None, end: PartialDate | None
    ) -> None:
        if start is not None and end is not None and certainly_before(end, start):
            self.problem(f"{path}.end", f"{end.edtf} is before the start {start.edtf}")

    def dates_in_order(self, path: str, first: Published | None, then: Published | None) -> None:
        if first is not None and then is not None and goes_back(first, then):
            self.problem(path, f"{_shown(then)} is before date_published {_shown(first)}")

    def headlines(self) -> None:
        own = self.article.language.lower()
        for tag in self.article.translations:
            if tag.lower() == own:
                self.problem(
                    f"translations.{tag}",
                    "a translation cannot be in the article's own language: "
                    "put other headlines in alternative_headlines",
                )

    def subjects(self) -> None:
        for index, subject in enumerate(self.article.subjects):
            if subject.name is None and subject.code is None and subject.uri is None:
                self.problem(f"subjects[{index}]", "a subject needs a name, a code or a uri")

    def events(self) -> None:
        campaigns = {campaign.id: campaign for campaign in self.article.campaigns}
        for index, event in enumerate(self.article.events):
            path = f"events[{index}]"
            for place_index, place in enumerate(event.places):
                self.entity_ref(f"{path}.places[{place_index}]", place, (EntityKind.PLACE,))
            for who_index, who in enumerate(event.participants):
                self.entity_ref(f"{path}.participants[{who_index}]", who, _SPEAKERS)
            campaign = None
            if event.campaign is not None:
                campaign = campaigns.get(event.campaign)
                if campaign is None:
                    self.problem(f"{path}.campaign", f"no campaign with id {event.campaign!r}")
            if event.phase is None:
                continue
            if event.campaign is None:
                self.problem(f"{path}.phase", "a phase needs the campaign it belongs to")
            elif campaign is not None and not 1 <= event.phase <= len(campaign.phases):
                self.problem(
                    f"{path}.phase",
                    f"campaign {campaign.id!r} has no phase {event.phase} "
                    f"(it has {len(campaign.phases)})",
                )

    def comments(self) -> None:
        comments = self.article.comments
        ids = {comment.id for comment in comments}
        for index, comment in enumerate(comments):
            if comment.reply_to is None:
                continue
            path = f"comments[{index}].reply_to"
            if comment.reply_to == comment.id:
                self.problem(path, "a comment cannot reply to itself")
            elif comment.reply_to not in ids:
                self.problem(path, f"no comment with id {comment.reply_to!r}")
        count = self.article.comment_count
        if count is not None and 0 <= count < len(comments):  # a negative count is told already
            self.problem(
                "comment_count",
                f"{count} is fewer than the {len(comments)} comments captured",
            )


def goes_back(first: Published, then: Published) -> bool:
    """Tell whether ``then`` is before ``first``: a day (month, year) only when certainly."""
    if isinstance(first, dt.datetime) and isinstance(then, dt.datetime):
        return then < first
    return _last_day(then) < _first_day(first)


def _first_day(value: Published) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.earliest is not None  # a day, month or year has both bounds
    return value.earliest


def _last_day(value: Published) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.latest is not None
    return value.latest


def _shown(value: Published) -> str:
    return value.isoformat() if isinstance(value, dt.datetime) else value.edtf


def certainly_before(date: PartialDate, other: PartialDate) -> bool:
    """Tell whether ``date`` is certainly before ``other``: even its latest day comes first."""
    return date.latest is not None and other.earliest is not None and date.latest < other.earliest


def _fits(span: Span, sizes: list[int]) -> bool:
    return 0 <= span.paragraph < len(sizes) and 0 <= span.start < span.end <= sizes[span.paragraph]


def _every_span(article: Article) -> Iterator[Span]:
    """Every span in the article, without the paths that only a problem needs."""
    if article.dateline is not None and article.dateline.span is not None:
        yield article.dateline.span
    for entity in article.entities:
        yield from entity.mentions
    for parts in (article.quotes, article.statistics, article.campaigns, article.events):
        for part in parts:
            yield from part.spans
    for campaign in article.campaigns:
        for phase in campaign.phases:
            yield from phase.spans


def _spans(article: Article) -> Iterator[tuple[str, Span]]:
    """Yield every span in the article with its path."""
    if article.dateline is not None and article.dateline.span is not None:
        yield "dateline.span", article.dateline.span
    for collection, field in (
        ("entities", "mentions"),
        ("quotes", "spans"),
        ("statistics", "spans"),
        ("campaigns", "spans"),
        ("events", "spans"),
    ):
        for index, item in enumerate(getattr(article, collection)):
            for span_index, span in enumerate(getattr(item, field)):
                yield f"{collection}[{index}].{field}[{span_index}]", span
    for index, campaign in enumerate(article.campaigns):
        for phase_index, phase in enumerate(campaign.phases):
            for span_index, span in enumerate(phase.spans):
                yield f"campaigns[{index}].phases[{phase_index}].spans[{span_index}]", span


hold_articles_to(raise_problems)
