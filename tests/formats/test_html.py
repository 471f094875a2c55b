from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsschema as ns
from newsschema import ValidationError
from newsschema.formats.html import script_blocks
from tests.conftest import ROOT, read_saying

PAGES = ROOT / "fixtures" / "pages"


def read_page(name: str) -> tuple[list[ns.Article], list[str]]:
    return read_saying(PAGES / name)


def test_an_english_news_page_with_neighbour_blocks() -> None:
    (article,), notes = read_page("english-news.html")
    assert article.headline == "Coalition ends combat mission in Iraq"
    assert article.language == "en-GB"
    assert article.id == article.url == "https://news.example.com/world/iraq-coalition"
    assert article.paragraphs == (
        "The international coalition says it has ended its combat mission in Iraq.",
        "About 2,500 US troops will stay to advise and train Iraqi forces.",
    )
    assert article.section == "Middle East"
    assert article.keywords == ("Iraq", "Islamic State", "US military")
    assert [e.name for e in article.entities] == ["Jane Reporter", "Sam Editor", "Example News"]
    assert article.entities[0].url == "https://news.example.com/people/jane-reporter"
    assert article.publisher == "publisher-1"
    assert isinstance(article.date_modified, dt.datetime)
    assert article.date_modified.isoformat() == "2021-12-09T16:40:00+00:00"
    assert [(m.kind.value, m.url) for m in article.media] == [
        ("image", "https://news.example.com/img/16x9.jpg"),
        ("image", "https://news.example.com/img/4x3.jpg"),
    ]
    assert notes == [
        ": identifier is missing: the id is 'https://news.example.com/world/iraq-coalition'",
        ": logo of publisher 'Example News' is not kept",
        ": isAccessibleForFree is not kept",
        ": nodes that are not articles were not kept: BreadcrumbList, WebSite",
    ]


def test_an_arabic_page_with_a_graph_references_and_a_broken_block() -> None:
    (article,), notes = read_page("arabic-graph.html")
    assert article.language == "ar"
    assert article.headline == "التحالف الدولي ينهي مهمته القتالية في العراق"
    publisher = next(e for e in article.entities if e.id == article.publisher)
    assert publisher.name == "شبكة المثال"  # found through its @id in the graph
    assert article.keywords == ("العراق", "التحالف الدولي", "داعش")
    assert [(c.id, c.author, c.reply_to) for c in article.comments] == [
        ("comment-1", "قارئ", None),
        ("comment-2", "قارئة", "comment-1"),
    ]
    assert article.comment_count == 2
    assert article.date_modified == ns.PartialDate("2021-12-09")  # only the day is known
    assert notes == [
        ": the JSON-LD block on line 5: trailing commas were removed",
        ": identifier is missing: the id is 'https://ar.example.net/news/2021/12/9/coalition#article'",
        ": logo of publisher 'شبكة المثال' is not kept",
        ": upvoteCount of a comment is not kept",
        ": isPartOf is not kept",
        ": nodes that are not articles were not kept: Organization, WebPage",
    ]


def test_a_french_page_with_an_http_context_and_upper_case_tags() -> None:
    (article,), notes = read_page("french-reportage.html")
    assert notes == [": articleBody is missing, and the page has no main text: the body is empty"]
    assert (article.id, article.language, article.url) == (
        "123",
        "fr-FR",
        "https://fr.example.org/monde/irak-coalition-123.html",
    )
    assert article.dateline is not None
    assert article.dateline.text == "BAGDAD"
    assert [(e.kind.value, e.name) for e in article.entities] == [
        ("organization", "Rédaction Monde")
    ]
    assert article.comment_count == 3
    assert article.comments[0].text == "Enfin."


def test_a_page_with_an_array_of_blog_postings() -> None:
    (live, post), notes = read_page("blog-array.html")
    assert live.headline == "Live: Iraq and the coalition"
    assert live.keywords == (
        "Iraq",
        "coalition",
    )
    assert post.paragraphs == ("First paragraph.", "Second paragraph.")
    assert post.language == "en"  # the page gives none: identified from the text
    assert (
        notes[0] == "[0]: articleBody is missing, and the page has no main text: the body is empty"
    )
    assert notes[1] == "[0]: identifier is missing: the id is 'https://blog.example.com/live/iraq'"
    assert "[0]: coverageStartTime is not kept" in notes
    assert "[1]: inLanguage is missing: 'en' is identified from the text (py3langid)" in notes
    assert not any("'und'" in note for note in notes)


def test_strict_reading_of_a_page(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(PAGES / "english-news.html", strict=True))
    assert [line.split(".html: ", 1)[1] for line in caught.value.lines()] == [
        "not kept: logo of publisher 'Example News' is not kept",
        "not kept: isAccessibleForFree is not kept",
    ]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            "<html><body>nothing</body></html>",
            "not an article: the page has no main text, and it has no article markup (JSON-LD or og:type) either",
        ),
        (
            '<script type="application/ld+json">{oops</script>',
            "not an article: the page has no main text, and the JSON-LD block on line 1 was passed over",
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite"}</script>',
            "not an article: the page has no main text, and its markup has no article node",
        ),
    ],
)
def test_pages_without_an_article(tmp_path: Path, page: str, message: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(ns.read(path))
    assert message in caught.value.lines()[0]


def test_script_blocks_are_found_whatever_their_case_and_parameters() -> None:
    page = (
        '<script type="text/javascript">var a = "<script>";</script>'
        '<SCRIPT type="Application/LD+JSON; charset=utf-8">{"a": "&amp; < >"}</SCRIPT>'
        "<script type='application/ld+json'>[1]</script>"
    )
    assert script_blocks(page) == [(1, '{"a": "&amp; < >"}'), (1, "[1]")]


def test_a_page_in_a_legacy_arabic_encoding(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "identifier": "w", "headline": "التحالف في العراق", "inLanguage": "ar"}</script></head></html>'
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1256"))
    (article,), said = read_saying(path)
    assert said == [": articleBody is missing, and the page has no main text: the body is empty"]
    assert article.headline == "التحالف في العراق"


def test_the_html_format_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(ns.FormatError, match="format 'html' cannot be written"):
        ns.write([], tmp_path / "out.html")


def test_lxml_and_the_standard_library_parse_every_fixture_page_alike() -> None:
    from newsschema.formats.html.page import _parse_with_lxml, _parse_with_stdlib, decode_page

    pages = sorted((ROOT / "fixtures" / "pages").rglob("*.html"))
    assert len(pages) >= 30
    for page in pages:
        text = decode_page(page.read_bytes())
        fast, plain = _parse_with_lxml(text), _parse_with_stdlib(text)
        assert fast is not None
        assert fast == plain, page.name
