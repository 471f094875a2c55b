"""Pages as publishers serve them: one realistic page per pattern, in several languages.

Each page is written for these tests (no copy of a publisher's page); each asserts what is
kept and every warning, so that nothing is repaired, taken from elsewhere or lost silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsschema as ns
from newsschema import ArticleKind, PartialDate, ValidationError
from newsschema.dates import foreign_moment
from newsschema.formats.html.repair import BlockError, read_block
from tests.conftest import ROOT, read_saying

PAGES = ROOT / "fixtures" / "pages" / "real"
TRAFILATURA = "trafilatura " + __import__("trafilatura").__version__


def read_page(name: str) -> tuple[list[ns.Article], list[str]]:
    return read_saying(PAGES / name)


def test_a_page_without_articlebody_gets_the_text_the_page_shows() -> None:
    (article,), notes = read_page("no-body-en.html")
    assert [(s.heading, len(s.paragraphs)) for s in article.body] == [
        (None, 3),
        ("A mission that changed", 2),
        ("What happens next?", 1),
    ]
    # Character references decoded, white space folded as a browser folds it, nothing else.
    assert article.paragraphs[2] == (
        "Iraq\u2019s national security adviser, Qassim al-Araji, said talks with the "
        "coalition had been concluded."
    )
    assert "7.7 million people \u2014 a figure" in article.paragraphs[4]
    assert all("Top stories" not in p and "Copyright" not in p for p in article.paragraphs)
    assert article.provenance is not None
    assert article.provenance.extractor == TRAFILATURA
    assert (article.language, article.kind) == ("en-GB", ArticleKind.REPORTAGE)
    assert article.summary == "About 2,500 US troops will remain to advise and train."
    (image,) = article.media
    assert (image.url, image.width, image.height) == (
        "https://ichef.example-news.co.uk/news/1024/troops.jpg",
        1024,
        576,
    )
    assert notes == [
        ": inLanguage is missing: 'en-GB' is taken from the page's <html lang>",
        f": articleBody is missing: the body is the page's main text, extracted by {TRAFILATURA}",
        ": identifier is missing: the id is "
        "'https://www.example-news.co.uk/news/world-middle-east-59593241'",
        ": noBylinesPolicy of author 'Example News' is not kept",
        ": logo of publisher 'Example News' is not kept",
        ": description is missing: 'About 2,500 US troops will remain to advise and train.' "
        'is taken from the page\'s <meta name="description">',
        ": thumbnailUrl is not kept",
    ]


def test_an_arabic_page_keeps_its_text_byte_for_byte() -> None:
    (article,), notes = read_page("no-body-ar.html")
    page = (PAGES / "no-body-ar.html").read_text(encoding="utf-8")
    assert article.language == "ar"
    assert article.body[1].heading == "مرحلة جديدة"
    # Harakat, tatweel, shadda and a right-to-left mark, exactly as on the page.
    assert "ستتولّى مهـــام التدريب" in article.paragraphs[2]
    assert article.paragraphs[1].endswith("سيبقون في البلاد\u200f.")
    assert article.paragraphs[0].startswith("بغداد \u2013 أعلن")  # &ndash; decoded
    for paragraph in article.paragraphs[2:]:
        assert paragraph in page  # no normalisation: the page's own code points
    author = next(e for e in article.entities if e.id == article.authors[0])
    assert (author.name, author.url) == ("مُحَمَّد الأحمد", "https://ar.example.net/author/m-ahmad")
    assert (
        f": articleBody is missing: the body is the page's main text, extracted by {TRAFILATURA}"
        in notes
    )


def test_a_page_with_no_json_ld_but_open_graph_article_metadata() -> None:
    (article,), notes = read_page("og-only-ja.html")
    assert article.headline == "有志連合、イラクでの戦闘任務を終了"
    assert article.language == "ja"
    assert article.url == article.id == "https://ja.example.jp/articles/20211209-iraq"
    assert article.date_published == dt.datetime(
        2021, 12, 9, 21, 30, tzinfo=dt.timezone(dt.timedelta(hours=9))
    )
    assert (article.section, article.keywords) == ("国際", ("イラク", "米軍"))
    assert len(article.paragraphs) == 3
    assert (
        article.paragraphs[1]
        == "約２５００人の米兵は今後、イラク軍への助言や訓練に当たる。戦闘には参加しないという。"
    )
    assert [m.url for m in article.media] == ["https://ja.example.jp/img/iraq.jpg"]
    assert notes[1] == (
        ": headline is missing: '有志連合、イラクでの戦闘任務を終了' is taken from the page's "
        '<meta property="og:title">'
    )
    assert (
        ": datePublished is missing: '2021-12-09T21:30:00+09:00' is taken from the page's "
        '<meta property="article:published_time">' in notes
    )


def test_a_page_with_no_article_is_still_a_clean_error() -> None:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(PAGES / "website-only.html"))
    assert caught.value.lines() == [
        f"{PAGES / 'website-only.html'}: not an article: the page has no main text, and its "
        "markup has no article node (NewsArticle, Article, BlogPosting, ...); found: WebSite"
    ]


def test_raw_control_characters_in_a_block_are_read_with_a_warning() -> None:
    (article,), notes = read_page("control-chars-lv.html")
    assert article.headline == "Valdība apstiprina 2022. gada budžetu\t– deputāti strīdas"
    assert article.paragraphs == (
        "Rīga, 30. novembris.",
        "Saeima otrdien galīgajā lasījumā pieņēma nākamā gada valsts budžetu.",
        "Opozīcija balsoja pret.",
    )
    assert notes[0] == (
        ": the JSON-LD block on line 4: raw control characters inside strings were read as they are"
    )


def test_comments_trailing_commas_and_a_cdata_wrapper() -> None:
    (article,), notes = read_page("comments-pt.html")
    assert article.kind is ArticleKind.OPINION
    assert article.alternative_headlines == ("Por que a retirada importa",)
    assert article.keywords == ("Iraque", "EUA", "Oriente Médio")
    (author,) = article.entities
    assert author.url == "https://pt.example.com.br/autores/ana-souza"
    assert notes[:3] == [
        ": the JSON-LD block on line 6: a CDATA wrapper was removed",
        ": the JSON-LD block on line 6: JavaScript comments were removed",
        ": the JSON-LD block on line 6: trailing commas were removed",
    ]


def test_an_author_with_no_name_is_dropped_and_the_rest_kept() -> None:
    (article,), notes = read_page("empty-author-es.html")
    assert [e.name for e in article.entities] == ["Lucía Martín"]
    assert article.entities[0].title == "Corresponsal en Oriente Próximo"
    assert article.authors == (article.entities[0].id,)
    assert article.comment_count == 12
    assert article.dateline is not None
    assert article.dateline.text == "BAGDAD"
    assert article.date_published == dt.datetime(
        2018, 12, 22, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert article.date_modified == dt.datetime(
        2018, 12, 22, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert notes == [
        ": datePublished '2018-12-22T00:00:00+0100' is read as 2018-12-22T00:00:00+01:00",
        ": dateModified '2018-12-22T10:15:00 Europe/Madrid' is read as 2018-12-22T10:15:00+01:00",
        ": identifier is missing: the id is 'https://elejemplo.es/internacional/irak-coalicion.html'",
        ": author (a Person) has no name: dropped",
        ": commentCount '12' is text: read as the number 12",
    ]


def test_other_date_forms_entities_subjects_and_alternative_headlines() -> None:
    (article,), notes = read_page("dates-de.html")
    assert article.headline == "Was das Ende des Kampfeinsatzes für den Irak bedeutet"
    assert article.alternative_headlines == ("Die Koalition zieht sich zurück – aber nicht ganz",)
    assert article.kind is ArticleKind.ANALYSIS
    assert article.date_published == dt.datetime(
        2021, 12, 9, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert article.date_modified == PartialDate("2021-12-09")  # no offset: only the day
    assert [(s.name, s.uri) for s in article.subjects] == [
        ("Irak", "https://www.wikidata.org/wiki/Q796"),
        ("Bundeswehr", None),
    ]
    assert notes == [
        ": the JSON-LD block on line 6: HTML character references were decoded in headline, "
        "alternativeHeadline, articleBody",
        ": datePublished '20211209T103000+0100' is read as 2021-12-09T10:30:00+01:00",
        ": dateModified '2021-12-09 14:00' has no UTC offset: only its day, 2021-12-09, is kept",
    ]


def test_a_yoast_graph_merges_inline_references_with_full_nodes() -> None:
    (article,), notes = read_page("yoast-graph-en.html")
    author = next(e for e in article.entities if e.id == article.authors[0])
    # The inline {"@id", "name"} does not shadow the full Person: its url and sameAs are kept.
    assert (author.name, author.url, author.same_as) == (
        "Sam Writer",
        "https://blog.example.org/author/sam/",
        ("https://twitter.com/samwriter",),
    )
    (image,) = article.media
    assert (image.caption, image.width, image.height) == (
        "Troops at a base near Baghdad",
        1200,
        800,
    )
    assert article.kind is ArticleKind.ARTICLE
    assert ": nodes that are not articles were not kept: WebPage, WebSite" in notes
    assert ": articleSection: only the first of 2 is kept: 'World'" in notes


def test_two_articles_on_a_page_get_distinct_ids() -> None:
    (first, second), notes = read_page("two-articles-fr.html")
    assert first.id == "https://fr.example.org/irak"
    assert second.id == "https://fr.example.org/irak#reportage" or second.id.endswith("#2")
    assert first.id != second.id
    assert second.kind is ArticleKind.OPINION
    assert any("is another article's on this page" in note for note in notes)
    buffer = __import__("io").BytesIO()
    ns.write([first, second], buffer, format="jsonld")  # distinct ids: the writer takes both


def test_a_live_blog_keeps_its_updates_in_order_with_their_times() -> None:
    (article,), notes = read_page("live-blog-ko.html")
    assert article.kind is ArticleKind.LIVE_BLOG
    assert [(s.heading, s.date_published) for s in article.body] == [
        (
            "미 국방부 성명",
            dt.datetime(2021, 12, 9, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        ),
        (
            "이라크 정부 발표",
            dt.datetime(2021, 12, 9, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        ),
    ]
    assert article.body[1].paragraphs == (
        "이라크 국가안보보좌관이 전투임무 종료를 발표했다.",
        "협상은 성공적으로 마무리됐다.",
    )
    assert ns.loads(ns.dumps(article)) == article
    assert notes == [
        ": identifier is missing: the id is 'https://ko.example.kr/live/iraq'",
        ": coverageStartTime is not kept",
    ]


def test_articles_nested_in_a_blog_and_an_action_are_found() -> None:
    articles, notes = read_page("nested-blog.html")
    assert [(a.headline, a.kind) for a in articles] == [
        ("Leaving the base", ArticleKind.BLOG_POST),
        ("The last patrol", ArticleKind.BLOG_POST),
        ("Read: the coalition's new role", ArticleKind.NEWS),
    ]
    assert articles[0].comments == ()
    assert articles[0].comment_count == 1
    assert "[0]: a comment with no text was dropped" in notes
    assert "[0]: commentCount '1' is text: read as the number 1" in notes


def test_a_subclass_from_the_vocabulary_and_a_name_for_a_headline() -> None:
    (article,), notes = read_page("scholarly.html")
    assert article.headline == "Trauma care in Mosul, 2016-2017: a retrospective study"
    assert article.kind is ArticleKind.SCHOLARLY
    assert article.date_published == PartialDate("2019")
    assert notes[:2] == [
        ": headline is missing: the name 'Trauma care in Mosul, 2016-2017: a retrospective "
        "study' is the headline",
        ": @type MedicalScholarlyArticle is read as the kind 'scholarly' (ScholarlyArticle)",
    ]


def test_a_block_escaped_as_html() -> None:
    (article,), notes = read_page("entities-escaped.html")
    assert article.headline == "Troops stay & train"
    assert (
        notes[0] == ": the JSON-LD block on line 5: the block was escaped as HTML: it was unescaped"
    )


@pytest.mark.parametrize(
    ("text", "kept", "note"),
    [
        ("2021-12-09T10:30:00+03:00", "2021-12-09T10:30:00+03:00", None),
        ("2021-12-09", "2021-12-09", None),
        ("2021-12", "2021-12", None),
        ("2021-12-09T10:30:00+0300", "2021-12-09T10:30:00+03:00", "is read as"),
        ("2021-12-09T10:30+03", "2021-12-09T10:30:00+03:00", "is read as"),
        ("20211209T103000Z", "2021-12-09T10:30:00+00:00", "is read as"),
        ("2021-12-09T10:30:00.123456789Z", "2021-12-09T10:30:00.123456+00:00", "is read as"),
        ("2021-07-10T10:00:00 Europe/Berlin", "2021-07-10T10:00:00+02:00", "is read as"),
        ("2021-07-10T10:00:00Z[Europe/Berlin]", "2021-07-10T10:00:00+00:00", "is read as"),
        ("Thu, 09 Dec 2021 10:30:00 GMT", "2021-12-09T10:30:00+00:00", "is read as"),
        ("2021-12-09T10:30:00", "2021-12-09", "has no UTC offset: only its day"),
        ("2021-12-09T10:30:00 Mars/Olympus", "2021-12-09", "names a time zone"),
        ("9 December 2021", None, "is not a date"),
        ("2021-02-30T10:00:00Z", None, "is not a real moment"),
    ],
)
def test_dates_in_publishers_markup(text: str, kept: str | None, note: str | None) -> None:
    found, said = foreign_moment(text)
    assert found == kept
    if note is None:
        assert said is None
    else:
        assert said is not None
        assert note in said


def test_a_block_that_no_repair_saves() -> None:
    with pytest.raises(BlockError, match="not valid JSON"):
        read_block('{"a": ')
    assert read_block('{"url": "http://x.example/a//b", // a comment\n "n": 1,}') == (
        {"url": "http://x.example/a//b", "n": 1},
        ["JavaScript comments were removed", "trailing commas were removed"],
    )


def test_strict_refuses_what_was_lost_not_how_a_value_was_found(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        list(ns.read(PAGES / "yoast-graph-en.html", strict=True))
    assert [line.split(".html: ", 1)[1] for line in caught.value.lines()] == [
        "not kept: articleSection: only the first of 2 is kept: 'World'",
        "not kept: inLanguage of image "
        "'https://blog.example.org/wp-content/uploads/2021/12/troops.jpg' is not kept",
        "not kept: isPartOf is not kept",
        "not kept: wordCount is not kept",
    ]
    # A block repaired (CDATA, comments, trailing commas) and an id made: notes, not losses.
    (article,) = ns.read(PAGES / "comments-pt.html", strict=True)
    assert article.kind is ArticleKind.OPINION


def test_without_trafilatura_a_page_whose_text_is_needed_is_an_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsschema.formats.html import text

    def missing() -> None:
        raise ns.FormatError(
            "taking the text of a page needs trafilatura: pip install 'newsschema[html]'"
        )

    monkeypatch.setattr(text, "_trafilatura", missing)
    with pytest.raises(ns.FormatError, match=r"pip install 'newsschema\[html\]'"):
        read_page("no-body-en.html")  # never an empty body, read as if all were well
    # A page whose markup has the body is read; its body is not checked against the page.
    (article,), notes = read_page("dates-de.html")
    assert article.body
    assert any("articleBody is not checked against the page's text" in n for n in notes)
