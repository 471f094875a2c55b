from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from newsschema import schema
from newsschema.cli import app
from tests.conftest import ROOT, SEED
from tests.strategies import canonical_dicts

SCHEMAS = ROOT / "schemas"
INVALID = ROOT / "fixtures" / "invalid"
validator = Draft202012Validator(schema.json_schema())

# Broken fixtures whose fault is one of form, which JSON Schema can say.
STRUCTURAL = {
    "bad-edtf",
    "bad-url",
    "bidi-in-id",
    "float-and-bool-as-int",
    "many-problems",
    "many-type-problems",
    "missing-key",
    "naive-datetime",
    "schema-version-2",
    "string-as-value",
    "unknown-key",
}
# Faults that only the library can find: they relate parts of an article, or need a registry.
LIBRARY_ONLY = {
    "bad-language-tag",  # a tag's shape is checked here, its validity by langcodes
    "comment-rules",
    "dangling-reference",
    "direct-quote-mismatch",
    "duplicate-id",
    "modified-before-published",
    "phase-goes-back",
    "phase-ordinals-1-2-4",
    "range-without-max",
    "span-bad-paragraph",
    "span-past-end",
    "wrong-kind-reference",
}


def test_the_checked_in_schemas_are_what_the_code_generates() -> None:
    expected = schema.files()
    found = {str(p.relative_to(SCHEMAS)): p.read_bytes() for p in SCHEMAS.rglob("*") if p.is_file()}
    assert sorted(found) == sorted(expected), "run: newsschema schema --write schemas/"
    for name, data in expected.items():
        assert found[name] == data, (
            f"schemas/{name} is stale: run newsschema schema --write schemas/"
        )


def test_the_json_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema.json_schema())
    assert schema.json_schema()["$id"].endswith("article-1.schema.json")
    assert schema.json_schema()["additionalProperties"] is False
    section = schema.json_schema()["$defs"]["Quote"]
    assert section["properties"]["kind"]["enum"] == ["direct", "indirect", "mixed"]
    assert section["properties"]["cue"]["description"].startswith("the reporting verb as written")


def test_the_seed_validates() -> None:
    assert list(validator.iter_errors(orjson.loads(SEED.read_bytes()))) == []


@given(canonical_dicts())
def test_every_generated_article_validates(record: dict[str, Any]) -> None:
    errors = [error.message for error in validator.iter_errors(orjson.loads(orjson.dumps(record)))]
    assert errors == []


@pytest.mark.parametrize("name", sorted(STRUCTURAL | LIBRARY_ONLY))
def test_broken_fixtures(name: str) -> None:
    document = orjson.loads((INVALID / f"{name}.json").read_bytes())
    rejected = bool(list(validator.iter_errors(document)))
    assert rejected == (name in STRUCTURAL)


def test_every_broken_fixture_is_classified() -> None:
    names = {p.stem for p in INVALID.glob("*.json")} - {"not-json"}
    assert names == STRUCTURAL | LIBRARY_ONLY


def test_bigquery_schemas_follow_the_arrow_ones() -> None:
    tables = schema.bigquery_schemas()
    nested = {field["name"]: field for field in tables["parquet"]}
    assert nested["id"] == {"name": "id", "type": "STRING", "mode": "REQUIRED"}
    assert nested["date_published"] == {
        "name": "date_published",
        "type": "TIMESTAMP",
        "mode": "NULLABLE",
    }
    assert nested["keywords"] == {"name": "keywords", "type": "STRING", "mode": "REPEATED"}
    quotes = nested["quotes"]
    assert (quotes["type"], quotes["mode"]) == ("RECORD", "REPEATED")
    date = next(f for f in quotes["fields"] if f["name"] == "date")
    assert [(f["name"], f["type"]) for f in date["fields"]] == [
        ("edtf", "STRING"),
        ("earliest", "DATE"),
        ("latest", "DATE"),
    ]
    assert sorted(tables) == sorted(
        ["parquet", *(f"tables-{name}" for name in schema.arrow_schemas()["tables"])]
    )


@pytest.mark.parametrize("kind", schema.KINDS)
def test_the_command_prints_each_schema(kind: str) -> None:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    assert result.stdout.encode() == schema.text(kind)


def test_the_command_writes_the_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", "--write", str(tmp_path)])
    assert result.exit_code == 0
    assert {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()} == set(
        schema.files()
    )
