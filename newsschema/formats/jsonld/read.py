"""Reading JSON-LD: finding the articles in a graph, and reading our own documents exactly.

A document is read by meaning, after expansion, so keys may be in any order, IRIs full or
compact, one-element arrays collapsed or not. An article node that newsschema wrote (it
carries ``ns:schemaVersion``) is read here, exactly and strictly; publishers' markup is
mapped by :mod:`newsschema.formats.jsonld.markup`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsschema.checks import canonical_case
from newsschema.errors import Problem, ValidationError
from newsschema.formats.jsonld.compact import (
    ARTICLE_TERMS,
    CAMPAIGN_TERMS,
    COMMENT_TERMS,
    ENTITY_TERMS,
    EVENT_TERMS,
    MEDIA_TERMS,
    PHASE_TERMS,
    PROVENANCE_KEYS,
    QUOTE_TERMS,
    SECTION_TERMS,
    SELECTOR_TERMS,
    SPAN_TERMS,
    STATISTIC_TERMS,
    SUBJECT_TERMS,
    SUGGESTION_KEYS,
    anchored,
    exact_problem,
    paragraph_of,
    parse_span,
)
from newsschema.formats.jsonld.expand import Graph, iris, local, types_of
from newsschema.formats.jsonld.write import NS, OA, PROVENANCE_TERMS, SUGGESTION_TERMS
from newsschema.model import SCHEMA_VERSION, unsupported_version

__all__ = ["ArticleReader"]


_NO_VALUE = frozenset({"@language", "@direction", "@index"})


def _holds_no_value(item: dict[str, Any]) -> bool:
    """Whether an expanded item is a value object without its value (``{"@language": "ar"}``).

    A node with a type alone is a node.
    """
    return ("@language" in item or "@direction" in item) and set(item) <= _NO_VALUE


class ArticleReader:
    """Reads one expanded article node that newsschema wrote into canonical builtins.

    Subclassed for publishers' markup, which is mapped as well as it can be; this class
    reads every term of ours exactly, and nothing else.
    """

    def __init__(self, graph: Graph, node: dict[str, Any]) -> None:
        self.graph = graph
        self.node = graph.node(node)
        self.warnings: list[str] = []
        self.used_nodes: set[str] = set()
        self.entities: list[dict[str, Any]] = []
        self.entity_ids: dict[str, str] = {}  # node @id -> entity id
        self.phases: dict[str, tuple[str, int | None]] = {}  # event node @id -> (campaign, phase)
        self.comment_ids: dict[str, str] = {}  # node @id -> comment id
        self.exacts: list[tuple[str, dict[str, Any], Any]] = []  # (term, span, quoted text)
        self.anchors: list[tuple[str, dict[str, Any], Any, Any, Any]] = []  # by words alone

    # Expanded values.

    def values(self, node: dict[str, Any], term: str) -> list[Any]:
        """Every value of a term, with @list objects opened and references followed."""
        items: list[Any] = []
        for iri in iris(term):
            for value in node.get(iri, ()):
                inner = value["@list"] if isinstance(value, dict) and "@list" in value else [value]
                for item in inner:
                    if isinstance(item, dict) and _holds_no_value(item):
                        self.say_once(f"{term}: a value with no @value {item!r} is not kept")
                    else:
                        items.append(self.graph.node(item))
        return items

    def say_once(self, warning: str) -> None:
        """Warn, once, however often the value is looked at."""
        if warning not in self.warnings:
            self.warnings.append(warning)

    @staticmethod
    def scalar(value: Any) -> Any:
        """A value's literal, or the id of a node given where text was expected (a url)."""
        if isinstance(value, dict):
            return value.get("@value", value.get("@id"))
        return None

    def text(self, node: dict[str, Any], term: str) -> Any:
        """The one value of a term, as it is (the converter says when it is not text).

        Raises:
            ValidationError: the term has more than one value.
        """
        found = self.values(node, term)
        if len(found) > 1:
            raise ValidationError.single(term, f"has {len(found)} values, but holds one")
        return self.scalar(found[0]) if found else None

    def first_text(self, node: dict[str, Any], *terms: str) -> Any:
        """The text of the first of ``terms`` that the node has."""
        for term in terms:
            found = self.text(node, term)
            if found is not None:
                return found
        return None

    def texts(self, node: dict[str, Any], term: str) -> list[Any]:
        """Every value of a term, as it is."""
        return [value for value in map(self.scalar, self.values(node, term)) if value is not None]

    def number(self, node: dict[str, Any], term: str) -> Any:
        """The first value of a term as it is (a number, for a well-formed document), or None."""
        found = self.values(node, term)
        return self.scalar(found[0]) if found else None

    def labels(self, node: dict[str, Any], term: str, *, besides: str = "") -> dict[str, str]:
        """Language-tagged values as a language map, leaving out those in ``besides``."""
        labels: dict[str, str] = {}
        for value in self.values(node, term):
            tag = value.get("@language") if isinstance(value, dict) else None
            if not isinstance(tag, str) or "@value" not in value or tag.lower() == besides.lower():
                continue
            # JSON-LD processors lowercase tags; the model keeps them in BCP 47's case.
            labels[canonical_case(tag)] = value["@value"]
        return labels

    def in_language(self, node: dict[str, Any], term: str, language: str) -> list[str]:
        """The values of a term in ``language`` (or with no language at all)."""
        return [
            str(value["@value"])
            for value in self.values(node, term)
            if isinstance(value, dict)
            and "@value" in value
            and str(value.get("@language", language)).lower() == language.lower()
        ]

    def spans(self, node: dict[str, Any], term: str) -> list[dict[str, Any]]:
        """The spans a term holds: Web Annotation's, or (as written before) ``p:start-end``."""
        found = []
        for value in self.values(node, term):
            if isinstance(value, dict) and "@value" in value:
                found.append(parse_span(value["@value"], term))
            else:
                found.append(self.selected(value, term))
        return found

    def selected(self, value: Any, term: str) -> dict[str, Any]:
        """A span from a ``SpecificResource``: its source paragraph, its position selector.

        Raises:
            ValidationError: the source is not a paragraph of this article, or there is not
                one position of whole numbers.
        """
        if not isinstance(value, dict) or "oa:SpecificResource" not in types_of(value):
            raise ValidationError.single(term, "a span is a Web Annotation SpecificResource")
        self.check_terms(value, SPAN_TERMS, "a span")
        source = self.ref(value, "oa:hasSource")
        paragraph = paragraph_of(source, self.node.get("@id"))
        if paragraph is None:
            raise ValidationError.single(
                term, f"the span's source {source!r} is not a paragraph of this article"
            )
        selectors = self.values(value, "oa:hasSelector")
        positions = [s for s in selectors if "oa:TextPositionSelector" in types_of(s)]
        quoted = [s for s in selectors if "oa:TextQuoteSelector" in types_of(s)]
        if not positions and len(quoted) == 1:  # by its words alone: anchored in the text
            self.check_terms(quoted[0], SELECTOR_TERMS, "a selector")
            span = {"paragraph": paragraph, "start": None, "end": None}
            words = (self.text(quoted[0], f"oa:{name}") for name in ("exact", "prefix", "suffix"))
            self.anchors.append((term, span, *words))
            return span
        if len(positions) != 1:
            raise ValidationError.single(
                term, f"a span needs one TextPositionSelector, not {len(positions)}"
            )
        start, end = (self.number(positions[0], name) for name in ("oa:start", "oa:end"))
        span = {"paragraph": paragraph, "start": start, "end": end}
        for selector in selectors:
            self.check_terms(selector, SELECTOR_TERMS, "a selector")
            if "oa:TextQuoteSelector" in types_of(selector):
                self.exacts.append((term, span, self.text(selector, "oa:exact")))
            elif selector is not positions[0]:
                kinds = ", ".join(sorted(types_of(selector))) or "none"
                self.warnings.append(f"{term}: a selector (of type {kinds}) is not kept")
        return span

    def refs(self, node: dict[str, Any], term: str) -> list[str]:
        """The node ids a term refers to."""
        return [
            value["@id"]
            for value in self.values(node, term)
            if isinstance(value, dict) and "@id" in value
        ]

    def ref(self, node: dict[str, Any], term: str) -> str | None:
        """The first node id a term refers to, or None."""
        found = self.refs(node, term)
        return found[0] if found else None

    def unkept(self, node: dict[str, Any], terms: Iterable[str], owner: str = "") -> None:
        """Warn about every property of a node outside ``terms``."""
        known = {"@id", "@type", *(iri for term in terms for iri in iris(term))}
        where = f" of {owner}" if owner else ""
        for key in node:
            if key not in known:
                name = local(key) or key.replace(NS, "ns:").replace(OA, "oa:")
                self.warnings.append(f"{name}{where} is not kept")

    # The article.

    def record(self) -> dict[str, Any]:
        """The article as canonical builtins, for the converter to check."""
        node = self.node
        version = self.number(node, "ns:schemaVersion")
        if version != SCHEMA_VERSION or type(version) is not int:
            raise ValidationError.single("", unsupported_version(version))
        self.check_terms(node, ARTICLE_TERMS, "the article")
        found_language = self.text(node, "inLanguage")
        language = found_language if isinstance(found_language, str) else ""
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": self.text(node, "identifier"),
            "headline": self.text(node, "headline"),
            "alternative_headlines": self.in_language(node, "alternativeHeadline", language),
            "language": found_language,
            "kind": self.text(node, "ns:kind"),
            "body": [self.section(section) for section in self.values(node, "ns:body")],
            "url": self.text(node, "url"),
            "date_published": self.text(node, "datePublished"),
            "date_modified": self.text(node, "dateModified"),
            "translations": self.labels(node, "alternativeHeadline", besides=language),
        }
        for value in self.values(node, "mentions"):
            self.entity(value)
        record["authors"] = [self.entity(value) for value in self.values(node, "author")]
        publishers = self.values(node, "publisher")
        if publishers:
            record["publisher"] = self.entity(publishers[0])
        dateline = self.first_text(node, "dateline", "ns:dateline")
        if dateline is not None:
            place = self.ref(node, "ns:datelinePlace")
            spans = self.spans(node, "ns:datelineSpan")
            if len(spans) > 1:
                raise ValidationError.single("ns:datelineSpan", "has several spans, but holds one")
            record["dateline"] = {
                "text": dateline,
                "place": None if place is None else self.entity_id(place, "ns:datelinePlace"),
                "span": spans[0] if spans else None,
            }
        record["section"] = self.text(node, "articleSection")
        record["keywords"] = self.texts(node, "keywords")
        record["subjects"] = [self.subject(value) for value in self.values(node, "about")]
        record["summary"] = self.text(node, "description")
        record["media"] = [self.media(value) for value in self.values(node, "associatedMedia")]
        record["quotes"] = [self.quote(part) for part in self.values(node, "hasPart")]
        record["statistics"] = [
            self.statistic(value) for value in self.values(node, "ns:statistics")
        ]
        record["campaigns"] = [self.campaign(value) for value in self.values(node, "ns:campaigns")]
        record["events"] = [self.event(value) for value in self.values(node, "ns:events")]
        record["comments"] = [self.comment(value) for value in self.values(node, "comment")]
        record["comment_count"] = self.number(node, "commentCount")
        provenance = self.values(node, "ns:provenance")
        if provenance:
            record["provenance"] = self.provenance(provenance[0])
        record["entities"] = self.entities
        problems = [
            Problem(term, problem)
            for term, span, exact in self.exacts
            if (problem := exact_problem(record, span, exact)) is not None
        ]
        for term, span, *words in self.anchors:
            problem = anchored(record, span, *words)
            if problem is not None:
                problems.append(Problem(term, problem))
        if problems:
            raise ValidationError(problems)
        return {key: value for key, value in record.items() if value not in (None, [], {})}

    def check_terms(self, node: Any, terms: frozenset[str], owner: str) -> None:
        """Warn about every property of one of our nodes that is not ours to read."""
        if isinstance(node, dict):
            self.unkept(node, terms, owner)

    def section(self, node: dict[str, Any]) -> dict[str, Any]:
        """A section as canonical builtins."""
        self.check_terms(node, SECTION_TERMS, "a section")
        return {
            "heading": self.text(node, "ns:heading"),
            "paragraphs": self.texts(node, "ns:paragraphs"),
            "date_published": self.text(node, "ns:datePublished"),
        }

    def entity_id(self, iri: str, term: str) -> str:
        """The entity id of the node ``iri``, reading the node the first time."""
        if iri in self.entity_ids:
            return self.entity_ids[iri]
        node = self.graph.by_id.get(iri)
        if node is None:
            raise ValidationError.single(term, f"refers to {iri!r}, which is not in the document")
        return self.entity(node)

    def entity(self, node: Any) -> str:
        """Read an entity node (once); return its id."""
        iri = node.get("@id") if isinstance(node, dict) else None
        if iri is not None and iri in self.entity_ids:
            return self.entity_ids[iri]
        if not isinstance(node, dict):
            node = {}
        self.check_terms(node, ENTITY_TERMS, "an entity")
        entity = {
            "id": self.text(node, "identifier"),
            "kind": self.text(node, "ns:kind"),
            "name": self.text(node, "name"),
            "labels": self.labels(node, "alternateName"),
            "title": self.first_text(node, "jobTitle", "ns:title"),
            "url": self.text(node, "url"),
            "same_as": self.texts(node, "sameAs"),
            "mentions": self.spans(node, "ns:mentions"),
            "suggested": self.suggestion(node),
        }
        return self.keep_entity(entity, iri)

    def keep_entity(self, entity: dict[str, Any], iri: str | None) -> str:
        """Add an entity read from the node ``iri``; return its id."""
        self.entities.append(entity)
        if iri is not None:
            self.entity_ids[iri] = entity["id"]
            self.used_nodes.add(iri)
        return str(entity["id"])

    def subject(self, node: dict[str, Any]) -> dict[str, Any]:
        """A subject (a DefinedTerm) as canonical builtins."""
        self.check_terms(node, SUBJECT_TERMS, "a subject")
        return {
            "name": self.text(node, "name"),
            "code": self.text(node, "termCode"),
            "uri": self.text(node, "sameAs"),
            "labels": self.labels(node, "alternateName"),
        }

    def media(self, node: dict[str, Any]) -> dict[str, Any]:
        """A media object as canonical builtins."""
        self.check_terms(node, MEDIA_TERMS, "a media item")
        kinds = types_of(node)
        return {
            "url": self.text(node, "contentUrl"),
            "kind": next((kind for kind, name in _MEDIA_KINDS if name in kinds), "other"),
            "caption": self.first_text(node, "caption", "description"),
            "credit": self.text(node, "creditText"),
            "width": self.number(node, "width"),
            "height": self.number(node, "height"),
            "content_type": self.text(node, "encodingFormat"),
        }

    def quote(self, node: dict[str, Any]) -> dict[str, Any]:
        """A quotation as canonical builtins."""
        self.check_terms(node, QUOTE_TERMS, "a quote")
        speaker = self.ref(node, "spokenByCharacter") or self.ref(node, "creator")
        return {
            "id": self.text(node, "identifier"),
            "text": self.text(node, "text"),
            "kind": self.text(node, "ns:kind"),
            "speaker": None if speaker is None else self.entity_id(speaker, "spokenByCharacter"),
            "channel": self.text(node, "ns:channel"),
            "date": self.text(node, "ns:date"),
            "cue": self.text(node, "ns:cue"),
            "spans": self.spans(node, "ns:spans"),
            "suggested": self.suggestion(node),
        }

    def statistic(self, node: dict[str, Any]) -> dict[str, Any]:
        """A figure (a QuantitativeValue) as canonical builtins."""
        self.check_terms(node, STATISTIC_TERMS, "a figure")
        subject, source = self.ref(node, "ns:subject"), self.ref(node, "ns:source")
        return {
            "id": self.text(node, "identifier"),
            "value": self.number(node, "value"),
            "qualifier": self.text(node, "ns:qualifier"),
            "value_max": self.number(node, "ns:valueMax"),
            "unit": self.text(node, "unitText"),
            "unit_code": self.text(node, "unitCode"),
            "measure": self.text(node, "description"),
            "subject": None if subject is None else self.entity_id(subject, "ns:subject"),
            "source": None if source is None else self.entity_id(source, "ns:source"),
            "date": self.text(node, "ns:date"),
            "spans": self.spans(node, "ns:spans"),
            "suggested": self.suggestion(node),
        }

    def campaign(self, node: dict[str, Any]) -> dict[str, Any]:
        """A campaign, with its phases, as canonical builtins."""
        self.check_terms(node, CAMPAIGN_TERMS, "a campaign")
        campaign_id = self.text(node, "identifier") or ""
        self.phases[node.get("@id", "")] = (campaign_id, None)
        phases = []
        for phase in self.values(node, "subEvent"):
            self.check_terms(phase, PHASE_TERMS, "a phase")
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

    def event(self, node: dict[str, Any]) -> dict[str, Any]:
        """An event as canonical builtins."""
        self.check_terms(node, EVENT_TERMS, "an event")
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
            "places": [self.entity_id(iri, "location") for iri in self.refs(node, "location")],
            "participants": [
                self.entity_id(iri, "ns:participants") for iri in self.refs(node, "ns:participants")
            ],
            "campaign": campaign,
            "phase": phase,
            "spans": self.spans(node, "ns:spans"),
        }

    def comment(self, node: dict[str, Any]) -> dict[str, Any]:
        """A comment as canonical builtins."""
        self.check_terms(node, COMMENT_TERMS, "a comment")
        authors = self.values(node, "author")
        author = None
        if authors and isinstance(authors[0], dict):
            author = (
                self.scalar(authors[0]) if "@value" in authors[0] else self.text(authors[0], "name")
            )
        identifier = self.text(node, "identifier") or f"comment-{len(self.comment_ids) + 1}"
        if "@id" in node:
            self.comment_ids[node["@id"]] = identifier
        parent = self.ref(node, "parentItem")
        return {
            "id": identifier,
            "text": self.text(node, "text"),
            "author": author,
            "date_published": self.text(node, "datePublished"),
            "reply_to": None if parent is None else self.comment_ids.get(parent, parent),
        }

    def suggestion(self, node: dict[str, Any]) -> dict[str, Any] | None:
        """The mark of a suggested entity, quote or figure, or None (confirmed)."""
        found = self.values(node, "ns:suggested")
        if not found:
            return None
        if len(found) > 1:
            raise ValidationError.single("ns:suggested", f"has {len(found)} values, but holds one")
        mark = found[0]
        if not isinstance(mark, dict) or "@value" in mark:
            raise ValidationError.single("ns:suggested", "must be a node (ns:rule, ns:confidence)")
        self.check_terms(mark, SUGGESTION_KEYS, "a suggestion")
        return {
            name: self.number(mark, term) if name == "confidence" else self.text(mark, term)
            for name, term in SUGGESTION_TERMS
        }

    def provenance(self, node: dict[str, Any]) -> dict[str, Any]:
        """Provenance as canonical builtins."""
        self.check_terms(node, PROVENANCE_KEYS, "provenance")
        return {name: self.text(node, term) for name, term in PROVENANCE_TERMS}


_MEDIA_KINDS = (
    ("image", "ImageObject"),
    ("image", "Photograph"),
    ("video", "VideoObject"),
    ("audio", "AudioObject"),
)
