"""The rules of single values: ids, language tags, urls, codes, fractions.

Each rule takes a well-typed value and returns what is wrong with it (None: nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import langcodes

from newsschema._cache import short_texts
from newsschema.dates import REDUCED_DATE, PartialDate

if TYPE_CHECKING:
    pass

__all__ = [
    "BIDI_CONTROLS",
    "CONTROLS",
    "INT64_MAX",
    "INT64_MIN",
    "SURROGATE",
    "at_least",
    "bound_langcodes",
    "canonical_case",
    "code_problem",
    "fraction_problem",
    "id_problem",
    "is_web_url",
    "language_tag_problem",
    "likely_script",
    "media_type_problem",
    "not_blank",
    "published_problem",
    "unit_code_problem",
    "uri_problem",
    "url_problem",
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


@short_texts(maxsize=8192)  # ids recur: every reference repeats one
def id_problem(value: str) -> str | None:
    """What is wrong with an id: empty, or holding spaces or bidi controls."""
    if not value.strip():
        return "must not be empty"
    if _BIDI_CONTROL.search(value):
        return f"{value!r} holds a bidi control character, which ids must not"
    if _CONTROL.search(value):
        return f"{value!r} holds a control character, which ids must not"
    return None


def not_blank(value: str) -> str | None:
    """What is wrong with text that must say something: only white space."""
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
    """What is wrong with a BCP 47 language tag (a locale's name, a tag that is not one)."""
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
    """What is wrong with a web address: not absolute http(s), or holding spaces."""
    if _BIDI_CONTROL.search(value) or _SPACE.search(value):
        return f"{value!r} holds spaces or bidi control characters"
    if not is_web_url(value):
        return f"{value!r} is not an absolute http or https URL"
    return None


def uri_problem(value: str) -> str | None:
    """What is wrong with a URI: no scheme, or holding spaces."""
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
    """What is wrong with a publication date given as a partial date."""
    if isinstance(value, PartialDate) and not REDUCED_DATE.fullmatch(value.edtf):
        return (
            f"{value.edtf!r} is not a day, a month or a year (such as 2021-12-09, 2021-12 "
            "or 2021), which is all a date without a time may be"
        )
    return None


def code_problem(value: str) -> str | None:
    """What is wrong with a code: empty, or holding spaces."""
    if not value.strip() or _SPACE.search(value):
        return f"{value!r} is not a code (no spaces, not empty)"
    return None


def media_type_problem(value: str) -> str | None:
    """What is wrong with a media type (``type/subtype``)."""
    if _MEDIA_TYPE.fullmatch(value):
        return None
    return f"{value!r} is not a media type such as image/jpeg"


def unit_code_problem(value: str) -> str | None:
    """What is wrong with a UN/CEFACT unit code (2 or 3 capitals or digits)."""
    if _UNIT_CODE.fullmatch(value):
        return None
    return f"{value!r} is not a UN/CEFACT Recommendation 20 code (2 or 3 capitals or digits)"


def fraction_problem(value: float) -> str | None:
    """What is wrong with a confidence: not from 0 to 1."""
    if 0.0 <= value <= 1.0:  # NaN is neither
        return None
    return f"{value!r} is not a confidence from 0 to 1"
