"""IPTC ninjs: realistic agency items read field by field; every item written validated
against the IPTC schema (offline); articles round-trip exactly with the extension, and keep
every field ninjs can hold without it."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import newsschema as ns
from newsschema import ArticleKind, MediaKind, NotKeptWarning, PartialDate, ValidationError
from newsschema.formats.ninjs.body import sections_of
from newsschema.formats.ninjs.byline import read_byline
from newsschema.formats.ninjs.names import GENRES
from newsschema.schema import SCHEMA_ID, json_schema, ninjs_schemas
from tests.conftest import ROOT, SEED, examples, read_saying
from tests.strategies import articles

NINJS = ROOT / "fixtures" / "ninjs"
IPTC = ROOT / "newsschema" / "formats" / "ninjs" / "iptc"
_IPTC_SCHEMAS = {
    version: orjson.loads((IPTC / f"ninjs-schema_{version}.json").read_bytes())
    for version in ("2.2", "3.1")
}
_REGISTRY: Registry[Any] = Registry().with_resources(
    [
        (schema["$id"].rstrip("#"), Resource.from_contents(schema))
        for schema in _IPTC_SCHEMAS.values()
    ]
    + [
        # ninjs refers to GeoJSON's schema for a place's shape; we never write one.
        (
            "https://geojson.org/schema/GeoJSON.json",
            Resource.from_contents({"$schema": "https://json-schema.org/draft/2020-12/schema"}),
        ),
        (SCHEMA_ID, Resource.from_contents(json_schema())),
    ]
)


def validate(item: Any, version: str) -> None:
    """Check an item against IPTC's schema of its version (with ours, when extended)."""
    extended = "newsschema" in item
    schema = ninjs_schemas()[version] if extended else _IPTC_SCHEMAS[version]
    validator = Draft202012Validator(
        schema, registry=_REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(item), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def written(articles_: list[ns.Article], **options: Any) -> tuple[Any, list[str]]:
    buffer = BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ns.write(articles_, buffer, "ninjs", **options)
    notes = [str(w.message) for w in caught if issubclass(w.category, NotKeptWarning)]
    return orjson.loads(buffer.getvalue()), notes


def read(path: Path) -> tuple[list[ns.Article], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = list(ns.read(path, "ninjs"))
    return found, [str(w.message) for w in caught]


def entity(article: ns.Article, entity_id: str | None) -> ns.Entity:
    return next(e for e in article.entities if e.id == entity_id)


# Realistic items.


def test_a_dpa_item_in_3_1_with_several_bodies_and_a_picture() -> None:
    [article], notes = read(NINJS / "dpa-de-3.1.json")
    assert article.id == "urn:newsml:dpa.com:20240312:240312-99-312345"
    assert article.url is None  # a URN is no address
    assert article.language == "de"
    assert article.headline.startswith("Lokführer streiken erneut")
    assert article.alternative_headlines == ("GDL ruft zum sechsten Ausstand auf",)
    assert article.summary is not None
    assert article.summary.startswith("Die Lokführergewerkschaft")
    # The HTML body wins over the plain one; white space folded, <br> kept, <h3> a section.
    assert [s.heading for s in article.body] == [None, "Notfahrplan"]
    assert article.body[0].paragraphs[0].endswith("Betroffen sind Fern- und Regionalverkehr.")
    assert article.body[1].paragraphs == (
        "Die Deutsche Bahn kündigte einen Notfahrplan an.\nReisende sollen sich vorab informieren.",
        "Der Streik soll bis Mittwoch um 18.00 Uhr dauern.",
    )
    assert str(article.date_published) == "2024-03-12 09:15:00+01:00"
    assert str(article.date_modified) == "2024-03-12 11:42:30+01:00"
    assert article.dateline == ns.Dateline(text="Berlin")
    assert [entity(article, a).name for a in article.authors] == ["Anna Schmidt", "Lars Berg"]
    publisher = entity(article, article.publisher)
    assert (publisher.name, publisher.kind) == ("dpa", ns.EntityKind.ORGANIZATION)
    gdl = entity(article, "GDL")  # the literal is the id
    assert gdl.same_as == ("http://www.wikidata.org/entity/Q896342",)
    assert {(e.kind.value, e.name) for e in article.entities} >= {
        ("person", "Claus Weselsky"),
        ("organization", "Deutsche Bahn"),
        ("place", "Frankfurt am Main"),
    }
    assert [(s.code, s.uri) for s in article.subjects] == [
        ("medtop:20000653", "http://cv.iptc.org/newscodes/mediatopic/20000653"),
        ("medtop:20000744", "http://cv.iptc.org/newscodes/mediatopic/20000744"),
        ("genre:Current", "http://cv.iptc.org/newscodes/genre/Current"),  # no kind of ours
    ]
    assert article.kind is None
    [picture] = article.media
    assert picture == ns.Media(
        url="https://example.dpa.com/img/240312-99-312346.jpg",
        kind=MediaKind.IMAGE,
        caption="Leere Bahnsteige im Berliner Hauptbahnhof.",
        credit="Foto: Jens Kalaene/dpa",
        width=5568,
        height=3712,
        content_type="image/jpeg",
    )
    assert article.provenance == ns.Provenance(license="Nur für redaktionelle Zwecke.")
    said = "\n".join(notes)
    for expected in (
        "bodies[0] (role 'main', contentType 'text/plain') is not kept: the body is bodies[1]",
        "bodies[2] (role 'teaser', contentType 'text/plain') is not kept",
        "bodies[1]: 1 figure in the body not kept",
        "renditions thumbnail, preview are not kept (the largest is)",
        "urgency 3 is not kept",
        "slugline 'Verkehr Bahn Streik' is not kept",
        "altIds",
        "subjects[0].relevance 90 is not kept",
        "places[0].geoJSON",
        "organisations[1].symbols",
        "copyrightNotice '© dpa Deutsche Presse-Agentur GmbH' is not kept (usageTerms is)",
        "descriptions[1] (role 'caption')",
    ):
        assert expected in said
    assert "type 'text'" not in said
    assert "pubStatus" not in said


def test_an_ap_item_in_2_2_with_nitf_a_video_and_a_web_page() -> None:
    [article], notes = read(NINJS / "ap-en-2.2.json")
    assert article.id == "https://apnews.example/article/measles-outbreak-vaccine-7f3a9c"
    # The web rendition is the page; the uri only names the item.
    assert article.url == "https://apnews.example/article/measles-outbreak-vaccine-7f3a9c?utm=feed"
    assert article.language == "en-US"
    assert article.body == (
        ns.Section(
            paragraphs=(
                "LONDON (AP) — Measles cases are climbing in several countries, the World "
                "Health Organization said Tuesday.",
                "The agency said vaccination rates & surveillance have both slipped.",
            )
        ),
        ns.Section(
            heading="A preventable disease",
            paragraphs=("Measles is one of the most contagious diseases known.",),
        ),
    )
    assert str(article.date_published) == "2024-03-05 14:02:11+00:00"
    [author] = [entity(article, a) for a in article.authors]
    assert (author.name, author.title) == ("MARIA CHENG", "AP Medical Writer")
    [video] = article.media
    assert (video.kind, video.url, video.caption) == (
        MediaKind.VIDEO,
        "https://media.apnews.example/measles-1080.mp4",
        "What to know about measles",
    )
    assert article.provenance is not None
    assert article.provenance.license == "Copyright 2024 The Associated Press. All rights reserved."
    said = "\n".join(notes)
    assert "contentCreated 2024-03 is not kept (firstCreated is)" in said
    assert "the NITF <body.head> is not read" in said
    assert "associations[1] (a text) is not kept" in said
    assert "'AP Medical Writer' is read as the title of 'MARIA CHENG'" in said
    assert "associations[0].renditions[0].duration 94.5 is not kept" in said


def test_an_arabic_item_with_a_day_for_a_date_and_a_genre() -> None:
    [article], notes = read(NINJS / "wafa-ar-3.0.json")
    assert article.language == "ar"
    assert article.kind is ArticleKind.ANALYSIS
    assert article.date_published == PartialDate("2021-12-09")  # no time is invented
    assert str(article.date_modified) == "2021-12-09 18:20:00+03:00"
    assert article.alternative_headlines == ("نهاية المهمة القتالية",)
    assert article.dateline == ns.Dateline(text="بغداد")
    # Plain text: blank lines part paragraphs; the right-to-left mark is kept as it is.
    assert article.paragraphs[1] == (
        "وقال قائد قوة المهام المشتركة إن التحالف سيبقى لتقديم المشورة.\n"
        'وأضاف \u200f"لقد ضحى العديد من الرجال والنساء الشجعان".'
    )
    assert entity(article, article.publisher).name == "وكالة الأنباء"
    [author] = [entity(article, a) for a in article.authors]
    assert author.name == "محمد علي وأحمد حسن"  # kept whole, and warned about
    said = "\n".join(notes)
    assert "may be two names joined by و; it is kept as one" in said
    assert "embargoedUntil" in said


def test_an_array_of_items_with_a_year_for_a_date_and_a_title_for_a_headline() -> None:
    (first, second), notes = read(NINJS / "ntb-nb-array.json")
    assert first.date_published == PartialDate("2025")
    assert first.paragraphs == (
        "Oslo lufthavn hadde 28,7 millioner passasjerer i fjor.",
        "Det er ny rekord.",
    )
    assert [entity(first, a).name for a in first.authors] == ["Kari Nordmann", "Ola Hansen"]
    assert entity(first, first.publisher).name == "NTB"
    assert first.subjects == (ns.Subject(name="Luftfart"),)
    assert second.headline == "Vær: Kaldt i hele landet"
    assert second.paragraphs == ("Det blir kaldt.", "Minus 20 grader i innlandet.")
    assert second.authors == ()
    said = "\n".join(notes)
    assert "[0]: bodies[0]: 1 table in the body not kept" in said
    assert "[0]: subjects[0].confidence 87 is not kept" in said
    assert (
        "[1]: there are no headlines: the title 'Vær: Kaldt i hele landet' is the headline" in said
    )
    assert "'Staff' names no one" in said


def test_strict_reading_refuses_what_is_not_kept() -> None:
    with pytest.raises(ValidationError, match="not kept: urgency 3 is not kept"):
        list(ns.read(NINJS / "dpa-de-3.1.json", "ninjs", strict=True))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'"text"', "expected a ninjs item (an object), got the string 'text'"),
        (
            b'{"headlines": [{"value": "x"}]}',
            "uri: a ninjs item needs a uri, its id: none is given",
        ),
        (b'{"uri": 7}', "uri: a ninjs item needs a uri, its id: got the number 7"),
        (b'{"uri": "urn:x", "language": "en"}', "headlines: the item has no headline"),
        (
            b'{"uri": "urn:x", "headlines": [{"value": "h"}], "newsschema": {"schema_version": 9}}',
            "newsschema.schema_version: schema_version 9 is not supported",
        ),
        (b'{"uri": "urn:x", "uri": "urn:y"}', "the key 'uri' appears twice"),
    ],
)
def test_bad_items_are_refused_with_their_place_and_problem(document: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        ns.loads(document, "ninjs")


def test_bad_values_are_dropped_with_a_warning_and_the_rest_kept() -> None:
    item = {
        "uri": "urn:x",
        "language": "en_GB",
        "headlines": [{"value": 5}, {"value": "Kept"}],
        "people": [{"name": "No URI", "uri": "not a uri"}, {"rel": "author"}, "text"],
        "firstCreated": "2024-03-05T14:02",
        "bodies": "not a list",
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        article = ns.loads(orjson.dumps(item), "ninjs")
    said = "\n".join(str(w.message) for w in caught)
    assert article.headline == "Kept"
    assert article.language == "en-GB"
    assert entity(article, "person-1").same_as == ()
    assert article.date_published == PartialDate("2024-03-05")
    for expected in (
        "headlines[0].value: expected a string, got the number 5: not kept",
        "people[1] has no name: not kept",
        "people[2]: expected an object, got the string 'text': not kept",
        "bodies: expected a list, got the string 'not a list': not kept",
        "same_as",
        "has no UTC offset: only its day, 2024-03-05, is kept",
        "language 'en_GB' is read as 'en-GB'",
    ):
        assert expected in said


def test_a_ninjs_item_read_as_canonical_json_says_what_it_is() -> None:
    with pytest.raises(ValidationError, match="looks like an IPTC ninjs item"):
        ns.load(NINJS / "dpa-de-3.1.json", "json")


@pytest.mark.parametrize(
    ("byline", "writers", "agencies"),
    [
        ("By Jane Doe and John Roe", [("Jane Doe", None), ("John Roe", None)], []),
        ("Von Anna Schmidt, dpa", [("Anna Schmidt", None)], ["dpa"]),
        (
            "Par Marie Dupont et Luc Martin (AFP)",
            [("Marie Dupont", None), ("Luc Martin", None)],
            ["AFP"],
        ),
        ("By MARIA CHENG, AP Medical Writer", [("MARIA CHENG", "AP Medical Writer")], []),
        ("José Ortega y Gasset", [("José Ortega y Gasset", None)], []),
        ("بقلم محمد علي و أحمد حسن", [("محمد علي", None), ("أحمد حسن", None)], []),
        ("Staff and agencies", [], []),
        ("A, B & C", [("A", None), ("B", None), ("C", None)], []),
    ],
)
def test_bylines_are_split_with_care(
    byline: str, writers: list[tuple[str, str | None]], agencies: list[str]
) -> None:
    found = read_byline(byline)
    assert list(found.writers) == writers
    assert list(found.agencies) == agencies


def test_plain_text_bodies_are_a_paragraph_a_line_or_a_block() -> None:
    assert sections_of("one\ntwo\n\nthree", "text")[0] == [{"paragraphs": ["one\ntwo", "three"]}]
    assert sections_of(" one \n\n\n two\n", "text")[0] == [{"paragraphs": ["one", "two"]}]


# Writing.


def test_the_seed_written_plain_validates_and_says_what_it_does_not_keep() -> None:
    seed = ns.load(SEED)
    for version in ("3.1", "2.2"):
        item, notes = written([seed], version=version)
        validate(item, version)
        [note] = notes
        assert note.startswith(f"iraq-coalition-2021: not kept in ninjs {version}: ")
        for field in ("quotes", "statistics", "campaigns", "events", "comments", "provenance"):
            assert f"{field} (" in note
    item, _ = written([seed], version="2.2")
    assert "versioncreated" not in item
    assert "standard" in item
    assert item["headlines"][0] == {"role": "main", "contenttype": "text/plain",
                                    "value": seed.headline}  # fmt: skip


def test_the_seed_written_with_the_extension_validates_and_comes_back_exactly() -> None:
    seed = ns.load(SEED)
    for version in ("3.1", "2.2"):
        item, notes = written([seed], version=version, extension=True)
        assert notes == []
        validate(item, version)
        assert item["standard"]["schema"].endswith(f"ninjs-{version}-newsschema.schema.json")
        assert ns.loads(orjson.dumps(item), "ninjs") == seed
    assert "headline" not in item["newsschema"]  # only what plain ninjs does not keep


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(ns.FormatError, match=r"option version='1\.6': choose '3\.1' or '2\.2'"):
        ns.write([ns.load(SEED)], BytesIO(), "ninjs", version="1.6")


def test_the_fixtures_come_back_from_our_own_ninjs_exactly() -> None:
    for path in sorted(NINJS.glob("*.json")):
        found, _ = read(path)
        for version in ("3.1", "2.2"):
            item, _ = written(found, version=version, extension=True)
            for each in item if isinstance(item, list) else [item]:
                validate(each, version)
            assert list(ns.read(BytesIO(orjson.dumps(item)), "ninjs")) == found


@settings(max_examples=examples(60))
@given(articles(), st.sampled_from(["3.1", "2.2"]))
def test_articles_come_back_exactly_with_the_extension(article: ns.Article, version: str) -> None:
    item, notes = written([article], version=version, extension=True)
    assert notes == []
    validate(item, version)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # our own extended items read with nothing to say
        assert ns.loads(orjson.dumps(item), "ninjs") == article


_FOLD = re.compile(r"[ \t\n\r\f]+")


def _folded(text: str) -> str:
    """Text as HTML shows it: each line's white space folded; blank lines at the ends gone."""
    lines = [_FOLD.sub(" ", line).strip(" ") for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _shown_body(article: ns.Article) -> list[tuple[str | None, list[str]]]:
    """The body as HTML shows it: headings that show open sections, paragraphs that show."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for section in article.body:
        heading = _folded(section.heading) if section.heading is not None else ""
        if heading:
            sections.append((heading, []))
        sections[-1][1].extend(p for p in map(_folded, section.paragraphs) if p)
    return [s for s in sections if s[0] is not None or s[1]]


_GROUPS = {ns.EntityKind.GROUP: ns.EntityKind.ORGANIZATION}


@settings(max_examples=examples(60))
@given(articles(), st.sampled_from(["3.1", "2.2"]))
def test_plain_ninjs_keeps_every_field_it_can_hold(article: ns.Article, version: str) -> None:
    item, _ = written([article], version=version)
    validate(item, version)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotKeptWarning)
        back = ns.loads(orjson.dumps(item), "ninjs")
    assert (back.headline, back.language) == (article.headline, article.language)
    assert back.alternative_headlines == tuple(
        h for h in article.alternative_headlines if h.strip()
    )
    assert back.summary == (
        article.summary if article.summary and article.summary.strip() else None
    )
    assert _shown_body(back) == _shown_body(article)
    for field in ("date_published", "date_modified"):
        value = getattr(article, field)
        if not isinstance(value, PartialDate):
            assert getattr(back, field) == value
    assert back.kind == (article.kind if article.kind in GENRES else None)
    if article.dateline is not None and article.dateline.text.strip():
        assert back.dateline == ns.Dateline(text=article.dateline.text)
    assert [(s.name, s.code, s.uri) for s in back.subjects] == [
        (s.name, s.code, s.uri) for s in article.subjects
    ]
    names = {e.id: e for e in article.entities}
    back_names = {e.id: e for e in back.entities}
    # An author listed twice is listed once: ninjs gives each person one rel.
    assert {(names[a].kind, names[a].name) for a in article.authors} == {
        (back_names[a].kind, back_names[a].name) for a in back.authors
    }
    if article.publisher is not None:
        assert back_names[back.publisher or ""].name == names[article.publisher].name
    assert Counter((_GROUPS.get(e.kind, e.kind), e.name, e.id) for e in article.entities) == (
        Counter((e.kind, e.name, e.id) for e in back.entities)
    )
    assert [(m.kind, m.caption, m.credit, m.width, m.height, m.content_type) for m in back.media] == [
        (m.kind, m.caption if m.caption and m.caption.strip() else None, m.credit, m.width,
         m.height, m.content_type)
        for m in article.media
    ]  # fmt: skip
    license = article.provenance.license if article.provenance is not None else None
    assert (back.provenance.license if back.provenance is not None else None) == (
        license if license and license.strip() else None
    )


def test_the_command_line_writes_ninjs_with_its_options(tmp_path: Path) -> None:
    from tests.test_cli import run

    plain, extended, back = tmp_path / "plain.ninjs", tmp_path / "ext.ninjs", tmp_path / "b.json"
    done = run("convert", str(SEED), "-o", str(plain), "-O", "version=2.2")
    assert done.returncode == 0, done.stderr
    assert "warning: iraq-coalition-2021: not kept in ninjs 2.2: dateline" in done.stderr
    validate(orjson.loads(plain.read_bytes()), "2.2")
    done = run("convert", str(SEED), "-o", str(extended), "-O", "extension=true", "-qq")
    assert (done.returncode, done.stderr) == (0, "")
    done = run("convert", str(extended), "-o", str(back))
    assert done.returncode == 0, done.stderr
    assert ns.load(back) == ns.load(SEED)
    done = run("convert", str(SEED), "-o", str(tmp_path / "x.ninjs"), "-O", "version")
    assert done.returncode == 2
    assert "--option 'version': write it NAME=VALUE" in done.stderr
    assert "ninjs" in run("formats").stdout


def test_names_of_the_other_version_are_read_and_said() -> None:
    item = {
        "uri": "urn:x",
        "standard": {"name": "ninjs", "version": "3.1"},
        "headlines": [{"value": "h"}],
        "language": "en",
        "versioncreated": "2024-01-02T03:04:05Z",
        "versionCreated": "2024-01-02T03:04:06Z",
    }
    (article,), said = read_saying(orjson.dumps(item), format="ninjs")
    assert str(article.date_modified) == "2024-01-02 03:04:05+00:00"  # the first given
    assert said == [  # a note (the name read as the other), then a warning (a value dropped)
        ": versioncreated: a ninjs 2.x name in a 3.x item, read as versionCreated",
        ": versionCreated: versionCreated is given twice, in both spellings; the first is kept",
    ]


def test_a_ninjs_1_item_is_read_from_its_single_fields() -> None:
    item = {
        "uri": "https://example.org/1x",
        "headline": "A 1.x headline",
        "body_html": "<p>First.</p><p>Second.</p>",
        "description_text": "In short.",
        "versioncreated": "2017-05-04T10:00:00Z",
        "language": "en",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing left out: every field has its home
        article = ns.loads(orjson.dumps(item), "ninjs")
    assert article.headline == "A 1.x headline"
    assert article.paragraphs == ("First.", "Second.")
    assert article.summary == "In short."
    assert str(article.date_modified) == "2017-05-04 10:00:00+00:00"
