"""Crawls: WARC files written here with warcio's writer, from the pages in ``fixtures/pages``.

A crawl holds much besides articles: request/response pairs, metadata, a revisit, a
robots.txt, an image, a redirect, a 404, a home page, a chunked and gzip-encoded response, a
charset only in the HTTP header, two captures of one URL, a record over the size limit and a
truncated last record. Every article page must come in as reading the page itself gives it,
and nothing else.
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import orjson
import pytest

import newsschema as ns
from tests.conftest import ROOT

warcio = pytest.importorskip("warcio.archiveiterator")
# warcio's writer (used here to make the crawls) leaves its buffers to the collector.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGES = ROOT / "fixtures" / "pages"
ARTICLES = [
    PAGES / "english-news.html",
    PAGES / "patterns" / "teaser.html",
    PAGES / "patterns" / "no-markup.html",
    PAGES / "real" / "no-body-ar.html",
]


class Crawl:
    """A WARC file being written, record by record."""

    def __init__(self, path: Path, *, compressed: bool = True) -> None:
        self.file = path.open("wb")
        self.writer = WARCWriter(self.file, gzip=compressed)

    def response(
        self,
        url: str,
        body: bytes,
        *,
        status: str = "200 OK",
        content_type: str | None = "text/html; charset=utf-8",
        date: str = "2024-05-14T10:00:00Z",
        headers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        http = [("Content-Type", content_type)] if content_type else []
        http += [("Content-Length", str(len(body))), *headers]
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(status, http, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date},
        )
        self.writer.write_record(record)

    def record(self, url: str, kind: str, body: bytes = b"", **extra: Any) -> None:
        record = self.writer.create_warc_record(url, kind, payload=io.BytesIO(body), **extra)
        self.writer.write_record(record)

    def request(self, url: str) -> None:
        http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example")], is_http_request=True)
        self.record(url, "request", http_headers=http)

    def close(self) -> None:
        self.file.close()


def _quietly(target: Any, **options: Any) -> tuple[list[ns.Article], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ns.NotKeptWarning)
        found = list(ns.read(target, **options))
    return found, [str(w.message) for w in caught]


def _as_page(path: Path) -> ns.Article:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (article,) = ns.read(path)
    return article


def _crawl(path: Path) -> dict[str, Path]:
    """A crawl of every kind of record; returns the article pages by their URLs."""
    crawl = Crawl(path)
    crawl.record("", "warcinfo", b"software: tests\r\n")
    urls = {}
    for number, page in enumerate(ARTICLES):
        url = f"https://news.example/{number}"
        crawl.request(url)
        crawl.response(url, page.read_bytes())
        crawl.record(url, "metadata", b"fetchTimeMs: 12\r\n")
        urls[url] = page
    crawl.response("https://news.example/robots.txt", b"User-agent: *\n", content_type="text/plain")
    crawl.response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    crawl.response("https://news.example/old", b"", status="301 Moved Permanently")
    crawl.response("https://news.example/gone", b"<html>Not found</html>", status="404 Not Found")
    crawl.response("https://news.example/", (PAGES / "patterns" / "home-page.html").read_bytes())
    crawl.record(
        "https://news.example/0", "revisit", warc_headers_dict={"WARC-Profile": "identical"}
    )
    crawl.close()
    return urls


def test_a_crawl_gives_its_article_pages_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    urls = _crawl(path)
    found, notes = _quietly(path)
    assert sorted(a.url or "" for a in found) == sorted(urls)
    for article in found:
        page = _as_page(urls[article.url or ""])
        assert article.body == page.body  # the same body as reading the page itself
        assert article.headline == page.headline
        assert article.provenance is not None
        assert str(article.provenance.retrieved_at) == "2024-05-14 10:00:00+00:00"
    summary = notes[-1].removeprefix(f"{path}: ")
    assert summary == (
        "19 records: 4 articles, 4 requests, 4 metadata records, 1 warcinfo, 1 revisit, "
        "2 non-HTML, 2 redirects or errors, 1 not an article"
    )


def test_every_way_to_name_a_crawl(tmp_path: Path) -> None:
    urls = _crawl(tmp_path / "crawl.warc.gz")
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress((tmp_path / "crawl.warc.gz").read_bytes()))
    for target, options in (
        (tmp_path / "crawl.warc.gz", {}),
        (plain, {}),
        (io.BytesIO((tmp_path / "crawl.warc.gz").read_bytes()), {"format": "warc"}),
    ):
        found, _ = _quietly(target, **options)
        assert sorted(a.url or "" for a in found) == sorted(urls), target


def _two_captures(path: Path, *, latest_first: bool) -> Path:
    """A crawl of one URL captured twice: the page, then (a day later) with a new headline."""
    crawl = Crawl(path)
    page = (PAGES / "patterns" / "www-context.html").read_bytes()
    later = page.replace(b"Council expands the river park", b"Council expands the park again")
    captures = [(page, "2024-05-14T08:00:00Z"), (later, "2024-05-15T08:00:00Z")]
    for body, date in reversed(captures) if latest_first else captures:
        crawl.response("https://news.example/a", body, date=date)
    crawl.close()
    return path


def test_the_latest_capture_of_a_url_wins_or_the_first(tmp_path: Path) -> None:
    path = _two_captures(tmp_path / "crawl.warc.gz", latest_first=True)
    (latest,), notes = _quietly(path)
    assert latest.headline == "Council expands the park again"
    assert "1 other capture of a URL" in notes[-1]
    (first,), _ = _quietly(path, captures_of_a_url="first")
    assert first.headline == "Council expands the park again"  # the first in the file
    with pytest.raises(ns.FormatError, match="choose 'latest' or 'first'"):
        _quietly(path, captures_of_a_url="any")


def test_encodings_and_charsets_of_the_http_response(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    page = (PAGES / "patterns" / "www-context.html").read_bytes()
    chunked = (
        b"".join(
            f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            for piece in (
                gzip.compress(page)[i : i + 500] for i in range(0, len(gzip.compress(page)), 500)
            )
        )
        + b"0\r\n\r\n"
    )
    crawl.response(
        "https://news.example/chunked",
        chunked,
        headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
    )
    latin = page.replace(b'<meta charset="utf-8">', b"").replace(b"river park", "rivière".encode())
    latin = latin.decode("utf-8").encode("latin-1")
    crawl.response(
        "https://news.example/latin", latin, content_type="text/html; charset=ISO-8859-1"
    )
    crawl.close()
    found, _ = _quietly(path)
    by_url = {a.url: a for a in found}
    assert (
        by_url["https://news.example/chunked"].body
        == _as_page(PAGES / "patterns" / "www-context.html").body
    )
    assert "rivière" in by_url["https://news.example/latin"].headline


def test_a_damaged_record_a_large_one_and_a_truncated_end(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    page = (PAGES / "patterns" / "www-context.html").read_bytes()
    crawl.response("https://news.example/1", page)
    crawl.response("https://news.example/big", page + b" " * 200_000)
    crawl.response("https://news.example/2", page)
    crawl.response("https://news.example/3", page)
    crawl.close()
    data = bytearray(path.read_bytes())
    with path.open("rb") as file:
        iterator = warcio.ArchiveIterator(file)
        offsets = []
        for _ in iterator:
            offsets.append(iterator.get_record_offset())
    middle = (offsets[2] + offsets[3]) // 2
    data[middle - 100 : middle + 100] = b"\xff" * 200  # the third record's gzip stream broken
    path.write_bytes(bytes(data[: (offsets[3] + len(data)) // 2]))  # the last one cut short
    found, notes = _quietly(path, limits=ns.Limits(record_bytes=100_000))
    assert [a.url for a in found] == ["https://news.example/1"]
    said = " ".join(notes)
    assert "a page of more than 100,000 bytes, past the limit (record_bytes): passed over" in said
    assert "a damaged gzip member (Error -3 while decompressing data" in said
    assert "a gzip member cut short: the file ends inside it" in said
    assert re.search(r"@\d+: a damaged gzip member", said)  # placed at the record's offset
    assert notes[-1].endswith("4 records: 1 article, 1 damaged, 1 truncated, 1 too large")


def test_a_page_that_looks_like_an_article_but_is_refused_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    bad = b'<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": "x"}</script></head><body></body></html>'
    crawl.response("https://news.example/no-headline", bad)
    crawl.close()
    with pytest.raises(ns.ValidationError) as caught:
        _quietly(path)
    assert "https://news.example/no-headline: the article has no headline" in str(caught.value)
    assert f"{path}@" in str(caught.value)


def test_the_command_line_converts_a_crawl(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    urls = _crawl(path)
    output = tmp_path / "articles.parquet"
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(path), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(a.url or "" for a in ns.read(output)) == sorted(urls)
    assert "19 records: 4 articles" in result.stderr
    assert "4 read, 4 written" in result.stderr.splitlines()[-1]


def test_a_folder_of_crawls_inspect_and_validate(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    _crawl(folder / "a.warc.gz")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "newsschema", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)

    converted = run("convert", "crawls/", "-o", "out.jsonl")
    assert converted.returncode == 0, converted.stderr
    assert converted.stderr.splitlines()[-1] == (
        "4 read, 4 written to out.jsonl; 3 warnings, 13 notes (-v says them)"
    )
    summary = "\ncrawls/a.warc.gz: 19 records: 4 articles, 4 requests"  # a count, not a warning
    for command in (("inspect", "crawls/a.warc.gz"), ("validate", "crawls/a.warc.gz")):
        result = run(*command)
        assert result.returncode == 0, result.stderr
        assert summary in "\n" + result.stderr
        assert "warning: crawls/a.warc.gz: 19" not in result.stderr
        assert "NotKeptWarning" not in result.stderr  # said as a line, not as Python says it


def test_a_crawl_is_a_piece_of_a_dataset_on_dask(tmp_path: Path) -> None:
    pytest.importorskip("dask")
    import newsschema.dask

    urls = _crawl(tmp_path / "a.warc.gz")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        summary = newsschema.dask.to_dataset(
            str(tmp_path / "*.warc.gz"),
            str(tmp_path / "lake"),
            partition_by=("year",),
            client="sync",
        )
    assert (summary.read, summary.written, summary.rejected) == (4, 4, 0)
    assert sorted(a.url or "" for a in ns.read(tmp_path / "lake")) == sorted(urls)


@pytest.mark.parametrize("at", [0, 5, 6, 7, 8, 13, 40])
def test_the_next_record_is_found_across_the_pieces_it_is_searched_in(
    at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsschema.formats.warc import frames

    monkeypatch.setattr(frames, "_PIECE", 7)  # pieces of 7 bytes: the mark straddles them
    stream = io.BytesIO(b"damaged" + b"x" * at + b"\x1f\x8b\x08rest")
    assert frames._next_member(stream, 7) == 7 + at
    assert frames._next_member(io.BytesIO(b"nothing here at all"), 0) is None
    record = b"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\nok\r\n\r\n"
    junk = b"junk" + b"x" * at + b"\n"
    found = list(frames.frames(io.BytesIO(junk + record), 100))
    assert [(f.offset, f.kind, f.data) for f in found] == [
        (0, "damaged", b""),
        (len(junk), "record", record[:-4]),
    ]
    assert found[0].problem == f"{len(junk)} bytes that are not a WARC record"


def test_a_page_without_an_id_takes_the_captures_url_and_one_with_an_id_keeps_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    crawl.response(
        "https://news.example/made", (PAGES / "patterns" / "boilerplate.html").read_bytes()
    )
    given = (PAGES / "patterns" / "www-context.html").read_bytes()
    given = given.replace(
        b'"@type": "NewsArticle"', b'"@type": "NewsArticle", "identifier": "article-7"'
    )
    crawl.response("https://news.example/given", given)
    crawl.close()
    found, notes = _quietly(path)
    assert [a.id for a in found] == ["https://news.example/made", "article-7"]
    assert not any("is made from the headline" in note for note in notes)


def test_one_crawl_on_every_core_gives_what_one_process_gives(tmp_path: Path) -> None:
    """Pages are imported by the workers, and the output, rejects and messages are unchanged."""
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    crawl.record("", "warcinfo", b"software: tests\r\n")
    pages = [*ARTICLES, PAGES / "patterns" / "home-page.html"]
    bad = b'<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": "x"}</script></head></html>'
    same_id = (PAGES / "english-news.html").read_bytes()
    for number in range(45):  # three runs of pages for the workers, and a part of one
        url = f"https://news.example/{number}"
        crawl.request(url)
        page = pages[number % len(pages)].read_bytes()
        crawl.response(url, bad if number == 7 else page)
    crawl.response("https://news.example/again", same_id)  # an id taken by an earlier page
    crawl.response("https://news.example/gone", b"<html></html>", status="404 Not Found")
    crawl.close()

    def convert(jobs: int) -> tuple[str, bytes, bytes]:
        output, rejects = tmp_path / f"out-{jobs}.parquet", tmp_path / f"rejects-{jobs}.jsonl"
        command = [sys.executable, "-m", "newsschema", "convert", str(path), "-o", str(output)]
        command += ["--rejects", str(rejects), "--jobs", str(jobs)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 1, result.stderr  # rejects were kept aside
        return result.stderr, output.read_bytes(), rejects.read_bytes()

    one, many = convert(1), convert(2)
    assert many[0].replace("out-2", "out-1").replace("rejects-2", "rejects-1") == one[0]
    assert many[1:] == one[1:]  # the same Parquet, byte for byte, and the same rejects
    assert (
        "crawl.warc.gz: 93 records: 36 articles, 1 refused, 45 requests, 1 warcinfo, "
        "1 redirect or error, 9 not articles\n"
    ) in one[0]
    written = len(list(ns.read(tmp_path / "out-1.parquet")))
    rejected = [orjson.loads(line) for line in one[2].splitlines()]
    assert written + len(rejected) == 37  # every page that gave an article, or was refused
    assert f"37 read, {written} written" in one[0].splitlines()[-1]
    messages = [r["problems"][0]["message"] for r in rejected]
    assert sum("the article has no headline" in m for m in messages) == 1
    assert all("is already the id of the article at" in m for m in messages if "headline" not in m)


def test_the_command_line_chooses_the_capture_of_a_url_on_one_core_or_many(
    tmp_path: Path,
) -> None:
    path = _two_captures(tmp_path / "crawl.warc.gz", latest_first=False)
    for jobs in ("1", "2"):
        for option, headline in (
            ([], "Council expands the park again"),  # the latest
            (["-O", "captures_of_a_url=first"], "Council expands the river park"),
        ):
            out = tmp_path / f"out-{jobs}.jsonl"
            command = [sys.executable, "-m", "newsschema", "convert", str(path), "-o", str(out)]
            command += ["-f", "--jobs", jobs, *option]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
            (article,) = ns.read(out)
            assert article.headline == headline
    bad = [sys.executable, "-m", "newsschema", "convert", str(path), "-O", "captures_of_a_url=last"]
    wrong = subprocess.run(bad, capture_output=True, text=True, check=False)
    assert wrong.returncode == 2
    assert "option captures_of_a_url='last': choose 'latest' or 'first'" in wrong.stderr


def test_two_pages_whose_markup_names_their_section_are_two_articles(tmp_path: Path) -> None:
    page = (PAGES / "patterns" / "section-id.html").read_text(encoding="utf-8")
    page = page.replace('<link rel="canonical" href="https://gazette.example/news/river-park">', "")
    path = tmp_path / "crawl.warc.gz"
    crawl = Crawl(path)
    urls = ["https://gazette.example/news/river-park", "https://www.gazette.example/news/harbour"]
    for url in urls:
        crawl.response(url, page.replace("river park", f"river park ({url[-6:]})").encode())
    crawl.response("https://gazette.example/news/", page.encode())  # the section's own page
    crawl.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ns.NotKeptWarning)
        found = list(ns.read(path))
    assert [article.id for article in found] == [*urls, "https://gazette.example/news/"]
    assert [article.url for article in found] == [*urls, "https://gazette.example/news/"]
    said = [str(w.message) for w in caught if "another page's address" in str(w.message)]
    assert len(said) == 4  # the id and the url of each article page; the section's own is its
