from __future__ import annotations

import pickle

import pytest

from newsschema import Problem, ValidationError
from newsschema.errors import describe


def test_problems_print_as_path_and_message() -> None:
    assert (
        str(Problem("quotes[3].spans[0]", "end 512 is past the end"))
        == "quotes[3].spans[0]: end 512 is past the end"
    )
    assert str(Problem("", "not valid JSON")) == "not valid JSON"
    assert Problem("end", "bad").under("spans[0]") == Problem("spans[0].end", "bad")
    assert Problem("[2]", "bad").under("quotes") == Problem("quotes[2]", "bad")
    assert Problem("", "bad").under("quotes[0]") == Problem("quotes[0]", "bad")


def test_a_validation_error_places_its_problems() -> None:
    error = ValidationError([Problem("id", "must not be empty"), Problem("", "whole")])
    placed = error.at("crawl.jsonl:3")
    assert placed.lines() == ["crawl.jsonl:3: id: must not be empty", "crawl.jsonl:3: whole"]
    assert str(placed) == "crawl.jsonl:3: id: must not be empty\ncrawl.jsonl:3: whole"
    assert isinstance(placed, ValueError)
    assert error.under("entities[0]").problems[0] == Problem("entities[0].id", "must not be empty")


def test_a_validation_error_survives_pickling() -> None:
    error = ValidationError([Problem("id", "must not be empty")], "a.json")
    again = pickle.loads(pickle.dumps(error))
    assert (again.problems, again.where) == (error.problems, error.where)


def test_a_validation_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="needs at least one problem"):
        ValidationError([])


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (2500.0, "the number 2500.0"),
        ("2500", "the string '2500'"),
        ("x" * 50, "the string '" + "x" * 37 + "...'"),
        ([1], "a list"),
        ({"a": 1}, "an object"),
        (b"x", "a bytes"),
    ],
)
def test_values_are_described_as_json_users_say_them(value: object, shown: str) -> None:
    assert describe(value) == shown
