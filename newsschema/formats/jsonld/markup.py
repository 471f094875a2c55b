"""Publishers' markup: schema.org articles as the web serves them, mapped as well as they map.

What maps is kept; every property that does not is reported, and so is every repair
(a date in another ISO 8601 form, a count written as text, a value taken from the page
rather than the markup). A part that cannot be kept (an author with no name, a comment with
no text) is dropped with a warning, and the rest of the article is kept: one bad node
never sinks the page.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import attrs

from newsschema.checks import canonical_case, language_tag_problem
from newsschema.dates import foreign_moment
from newsschema.errors import ValidationError
from newsschema.formats._base import Note
from newsschema.formats.jsonld.expand import Graph, iris, local, types_of
from newsschema.formats.jsonld.read import ArticleReader
from newsschema.formats.jsonld.write import KIND_TYPES
from newsschema.formats.salvage import salvage
from newsschema.model import SCHEMA_VERSION, ArticleKind, EntityKind

__all__ = [
    "ARTICLE_PARENTS",
    "MarkupReader",
    "Page",
    "distinct_ids",
    "find_articles",
    "kind_of",
    "same_page_merged",
]

ARTICLE_PARENTS = {
    "Article": None,
    "AdvertiserContentArticle": "Article",
    "NewsArticle": "Article",
    "AnalysisNewsArticle": "NewsArticle",
    "AskPublicNewsArticle": "NewsArticle",
    "BackgroundNewsArticle": "NewsArticle",
    "OpinionNewsArticle": "NewsArticle",
    "ReportageNewsArticle": "NewsArticle",
    "ReviewNewsArticle": "NewsArticle",
    "Report": "Article",
    "SatiricalArticle": "Article",
    "ScholarlyArticle": "Article",
    "MedicalScholarlyArticle": "ScholarlyArticle",
    "SocialMediaPosting": "Article",
    "BlogPosting": "SocialMediaPosting",
    "LiveBlogPosting": "BlogPosting",
    "DiscussionForumPosting": "SocialMediaPosting",
    "TechArticle": "Article",
    "APIReference": "TechArticle",
}
"""Article and every subclass of it in the bundled schema.org vocabulary, with its parent
(a test checks this against the vocabulary)."""

_KINDS = {name: kind for kind, name in KIND_TYPES.items()}


def kind_of(types: set[str]) -> tuple[ArticleKind, str] | None:
    """The kind of article the most specific of ``types`` is, and that type; None if none is."""
    best: tuple[int, ArticleKind, str] | None = None
    for name in types:
        depth, ancestor = 0, name if name in ARTICLE_PARENTS else None
        while ancestor is not None and ancestor not in _KINDS:
            ancestor = ARTICLE_PARENTS[ancestor]
        if ancestor is None:
            continue
        walk: str | None = name
        while walk is not None:
            depth += 1
            walk = ARTICLE_PARENTS[walk]
        if best is None or depth > best[0]:
            best = (depth, _KINDS[ancestor], name)
    return None if best is None else (best[1], best[2])


# Where articles stand nested in other nodes: a blog's posts, a page's main entity, the
# object of an action, the parts of a work. A live blog's updates are its sections instead.
_NESTING_TERMS = ("blogPost", "blogPosts", "mainEntity", "hasPart", "object")


def find_articles(graph: Graph) -> list[dict[str, Any]]:
    """Every article node of a graph, top-level or nested, each once, in document order."""
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    seen_ids: set[str] = set()

    def visit(value: Any, depth: int) -> None:
        node = graph.node(value)
        if not isinstance(node, dict) or id(node) in seen or depth > 64:
            return
        seen.add(id(node))
        if kind_of(types_of(node)) is not None:
            iri = node.get("@id")
            if iri is None or iri not in seen_ids:
                found.append(node)
                if iri is not None:
                    seen_ids.add(iri)
        for term in _NESTING_TERMS:
            for iri in iris(term):
                for inner in node.get(iri, ()):
                    items = (
                        inner["@list"] if isinstance(inner, dict) and "@list" in inner else [inner]
                    )
                    for item in items:
                        visit(item, depth + 1)

    for top in graph.tops:
        visit(top, 0)
    updates = {
        id(graph.node(update))
        for article in found
        for iri in iris("liveBlogUpdate")
        for update in article.get(iri, ())
    }
    return [node for node in found if id(node) not in updates]


def same_page_merged(
    graph: Graph, found: list[dict[str, Any]], notes: list[str], page: Page | None = None
) -> list[dict[str, Any]]:
    """Article nodes that describe the same page, merged into one; other pages' left out.

    The same page: the same ``@id`` less its fragment, or a ``url`` or ``mainEntityOfPage``
    one names, whatever the scheme (``http``, ``https``) or a ``www.``; but two nodes that
    each have a body are two articles. The richest node (the one with the body) is the base;
    the others add what it lacks, and where they differ the difference is said in ``notes``.
    The merged node takes the base's place in ``graph``.

    With the ``page`` the nodes are on: an address relative to it is read against its own
    (its canonical link, ``og:url`` or the address it was fetched from); a node that names the
    site's home page is the page's own (a template's address); and where some node is the
    page's own article, nodes without a body that name only other pages of its site are
    teasers of those pages (related stories, a list of the latest): passed over, with a note.
    The page's own article comes first.
    """
    own = [address for address in (page.addresses() if page else ()) if _page_key(address)]
    own_keys = {_page_key(address) for address in own}
    sites = {key.split("/", 1)[0] for key in own_keys}
    groups: list[tuple[set[str], list[dict[str, Any]]]] = []
    for node in found:
        keys = _page_keys(node, own[0] if own else None)
        if own and any(key in sites for key in keys):  # the home page: a template's address
            keys = {key for key in keys if key not in sites} | own_keys
        group = next(
            (
                group
                for group in groups
                if keys
                and group[0] & keys
                # two nodes with a body each are two articles on one page, not one
                and not (_richness(node)[0] and any(_richness(n)[0] for n in group[1]))
            ),
            None,
        )
        if group is None:
            groups.append((keys, [node]))
        else:
            group[0].update(keys)
            group[1].append(node)
    if own_keys and any(keys & own_keys for keys, _ in groups):
        groups.sort(key=lambda group: not group[0] & own_keys)  # the page's own first
        teasers = [
            nodes[0]
            for keys, nodes in groups
            if keys
            and not keys & own_keys
            and all(key.split("/", 1)[0] in sites for key in keys)
            and not any(_richness(node)[0] for node in nodes)
        ]
        if teasers:
            passed = {id(node) for node in teasers}
            groups = [group for group in groups if id(group[1][0]) not in passed]
            named = ", ".join(
                _shown(graph, [value for iri in iris("headline") for value in node.get(iri, ())])
                for node in teasers[:3]
            )
            more = f" and {len(teasers) - 3} more" if len(teasers) > 3 else ""
            some = (
                "1 article node of the markup names another page of the site and has"
                if len(teasers) == 1
                else f"{len(teasers)} article nodes of the markup name other pages of the site "
                "and have"
            )
            notes.append(
                Note(f"{some} no body (teasers of other stories: {named}{more}): not read")
            )
    merged: list[dict[str, Any]] = []
    for _, nodes in groups:
        base = max(nodes, key=_richness)  # the node with the body, or the most said
        first = {k: list(v) if isinstance(v, list) else v for k, v in base.items()}
        for other in nodes:
            if other is base:
                continue
            for key, values in other.items():
                if key == "@id":
                    continue
                if key == "@type":
                    known = first.setdefault(key, [])
                    known.extend(kind for kind in values if kind not in known)
                elif key not in first:
                    first[key] = values
                elif values != first[key]:
                    name = local(key) or key
                    notes.append(
                        f"{name}: the page's nodes for this article differ: "
                        f"{_shown(graph, first[key])} is kept, {_shown(graph, values)} is not"
                    )
        if len(nodes) > 1:
            notes.append(
                Note(
                    f"{len(nodes)} nodes of the markup describe this one page: read as one article"
                )
            )
            iri = first.get("@id")
            if isinstance(iri, str):
                graph.by_id[iri] = first
        merged.append(first)
    return merged


def _richness(node: dict[str, Any]) -> tuple[bool, int]:
    has_body = any(node.get(iri) for iri in iris("articleBody"))
    return has_body, len(node)


def _page_keys(node: dict[str, Any], base: str | None = None) -> set[str]:
    """The pages a node names (its ``@id``, ``url``, ``mainEntityOfPage``), as keys.

    As :func:`_page_key` gives them; an address relative to ``base`` (``/news/a-story.html``)
    is read against it.
    """
    named: list[str] = []
    iri = node.get("@id")
    if isinstance(iri, str) and not iri.startswith("_:"):
        named.append(iri)
    for term in ("url", "mainEntityOfPage"):
        for expanded in iris(term):
            for value in node.get(expanded, ()):
                found = value.get("@id", value.get("@value")) if isinstance(value, dict) else None
                if isinstance(found, str):
                    named.append(found)
    keys: set[str] = set()
    for address in named:
        if base is not None and address.startswith("/") and not address.startswith("//"):
            address = urllib.parse.urljoin(base, address)
        if key := _page_key(address):
            keys.add(key)
    return keys


def _page_key(address: str) -> str:
    """A web address as the page it names (``""`` for what is not a web address).

    Its host without ``www.``, its path without a last ``/``, and its query; its scheme and
    fragment aside.
    """
    if not address.lower().startswith(("http://", "https://")):
        return ""
    try:
        parts = urllib.parse.urlsplit(address.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return ""
    query = f"?{parts.query}" if parts.query else ""
    return host + parts.path.rstrip("/") + query if host else ""


def _home_page(address: str) -> bool:
    """Whether a web address is a site's home page (its path ``/`` or none, no query)."""
    key = _page_key(address)
    return bool(key) and "/" not in key and "?" not in key


def _shown(graph: Graph, values: Any) -> str:
    first = graph.node(values[0] if isinstance(values, list) and values else values)
    if isinstance(first, dict):
        names = [v.get("@value") for iri in iris("name") for v in first.get(iri, ())]
        first = first.get("@value", next((n for n in names if n), first.get("@id", "a node")))
    text = repr(first)
    return text if len(text) <= 60 else text[:57] + "...'"


_TITLE_PARTS = re.compile(r"\s+[|\-–—:·»]\s+")
"""What stands between a title's parts: ``Headline | Site``, ``Site - Headline``."""
_SITE_NAMES = ("og:site_name", "application-name", "twitter:site")


def _folded(text: str) -> str:
    """Text to compare a site's name by: its letters and digits, lower-cased."""
    return "".join(char for char in text.casefold() if char.isalnum())


@attrs.define
class Page:
    """What a web page says of itself besides its JSON-LD, for what the markup lacks.

    Attributes:
        language: the ``lang`` of its ``<html>`` element.
        canonical: its ``<link rel=canonical>``.
        title: its ``<title>``.
        meta: its ``<meta>`` properties and names (``og:title``, ``article:published_time``,
            ``description``, ...), lower-cased, each with every value given.
        main_text: extracts the page's main text as sections, with the extractor's name and
            version; called only when the markup has no body.
        shown: the text of the page's first blocks (its headings among them).
        url: the address the page was fetched from (a crawl's capture), where known.
    """

    language: str | None = None
    canonical: str | None = None
    title: str | None = None
    meta: dict[str, list[str]] = attrs.Factory(dict)
    main_text: Callable[[], tuple[list[dict[str, Any]], str, list[str]] | None] = lambda: None
    shown: tuple[str, ...] = ()
    url: str | None = None

    def addresses(self) -> list[str]:
        """The page's own addresses, surest first: canonical link, ``og:url``, where fetched.

        A site's home page is not one: an article's page is not the home page, and a
        canonical link to it is a template's (every page of the site has it).
        """
        found = [self.canonical, *self.meta.get("og:url", ())[:1], self.url]
        given = [address.strip() for address in found if address and address.strip()]
        return [address for address in given if not _home_page(address)]

    def headline_in_title(self) -> str | None:
        """The ``<title>`` without the site's name: ``Council expands the park | Gazette``.

        The part the page shows as a block of its own (its ``<h1>``), or the one left when a
        part is the site's name (``og:site_name``, ``application-name``, the host's name);
        else the title whole: nothing is guessed.
        """
        if not self.title:
            return None
        title = self.title.strip()
        parts = [part.strip() for part in _TITLE_PARTS.split(title) if part.strip()]
        if len(parts) < 2:
            return title
        shown = set(self.shown)
        for part in parts:
            if part in shown:
                return part
        sites = {_folded(value) for name in _SITE_NAMES for value in self.meta.get(name, ())}
        host = urllib.parse.urlsplit(self.canonical or "").hostname or ""
        sites |= {_folded(label) for label in host.split(".") if len(label) > 3}
        kept = [part for part in parts if _folded(part) not in sites]
        return kept[0] if len(kept) == 1 else title

    def first(self, *names: str) -> tuple[str, str] | None:
        """The first value of the first of ``names`` that the page has, with its source."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    attribute = "property" if ":" in name else "name"
                    return value.strip(), f'<meta {attribute}="{name}">'
        return None

    def is_article(self) -> bool:
        """Tell whether the page holds an article.

        It does when it says so (Open Graph's ``og:type``), or has a main text (which a home
        page, a listing or an error page has not).
        """
        kinds = {value.strip().lower() for value in self.meta.get("og:type", ())}
        if "article" in kinds:
            return True
        address = self.canonical or next(iter(self.meta.get("og:url", ())), "")
        if "website" in kinds and _HOME.fullmatch(address.strip()):
            return False  # a site's home page
        extracted = self.main_text()
        if extracted is None:
            return False
        counts = (  # in lines of prose: a list of links or headlines is not an article
            _words(line)
            for section in extracted[0]
            for text in (section.get("heading") or "", *section["paragraphs"])
            for line in text.split("\n")
        )
        return sum(count for count in counts if count >= PROSE_WORDS) >= MAIN_TEXT_WORDS


MAIN_TEXT_WORDS = 40
"""The fewest words of main text that make a page without article markup an article."""
PROSE_WORDS = 6
"""The fewest words of a line of prose (shorter lines are links, labels, headlines)."""
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
"""Characters of scripts written without spaces between words (CJK, Thai)."""


def _words(line: str) -> int:
    """How many words a line has; in a script without spaces, a word is two characters."""
    return len(line.split()) + len(_UNSPACED.findall(line)) // 2


_HOME = re.compile(r"https?://[^/?#]+/?(?:index\.[a-z]+)?")

_ENTITY_KINDS = (
    (EntityKind.PERSON, "Person"),
    (EntityKind.ORGANIZATION, "Organization"),
    (EntityKind.ORGANIZATION, "NewsMediaOrganization"),
    (EntityKind.ORGANIZATION, "Corporation"),
    (EntityKind.ORGANIZATION, "GovernmentOrganization"),
    (EntityKind.PLACE, "Place"),
    (EntityKind.PLACE, "City"),
    (EntityKind.PLACE, "Country"),
    (EntityKind.PLACE, "AdministrativeArea"),
)
_ENTITY_TERMS = ("name", "alternateName", "identifier", "jobTitle", "sameAs", "url")
_COMMENT_TERMS = ("identifier", "text", "author", "datePublished", "parentItem")
_MEDIA_TERMS = (
    "url",
    "contentUrl",
    "caption",
    "creditText",
    "width",
    "height",
    "encodingFormat",
    "description",
    "name",
)
_ARTICLE_TERMS = (
    "headline", "name", "inLanguage", "identifier", "url", "mainEntityOfPage", "articleBody",
    "datePublished", "dateModified", "alternativeHeadline", "mentions", "author", "publisher",
    "dateline", "articleSection", "keywords", "about", "description", "image", "video",
    "audio", "associatedMedia", "hasPart", "comment", "commentCount", "liveBlogUpdate",
)  # fmt: skip
_MEDIA_OF = (("image", "image"), ("video", "video"), ("audio", "audio"), ("associatedMedia", ""))


class MarkupReader(ArticleReader):
    """Reads one article node of a publisher's markup, noting what it repairs or leaves out."""

    def __init__(self, graph: Graph, node: dict[str, Any], page: Page | None = None) -> None:
        super().__init__(graph, node)
        self.page = page
        self.roles: dict[str, str] = {}  # entity id -> how the markup named it, for warnings
        self.quotes = 0  # quotations read, to name those without an identifier
        self.extractor: str | None = None  # what took the body from the page, if anything

    def text(self, node: dict[str, Any], term: str) -> str | None:
        """The first value of a term as text (markup often repeats what it means once)."""
        found = self.values(node, term)
        value = self.scalar(found[0]) if found else None
        return None if value is None else str(value)

    def texts(self, node: dict[str, Any], term: str) -> list[str]:
        """Every value of a term as text."""
        return [
            str(value) for value in map(self.scalar, self.values(node, term)) if value is not None
        ]

    def check_terms(self, node: Any, terms: frozenset[str], owner: str) -> None:
        """Nothing: markup is checked against the terms it maps, where it is read."""

    def used(self, node: dict[str, Any]) -> None:
        """Count a node with an id as read, so that it is not reported as left out."""
        iri = node.get("@id")
        if isinstance(iri, str):
            self.used_nodes.add(iri)

    def note(self, message: str) -> None:
        """Say what was not kept, or kept otherwise than given (a warning)."""
        self.warnings.append(message)

    def found(self, message: str) -> None:
        """Say how a value was found, where nothing was lost (a note, said with -v)."""
        self.warnings.append(Note(message))

    def from_page(self, term: str, *names: str) -> str | None:
        """A value the markup lacks, from the page's own metadata (warned with its source)."""
        if self.page is None:
            return None
        found = self.page.first(*names)
        if found is None:
            return None
        value, source = found
        self.found(f"{term} is missing: {value!r} is taken from the page's {source}")
        return value

    # The article.

    def record(self) -> dict[str, Any]:
        """The article as canonical builtins, for the converter to check."""
        node = self.node
        language = self._language(node)
        headline, others = self._headlines(node, language)
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": None,
            "headline": headline,
            "alternative_headlines": others,
            "language": language,
            "kind": self._kind(node),
            "body": self._body(node),
            "url": self._url(node),
            "date_published": self._date(node, "datePublished", "article:published_time"),
            "date_modified": self._date(node, "dateModified", "article:modified_time"),
            "translations": self.labels(node, "alternativeHeadline", besides=language),
        }
        record["id"] = self._article_id(node, record["url"], headline)
        for value in self.values(node, "mentions"):
            self.entity_of(value, "mention")
        authors = [self.entity_of(value, "author") for value in self.values(node, "author")]
        if not authors and self.page is not None:
            name = self.from_page("author", "article:author", "author")
            if name is not None:
                authors = [self.entity_of({"@value": name}, "author")]
        record["authors"] = [author for author in authors if author is not None]
        publishers = [
            self.entity_of(value, "publisher") for value in self.values(node, "publisher")
        ]
        record["publisher"] = next((found for found in publishers if found is not None), None)
        if len(publishers) > 1:
            self.note(f"publisher: only the first of {len(publishers)} is kept")
        dateline = self.text(node, "dateline")
        if dateline is not None and dateline.strip():
            record["dateline"] = {"text": dateline}
        sections = self.texts(node, "articleSection")
        record["section"] = (
            sections[0] if sections else self.from_page("articleSection", "article:section")
        )
        if len(sections) > 1:
            self.note(f"articleSection: only the first of {len(sections)} is kept: {sections[0]!r}")
        record["keywords"] = self._keywords(node)
        record["subjects"] = [
            subject for value in self.values(node, "about") if (subject := self._subject(value))
        ]
        record["summary"] = self.text(node, "description") or self.from_page(
            "description", "og:description", "description"
        )
        record["media"] = self._media(node)
        parts = self.values(node, "hasPart")
        record["quotes"] = [self._quote(part) for part in parts if "Quotation" in types_of(part)]
        if len(record["quotes"]) < len(parts):
            self.note("hasPart: parts that are not quotations or articles are not kept")
        record["comments"] = [
            comment for value in self.values(node, "comment") if (comment := self._comment(value))
        ]
        record["comment_count"] = self._count(node, "commentCount")
        if self.extractor is not None:
            record["provenance"] = {"extractor": self.extractor}
        record["entities"] = self.entities
        self.unkept(node, _ARTICLE_TERMS)
        record = {key: value for key, value in record.items() if value not in (None, [], {})}
        return self.salvage(record)

    def salvage(self, record: dict[str, Any]) -> dict[str, Any]:
        """Drop the parts the model refuses, each with a warning, until the rest is valid."""
        return salvage(record, self.note, self.roles)

    # Fields.

    def _language(self, node: dict[str, Any]) -> str:
        found = self.values(node, "inLanguage")
        tag: str | None = None
        if found:
            first = found[0]
            tag = self.scalar(first) if "@value" in first else self.text(first, "alternateName")
            tag = None if tag is None else str(tag)
        if tag is None:
            headlines = self.values(node, "headline")
            if headlines and isinstance(headlines[0], dict) and "@language" in headlines[0]:
                tag = str(headlines[0]["@language"])
        if tag is None and self.page is not None and self.page.language:
            tag = self.page.language
            self.found(f"inLanguage is missing: {tag!r} is taken from the page's <html lang>")
        if tag is None:
            self.found("inLanguage is missing: the language is set to 'und' (undetermined)")
            return "und"
        cased = canonical_case(tag.strip().replace("_", "-"))
        if language_tag_problem(cased) is not None:
            self.note(
                f"inLanguage {tag!r} is not a BCP 47 language tag: the language is set to 'und'"
            )
            return "und"
        if cased.lower() != tag.lower():  # tags are case-insensitive: a new case is no repair
            self.found(f"inLanguage {tag!r} is read as {cased!r}")
        return cased

    def _headlines(self, node: dict[str, Any], language: str) -> tuple[str, list[str]]:
        headlines = [h for h in self.in_language(node, "headline", language) if h.strip()]
        names = [n for n in self.in_language(node, "name", language) if n.strip()]
        others = [a for a in self.in_language(node, "alternativeHeadline", language) if a.strip()]
        if headlines:
            headline = headlines[0]
        elif names:
            headline = names.pop(0)
            self.found(f"headline is missing: the name {headline!r} is the headline")
        else:
            found = self.from_page("headline", "og:title", "twitter:title")
            if found is None and self.page is not None and self.page.title:
                found = self.page.headline_in_title()
                self.found(f"headline is missing: {found!r} is taken from the page's <title>")
            if not found:
                raise ValidationError.single("headline", "the article has no headline")
            headline = found
        for extra in [*headlines[1:], *names]:
            if extra != headline and extra not in others:
                others.append(extra)
        return headline, others

    def _kind(self, node: dict[str, Any]) -> str | None:
        found = kind_of(types_of(node))
        if found is None:
            return None
        kind, name = found
        if name not in _KINDS:
            self.found(f"@type {name} is read as the kind {kind.value!r} ({KIND_TYPES[kind]})")
        return kind.value

    def _url(self, node: dict[str, Any]) -> str | None:
        url = self.text(node, "url")
        if url is None:
            page = self.ref(node, "mainEntityOfPage") or self.text(node, "mainEntityOfPage")
            if page is not None and page.startswith(("http://", "https://")):
                url = page
        if url is None and self.page is not None:
            if self.page.canonical:
                url = self.page.canonical
                self.found(f"url is missing: {url!r} is taken from the page's <link rel=canonical>")
            else:
                url = self.from_page("url", "og:url")
        return url

    def _article_id(self, node: dict[str, Any], url: str | None, headline: str) -> str:
        identifier = self.text(node, "identifier")
        if identifier and identifier.strip():
            return identifier
        for candidate in (url, node.get("@id")):
            if candidate and not candidate.startswith("_:"):
                self.found(f"identifier is missing: the id is {candidate!r}")
                return candidate
        digest = hashlib.sha256(headline.encode()).hexdigest()[:16]
        made = f"article-{digest}"
        self.found(
            f"identifier, url and @id are missing: the id {made!r} is made from the headline"
        )
        return made

    def _date(self, node: dict[str, Any], term: str, meta: str, owner: str = "") -> str | None:
        value = self.text(node, term)
        if value is None and not owner:
            value = self.from_page(term, meta)
        if value is None:
            return None
        kept, note = foreign_moment(value)
        if note is not None:  # read as a moment (a note), or kept in part or not (a warning)
            where = f" of {owner}" if owner else ""
            lost = "not kept" in note or "is kept" in note
            (self.note if lost else self.found)(f"{term}{where} {note}")
        return kept

    def _body(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        text = self.text(node, "articleBody")
        if text is not None:
            paragraphs = [part.strip() for part in re.split(r"\r?\n", text) if part.strip()]
            if paragraphs:
                sections.append({"paragraphs": paragraphs})
        for update in self.values(node, "liveBlogUpdate"):
            if isinstance(update, dict):
                sections.append(self._update(update))
        if not sections and self.page is not None:
            extracted = self.page.main_text()
            if extracted is not None:
                sections, extractor, notes = extracted
                self.warnings.extend(notes)
                if sections:
                    self.extractor = extractor
                    self.found(
                        "articleBody is missing: the body is the page's main text, "
                        f"extracted by {extractor}"
                    )
        if not sections:
            where = "" if self.page is None else ", and the page has no main text"
            self.found(f"articleBody is missing{where}: the body is empty")
        return sections

    def _update(self, update: dict[str, Any]) -> dict[str, Any]:
        body = self.text(update, "articleBody") or ""
        paragraphs = [part.strip() for part in re.split(r"\r?\n", body) if part.strip()]
        self.unkept(
            update, ("headline", "articleBody", "datePublished", "url"), "a live blog update"
        )
        return {
            "heading": self.text(update, "headline"),
            "paragraphs": paragraphs,
            "date_published": self._date(update, "datePublished", "", "a live blog update"),
        }

    def _keywords(self, node: dict[str, Any]) -> list[str]:
        found = self.texts(node, "keywords")
        if len(found) == 1:
            found = [part.strip() for part in found[0].split(",")]
        if not found and self.page is not None:
            tags = self.page.meta.get("article:tag", [])
            if tags:
                self.found(
                    f"keywords is missing: {len(tags)} are taken from the page's "
                    '<meta property="article:tag">'
                )
                found = tags
            elif (joined := self.from_page("keywords", "keywords")) is not None:
                found = [part.strip() for part in joined.split(",")]
        return [keyword for keyword in found if keyword.strip()]

    def _subject(self, value: Any) -> dict[str, Any] | None:
        if isinstance(value, dict) and "@value" in value:
            return {"name": str(value["@value"])}
        if not isinstance(value, dict):
            return None
        self.used(value)
        uris = self.texts(value, "sameAs") + self.texts(value, "url")
        iri = value.get("@id")
        if not uris and isinstance(iri, str) and not iri.startswith("_:"):
            uris = [iri]
        subject = {
            "name": self.text(value, "name"),
            "code": self.text(value, "termCode") or self.text(value, "identifier"),
            "uri": uris[0] if uris else None,
            "labels": self.labels(value, "alternateName"),
        }
        self.unkept(
            value,
            (
                "name",
                "termCode",
                "identifier",
                "sameAs",
                "url",
                "alternateName",
                "inDefinedTermSet",
            ),
            "a subject",
        )
        if subject["name"] is None and subject["code"] is None and subject["uri"] is None:
            self.note("a subject with no name, code or uri was dropped")
            return None
        return subject

    def _media(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        media: list[dict[str, Any]] = []
        seen: set[str] = set()
        for term, kind in _MEDIA_OF:
            for value in self.values(node, term):
                item = self._media_item(value, kind)
                if item is not None and item["url"] not in seen:
                    seen.add(item["url"])
                    media.append(item)
        if not media and self.page is not None:
            image = self.from_page("image", "og:image")
            if image is not None:
                media.append({"url": image, "kind": "image"})
        return media

    def _media_item(self, value: Any, kind: str) -> dict[str, Any] | None:
        if isinstance(value, dict) and "@value" in value:
            return {"url": str(value["@value"]), "kind": kind or "image"}
        if not isinstance(value, dict):
            return None
        url = self.text(value, "contentUrl") or self.text(value, "url")
        if url is None and isinstance(value.get("@id"), str) and len(value) == 1:
            url = value["@id"]
        if url is None:
            self.note(f"{kind or 'a media item'} with no url was dropped")
            return None
        self.used(value)
        found = super().media(value)
        if kind and found["kind"] == "other":
            found["kind"] = kind
        self.unkept(value, _MEDIA_TERMS, f"{kind or 'media'} {url!r}")
        return {
            **found,
            "url": url,
            "width": self._size(value, "width", url),
            "height": self._size(value, "height", url),
        }

    def _size(self, node: dict[str, Any], term: str, url: str) -> int | None:
        found = self.values(node, term)
        if not found:
            return None
        value = self.scalar(found[0]) if "@value" in found[0] else self.number(found[0], "value")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip().removesuffix("px").strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            self.found(f"{term} of {url!r} {value!r} is read as the number {int(text)}")
            return int(text)
        self.note(f"{term} of {url!r} {value!r} is not a number of pixels: not kept")
        return None

    def _count(self, node: dict[str, Any], term: str) -> int | None:
        value = self.number(node, term)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            self.found(f"{term} {value!r} is text: read as the number {int(text)}")
            return int(text)
        self.note(f"{term} {value!r} is not a count: not kept")
        return None

    def entity_of(self, value: Any, role: str) -> str | None:
        """Read a person, organization or place; None (with a warning) when it has no name."""
        node = value if isinstance(value, dict) else {}
        iri = node.get("@id")
        if iri is not None and iri in self.entity_ids:
            return self.entity_ids[iri]
        if "@value" in node:  # a name given as plain text, as authors often are
            name: str | None = str(node["@value"])
            node = {}
        else:
            name = self.text(node, "name")
        kinds = types_of(node)
        if not name or not name.strip():
            shown = "/".join(sorted(kinds)) or "node"
            self.note(f"{role} (a {shown}) has no name: dropped")
            return None
        kind = next(
            (k.value for k, t in _ENTITY_KINDS if t in kinds),
            "person" if role == "author" else "organization" if role == "publisher" else "other",
        )
        entity_id = self.text(node, "identifier")
        taken = {entity["id"] for entity in self.entities}
        if entity_id is None or entity_id in taken:
            entity_id = next(
                f"{role}-{n}" for n in range(1, len(taken) + 2) if f"{role}-{n}" not in taken
            )
        urls = self.texts(node, "url")
        same_as = self.texts(node, "sameAs")
        if len(urls) > 1:
            same_as += [url for url in urls[1:] if url not in same_as]
        self.unkept(node, _ENTITY_TERMS, f"{role} {name!r}")
        entity = {
            "id": entity_id,
            "kind": kind,
            "name": name,
            "labels": self.labels(node, "alternateName"),
            "title": self.text(node, "jobTitle"),
            "url": urls[0] if urls else None,
            "same_as": same_as,
        }
        self.roles[entity_id] = role
        return self.keep_entity(entity, iri)

    def _quote(self, node: dict[str, Any]) -> dict[str, Any]:
        speaker = self.ref(node, "spokenByCharacter") or self.ref(node, "creator")
        self.unkept(node, ("identifier", "text", "spokenByCharacter", "creator"), "a quotation")
        self.quotes += 1
        speaker_id = None
        if speaker is not None:
            speaker_id = self.entity_of(self.graph.node({"@id": speaker}), "speaker")
        return {
            "id": self.text(node, "identifier") or f"quote-{self.quotes}",
            "text": self.text(node, "text"),
            "kind": "direct",  # a Quotation quotes
            "speaker": speaker_id,
        }

    def _comment(self, node: dict[str, Any]) -> dict[str, Any] | None:
        text = self.text(node, "text")
        if text is None or not text.strip():
            self.note("a comment with no text was dropped")
            return None
        self.used(node)
        found = self.comment(node)
        self.unkept(node, _COMMENT_TERMS, "a comment")
        found["date_published"] = self._date(node, "datePublished", "", "a comment")
        return found


def distinct_ids(readers: list[Any], results: list[Any]) -> None:
    """Give articles of one page that came out with the same id distinct ones (warned)."""
    seen: dict[str, int] = {}
    for reader, result in zip(readers, results, strict=True):
        first = result.get("id") if isinstance(result, dict) else None
        if not isinstance(first, str):
            continue  # no id: the converter says so
        count = seen.get(first, 0) + 1
        seen[first] = count
        if count == 1:
            continue
        iri = reader.node.get("@id")
        made = (
            iri
            if isinstance(iri, str) and not iri.startswith("_:") and iri not in seen
            else f"{first}#{count}"
        )
        seen[made] = 1
        result["id"] = made
        reader.warnings.append(
            f"the id {first!r} is another article's on this page: this one is {made!r}"
        )
