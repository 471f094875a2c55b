from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema import Article, FormatError, ValidationError
from newsschema.formats.tables import MANIFEST, TABLE_SCHEMAS
from tests.conftest import SEED
from tests.strategies import articles


def unique_ids(batch: list[Article]) -> bool:
    return len({article.id for article in batch}) == len(batch)


@given(st.lists(articles(), max_size=4).filter(unique_ids))
def test_read_gives_back_what_write_wrote(batch: list[Article]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out"
        assert ns.write(batch, target, format="tables") == len(batch)
        back = list(ns.read(target))
    assert back == batch
    assert [ns.dumps(a) for a in back] == [ns.dumps(a) for a in batch]


@pytest.fixture
def seed_tables(tmp_path: Path) -> Path:
    target = tmp_path / "seed_tables"
    ns.write(ns.read(SEED), f"{target}/")
    return target


def test_a_trailing_slash_selects_the_layout_and_the_manifest_marks_it(seed_tables: Path) -> None:
    names = sorted(p.name for p in seed_tables.iterdir())
    assert names == sorted([MANIFEST, *(f"{name}.parquet" for name in TABLE_SCHEMAS)])
    assert list(ns.read(seed_tables)) == [ns.load(SEED)]


def test_the_seed_converts_to_tables_and_back_to_the_same_bytes(
    seed_tables: Path, tmp_path: Path
) -> None:
    ns.write(ns.read(seed_tables), tmp_path / "back.json")
    assert (tmp_path / "back.json").read_bytes() == SEED.read_bytes()


def test_every_table_carries_its_keys(seed_tables: Path) -> None:
    for name, schema in TABLE_SCHEMAS.items():
        assert schema.names[0] in {"article_id", "article_position"}
        assert "article_id" in schema.names
        assert all(column.isascii() and column == column.lower() for column in schema.names)
        read = pq.read_schema(seed_tables / f"{name}.parquet")
        assert read.remove_metadata().equals(schema)
        assert read.metadata[b"newsschema.schema_version"] == b"1"


def test_duckdb_joins_quotes_to_their_speakers(seed_tables: Path) -> None:
    sql = duckdb.connect()
    for name in TABLE_SCHEMAS:
        sql.execute(
            f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{seed_tables / name}.parquet')"
        )
    rows = sql.sql(
        """
        SELECT e.labels[1].text AS speaker, count(*) AS quotes
        FROM quotes q
        JOIN entities e ON e.article_id = q.article_id AND e.entity_id = q.speaker_id
        GROUP BY speaker ORDER BY quotes DESC, speaker
        """
    ).fetchall()
    assert rows == [
        ("John W. Brennan", 7),
        ("Global Coalition to Defeat ISIS", 5),
        ("Qasim al-Araji", 2),
        ("Joe Biden", 1),
        ("Saad Maan", 1),
        ("United Nations", 1),
    ]
    quoted = sql.sql(
        """
        SELECT substr(p.text, s."start" + 1, s."end" - s."start") = q.text
        FROM quotes q
        JOIN spans s ON s.article_id = q.article_id AND s.owner = 'quote'
            AND s.owner_position = q.quote_position
        JOIN paragraphs p ON p.article_id = s.article_id AND p.paragraph_position = s.paragraph
        WHERE q.kind = 'direct'
        """
    ).fetchall()
    assert quoted == [(True,)] * 9
    phases = sql.sql(
        """
        SELECT ordinal, name FROM phases WHERE "end".latest <= DATE '2015-12-31' ORDER BY ordinal
        """
    ).fetchall()
    assert phases == [(1, "التفكيك")]
    more_than = sql.sql(
        "SELECT statistic_id FROM statistics WHERE qualifier = 'more_than' ORDER BY 1"
    ).fetchall()
    assert more_than == [("s-coalition-members",), ("s-trucks",)]


def test_duplicate_article_ids_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    seed = ns.load(SEED)
    with pytest.raises(ValidationError, match="article id 'iraq-coalition-2021' appears twice"):
        ns.write([seed, seed], tmp_path / "out", format="tables")
    assert list(tmp_path.iterdir()) == []


def _failing(batch: list[Article]) -> Iterator[Article]:
    yield from batch
    raise ValidationError.single("", "the source broke")


def test_a_failed_write_leaves_the_previous_directory(seed_tables: Path) -> None:
    before = {p.name: p.read_bytes() for p in seed_tables.iterdir()}
    other = Article(id="other", headline="h", language="en")
    with pytest.raises(ValidationError, match="the source broke"):
        ns.write(_failing([other]), seed_tables, format="tables")
    assert {p.name: p.read_bytes() for p in seed_tables.iterdir()} == before
    assert sorted(p.name for p in seed_tables.parent.iterdir()) == ["seed_tables"]


def test_a_rewrite_replaces_the_directory_whole(seed_tables: Path) -> None:
    other = Article(id="other", headline="h", language="en")
    ns.write([other], seed_tables, format="tables")
    assert list(ns.read(seed_tables)) == [other]
    assert sorted(p.name for p in seed_tables.parent.iterdir()) == ["seed_tables"]


def test_a_directory_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(FormatError, match="is not a directory newsschema wrote; it was left alone"):
        ns.write([ns.load(SEED)], tmp_path / "mine", format="tables")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValidationError, match=r"_newsschema\.json: is missing"):
        list(ns.read(tmp_path / "mine", format="tables"))
    with pytest.raises(FormatError, match="mine: no files with a known suffix"):
        list(ns.read(tmp_path / "mine"))  # a folder: searched, as the command line does


def test_a_half_written_directory_is_not_read_as_tables(seed_tables: Path) -> None:
    (seed_tables / MANIFEST).unlink()
    with pytest.raises(ValidationError, match=r"_newsschema\.json: is missing"):
        list(ns.read(seed_tables, format="tables"))
    with pytest.raises(FormatError, match="the star layout but not their manifest"):
        list(ns.read(seed_tables))


def _problems(directory: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(directory))
    return caught.value.lines()


def test_a_missing_or_mistyped_table(seed_tables: Path) -> None:
    (seed_tables / "quotes.parquet").unlink()
    table = pq.read_table(seed_tables / "events.parquet")
    table = table.drop_columns(["phase_ordinal"])
    pq.write_table(table, seed_tables / "events.parquet")
    lines = _problems(seed_tables)
    assert lines[0] == f"{seed_tables}: quotes.parquet: is missing, or is not a regular file"
    assert lines[1:] == [f"{seed_tables}: events.parquet: column 'phase_ordinal' is missing"]


def _edit(directory: Path, name: str, change: object) -> None:
    path = directory / f"{name}.parquet"
    table = pq.read_table(path)
    pq.write_table(change(table), path)  # type: ignore[operator]


def test_positions_that_do_not_count_up_are_refused(seed_tables: Path) -> None:
    def swap_first_two(table: pa.Table) -> pa.Table:
        order = [1, 0, *range(2, table.num_rows)]
        return table.take(order)

    _edit(seed_tables, "quotes", swap_first_two)
    (line,) = _problems(seed_tables)
    assert line.startswith(f"{seed_tables}[0]: quotes.parquet: quote_position runs [1, 0, 2, 3")
    assert line.endswith("for article 'iraq-coalition-2021'; it must count 0, 1, 2, ... in order")


def test_rows_that_belong_to_no_article_are_refused(seed_tables: Path) -> None:
    def add_orphan(table: pa.Table) -> pa.Table:
        orphan = table.slice(0, 1).set_column(0, "article_id", pa.array(["nobody"]))
        return pa.concat_tables([table, orphan.cast(table.schema)])

    _edit(seed_tables, "comments", add_orphan)
    assert _problems(seed_tables) == [
        f"{seed_tables}: comments.parquet: has 2 rows, but the manifest says 1: the directory "
        "was changed after it was written"
    ]
    manifest = orjson.loads((seed_tables / MANIFEST).read_bytes())
    manifest["rows"]["comments"] = 2  # a manifest changed to match: the orphan is still seen
    (seed_tables / MANIFEST).write_bytes(orjson.dumps(manifest))
    assert _problems(seed_tables) == [
        f"{seed_tables}[1]: comments.parquet: has rows for article 'nobody', which is not in "
        "articles.parquet or not in its order"
    ]


def test_a_dropped_row_is_seen_through_the_manifest(seed_tables: Path) -> None:
    _edit(seed_tables, "mentions", lambda table: table.slice(1))
    assert _problems(seed_tables) == [
        f"{seed_tables}: mentions.parquet: has 85 rows, but the manifest says 86: the directory "
        "was changed after it was written"
    ]


def test_a_pipe_in_place_of_a_table_does_not_block_the_reader(seed_tables: Path) -> None:
    (seed_tables / "events.parquet").unlink()
    os.mkfifo(seed_tables / "events.parquet")
    assert _problems(seed_tables) == [
        f"{seed_tables}: events.parquet: is missing, or is not a regular file"
    ]


def test_spans_of_parts_an_article_does_not_have_are_refused(seed_tables: Path) -> None:
    def point_past_the_quotes(table: pa.Table) -> pa.Table:
        positions = table.column("owner_position").to_pylist()
        owners = table.column("owner").to_pylist()
        positions[owners.index("quote")] = 99
        index = table.schema.get_field_index("owner_position")
        return table.set_column(index, table.schema.field(index), pa.array(positions, pa.int64()))

    _edit(seed_tables, "spans", point_past_the_quotes)
    (line,) = _problems(seed_tables)
    assert line == (
        f"{seed_tables}[0]: spans.parquet: has rows for article 'iraq-coalition-2021' "
        "under ('quote', 99, None), which the article does not have"
    )


def test_a_table_read_as_a_nested_file_says_what_it_is(seed_tables: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(seed_tables / "quotes.parquet"))
    assert caught.value.lines() == [
        f"{seed_tables / 'quotes.parquet'}: a table of the star layout, not a file of the nested "
        "layout: read its folder, which its manifest (_newsschema.json) makes one input"
    ]


def test_every_nested_field_is_a_column_of_one_star_table_and_only_one() -> None:
    from newsschema.formats import star
    from newsschema.formats.arrow import NESTED_SCHEMA

    lists = {name for path in star.PARTS.values() for name in path} | {"spans"}

    def leaves(kind: pa.StructType | pa.Schema, path: tuple[str, ...]) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()
        for column in kind:
            if column.name not in lists:
                found.add((*path, column.name))
            elif pa.types.is_struct(column.type.value_type) and column.name != "spans":
                found |= leaves(column.type.value_type, (*path, column.name))
        return found

    held = {
        (*star.PARTS.get(table, ()), name)
        for table in star.TABLE_SCHEMAS
        if table != "spans"
        for name in star.own_columns(table)
        if table != "paragraphs"
    }
    assert held == leaves(NESTED_SCHEMA, ())
    # A column's nested field, for the SQL comments and the readers: renamed for joins.
    assert star.nested_name("quotes", "speaker_id") == "speaker"
    assert star.nested_name("events", "phase_ordinal") == "phase"
    assert star.nested_name("mentions", "entity_id") is None  # the layout's own
    assert star.own_columns("paragraphs") == ["paragraphs"]  # the text of each item
