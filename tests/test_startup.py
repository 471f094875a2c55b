"""The command line imports only what a command needs: it starts at once.

What each command imports is read from ``sys.modules`` after running it, in a fresh
interpreter. Times are measured in ``benchmarks/startup.py``, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsschema import schema
from newsschema.cli.look import SCHEMA_KINDS
from tests.conftest import SEED

RUN = """
import json, sys
sys.argv = ["newsschema", *json.loads(sys.argv[1])]
try:
    from newsschema.cli import main
    main()
except SystemExit:
    pass
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

HEAVY = ("pyarrow", "numpy", "pyld", "trafilatura", "lxml", "dask", "deltalake", "pyiceberg")
PARQUET = ("newsschema.formats.parquet", "newsschema.formats.arrow", "newsschema.bulk")


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True, check=False
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_version_imports_nothing_but_the_version() -> None:
    found = {name for name in _imported("--version") if name.startswith("newsschema")}
    assert found == {"newsschema", "newsschema._version", "newsschema.cli"}
    assert "typer" not in _roots(_imported("--version"))


@pytest.mark.parametrize("args", [["--help"], ["formats"], ["convert", "--help"], ["schema", "-h"]])
def test_help_and_formats_import_no_data_library(args: list[str]) -> None:
    found = _imported(*args)
    assert not _roots(found) & {*HEAVY, "cattrs", "langcodes", "edtf"}
    assert not found & {*PARQUET, "newsschema.checks", "newsschema.convert"}


def test_validating_or_converting_json_imports_no_parquet_code(tmp_path: object) -> None:
    for args in (
        ["validate", str(SEED), "-q"],
        ["convert", str(SEED), "-o", f"{tmp_path}/out.jsonl", "-q"],
    ):
        found = _imported(*args)
        assert not _roots(found) & set(HEAVY), args
        assert not found & set(PARQUET), args


def test_a_parquet_output_imports_pyarrow_when_it_runs(tmp_path: object) -> None:
    found = _imported("convert", str(SEED), "-o", f"{tmp_path}/out.parquet", "-q")
    assert "pyarrow" in _roots(found)
    assert "trafilatura" not in _roots(found)


def test_the_help_names_every_schema() -> None:
    assert SCHEMA_KINDS == schema.KINDS
