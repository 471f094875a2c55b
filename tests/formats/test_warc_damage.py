"""Damaged crawls, as the third outside review found them (the issue "Nothing lost"): each
test names the finding it replays. Every page that reads is read; what does not is passed
over, counted and said, and the reading ends, in time linear in the file.
"""

from __future__ import annotations

import functools
import gzip
import io
import re
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsschema as ns
from tests.conftest import HANG, ROOT, examples
from tests.formats.test_warc import Crawl, pytestmark  # noqa: F401 - its marks are ours too

NEWSSCHEMA = str(Path(sys.executable).with_name("newsschema"))


def _caught(source: object, **options: object) -> tuple[list[ns.Article], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = list(ns.read(source, **options))  # type: ignore[arg-type]
    return found, [str(w.message) for w in caught]


PAGE = ROOT / "fixtures" / "pages" / "patterns" / "www-context.html"


def _crawl_of(path: Path, pages: int = 4, *, compressed: bool = False, **response: Any) -> Path:
    crawl = Crawl(path, compressed=compressed)
    for number in range(pages):
        crawl.response(f"https://news.example/{number}", PAGE.read_bytes(), **response)
    crawl.close()
    return path


def _offsets(path: Path) -> list[int]:
    from newsschema.formats.warc.frames import frames

    with path.open("rb") as stream:
        return [frame.offset for frame in frames(stream, 1 << 26)]


def _urls_and_summary(path: Path) -> tuple[list[str | None], str]:
    found, notes = _caught(path, format="warc")
    return [article.url for article in found], notes[-1].removeprefix(f"{path}: ")


@pytest.mark.parametrize("change", [+5000, +1, -1, -300, +(10**9)])
def test_a_wrong_content_length_loses_its_record_alone(tmp_path: Path, change: int) -> None:  # 10
    path = _crawl_of(tmp_path / "crawl.warc")
    data = path.read_bytes()
    second = _offsets(path)[1]
    said = re.compile(rb"Content-Length: (\d+)\r\n\r\nHTTP").search(data, second)
    assert said is not None
    wrong = str(int(said.group(1)) + change).encode()
    path.write_bytes(data[: said.start(1)] + wrong + data[said.end(1) :])
    urls, summary = _urls_and_summary(path)
    assert urls == ["https://news.example/0", "https://news.example/2", "https://news.example/3"]
    assert summary.startswith(("4 records: 3 articles", "5 records: 3 articles"))
    assert "damaged" in summary


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("junk", [b"x", b"junk\r\n" * 100, b"\x00\xff" * 3000, b"\n\nWARC/1.0"])
def test_junk_between_records_loses_no_record(
    tmp_path: Path, compressed: bool, junk: bytes
) -> None:  # 10
    path = _crawl_of(tmp_path / "crawl.warc", compressed=compressed)
    data = path.read_bytes()
    cut = _offsets(path)[2]
    path.write_bytes(data[:cut] + junk + data[cut:])
    urls, summary = _urls_and_summary(path)
    assert urls == [f"https://news.example/{n}" for n in range(4)]
    assert summary.endswith("1 damaged"), summary


@pytest.mark.parametrize("compressed", [False, True])
def test_a_mebibytes_of_junk_are_passed_over_in_linear_time(
    tmp_path: Path, compressed: bool
) -> None:  # 10: 16 MB took 3.4 s, 128 MB over ten minutes
    path = _crawl_of(tmp_path / "crawl.warc", pages=2, compressed=compressed)
    data = path.read_bytes()
    cut = _offsets(path)[1]
    junk = b"x" * (64 << 20)
    path.write_bytes(data[:cut] + junk + data[cut:])
    del data, junk
    began = time.perf_counter()
    urls, summary = _urls_and_summary(path)
    assert time.perf_counter() - began < HANG
    assert urls == ["https://news.example/0", "https://news.example/1"]
    assert summary.endswith("2 articles, 1 damaged")


def test_a_header_line_of_a_hundred_megabytes_is_bounded(tmp_path: Path) -> None:  # 18
    path = _crawl_of(tmp_path / "crawl.warc.gz", pages=1, compressed=True)
    line = gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nX: " + b"a" * (100 << 20))
    path.write_bytes(line + path.read_bytes())
    tracemalloc.start()
    try:
        urls, summary = _urls_and_summary(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert urls == ["https://news.example/0"]
    assert "1 damaged" in summary
    assert peak < 32 << 20, f"{peak:,} bytes"


def test_damage_found_again_and_again_never_goes_backwards(tmp_path: Path) -> None:  # 12
    path = _crawl_of(tmp_path / "crawl.warc", pages=3)
    data = path.read_bytes()
    offsets = _offsets(path)
    # Each record's length points into the one before's place: a reader that goes back to
    # where a length says would loop between two records.
    damaged = data.replace(b"WARC-Type: response", b"WARC-Type: response\r\nX: WARC/1.0", 1)
    damaged = re.sub(rb"Content-Length: \d+\r\n\r\nHTTP", b"Content-Length: 1\r\n\r\nHTTP", damaged)
    path.write_bytes(damaged + data[offsets[1] :] * 2)
    _, notes = _caught(path, format="warc")
    assert notes[-1].count("records") == 1  # it ends, with a summary


@pytest.mark.parametrize("how", ["warc-truncated", "chunked", "gzip"])
def test_a_page_cut_short_is_passed_over_and_counted(tmp_path: Path, how: str) -> None:  # 21
    page = PAGE.read_bytes()
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    crawl.response("https://news.example/whole", page)
    if how == "warc-truncated":
        record = crawl.writer.create_warc_record(
            "https://news.example/cut",
            "response",
            payload=io.BytesIO(page[: len(page) // 2]),
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Truncated": "length"},
        )
        crawl.writer.write_record(record)
    elif how == "chunked":
        chunks = b"".join(
            f"{len(page[i : i + 500]):x}\r\n".encode() + page[i : i + 500] + b"\r\n"
            for i in range(0, len(page), 500)
        )
        body = chunks[: len(chunks) // 2]
        crawl.response("https://news.example/cut", body, headers=[("Transfer-Encoding", "chunked")])
    else:
        body = gzip.compress(page)[:-200]
        crawl.response("https://news.example/cut", body, headers=[("Content-Encoding", "gzip")])
    crawl.close()
    urls, summary = _urls_and_summary(path)
    assert urls == ["https://news.example/whole"]
    assert summary.endswith("1 article, 1 truncated"), summary


def _captures(path: Path, *when: tuple[str, bytes]) -> Path:
    crawl = Crawl(path)
    for date, body in when:
        crawl.response("https://news.example/a", body, date=date)
    crawl.close()
    return path


def test_the_latest_capture_is_told_as_a_moment(tmp_path: Path) -> None:  # 23
    page = PAGE.read_bytes()
    later = page.replace(b"Council expands the river park", b"Council expands the park again")
    path = _captures(
        tmp_path / "crawl.warc.gz",
        ("2024-05-14T08:00:00.5Z", later),
        ("2024-05-14T08:00:00Z", page),
        ("2024-05-14T09:00:00+02:00", page),  # 07:00 in UTC: earlier still
    )
    (article,), _ = _caught(path)
    assert article.headline == "Council expands the park again"


@pytest.mark.parametrize("damage", ["too large", "truncated"])
def test_a_damaged_latest_capture_leaves_the_good_earlier_one(
    tmp_path: Path, damage: str
) -> None:  # 9
    page = PAGE.read_bytes()
    later = page.replace(b"Council expands the river park", b"Council expands the park again")
    latest = later + b" " * 300_000 if damage == "too large" else gzip.compress(later)[:-100]
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    crawl.response("https://news.example/a", page, date="2024-05-14T08:00:00Z")
    headers = [("Content-Encoding", "gzip")] if damage == "truncated" else []
    crawl.response("https://news.example/a", latest, date="2024-05-15T08:00:00Z", headers=headers)
    crawl.close()
    (article,), notes = _caught(path, limits=ns.Limits(record_bytes=200_000))
    assert article.headline == "Council expands the river park"
    assert f"1 {damage}" in notes[-1]


def test_a_warc_date_with_an_offset_of_no_time_of_day_is_dropped_and_said(
    tmp_path: Path,
) -> None:  # 13
    path = _captures(tmp_path / "crawl.warc.gz", ("2024-05-14T08:00:00+24:00", PAGE.read_bytes()))
    (article,), notes = _caught(path)
    assert article.provenance is None or article.provenance.retrieved_at is None
    assert any("WARC-Date" in note and "not a time of day" in note for note in notes)


def test_warcio_says_nothing_on_standard_error(tmp_path: Path) -> None:  # 24
    path = _crawl_of(tmp_path / "crawl.warc")
    data = path.read_bytes()
    second = _offsets(path)[1]
    said = re.compile(rb"Content-Length: (\d+)\r\n\r\nHTTP").search(data, second)
    assert said is not None
    wrong = str(int(said.group(1)) - 40).encode()
    path.write_bytes(data[: said.start(1)] + wrong + data[said.end(1) :])
    done = subprocess.run(
        [NEWSSCHEMA, "convert", str(path), "-o", str(tmp_path / "out.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "WARNING" not in done.stderr
    assert "Remainder" not in done.stderr
    assert done.stderr.count("Content-Length") == 1, done.stderr


@functools.cache
def _three_pages(compressed: bool) -> tuple[bytes, list[int]]:
    """A crawl of three pages (a request before each), and where each page's record starts."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    starts = []
    for number in range(3):
        url = f"https://news.example/{number}"
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        starts.append(out.tell())
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(PAGE.read_bytes()), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue(), [*starts, len(out.getvalue())]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(["length", "junk"]),
    st.integers(-3000, 3000).filter(bool) | st.just(10**9),
    st.binary(min_size=1, max_size=300) | st.sampled_from([b"WARC/1.0\r\n", b"\r\n\r\n"]),
)
def test_damage_to_one_record_costs_no_other(
    compressed: bool, damaged: int, how: str, change: int, junk: bytes
) -> None:  # 10, 12: the fuzzer of crawls with damaged lengths and junk
    data, starts = _three_pages(compressed)
    begin, end = starts[damaged], starts[damaged + 1]
    record = data[begin:end]
    if how == "length" and not compressed:
        said = re.compile(rb"Content-Length: (\d+)\r\n\r\nHTTP").search(record)
        assert said is not None
        wrong = str(max(0, int(said.group(1)) + change)).encode()
        record = record[: said.start(1)] + wrong + record[said.end(1) :]
    else:
        record = junk + record[: abs(change) % len(record)] if how == "junk" else junk + record
    found, notes = _caught(io.BytesIO(data[:begin] + record + data[end:]), format="warc")
    urls = {article.url for article in found}
    assert urls >= {f"https://news.example/{n}" for n in range(3) if n != damaged}
    assert "records:" in notes[-1]


def test_a_member_whose_record_is_damaged_leaves_the_next_members(tmp_path: Path) -> None:
    """A record of a wrong length alone in its gzip member: the members after it are read."""
    path = _crawl_of(tmp_path / "crawl.warc.gz", pages=3, compressed=True)
    data = path.read_bytes()
    offsets = _offsets(path)
    member = gzip.decompress(data[offsets[0] : offsets[1]])
    wrong = re.sub(rb"Content-Length: (\d+)\r\n\r\nHTTP", b"Content-Length: 9\r\n\r\nHTTP", member)
    path.write_bytes(gzip.compress(wrong) + data[offsets[1] :])
    urls, summary = _urls_and_summary(path)
    assert urls == ["https://news.example/1", "https://news.example/2"]
    assert "1 damaged" in summary
