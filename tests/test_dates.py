from __future__ import annotations

import datetime as dt

import pytest

from newsschema import PartialDate, ValidationError
from newsschema.dates import format_datetime, parse_datetime

D = dt.date


@pytest.mark.parametrize(
    ("edtf", "earliest", "latest"),
    [
        ("2017", D(2017, 1, 1), D(2017, 12, 31)),
        ("2021-12-09", D(2021, 12, 9), D(2021, 12, 9)),
        ("2014-22", D(2014, 6, 1), D(2014, 8, 31)),  # summer 2014
        ("2015-12~", D(2015, 12, 1), D(2015, 12, 31)),  # about December 2015
        ("2020-06~", D(2020, 6, 1), D(2020, 6, 30)),  # mid-2020
        ("2014-10-17/2015-12~", D(2014, 10, 17), D(2015, 12, 31)),
        ("2014-10-17/..", D(2014, 10, 17), None),  # open end
        ("2014-10-17/", D(2014, 10, 17), None),  # unknown end: no guessed bound
        ("../2015", None, D(2015, 12, 31)),
        ("[..2017]", None, D(2017, 12, 31)),  # one of: 2017 or earlier
        ("{2014,2016}", D(2014, 1, 1), D(2016, 12, 31)),
        ("201X", D(2010, 1, 1), D(2019, 12, 31)),
        ("2014?-06", D(2014, 6, 1), D(2014, 6, 30)),
        ("2016-02-29", D(2016, 2, 29), D(2016, 2, 29)),
    ],
)
def test_bounds(edtf: str, earliest: dt.date | None, latest: dt.date | None) -> None:
    date = PartialDate(edtf)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert str(date) == edtf


def test_equality_and_hash_are_by_the_edtf_string() -> None:
    assert PartialDate("2017") == PartialDate("2017")
    assert PartialDate("2017") != PartialDate("2017~")
    assert len({PartialDate("2017"), PartialDate("2017")}) == 1


@pytest.mark.parametrize(
    ("edtf", "message"),
    [
        ("summer 2014", "'summer 2014' is not an EDTF date"),
        ("2014-13", "'2014-13' is not an EDTF date"),
        ("2015-02-29", "'2015-02-29' is not a real date"),
        (" 2014", "' 2014' is not an EDTF date (no surrounding spaces allowed)"),
        ("", "an EDTF date must not be empty"),
        ("-0044", "'-0044' reaches outside the years 1 to 9999, which newsschema can hold"),
        (
            "Y170000002",
            "'Y170000002' reaches outside the years 1 to 9999, which newsschema can hold",
        ),
    ],
)
def test_bad_edtf_is_a_validation_error(edtf: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate(edtf)
    assert [p.message for p in caught.value.problems] == [message]


def test_an_edtf_must_be_a_string() -> None:
    with pytest.raises(ValidationError, match="expected an EDTF string, got the number 2017"):
        PartialDate(2017)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "utc", "offset_minutes", "written"),
    [
        ("2021-12-09T10:30:00+03:00", "2021-12-09T07:30:00", 180, "2021-12-09T10:30:00+03:00"),
        ("2021-12-09T07:30:00Z", "2021-12-09T07:30:00", 0, "2021-12-09T07:30:00+00:00"),
        (
            "2021-12-09T07:30:00.5-05:30",
            "2021-12-09T13:00:00.500000",
            -330,
            "2021-12-09T07:30:00.500000-05:30",
        ),
        ("2021-12-31T23:59:59.123456+14:00", "2021-12-31T09:59:59.123456", 840, None),
    ],
)
def test_timestamps_keep_their_offset(
    text: str, utc: str, offset_minutes: int, written: str | None
) -> None:
    moment = parse_datetime(text)
    assert moment.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat() == utc
    assert moment.utcoffset() == dt.timedelta(minutes=offset_minutes)
    assert format_datetime(moment) == (written or text)
    assert parse_datetime(format_datetime(moment)) == moment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-12-09T10:30:00", "has no UTC offset"),
        ("2021-12-09", "is not an RFC 3339 timestamp"),
        ("2021-12-09T10:30+03:00", "is not an RFC 3339 timestamp"),
        ("2021-02-30T10:30:00Z", "is not a real moment"),
        ("2021-12-09T10:30:00+24:00", "a UTC offset that is not a time of day"),
        ("2021-12-09T10:30:00+01:99", "a UTC offset that is not a time of day"),
        ("2021-12-09T10:30:00-00:00", "keeps for an unknown offset"),
        ("2021-12-09 10:30:00+03:00", "an upper-case T between date and time"),
        ("2021-12-09t10:30:00z", "an upper-case T between date and time"),
        ("2021-12-09T10:30:00.1234567Z", "at most six digits of fraction"),
        ("0001-01-01T00:00:00+00:01", "outside the years 1 to 9999 in UTC"),
        ("9999-12-31T23:59:59-00:01", "outside the years 1 to 9999 in UTC"),
        ("٢٠٢١-12-09T10:30:00Z", "is not an RFC 3339 timestamp"),  # Arabic-Indic digits
    ],
)
def test_bad_timestamps(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


def test_a_naive_datetime_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="no UTC offset"):
        format_datetime(dt.datetime(2021, 12, 9))
