"""Partial dates are read in microseconds, as the edtf package reads them.

Levels 0 and 1 of EDTF (what annotators write nearly always) are read by a regular grammar of
our own; the rest of level 2 by the edtf package. Every form is checked against edtf: the same
dates taken, the same bounds, the same refusals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import time

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema.dates import PartialDate, _read_simple
from tests.conftest import HANG


def by_edtf(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    """The bounds the edtf package gives (None for an open or unknown end), or None.

    newsschema holds the years 1 to 9999: a year 0 anywhere is refused (the edtf package
    passes over one inside a set, where it is not a bound).
    """
    if re.search(r"(?<![0-9-])0000", text):
        return None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            parsed = edtf.parse_edtf(text)
        start, _, end = text.partition("/") if "/" in text else (text, "", text)
        bounds: list[dt.date | None] = []
        for side, moment in ((start, parsed.lower_strict()), (end, parsed.upper_strict())):
            if side in ("", "..") or (isinstance(moment, float) and math.isinf(moment)):
                bounds.append(None)
            elif not 1 <= moment.tm_year <= 9999:
                return None
            else:
                bounds.append(dt.date(moment.tm_year, moment.tm_mon, moment.tm_mday))
    except Exception:  # noqa: BLE001 - the edtf package raises several unrelated types
        return None
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        return None
    return bounds[0], bounds[1]


def ours(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    try:
        date = PartialDate(text)
    except ns.ValidationError:
        return None
    return date.earliest, date.latest


years = st.one_of(
    st.integers(1, 9999).map("{:04d}".format),
    st.sampled_from(["0001", "9999", "999X", "99XX"]),
    st.sampled_from(["0000", "199X", "19XX", "1XXX", "XXXX", "-0001", "Y12345", "Y1E3"]),
)
months = st.one_of(st.integers(0, 41).map("{:02d}".format), st.sampled_from(["XX", "1X", "9"]))
days = st.one_of(st.integers(0, 32).map("{:02d}".format), st.sampled_from(["XX", "3X", "1"]))


@st.composite
def dates(draw: st.DrawFn) -> str:
    text = draw(years)
    if draw(st.booleans()):
        text += "-" + draw(months)
        if draw(st.booleans()):
            text += "-" + draw(days)
    return text + draw(st.sampled_from(["", "", "?", "~", "%"]))


set_elements = st.one_of(
    dates(),
    dates().map(".. {}".format).map(lambda text: text.replace(" ", "")),
    dates().map("{}..".format),
    st.tuples(dates(), dates()).map("..".join),
    st.sampled_from(["", "..", " 2001", "2001/2002"]),
)
edtf_texts = st.one_of(
    dates(),
    st.tuples(dates() | st.sampled_from(["", ".."]), dates() | st.sampled_from(["", ".."])).map(
        "/".join
    ),
    st.tuples(
        st.sampled_from(["[]", "{}"]),
        st.lists(set_elements, min_size=1, max_size=4),
        st.sampled_from([",", ", "]),
    ).map(lambda drawn: drawn[0][0] + drawn[2].join(drawn[1]) + drawn[0][1]),
)


@given(edtf_texts)
def test_every_date_is_read_as_the_edtf_package_reads_it(text: str) -> None:
    if text.startswith("{") and ".," not in text and text.endswith("..}") and ours(text):
        return  # the edtf package fails on an all-of set with an open end: see below
    assert ours(text) == by_edtf(text)


def test_an_all_of_set_with_an_open_end_which_the_edtf_package_fails_on() -> None:
    with pytest.raises(TypeError):
        edtf.parse_edtf("{1001, 1002..}").upper_strict()  # its bug: a float compared to a date
    assert ours("{1001, 1002..}") == (dt.date(1001, 1, 1), None)
    assert ours("[1001, 1002..]") == by_edtf("[1001, 1002..]") == (dt.date(1001, 1, 1), None)


FORMS = [
    "2021", "2021-12", "2021-12-09", "2014-21", "2014-22", "2014-23", "2014-24", "2015-12~",
    "2021?", "2021-12-09%", "201X", "20XX", "2004-XX", "1985-04-XX", "1985-XX-XX",
    "2014-10-17/2015-12~", "../2021", "2021/..", "/2021", "2021/", "2014-21/2015-24",
    "2020-02-29", "2021-02-29", "2021-13", "2021-00", "0000", "-0001", "2021-25", "1XXX",
    "156X-12-25", "2004-?06-~11", "[1667,1668,1670..1672]", "{1960,1961-12}", "Y1E3",
    "Y12345", "1950S2", "2021-1X", "2021-XX-12", "201X-12", "..", "/", "../..", "9999-12",
    "9999-24", "9999-12-XX", "999X", "9999/..", "0001-01-01", "0001",
]  # fmt: skip


@pytest.mark.parametrize("text", FORMS)
def test_each_form_is_read_as_the_edtf_package_reads_it(text: str) -> None:
    assert ours(text) == by_edtf(text)


@pytest.mark.parametrize(
    "text",
    [
        "2021", "2021-12-09", "2014-22", "2015-12~", "2014-10-17/2015-12~", "../2021", "201X",
        "[..2017]", "[1667, 1668, 1670..1672]", "{1960, 1961-12}", "[1984~, 1986?]", "[2017..]",
    ],
)  # fmt: skip
def test_levels_0_and_1_are_read_without_the_edtf_package(text: str) -> None:
    assert _read_simple(text) == by_edtf(text)


@pytest.mark.parametrize("text", ["Y1E99999999", "Y1E20000000", "Y-1E99999", "Y9" + "9" * 5000])
def test_a_year_beyond_9999_is_refused_at_once(text: str) -> None:
    began = time.perf_counter()
    with pytest.raises(ns.ValidationError, match="reaches outside the years 1 to 9999"):
        PartialDate(text)
    assert time.perf_counter() - began < HANG


def test_the_edtf_package_prints_nothing_of_ours(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ns.ValidationError, match="is not an EDTF date"):
        PartialDate("2021-1X")
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
