"""JSON-LD: schema.org ``NewsArticle`` out, and back in without loss; publishers' markup in.

Written without a JSON-LD processor, as compact JSON-LD whose one context is bundled in
the package (``newsschema/context.jsonld``): schema.org terms by ``@vocab``, and what
schema.org cannot say (spans, qualifiers, EDTF strings, phase order, sections, provenance)
under the ``ns:`` prefix. Text in the article's language is a value object with its
``@language`` and, for a right-to-left language, ``@direction``.

Read by meaning: the document is expanded with pyld (an extra: ``newsschema[jsonld]``),
whose document loader serves only bundled contexts and never touches the network, so keys
may be in any order, IRIs full or compact, one-element arrays collapsed or not. Markup from
other publishers is read too: what maps is kept, and every property that does not is
reported as a warning (or, with ``strict=True``, as an error).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

import langcodes
import orjson

from newsschema.checks import canonical_case
from newsschema.dates import PartialDate, format_datetime, parse_datetime
from newsschema.errors import FormatError, Problem, ValidationError
from newsschema.formats._base import Format, Record
from newsschema.formats.json import read_document
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    Campaign,
    CampaignPhase,
    Comment,
    Entity,
    EntityKind,
    Event,
    LanguageMap,
    Provenance,
    Qualifier,
    Quote,
    Span,
    Statistic,
    unsupported_version,
)

__all__ = ["CONTEXT", "FORMAT", "NS", "articles_from_documents", "read", "write"]

NS = "https://w3id.org/newsschema/ns#"
SCHEMA = "https://schema.org/"
_SCHEMA_HTTP = "http://schema.org/"

CONTEXT: dict[str, Any] = orjson.loads(
    importlib.resources.files("newsschema").joinpath("context.jsonld").read_bytes()
)["@context"]
"""The context every document newsschema writes carries, as it ships in the package."""

_SCHEMA_CONTEXT_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json")
)
"""The addresses of the schema.org context, less any trailing slash."""
_RTL_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Yezi"}
)
_KIND_TYPES = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.PLACE: "Place",
    EntityKind.GROUP: "Organization",
    EntityKind.OTHER: "Thing",
}
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "SatiricalArticle",
        "Report",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "ScholarlyArticle",
    }
)
"""schema.org types read as articles: Article and the subtypes that news sites use."""


# Writing.


def write(stream: BinaryIO, articles: Iterable[Article]) -> int:
    """Write one article as a node, and none or several as a ``@graph``."""
    nodes = []
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise ValidationError.single(
                "id", f"article id {article.id!r} appears twice; it names its node"
            )
        seen.add(article.id)
        nodes.append(article_node(article))
    if len(nodes) == 1:
        document: dict[str, Any] = {"@context": CONTEXT, **nodes[0]}
    else:
        document = {"@context": CONTEXT, "@graph": nodes}
    stream.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return len(nodes)


def article_iri(article_id: str) -> str:
    """The node id of an article: a URN made from its id."""
    return f"urn:newsschema:article:{quote(article_id, safe='')}"


def _part_iri(base: str, part_id: str) -> str:
    return f"{base}#{quote(part_id, safe='')}"


def _phase_iri(base: str, campaign_id: str, ordinal: int) -> str:
    return f"{_part_iri(base, campaign_id)}/phase/{ordinal}"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


@functools.cache
def is_rtl(tag: str) -> bool:
    """Tell whether a language is written right to left (by its likely script)."""
    try:
        script = langcodes.Language.get(tag).maximize().script
    except (ValueError, LookupError):
        return False
    return script in _RTL_SCRIPTS


def _in(language: str) -> Any:
    """A maker of value objects for text in ``language``."""
    direction = {"@direction": "rtl"} if is_rtl(language) else {}

    def text(value: str | None) -> dict[str, str] | None:
        return None if value is None else {"@value": value, "@language": language, **direction}

    return text


def _labels(labels: LanguageMap) -> list[dict[str, str]]:
    return [_in(language)(text) for language, text in labels.items()]


def _span(span: Span) -> str:
    return f"{span.paragraph}:{span.start}-{span.end}"


def _spans(spans: tuple[Span, ...]) -> dict[str, list[str]] | None:
    return {"@list": [_span(span) for span in spans]} if spans else None


def _dates(node: dict[str, Any], start: PartialDate | None, end: PartialDate | None) -> None:
    """ISO startDate/endDate from the EDTF bounds, and the EDTF strings themselves."""
    if start is not None and start.earliest is not None:
        node["startDate"] = start.earliest.isoformat()
    if end is not None and end.latest is not None:
        node["endDate"] = end.latest.isoformat()
    if start is not None:
        node["ns:start"] = start.edtf
    if end is not None:
        node["ns:end"] = end.edtf


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    """Leave out None, empty lists and empty @list objects."""
    return {
        key: value
        for key, value in node.items()
        if value is not None and value != [] and value != {"@list": []}
    }


def article_node(article: Article) -> dict[str, Any]:
    """One article as a compact ``NewsArticle`` node (without ``@context``)."""
    base = article_iri(article.id)
    text = _in(article.language)
    entities = {entity.id: entity for entity in article.entities}

    def who(entity_id: str) -> dict[str, Any]:
        entity = entities[entity_id]
        return {
            "@type": _KIND_TYPES[entity.kind],
            "@id": _part_iri(base, entity_id),
            "name": text(entity.name),
        }

    paragraphs = article.paragraphs
    node: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": base,
        "ns:schemaVersion": SCHEMA_VERSION,
        "identifier": article.id,
        "headline": text(article.headline),
        "alternativeHeadline": _labels(article.translations),
        "inLanguage": article.language,
        "url": article.url,
        "datePublished": None
        if article.date_published is None
        else format_datetime(article.date_published),
        "dateModified": None
        if article.date_modified is None
        else format_datetime(article.date_modified),
    }
    if article.dateline is not None:
        node["dateline"] = text(article.dateline.text)
        if article.dateline.place is not None:
            node["ns:datelinePlace"] = _ref(_part_iri(base, article.dateline.place))
        if article.dateline.span is not None:
            node["ns:datelineSpan"] = _span(article.dateline.span)
    node.update(
        {
            "author": [who(author) for author in article.authors],
            "publisher": None if article.publisher is None else who(article.publisher),
            "articleSection": text(article.section),
            "keywords": [text(keyword) for keyword in article.keywords],
            "description": text(article.summary),
            "articleBody": text("\n\n".join(paragraphs)) if paragraphs else None,
            "ns:body": {
                "@list": [
                    _clean(
                        {
                            "@type": "ns:Section",
                            "ns:heading": text(section.heading),
                            "ns:paragraphs": {"@list": [text(p) for p in section.paragraphs]},
                        }
                    )
                    for section in article.body
                ]
            },
            "mentions": [_entity_node(base, entity, text) for entity in article.entities],
            "hasPart": [_quote_node(base, quote, text) for quote in article.quotes],
            "ns:statistics": {
                "@list": [_statistic_node(base, s, text) for s in article.statistics]
            },
            "ns:campaigns": {"@list": [_campaign_node(base, c, text) for c in article.campaigns]},
            "ns:events": {"@list": [_event_node(base, event) for event in article.events]},
            "commentCount": article.comment_count,
            "comment": [_comment_node(base, comment, text) for comment in article.comments],
            "ns:provenance": None
            if article.provenance is None
            else _provenance_node(article.provenance),
        }
    )
    return _clean(node)


def _entity_node(base: str, entity: Entity, text: Any) -> dict[str, Any]:
    return _clean(
        {
            "@type": _KIND_TYPES[entity.kind],
            "@id": _part_iri(base, entity.id),
            "identifier": entity.id,
            "ns:kind": entity.kind.value,
            "name": text(entity.name),
            "alternateName": _labels(entity.labels),
            "jobTitle" if entity.kind is EntityKind.PERSON else "ns:title": text(entity.title),
            "sameAs": list(entity.same_as),
            "ns:mentions": _spans(entity.mentions),
        }
    )


def _quote_node(base: str, quote: Quote, text: Any) -> dict[str, Any]:
    date = quote.date
    day = date.earliest if date is not None and date.earliest == date.latest else None
    return _clean(
        {
            "@type": "Quotation",
            "@id": _part_iri(base, quote.id),
            "identifier": quote.id,
            "text": text(quote.text),
            "spokenByCharacter": None
            if quote.speaker is None
            else _ref(_part_iri(base, quote.speaker)),
            "ns:kind": quote.kind.value,
            "ns:channel": None if quote.channel is None else quote.channel.value,
            "ns:date": None if quote.date is None else quote.date.edtf,
            "dateCreated": None if day is None else day.isoformat(),  # a date known to the day
            "ns:cue": text(quote.cue),
            "ns:spans": _spans(quote.spans),
        }
    )


def _statistic_node(base: str, statistic: Statistic, text: Any) -> dict[str, Any]:
    qualifier = statistic.qualifier
    low = (
        statistic.value
        if qualifier in (Qualifier.RANGE, Qualifier.MORE_THAN, Qualifier.AT_LEAST)
        else None
    )
    high = {
        Qualifier.RANGE: statistic.value_max,
        Qualifier.LESS_THAN: statistic.value,
        Qualifier.AT_MOST: statistic.value,
    }.get(qualifier)
    return _clean(
        {
            "@type": "QuantitativeValue",
            "@id": _part_iri(base, statistic.id),
            "identifier": statistic.id,
            "value": statistic.value,
            "minValue": low,
            "maxValue": high,
            "ns:qualifier": qualifier.value,
            "ns:valueMax": statistic.value_max,
            "unitText": text(statistic.unit),
            "unitCode": statistic.unit_code,
            "description": statistic.measure,
            "ns:subject": None
            if statistic.subject is None
            else _ref(_part_iri(base, statistic.subject)),
            "ns:source": None
            if statistic.source is None
            else _ref(_part_iri(base, statistic.source)),
            "ns:date": None if statistic.date is None else statistic.date.edtf,
            "ns:spans": _spans(statistic.spans),
        }
    )


def _campaign_node(base: str, campaign: Campaign, text: Any) -> dict[str, Any]:
    iri = _part_iri(base, campaign.id)
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": iri,
        "identifier": campaign.id,
        "name": text(campaign.name),
        "alternateName": _labels(campaign.labels),
    }
    _dates(node, campaign.start, campaign.end)
    node["subEvent"] = [_phase_node(base, campaign, phase, text) for phase in campaign.phases]
    node["ns:spans"] = _spans(campaign.spans)
    return _clean(node)


def _phase_node(base: str, campaign: Campaign, phase: CampaignPhase, text: Any) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": _phase_iri(base, campaign.id, phase.ordinal),
        "superEvent": _ref(_part_iri(base, campaign.id)),
        "ns:ordinal": phase.ordinal,
        "name": text(phase.name),
        "alternateName": _labels(phase.labels),
    }
    _dates(node, phase.start, phase.end)
    node["description"] = text(phase.description)
    node["ns:spans"] = _spans(phase.spans)
    return _clean(node)


def _event_node(base: str, event: Event) -> dict[str, Any]:
    parent = None
    if event.campaign is not None:
        parent = _part_iri(base, event.campaign)
        if event.phase is not None:
            parent = _phase_iri(base, event.campaign, event.phase)
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": _part_iri(base, event.id),
        "identifier": event.id,
        "name": event.name,
    }
    _dates(node, event.date, event.date)
    node.pop("ns:end", None)
    node["ns:date"] = node.pop("ns:start")
    node.update(
        {
            "location": [_ref(_part_iri(base, place)) for place in event.places],
            "ns:participants": {
                "@list": [_ref(_part_iri(base, who)) for who in event.participants]
            },
            "superEvent": None if parent is None else _ref(parent),
            "ns:phase": event.phase,
            "ns:spans": _spans(event.spans),
        }
    )
    return _clean(node)


def _comment_node(base: str, comment: Comment, text: Any) -> dict[str, Any]:
    return _clean(
        {
            "@type": "Comment",
            "@id": _part_iri(base, comment.id),
            "identifier": comment.id,
            "text": text(comment.text),
            "author": None
            if comment.author is None
            else {"@type": "Person", "name": comment.author},
            "datePublished": None
            if comment.date_published is None
            else format_datetime(comment.date_published),
            "parentItem": None
            if comment.reply_to is None
            else _ref(_part_iri(base, comment.reply_to)),
        }
    )


def _provenance_node(provenance: Provenance) -> dict[str, Any]:
    return _clean(
        {
            "@type": "ns:Provenance",
            "ns:source": provenance.source,
            "ns:retrievedAt": None
            if provenance.retrieved_at is None
            else format_datetime(provenance.retrieved_at),
            "ns:annotator": provenance.annotator,
            "ns:method": None if provenance.method is None else provenance.method.value,
            "ns:tool": provenance.tool,
            "ns:license": provenance.license,
            "ns:notes": provenance.notes,
        }
    )


# Reading.


def _pyld() -> Any:
    try:
        from pyld import jsonld  # an optional dependency, imported when first needed
    except ImportError:
        raise FormatError(
            "reading JSON-LD needs a JSON-LD processor: pip install 'newsschema[jsonld]'"
        ) from None
    return jsonld


@functools.cache
def _schema_context() -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(
        importlib.resources.files("newsschema")
        .joinpath("vocab/schemaorgcontext.jsonld")
        .read_bytes()
    )
    return data


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """Serve the bundled schema.org context; refuse every other URL, without a fetch."""
    if url.rstrip("/") in _SCHEMA_CONTEXT_URLS:
        return {"contextUrl": None, "documentUrl": url, "document": _schema_context()}
    raise ValidationError.single(
        "@context",
        f"the remote context {url!r} is not one newsschema has; it reads offline, "
        "with the schema.org context it bundles",
    )


def expand(document: Any) -> list[dict[str, Any]]:
    """Expand a JSON-LD document with pyld, offline.

    Raises:
        ValidationError: the document is not valid JSON-LD, or names a remote context
            that is not bundled.
    """
    jsonld = _pyld()
    try:
        expanded: list[dict[str, Any]] = jsonld.expand(
            document, {"documentLoader": document_loader}
        )
    except jsonld.JsonLdError as exc:
        cause = _root_cause(exc)
        if isinstance(cause, ValidationError):
            raise cause from None
        message = cause.args[0] if cause.args and isinstance(cause.args[0], str) else str(cause)
        raise ValidationError.single("", f"not valid JSON-LD: {message}") from None
    return expanded


def _root_cause(exc: BaseException) -> BaseException:
    while True:
        inner = getattr(exc, "cause", None) or exc.__cause__
        if inner is None or inner is exc:
            return exc
        exc = inner


def read(stream: BinaryIO, *, strict: bool = False) -> Iterator[Record]:
    """Read the articles in a JSON-LD document (a node, an array, or a ``@graph``)."""
    document, failed = read_document(stream)
    if failed is not None:
        yield failed
        return
    yield from articles_from_documents([document], strict=strict)


def articles_from_documents(
    documents: list[Any], *, strict: bool = False, where: str = ""
) -> Iterator[Record]:
    """Find the article nodes in JSON-LD documents and read each one.

    Several documents (the blocks of a web page) are read as one graph, so that a node in
    one may refer to a node in another. Nodes that are not articles and that no article
    refers to are reported as not kept.
    """
    nodes: list[dict[str, Any]] = []
    for document in documents:
        try:
            nodes.extend(expand(document))
        except ValidationError as exc:
            yield Record(None, where, error=exc)
            return
    graph = _Graph(nodes)
    if not graph.tops:
        return  # an empty graph: no articles, and nothing else either
    found = [node for node in graph.tops if _types(node) & ARTICLE_TYPES]
    if not found:
        kinds = sorted({name for node in graph.tops for name in _types(node)}) or ["none"]
        message = (
            f"no article node (NewsArticle, Article, BlogPosting, ...); found: {', '.join(kinds)}"
        )
        yield Record(None, where, error=ValidationError.single("", message))
        return
    readers = [_ArticleReader(graph, node) for node in found]
    results: list[dict[str, Any] | ValidationError] = []
    for reader in readers:
        try:
            results.append(reader.record())
        except ValidationError as exc:
            results.append(exc)
    used = {iri for reader in readers for iri in reader.used_nodes}
    others = sorted(
        {
            name
            for node in graph.tops
            if not _types(node) & ARTICLE_TYPES and node.get("@id") not in used
            for name in _types(node) or {"an untyped node"}
        }
    )
    for index, (reader, result) in enumerate(zip(readers, results, strict=True)):
        place = f"{where}[{index}]" if len(found) > 1 else where
        if isinstance(result, ValidationError):
            yield Record(None, place, error=result)
            continue
        notes = list(reader.warnings)
        if index == 0 and others:
            notes.append(f"nodes that are not articles were not kept: {', '.join(others)}")
        if strict and notes:
            error = ValidationError(Problem("", f"not kept: {note}") for note in notes)
            yield Record(result, place, error=error)
        else:
            yield Record(result, place, warnings=tuple(notes))


def _local(iri: str) -> str | None:
    """The schema.org term an IRI names (http or https), or None."""
    for prefix in (SCHEMA, _SCHEMA_HTTP):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def _iris(term: str) -> tuple[str, ...]:
    """The full IRIs a term may have been expanded to."""
    if term.startswith("ns:"):
        return (NS + term[3:],)
    return (SCHEMA + term, _SCHEMA_HTTP + term)


def _types(node: dict[str, Any]) -> set[str]:
    names = set()
    for iri in node.get("@type", ()):
        local = _local(iri)
        names.add(local if local is not None else iri.replace(NS, "ns:"))
    return names


class _Graph:
    """Every node of an expanded document by id, and the top-level ones in order."""

    def __init__(self, nodes: list[dict[str, Any]]) -> None:
        self.tops: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        for node in nodes:
            for top in node.get("@graph", [node]):
                self.tops.append(top)
                self._index(top)

    def _index(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self._index(item)
        elif isinstance(value, dict):
            if "@id" in value and len(value) > 1 and value["@id"] not in self.by_id:
                self.by_id[value["@id"]] = value
            for key, inner in value.items():
                if not key.startswith("@") or key in ("@list", "@graph"):
                    self._index(inner)

    def node(self, value: Any) -> Any:
        """The full node a reference points to (or the value itself)."""
        if isinstance(value, dict) and "@id" in value and len(value) == 1:
            return self.by_id.get(value["@id"], value)
        return value


_SPAN = re.compile(r"(\d+):(\d+)-(\d+)")
_SCHEMA_ENTITY_TERMS = ("name", "alternateName", "identifier", "jobTitle", "sameAs", "url")
_COMMENT_TERMS = ("identifier", "text", "author", "datePublished", "parentItem")


class _ArticleReader:
    """Reads one expanded article node into canonical builtins, noting what it leaves out.

    A node that newsschema wrote (it has ``ns:`` properties) is read exactly, strictly; a
    foreign one is mapped as well as it can be.
    """

    def __init__(self, graph: _Graph, node: dict[str, Any]) -> None:
        self.graph = graph
        self.node = node
        self.ours = NS + "schemaVersion" in node  # written by newsschema
        self.warnings: list[str] = []
        self.used_nodes: set[str] = set()
        self.entities: list[dict[str, Any]] = []
        self.entity_ids: dict[str, str] = {}  # node @id -> entity id
        self.phases: dict[str, tuple[str, int | None]] = {}  # event node @id -> (campaign, phase)
        self.comment_ids: dict[str, str] = {}  # node @id -> comment id
        self.quotes = 0  # foreign quotations read, to name those without an identifier

    # Expanded values.

    def values(self, node: dict[str, Any], term: str) -> list[Any]:
        """Every value of a term, with @list objects opened and references followed."""
        items: list[Any] = []
        for iri in _iris(term):
            for value in node.get(iri, ()):
                inner = value["@list"] if isinstance(value, dict) and "@list" in value else [value]
                items.extend(self.graph.node(item) for item in inner)
        return items

    @staticmethod
    def _scalar(value: Any) -> Any:
        """A value's literal, or the id of a node given where text was expected (a url)."""
        if isinstance(value, dict):
            return value.get("@value", value.get("@id"))
        return None

    def text(self, node: dict[str, Any], term: str) -> str | None:
        found = self.values(node, term)
        value = self._scalar(found[0]) if found else None
        return None if value is None else str(value)

    def texts(self, node: dict[str, Any], term: str) -> list[str]:
        return [
            str(value) for value in map(self._scalar, self.values(node, term)) if value is not None
        ]

    def number(self, node: dict[str, Any], term: str) -> Any:
        found = self.values(node, term)
        return self._scalar(found[0]) if found else None

    def labels(self, node: dict[str, Any], term: str) -> dict[str, str]:
        labels: dict[str, str] = {}
        for value in self.values(node, term):
            if isinstance(value, dict) and "@language" in value:
                # JSON-LD processors lowercase tags; the model keeps them in BCP 47's case.
                labels[canonical_case(value["@language"])] = value["@value"]
        return labels

    def spans(self, node: dict[str, Any], term: str) -> list[dict[str, int]]:
        return [self.span(text, term) for text in self.texts(node, term)]

    @staticmethod
    def span(text: str, term: str) -> dict[str, int]:
        match = _SPAN.fullmatch(text)
        if match is None:
            raise ValidationError.single(term, f"{text!r} is not a span (paragraph:start-end)")
        paragraph, start, end = (int(group) for group in match.groups())
        return {"paragraph": paragraph, "start": start, "end": end}

    def refs(self, node: dict[str, Any], term: str) -> list[str]:
        """The node ids a term refers to."""
        return [
            value["@id"]
            for value in self.values(node, term)
            if isinstance(value, dict) and "@id" in value
        ]

    def ref(self, node: dict[str, Any], term: str) -> str | None:
        found = self.refs(node, term)
        return found[0] if found else None

    def unkept(self, node: dict[str, Any], terms: Iterable[str], owner: str = "") -> None:
        """Warn about every property of a foreign node outside ``terms``."""
        known = {"@id", "@type", *(iri for term in terms for iri in _iris(term))}
        where = f" of {owner}" if owner else ""
        for key in node:
            if key not in known:
                name = _local(key) or key.replace(NS, "ns:")
                self.warnings.append(f"{name}{where} is not kept")

    # The article.

    def record(self) -> dict[str, Any]:
        node = self.node
        version = self.number(node, "ns:schemaVersion")
        if self.ours and version != SCHEMA_VERSION:
            raise ValidationError.single("", unsupported_version(version))
        headline = self.text(node, "headline")
        if headline is None:
            raise ValidationError.single("headline", "the article has no headline")
        language = self.text(node, "inLanguage") or self._language_of(node, "headline")
        if language is None:
            language = "und"
            self.warnings.append(
                "inLanguage is missing: the language is set to 'und' (undetermined)"
            )
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self._article_id(node),
            "headline": headline,
            "language": language if self.ours else canonical_case(language),
            "body": self._body(node),
            "url": self._url(node),
            "date_published": self._moment(node, "datePublished"),
            "date_modified": self._moment(node, "dateModified"),
            "translations": self.labels(node, "alternativeHeadline"),
        }
        # Entities first: authors, publisher, quotes and figures refer to them.
        for value in self.values(node, "mentions"):
            self._entity(value, "entity")
        record["authors"] = [self._entity(value, "author") for value in self.values(node, "author")]
        publishers = self.values(node, "publisher")
        if publishers:
            record["publisher"] = self._entity(publishers[0], "publisher")
        if len(publishers) > 1:
            self.warnings.append(f"publisher: only the first of {len(publishers)} is kept")
        dateline = self.text(node, "dateline")
        if dateline is not None:
            place = self.ref(node, "ns:datelinePlace")
            span = self.text(node, "ns:datelineSpan")
            record["dateline"] = {
                "text": dateline,
                "place": None if place is None else self._entity_id(place, "ns:datelinePlace"),
                "span": None if span is None else self.span(span, "ns:datelineSpan"),
            }
        record["section"] = self.text(node, "articleSection")
        record["keywords"] = self._keywords(node)
        record["summary"] = self.text(node, "description")
        parts = self.values(node, "hasPart")
        record["quotes"] = [self._quote(part) for part in parts if "Quotation" in _types(part)]
        if len(record["quotes"]) < len(parts):
            self.warnings.append("hasPart: parts that are not quotations are not kept")
        record["statistics"] = [
            self._statistic(value) for value in self.values(node, "ns:statistics")
        ]
        record["campaigns"] = [self._campaign(value) for value in self.values(node, "ns:campaigns")]
        record["events"] = [self._event(value) for value in self.values(node, "ns:events")]
        record["comments"] = [self._comment(value) for value in self.values(node, "comment")]
        record["comment_count"] = self.number(node, "commentCount")
        provenance = self.values(node, "ns:provenance")
        if provenance:
            record["provenance"] = self._provenance(provenance[0])
        record["entities"] = self.entities
        if not self.ours:
            self.unkept(
                node,
                (
                    "headline", "inLanguage", "identifier", "url", "mainEntityOfPage",
                    "articleBody", "datePublished", "dateModified", "alternativeHeadline",
                    "mentions", "author", "publisher", "dateline", "articleSection", "keywords",
                    "description", "hasPart", "comment", "commentCount",
                ),
            )  # fmt: skip
        return {key: value for key, value in record.items() if value not in (None, [], {})}

    def _moment(self, node: dict[str, Any], term: str, owner: str = "") -> str | None:
        """A timestamp; from foreign markup, one without a time or UTC offset is not kept."""
        value = self.text(node, term)
        if value is None or self.ours:
            return value
        try:
            parse_datetime(value)
        except ValueError:
            where = f" of {owner}" if owner else ""
            self.warnings.append(f"{term}{where} {value!r} has no time or UTC offset: not kept")
            return None
        return value

    def _language_of(self, node: dict[str, Any], term: str) -> str | None:
        found = self.values(node, term)
        language = found[0].get("@language") if found and isinstance(found[0], dict) else None
        return language if isinstance(language, str) else None

    def _url(self, node: dict[str, Any]) -> str | None:
        url = self.text(node, "url")
        if url is None and not self.ours:
            page = self.ref(node, "mainEntityOfPage") or self.text(node, "mainEntityOfPage")
            if page is not None and urlsplit(page).scheme in ("http", "https"):
                return page
        return url

    def _article_id(self, node: dict[str, Any]) -> str:
        identifier = self.text(node, "identifier")
        if identifier:
            return identifier
        for candidate in (self._url(node), node.get("@id")):
            if candidate and not candidate.startswith("_:"):
                self.warnings.append(f"identifier is missing: the id is {candidate!r}")
                return candidate
        digest = hashlib.sha256((self.text(node, "headline") or "").encode()).hexdigest()[:16]
        made = f"article-{digest}"
        self.warnings.append(
            f"identifier, url and @id are missing: the id {made!r} is made from the headline"
        )
        return made

    def _body(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        sections = self.values(node, "ns:body")
        if sections or self.ours:
            return [
                {
                    "heading": self.text(section, "ns:heading"),
                    "paragraphs": self.texts(section, "ns:paragraphs"),
                }
                for section in sections
            ]
        text = self.text(node, "articleBody")
        if text is None:
            return []
        paragraphs = [part.strip() for part in re.split(r"\r?\n", text) if part.strip()]
        return [{"paragraphs": paragraphs}]

    def _keywords(self, node: dict[str, Any]) -> list[str]:
        found = self.texts(node, "keywords")
        if not self.ours and len(found) == 1:
            return [part.strip() for part in found[0].split(",") if part.strip()]
        return found

    def _entity_id(self, iri: str, term: str) -> str:
        if iri in self.entity_ids:
            return self.entity_ids[iri]
        node = self.graph.by_id.get(iri)
        if node is None:
            raise ValidationError.single(term, f"refers to {iri!r}, which is not in the document")
        return self._entity(node, "entity")

    def _entity(self, value: Any, role: str) -> str:
        if not isinstance(value, dict):
            value = {}
        iri = value.get("@id")
        if iri is not None and iri in self.entity_ids:
            return self.entity_ids[iri]
        name: str | None
        if "@value" in value:  # a name given as plain text, as authors often are
            name, node = str(value["@value"]), {}
        else:
            name, node = self.text(value, "name"), value
        kinds = _types(node)
        kind = self.text(node, "ns:kind")
        if kind is None:
            kind = next(
                (k.value for k, t in _FOREIGN_KINDS if t in kinds),
                "person"
                if role == "author"
                else "organization"
                if role == "publisher"
                else "other",
            )
        entity_id = self.text(node, "identifier")
        if entity_id is None:
            taken = {entity["id"] for entity in self.entities}
            entity_id = next(
                f"{role}-{n}" for n in range(1, len(taken) + 2) if f"{role}-{n}" not in taken
            )
        title = self.text(node, "jobTitle")
        if title is None:
            title = self.text(node, "ns:title")
        same_as = self.texts(node, "sameAs")
        if not self.ours:
            same_as += [url for url in self.texts(node, "url") if url not in same_as]
            self.unkept(node, _SCHEMA_ENTITY_TERMS, f"{role} {name!r}")
        entity = {
            "id": entity_id,
            "kind": kind,
            "name": name if name is not None else "",
            "labels": self.labels(node, "alternateName"),
            "title": title,
            "same_as": same_as,
            "mentions": self.spans(node, "ns:mentions"),
        }
        self.entities.append(entity)
        if iri is not None:
            self.entity_ids[iri] = entity_id
            self.used_nodes.add(iri)
        return entity_id

    def _quote(self, node: dict[str, Any]) -> dict[str, Any]:
        speaker = self.ref(node, "spokenByCharacter") or self.ref(node, "creator")
        identifier = self.text(node, "identifier")
        if not self.ours:
            self.unkept(node, ("identifier", "text", "spokenByCharacter", "creator"), "a quotation")
            self.quotes += 1
            identifier = identifier or f"quote-{self.quotes}"
        return {
            "id": identifier,
            "text": self.text(node, "text"),
            "kind": self.text(node, "ns:kind")
            or (None if self.ours else "direct"),  # a Quotation quotes
            "speaker": None if speaker is None else self._entity_id(speaker, "spokenByCharacter"),
            "channel": self.text(node, "ns:channel"),
            "date": self.text(node, "ns:date"),
            "cue": self.text(node, "ns:cue"),
            "spans": self.spans(node, "ns:spans"),
        }

    def _statistic(self, node: dict[str, Any]) -> dict[str, Any]:
        subject, source = self.ref(node, "ns:subject"), self.ref(node, "ns:source")
        return {
            "id": self.text(node, "identifier"),
            "value": self.number(node, "value"),
            "qualifier": self.text(node, "ns:qualifier"),
            "value_max": self.number(node, "ns:valueMax"),
            "unit": self.text(node, "unitText"),
            "unit_code": self.text(node, "unitCode"),
            "measure": self.text(node, "description"),
            "subject": None if subject is None else self._entity_id(subject, "ns:subject"),
            "source": None if source is None else self._entity_id(source, "ns:source"),
            "date": self.text(node, "ns:date"),
            "spans": self.spans(node, "ns:spans"),
        }

    def _campaign(self, node: dict[str, Any]) -> dict[str, Any]:
        campaign_id = self.text(node, "identifier") or ""
        self.phases[node.get("@id", "")] = (campaign_id, None)
        phases = []
        for phase in self.values(node, "subEvent"):
            ordinal = self.number(phase, "ns:ordinal")
            self.phases[phase.get("@id", "")] = (campaign_id, ordinal)
            phases.append(
                {
                    "ordinal": ordinal,
                    "name": self.text(phase, "name"),
                    "labels": self.labels(phase, "alternateName"),
                    "start": self.text(phase, "ns:start"),
                    "end": self.text(phase, "ns:end"),
                    "description": self.text(phase, "description"),
                    "spans": self.spans(phase, "ns:spans"),
                }
            )
        return {
            "id": campaign_id,
            "name": self.text(node, "name"),
            "labels": self.labels(node, "alternateName"),
            "start": self.text(node, "ns:start"),
            "end": self.text(node, "ns:end"),
            "phases": phases,
            "spans": self.spans(node, "ns:spans"),
        }

    def _event(self, node: dict[str, Any]) -> dict[str, Any]:
        parent = self.ref(node, "superEvent")
        campaign, phase = (None, None)
        if parent is not None:
            if parent not in self.phases:
                raise ValidationError.single(
                    "superEvent", f"refers to {parent!r}, which is not a campaign of the article"
                )
            campaign, phase = self.phases[parent]
        return {
            "id": self.text(node, "identifier"),
            "name": self.text(node, "name"),
            "date": self.text(node, "ns:date"),
            "places": [self._entity_id(iri, "location") for iri in self.refs(node, "location")],
            "participants": [
                self._entity_id(iri, "ns:participants")
                for iri in self.refs(node, "ns:participants")
            ],
            "campaign": campaign,
            "phase": phase,
            "spans": self.spans(node, "ns:spans"),
        }

    def _comment(self, node: dict[str, Any]) -> dict[str, Any]:
        authors = self.values(node, "author")
        author = None
        if authors and isinstance(authors[0], dict):
            author = (
                self._scalar(authors[0])
                if "@value" in authors[0]
                else self.text(authors[0], "name")
            )
        identifier = self.text(node, "identifier") or f"comment-{len(self.comment_ids) + 1}"
        if "@id" in node:
            self.comment_ids[node["@id"]] = identifier
        parent = self.ref(node, "parentItem")
        if not self.ours:
            self.unkept(node, _COMMENT_TERMS, "a comment")
        return {
            "id": identifier,
            "text": self.text(node, "text"),
            "author": author,
            "date_published": self._moment(node, "datePublished", "a comment"),
            "reply_to": None if parent is None else self.comment_ids.get(parent, parent),
        }

    def _provenance(self, node: dict[str, Any]) -> dict[str, Any]:
        return {
            name: self.text(node, f"ns:{term}")
            for name, term in (
                ("source", "source"),
                ("retrieved_at", "retrievedAt"),
                ("annotator", "annotator"),
                ("method", "method"),
                ("tool", "tool"),
                ("license", "license"),
                ("notes", "notes"),
            )
        }


_FOREIGN_KINDS = (
    (EntityKind.PERSON, "Person"),
    (EntityKind.ORGANIZATION, "Organization"),
    (EntityKind.ORGANIZATION, "NewsMediaOrganization"),
    (EntityKind.ORGANIZATION, "Corporation"),
    (EntityKind.PLACE, "Place"),
    (EntityKind.PLACE, "City"),
    (EntityKind.PLACE, "Country"),
)


FORMAT = Format(
    name="jsonld",
    suffixes=(".jsonld",),
    description="JSON-LD: schema.org NewsArticle, one node or a @graph (reading needs pyld)",
    read=read,
    write=write,
    read_options=("strict",),
)
