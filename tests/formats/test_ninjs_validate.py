"""ninjs items checked against IPTC's own schema of their version (validate=True), and the
organisations a byline names read as organisations, not people."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import orjson
import pytest

import newsschema as ns
from newsschema.formats.ninjs.byline import read_byline
from newsschema.formats.ninjs.validate import version_of
from tests.conftest import SEED

pytest.importorskip("jsonschema")


def _read(item: Any, **options: Any) -> list[ns.Article]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        return list(ns.read(io.BytesIO(orjson.dumps(item)), "ninjs", **options))


GOOD_3 = {
    "uri": "https://agency.example/item/1",
    "type": "text",
    "language": "en",
    "headlines": [{"role": "main", "value": "Council opens the river park"}],
    "firstCreated": "2024-05-14T10:00:00Z",
}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"urgency": "high"}, "urgency: not valid ninjs 3.1: 'high' is not of type 'integer'"),
        ({"firstCreated": "yesterday"}, "firstCreated: not valid ninjs 3.1: 'yesterday' is not"),
        ({"headlines": [{"role": "main"}]}, "headlines[0]: not valid ninjs 3.1: 'value' is a"),
        ({"pubStatus": "gone"}, "pubStatus: not valid ninjs 3.1: 'gone' is not one of"),
        ({"colour": "red"}, "not valid ninjs 3.1: Unevaluated properties are not allowed"),
    ],
)
def test_an_item_invalid_against_its_schema_is_refused_with_the_schemas_message(
    change: dict[str, Any], said: str
) -> None:
    item = {**GOOD_3, **change}
    with pytest.raises(ns.ValidationError) as caught:
        _read(item, validate=True)
    assert said in str(caught.value)


def test_what_newsschema_writes_is_valid_against_the_schema_of_its_version(
    tmp_path: Path,
) -> None:
    article = ns.load(SEED)
    for version in ("3.1", "2.2"):
        target = tmp_path / f"seed-{version}.ninjs"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ns.NotKeptWarning)
            ns.write([article], target, version=version)
            (found,) = ns.read(target, validate=True)
        assert found.headline == article.headline


def test_the_version_an_item_is_checked_against() -> None:
    assert version_of({"standard": {"name": "ninjs", "version": "2.1"}}) == "2.1"
    schema = "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#"
    assert version_of({"standard": {"schema": schema}}) == "3.0"
    assert version_of({"$schema": schema}) == "3.0"
    assert version_of({"uri": "u", "firstCreated": "x"}) == "3.1"  # written as 3.x writes
    assert version_of({"uri": "u", "firstcreated": "x"}) == "2.2"  # and as 2.x does
    assert version_of({"uri": "u", "standard": {"version": "9.9"}}) == "2.2"


def test_the_command_line_validates_with_an_option(tmp_path: Path) -> None:
    source = tmp_path / "item.ninjs"
    source.write_bytes(orjson.dumps({**GOOD_3, "urgency": "high"}))
    command = [sys.executable, "-m", "newsschema", "convert", str(source), "-O", "validate=true"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "urgency: not valid ninjs 3.1" in result.stderr
    tolerant = subprocess.run(command[:-2], capture_output=True, text=True, check=False)
    assert tolerant.returncode == 0, tolerant.stderr
    wrong = subprocess.run([*command[:-1], "validate=maybe"], capture_output=True, text=True)
    assert wrong.returncode == 2
    assert "option validate='maybe': give true or false" in wrong.stderr


@pytest.mark.parametrize(
    ("byline", "organisations", "writers"),
    [
        ("By The Anti-Doping Database", ["The Anti-Doping Database"], []),
        ("By Jane Doe and Xinhua News Agency", ["Xinhua News Agency"], ["Jane Doe"]),
        ("Bloomberg Staff", ["Bloomberg Staff"], []),
        ("By Tom Post", [], ["Tom Post"]),  # a surname, not a newspaper
        ("By Jane Doe, Staff Writer", [], ["Jane Doe"]),  # a title
    ],
)
def test_organisations_in_bylines_are_not_people(
    byline: str, organisations: list[str], writers: list[str]
) -> None:
    found = read_byline(byline)
    assert list(found.organisations) == organisations
    assert [name for name, _ in found.writers] == writers


def test_an_organisation_in_a_byline_becomes_an_organisation_author() -> None:
    assert len(_read({**GOOD_3, "urgency": "high"})) == 1  # tolerant reading takes this
    (article,) = _read({**GOOD_3, "by": "By The Anti-Doping Database"})
    (author,) = [e for e in article.entities if e.id in article.authors]
    assert author.name == "The Anti-Doping Database"
    assert author.kind == ns.EntityKind.ORGANIZATION
