"""Real pages' patterns, each in a small page written for it (``fixtures/pages/patterns``).

Each pattern made a real page come in worse than the extraction library alone reads it: a
teaser in the markup winning over the page, HTML inside ``articleBody``, no JSON-LD at all,
``www.schema.org``, boilerplate, a body without paragraph breaks, a zone abbreviation, two
nodes for one page, white space for paragraphs; and a home page must not come in at all.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import ROOT, read_saying

PATTERNS = ROOT / "fixtures" / "pages" / "patterns"
PARAGRAPHS = 8  # each article page has eight paragraphs of text on the page


def read(name: str) -> tuple[list[ns.Article], list[str]]:
    """A pattern page's articles, and every warning and note said of them (in order)."""
    found, said = read_saying(PATTERNS / name)
    return found, [line.removeprefix(": ") for line in said]


def text_of(article: ns.Article) -> list[str]:
    return [p for section in article.body for p in section.paragraphs]


def page_paragraphs() -> list[str]:
    """The paragraphs every article page shows, from the page with none of the patterns."""
    (article,), _ = read("www-context.html")
    return text_of(article)


def test_a_teaser_in_the_markup_gives_way_to_the_page_text() -> None:
    (article,), notes = read("teaser.html")
    assert text_of(article) == page_paragraphs()
    assert len(text_of(article)) == PARAGRAPHS
    assert any("articleBody is a shortened form of the page's text" in n for n in notes)
    assert article.provenance is not None
    assert article.provenance.extractor is not None


@pytest.mark.parametrize("name", ["escaped-html-body.html", "raw-html-body.html"])
def test_html_inside_articlebody_is_read_as_html(name: str) -> None:
    (article,), notes = read(name)
    paragraphs = text_of(article)
    assert len(paragraphs) >= 4
    for paragraph in paragraphs:
        assert "<" not in paragraph
        assert ">" not in paragraph
        assert "&lt;" not in paragraph
        assert "&amp;" not in paragraph
    assert paragraphs[1] == page_paragraphs()[1]
    assert any("articleBody holds" in n and "HTML" in n for n in notes)


def test_entities_escaped_twice_are_decoded_fully() -> None:
    (article,), _ = read("escaped-html-body.html")
    assert text_of(article)[0].endswith("for almost three years & more.")


def test_a_page_without_any_markup_is_read_from_its_text_and_meta() -> None:
    (article,), notes = read("no-markup.html")
    assert text_of(article) == page_paragraphs()
    assert article.headline == "Council expands the river park"  # not the site's name too
    assert [e.name for e in article.entities if e.id in article.authors] == ["Jane Doe"]
    assert article.language == "en"
    assert "articleBody is missing: the body is the page's main text, extracted by " in "".join(
        notes
    )


def test_the_schema_org_context_with_www_is_schema_org() -> None:
    (article,), _ = read("www-context.html")
    assert article.headline == "Council expands the river park"
    assert len(text_of(article)) == PARAGRAPHS


def test_boilerplate_around_the_text_is_removed() -> None:
    (article,), notes = read("boilerplate.html")
    assert text_of(article) == page_paragraphs()
    assert "4 blocks of boilerplate (related reading, prompts, paywall, credits) removed" in (
        " ".join(notes)
    )


def test_a_body_without_breaks_takes_the_pages_paragraphs() -> None:
    (article,), notes = read("no-breaks.html")
    assert text_of(article) == page_paragraphs()
    assert any("articleBody has no paragraph breaks" in n for n in notes)


def test_dates_with_zone_abbreviations() -> None:
    (article,), notes = read("zone-abbreviation.html")
    assert article.date_published == dt.datetime(
        2021, 1, 3, 17, 40, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert article.date_modified == ns.PartialDate("2021-01-04")
    assert "datePublished '2021-01-03T17:40:00EET' is read as 2021-01-03T17:40:00+02:00" in notes
    assert any("names IST, which stands for several time zones" in n for n in notes)


def test_two_nodes_for_one_page_are_one_article() -> None:
    (article,), notes = read("two-nodes.html")
    assert len(text_of(article)) == PARAGRAPHS
    publisher = next(e for e in article.entities if e.id == article.publisher)
    assert publisher.name == "Riverside Gazette"  # the node with the body
    assert (
        "publisher: the page's nodes for this article differ: 'Riverside Gazette' is kept, "
        "'Gazette Media Group' is not"
    ) in notes
    assert "2 nodes of the markup describe this one page: read as one article" in notes
    assert not any("not kept: NewsArticle" in n for n in notes)


def test_no_paragraph_is_white_space() -> None:
    (article,), _ = read("blank-paragraphs.html")
    assert text_of(article) == page_paragraphs()
    assert all(p.strip() == p and p for p in text_of(article))


def test_a_home_page_is_not_an_article() -> None:
    with pytest.raises(ns.ValidationError, match="not an article"):
        read("home-page.html")


def test_without_the_html_extra_a_page_needing_its_text_is_an_error(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['trafilatura'] = None\n"
        "import newsschema.cli\n"
        "sys.exit(newsschema.cli.main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "convert", str(PATTERNS / "no-markup.html"), "-o",
         str(tmp_path / "out.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "pip install 'newsschema[html]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_every_pattern_page_reads_from_bytes_too() -> None:
    for page in sorted(PATTERNS.glob("*.html")):
        if page.name == "home-page.html":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (article,) = ns.read(io.BytesIO(page.read_bytes()), format="html")
        assert article.body, page.name


def test_a_language_against_the_script_of_the_text_is_identified_again() -> None:
    (article,), notes = read("chinese-marked-en.html")
    assert article.language == "zh"
    assert (
        "inLanguage 'en' is not the language of the text, which is written in Hani: 'zh' is "
        "identified from the text (py3langid)"
    ) in notes


def test_a_ninjs_item_without_language_is_identified_from_its_text() -> None:
    import orjson

    item = {
        "uri": "https://news.example/item/1",
        "headline": "Council expands the river park",
        "body_text": " ".join(page_paragraphs()),
    }
    (article,), said = read_saying(orjson.dumps(item), format="ninjs")
    assert article.language == "en"
    assert ": language is missing: 'en' is identified from the text (py3langid)" in said
    assert not any("'und'" in message for message in said)


def test_a_warning_said_of_every_update_of_a_live_blog_is_said_once_with_a_count() -> None:
    import orjson

    update = {
        "@type": "BlogPosting",
        "articleBody": "Text.",
        "author": {"@type": "Person", "name": "A"},
    }
    document = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Live",
        "inLanguage": "en",
        "url": "https://news.example/live",
        "liveBlogUpdate": [{**update, "headline": f"Update {n}"} for n in range(26)],
    }
    (article,), said = read_saying(orjson.dumps(document), format="jsonld")
    assert len(article.body) == 26
    assert said.count(": author of a live blog update is not kept (26 times)") == 1
    assert len(said) == 2


def test_a_page_in_a_script_without_spaces_is_an_article(tmp_path: Path) -> None:
    source = (PATTERNS / "chinese-marked-en.html").read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(source.replace('<meta property="og:type" content="article">', ""), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (article,) = ns.read(page)  # no markup at all: its prose makes it an article
    assert len(text_of(article)) == 4


def test_a_live_blogs_lead_on_the_page_is_kept() -> None:
    (article,), notes = read("live-blog-lead.html")
    assert [s.heading for s in article.body] == [
        None,
        "Bridge closed",
        "Schools shut",
        "Evacuation ordered",
    ]
    assert article.body[0].paragraphs[0].startswith("Rescue teams are searching the flooded valley")
    assert all(s.date_published is not None for s in article.body[1:])
    assert any(
        n.startswith("the live blog's lead (2 paragraphs) is taken from the page's") for n in notes
    )
    assert article.provenance is not None
    assert article.provenance.extractor is not None


@pytest.mark.parametrize(
    "line",
    [
        "North Korea09:31 August 20, 2019",
        "Keywords: Iraq, coalition, withdrawal",
        "More Must-Reads From TIME",
        "Write to Jane Doe at jane.doe@example.com",
        "Sign up for our daily newsletter",
        "Lesen Sie auch: Die Koalition zieht ab",
        "© 2024 Riverside Gazette",
        "The mayor at the park on Tuesday (Photo: Jane Doe/Riverside Gazette)",
        "Cristina Kirchner y Alberto Fernández, en el Congreso (Foto: Natacha Pisarenko).",
        "Lea más:\xa0Juan Carlos Ortega propone legalizar la comercialización",  # another story
        "VEA TAMBIÉN: Estrella de la educación no brilla para estudiantes",
        "Zum Weiterlesen:",
        "NOTAS RELACIONADAS",
        "Subscribe now to our\xa0eNATION\xa0edition for the full story.",
        "To view the full story, please subscribe to The Haitian Times.",
        "For the latest stories and breaking news updates download the Nationnews apps.",
        "Kategorie: News",
        "Release Date:",
        "Aktualisiert am 12.03.2021",
        "Anzeige, enthält Affiliate Links",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
        "Fot. Lukasz Nowaczyk / Agencja Gazeta",
        "Screenshot: Strava",
        "Quelle: Landesregierung",
        "Inhaltsverzeichnis",
        "If you enjoyed reading this post – would you consider supporting our work? Thanks!",
        "Dowiedz się więcej: Kto jak głosował ws. unijnych funduszy?",
        "Pour lire la suite\net accéder gratuitement à 3 articles par mois,\ncréez votre compte",
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
        "Vorschau auf den nächsten Artikel",
        "Über diese Reihe",
        "Klicken Sie auf den unteren Button, um den Inhalt von www.komoot.de zu laden.",
        "aja/PAP",
        "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
        "This article is the copyrighted property of the Riverside Gazette.",
        "Sie sind aktuell nicht eingeloggt.",
        "You are not logged in. Log in to comment.",
        "Video verfügbar bis 28.02.2021",
        "This story may not be republished without the written permission of the Gazette.",
        "© 2022, Riverside Gazette. This article is the copyrighted property of the Riverside "
        "Gazette. Written permission must be obtained before reprint in online or print media. "
        "REPRINTING CONTENT WITHOUT PERMISSION AND/OR PAYMENT IS THEFT AND PUNISHABLE BY LAW.",
    ],
)
def test_a_line_of_boilerplate_is_removed_and_text_is_not(line: str) -> None:
    from newsschema.formats.html.clean import without_boilerplate

    text = page_paragraphs()
    kept, removed = without_boilerplate([text[0], line, *text[1:]])
    assert (kept, removed) == (text, 1)


@pytest.mark.parametrize(
    "line",
    [
        "Mira, the ship sailed before dawn.",
        "Lea said: we go home now.",
        "Last updated figures show growth.",
        "Werbung ist teuer.",
        "No comments were made by the minister.",
        "Categories of workers: nurses and teachers were the most affected.",
        "More news came on Monday, when the mayor resigned.",
        "Weitere Informationen erteilt Anne Althaus unter Tel. 02382 59743.",
        "Screenshots of the app were shared widely.",
        "Sources close to the minister said the plan had failed.",
        "If you enjoyed the film, the sequel will not disappoint.",
        "The logo © sign was removed in 2019 by the firm.",
        "Click the button twice.",
        "The story may not be what it seems, the mayor said.",
        "Video available until 2019 showed the mayor at the park.",
        "Video available until now only to subscribers.",
        "Copyright law was changed in 2019, and the court's reading of it changed the trade in "
        "old photographs across the country, where archives had held them for decades.",
    ],
)
def test_text_that_begins_as_boilerplate_does_is_kept(line: str) -> None:
    from newsschema.formats.html.clean import without_boilerplate

    assert without_boilerplate([line, "The end."]) == ([line, "The end."], 0)


def test_a_heading_of_boilerplate_is_removed_and_its_paragraphs_kept() -> None:
    from newsschema.formats.html.body import reconcile_body

    text = page_paragraphs()
    record = {
        "body": [
            {"heading": None, "paragraphs": text[:4]},
            {"heading": "Related stories", "paragraphs": text[4:]},
        ]
    }
    notes = reconcile_body(record, lambda: None, lambda part: [])
    assert record["body"] == [{"heading": None, "paragraphs": text}]
    assert any("1 block of boilerplate" in note for note in notes)


def test_what_a_reader_never_sees_is_not_the_text() -> None:
    # Hidden by an attribute, an inline style (any case and spacing), aria-hidden; a
    # print-only block; a pop-up: each between two paragraphs of the story.
    (article,), _ = read("hidden.html")
    assert text_of(article) == page_paragraphs()


def test_lines_loose_text_and_a_layout_table_keep_their_text_and_their_breaks() -> None:
    (article,), notes = read("loose-lines.html")
    shown = page_paragraphs()
    # <br>: a line; after the heading, loose text, then a layout table's cells' paragraphs
    address = "Riverside Gazette\n1 Harbour Street\nRiverside"
    assert [(s.heading, list(s.paragraphs)) for s in article.body] == [
        (None, [shown[0], address]),
        ("What the plan holds", shown[1:]),
    ]
    assert not any("not found as such in the page" in note for note in notes)


def test_a_site_menu_whose_nodes_each_name_the_context_costs_it_once() -> None:
    # Sixty menu nodes, each giving "@context": "https://schema.org" again: the processor keeps
    # the context it made, so the page is charged it once, and read (it was refused whole).
    (article,), notes = read("site-menu.html")
    assert article.headline == "Council expands the river park"
    assert text_of(article) == page_paragraphs()
    assert "nodes that are not articles were not kept: SiteNavigationElement" in notes
    assert not any("passed over" in note for note in notes)


def test_a_markup_id_that_is_the_sites_section_gives_way_to_the_canonical_link() -> None:
    (article,), notes = read("section-id.html")
    assert (article.id, article.url) == ("https://gazette.example/news/river-park",) * 2
    assert (
        "the markup's id 'https://gazette.example/news/' is another page's address, not this "
        "page's: the id is its canonical link, 'https://gazette.example/news/river-park'"
    ) in notes
    assert not any("the id is 'https://gazette.example/news/'" in note for note in notes)


def test_a_body_cut_into_containers_of_one_class_is_read_whole_in_order() -> None:
    # Three <div class="story-body"> chunks, an advertisement and a paywall teaser between.
    (article,), _ = read("split-body.html")
    assert text_of(article) == page_paragraphs()


def test_teaser_cards_of_other_stories_nested_in_the_article_are_not_its_text() -> None:
    (article,), _ = read("teaser-cards.html")
    assert text_of(article) == page_paragraphs()


def test_links_alone_and_the_publishers_about_block_are_not_the_text() -> None:
    # Three paragraphs that are each a link to another story and a promotion between the
    # story's paragraphs; "About Riverside Gazette" and its media contact after them.
    (article,), _ = read("related.html")
    assert text_of(article) == page_paragraphs()
    assert [section.heading for section in article.body] == [None]


def test_a_most_read_list_and_the_article_tools_are_not_the_text() -> None:
    # Between two paragraphs: "Most read", five headlines with their summaries, then the
    # tools' labels (Share this article, Print, Save for later, Listen to this article).
    (article,), _ = read("most-read.html")
    assert text_of(article) == page_paragraphs()
    assert [section.heading for section in article.body] == [None]


def test_an_embedded_posts_text_is_the_storys_each_block_its_own_paragraph() -> None:
    # A post quoted in the story (a tweet's <blockquote>): its words, then whose it is.
    (article,), notes = read("embedded-post.html")
    shown = page_paragraphs()
    post = [
        "The park vote is a win for every family in the eastern districts. Thank you to all "
        "who signed.",
        "— Riverside Parents (@riversideparents) June 4, 2024",
    ]
    assert text_of(article) == [*shown[:3], *post, *shown[3:]]
    assert not any("not found as such in the page" in note for note in notes)


def test_a_lead_written_as_loose_text_before_the_first_break_is_the_first_paragraph() -> None:
    # <div class="story">The lead …<br><br><p>…</p>…: the extractor reads blocks only.
    (article,), notes = read("loose-lead.html")
    assert text_of(article) == page_paragraphs()
    assert not any("not found as such in the page" in note for note in notes)


def test_a_label_before_the_first_paragraph_is_not_made_one(tmp_path: Path) -> None:
    page = (PATTERNS / "loose-lead.html").read_text(encoding="utf-8")
    lead = page[page.index('<div class="story">') + 19 : page.index("<br><br>")]
    path = tmp_path / "label.html"
    path.write_text(page.replace(lead, "Updated 5 June"), encoding="utf-8")
    (article,), _ = read_saying(path)
    assert text_of(article) == page_paragraphs()[1:]


def test_an_about_section_the_story_goes_on_after_is_the_story(tmp_path: Path) -> None:
    page = (PATTERNS / "related.html").read_text(encoding="utf-8")
    about = page[page.index("<h2>About") : page.index("</article>\n</main>")]
    story = (
        "<h2>About the plan</h2><p>The plan was drawn up by the council's own engineers over "
        "two winters, with help from the regional water board.</p><h2>What comes next</h2>"
        "<p>A first meeting with residents is planned for the second week of June.</p>"
    )
    path = tmp_path / "about.html"
    path.write_text(page.replace(about, story), encoding="utf-8")
    (article,), _ = read_saying(path)
    assert [section.heading for section in article.body] == [
        None,
        "About the plan",
        "What comes next",
    ]


@pytest.mark.parametrize(
    "line",
    ["Media contact: Jane Roe, press@gazette.example", "Press inquiries: +1 555 0100"],
)
def test_a_media_contact_is_boilerplate(line: str) -> None:
    from newsschema.formats.html.clean import without_boilerplate

    assert without_boilerplate(["The story.", line]) == (["The story."], 1)


def test_a_canonical_link_to_the_sites_root_is_a_templates_not_the_pages(tmp_path: Path) -> None:
    page = (PATTERNS / "section-id.html").read_text(encoding="utf-8")
    page = page.replace("https://gazette.example/news/river-park", "https://gazette.example/")
    path = tmp_path / "page.html"
    path.write_text(
        page.replace(
            '"https://gazette.example/news/"', '"https://gazette.example/news/river-park"'
        ),
        "utf-8",
    )
    (article,), notes = read_saying(path)
    assert article.id == "https://gazette.example/news/river-park"  # the markup's own, kept
    assert not any("another page's address" in note for note in notes)


def test_teasers_in_the_markup_are_not_articles_and_one_page_is_one_article() -> None:
    # The page's article is described three times: by a path relative to the page, by its
    # address over http, and by a template naming the home page; three more nodes are other
    # stories of the site, with no body (a "latest" list in the markup).
    (article,), notes = read("teasers-in-markup.html")
    assert article.headline == "Council expands the river park"
    assert text_of(article) == page_paragraphs()
    assert [entity.name for entity in article.entities if entity.id in article.authors] == [
        "Mara Quint"
    ]
    assert article.language == "en"  # from the template's node
    assert "3 nodes of the markup describe this one page: read as one article" in notes
    assert (
        "3 article nodes of the markup name other pages of the site and have no body (teasers "
        "of other stories: 'Derby ends in a draw', 'Budget talks resume', 'Floods close the "
        "harbour road'): not read"
    ) in notes


def test_several_articles_naming_no_page_of_their_own_are_all_read(tmp_path: Path) -> None:
    # Without an address of the page, nothing tells a teaser from the page's own article.
    page = (PATTERNS / "teasers-in-markup.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:url" content="https://www.gazette.example/park">', "")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = list(ns.read(path))
    assert "Derby ends in a draw" in [article.headline for article in found]


LEAD = (
    "Twelve hectares of the old rail yard will become parkland, after three years of a dispute "
    "that divided the eastern districts."
)


def test_a_lead_the_page_sets_apart_is_the_bodys_first_paragraph() -> None:
    # The lead stands between the headline and the text, in a block of its own, and the
    # extractor leaves it out; the page's description says it is the article's summary.
    (article,), notes = read("lead-apart.html")
    assert text_of(article) == [LEAD, *page_paragraphs()]
    assert article.summary == LEAD
    assert (
        "the page shows the article's summary just before its text, as its lead: it is the "
        "body's first paragraph"
    ) in notes


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ((f"<strong>{LEAD}</strong>", "<strong>A park for the east</strong>"), "not shown"),
        ((LEAD, LEAD.removesuffix(".")), "a subtitle: not a sentence"),
    ],
)
def test_a_summary_not_shown_as_a_lead_is_not_the_body(
    tmp_path: Path, change: tuple[str, str], why: str
) -> None:
    page = (PATTERNS / "lead-apart.html").read_text(encoding="utf-8").replace(*change)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (article,) = ns.read(path)
    assert text_of(article) == page_paragraphs(), why


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        # the lead under the first section's heading: the section's first paragraph
        (["Menu", "The plan", LEAD, "A paragraph of the text, long enough to be one."],
         [{"heading": "The plan", "paragraphs": [LEAD, "A paragraph of the text, long enough to be one."]}]),
        # the lead before it: a section of its own, first
        (["Menu", LEAD, "The plan", "A paragraph of the text, long enough to be one."],
         [{"heading": None, "paragraphs": [LEAD]},
          {"heading": "The plan", "paragraphs": ["A paragraph of the text, long enough to be one."]}]),
        # the summary cut short, the page's block whole; the body's paragraph the start of a block
        (["Menu", LEAD, "A paragraph of the text, long enough to be one. And a line more."],
         [{"heading": "The plan", "paragraphs": ["A paragraph of the text, long enough to be one."]}]),
    ],
)  # fmt: skip
def test_a_lead_goes_where_the_page_shows_it(
    shown: list[str], expected: list[dict[str, object]]
) -> None:
    from newsschema.formats.html.body import reconcile_body

    record = {
        "summary": LEAD,
        "body": [
            {
                "heading": "The plan",
                "paragraphs": ["A paragraph of the text, long enough to be one."],
            }
        ],
    }
    reconcile_body(record, lambda: None, lambda part: [], shown)
    if shown[-1].endswith("more."):  # no heading shown: the lead opens the body
        expected = [{"heading": None, "paragraphs": [LEAD]}, *expected]
    assert record["body"] == expected


def test_a_summary_cut_short_finds_the_whole_lead() -> None:
    from newsschema.formats.html.body import reconcile_body

    text = "A paragraph of the text, long enough to be one."
    record = {"summary": LEAD[:70] + "…", "body": [{"heading": None, "paragraphs": [text]}]}
    reconcile_body(record, lambda: None, lambda part: [], ["Menu", LEAD, text])
    assert record["body"] == [{"heading": None, "paragraphs": [LEAD, text]}]


def test_a_canonical_link_to_the_home_page_is_not_the_pages_address(tmp_path: Path) -> None:
    # A template's canonical link names the site's root on every page: with og:url the
    # page's own address is known, and the node naming it is its article, not a teaser;
    # without, nothing tells the page's article from a teaser, and all are read.
    page = (PATTERNS / "teasers-in-markup.html").read_text(encoding="utf-8")
    page = page.replace(
        '<meta property="og:url"',
        '<link rel="canonical" href="https://gazette.example/">\n<meta property="og:url"',
    )
    for number, shown in enumerate((page, page.replace('property="og:url"', 'property="x"'))):
        path = tmp_path / f"page-{number}.html"
        path.write_text(shown, encoding="utf-8")
        found, said = read_saying(path)
        headlines = [article.headline for article in found]
        if number == 0:
            assert headlines == ["Council expands the river park"]
            assert any("3 article nodes of the markup name other pages" in line for line in said)
        else:
            assert headlines[0] == "Council expands the river park"
            assert "Derby ends in a draw" in headlines


def test_a_summary_that_opens_with_the_headline_does_not_make_the_headline_a_lead() -> None:
    from newsschema.formats.html.body import reconcile_body

    headline = "Council expands the river park by twelve hectares at last."
    text = "A paragraph of the text, long enough to be one."
    record = {
        "headline": headline,
        "summary": headline + " " + LEAD,
        "body": [{"heading": None, "paragraphs": [text]}],
    }
    reconcile_body(record, lambda: None, lambda part: [], ["Menu", headline, text])
    assert record["body"] == [{"heading": None, "paragraphs": [text]}]
