"""The documentation's examples run, and its tables say what the code does."""

from __future__ import annotations

import datetime as dt
import doctest
import re
import types
import typing
from pathlib import Path
from typing import Any, Union

import attrs
import duckdb
import pyarrow as pa
import pytest

import newsschema as ns
from newsschema.formats.arrow import NESTED_SCHEMA
from newsschema.formats.tables import TABLE_SCHEMAS
from newsschema.model import Article, Span
from tests.conftest import ROOT, SEED

DOCS = ROOT / "docs"


@pytest.mark.parametrize("page", ["index.md", "python.md", "model.md", "cli.md", "annotation.md"])
def test_the_python_examples_run(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if page in ("index.md", "python.md"):
        assert result.attempted >= 5


def _sql_blocks(text: str) -> list[str]:
    section = text.split("## DuckDB", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_the_duckdb_queries_run_on_the_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ns.write(ns.read(SEED), "iraq.parquet")
    ns.write(ns.read(SEED), "iraq/")
    queries = _sql_blocks((DOCS / "warehouse.md").read_text(encoding="utf-8"))
    assert len(queries) == 5
    results = []
    for query in queries:
        relation = duckdb.sql(query)
        assert relation is not None
        results.append(relation.fetchall())
    assert results[0][0] == ("brennan", 7)
    assert results[1][0] == ("John W. Brennan", 7)
    assert ("more_than", 2, 2180) in results[2]
    assert results[3] == [(1, "التفكيك", "2015-12~")]
    assert [matches for _, matches in results[4]] == [True] * 9


# The mapping table of docs/formats.md.

_LEAVES = (str, int, float, dt.datetime, ns.PartialDate, ns.LanguageMap, Span)


def _model_paths(cls: type, prefix: str = "") -> list[str]:
    paths = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        kind, suffix = field.type, ""
        if typing.get_origin(kind) in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
            kind = options[0] if len(options) == 1 else float
        if typing.get_origin(kind) is tuple:
            kind, suffix = typing.get_args(kind)[0], "[]"
        path = f"{prefix}{field.name}{suffix}"
        if attrs.has(kind) and kind not in _LEAVES:
            paths.extend(_model_paths(kind, f"{path}."))
        else:
            paths.append(path)
    return paths


def _rows() -> list[list[str]]:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    table = text.split("## The mapping", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    return [[cell.strip(" |") for cell in row] for row in rows]


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell.split(" (")[0])


def _column(schema: pa.Schema | pa.DataType, path: str) -> Any:
    kind: Any = schema
    for name in path.replace("[]", "").split("."):
        while isinstance(kind, pa.ListType):
            kind = kind.value_type
        kind = kind.field(name).type
    return kind


def test_the_mapping_covers_every_field_of_the_model() -> None:
    documented = [_codes(row[0])[0] for row in _rows()]
    assert sorted(documented) == sorted(["schema_version", *_model_paths(Article)])


def test_the_mapping_names_real_columns_and_terms() -> None:
    writer = (ROOT / "newsschema" / "formats" / "jsonld" / "write.py").read_text(encoding="utf-8")
    for canonical, linked, nested, star in _rows()[1:]:  # the first row is schema_version
        for path in _codes(nested):
            _column(NESTED_SCHEMA, path)  # raises KeyError when the column is not there
        for path in _codes(star):
            table, _, column = path.partition(".")
            assert table in TABLE_SCHEMAS, (canonical, table)
            if column:
                _column(TABLE_SCHEMAS[table], column)
        for term in _codes(linked)[0].replace("[]", "").split("."):
            assert f'"{term}"' in writer, (canonical, term)
