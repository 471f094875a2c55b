"""Partial dates (EDTF) and the strict timestamp format used on the wire."""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import functools
import io
import math
import re
import threading
import time
import zoneinfo

import attrs

from newsschema._cache import short_texts
from newsschema.errors import ValidationError, describe

__all__ = [
    "REDUCED_DATE",
    "PartialDate",
    "foreign_moment",
    "format_datetime",
    "format_published",
    "moment_range_problem",
    "parse_datetime",
]

_OPEN_ENDS = frozenset({"", ".."})


_Bounds = tuple[dt.date | None, dt.date | None]


@short_texts(maxsize=4096)
def _bounds(text: str) -> _Bounds:
    """Parse an EDTF string and return its strict earliest and latest days (remembered)."""
    return _read_bounds(text)


def _read_bounds(text: str) -> _Bounds:
    """Parse an EDTF string and return its strict earliest and latest days.

    An open (``..``) or unknown (empty) end of an interval has no bound: None. The forms of
    levels 0 and 1 (days, months, years, seasons, ``?~%``, unspecified ``X`` digits, intervals)
    are read here in microseconds; the rarer forms of level 2 by the edtf package.
    """
    if not text:
        raise ValueError("an EDTF date must not be empty")
    if text != text.strip():
        raise ValueError(f"{text!r} is not an EDTF date (no surrounding spaces allowed)")
    found = _read_simple(text)
    if found is None:
        found = _read_with_edtf(text)
    earliest, latest = found
    if earliest is not None and latest is not None and earliest > latest:
        raise ValueError(f"{text!r} ends before it starts")
    return earliest, latest


_SIMPLE = re.compile(
    r"(?P<year>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"
    r"(?:-(?P<month>0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?P<day>0[1-9]|[12][0-9]|3[01]|XX))?)?"
    r"(?P<mark>[?~%]?)",
    re.ASCII,
)
"""A date of EDTF level 0 or 1, qualified as a whole or not."""

_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}
"""The months a season spans, as the edtf package counts them (its winter is December)."""


def _read_simple(text: str) -> _Bounds | None:
    """The bounds of a level 0 or 1 date or interval; None for a form read by edtf."""
    if text[:1] in "[{" and text[-1:] == {"[": "]", "{": "}"}[text[0]]:
        return _simple_set(text)
    start, slash, end = text.partition("/")
    if not slash:
        return _simple_date(text, text)
    if "/" in end or "X" in text or (start in _OPEN_ENDS and end in _OPEN_ENDS):
        return None  # unspecified digits in an interval are level 2
    first = (None, None) if start in _OPEN_ENDS else _simple_date(start, text)
    last = (None, None) if end in _OPEN_ENDS else _simple_date(end, text)
    if first is None or last is None:
        return None
    return first[0], last[1]


_SET_ELEMENT = re.compile(
    r"(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-3][0-9])?|-XX-XX)?"  # a date
    r"|(?:[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)(?:-XX-XX)?)[?~%]?"  # a year of unspecified digits
    r"|(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-3][0-9])?)?)?\.\."  # a range, or open
    r"(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-3][0-9])?)?)?",
    re.ASCII,
)
"""An element of a set read here: a date (no season), a year with unspecified digits (as the
edtf package takes them in a set: ``19XX``, ``1XXX-XX-XX``), or a range of dates."""


def _simple_set(text: str) -> _Bounds | None:
    """The bounds of a level 2 set of simple dates and ranges: ``[..2017]``, ``{1960, 1961-12}``.

    One of the dates (``[...]``) or all of them (``{...}``): from the earliest to the latest,
    open where a range is (``..2017``, ``2017..``), as the edtf package counts them.
    """
    earliest: list[dt.date] = []
    latest: list[dt.date] = []
    open_start = open_end = False
    elements = [part.lstrip(" ") for part in text[1:-1].split(",")]
    for index, element in enumerate(elements):
        first, dots, last = element.partition("..")
        if (
            not _SET_ELEMENT.fullmatch(element)
            or element == ".."
            or (len(elements) == 1 and not dots)
        ):
            return None  # what the edtf package refuses in a set, it says so
        if (dots and not first and index > 0) or (dots and not last and index < len(elements) - 1):
            return None  # ..X opens a set only at its start, X.. only at its end
        if first and last and first.count("-") != last.count("-"):
            return None  # a range's ends are of one precision
        start = _set_date(first, text) if first else (None, None)
        end = _set_date(last or first, text) if last or not dots else (None, None)
        if start is None or end is None:
            return None
        if start[0] is not None:
            earliest.append(start[0])
        if end[1] is not None:
            latest.append(end[1])
        open_start = open_start or (bool(dots) and not first)
        open_end = open_end or (bool(dots) and not last)
    return (None if open_start else min(earliest)), (None if open_end else max(latest))


def _set_date(part: str, text: str) -> _Bounds | None:
    """The bounds of a date in a set; its year may have unspecified digits (``1XXX-XX-XX``)."""
    if "X" not in part[:4]:
        return _simple_date(part, text)
    low, high = int(part[:4].replace("X", "0")), int(part[:4].replace("X", "9"))
    if low < dt.MINYEAR:
        raise ValueError(f"{text!r} reaches outside the years 1 to 9999, which newsschema can hold")
    return dt.date(low, 1, 1), dt.date(high, 12, 31)


def _simple_date(part: str, text: str) -> _Bounds | None:
    match = _SIMPLE.fullmatch(part)
    if match is None:
        return None
    year, month, day = match.group("year", "month", "day")
    if "X" in year and month is not None:
        return None  # level 2
    if month == "XX" and day not in (None, "XX"):
        return None  # level 2
    if month not in (None, "XX") and int(month) > 20 and (day or match.group("mark")):
        return None  # not EDTF (a season has no day; edtf takes no mark on one): edtf says so
    low, high = int(year.replace("X", "0")), int(year.replace("X", "9"))
    if low < dt.MINYEAR:
        raise ValueError(f"{text!r} reaches outside the years 1 to 9999, which newsschema can hold")
    if month is None or month == "XX":
        return dt.date(low, 1, 1), dt.date(high, 12, 31)
    number = int(month)
    if number > 20:
        first, last = _SEASONS[number]
        return dt.date(low, first, 1), _last_day(low, last)
    if day is None or day == "XX":
        return dt.date(low, number, 1), _last_day(low, number)
    try:
        return (dt.date(low, number, int(day)),) * 2
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


_LONG_YEAR = re.compile(r"Y-?0*([0-9]+)(?:E([0-9]+))?", re.ASCII)
_QUIET = threading.Lock()


def _read_with_edtf(text: str) -> _Bounds:
    """The bounds of a date of EDTF level 2, by the edtf package.

    A year written with more than four digits, or with an exponent, cannot be one newsschema
    holds: refused before edtf builds the number (``Y1E99999999`` has a hundred million
    digits). edtf prints to standard output when it fails; that is kept from our output.
    """
    for match in _LONG_YEAR.finditer(text):
        digits, exponent = match.groups()
        if len(digits) > 4 or (exponent is not None and (len(exponent) > 1 or exponent > "3")):
            raise ValueError(
                f"{text!r} reaches outside the years 1 to 9999, which newsschema can hold"
            )
    try:
        with _QUIET, contextlib.redirect_stdout(io.StringIO()):
            import edtf  # level 2's rarer forms only: the package takes 50 ms to import

            parsed = edtf.parse_edtf(text)
            # An unknown (empty) end of an interval has no bound, not the package's guess.
            start, _, end = text.partition("/") if "/" in text else (text, "", text)
            lower = None if start in _OPEN_ENDS else parsed.lower_strict()
            upper = None if end in _OPEN_ENDS else parsed.upper_strict()
    except Exception as exc:  # the edtf package raises several unrelated types, bounds too
        raise ValueError(f"{text!r} is not an EDTF date") from exc
    earliest = None if lower is None else _day(lower, text)
    latest = None if upper is None else _day(upper, text)
    return earliest, latest


def _day(moment: object, text: str) -> dt.date | None:
    """Turn a bound into a date; an open bound (the edtf package gives infinity) is None."""
    if isinstance(moment, float) and math.isinf(moment):
        return None
    if not isinstance(moment, time.struct_time) or not dt.MINYEAR <= moment.tm_year <= dt.MAXYEAR:
        raise ValueError(f"{text!r} reaches outside the years 1 to 9999, which newsschema can hold")
    try:
        return dt.date(moment.tm_year, moment.tm_mon, moment.tm_mday)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


@attrs.frozen
class PartialDate:
    """A date known only in part, written in EDTF (Library of Congress, levels 0 to 2).

    ``PartialDate("2014-22")`` is summer 2014, ``"2015-12~"`` about December 2015,
    ``"2014-10-17/2015-12~"`` an interval. ``earliest`` and ``latest`` are the first and
    last days the date can mean (approximation marks do not widen them); an open or
    unknown end of an interval has None there.

    Raises:
        ValidationError: ``edtf`` is not a valid EDTF string, or reaches outside the
            years 1 to 9999.
    """

    edtf: str
    earliest: dt.date | None = attrs.field(init=False, eq=False, repr=False)
    latest: dt.date | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.edtf, str):
            raise ValidationError.single("", f"expected an EDTF string, got {describe(self.edtf)}")
        try:
            earliest, latest = _bounds(self.edtf)
        except ValueError as exc:
            raise ValidationError.single("", str(exc)) from None
        object.__setattr__(self, "earliest", earliest)
        object.__setattr__(self, "latest", latest)

    def __str__(self) -> str:
        return self.edtf


_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))",
    re.ASCII,
)
_LOOSE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
)


def parse_datetime(text: str) -> dt.datetime:
    """Parse an RFC 3339 timestamp that carries its UTC offset.

    The offset is kept as written (``+03:00`` stays ``+03:00``); ``Z`` means ``+00:00``.
    The form is strict, so that what is read is what is written back: an upper-case ``T``,
    at most six digits of fraction, an offset of whole hours below 24 and minutes below 60,
    and not ``-00:00`` (which RFC 3339 keeps for an unknown offset). The moment must lie in
    the years 1 to 9999 in UTC too, so that every format can hold it.

    Raises:
        ValueError: the text is not such a timestamp, or has no offset.
    """
    match = _RFC3339.fullmatch(text)
    if match is None:
        loose = _LOOSE.fullmatch(text)
        if loose is not None and loose.group(2) is None:
            raise ValueError(f"{text!r} has no UTC offset (add one, such as +03:00 or Z)")
        if loose is not None:
            raise ValueError(
                f"{text!r} is not in the strict form newsschema reads and writes: an upper-case "
                "T between date and time, Z or an offset such as +03:00, at most six digits "
                "of fraction (2021-12-09T10:30:00+03:00)"
            )
        raise ValueError(f"{text!r} is not an RFC 3339 timestamp such as 2021-12-09T10:30:00+03:00")
    year, month, day, hour, minute, second, fraction, zulu, sign, oh, om = match.groups()
    zone = _UTC if zulu else _zone(sign, oh, om)
    if isinstance(zone, str):
        raise ValueError(f"{text!r} {zone}")
    try:
        moment = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=zone,
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real moment: {exc}") from None
    if year in ("0001", "9999"):  # only there can a UTC offset take a moment out of range
        problem = moment_range_problem(moment)
        if problem is not None:
            raise ValueError(problem)
    return moment


_UTC = dt.timezone.utc


@functools.lru_cache(maxsize=256)
def _zone(sign: str, hours: str, minutes: str) -> dt.timezone | str:
    """The time zone of a UTC offset as written, or what is wrong with it."""
    if int(hours) >= 24 or int(minutes) >= 60:
        return f"has a UTC offset that is not a time of day ({sign}{hours}:{minutes})"
    if sign == "-" and hours == minutes == "00":
        return (
            "has the offset -00:00, which RFC 3339 keeps for an unknown offset: "
            "give the offset, or Z for UTC"
        )
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return dt.timezone(-offset if sign == "-" else offset)


def moment_range_problem(moment: dt.datetime) -> str | None:
    """Say so when a moment lies outside the years 1 to 9999 in UTC (which nothing can hold)."""
    try:
        moment.astimezone(dt.timezone.utc)
    except OverflowError:
        return (
            f"{moment.isoformat()} lies outside the years 1 to 9999 in UTC, "
            "which not every format can hold"
        )
    return None


def format_datetime(moment: dt.datetime) -> str:
    """Write a timezone-aware datetime as RFC 3339, keeping its UTC offset.

    Seconds are always written; microseconds only when they are not zero.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} has no UTC offset")
    if offset % dt.timedelta(minutes=1):
        raise ValueError(f"{moment!r} has a UTC offset that is not whole minutes")
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def format_published(value: dt.datetime | PartialDate) -> str:
    """Write a publication date: a moment as RFC 3339, a day, month or year as itself."""
    return format_datetime(value) if isinstance(value, dt.datetime) else value.edtf


REDUCED_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", re.ASCII)
"""A calendar date of reduced precision: a year, a month or a day (ISO 8601 and EDTF level 0)."""

_OFFSET = r"(Z|z|[+-]\d{2}(?::?\d{2})?)"
_ISO_LIKE = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?"
    rf"\s*{_OFFSET}?\s*(?:\[([A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)*)\]|([A-Za-z_]+/[A-Za-z_/]+|[A-Z]{{2,5}}))?",
    re.ASCII,
)


def foreign_moment(text: str) -> tuple[str | None, str | None]:
    """Read a date from publishers' markup: (the canonical form or None, a note or None).

    Strict RFC 3339 and a bare day, month or year are kept as they are. Other ISO 8601
    forms (``+0100``, the basic format, no seconds, a named zone) are normalised, with a
    note that shows the result; a time without any offset keeps only its day.
    """
    value = text.strip()
    try:
        parse_datetime(value)
        if value[10] == "T":
            return value, None
    except (ValueError, IndexError):
        pass
    if REDUCED_DATE.fullmatch(value):
        return value, None
    match = _ISO_LIKE.fullmatch(value)
    moment: dt.datetime | None = None
    if match is not None:
        year, month, day, hour, minute, second, fraction, offset, zone, named = match.groups()
        try:
            naive = dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second or 0),
                int((fraction or "0")[:6].ljust(6, "0")),
            )
        except ValueError:
            return None, f"{text!r} is not a real moment: not kept"
        zone_name = zone or named
        if offset:
            fixed = _fixed(offset)
            if fixed is None:
                return None, f"{text!r} has a UTC offset that is not a time of day: not kept"
            moment = naive.replace(tzinfo=fixed)
        elif zone_name in _AMBIGUOUS:
            return _day_only(
                naive, f"{text!r} names {zone_name}, which stands for several time zones"
            )
        elif zone_name in _ABBREVIATIONS:
            moment = naive.replace(tzinfo=_fixed(_ABBREVIATIONS[zone_name]))
        elif zone_name:
            moment = _in_zone(naive, zone_name)
            if moment is None:
                return _day_only(naive, f"{text!r} names a time zone newsschema does not know")
        else:
            return _day_only(naive, f"{text!r} has no UTC offset")
    else:
        abbreviation = value.rsplit(None, 1)[-1] if " " in value else ""
        if abbreviation in _AMBIGUOUS:
            value = value[: -len(abbreviation)].rstrip()  # then it has no offset: its day
        elif abbreviation in _ABBREVIATIONS:
            value = value[: -len(abbreviation)] + _ABBREVIATIONS[abbreviation].replace(":", "")
        written_offset = _MAIL_OFFSET.search(value)
        if written_offset is not None and _fixed(written_offset.group(1)) is None:
            return None, f"{text!r} has a UTC offset that is not a time of day: not kept"
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None, f"{text!r} is not a date: not kept"
        if moment.tzinfo is None:
            if abbreviation in _AMBIGUOUS:
                why = f"{text!r} names {abbreviation}, which stands for several time zones"
                return _day_only(moment, why)
            return _day_only(moment, f"{text!r} has no UTC offset")
    try:
        written = format_datetime(moment)
    except ValueError:
        return None, f"{text!r} has an offset that is not whole minutes: not kept"
    return written, f"{text!r} is read as {written}"


def _fixed(offset: str) -> dt.timezone | None:
    """The time zone of an offset as written (``Z``, ``+03``, ``+0300``, ``+03:00``).

    None for one that is not a time of day (``+24:00``, ``+9900``, ``+05:99``): no offset
    is invented from it.
    """
    if offset in ("Z", "z"):
        return dt.timezone.utc
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours >= 24 or minutes >= 60:
        return None
    total = hours * 60 + minutes
    return dt.timezone(dt.timedelta(minutes=-total if offset[0] == "-" else total))


_MAIL_OFFSET = re.compile(r"\s([+-]\d{4})$")
"""The numeric offset that ends an e-mail style date (``Fri, 01 Jan 2021 10:00:00 +0300``)."""


def _day_only(moment: dt.datetime, why: str) -> tuple[str, str]:
    """A moment's day alone, and the note that says why its time is not kept."""
    day = moment.date().isoformat()
    return day, f"{why}: only its day, {day}, is kept"


_ABBREVIATIONS = {
    "UTC": "+00:00", "GMT": "+00:00", "UT": "+00:00", "Z": "+00:00", "WET": "+00:00",
    "WEST": "+01:00", "CET": "+01:00", "CEST": "+02:00", "MEZ": "+01:00", "MESZ": "+02:00",
    "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "TRT": "+03:00", "SAST": "+02:00",
    "WAT": "+01:00", "CAT": "+02:00", "EAT": "+03:00", "PKT": "+05:00", "NPT": "+05:45",
    "ICT": "+07:00", "WIB": "+07:00", "HKT": "+08:00", "SGT": "+08:00", "MYT": "+08:00",
    "PHT": "+08:00", "AWST": "+08:00", "JST": "+09:00", "KST": "+09:00", "ACST": "+09:30",
    "AEST": "+10:00", "AEDT": "+11:00", "NZST": "+12:00", "NZDT": "+13:00",
    "EST": "-05:00", "EDT": "-04:00", "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00",
    "PST": "-08:00", "PDT": "-07:00", "AKST": "-09:00", "AKDT": "-08:00", "HST": "-10:00",
    "ADT": "-03:00", "NST": "-03:30", "NDT": "-02:30", "ART": "-03:00", "BRT": "-03:00",
    "CLT": "-04:00", "COT": "-05:00", "PET": "-05:00", "VET": "-04:00",
}  # fmt: skip
"""Time-zone abbreviations that name one UTC offset wherever they are used."""
_AMBIGUOUS = frozenset({"IST", "CST", "AST", "BST", "GST", "SST", "ECT", "CCT"})
"""Abbreviations that stand for several offsets (IST: India, Ireland, Israel; CST: the
United States, China, Cuba; ...): a time given in one keeps only its day."""


def _in_zone(naive: dt.datetime, name: str) -> dt.datetime | None:
    if name in ("UTC", "GMT"):
        return naive.replace(tzinfo=dt.timezone.utc)
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    offset = naive.replace(tzinfo=zone).utcoffset()
    return None if offset is None else naive.replace(tzinfo=dt.timezone(offset))
