"""The figures a text cites: value, range, qualifier, unit as written, and their span.

Read by rules and a table per language (:mod:`~newsschema.annotate.languages`), in one pass
over each paragraph (time linear in the text). A figure's span covers its qualifier, its
number and its unit, as the seed fixture's do (``أكثر من 80 دولة``). Dates, times, years,
ordinals, identifiers (``A380``, ``COVID-19``) and numbers beside a month are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from newsschema.annotate.languages import TABLES, Table, words
from newsschema.model import Qualifier

__all__ = ["Found", "figures"]

Number = int | float


@attrs.frozen
class Found:
    """A figure found in a paragraph.

    Attributes:
        value: the number (the low end of a range).
        value_max: the high end of a range, or None.
        qualifier: how exact it is, as the text says.
        unit: what is counted, as written (``%``, ``$``, ``دولار``, ``people``), or None.
        paragraph: the paragraph's index.
        start: where the span starts, in code points.
        end: where it ends.
        rule: which rule found it (``digits``, ``words``, ``range``, ...).
    """

    value: Number
    value_max: Number | None
    qualifier: Qualifier
    unit: str | None
    paragraph: int
    start: int
    end: int
    rule: str


_UNITS = "GB|MB|TB|kg|km|cm|mm|ml|kHz|MHz|GHz|kW|MW|GW|W|mph|hp|ppb|ppm|degF|degC|p|l"
"""Units written joined to their number (``278kg``, ``164p`` in pence, ``1.0l``)."""
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_D = f"[{_DIGITS}]"
_BODY = (
    rf"(?P<sign>(?<![{_DIGITS}])[-+\u2212](?=[{_DIGITS}]))?"
    rf"(?P<whole>{_D}{{1,3}}(?:\.{_D}{{3}}){{2,}}|{_D}+(?:[,\u066c]{_D}{{3}})*|(?=\.{_D}))"
    rf"(?P<fraction>[.\u066b]{_D}+|,{_D}{{1,2}}(?!{_D}))?"
    rf"(?P<scale>(?!(?:{_UNITS})(?![A-Za-z]))(?:bn|tn|trn|b|k|m|M)(?!\.\w))?"
    rf"(?P<unit>{_UNITS})?"
    rf"(?![\w\u066b\u066c]|[.,/:]{_D})"
)
_NUMBER = re.compile(
    rf"(?=[-+\u2212.{_DIGITS}])"  # at a digit, a sign or a point only: the rest is slower
    r"(?:(?<![\w.,\u066b\u066c/:+-])|(?<=\b[A-Z]\$)|(?<=\b[A-Z]{2}\$)|(?<=\$US)|(?<=\$A)"
    r"|(?<=\bRM)|(?<=\bRs)|(?<=\bINR)|(?<=\s\.)(?=\d))" + _BODY
)
"""A number written in digits (Western, Arabic-Indic or Persian), signed or not, with its
separators (``1,000``, ``665.932.983``; a decimal point, or a decimal comma before one or two
digits, ``3,4``), an attached scale (``5bn``) or unit (``278kg``); not part of a word, an
identifier, a date or a time; a currency's letters may stand joined before it (``RM23.50``,
``$US55``, ``INR1``)."""
_NUMBER_AT = re.compile(_BODY)
"""A number where one is expected (a range's high end, ``5-10``), whatever stands before it."""
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u066b\u2212", "01234567890123456789.-", "\u066c")
_SCALES = {
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "M": 1_000_000,
}
_ATTACHED = re.compile(rf"(?<=[\dkmMb])(?:{_UNITS})$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[%٪$€£¥]")
_YEAR_BEFORE = words(
    "in since of by until till from during early late mid the year before after circa between "
    "عام العام سنة منذ لعام بعام في"
)
_PREFIXES = ("و", "ب", "ل", "ف")
_NAMED_AFTER = re.compile(
    r" (?:[A-Z][a-z]+|[NSEW]\.? \d+(?:st|nd|rd|th)) (?:[A-Z][a-z]+|St|Ave|Rd)\b"
)


def figures(paragraphs: Sequence[str], language: str) -> list[Found]:
    """The figures of an article's paragraphs, in order; none for a language with no table."""
    table = TABLES.get(language.split("-")[0].lower())
    if table is None:
        return []
    found: list[Found] = []
    for number, paragraph in enumerate(paragraphs):
        found.extend(_in_paragraph(paragraph, number, table))
    return found


def _in_paragraph(text: str, paragraph: int, table: Table) -> Iterator[Found]:
    lowered = text.lower()
    taken_until = 0
    counts = list(_words_of(table, "counts").finditer(lowered))
    candidates = sorted(  # at the same place, a share (one in three) before its words
        [*_shares(lowered, counts, table), *_numbers(text, table), *_count_words(counts, table)],
        key=lambda item: item[0],
    )
    for start, end, value, rule in candidates:
        if start < taken_until:
            continue  # the high end of a range already read
        if rule == "share":
            made: Found | None = _share_of(text, lowered, paragraph, start, end, value, table)
        else:
            made = _figure(text, lowered, paragraph, start, end, value, rule, table)
        if made is not None:
            taken_until = made.end
            yield made


def _numbers(text: str, table: Table) -> Iterator[tuple[int, int, Number, str]]:
    for match in _NUMBER.finditer(text):
        yield match.start(), match.end(), _value(match, table), "digits"


def _value(match: re.Match[str], table: Table) -> Number:
    """The number a match of :data:`_NUMBER` writes, as the language writes numbers."""
    whole = match.group("whole").translate(_TO_ASCII) or "0"  # .001
    whole = whole.replace(",", "").replace(".", "")  # separators of thousands
    fraction = (match.group("fraction") or "").translate(_TO_ASCII)
    if table.decimal_comma and len(fraction) == 4 and fraction.startswith("."):
        whole, fraction = whole + fraction[1:], ""  # 3.904: three thousand nine hundred
    fraction = fraction.replace(",", ".")
    sign = "-" if (match.group("sign") or "").translate(_TO_ASCII) == "-" else ""
    value: Number = float(sign + whole + fraction) if fraction else int(sign + whole)
    scale = match.group("scale")
    return value if scale is None else _scaled(value, _SCALES[scale])


def _count_words(
    counts: list[re.Match[str]], table: Table
) -> Iterator[tuple[int, int, Number, str]]:
    for match in counts:
        yield match.start(), match.end(), table.counts[match.group()], "words"


def _shares(
    lowered: str, counts: list[re.Match[str]], table: Table
) -> Iterator[tuple[int, int, Number, str]]:
    """Shares in words: ``a third of``, ``two-thirds of``, ``one in three``, ``ثلث``.

    ``counts``: where the paragraph (``lowered``) has the table's number words.
    """
    if not table.fractions and not table.one_in:
        return
    for match in _FRACTION.finditer(lowered):  # 1/16 of a pint (not 1/16 alone: a date)
        part, whole = int(match.group(1)), int(match.group(2))
        if 0 < part < whole:
            yield match.start(), match.end(2), part / whole, "share"
    if table.fractions:
        for match in _words_of(table, "fractions").finditer(lowered):
            if not _ORDINAL_BEFORE.search(lowered, max(0, match.start() - 8), match.start()):
                yield match.start(), match.end(), table.fractions[match["word"]], "share"
    if not table.one_in:
        return
    one_in = _one_in(table)
    for match in counts:
        of = one_in.match(lowered, match.end(), match.end() + 24)
        if of is None:
            continue
        low, high = table.counts[match.group()], table.counts.get(of.group(1), 0.0)
        if of.group(1).isdigit():
            high = int(of.group(1))
        if 0 < low < high:
            yield match.start(), of.end(), low / high, "share"


def _one_in(table: Table) -> re.Pattern[str]:
    """The words after a number word that make a share of it (`` in three``), built once."""
    made = _WORDS_OF.get((id(table), "one_in"))
    if made is None:
        joiners = "|".join(re.escape(joiner) for joiner in table.one_in)
        made = _WORDS_OF[id(table), "one_in"] = re.compile(rf" (?:{joiners}) (\w+)\b")
    return made


_WORDS_OF: dict[tuple[int, str], re.Pattern[str]] = {}


def _words_of(table: Table, field: str) -> re.Pattern[str]:
    """A table's number words (``counts``) or share words (``fractions``) as whole words.

    An Arabic share word may carry its prefix (``وثلث``). Built once a table.
    """
    made = _WORDS_OF.get((id(table), field))
    if made is None:
        alternatives = "|".join(
            re.escape(word) for word in sorted(getattr(table, field), key=len, reverse=True)
        )
        prefix = f"[{''.join(_PREFIXES)}]?" if field == "fractions" else ""
        made = _WORDS_OF[id(table), field] = re.compile(
            rf"(?<![^\W\d_])(?<![^\W\d_][-'’]){prefix}(?P<word>{alternatives})"
            rf"(?![^\W\d_]|[-'’][^\W\d_])"
        )
    return made


def _share_of(
    text: str, lowered: str, paragraph: int, start: int, end: int, value: Number, table: Table
) -> Found | None:
    """A share in words, counting what follows it (``a third of those screened``)."""
    after = list(_words_after(lowered, end, 4))
    words_after = [word for word, _, _ in after]
    if words_after[:1] == ["of"] or (words_after and words_after[0] not in table.stops):
        nouns = after[1:] if words_after[:1] == ["of"] else after
        nouns = [w for w in nouns if w[0] not in ("the", "a", "an", "its", "their", "his", "her")]
        kept = nouns[:2] if nouns and nouns[0][0] in table.stops else nouns[:1]  # those screened
        kept = kept if kept and _is_unit(kept[-1][0], table) else []
        unit = text[kept[0][1] : kept[-1][2]] if kept else None
        qualifier, start = _qualifier(lowered, start, table)
        end = kept[-1][2] if kept else end
        return Found(
            value, None, qualifier or Qualifier.EXACT, unit, paragraph, start, end, "share"
        )
    return None


def _figure(
    text: str,
    lowered: str,
    paragraph: int,
    start: int,
    end: int,
    value: Number,
    rule: str,
    table: Table,
) -> Found | None:
    before = _words_before(lowered, start, 3)
    after_words = list(_words_after(lowered, end, 3))
    after = [word for word, _, _ in after_words]
    previous = _bare(before[-1]) if before else ""
    if previous in table.months or _month_follows(after, table):
        return None  # a date
    if previous in table.before_not or (after and after[0] in table.after_not):
        return None
    if rule == "digits" and _is_year(text, start, end, value, previous, after, table):
        return None
    if rule == "words" and text[start].isupper() and not _opens(text, start):
        return None  # the Kick Six, the Big Ten: a name
    score = _SCORE.match(text, end)
    if score is not None and int(score.group(1)) <= value:
        return None  # 2-1, 3-0: a score, not a range
    measured = _share(lowered, end, table) is not None or bool(after and after[0] in table.scales)
    if rule == "digits" and table.nouns_follow and not measured and _is_name(text, start, table):
        return None  # S&P 500, iPhone 12, Stoxx 50, ISO 3888: a name's number
    if (
        rule == "digits"
        and isinstance(value, int)
        and table.nouns_follow
        and _NAMED_AFTER.match(text, end)
    ):
        return None  # 575 Wilbraham Road, 49 Zorro Ranch Road: an address, not a count
    # What follows the number: a scale word, a share, a currency word or a counted noun.
    cursor = end
    unit: str | None = None
    scaled = bool(
        after_words
        and after_words[0][0] in table.scales
        and not _ABBREVIATED.match(text, after_words[0][2])  # 80 m.p.h.: no million
    )
    if scaled:
        value = _scaled(value, table.scales[after_words[0][0]])
        cursor = after_words[0][2]
        after_words = list(_words_after(lowered, cursor, 3))
        after = [word for word, _, _ in after_words]
    elif (
        rule == "words"
        and _share(lowered, cursor, table) is None
        and (not after or after[0] in table.stops or after[0] in table.counts)
    ):
        return None  # "one of", "two and": not counting anything by itself
    share = _share(lowered, cursor, table)
    currency = _currency(text, start, table)
    attached = _ATTACHED.search(text, start, end) if rule == "digits" else None
    if share is not None:
        unit, cursor = share
    elif attached is not None:
        unit = attached.group()
    elif currency is not None:
        unit = table.currencies[currency[0]]
        start = currency[1]
    elif after_words and _is_unit(after_words[0][0], table):
        last = int(
            text[end : end + 1] != "-"  # a 2.4-liter engine: the one word joined
            and len(after_words) > 1
            and (after_words[1][0] in table.unit_more or table.nouns_follow)
            and _is_unit(after_words[1][0], table)
            and not (table.nouns_follow and after_words[1][0].endswith("ed"))  # people killed
            and text[after_words[0][2] : after_words[1][1]] == " "
        )
        cursor = after_words[last][2]
        dotted = _DOTTED.match(text, after_words[0][2]) if not last else None
        if dotted is not None:  # 80 m.p.h.: the abbreviation whole
            cursor = dotted.end()
        unit = text[after_words[0][1] : cursor]
    elif rule == "words" and not scaled:
        return None
    qualifier, start = _qualifier(lowered, start, table)
    opened = _between(lowered, start, table)
    value_max, cursor, scale, noun = _range_end(
        text, lowered, cursor, table, opened is not None, unit
    )
    if value_max is not None and scale > 1 and not scaled and value * scale <= value_max:
        value = _scaled(value, scale)  # 1 to 2 thousand: a thousand for both
    if value_max is not None and unit is None and noun is not None:
        unit = text[noun[0] : noun[1]]  # 1 to 2 thousand people
        cursor = noun[1]
    if value_max is not None and value_max > value:
        qualifier, rule = Qualifier.RANGE, "range"
        start = opened if opened is not None else start
    else:
        value_max = None
        qualifier = qualifier or Qualifier.EXACT
    return Found(value, value_max, qualifier, unit, paragraph, start, cursor, rule)


_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,3})[/\u2044](\d{1,4}) of\b")
_ORDINAL_BEFORE = re.compile(r"(?:first|second|third|fourth|last|next|this|fiscal) $")
"""The first quarter, this half: a part of a year, not a share."""
_ABBREVIATED = re.compile(r"\.\w")
_DOTTED = re.compile(r"(?:\.\w)+\.?")

_TO_MONTH = words("of the من شهر")
"""Words between a day and its month: "15 of March", "15 من شهر يونيو"."""


def _month_follows(after: list[str], table: Table) -> bool:
    """Whether a month follows a number, straight or through :data:`_TO_MONTH`'s words."""
    for word in after[:3]:
        if word in table.months:
            return True
        if word not in _TO_MONTH:
            return False
    return False


_SCORE = re.compile(r"[-–](\d{1,3})(?!\d)")
_NAME = re.compile(r"(?:^|\s)([A-Z][\w&.-]*|\w*[a-z][A-Z]\w*|\w*&\w*) $")


def _is_name(text: str, start: int, table: Table) -> bool:
    """Whether a number follows a capitalised word, as a name's number does (``Model 3``).

    A word that opens the sentence is no name (``About 35``, ``Over 60``).
    """
    found = _NAME.search(text, max(0, start - 40), start)
    if found is None:
        return False
    word = found.group(1).lower()
    head = text[max(0, found.start(1) - 8) : found.start(1)].rstrip()  # a window: linear
    opens = found.start(1) == 0 or head[-1:] in ".!?;\"“”'" or (not head and found.start(1) < 8)
    known = any(phrase.split()[-1] == word for phrase, _ in table.qualifiers)
    return not opens and not known and word not in table.stops and word not in table.months


def _opens(text: str, start: int) -> bool:
    """Whether a word at ``start`` opens its sentence (or a heading, or a quotation)."""
    head = text[max(0, start - 8) : start].rstrip()
    return not head or head[-1] in ".!?:;\"“”'(—–-"


def _scaled(value: Number, scale: int) -> Number:
    scaled = value * scale
    return int(scaled) if isinstance(scaled, float) and scaled.is_integer() else scaled


def _bare(word: str) -> str:
    """A word without an Arabic prefix (و، ب، ل، ف), when it has one."""
    if len(word) > 3 and word.startswith(_PREFIXES) and not word.isascii():
        return word[1:]
    return word


def _words_before(lowered: str, start: int, count: int) -> list[str]:
    head = lowered[max(0, start - 60) : start]
    return [match.group() for match in _WORD.finditer(head)][-count:]


def _words_after(lowered: str, end: int, count: int) -> Iterator[tuple[str, int, int]]:
    words = _WORD.finditer(lowered, end, min(len(lowered), end + 80))
    for found, match in enumerate(words, start=1):
        if found == 1 and lowered[end : match.start()].strip(" \u00a0-–"):
            return  # punctuation between: no word belongs to the number
        yield match.group(), match.start(), match.end()
        if found == count:
            return


def _is_year(
    text: str, start: int, end: int, value: Number, previous: str, after: list[str], table: Table
) -> bool:
    """A year, not a figure: four digits from 1800 to 2100 where a year is said."""
    said = previous in _YEAR_BEFORE
    spanned = said and after[:1] in (["and"], ["to"])  # between 1600 and 1900
    if not isinstance(value, int) or end - start != 4:
        return False
    if not (1000 if spanned else 1800) <= value <= (2200 if said else 2100):
        return False
    if start > 0 and text[start - 1] in "$£€":
        return False
    if value >= 1900 and table.thousands_marked:  # a count would be written 2,100
        return not after or after[0] not in ("%", "per", "percent", "في")
    return said or not after or after[0] in ("and", "و", "to")


def _share(lowered: str, end: int, table: Table) -> tuple[str, int] | None:
    rest = lowered[end : end + 24]
    stripped = rest.lstrip(" \u00a0")
    for word in table.percents:
        if stripped.startswith(word):
            cut = end + (len(rest) - len(stripped)) + len(word)
            unit = "%" if word in ("%", "٪") or not word.isascii() else word.replace(" ", "")
            return ("percent" if unit == "percent" else unit), cut
    return None


def _currency(text: str, start: int, table: Table) -> tuple[str, int] | None:
    for symbol in sorted(table.currencies, key=len, reverse=True):
        at = start - len(symbol)
        if at >= 0 and text[at:start] == symbol:
            return symbol, at
        spaced = at - 1
        if spaced >= 0 and text[spaced:start] == symbol + " ":
            return symbol, spaced
    return None


def _is_unit(word: str, table: Table) -> bool:
    return word not in table.stops and word not in table.after_not and word not in table.counts


def _qualifier(lowered: str, start: int, table: Table) -> tuple[Qualifier | None, int]:
    head_start = max(0, start - 30)
    head = lowered[head_start:start].rstrip(" \u00a0")
    found = _qualifiers(table).search(head)
    if found is None:
        return None, start
    return _QUALIFIED[found.group("phrase")], head_start + found.start("phrase")


_QUALIFIERS: dict[int, re.Pattern[str]] = {}
_QUALIFIED: dict[str, Qualifier] = {}  # every table's phrases: what each says


def _qualifiers(table: Table) -> re.Pattern[str]:
    """A table's qualifiers ending a text (an Arabic one may carry a prefix), built once."""
    made = _QUALIFIERS.get(id(table))
    if made is None:
        phrases = "|".join(re.escape(phrase) for phrase, _ in table.qualifiers)  # longest first
        prefixes = "".join(_PREFIXES)
        _QUALIFIED.update(table.qualifiers)
        made = _QUALIFIERS[id(table)] = re.compile(
            rf"(?<!\w)(?:(?<![^\W\d_])[{prefixes}](?=[^\x00-\x7f]))?(?P<phrase>{phrases})$"
        )
    return made


def _range_end(
    text: str, lowered: str, end: int, table: Table, between: bool, unit: str | None
) -> tuple[Number | None, int, int, tuple[int, int] | None]:
    """The high end of a range that follows, where it ends, its scale, and a noun after it.

    ``to 287``, ``-20``, ``إلى 30``; after ``between``, ``and 30``; ``from $200 to $4
    million``. A second number of another unit (``22,82% إلى 615,72 نقطة``: a share, then
    points) is no range's end. The noun is where the counted noun after it stands.
    """
    none: tuple[None, int, int, None] = (None, end, 1, None)
    rest = lowered[end : end + 40]
    match = re.match(r"\s*(to|-|–|—|إلى|الى|and|و)\s*(?:up to\s*)?", rest)
    if match is None:
        return none
    joiner = match.group(1)
    if joiner == table.between[1] and not between:
        return none
    if joiner not in table.ranges and joiner != table.between[1]:
        return none
    at = end + match.end()
    symbol = next(
        (c for c in sorted(table.currencies, key=len, reverse=True) if text.startswith(c, at)),
        None,
    )
    if symbol is not None:  # from $200 to $4 million: the same currency, again
        if unit != table.currencies[symbol]:
            return none
        at += len(symbol)
    number = _NUMBER_AT.match(text, at)
    if number is None:
        return none
    value = _value(number, table)
    cursor = number.end()
    if unit is None and number.group("unit"):  # 5-10W: the unit joined to the high end
        return value, cursor, 1, (number.start("unit"), cursor)
    scale = 1
    following = list(_words_after(lowered, cursor, 1))
    if following and following[0][0] in table.scales:
        scale = table.scales[following[0][0]]
        value = _scaled(value, scale)
        cursor = following[0][2]
    share = _share(lowered, cursor, table)
    noun = None
    if share is not None:
        cursor = share[1]
    elif unit in ("%", "percent"):
        return none  # a share, then a number of something else
    else:
        after = list(_words_after(lowered, cursor, 1))
        other = bool(after) and _is_unit(after[0][0], table)
        if unit is not None and other and not after[0][0].startswith(unit.lower()[:4]):
            return none  # another unit
        if unit is None and other:
            noun = (after[0][1], after[0][2])
    return value, cursor, scale, noun


def _between(lowered: str, start: int, table: Table) -> int | None:
    """Where ``between`` starts, when it opens a range at ``start``."""
    head = lowered[max(0, start - 12) : start].rstrip()
    opener = table.between[0]
    if not head.endswith(opener):
        return None
    return max(0, start - 12) + len(head) - len(opener)
