from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema import SCHEMA_VERSION, Article, ValidationError
from newsschema.convert import _lean, structure_article, unstructure_article
from tests.strategies import articles
from tests.test_fuzz import EDGES_JSON, SEED_JSON, mutated

SEED_RECORD, EDGES_RECORD = SEED_JSON, EDGES_JSON

BASE: dict[str, Any] = {
    "schema_version": 1,
    "id": "a",
    "headline": "عنوان",
    "language": "ar",
    "body": [{"paragraphs": ["نحو 2500 جندي"]}],
    "date_published": "2021-12-09T10:00:00+03:00",
    "dateline": {"text": "بغداد"},
    "entities": [{"id": "e", "kind": "place", "name": "بغداد", "labels": {"en": "Baghdad"}}],
    "statistics": [
        {
            "id": "s",
            "value": 2500,
            "qualifier": "approximately",
            "date": "2021",
            "spans": [{"paragraph": 0, "start": 4, "end": 8}],
        }
    ],
}


def problems_of(record: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        structure_article(record)
    return [str(problem) for problem in caught.value.problems]


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(BASE)
    node = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return record


def test_the_base_record_is_valid_and_round_trips() -> None:
    article = structure_article(copy.deepcopy(BASE))
    assert unstructure_article(article) == BASE
    assert list(unstructure_article(article)) == list(BASE)  # canonical key order


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["statistics", 0, "value"],
            "2500",
            "statistics[0].value: expected a number, got the string '2500'",
        ),
        (["statistics", 0, "value"], True, "statistics[0].value: expected a number, got true"),
        (["statistics", 0, "value"], None, "statistics[0].value: expected a number, got null"),
        (
            ["statistics", 0, "spans", 0, "start"],
            4.0,
            "statistics[0].spans[0].start: expected an integer, got the number 4.0",
        ),
        (
            ["statistics", 0, "spans", 0, "start"],
            "٤",
            "statistics[0].spans[0].start: expected an integer, got the string '٤'",
        ),
        (
            ["statistics", 0, "spans", 0, "end"],
            2**63,
            "statistics[0].spans[0].end: 9223372036854775808 does not fit in a signed 64-bit integer",
        ),
        (["headline"], 1, "headline: expected a string, got the number 1"),
        (["headline"], None, "headline: expected a string, got null"),
        (["headline"], ["عنوان"], "headline: expected a string, got a list"),
        (
            ["statistics", 0, "qualifier"],
            "about",
            "statistics[0].qualifier: expected one of 'exact', 'approximately', 'more_than', 'less_than', 'at_least', 'at_most', 'range', got the string 'about'",
        ),
        (
            ["statistics", 0, "qualifier"],
            1,
            "statistics[0].qualifier: expected one of 'exact', 'approximately', 'more_than', 'less_than', 'at_least', 'at_most', 'range', got the number 1",
        ),
        (
            ["statistics", 0, "date"],
            2021,
            "statistics[0].date: expected an EDTF string, got the number 2021",
        ),
        (
            ["date_published"],
            1639033200,
            "date_published: expected a timestamp string, got the number 1639033200",
        ),
        (
            ["date_published"],
            "2021-12-09T10:00:00",
            "date_published: '2021-12-09T10:00:00' has no UTC offset (add one, such as +03:00 or Z)",
        ),
        (["dateline"], "بغداد", "dateline: expected an object, got the string 'بغداد'"),
        (["entities"], {"id": "e"}, "entities: expected a list, got an object"),
        (["keywords"], "a,b", "keywords: expected a list, got the string 'a,b'"),
        (
            ["entities", 0, "labels"],
            [["en", "Baghdad"]],
            "entities[0].labels: expected an object of language tags, got a list",
        ),
        (
            ["entities", 0, "labels", "en"],
            5,
            "entities[0].labels.en: expected a string, got the number 5",
        ),
        (
            ["entities", 0, "kind"],
            "city",
            "entities[0].kind: expected one of 'person', 'organization', 'place', 'group', 'other', got the string 'city'",
        ),
        (["entities", 0, "nickname"], "x", "entities[0].nickname: unknown key"),
        (
            ["body", 0, "paragraphs", 0],
            7,
            "body[0].paragraphs[0]: expected a string, got the number 7",
        ),
    ],
)
def test_nothing_is_coerced(path: list[Any], value: Any, expected: str) -> None:
    assert problems_of(changed(path, value)) == [expected]


def test_missing_keys_are_named() -> None:
    record = copy.deepcopy(BASE)
    del record["language"]
    del record["statistics"][0]["id"]
    assert problems_of(record) == [
        "language: required key is missing",
        "statistics[0].id: required key is missing",
    ]


def test_every_problem_of_form_is_found_at_once() -> None:
    record = changed(["headline"], 3)
    record["statistics"][0]["value"] = "x"
    record["extra"] = 1
    record["zzz"] = 2
    assert problems_of(record) == [
        "headline: expected a string, got the number 3",
        "statistics[0].value: expected a number, got the string 'x'",
        "extra: unknown key",
        "zzz: unknown key",
    ]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ([BASE], "expected an article object, got a list"),
        ("{}", "expected an article object, got the string '{}'"),
        (
            {**BASE, "schema_version": 2},
            "schema_version 2 is not supported (this newsschema reads 1)",
        ),
        (
            {**BASE, "schema_version": "1"},
            "schema_version '1' is not supported (this newsschema reads 1)",
        ),
        (
            {**BASE, "schema_version": True},
            "schema_version True is not supported (this newsschema reads 1)",
        ),
        (
            {k: v for k, v in BASE.items() if k != "schema_version"},
            "schema_version: required key is missing",
        ),
    ],
)
def test_the_record_and_its_version(record: Any, expected: str) -> None:
    assert problems_of(record) == [expected]


def test_unstructure_leaves_out_none_and_empty_and_puts_the_version_first() -> None:
    article = structure_article(copy.deepcopy(BASE))
    data = unstructure_article(article)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION
    assert "url" not in data
    assert "quotes" not in data
    assert "translations" not in data
    assert "heading" not in data["body"][0]


def test_empty_string_and_none_stay_apart() -> None:
    record = changed(["body", 0, "heading"], "")
    record["summary"] = ""
    article = structure_article(record)
    assert article.body[0].heading == ""
    assert article.summary == ""
    assert unstructure_article(article)["summary"] == ""


@given(articles())
def test_the_written_unstructurer_gives_what_the_converter_gives(article: Article) -> None:
    expected = {"schema_version": 1, **_lean.unstructure(article)}
    found = unstructure_article(article)
    assert found == expected
    assert list(found) == list(expected)  # in the same order: canonical JSON is byte-exact


def _by_the_converter(record: dict[str, Any]) -> Any:
    """What the converter alone makes of a record: an article, or the problems it finds."""
    from newsschema import checks
    from newsschema.convert import _structure_explained

    fields = {key: value for key, value in record.items() if key != "schema_version"}
    typed = checks.TYPES_CHECKED.set(True)
    try:
        return _structure_explained(fields, Article)
    except Exception:  # noqa: BLE001 - any refusal counts as one
        return "refused"
    finally:
        checks.TYPES_CHECKED.reset(typed)


def _by_the_builder(record: dict[str, Any]) -> Any:
    from newsschema import checks
    from newsschema.convert import _builder, hold_article

    fields = {key: value for key, value in record.items() if key != "schema_version"}
    typed = checks.TYPES_CHECKED.set(True)
    try:
        article = _builder(Article)(fields)
        hold_article(article)
        return article
    except Exception:  # noqa: BLE001 - any refusal counts as one
        return "refused"
    finally:
        checks.TYPES_CHECKED.reset(typed)


@given(articles())
def test_the_builder_builds_what_the_converter_builds(article: Article) -> None:
    record = unstructure_article(article)
    assert _by_the_builder(record) == article == _by_the_converter(record)


@settings(max_examples=max(100, settings().max_examples))
@given(st.one_of(mutated(SEED_RECORD), mutated(EDGES_RECORD)))
def test_the_builder_takes_nothing_the_converter_refuses(record: Any) -> None:
    if not isinstance(record, dict):
        return  # refused before either is asked
    built = _by_the_builder(record)
    if built != "refused":  # it may leave a good record to the converter, never take a bad one
        assert built == _by_the_converter(record)
        assert unstructure_article(built) == unstructure_article(_by_the_converter(record))
