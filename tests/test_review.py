"""What the second outside review found in the readers, each once more (the bulk path's
findings are in test_differential.py, the dates' in test_edtf.py)."""

from __future__ import annotations

import io
import time
import warnings
from typing import Any

import attrs
import orjson
import pytest

import newsschema as ns
from newsschema.formats.jsonld.compact import parse_span
from tests.conftest import HANG, SEED

HUGE = "9" * 5000  # past Python's limit for turning digits into an int


SENTENCE = (
    "The council voted on Tuesday to expand the river park by twelve hectares after a long dispute"
)


def read_all(data: bytes, format: str) -> list[ns.Article]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(ns.read(io.BytesIO(data), format=format))


def test_a_span_written_with_5000_digits_is_not_a_span() -> None:
    with pytest.raises(ns.ValidationError, match="is not a span"):
        parse_span(f"0:0-{HUGE}", "ns:spans")


def test_a_paragraph_numbered_with_5000_digits_is_refused_as_invalid() -> None:
    document = ns.dumps(ns.load(SEED), format="jsonld")
    huge = document.replace(b'#/paragraphs/0"', f'#/paragraphs/{HUGE}"'.encode())
    assert huge != document
    with pytest.raises(ns.ValidationError):
        read_all(huge, "jsonld")


def test_a_count_written_with_5000_digits_is_not_kept() -> None:
    page = _article(commentCount=HUGE)
    (article,) = read_all(page, "jsonld")
    assert article.comment_count is None


def _article(**more: Any) -> bytes:
    return orjson.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": "https://example.com/a",
            "headline": "h",
            "inLanguage": "en",
            "articleBody": "x",
            **more,
        }
    )


def test_a_value_object_without_a_value_is_warned_not_dropped_silently() -> None:
    data = _article(alternativeHeadline=[{"@language": "ar", "@direction": "rtl"}, "another"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (article,) = ns.read(io.BytesIO(data), format="jsonld")
    said = [str(w.message) for w in caught]
    assert article.alternative_headlines == ("another",)
    assert (
        "<stream>: alternativeHeadline: a value with no @value "
        "{'@direction': 'rtl', '@language': 'ar'} is not kept"
    ) in said


def test_a_type_term_defined_as_null_is_no_type() -> None:
    data = orjson.dumps(
        {
            "@context": {"@vocab": "https://schema.org/", "x": {"@id": None}},
            "@type": ["x", "NewsArticle"],
            "@id": "https://example.com/a",
            "headline": "h",
            "inLanguage": "en",
        }
    )
    (article,) = read_all(data, "jsonld")
    assert article.headline == "h"


@pytest.mark.parametrize(
    "context",
    [
        ["https://schema.org"] * 3000,
        ["http://schema.org/", "https://schema.org"] * 200 + [{"x": {"@id": "https://a/x"}}],
    ],
    ids=["3,000 copies", "alternating spellings"],
)
def test_simple_contexts_however_many_are_read_at_once(context: list[Any]) -> None:
    data = orjson.dumps({**orjson.loads(_article()), "@context": context, "x": "y"})
    began = time.perf_counter()
    (article,) = read_all(data, "jsonld")
    assert article.headline == "h"
    assert time.perf_counter() - began < HANG


@pytest.mark.parametrize("copies", [400, 3000])
def test_string_contexts_count_towards_the_work_limit(copies: int) -> None:
    context = [
        *["https://schema.org"] * copies,
        {"x": {"@id": "https://a/x", "@container": "@set"}},
    ]
    data = orjson.dumps({**orjson.loads(_article()), "@context": context, "x": "y"})
    began = time.perf_counter()
    with pytest.raises(ns.ValidationError, match="jsonld_work"):
        read_all(data, "jsonld")
    assert time.perf_counter() - began < HANG


def test_a_context_given_again_on_each_node_costs_once_as_the_processor_keeps_it() -> None:
    node = orjson.loads(_article())
    graph = [
        {
            **node,
            "@id": f"https://example.com/{i}",
            "@context": ["https://schema.org", {"y": "https://a/y"}],
        }
        for i in range(300)
    ]
    data = orjson.dumps({"@context": "https://schema.org", "@graph": graph})
    began = time.perf_counter()
    found = read_all(data, "jsonld")  # pyld keeps the context it made: read, and soon
    assert len(found) == 300
    assert time.perf_counter() - began < HANG


def test_the_caches_of_language_tags_are_bounded() -> None:
    import langcodes

    from newsschema import checks
    from newsschema.formats.jsonld.write import is_rtl

    for number in range(20_000):
        tag = f"en-x-{number:x}"
        assert checks.language_tag_problem(tag) is None
        is_rtl(tag)
    assert checks.language_tag_problem.cache_info().currsize <= 8192
    assert is_rtl.cache_info().currsize <= 4096
    assert len(langcodes.Language._PARSE_CACHE) <= 8193
    assert len(langcodes.Language._INSTANCES) <= 8193


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_that_is_not_utf8_goes_to_the_rejects_byte_for_byte(
    tmp_path: Any, conversion_path: str, jobs: str
) -> None:
    import base64

    from tests.test_cli import run

    good = ns.dumps(ns.load(SEED), format="jsonl")
    bad = b'{"schema_version": 1, "id": "x\xff\xc0y", "headline": "\xed\xa0\x80"}'
    source = tmp_path / "in.jsonl"
    source.write_bytes(good + bad + b"\n" + good.replace(b"iraq-coalition-2021", b"again"))
    rejects = tmp_path / "bad.jsonl"
    result = run(
        "convert", str(source), "-o", str(tmp_path / "out.parquet"), "--rejects", str(rejects),
        "--jobs", jobs,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    (entry,) = map(orjson.loads, rejects.read_bytes().splitlines())
    assert entry["where"] == ":2"
    assert "record" not in entry
    assert base64.b64decode(entry["record_base64"]) == bad
    assert len(list(ns.read(tmp_path / "out.parquet"))) == 2


def _graph_with_context(context: Any) -> bytes:
    out = io.BytesIO()
    ns.write([ns.load(SEED), attrs.evolve(ns.load(SEED), id="b")], out, format="jsonld")
    document = orjson.loads(out.getvalue())
    node = document["@graph"][0]
    node["@context"] = context
    node["realHeadline"] = "REAL"
    return orjson.dumps(document)


def test_a_context_on_a_node_of_the_graph_is_read_as_the_processor_reads_it() -> None:
    data = _graph_with_context(
        {
            "headline": "http://schema.org/alternativeHeadline",
            "realHeadline": "http://schema.org/headline",
        }
    )
    first, second = read_all(data, "jsonld")
    assert first.headline == "REAL"
    assert ns.load(SEED).headline in first.alternative_headlines
    assert second.headline == ns.load(SEED).headline


def test_a_remote_context_on_a_node_of_the_graph_is_refused_as_everywhere() -> None:
    with pytest.raises(ns.ValidationError, match=r"remote context 'https://example\.com/ctx'"):
        read_all(_graph_with_context("https://example.com/ctx"), "jsonld")


def test_the_blocks_of_a_page_share_the_work_limit_and_those_past_it_are_passed_over() -> None:
    block = orjson.dumps(
        {
            "@context": ["https://schema.org"] * 25
            + [{"x": {"@id": "https://a/x", "@container": "@set"}}],
            "@type": "WebPage",
            "x": "y",
        }
    ).decode()
    blocks = "".join(f'<script type="application/ld+json">{block}</script>' for _ in range(40))
    article = orjson.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The story"}
    ).decode()
    text = "".join(f"<p>{SENTENCE} {n}.</p>" for n in range(6))
    page = (
        f'<html lang=en><head><script type="application/ld+json">{article}</script>{blocks}'
        f"</head><body><article>{text}</article></body></html>"
    )
    began = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ns.NotKeptWarning)
        (found,) = ns.read(io.BytesIO(page.encode()), format="html")  # never refused for them
    assert time.perf_counter() - began < HANG
    assert found.headline == "The story"
    assert len(found.paragraphs) == 6
    passed = [str(w.message) for w in caught if "was passed over" in str(w.message)]
    assert 0 < len(passed) < 40
    assert "jsonld_work" in passed[0]
