"""What finding figures needs to know of a language: a table each, nothing else.

A new language is a new :class:`Table` (and its tests): the finder reads only these. Words
are lower-cased English or Arabic as written; a qualifier or an ignored word may carry the
Arabic prefixes و and ب (the finder tries the word without them).
"""

from __future__ import annotations

import attrs

from newsschema.model import Qualifier

__all__ = ["TABLES", "Table", "words"]


def _longest_first(
    phrases: tuple[tuple[str, Qualifier], ...],
) -> tuple[tuple[str, Qualifier], ...]:
    """Qualifiers tried longest first: ``just over`` before ``over``."""
    return tuple(sorted(phrases, key=lambda item: -len(item[0])))


def _as_units(symbols: tuple[str, ...] | dict[str, str]) -> dict[str, str]:
    return symbols if isinstance(symbols, dict) else {symbol: symbol for symbol in symbols}


def words(text: str, between: str | None = None) -> frozenset[str]:
    """The words of a text, split at white space: a table's sets are written so.

    ``between``: what parts phrases of several words instead (``"called for; focus on"``).
    """
    return frozenset(part.strip() for part in text.split(between)) - {""}


@attrs.frozen
class Table:
    """A language's words for figures.

    Attributes:
        qualifiers: the words before a number that say how exact it is, longest first.
        scales: scale words after a number (``million``, ``مليون``) and what they multiply.
        counts: number words that are numbers by themselves (``two``, ``ألفان``).
        percents: the words after a number that make it a share (``per cent``, ``في المائة``).
        currencies: symbols before a number (``$``, ``US$``, ``RM``), each with the unit it
            gives (``$US`` and ``HK $`` are ``US$`` and ``HK$``); a tuple: each its own.
        months: month names: a number beside one is a date, not a figure.
        before_not: words before a number that make it no figure (``عام`` 2015, ``No.`` 5).
        after_not: words after a number that make it no figure (``pm``, ``هـ``).
        stops: words that are never a unit (articles, prepositions, verbs of being).
        ranges: the words between two numbers that make a range (``to``, ``إلى``).
        between: the words that open a range (``between``, ``بين``) and join it (``and``).
        unit_more: words that go on a unit after it (``كيلومتر مربع``, ``فرنك سويسري``).
        nouns_follow: whether adjectives come before the counted noun (English: ``517
            rushing yards``), so that a unit is read as two words where the second is one.
        thousands_marked: whether counts of thousands are written with a separator
            (English ``2,100 trucks``), so that four bare digits from 1900 are a year.
        decimal_comma: whether a comma marks decimals (``22,82%``) and a point thousands
            (``3.904`` is 3,904), as Arabic news most often writes them.
        fractions: words that are a share of what follows ``of`` (``a third of``, ``ثلث``).
        one_in: the words of ``one in three``, ``one out of five``: a share too.
    """

    qualifiers: tuple[tuple[str, Qualifier], ...] = attrs.field(converter=_longest_first)
    scales: dict[str, int]
    counts: dict[str, float]
    percents: tuple[str, ...]
    currencies: dict[str, str] = attrs.field(converter=_as_units)
    months: frozenset[str]
    before_not: frozenset[str]
    after_not: frozenset[str]
    stops: frozenset[str]
    ranges: frozenset[str]
    between: tuple[str, str]
    unit_more: frozenset[str] = frozenset()
    nouns_follow: bool = False
    thousands_marked: bool = False
    decimal_comma: bool = False
    fractions: dict[str, float] = attrs.field(factory=dict)
    one_in: tuple[str, ...] = ()


_MORE, _LESS = Qualifier.MORE_THAN, Qualifier.LESS_THAN
_ABOUT, _LEAST, _MOST = Qualifier.APPROXIMATELY, Qualifier.AT_LEAST, Qualifier.AT_MOST

ENGLISH = Table(
    qualifiers=(
        ("more than", _MORE),
        ("over", _MORE),
        ("above", _MORE),
        ("upwards of", _MORE),
        ("in excess of", _MORE),
        ("less than", _LESS),
        ("fewer than", _LESS),
        ("under", _LESS),
        ("below", _LESS),
        ("at least", _LEAST),
        ("no fewer than", _LEAST),
        ("no less than", _LEAST),
        ("at most", _MOST),
        ("up to", _MOST),
        ("no more than", _MOST),
        ("about", _ABOUT),
        ("around", _ABOUT),
        ("approximately", _ABOUT),
        ("roughly", _ABOUT),
        ("nearly", _ABOUT),
        ("almost", _ABOUT),
        ("some", _ABOUT),
        ("an estimated", _ABOUT),
        ("estimated", _ABOUT),
        ("close to", _ABOUT),
        ("just over", _MORE),
        ("just under", _LESS),
    ),
    scales={
        "thousand": 1_000,
        "million": 1_000_000,
        "billion": 1_000_000_000,
        "trillion": 1_000_000_000_000,
        "hundred": 100,
        "bn": 1_000_000_000,
        "m": 1_000_000,
        "k": 1_000,
    },
    counts={
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
        "thousand": 1_000,
        "million": 1_000_000,
        "billion": 1_000_000_000,
    },
    percents=("per cent", "percent", "%", "percentage points"),
    currencies={
        **{s: s for s in ("US$", "$", "£", "€", "¥", "₹", "A$", "AU$", "NZ$", "HK$", "C$")},
        **{s: s for s in ("S$", "R$", "RM", "Rs", "Rs.", "INR")},
        "HK $": "HK$",
        "$US": "US$",
        "$A": "A$",
    },
    months=words(
        "apr april aug august dec december feb february jan january jul july jun june mar "
        "march may nov november oct october sep sept september"
    ),
    before_not=words(
        "# amendment article channel chapter covid day grade level no no. number page "
        "round route rule season section top version week"
    ),
    after_not=words("a.m. am bst edt est gmt nd p.m. pm pst rd st th utc"),
    stops=words(
        "a according after also an and are as at be been before but by for from had has "
        "have her here his if in into is it its just less more of on only or per said say "
        "says since so than that the their then there these this those to was were when "
        "where which while who will with would came come comes went go goes could can may "
        "might must should did do does got get gets took take takes made make makes left "
        "remain remains stayed live lives lived died die dies"
    ),
    ranges=frozenset(["-", "to", "–", "—"]),
    between=("between", "and"),
    unit_more=frozenset(),
    fractions={
        "half": 1 / 2,
        "one-half": 1 / 2,
        "third": 1 / 3,
        "one-third": 1 / 3,
        "two-thirds": 2 / 3,
        "quarter": 1 / 4,
        "one-quarter": 1 / 4,
        "three-quarters": 3 / 4,
        "fifth": 1 / 5,
        "one-fifth": 1 / 5,
        "two-fifths": 2 / 5,
    },
    one_in=("in", "out of"),
    nouns_follow=True,
    thousands_marked=True,
)

ARABIC = Table(
    qualifiers=(
        ("ما يزيد على", _MORE),
        ("ما يزيد عن", _MORE),
        ("أكثر من", _MORE),
        ("اكثر من", _MORE),
        ("أزيد من", _MORE),
        ("ما يفوق", _MORE),
        ("يزيد على", _MORE),
        ("يزيد عن", _MORE),
        ("أقل من", _LESS),
        ("اقل من", _LESS),
        ("ما دون", _LESS),
        ("ما لا يقل عن", _LEAST),
        ("لا يقل عن", _LEAST),
        ("على الأقل", _LEAST),
        ("ما لا يزيد على", _MOST),
        ("ما لا يزيد عن", _MOST),
        ("لا يزيد على", _MOST),
        ("لا يزيد عن", _MOST),
        ("حتى", _MOST),
        ("بحد أقصى", _MOST),
        ("ما يقارب", _ABOUT),
        ("ما يقرب من", _ABOUT),
        ("يقارب", _ABOUT),
        ("نحو", _ABOUT),
        ("حوالي", _ABOUT),
        ("حوالى", _ABOUT),
        ("قرابة", _ABOUT),
        ("زهاء", _ABOUT),
        ("تقريبا", _ABOUT),
        ("قرابه", _ABOUT),
    ),
    scales={
        "ألف": 1_000,
        "الف": 1_000,
        "آلاف": 1_000,
        "ألفا": 1_000,
        "مليون": 1_000_000,
        "ملايين": 1_000_000,
        "مليونا": 1_000_000,
        "مليار": 1_000_000_000,
        "مليارات": 1_000_000_000,
        "بليون": 1_000_000_000,
        "ترليون": 1_000_000_000_000,
        "تريليون": 1_000_000_000_000,
        "مائة": 100,
        "مئة": 100,
    },
    counts={
        "واحد": 1,
        "اثنان": 2,
        "اثنين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "ثماني": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
        "ألف": 1_000,
        "مليون": 1_000_000,
        "مليار": 1_000_000_000,
        "ألفان": 2_000,
        "ألفين": 2_000,
        "مليونان": 2_000_000,
        "مليونين": 2_000_000,
        "ملياران": 2_000_000_000,
        "مليارين": 2_000_000_000,
    },
    percents=("في المائة", "في المئة", "بالمائة", "بالمئة", "%", "٪"),
    currencies=("$", "US$", "€", "£"),
    months=words(
        "آب آذار أبريل أغسطس أكتوبر أيار أيلول ابريل اغسطس اكتوبر الحجة القعدة تشرين تموز "
        "جمادى حزيران ديسمبر ربيع رجب رمضان سبتمبر شباط شعبان شوال صفر فبراير كانون مارس "
        "مايو محرم نوفمبر نيسان يناير يوليو يونيو"
    ),
    before_not=words(
        "الجولة الصفحة العام الفقرة المادة رقم سنة عام لعام الساعة الـ إم إيه بي سي دي إف جي إكس تي"
    ),
    after_not=words("صباحا ظهرا م مساء ميلادية ه هجرية هـ تغ ت إم إيه بي سي دي إف جي إكس"),
    stops=words(
        "أن أو إلى إن التي الذي الذين الى بعد بين تلك ثم حتى حسب خلال ذلك على عن عند في "
        "قبل قد كان كانت لدى مع من منذ هذا هذه هو هي و وفق"
    ),
    ranges=frozenset(["-", "إلى", "الى", "و", "–"]),
    between=("بين", "و"),
    unit_more=words(
        "أردني أمريكي إماراتي امريكي بحريني تونسي جزائري سعودي سوداني سوري سويسري عراقي "
        "عماني قطري كويتي لبناني ليبي مربع مربعا مربعة مصري مغربي مكعب مكعبا يمني"
    ),
    decimal_comma=True,
    fractions={"نصف": 1 / 2, "ثلث": 1 / 3, "ثلثا": 2 / 3, "ثلثي": 2 / 3, "ربع": 1 / 4},
)

TABLES = {"en": ENGLISH, "ar": ARABIC}
"""The tables by primary language subtag."""
