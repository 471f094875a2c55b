"""Inputs that were once accepted though wrong, or that crashed a reader: each now refused cleanly."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsschema as ns
from newsschema import LanguageMap, ValidationError
from newsschema.io import read_records
from tests.conftest import SEED

SEED_BYTES = ns.dumps(ns.load(SEED))


def problems(data: bytes | str, format: str = "json") -> list[str]:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(io.BytesIO(data.encode() if isinstance(data, str) else data), format=format))
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_a_duplicate_key_is_refused(format: str) -> None:
    data = SEED_BYTES.replace(
        b'"id": "iraq-coalition-2021"', b'"id": "x", "id": "iraq-coalition-2021"', 1
    )
    if format == "jsonl":
        data = orjson.dumps(orjson.loads(SEED_BYTES)).replace(
            b'"id":"iraq-coalition-2021"', b'"id":"x","id":"iraq-coalition-2021"', 1
        )
    assert problems(data, format) == ["not valid JSON: the key 'id' appears twice in one object"]


def test_a_duplicate_key_behind_escaped_quotes_is_still_found() -> None:
    data = SEED_BYTES.replace(b'"headline": "', b'"headline": "\\"x\\": ", "headline": "', 1)
    assert problems(data) == ["not valid JSON: the key 'headline' appears twice in one object"]


def test_an_integer_beyond_64_bits_is_not_turned_into_a_float() -> None:
    document = orjson.loads(SEED_BYTES)
    document["statistics"][0]["value"] = 1
    data = orjson.dumps(document).replace(b'"value":1,', b'"value":18446744073709551616,', 1)
    assert problems(data) == [
        "not valid JSON: the integer 18446744073709551616 does not fit in 64 bits"
    ]


@pytest.mark.parametrize("version", [b"1.0", b"true"])
def test_the_schema_version_is_the_integer_1(version: bytes) -> None:
    data = SEED_BYTES.replace(b'"schema_version": 1', b'"schema_version": ' + version, 1)
    assert problems(data) == [
        f"schema_version {orjson.loads(version)!r} is not supported (this newsschema reads 1)"
    ]


def test_equal_language_maps_hash_alike_and_write_alike() -> None:
    first, second = LanguageMap({"en": "a", "fr": "b"}), LanguageMap({"fr": "b", "en": "a"})
    assert first == second
    assert hash(first) == hash(second)
    seed = ns.load(SEED)
    import attrs

    one = attrs.evolve(seed, translations=first)
    other = attrs.evolve(seed, translations=second)
    assert one == other
    assert hash(one.translations) == hash(other.translations)
    assert ns.dumps(one) == ns.dumps(other)


def _our_jsonld() -> dict[str, Any]:
    buffer = io.BytesIO()
    ns.write([ns.load(SEED)], buffer, format="jsonld")
    document: dict[str, Any] = orjson.loads(buffer.getvalue())
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"headline": 5}, "headline: expected a string, got the number 5"),
        ({"headline": True}, "headline: expected a string, got true"),
        (
            {"ns:schemaVersion": True},
            "schema_version True is not supported (this newsschema reads 1)",
        ),
        ({"headline": ["a", "b"]}, "headline: has 2 values, but holds one"),
        (
            {"ns:datelineSpan": "٠:0-5"},
            "ns:datelineSpan: '٠:0-5' is not a span (paragraph:start-end)",
        ),
        (
            {"ns:datelineSpan": "0:0-５"},
            "ns:datelineSpan: '0:0-５' is not a span (paragraph:start-end)",
        ),
    ],
)
def test_our_json_ld_is_read_exactly(change: dict[str, Any], message: str) -> None:
    assert problems(orjson.dumps({**_our_jsonld(), **change}), "jsonld") == [message]


def test_a_property_we_do_not_write_is_reported_and_refused_when_strict() -> None:
    data = orjson.dumps({**_our_jsonld(), "ns:colour": "red"})
    with pytest.warns(ns.NotKeptWarning, match="ns:colour of the article is not kept"):
        list(ns.read(io.BytesIO(data), format="jsonld"))
    with pytest.raises(ValidationError, match="not kept: ns:colour of the article is not kept"):
        list(ns.read(io.BytesIO(data), format="jsonld", strict=True))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"@context": "a", "@type": "NewsArticle"}, "not valid JSON-LD: ValueError("),
        ({"@context": {"@vocab": None}, "@type": "NewsArticle"}, "not valid JSON-LD: KeyError("),
    ],
)
def test_errors_from_inside_the_processor_are_clean(document: Any, message: str) -> None:
    (line,) = problems(orjson.dumps(document), "jsonld")
    assert line.startswith(message)


@pytest.mark.parametrize("format", ["jsonld", "html"])
def test_deep_nesting_is_refused_not_a_recursion_error(format: str) -> None:
    depth = 600
    block = (
        b'{"@context":"https://schema.org","@type":"NewsArticle","headline":"h","hasPart":'
        + b'{"@type":"WebPageElement","hasPart":' * depth
        + b"1"
        + b"}" * depth
        + b"}"
    )
    if format == "html":
        block = b'<script type="application/ld+json">' + block + b"</script>"
    (line,) = problems(block, format)
    assert "nest" in line


def test_loads_of_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        ns.loads('{"id": "\ud800"}')
    assert caught.value.lines() == [
        "<string>: the text holds a lone surrogate at character 8, which no UTF-8 text can hold"
    ]


@pytest.mark.parametrize(
    "charset", ["idna", "punycode", "undefined", "unicode_escape", "utf-16", "UTF-16LE", "base64"]
)
def test_a_page_in_a_charset_that_is_no_web_encoding_is_read_as_utf_8(charset: str) -> None:
    page = (
        f'<html><head><meta charset="{charset}"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "café",'
        ' "identifier": "p", "inLanguage": "fr", "articleBody": "b"}</script></head></html>'
    ).encode()
    (article,) = ns.read(io.BytesIO(page), format="html")
    assert article.headline == "café"


def test_a_latin_1_label_means_windows_1252() -> None:
    page = (
        '<meta charset="iso-8859-1"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "\u2019 caf\u00e9",'
        ' "identifier": "p", "inLanguage": "fr", "articleBody": "b"}</script>'
    ).encode("cp1252")
    (article,) = ns.read(io.BytesIO(page), format="html")
    assert article.headline == "\u2019 café"


def _seed_table() -> pa.Table:
    buffer = io.BytesIO()
    ns.write([ns.load(SEED)], buffer, format="parquet")
    return pq.read_table(io.BytesIO(buffer.getvalue()))


def _write(table: pa.Table, path: Path) -> bytes:
    pq.write_table(table, path)
    return path.read_bytes()


def test_a_parquet_timestamp_before_year_1_is_refused(tmp_path: Path) -> None:
    table = _seed_table()
    index = table.schema.get_field_index("date_modified")
    early = pa.array([-62135596800 * 1_000_000 - 86_400_000_000], pa.timestamp("us", tz="UTC"))
    offsets = table.schema.get_field_index("date_modified_offset_minutes")
    table = table.set_column(index, table.schema.field(index), early)
    table = table.set_column(offsets, table.schema.field(offsets), pa.array([0], pa.int16()))
    (line,) = problems(_write(table, tmp_path / "early.parquet"), "parquet")
    assert line.startswith("the row cannot be read (row group 0):")


def test_a_parquet_row_that_cannot_be_read_is_refused_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    base = pa.Table.from_batches([_seed_table().to_batches()[0]] * 3000)  # 3 slices of rows
    table = base.set_column(0, base.schema.field(0), pa.array([f"a-{n}" for n in range(3000)]))
    index = table.schema.get_field_index("date_modified")
    micros = table.column(index).cast(pa.int64()).to_pylist()
    micros[1500] = -62135596800 * 1_000_000 - 86_400_000_000  # a day before year 1
    early = pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    table = table.set_column(index, table.schema.field(index), early)
    path = tmp_path / "one-bad-row.parquet"
    pq.write_table(table, path)
    records = list(read_records(path))
    assert len(records) == 3000
    bad = [record for record in records if record.error is not None]
    assert [record.where for record in bad] == ["[1500]"]
    assert str(bad[0].error).startswith("the row cannot be read (row group 0):")


def test_invalid_utf_8_in_a_parquet_string_is_refused(tmp_path: Path) -> None:
    table = _seed_table()
    index = table.schema.get_field_index("headline")
    data = b"\xff\xfe"
    broken = pa.Array.from_buffers(
        pa.string(),
        1,
        [None, pa.py_buffer(b"\x00\x00\x00\x00\x02\x00\x00\x00"), pa.py_buffer(data)],
    )
    table = table.set_column(index, table.schema.field(index), broken)
    (line,) = problems(_write(table, tmp_path / "utf8.parquet"), "parquet")
    assert "cannot be read" in line
