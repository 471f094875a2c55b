from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsschema as ns
from newsschema import (
    Article,
    Comment,
    Qualifier,
    Section,
    Statistic,
    ValidationError,
)
from newsschema.formats import parquet
from newsschema.formats.arrow import NESTED_SCHEMA
from tests.conftest import ROOT, SEED
from tests.strategies import INT64_MAX, INT64_MIN, articles

PLUS3 = dt.timezone(dt.timedelta(hours=3))


def to_bytes(batch: list[Article], **options: int) -> bytes:
    buffer = io.BytesIO()
    assert parquet.write(buffer, batch, **options) == len(batch)  # type: ignore[arg-type]
    return buffer.getvalue()


def from_bytes(data: bytes) -> list[Article]:
    return list(ns.read(io.BytesIO(data), format="parquet"))


@given(st.lists(articles(), max_size=4))
def test_read_gives_back_what_write_wrote(batch: list[Article]) -> None:
    data = to_bytes(batch)
    back = from_bytes(data)
    assert back == batch
    assert [ns.dumps(a) for a in back] == [ns.dumps(a) for a in batch]  # offsets and all


def test_edge_values_survive() -> None:
    text = "\u200fقال\u200e «مُحَمَّد» ـــ 😀 👩\u200d👩\u200d👧 e\u0301 \u0000"
    edges = Article(
        id="edges",
        headline=text,
        language="ar",
        body=(Section(heading="", paragraphs=(text, "")), Section()),
        summary="",
        date_published=dt.datetime(2021, 12, 9, 10, 30, 0, 123456, tzinfo=PLUS3),
        statistics=tuple(
            Statistic(id=f"s{i}", value=value, qualifier=Qualifier.EXACT)
            for i, value in enumerate((INT64_MIN, INT64_MAX, -0.0, 0.0, 1e308, 5e-324, 1, 1.0))
        ),
        comments=(
            Comment(id="c", text="x", date_published=dt.datetime(1, 1, 2, tzinfo=dt.timezone.utc)),
        ),
    )
    (back,) = from_bytes(to_bytes([edges]))
    assert back == edges
    assert back.body[0].heading == ""
    assert back.body[1].heading is None
    assert back.summary == ""
    values = [s.value for s in back.statistics]
    assert [type(v) for v in values] == [int, int, float, float, float, float, int, float]
    assert str(values[2]) == "-0.0"
    assert isinstance(back.date_published, dt.datetime)
    assert back.date_published.utcoffset() == dt.timedelta(hours=3)


def test_the_seed_converts_to_parquet_and_back_to_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "seed.parquet"
    ns.write(ns.read(SEED), target)
    ns.write(ns.read(target), tmp_path / "back.json")
    assert (tmp_path / "back.json").read_bytes() == SEED.read_bytes()


def test_the_file_is_warehouse_safe(tmp_path: Path) -> None:
    target = tmp_path / "seed.parquet"
    ns.write(ns.read(SEED), target)
    metadata = pq.ParquetFile(target).metadata
    assert metadata.format_version == "2.6"
    key_values = pq.read_schema(target).metadata
    assert key_values[b"newsschema.schema_version"] == b"1"
    assert key_values[b"newsschema.version"] == ns.__version__.encode()
    schema = metadata.schema
    physical = {schema.column(i).physical_type for i in range(metadata.num_columns)}
    assert "INT96" not in physical
    for i in range(metadata.num_columns):
        column = schema.column(i)
        assert column.path.isascii()
        assert column.path == column.path.lower()
        assert "UINT" not in str(column.logical_type).upper()
        assert ".list.element" in column.path or ".list." not in column.path  # compliant lists
    text = str(schema)
    assert "MAP" not in text.upper().replace("TIMESTAMP", "")


def _empty_structs(kind: pa.DataType) -> Iterator[pa.DataType]:
    if pa.types.is_struct(kind):
        if kind.num_fields == 0:
            yield kind
        for index in range(kind.num_fields):
            yield from _empty_structs(kind.field(index).type)
    elif pa.types.is_list(kind):
        yield from _empty_structs(kind.value_type)


def test_the_schema_has_no_empty_structs_and_no_unsigned_types() -> None:
    for column in NESTED_SCHEMA:
        assert not list(_empty_structs(column.type))
        assert "uint" not in str(column.type)


def test_row_groups_are_sized_by_bytes() -> None:
    seed = ns.load(SEED)
    many = [seed] * 300
    small = pq.ParquetFile(io.BytesIO(to_bytes(many, row_group_bytes=200_000)))
    large = pq.ParquetFile(io.BytesIO(to_bytes(many)))
    assert large.num_row_groups == 1
    assert small.num_row_groups > 3
    sizes = [small.metadata.row_group(i).num_rows for i in range(small.num_row_groups)]
    assert sum(sizes) == 300
    assert len(set(sizes[:-1])) == 1  # equal groups, each one batch past the threshold


def _failing(articles: list[Article]) -> Iterator[Article]:
    yield from articles
    raise ValidationError.single("", "the source broke")


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    seed = ns.load(SEED)
    ns.write([seed], target)
    before = target.read_bytes()
    with pytest.raises(ValidationError, match="the source broke"):
        ns.write(_failing([seed] * 600), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


# Files that are not ours, or not whole.


def _problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(path))
    return caught.value.lines()


def test_a_parquet_file_that_is_not_ours(tmp_path: Path) -> None:
    target = tmp_path / "theirs.parquet"
    pq.write_table(pa.table({"id": ["a"], "headline": ["h"]}), target)
    assert _problems(target) == [
        f"{target}: not a newsschema file: its metadata has no newsschema.schema_version"
    ]


def _rewrite(source: Path, target: Path, change: object) -> None:
    table = pq.read_table(source)
    changed = change(table)  # type: ignore[operator]
    pq.write_table(changed, target)


@pytest.fixture
def seed_parquet(tmp_path: Path) -> Path:
    target = tmp_path / "seed.parquet"
    ns.write(ns.read(SEED), target)
    return target


def test_missing_extra_and_mistyped_columns(seed_parquet: Path, tmp_path: Path) -> None:
    target = tmp_path / "changed.parquet"

    def change(table: pa.Table) -> pa.Table:
        table = table.drop_columns(["quotes"]).append_column("extra", pa.array([1]))
        return table.set_column(
            table.schema.get_field_index("comment_count"),
            pa.field("comment_count", pa.string()),
            pa.array(["1"]),
        )

    _rewrite(seed_parquet, target, change)
    assert _problems(target) == [
        f"{target}: column 'quotes' is missing",
        f"{target}: column 'comment_count' is string, but must be int64",
        f"{target}: column 'extra' is not one newsschema writes",
    ]


def test_another_schema_version(seed_parquet: Path, tmp_path: Path) -> None:
    target = tmp_path / "v2.parquet"
    _rewrite(
        seed_parquet,
        target,
        lambda t: t.replace_schema_metadata({b"newsschema.schema_version": b"2"}),
    )
    assert _problems(target) == [
        f"{target}: schema_version 2 is not supported (this newsschema reads 1)"
    ]


@pytest.mark.parametrize("damage", ["empty", "head", "half", "middle"])
def test_truncated_or_corrupt_files(seed_parquet: Path, tmp_path: Path, damage: str) -> None:
    data = seed_parquet.read_bytes()
    middle = len(data) // 3
    broken = {
        "empty": b"",
        "head": data[:100],
        "half": data[: len(data) // 2],
        "middle": data[:middle] + bytes(range(256)) * 8 + data[middle + 2048 :],
    }[damage]
    target = tmp_path / "broken.parquet"
    target.write_bytes(broken)
    lines = _problems(target)
    assert len(lines) == 1
    assert lines[0].startswith(f"{target}")
    assert "Parquet" in lines[0] or "cannot be read" in lines[0]


def test_a_row_whose_encoding_is_inconsistent_names_its_row(
    seed_parquet: Path, tmp_path: Path
) -> None:
    target = tmp_path / "two-numbers.parquet"
    seed = ns.load(SEED)
    rows = [parquet.article_row(seed), parquet.article_row(seed)]
    column = NESTED_SCHEMA.get_field_index("statistics")
    statistics = list(rows[1][column])
    statistics[0] = (statistics[0][0], 1, 1.5, *statistics[0][3:])
    rows[1] = (*rows[1][:column], statistics, *rows[1][column + 1 :])
    with pq.ParquetWriter(
        target, NESTED_SCHEMA.with_metadata(pq.read_schema(seed_parquet).metadata)
    ) as writer:
        writer.write_batch(parquet.record_batch(rows, NESTED_SCHEMA))
    reader = ns.read(target)
    assert next(reader) == seed
    with pytest.raises(ValidationError) as caught:
        next(reader)
    assert caught.value.lines() == [
        f"{target}[1]: statistics[0].value: both statistics[0].value_int and statistics[0].value_float are set"
    ]


# A real engine.


@pytest.fixture
def sql(seed_parquet: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet('{seed_parquet}')")
    return connection


def test_duckdb_counts_quotes_by_speaker(sql: duckdb.DuckDBPyConnection) -> None:
    rows = sql.sql(
        """
        SELECT q.speaker, count(*) AS quotes
        FROM (SELECT unnest(quotes) AS q FROM articles)
        GROUP BY q.speaker ORDER BY quotes DESC, q.speaker
        """
    ).fetchall()
    assert rows == [
        ("brennan", 7),
        ("coalition", 5),
        ("araji", 2),
        ("biden", 1),
        ("maan", 1),
        ("un", 1),
    ]


def test_duckdb_filters_statistics_by_qualifier(sql: duckdb.DuckDBPyConnection) -> None:
    rows = sql.sql(
        """
        SELECT s.id, coalesce(s.value_int, s.value_float) AS value, s.unit
        FROM (SELECT unnest(statistics) AS s FROM articles)
        WHERE s.qualifier = 'more_than' ORDER BY s.id
        """
    ).fetchall()
    assert rows == [("s-coalition-members", 80, "دولة"), ("s-trucks", 2100, "شاحنة")]


def test_duckdb_filters_phases_by_their_earliest_date(sql: duckdb.DuckDBPyConnection) -> None:
    rows = sql.sql(
        """
        SELECT p.ordinal, p.name, p."start".edtf, p."start".earliest
        FROM (SELECT unnest(c.phases) AS p FROM (SELECT unnest(campaigns) AS c FROM articles))
        WHERE p."start".earliest >= DATE '2015-01-01'
        """
    ).fetchall()
    assert rows == [(2, "الهجوم المضاد", "2015-12~", dt.date(2015, 12, 1))]


def test_duckdb_sees_the_same_instant(tmp_path: Path) -> None:
    moment = dt.datetime(2021, 12, 9, 10, 30, tzinfo=PLUS3)
    dated = attrs.evolve(ns.load(SEED), date_published=moment)
    ns.write([dated], tmp_path / "dated.parquet")
    relation = duckdb.sql(
        "SELECT date_published, date_published_offset_minutes "
        f"FROM read_parquet('{tmp_path / 'dated.parquet'}')"
    )
    assert relation is not None
    ((published, offset),) = relation.fetchall()
    assert published == moment
    assert offset == 180


def test_a_file_written_again_by_duckdb_is_read_by_its_columns(tmp_path: Path) -> None:
    golden = ROOT / "fixtures" / "golden" / "v1" / "articles.parquet"
    copied = tmp_path / "copied.parquet"
    duckdb.sql(f"COPY (SELECT * FROM '{golden}') TO '{copied}' (FORMAT parquet)")
    with pytest.warns(ns.NotKeptWarning, match="not written by newsschema"):
        found = list(ns.read(copied))
    assert found == list(ns.read(golden))
