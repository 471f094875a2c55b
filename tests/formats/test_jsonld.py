from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld as pyld

import newsschema as ns
from newsschema import Article, ValidationError
from newsschema.formats import jsonld
from newsschema.formats.jsonld import expand as jsonld_expand
from tests.conftest import ROOT, SEED
from tests.strategies import articles

VOCAB = ROOT / "tests" / "vocab" / "schemaorg-current-https.jsonld"
SCHEMA = "https://schema.org/"


def unique_ids(batch: list[Article]) -> bool:
    return len({article.id for article in batch}) == len(batch)


def written(batch: list[Article]) -> bytes:
    buffer = io.BytesIO()
    assert jsonld.write(buffer, batch) == len(batch)
    return buffer.getvalue()


def read_back(data: bytes | Any) -> list[Article]:
    if not isinstance(data, bytes):
        data = orjson.dumps(data)
    return list(ns.read(io.BytesIO(data), format="jsonld"))


@given(st.lists(articles(), max_size=3).filter(unique_ids))
def test_read_gives_back_what_write_wrote(batch: list[Article]) -> None:
    back = read_back(written(batch))
    assert back == batch
    assert [ns.dumps(a) for a in back] == [ns.dumps(a) for a in batch]


def _loader(url: str, options: Any = None) -> Any:
    raise AssertionError(f"a fetch of {url}")


@given(st.lists(articles(), min_size=1, max_size=2).filter(unique_ids))
def test_the_reader_works_on_meaning_not_layout(batch: list[Article]) -> None:
    document = orjson.loads(written(batch))
    expanded = pyld.expand(document, {"documentLoader": _loader})
    assert read_back(expanded) == batch  # full IRIs, every value in an array
    other = {"@vocab": "http://example.org/unused#", "s": SCHEMA, "n": jsonld.NS}
    compacted = pyld.compact(expanded, other, {"documentLoader": _loader})
    assert read_back(compacted) == batch  # other prefixes, one-element arrays collapsed


def test_the_seed_converts_to_jsonld_and_back_to_the_same_bytes(tmp_path: Path) -> None:
    ns.write(ns.read(SEED), tmp_path / "seed.jsonld")
    ns.write(ns.read(tmp_path / "seed.jsonld"), tmp_path / "back.json")
    assert (tmp_path / "back.json").read_bytes() == SEED.read_bytes()


def test_the_output_is_the_markup_publishers_and_search_engines_expect() -> None:
    document = orjson.loads(written([ns.load(SEED)]))
    assert document["@context"] == jsonld.CONTEXT
    assert document["@type"] == "NewsArticle"
    assert document["headline"] == {
        "@value": "التحالف الدولي ينهي مهمته القتالية في العراق",
        "@language": "ar",
        "@direction": "rtl",
    }
    assert document["alternativeHeadline"] == [
        {"@value": "The international coalition ends its combat mission in Iraq", "@language": "en"}
    ]
    assert document["inLanguage"] == "ar"
    assert "datePublished" not in document  # the seed does not know it
    assert document["commentCount"] == 1
    assert document["articleBody"]["@value"].startswith("بغداد -- أعلن العراق")
    mentions = {node["identifier"]: node for node in document["mentions"]}
    brennan = mentions["brennan"]
    assert brennan["@type"] == "Person"
    assert brennan["jobTitle"]["@value"] == "قائد قوة المهام المشتركة - عملية العزم الصلب"
    assert brennan["alternateName"] == [{"@value": "John W. Brennan", "@language": "en"}]
    assert mentions["iraq"]["sameAs"] == ["https://www.wikidata.org/entity/Q796"]
    assert mentions["isis"]["@type"] == "Organization"
    assert mentions["isis"]["ns:kind"] == "group"
    quote = next(part for part in document["hasPart"] if part["identifier"] == "q-araji-tweet")
    assert quote["@type"] == "Quotation"
    assert quote["spokenByCharacter"] == {"@id": mentions["araji"]["@id"]}
    assert quote["ns:channel"] == "tweet"
    figure = next(
        s for s in document["ns:statistics"]["@list"] if s["identifier"] == "s-coalition-members"
    )
    assert figure["@type"] == "QuantitativeValue"
    assert (figure["value"], figure["minValue"], figure["ns:qualifier"]) == (80, 80, "more_than")
    (campaign,) = document["ns:campaigns"]["@list"]
    assert campaign["@type"] == "Event"
    assert [phase["alternateName"][0]["@value"] for phase in campaign["subEvent"]] == [
        "Degrade",
        "Counterattack",
        "Defeat",
        "Support Stabilization",
    ]
    second = campaign["subEvent"][1]
    assert (second["startDate"], second["ns:start"]) == ("2015-12-01", "2015-12~")
    assert second["superEvent"] == {"@id": campaign["@id"]}


def test_a_graph_of_articles_and_an_empty_one() -> None:
    seed = ns.load(SEED)
    other = Article(id="other", headline="Other", language="en")
    document = orjson.loads(written([seed, other]))
    assert [node["identifier"] for node in document["@graph"]] == [seed.id, other.id]
    assert read_back(written([])) == []
    with pytest.raises(ValidationError, match="article id 'other' appears twice"):
        written([other, other])


# The vocabulary: every term used exists in schema.org 30.0, on a type within its domain.


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]], set[str]]:
    graph = orjson.loads(VOCAB.read_bytes())["@graph"]

    def ids(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].replace("schema:", SCHEMA) for item in items}

    parents: dict[str, set[str]] = {}
    domains: dict[str, set[str]] = {}
    terms = set()
    for node in graph:
        name = node["@id"].replace("schema:", SCHEMA)
        terms.add(name)
        if "rdfs:subClassOf" in node:
            parents[name] = ids(node["rdfs:subClassOf"])
        if "schema:domainIncludes" in node:
            domains[name] = ids(node["schema:domainIncludes"])
    return parents, domains, terms


def ancestors(kind: str) -> set[str]:
    parents = vocabulary()[0]
    seen, todo = {kind}, [kind]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from nodes(item)
    elif isinstance(value, dict):
        if "@value" not in value:
            yield value
        for key, inner in value.items():
            if not key.startswith("@") or key == "@list":
                yield from nodes(inner)


def compact_keys(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from compact_keys(item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            if not key.startswith("@"):
                yield key
            if key != "@context":
                yield from compact_keys(inner)


WEB_ANNOTATION = ROOT / "tests" / "vocab" / "webannotation"


@cache
def annotation_vocabulary() -> dict[str, dict[str, Any]]:
    """The W3C Web Annotation vocabulary's terms (oa.jsonld), by full IRI."""
    graph = orjson.loads((WEB_ANNOTATION / "oa.jsonld").read_bytes())["@graph"]
    return {node["id"].replace("oa:", jsonld.OA): node for node in graph}


def check_conformance(document: dict[str, Any]) -> None:
    _, domains, terms = vocabulary()
    annotation = annotation_vocabulary()
    expanded = pyld.expand(document, {"documentLoader": _loader})
    predicates: set[str] = set()
    for node in nodes(expanded):
        kinds = set(node.get("@type", ()))
        for kind in kinds:
            if kind.startswith(jsonld.OA):
                assert annotation.get(kind, {}).get("type") == "rdfs:Class", f"unknown {kind}"
                continue
            assert kind in terms or kind.startswith(jsonld.NS), f"unknown type {kind}"
        for key in node:
            if key.startswith("@"):
                continue
            predicates.add(key)
            if key.startswith(jsonld.NS):
                continue
            if key.startswith(jsonld.OA):  # a Web Annotation term, on a Web Annotation node
                assert annotation.get(key, {}).get("type") == "rdf:Property", f"unknown {key}"
                assert all(kind.startswith(jsonld.OA) for kind in kinds), f"{key} on {kinds}"
                continue
            assert key in terms, f"{key} is not a schema.org term"
            allowed = domains[key]
            assert any(ancestors(kind) & allowed for kind in kinds), (
                f"{key} is not allowed on {kinds}"
            )
    # Nothing dropped: every key written expands to a predicate.
    prefixes = {"ns:": jsonld.NS, "oa:": jsonld.OA}
    for key in set(compact_keys(document)):
        full = prefixes[key[:3]] + key[3:] if key[:3] in prefixes else SCHEMA + key
        assert full in predicates, f"{key} was dropped in expansion"


def test_the_seed_conforms_to_the_vocabulary() -> None:
    check_conformance(orjson.loads(written([ns.load(SEED)])))


@given(st.lists(articles(), min_size=1, max_size=2).filter(unique_ids))
def test_generated_articles_conform_to_the_vocabulary(batch: list[Article]) -> None:
    check_conformance(orjson.loads(written(batch)))


# Spans as Web Annotation selectors.


def _anno_loader(url: str, options: Any = None) -> Any:
    assert url == "http://www.w3.org/ns/anno.jsonld", f"a fetch of {url}"
    document = orjson.loads((WEB_ANNOTATION / "anno.jsonld").read_bytes())
    return {"contextUrl": None, "documentUrl": url, "document": document}


def test_spans_are_web_annotation_selectors_an_annotation_tool_reads() -> None:
    seed = ns.load(SEED)
    document = orjson.loads(written([seed]))
    [span] = document["hasPart"][0]["ns:spans"]["@list"]
    [quote_span] = seed.quotes[0].spans
    paragraph = seed.paragraphs[quote_span.paragraph]
    position, quote = span["oa:hasSelector"]
    assert span["oa:hasSource"] == {"@id": f"{document['@id']}#/paragraphs/{quote_span.paragraph}"}
    assert position == {
        "@type": "oa:TextPositionSelector",
        "oa:start": quote_span.start,
        "oa:end": quote_span.end,
    }
    assert quote["oa:exact"] == paragraph[quote_span.start : quote_span.end]
    # Compacted with the W3C's own context, the selectors are in the terms tools know.
    expanded = pyld.expand({"@context": jsonld.CONTEXT, **span}, {"documentLoader": _loader})
    compacted = pyld.compact(
        expanded, "http://www.w3.org/ns/anno.jsonld", {"documentLoader": _anno_loader}
    )
    selectors = sorted(compacted["selector"], key=lambda selector: selector["type"])
    assert compacted["type"] == "SpecificResource"
    assert selectors[0] == {
        "type": "TextPositionSelector",
        "start": quote_span.start,
        "end": quote_span.end,
    }
    assert selectors[1] == {"type": "TextQuoteSelector", "exact": quote["oa:exact"]}


def test_a_quote_that_recurs_is_told_apart_by_the_least_prefix_and_suffix() -> None:
    article = ns.Article(
        id="r",
        headline="h",
        language="en",
        body=(ns.Section(paragraphs=("no, no, no and yes",)),),
        entities=(
            ns.Entity(id="n", kind=ns.EntityKind.OTHER, name="no", mentions=(
                ns.Span(paragraph=0, start=0, end=2),
                ns.Span(paragraph=0, start=4, end=6),
                ns.Span(paragraph=0, start=15, end=18),
            )),
        ),
    )  # fmt: skip
    document = orjson.loads(written([article]))
    quotes = [span["oa:hasSelector"][1] for span in document["mentions"][0]["ns:mentions"]["@list"]]
    assert quotes == [
        {"@type": "oa:TextQuoteSelector", "oa:exact": "no", "oa:suffix": ", no,"},
        {"@type": "oa:TextQuoteSelector", "oa:exact": "no", "oa:prefix": " ", "oa:suffix": ","},
        {"@type": "oa:TextQuoteSelector", "oa:exact": "yes"},
    ]
    assert read_back(written([article])) == [article]


def test_the_earlier_span_form_is_still_read() -> None:
    seed = ns.load(SEED)
    document = orjson.loads(written([seed]))

    def earlier(value: Any) -> Any:
        if isinstance(value, dict) and value.get("@type") == "oa:SpecificResource":
            position = value["oa:hasSelector"][0]
            number = value["oa:hasSource"]["@id"].rsplit("/", 1)[1]
            return f"{number}:{position['oa:start']}-{position['oa:end']}"
        if isinstance(value, dict):
            return {key: earlier(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [earlier(inner) for inner in value]
        return value

    old = earlier(document)
    old["@context"] = {
        key: value for key, value in jsonld.CONTEXT.items() if key[:2] not in ("oa", "xs")
    }
    assert read_back(old) == [seed]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda span: span["oa:hasSelector"][1].update({"oa:exact": "something else"}),
            "the TextQuoteSelector's exact 'something else' is not the text at paragraph",
        ),
        (
            lambda span: span["oa:hasSource"].update({"@id": "urn:elsewhere#/paragraphs/0"}),
            "the span's source 'urn:elsewhere#/paragraphs/0' is not a paragraph of this article",
        ),
        (
            lambda span: span.update({"oa:hasSelector": []}),
            "a span needs one TextPositionSelector, not 0",
        ),
        (  # given by its words alone: anchored, and here they stand nowhere
            lambda span: span.update(
                {"oa:hasSelector": [{"@type": "oa:TextQuoteSelector", "oa:exact": "nowhere"}]}
            ),
            "the TextQuoteSelector's exact 'nowhere' stands nowhere in paragraph",
        ),
    ],
)
def test_a_span_that_does_not_hold_together_is_refused(change: Any, message: str) -> None:
    document = orjson.loads(written([ns.load(SEED)]))
    change(document["hasPart"][0]["ns:spans"]["@list"][0])
    with pytest.raises(ValidationError, match=message):
        read_back(document)


# Reading never touches the network.


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org",
        "http://schema.org/",
        "https://schema.org/",
        {"@vocab": "https://schema.org/"},
    ],
)
def test_foreign_contexts_are_read_offline(context: object) -> None:
    document = {
        "@context": context,
        "@type": "NewsArticle",
        "identifier": "x",
        "headline": "Offline",
        "inLanguage": "en",
        "articleBody": "Read without a fetch.",
    }
    (article,) = read_back(document)
    assert (article.id, article.headline, article.language) == ("x", "Offline", "en")


@pytest.mark.usefixtures("no_network")
def test_our_own_output_is_read_offline() -> None:
    assert read_back(written([ns.load(SEED)])) == [ns.load(SEED)]


@pytest.mark.usefixtures("no_network")
def test_an_unknown_remote_context_is_an_error_not_a_fetch() -> None:
    document = {
        "@context": "https://example.com/context.jsonld",
        "@type": "NewsArticle",
        "headline": "h",
    }
    with pytest.raises(ValidationError) as caught:
        read_back(document)
    assert caught.value.lines() == [
        "<stream>: @context: the remote context 'https://example.com/context.jsonld' is not one "
        "newsschema has; it reads offline, with the schema.org context it bundles"
    ]


def test_foreign_markup_reports_what_it_does_not_keep() -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": "n1",
        "headline": "A headline",
        "inLanguage": "en-us",
        "author": [
            "Writer One",
            {"@type": "Person", "name": "Writer Two", "email": "w2@example.com"},
        ],
        "keywords": "one, two ,three",
        "image": "https://example.com/a.jpg",
        "datePublished": "2021-12-09",
        "copyrightYear": 2021,
    }
    with pytest.warns(ns.NotKeptWarning) as caught:
        (article,) = read_back(document)
    assert [str(w.message) for w in caught] == [  # the empty body is a note: -v says it
        "<stream>: email of author 'Writer Two' is not kept",
        "<stream>: copyrightYear is not kept",
    ]
    assert article.date_published == ns.PartialDate("2021-12-09")
    assert [(m.kind.value, m.url) for m in article.media] == [
        ("image", "https://example.com/a.jpg")
    ]
    assert article.language == "en-US"
    assert article.keywords == ("one", "two", "three")
    assert [(e.id, e.kind.value, e.name) for e in article.entities] == [
        ("author-1", "person", "Writer One"),
        ("author-2", "person", "Writer Two"),
    ]
    assert article.authors == ("author-1", "author-2")


def test_foreign_quotations_and_other_parts() -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": "q",
        "headline": "h",
        "inLanguage": "en",
        "articleBody": "Jane spoke.",
        "author": {"@type": "Person", "@id": "https://example.com/#jane", "name": "Jane"},
        "hasPart": [
            {
                "@type": "Quotation",
                "text": "We will stay.",
                "spokenByCharacter": {"@id": "https://example.com/#jane"},
            },
            {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"},
        ],
    }
    with pytest.warns(ns.NotKeptWarning) as caught:
        (article,) = read_back(document)
    assert [str(w.message) for w in caught] == [
        "<stream>: hasPart: parts that are not quotations or articles are not kept"
    ]
    (quote,) = article.quotes
    assert (quote.id, quote.text, quote.kind.value, quote.speaker) == (
        "quote-1",
        "We will stay.",
        "direct",
        "author-1",
    )


def test_strict_turns_what_is_not_kept_into_errors() -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "h",
        "identifier": "i",
        "inLanguage": "en",
        "articleBody": "b",
        "isAccessibleForFree": False,
    }
    with pytest.raises(ValidationError) as caught:
        list(ns.read(io.BytesIO(orjson.dumps(document)), format="jsonld", strict=True))
    assert caught.value.lines() == ["<stream>: not kept: isAccessibleForFree is not kept"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"@context": 5, "@type": "NewsArticle"}, "@context must be an object."),
        (
            {
                "@context": {"@vocab": SCHEMA},
                "@type": "NewsArticle",
                "headline": {"@value": 5, "@language": "en"},
            },
            "only strings may be language-tagged.",
        ),
    ],
)
def test_invalid_json_ld_is_a_clear_error(document: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_back(document)
    assert caught.value.lines() == [
        f"<stream>: not valid JSON-LD: Invalid JSON-LD syntax; {message}"
    ]


def test_no_headline_is_an_error() -> None:
    document = {"@context": "https://schema.org", "@type": "NewsArticle", "identifier": "i"}
    with pytest.raises(ValidationError) as caught:
        read_back(document)
    assert caught.value.lines() == ["<stream>: headline: the article has no headline"]


def test_no_article_node_is_an_error() -> None:
    document = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}]}
    with pytest.raises(ValidationError, match=r"no article node .*; found: WebSite"):
        read_back(document)


def test_another_schema_version_of_ours_is_refused() -> None:
    document = orjson.loads(written([Article(id="a", headline="h", language="en")]))
    document["ns:schemaVersion"] = 2
    with pytest.raises(ValidationError, match=r"<stream>: schema_version 2 is not supported"):
        read_back(document)


# Our own documents are expanded directly, exactly as a JSON-LD processor would.


def _expanded_both_ways(document: dict[str, Any]) -> tuple[Any, Any]:
    from newsschema.formats.jsonld.expand import _expand_direct

    return _expand_direct(document), pyld.expand(
        document, {"documentLoader": jsonld_expand.document_loader, "base": None}
    )


def test_the_seed_expands_directly_as_pyld_expands_it() -> None:
    direct, processed = _expanded_both_ways(orjson.loads(written([ns.load(SEED)])))
    assert direct == processed


@given(st.lists(articles(), min_size=1, max_size=3).filter(unique_ids))
def test_generated_documents_expand_directly_as_pyld_expands_them(batch: list[Article]) -> None:
    direct, processed = _expanded_both_ways(orjson.loads(written(batch)))
    assert direct == processed


@pytest.mark.parametrize(
    "change",
    [
        {
            "author": {"@context": {"@vocab": "http://example.org/"}, "name": "x"}
        },  # a context inside
        {"@reverse": {"author": {"@id": "urn:x"}}},
        {"ns:odd": [["nested", "lists"]]},
        {"@context": [jsonld.CONTEXT, {"@language": "en"}]},  # a default language
    ],
)
def test_what_the_direct_path_does_not_do_goes_through_pyld(change: dict[str, Any]) -> None:
    from newsschema.formats.jsonld.expand import _expand_direct, _NotSimple, expand

    document = {**orjson.loads(written([ns.load(SEED)])), **change}
    with pytest.raises(_NotSimple):
        _expand_direct(document)
    try:
        processed = pyld.expand(
            document, {"documentLoader": jsonld_expand.document_loader, "base": None}
        )
    except pyld.JsonLdError:
        with pytest.raises(ValidationError):
            expand(document)
    else:
        assert expand(document) == processed


@pytest.mark.parametrize("context", ["https://schema.org", "http://schema.org/"])
def test_schema_orgs_context_named_again_on_a_nested_node_expands_directly(context: str) -> None:
    # Publishers repeat it on nested nodes ("publisher": {"@context": ..., "@type": ...}):
    # processed over itself it changes no term, so the direct path reads it as pyld does.
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "H",
        "publisher": {"@context": context, "@type": "Organization", "name": "Gazette"},
        "mainEntityOfPage": {"@context": context, "@type": "WebPage", "@id": "https://g.example/a"},
    }
    direct, processed = _expanded_both_ways(document)
    assert direct == processed


def test_a_nested_context_that_changes_terms_or_an_id_like_a_keyword_goes_through_pyld() -> None:
    from newsschema.formats.jsonld.expand import _expand_direct, _NotSimple, expand

    base = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H"}
    for change in (
        {"publisher": {"@context": {"name": "http://example.org/name"}, "name": "G"}},
        {"author": {"@context": "https://schema.org", "@type": "Person", "name": "A"},
         "@context": ["https://schema.org", {"headline": "http://example.org/h"}]},
        {"sameAs": ["@gazette", "https://g.example/"]},  # a handle has a keyword's form
    ):  # fmt: skip
        document = {**base, **change}
        with pytest.raises(_NotSimple):
            _expand_direct(document)
        assert expand(document) == pyld.expand(
            document, {"documentLoader": jsonld_expand.document_loader, "base": None}
        )


def test_every_article_type_of_the_vocabulary_is_known_with_its_parent() -> None:
    from newsschema.formats.jsonld.markup import ARTICLE_PARENTS, kind_of
    from newsschema.formats.jsonld.write import KIND_TYPES

    article = SCHEMA + "Article"
    found = {kind for kind in vocabulary()[0] if article in ancestors(kind)}
    assert {SCHEMA + name for name in ARTICLE_PARENTS} == found
    for name, parent in ARTICLE_PARENTS.items():
        if parent is not None:
            assert SCHEMA + parent in vocabulary()[0][SCHEMA + name]
    for kind, name in KIND_TYPES.items():
        assert SCHEMA + name in found
        assert kind_of({name}) == (kind, name)
    assert kind_of({"Article", "NewsArticle"}) == (ns.ArticleKind.NEWS, "NewsArticle")
    assert kind_of({"WebPage"}) is None


def test_one_bad_node_never_sinks_the_article() -> None:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": "s",
        "headline": "H",
        "inLanguage": "en",
        "articleBody": "b",
        "url": "ftp://bad",
        "author": [
            {"@type": "Person", "name": "A", "sameAs": ["not a uri", "https://ok.example/a"]},
            {"@type": "Person", "name": "   "},
        ],
        "image": [
            {"@type": "ImageObject", "url": "x"},
            {"@type": "ImageObject", "url": "https://i.example/a.jpg", "width": 0},
        ],
        "comment": [{"@type": "Comment", "text": "ok", "datePublished": "garbage"}],
    }
    with pytest.warns(ns.NotKeptWarning) as caught:
        (article,) = read_back(document)
    assert [str(w.message) for w in caught] == [
        "<stream>: author (a Person) has no name: dropped",
        "<stream>: datePublished of a comment 'garbage' is not a date: not kept",
        "<stream>: url 'ftp://bad' was dropped: 'ftp://bad' is not an absolute http or https URL",
        "<stream>: a media item: url 'x' was dropped: 'x' is not an absolute http or https URL",
        "<stream>: a media item: width 0 was dropped: must be 1 or more, got 0",
        "<stream>: author 'A': same_as[0] 'not a uri' was dropped: 'not a uri' holds spaces or "
        "bidi control characters",
        "<stream>: a media item was dropped: media[0].url: required key is missing",
    ]
    assert article.url is None
    assert [(e.name, e.same_as) for e in article.entities] == [("A", ("https://ok.example/a",))]
    assert [(m.url, m.width) for m in article.media] == [("https://i.example/a.jpg", None)]
    assert [c.text for c in article.comments] == ["ok"]


def test_publishers_blocks_expand_directly_as_pyld_expands_them() -> None:
    from newsschema.formats.html.page import parse_page
    from newsschema.formats.html.repair import BlockError, read_block
    from newsschema.formats.jsonld.expand import _expand_direct, _NotSimple

    direct = 0
    pages = sorted((ROOT / "fixtures" / "pages").rglob("*.html"))
    marked = 0  # the pages that have JSON-LD (some patterns' pages have none)
    for page in pages:
        blocks = parse_page(page.read_text(encoding="utf-8")).blocks
        marked += bool(blocks)
        for _, block in blocks:
            try:
                document, _ = read_block(block)
            except BlockError:
                continue
            processed = pyld.expand(
                document, {"documentLoader": jsonld_expand.document_loader, "base": None}
            )
            try:
                expanded = _expand_direct(document)
            except _NotSimple:
                continue
            assert expanded == processed, page.name
            direct += 1
    assert direct >= marked  # nearly every block takes the direct way


def _records_the_general_way(document: dict[str, Any]) -> list[Any]:
    import importlib

    reading = importlib.import_module("newsschema.formats.jsonld.documents")
    general = reading.articles_from_documents
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "own_records", lambda document: None)
        patch.setattr(jsonld_expand, "_expand_direct", _refuse)
        return [record.data for record in general([document])]


def _refuse(document: Any) -> Any:
    raise jsonld_expand._NotSimple


def test_the_seed_is_read_from_its_compact_form_as_pyld_reads_it() -> None:
    from newsschema.formats.jsonld.compact import own_records

    document = orjson.loads(written([ns.load(SEED)]))
    assert own_records(document) == _records_the_general_way(document)


@given(st.lists(articles(), min_size=1, max_size=3).filter(unique_ids))
def test_generated_documents_are_read_from_their_compact_form_as_pyld_reads_them(
    batch: list[Article],
) -> None:
    from newsschema.formats.jsonld.compact import own_records

    document = orjson.loads(written(batch))
    found = own_records(document)
    assert found is not None
    assert found == _records_the_general_way(document)
