"""Every reader, fed mutated input, raises nothing but ``ValidationError``.

Mutations start from valid documents (the seed, and the v1 goldens with their edge values):
values replaced anywhere in the JSON tree by values of any type (big integers, deep nesting,
bidi marks, NUL), keys added and removed, bytes flipped, inserted and cut. Bounded so that the
suite stays quick; ``HYPOTHESIS_PROFILE=deep`` runs many more, and ``fuzz/`` has a
coverage-guided harness for long runs (see docs/guarantees.md).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import warnings
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsschema as ns
from tests.conftest import ROOT, SEED, examples

GOLDEN = ROOT / "fixtures" / "golden" / "v1"
PAGES = sorted((ROOT / "fixtures" / "pages").rglob("*.html"))

FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(
        ["", "\u200f", "\x00", "٣", "²", "0:0-5", "2021-12-09", "@id", "ns:x", "http://schema.org/"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(tree: Any) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = [()]
    todo: list[tuple[tuple[Any, ...], Any]] = [((), tree)]
    while todo:
        path, value = todo.pop()
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, inner in items:
            found.append((*path, key))
            todo.append(((*path, key), inner))
    return found


@st.composite
def mutated(draw: st.DrawFn, tree: Any) -> Any:
    """The tree with a few of its values replaced, removed, or given a sibling."""
    tree = copy.deepcopy(tree)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(tree)))
        if not path:
            return draw(json_values)
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add", "deepen"]))
        key = path[-1]
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[
                draw(
                    st.text(max_size=12)
                    | st.sampled_from(
                        ["@id", "@type", "@list", "@context", "@value", "ns:spans", "headline"]
                    )
                )
            ] = draw(json_values)
        elif action == "deepen":
            value: Any = parent[key]
            for _ in range(draw(st.sampled_from([5, 120, 600]))):
                value = [value]
            parent[key] = value
    return tree


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes with a few flipped, inserted or cut."""
    mutable = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "insert", "cut", "truncate"]))
        where = draw(st.integers(0, max(len(mutable) - 1, 0)))
        if action == "flip" and mutable:
            mutable[where] = draw(st.integers(0, 255))
        elif action == "insert":
            mutable[where:where] = draw(
                st.binary(min_size=1, max_size=8)
                | st.sampled_from(
                    [b'"', b"{", b"]", b"\\", b"\xff", b"<script>", b"</script>", b"\xd8\xa8"]
                )
            )
        elif action == "cut":
            del mutable[where : where + draw(st.integers(1, 64))]
        elif action == "truncate":
            del mutable[where:]
    return bytes(mutable)


def dumps(document: Any) -> bytes:
    """JSON of a mutated tree (orjson stops at 255 levels; the mutations go deeper)."""
    return json.dumps(document, ensure_ascii=False).encode()


def read_quietly(data: bytes, format: str) -> None:
    """Read every record; only ValidationError may come out (warnings are allowed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for _ in ns.read(io.BytesIO(data), format=format):
                pass
        except ns.ValidationError:
            pass


def _written_with(format: str, every: list[ns.Article] | None = None, **options: Any) -> bytes:
    data = io.BytesIO()
    every = every or [ns.load(SEED), *list(ns.read(GOLDEN / "articles.json"))[1:]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ns.write(every, data, format=format, **options)
    return data.getvalue()


def _document(format: str) -> Any:
    return orjson.loads(_written_with(format))


SEED_JSON = orjson.loads(ns.dumps(ns.load(SEED)))
EDGES_JSON = orjson.loads((GOLDEN / "articles.json").read_bytes())[1]
JSONLD = _document("jsonld")


@FUZZ
@given(st.one_of(mutated(SEED_JSON), mutated(EDGES_JSON)))
def test_json_reader(document: Any) -> None:
    read_quietly(dumps(document), "json")


@FUZZ
@given(mutated_bytes(ns.dumps(ns.load(SEED))))
def test_json_reader_on_bytes(data: bytes) -> None:
    read_quietly(data, "json")


@FUZZ
@given(st.lists(st.one_of(mutated(SEED_JSON), mutated(EDGES_JSON)), min_size=1, max_size=3))
def test_jsonl_reader(documents: list[Any]) -> None:
    read_quietly(b"\n".join(dumps(d) for d in documents), "jsonl")


@FUZZ
@given(mutated(JSONLD))
def test_jsonld_reader(document: Any) -> None:
    read_quietly(dumps(document), "jsonld")


@FUZZ
@given(mutated_bytes(orjson.dumps(JSONLD)))
def test_jsonld_reader_on_bytes(data: bytes) -> None:
    read_quietly(data, "jsonld")


@FUZZ
@given(st.sampled_from(PAGES).flatmap(lambda page: mutated_bytes(page.read_bytes())))
def test_html_reader(data: bytes) -> None:
    read_quietly(data, "html")


@FUZZ
@given(
    st.sampled_from(
        [
            "utf-8",
            "idna",
            "punycode",
            "undefined",
            "unicode_escape",
            "utf-16",
            "x",
            "rot13",
            "base64",
            "hex",
            "windows-1256",
            "utf-32",
            "",
        ]
    ),
    mutated(
        orjson.loads(
            b'{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "caf\xc3\xa9", "inLanguage": "fr", "articleBody": "b"}'
        )
    ),
)
def test_html_reader_with_any_charset_and_block(charset: str, block: Any) -> None:
    page = f'<html><head><meta charset="{charset}"><script type="application/ld+json">'
    read_quietly(page.encode() + dumps(block) + b"</script></head></html>", "html")


NINJS_ITEMS = [
    orjson.loads(path.read_bytes()) for path in sorted((ROOT / "fixtures" / "ninjs").glob("*.json"))
]
NINJS_EXTENDED = orjson.loads(_written_with("ninjs", extension=True))


@FUZZ
@given(st.one_of(*(mutated(item) for item in [*NINJS_ITEMS, NINJS_EXTENDED])))
def test_ninjs_reader(document: Any) -> None:
    read_quietly(dumps(document), "ninjs")


@FUZZ
@given(mutated_bytes(orjson.dumps(NINJS_EXTENDED)))
def test_ninjs_reader_on_bytes(data: bytes) -> None:
    read_quietly(data, "ninjs")


PARQUET = (GOLDEN / "articles.parquet").read_bytes()


@FUZZ
@given(mutated_bytes(PARQUET))
def test_parquet_reader(data: bytes) -> None:
    read_quietly(data, "parquet")


TABLE_NAMES = sorted(path.name for path in (GOLDEN / "articles.tables").iterdir())


@settings(FUZZ, max_examples=examples(30))
@given(
    st.sampled_from(TABLE_NAMES).flatmap(
        lambda name: st.tuples(
            st.just(name), mutated_bytes((GOLDEN / "articles.tables" / name).read_bytes())
        )
    )
)
def test_tables_reader(tmp_path_factory: pytest.TempPathFactory, damage: tuple[str, bytes]) -> None:
    name, data = damage
    directory = tmp_path_factory.mktemp("tables")
    for path in (GOLDEN / "articles.tables").iterdir():
        (directory / path.name).write_bytes(data if path.name == name else path.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for _ in ns.read(Path(directory), format="tables"):
                pass
        except ns.ValidationError:
            pass


@FUZZ
@given(st.text(max_size=40) | mutated(SEED_JSON).map(lambda d: dumps(d).decode()))
def test_loads_of_any_text(text: str) -> None:
    with contextlib.suppress(ns.ValidationError):
        ns.loads(text)


@functools.cache  # once: warcio stamps each record with a new id and the time
def _crawl(compressed: bool) -> bytes:
    """A small crawl: a request, a page and a robots.txt, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    page = (ROOT / "fixtures" / "pages" / "english-news.html").read_bytes()
    request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://a/", "request", http_headers=request))
    for url, body, kind in (
        (("https://a/"), page, "text/html"),
        ("https://a/robots.txt", b"x", "text/plain"),
    ):
        http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


@FUZZ
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@given(st.booleans().flatmap(lambda compressed: mutated_bytes(_crawl(compressed))))
def test_warc_reader(data: bytes) -> None:
    pytest.importorskip("warcio")
    read_quietly(data, "warc")
