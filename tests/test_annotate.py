"""Figures suggested from an article's text: the seed fixture's, English and Arabic rules."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema.annotate.figures import Found, figures
from tests.conftest import HANG, SEED, examples


def _said(paragraph: str, language: str) -> list[tuple[object, ...]]:
    return [
        (f.value, f.value_max, f.qualifier.value, f.unit, paragraph[f.start : f.end])
        for f in figures([paragraph], language)
    ]


def test_the_seed_fixtures_figures_are_found_with_their_spans() -> None:
    article = ns.load(SEED)
    paragraphs = [p for section in article.body for p in section.paragraphs]
    found = {(f.paragraph, f.start, f.end): f for f in figures(paragraphs, "ar")}
    for statistic in article.statistics:
        span = statistic.spans[0]
        got = found.pop((span.paragraph, span.start, span.end))
        assert (got.value, got.value_max, got.qualifier) == (
            statistic.value,
            statistic.value_max,
            statistic.qualifier,
        )
        assert got.unit is not None
        assert statistic.unit is not None
        assert got.unit == statistic.unit
    assert found == {}  # 11 of 11, nothing more


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It makes more than 60 per cent of its revenue from ads.",
         [(60, None, "more_than", "percent", "more than 60 per cent")]),
        ("He shot 47.6% from the field.", [(47.6, None, "exact", "%", "47.6%")]),
        ("A five-year $700,000 award.", [(700000, None, "exact", "$", "$700,000")]),
        ("The BMW Group is investing 200 million in the centre.",
         [(200_000_000, None, "exact", None, "200 million")]),
        ("About 35 miles, from 252 miles to 287 miles.",
         [(35, None, "approximately", "miles", "About 35 miles"),
          (252, 287, "range", "miles", "252 miles to 287")]),
        ("They hired between 10 and 20 people.",
         [(10, 20, "range", "people", "between 10 and 20 people")]),
        ("There are 1 to 2 thousand people and 4 hundred cars.",
         [(1000, 2000, "range", "people", "1 to 2 thousand people"),
          (400, None, "exact", "cars", "4 hundred cars")]),
        ("Claims ranged from $200 to $4 million.",
         [(200, 4_000_000, "range", "$", "$200 to $4 million")]),
        ("She lives at 575 Wilbraham Road.", []),
        ("It has 35m devices, shares at 164p, a 5MW plant and 5ml of water.",
         [(35_000_000, None, "exact", "devices", "35m devices"),
          (164, None, "exact", "p", "164p"),
          (5, None, "exact", "MW", "5MW"),
          (5, None, "exact", "ml", "5ml")]),
        ("One out of three Germans rent.",
         [(1 / 3, None, "exact", "Germans", "One out of three Germans")]),
        ("A third of those screened were obese.",
         [(1 / 3, None, "exact", "those screened", "third of those screened")]),
        ("They studied 13 people while they napped.",
         [(13, None, "exact", "people", "13 people")]),
        ("There are four different bosses to battle.",
         [(4, None, "exact", "different bosses", "four different bosses")]),
        ("Here, we used a 5-10W laser.", [(5, 10, "range", "W", "5-10W")]),
        ("Trade could see a five per cent to 20 per cent rebound.",
         [(5, 20, "range", "percent", "five per cent to 20 per cent")]),
        ("It will make eight million bottles.",
         [(8_000_000, None, "exact", "bottles", "eight million bottles")]),
        ("Heineken rose to RM23.50 and $US55,931,000 ($A82,615) or HK $5.4m changed hands.",
         [(23.5, None, "exact", "RM", "RM23.50"),
          (55_931_000, None, "exact", "US$", "$US55,931,000"),
          (82_615, None, "exact", "A$", "$A82,615"),
          (5_400_000, None, "exact", "HK$", "HK $5.4m")]),
        ("The rate fell to .001 per cent, wealth to 771.3 billion ($1tn).",
         [(0.001, None, "exact", "percent", ".001 per cent"),
          (771_300_000_000, None, "exact", None, "771.3 billion"),
          (1_000_000_000_000, None, "exact", "$", "$1tn")]),
        ("A fluid ounce is 1/16 of a pint.",
         [(1 / 16, None, "exact", "pint", "1/16 of a pint")]),
        ("The cars reached about 80 m.p.h. on the track.",
         [(80, None, "approximately", "m.p.h.", "about 80 m.p.h.")]),
        ("In Europe: Stoxx 50 -1.3%.", [(-1.3, None, "exact", "%", "-1.3%")]),
        ("It costs 9.99 New Zealand dollars a month.",
         [(9.99, None, "exact", "New Zealand", "9.99 New Zealand")]),
    ],
)  # fmt: skip
def test_english_figures(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _said(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "It was founded in 2018 by two engineers of no note.",
        "The vote was on March 9, and again on 11 February.",
        "They met at 10:30 in the morning.",
        "COVID-19 and the A380 are names, as is F13.",
        "The 22nd amendment limits terms.",
        "See No. 5 on the list.",
        "Call 555/1234 now.",
        "The S&P 500 gained, and the Stoxx 50 fell; the iPhone 12 Mini sold.",
        "Brighton 1-0 Manchester United.",
        "Seas could rise, submerging coasts by 2120.",
        "Between 1600 and 1900 world temperatures dropped.",
        "The first quarter ended in December.",
        "His call of the Kick Six win over Alabama.",
        "Properties at 9 E 71st St were sold.",
    ],
)
def test_english_numbers_that_are_not_figures(text: str) -> None:
    assert [row[0] for row in _said(text, "en")] in ([], [2])  # "two engineers" alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل أكثر من ٨٠ شخصا في الهجوم.", [(80, None, "more_than", "شخصا", "أكثر من ٨٠ شخصا")]),
        ("بلغت الصفقة ٣٫٥ مليون دولار أمريكي.",
         [(3_500_000, None, "exact", "دولار أمريكي", "٣٫٥ مليون دولار أمريكي")]),
        ("ارتفع المؤشر 2.5 في المائة أمس.", [(2.5, None, "exact", "%", "2.5 في المائة")]),
        ("وشارك نحو 10 آلاف مقاتل.", [(10_000, None, "approximately", "مقاتل", "نحو 10 آلاف مقاتل")]),
        ("وقال إن ألف عنصر وصلوا.", [(1000, None, "exact", "عنصر", "ألف عنصر")]),
        ("في عام 2015 وفي 12 مارس وفي 1436 هـ.", []),
        ("بين 15 من شهر يونيو ونهاية يوم الـ 15 من شهر سبتمبر.", []),
        ("تراجع المؤشر 22,82% إلى 615,72 نقطة في الساعة 07,38 تغ.",
         [(22.82, None, "exact", "%", "22,82%"), (615.72, None, "exact", "نقطة", "615,72 نقطة")]),
        ("رصدت الوزارة 3.904 مخالفات.", [(3904, None, "exact", "مخالفات", "3.904 مخالفات")]),
        ("تصنيع دبابات أبرامز إم 1 إيه 1 في مصر.", []),
        ("أصيب ثلاثة أشخاص.", [(3, None, "exact", "أشخاص", "ثلاثة أشخاص")]),
    ],
)  # fmt: skip
def test_arabic_figures(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _said(text, "ar") == expected


def test_a_language_without_a_table_gets_none() -> None:
    assert figures(["Es kamen 300 Menschen."], "de") == []


_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩ ,.%$-:/aeimorst\u200f😀قالمن")),
    max_size=200,
)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3), st.sampled_from(["en", "ar"]))
def test_any_text_gives_figures_inside_their_paragraphs(
    paragraphs: list[str], language: str
) -> None:
    for found in figures(paragraphs, language):
        assert isinstance(found, Found)
        assert 0 <= found.start < found.end <= len(paragraphs[found.paragraph])
        assert found.value_max is None or found.value_max > found.value


@pytest.mark.parametrize(
    ("sentence", "count"),
    [("More than 80 countries sent about 2,500 soldiers in 2015. ", 2),
     ("The Model 3 and the S&P 500 rose 2% with ISO 3888 rules. ", 1),
     ("وقال إن أكثر من ٨٠ دولة أرسلت نحو 2500 جندي في 12 مارس. ", 2)],
)  # fmt: skip
def test_a_megabyte_paragraph_is_read_in_linear_time(sentence: str, count: int) -> None:
    paragraph = sentence * (1_000_000 // len(sentence))
    began = time.perf_counter()
    found = figures([paragraph], "ar" if sentence[0] > "z" else "en")
    assert time.perf_counter() - began < HANG
    assert len(found) == count * (1_000_000 // len(sentence))
