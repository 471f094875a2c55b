"""Databases as sinks, real ones: DuckDB and SQLite files, loaded, re-loaded, killed, queried.

Every load goes through the real database (no mock): what it holds is read back by
newsschema and asked by SQL the database runs itself.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema.formats import Written
from newsschema.formats.sql import columns
from newsschema.formats.tables import TABLE_SCHEMAS
from tests.conftest import ROOT, SEED, examples
from tests.strategies import articles
from tests.test_cli import run

KINDS = ("duckdb", "sqlite", "postgresql")
GOLDEN = ROOT / "fixtures" / "golden" / "v1" / "articles.json"


def _articles(count: int, prefix: str = "a", *, nul: bool = True) -> list[ns.Article]:
    """Articles of the seed and the golden set; ``nul=False`` leaves out the one holding
    U+0000 (which PostgreSQL's text cannot hold, and refuses)."""
    base = [ns.load(SEED), *list(ns.read(GOLDEN))[1:]]
    if not nul:
        base = [article for article in base if "\\x00" not in repr(article)]
    return [attrs.evolve(base[n % len(base)], id=f"{prefix}-{n}") for n in range(count)]


class Sink:
    """A database of one kind for a test: its target name, and SQL run by the database."""

    def __init__(self, kind: str, target: str, path: Path | None) -> None:
        self.kind, self.target, self.path = kind, target, path

    def articles(self, count: int, prefix: str = "a") -> list[ns.Article]:
        return _articles(count, prefix, nul=self.kind != "postgresql")

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        if self.kind == "duckdb":
            with duckdb.connect(str(self.path)) as duck:
                return list(duck.execute(statement).fetchall())
        if self.kind == "sqlite":
            assert self.path is not None
            with sqlite3.connect(self.path) as lite:
                return list(lite.execute(statement).fetchall())
        import adbc_driver_postgresql.dbapi as dbapi

        uri = self.target
        with dbapi.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(statement.strip().removesuffix(";"))  # the driver wraps it in COPY
            return [] if cursor.description is None else cursor.fetchall()

    def rows(self, table: str) -> int:
        found = self.sql(f'SELECT count(*) FROM "{table}"')[0][0]
        assert isinstance(found, int)
        return found

    def counts(self) -> dict[str, int]:
        return {table: self.rows(table) for table in TABLE_SCHEMAS}

    def tables(self) -> list[str]:
        if self.kind == "sqlite":
            return [
                str(r[0]) for r in self.sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
        schema = "current_schema()" if self.kind == "postgresql" else "'main'"
        query = f"SELECT table_name FROM information_schema.tables WHERE table_schema = {schema}"
        return [str(row[0]) for row in self.sql(query)]


def _sink(kind: str, folder: Path, request: pytest.FixtureRequest) -> Sink:
    if kind == "postgresql":
        return Sink(kind, str(request.getfixturevalue("postgresql")), None)
    path = folder / f"news.{kind}"
    return Sink(kind, f"{kind}:{path}", path)


@pytest.fixture(params=KINDS)
def sink(request: pytest.FixtureRequest, tmp_path: Path) -> Sink:
    return _sink(str(request.param), tmp_path, request)


def test_a_load_reads_back_exactly_in_load_order(sink: Sink) -> None:
    first, second = sink.articles(5), sink.articles(3, "b")
    assert ns.write(first, sink.target) == 5
    assert ns.write(second, sink.target) == 3
    assert list(ns.read(sink.target)) == first + second  # the order they were loaded in
    chosen = list(ns.read(sink.target, where="a.article_id LIKE 'b-%'"))
    assert chosen == second


def _canonical(article: ns.Article) -> bytes:
    import io

    stream = io.BytesIO()
    ns.write([article], stream, format="jsonl")
    return stream.getvalue()


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(found=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda article: article.id))
def test_generated_articles_read_back_exactly_from_every_database(
    found: list[ns.Article], postgresql: str
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for kind in KINDS:
            target = postgresql if kind == "postgresql" else f"{kind}:{Path(folder) / kind}"
            if kind == "postgresql" and any(b"\\u0000" in _canonical(a) for a in found):
                with pytest.raises(ns.ValidationError, match="U\\+0000"):
                    ns.write(found, target, replace=True)
                continue
            ns.write(found, target, replace=True)
            assert list(ns.read(target)) == found
            ns.write(found, target, upsert=True)  # again, by id: one row each still
            assert list(ns.read(target)) == found


def test_a_second_load_of_the_same_ids_is_refused_and_changes_nothing(sink: Sink) -> None:
    first = sink.articles(4)
    ns.write(first, sink.target)
    before = sink.counts()
    again = [*sink.articles(2, "new"), first[1]]
    with pytest.raises(ns.ValidationError, match="'a-1' already"):
        ns.write(again, sink.target)
    assert sink.counts() == before  # the new ones were not kept
    assert list(ns.read(sink.target)) == first


def test_an_upsert_replaces_every_row_of_its_ids_and_adds_the_rest(
    sink: Sink, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    old = sink.articles(4)
    ns.write(old, sink.target)
    other = attrs.evolve(sink.articles(3)[2], id="a-0")  # other parts: fewer quotes, no phases
    final = [other, *old[1:], *sink.articles(1, "new")]
    written = ns.write(final, sink.target, upsert=True)
    assert isinstance(written, Written)
    assert (written.added, written.replaced, written.unchanged) == (1, 4, 0)
    assert list(ns.read(sink.target)) == final  # each where this load put it
    after = sink.counts()
    ns.write(final, sink.target, replace=True)  # the same articles, loaded once, anew
    assert after == sink.counts()  # no row left over from the replaced articles


def test_replace_makes_the_tables_anew(sink: Sink) -> None:
    ns.write(sink.articles(4), sink.target)
    written = ns.write(sink.articles(2, "b"), sink.target, replace=True)
    assert written == 2
    assert [article.id for article in ns.read(sink.target)] == ["b-0", "b-1"]


def test_an_id_twice_in_one_load_is_refused_whole(sink: Sink) -> None:
    ns.write(sink.articles(1, "x"), sink.target)
    with pytest.raises(ns.ValidationError, match="'a-0' twice"):
        ns.write([*sink.articles(3), sink.articles(1)[0]], sink.target)
    assert [article.id for article in ns.read(sink.target)] == ["x-0"]


def _without_key(kind: str) -> str:
    """The layout's articles table, made by another tool that left out the primary key."""
    made = columns.create(kind, ["articles"])[0]
    if kind == "sqlite":
        return re.sub(r",( +--[^\n]*)\n +PRIMARY KEY \(\"article_id\"\)", r"\1", made)
    return made.replace(',\n    PRIMARY KEY ("article_id")', "")


@pytest.mark.parametrize(
    ("table", "said"),
    [("quotes", "columns not ours: mood; columns missing"), ("articles", "its key is ()")],
)
def test_a_table_another_tool_made_is_refused_not_altered(
    sink: Sink, table: str, said: str
) -> None:
    if table == "quotes":
        sink.sql('CREATE TABLE quotes (article_id TEXT, "text" TEXT, mood TEXT)')
    else:
        sink.sql(_without_key(sink.kind))
    with pytest.raises(ns.FormatError, match=re.escape(said)) as refused:
        ns.write(sink.articles(1), sink.target)
    assert "\n" not in str(refused.value)
    assert "was not made by newsschema" in str(refused.value)
    assert sink.rows(table) == 0  # left as it was
    assert not {"entities", "spans"} & set(sink.tables())  # nothing made beside it


def test_the_keys_and_required_columns_are_the_databases_own(sink: Sink) -> None:
    ns.write(sink.articles(1), sink.target)
    duplicate = "INSERT INTO quotes SELECT * FROM quotes LIMIT 1"
    missing = "INSERT INTO articles (article_id) VALUES ('no-headline')"
    for statement in (duplicate, missing):
        with pytest.raises(Exception, match=r"(?i)constraint|unique|null|primary"):
            sink.sql(statement)


def _failing(batches: Iterable[ns.Article], after: int) -> Iterator[ns.Article]:
    for number, article in enumerate(batches):
        if number == after:
            raise RuntimeError("the source broke")
        yield article


def test_a_load_that_fails_midway_leaves_the_database_as_it_was(sink: Sink) -> None:
    first = sink.articles(3)
    ns.write(first, sink.target)
    many = sink.articles(3000, "b")  # several batches before the failure
    with pytest.raises(RuntimeError, match="the source broke"):
        ns.write(_failing([*first[:1], *many], after=2500), sink.target, upsert=True)
    assert list(ns.read(sink.target)) == first


KILLER = """
import os, sys
import attrs
import newsschema as ns
from newsschema.formats.sql import duckdb, postgresql, sqlite

target, kill_at, seed = sys.argv[1], int(sys.argv[2]), ns.load(sys.argv[3])
calls = [0]
sink = {"duckdb": duckdb._DuckDB, "sqlite": sqlite._SQLite}.get(
    target.split(":")[0], postgresql._PostgreSQL
)
kept = sink.insert


def insert(self, table, rows):
    calls[0] += 1
    if calls[0] == kill_at:
        os._exit(9)  # as SIGKILL leaves it: no rollback, no close
    return kept(self, table, rows)


sink.insert = insert
changed = [attrs.evolve(seed, id=f"c-{n}", headline=f"new {n}") for n in range(3)]
ns.write(changed + [attrs.evolve(seed, id="d-0")], target, upsert=True)
print(calls[0])
"""


def test_an_upsert_killed_at_any_insert_reads_as_before_or_after(sink: Sink) -> None:
    seed = ns.load(SEED)
    before = [attrs.evolve(seed, id=f"c-{n}") for n in range(3)]

    def attempt(kill_at: int) -> subprocess.CompletedProcess[str]:
        if sink.path is not None:
            for stale in sink.path.parent.glob(f"{sink.path.name}*"):  # a kill's WAL, journal
                stale.unlink()
        ns.write(before, sink.target, replace=True)
        return subprocess.run(
            [sys.executable, "-c", KILLER, sink.target, str(kill_at), str(SEED)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    whole = attempt(0)
    assert whole.returncode == 0, whole.stderr
    inserts = int(whole.stdout)
    after = list(ns.read(sink.target))
    assert [article.id for article in after] == ["c-0", "c-1", "c-2", "d-0"]
    for kill_at in range(1, inserts + 1):
        killed = attempt(kill_at)
        assert killed.returncode == 9, killed.stderr
        assert list(ns.read(sink.target)) in (before, after), f"killed at insert {kill_at}"


def _queries(dialect: str) -> list[str]:
    page = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    section = page.split("## Databases: DuckDB, SQLite and PostgreSQL", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)
    said = ("-- duckdb", "-- sqlite", "-- postgresql")
    return [
        block for block in blocks if not block.startswith(said) or block.startswith(f"-- {dialect}")
    ]


def test_the_warehouse_pages_queries_run_on_each_database(sink: Sink) -> None:
    ns.write(ns.read(SEED), sink.target)
    queries = _queries(sink.kind)
    assert len(queries) == 4
    results = [sink.sql(query) for query in queries]
    assert results[0][0] == ("جون و. برينان", 7)
    assert ("more_than", 2, 2180) in [(q, n, int(t)) for q, n, t in results[1]]  # type: ignore[call-overload]
    assert [bool(matches) for _, matches in results[2]] == [True] * 9
    assert results[3] == [(1, "التفكيك", "2015-12~")]


@pytest.mark.parametrize("dialect", columns.DIALECTS)
def test_every_table_and_column_is_described(dialect: str) -> None:
    for table, schema in TABLE_SCHEMAS.items():
        assert columns.comment(table)
        for field in schema:
            assert columns.comment(table, field.name), (table, field.name)
    text = columns.ddl(dialect)
    assert text.count("CREATE TABLE") == len(TABLE_SCHEMAS)


def test_the_printed_sql_makes_the_tables_the_sinks_make(tmp_path: Path) -> None:
    for kind in ("duckdb", "sqlite"):
        printed = run("schema", "--sql", kind)
        assert printed.returncode == 0, printed.stderr
        path = tmp_path / f"made.{kind}"
        if kind == "duckdb":
            with duckdb.connect(str(path)) as connection:
                for statement in printed.stdout.split(";\n"):
                    if statement.strip():
                        connection.execute(statement)
        else:
            with sqlite3.connect(path) as connection:
                connection.executescript(printed.stdout)
        written = ns.write(_articles(2), f"{kind}:{path}")  # taken as its own: not refused
        assert written == 2
    with duckdb.connect() as connection:  # and the PostgreSQL text at least parses as SQL
        assert "jsonb" in columns.ddl("postgresql")
        assert connection is not None


def test_the_command_line_loads_re_runs_and_reads_back(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ns.write(_articles(4), source)
    target = f"duckdb:{tmp_path / 'news.duckdb'}"
    assert run("convert", str(source), "-o", target).returncode == 0
    again = run("convert", str(source), "-o", target)
    assert again.returncode == 1
    assert "holds that article already" in again.stderr
    rejects = tmp_path / "rejects.jsonl"
    set_aside = run("convert", str(source), "-o", target, "--rejects", str(rejects))
    assert "4 rejected" in set_aside.stderr
    upserted = run("convert", str(source), "-o", target, "--upsert")
    assert upserted.returncode == 0, upserted.stderr
    assert "0 added, 4 replaced" in upserted.stderr
    back = tmp_path / "back.jsonl"
    assert run("convert", target, "-o", str(back)).returncode == 0
    assert back.read_bytes() == source.read_bytes()
    arabic = run("convert", target, "-o", "-", "-O", "where=a.language = 'ar'")
    assert arabic.stdout.count("\n") == 2  # a-0 and a-2: the seed's language
    wrong = run("convert", str(source), "-o", "-", "-O", "where=a.language = 'ar'")
    assert wrong.returncode == 2
    assert "database input" in wrong.stderr


def test_a_missing_or_foreign_file_is_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    for target in (f"sqlite:{garbage}", f"duckdb:{tmp_path / 'none.duckdb'}"):
        result = run("convert", target, "-o", "-")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert target.split(":", 1)[1] in result.stderr


def test_an_arrow_batch_keeps_its_types_in_duckdb(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    ns.write(ns.read(SEED), f"duckdb:{path}")
    with duckdb.connect(str(path), read_only=True) as connection:
        kinds = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'phases'"
            ).fetchall()
        )
    assert kinds["end"].startswith("STRUCT(edtf VARCHAR")
    assert kinds["labels"].endswith("[]")
    assert pa.types  # Arrow in, Arrow out: no row-by-row path for DuckDB


def test_sqlite_waits_for_another_writers_lock_then_loads(tmp_path: Path) -> None:
    path = tmp_path / "news.sqlite"
    ns.write(_articles(1, "x"), f"sqlite:{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import newsschema as ns, sys; from tests.test_databases import _articles; "
         "ns.write(_articles(2), 'sqlite:' + sys.argv[1])", str(path)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert writer.poll() is None  # waiting, not failing
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert writer.wait(timeout=60) == 0
    assert [article.id for article in ns.read(f"sqlite:{path}")] == ["x-0", "a-0", "a-1"]


def test_postgresql_from_the_command_line_in_a_schema_of_its_own(
    postgresql: str, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    ns.write(_articles(3, nul=False), source)
    loaded = run("convert", str(source), "-o", postgresql, "-O", "schema=raw")
    assert loaded.returncode == 0, loaded.stderr
    rejects = tmp_path / "rejects.jsonl"
    again = run("convert", str(source), "-o", postgresql, "-O", "schema=raw", "--rejects",
                str(rejects))  # fmt: skip
    assert "0 written" in again.stderr
    assert "3 rejected" in again.stderr  # the schema's ids were looked up, and set aside
    back = run("convert", postgresql, "-o", "-", "-O", "schema=raw")
    assert back.returncode == 0, back.stderr
    assert back.stdout.encode() == source.read_bytes()
    empty = run("convert", postgresql, "-o", "-")  # the default schema holds none
    assert empty.returncode == 1
    assert "no articles table" in empty.stderr


def test_a_password_is_never_shown(tmp_path: Path) -> None:
    target = f"postgresql://etl:hunter2@/news?host={tmp_path}&port=5"
    result = run("convert", str(SEED), "-o", target)
    assert result.returncode != 0
    assert "hunter2" not in result.stderr
    assert "postgresql://etl:…@/news" in result.stderr
    assert "Traceback" not in result.stderr


# DuckDB's nested layout: one articles table of STRUCT and LIST columns


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(found=st.lists(articles(), min_size=1, max_size=3, unique_by=lambda article: article.id))
def test_duckdb_nested_layout_reads_back_generated_articles_exactly(
    found: list[ns.Article], tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = f"duckdb:{tmp_path_factory.mktemp('nested') / 'news.duckdb'}"
    assert ns.write(found, target, layout="nested") == len(found)
    back = list(ns.read(target))
    assert [_canonical(a) for a in back] == [_canonical(a) for a in found]


def test_duckdb_nested_layout_loads_upserts_and_is_queried_as_our_parquet(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.duckdb"
    target = f"duckdb:{path}"
    first, second = _articles(4), _articles(3, "b")
    assert ns.write(first, target, layout="nested") == 4
    with pytest.raises(ns.ValidationError, match="holds the id 'a-0' already"):
        ns.write(first[:1], target, layout="nested")
    changed = attrs.evolve(first[1], headline="Changed")
    written = ns.write([changed, *second], target, layout="nested", upsert=True)
    assert written == Written(3, 1, 3)
    assert list(ns.read(target)) == [first[0], first[2], first[3], changed, *second]
    assert list(ns.read(target, where="a.id LIKE 'b-%'")) == second
    # One row per article, keyed by id; the SQL written for our nested Parquet runs as it is.
    parquet = tmp_path / "news.parquet"
    ns.write(ns.read(target), parquet)
    query = (
        "SELECT a.id, q.speaker, count(*) FROM {} a, unnest(a.quotes) AS t(q) "
        "GROUP BY ALL ORDER BY ALL"
    )
    with duckdb.connect(str(path)) as duck:
        in_database = duck.execute(query.format("articles")).fetchall()
        key = duck.execute(
            "SELECT constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND table_name = 'articles'"
        ).fetchone()
        described = duck.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'articles' "
            "AND column_name = 'quotes'"
        ).fetchone()
    with duckdb.connect() as duck:
        in_parquet = duck.execute(query.format(f"read_parquet('{parquet}')")).fetchall()
    assert in_database == in_parquet
    assert in_database  # the seed's quotes, by speaker
    assert key == (["id"],)
    assert described is not None
    assert described[0] == "What it reports as said."  # from the model's docs


def test_a_database_keeps_one_layout_and_says_which(tmp_path: Path) -> None:
    target = f"duckdb:{tmp_path / 'news.duckdb'}"
    ns.write(_articles(1), target, layout="nested")
    with pytest.raises(ns.FormatError, match=r"holds the nested layout, and this load is the star"):
        ns.write(_articles(1, "b"), target)
    assert ns.write(_articles(2, "c"), target, replace=True) == 2  # --force: the star layout
    assert len(list(ns.read(target))) == 2
    with pytest.raises(ns.FormatError, match=r"give -O layout=tables, or --force"):
        ns.write(_articles(1, "d"), target, layout="nested")
    lite = f"sqlite:{tmp_path / 'news.sqlite'}"
    with pytest.raises(ns.FormatError, match="a sqlite database takes 'tables'"):
        ns.write(_articles(1), lite, layout="nested")
    done = run("convert", str(SEED), "-o", lite, "-O", "layout=flat")
    assert done.returncode == 2
    assert "option layout='flat': choose 'tables' or 'nested'" in done.stderr


def test_duckdb_memory_limit_bounds_a_load_and_running_out_is_one_line(tmp_path: Path) -> None:
    target = f"duckdb:{tmp_path / 'news.duckdb'}"
    first = _articles(20)
    ns.write(first, target, memory_limit="64MB")
    assert [a.id for a in ns.read(target)] == [a.id for a in first]
    with pytest.raises(ns.FormatError, match="memory_limit='lots' is not a size DuckDB takes"):
        ns.write(_articles(5, "b"), target, memory_limit="lots")
    with pytest.raises(ns.FormatError, match=r"news\.duckdb: Out of Memory Error") as said:
        ns.write(_articles(400, "c"), target, memory_limit="1MB")
    assert "\n" not in str(said.value)
    assert list(ns.read(target)) == first  # the load undone whole


def _keyed_tables(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as duck:
        found = duck.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
            "ORDER BY table_name"
        ).fetchall()
    return [str(row[0]) for row in found]


def test_duckdb_keys_on_articles_only_keep_one_row_per_id_and_read_back(tmp_path: Path) -> None:
    keyed, bare = (Sink("duckdb", f"duckdb:{tmp_path / n}", tmp_path / n) for n in ("k", "b"))
    old = _articles(4)
    ns.write(old, keyed.target)
    ns.write(old, bare.target, keys="articles")
    assert _keyed_tables(tmp_path / "b") == ["articles"]
    assert len(_keyed_tables(tmp_path / "k")) == len(TABLE_SCHEMAS) - 1  # all but spans
    with pytest.raises(ns.ValidationError, match="'a-1' already"):
        ns.write([*_articles(1, "new"), old[1]], bare.target)
    final = [attrs.evolve(_articles(3)[2], id="a-0"), *old[1:], *_articles(1, "new")]
    for sink in (keyed, bare):  # a load that does not say keys= keeps the tables' own
        ns.write(final, sink.target, upsert=True)
        assert list(ns.read(sink.target)) == final
    assert bare.counts() == keyed.counts()  # no row of a replaced article left over
    assert _keyed_tables(tmp_path / "b") == ["articles"]


def test_duckdb_part_tables_keyed_unlike_each_other_are_refused(tmp_path: Path) -> None:
    target = f"duckdb:{tmp_path / 'news.duckdb'}"
    ns.write(_articles(2), target, keys="articles")
    with duckdb.connect(str(tmp_path / "news.duckdb")) as duck:  # another tool keys one part
        duck.execute("ALTER TABLE quotes ADD PRIMARY KEY (article_id, quote_position)")
    with pytest.raises(ns.FormatError, match="table 'quotes' was not made by newsschema"):
        ns.write(_articles(1, "new"), target)
    with pytest.raises(ns.FormatError, match="keys='some': choose 'all' or 'articles'"):
        ns.write(_articles(1, "new"), target, keys="some")  # type: ignore[arg-type]
    with pytest.raises(ns.ValidationError, match="table 'quotes' was not made by newsschema"):
        list(ns.read(target))  # nor read as ours
    with duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True) as duck:
        assert duck.execute("SELECT article_id FROM articles").fetchall() == [("a-0",), ("a-1",)]


def test_a_part_table_of_no_key_is_another_tools_where_keys_are_always_made(
    tmp_path: Path,
) -> None:  # only DuckDB makes part tables without keys (keys="articles")
    path = tmp_path / "news.sqlite"
    with sqlite3.connect(path) as lite:
        for statement in columns.create("sqlite", ["quotes"], keyed=False):
            lite.execute(statement)
    with pytest.raises(ns.FormatError, match=r"table 'quotes' was not made by newsschema \(its"):
        ns.write(_articles(1), f"sqlite:{path}")
    with sqlite3.connect(path) as lite:
        assert lite.execute("SELECT name FROM sqlite_master").fetchall() == [("quotes",)]
