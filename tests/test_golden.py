"""The version 1 goldens are read by every later version, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import ROOT, SEED

GOLDEN = ROOT / "fixtures" / "golden" / "v1"


def expected() -> list[ns.Article]:
    return list(ns.read(GOLDEN / "articles.json"))


def test_the_goldens_hold_the_seed_an_article_at_every_edge_and_a_minimal_one() -> None:
    seed, edges, minimal = expected()
    assert seed == ns.load(SEED)
    assert edges.statistics[0].value == -(2**63)
    assert edges.comment_count == 2**63 - 1
    assert (minimal.id, minimal.body) == ("m", ())


@pytest.mark.parametrize(
    "name", ["articles.jsonl", "articles.jsonld", "articles.parquet", "articles.tables"]
)
def test_every_format_of_version_1_reads_back_exactly(name: str) -> None:
    found = list(ns.read(GOLDEN / name))
    assert found == expected()
    assert [ns.dumps(a) for a in found] == [ns.dumps(a) for a in expected()]


@pytest.mark.parametrize("name", ["articles.json", "articles.jsonl"])
def test_canonical_json_is_written_today_as_it_was(name: str, tmp_path: Path) -> None:
    ns.write(expected(), tmp_path / name)
    assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes()
