"""Our own documents, read straight from the compact form newsschema writes.

A document in our context whose every node has exactly the shape :mod:`.write` gives it is
read here without any expansion, in one walk: the inverse of the writer. Anything else (keys
in another spelling, a node of another kind, a value of another shape) returns None, and
the document goes the general way: expansion, then :class:`~.read.ArticleReader`. A test
checks that both ways give the same records, on every test document and on generated
articles.
"""

from __future__ import annotations

import re
from typing import Any

from newsschema.checks import canonical_case
from newsschema.errors import ValidationError, describe
from newsschema.formats.jsonld.write import CONTEXT, KIND_TYPES, PROVENANCE_TERMS, SUGGESTION_TERMS
from newsschema.model import SCHEMA_VERSION

__all__ = [
    "ARTICLE_TERMS",
    "CAMPAIGN_TERMS",
    "COMMENT_TERMS",
    "ENTITY_TERMS",
    "EVENT_TERMS",
    "MEDIA_TERMS",
    "PHASE_TERMS",
    "PROVENANCE_KEYS",
    "QUOTE_TERMS",
    "SECTION_TERMS",
    "SELECTOR_TERMS",
    "SPAN_TERMS",
    "STATISTIC_TERMS",
    "SUBJECT_TERMS",
    "SUGGESTION_KEYS",
    "anchored",
    "exact_problem",
    "own_records",
    "paragraph_of",
    "parse_span",
]

_CONTEXT_1_0 = {key: value for key, value in CONTEXT.items() if key[:2] not in ("oa", "xs")}
"""The context before spans were written as Web Annotation selectors (newsschema 1.0)."""
_SPAN = re.compile(r"([0-9]{1,19}):([0-9]{1,19})-([0-9]{1,19})", re.ASCII)  # 64 bits at most
# The terms each kind of node of ours has, as the writer spells them (reading a node of ours,
# anything else is reported as not kept).
_ARTICLE_TYPES = frozenset({"NewsArticle", *KIND_TYPES.values()})


def parse_span(text: str, term: str) -> dict[str, int]:
    """A span from the form ``paragraph:start-end`` it is written in.

    Raises:
        ValidationError: the text is not in that form.
    """
    match = _SPAN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValidationError.single(term, f"{text!r} is not a span (paragraph:start-end)")
    paragraph, start, end = (int(group) for group in match.groups())
    return {"paragraph": paragraph, "start": start, "end": end}


class _Bail(Exception):
    """The document is not in the exact shape newsschema writes."""


def own_records(document: Any) -> list[dict[str, Any]] | None:
    """The records of a document newsschema wrote, or None when it is not one, exactly."""
    if not isinstance(document, dict) or document.get("@context") not in (CONTEXT, _CONTEXT_1_0):
        return None
    if "@graph" in document:
        if set(document) != {"@context", "@graph"} or not isinstance(document["@graph"], list):
            return None
        nodes = document["@graph"]
        if any(isinstance(node, dict) and "@context" in node for node in nodes):
            return None  # a node's own context changes what its terms mean: the general way
    else:
        nodes = [document]
    try:
        records = [_Article(node).record() for node in nodes]
    except (_Bail, KeyError, TypeError, ValueError, AttributeError):
        return None  # the general way will read it, or say what is wrong
    ids = [record.get("id") for record in records]
    return records if len(set(ids)) == len(ids) else None


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict) and set(value) == {"@list"}:
        value = value["@list"]
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    """A string, or a value object's string; anything else is not ours."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and isinstance(value.get("@value"), str)
        and set(value) <= {"@value", "@language", "@direction"}
    ):
        text: str = value["@value"]
        return text
    raise _Bail


def _texts(value: Any) -> list[str]:
    return (
        [] if value is None else [text for text in map(_text, _as_list(value)) if text is not None]
    )


def _number(value: Any) -> Any:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise _Bail


def _suggestion(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    node = _check(value, SUGGESTION_KEYS)
    if node.get("@type") != "ns:Suggestion":
        raise _Bail
    return {
        name: _number(node.get(term)) if name == "confidence" else _text(node.get(term))
        for name, term in SUGGESTION_TERMS
    }


def _ref(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        iri: str = value["@id"]
        return iri
    raise _Bail


def _refs(value: Any) -> list[str]:
    return [] if value is None else [iri for iri in map(_ref, _as_list(value)) if iri is not None]


def _labels(value: Any, besides: str = "") -> dict[str, str]:
    labels: dict[str, str] = {}
    for item in [] if value is None else _as_list(value):
        text = _text(item)
        if isinstance(item, dict) and "@language" in item:
            tag = item["@language"]
            if not isinstance(tag, str):
                raise _Bail
            if tag.lower() != besides.lower() and text is not None:
                labels[canonical_case(tag)] = text
    return labels


_PARAGRAPH = re.compile(r"#/paragraphs/([0-9]{1,19})", re.ASCII)


def paragraph_of(source: Any, base: Any) -> int | None:
    """The number of the paragraph a span's source names, if it is one of this article's."""
    if not isinstance(source, str) or not isinstance(base, str) or not source.startswith(base):
        return None
    match = _PARAGRAPH.fullmatch(source, len(base))
    return None if match is None else int(match.group(1))


def _paragraphs(record: dict[str, Any]) -> list[Any]:
    return [
        text
        for section in record.get("body") or ()
        if isinstance(section, dict)
        for text in section.get("paragraphs") or ()
    ]


def anchored(
    record: dict[str, Any], span: dict[str, Any], exact: Any, prefix: Any, suffix: Any
) -> str | None:
    """Place a span given by its words alone (a ``TextQuoteSelector`` without a position).

    Its start and end are set where its exact text stands in its paragraph (tolerantly, as
    :func:`newsschema.annotate.anchor.find` reads); what is wrong is said instead.
    """
    from newsschema.annotate.anchor import find

    words = (exact, prefix or "", suffix or "")
    if not all(isinstance(word, str) for word in words):
        return "a TextQuoteSelector's exact, prefix and suffix are text"
    paragraphs = _paragraphs(record)
    number = span["paragraph"]
    if number >= len(paragraphs) or not all(isinstance(p, str) for p in paragraphs):
        return None  # the model says what is wrong with the body
    found = find(paragraphs, exact, hint=(prefix or "", suffix or ""), paragraph=number)
    if len(found) != 1:
        where = "nowhere" if not found else f"in {len(found)} places"
        return f"the TextQuoteSelector's exact {exact!r} stands {where} in paragraph {number}" + (
            ": give a prefix or suffix that tells them apart" if found else ""
        )
    span["start"], span["end"] = found[0].start, found[0].end
    return None


def exact_problem(record: dict[str, Any], span: dict[str, Any], exact: Any) -> str | None:
    """What is wrong when a span's ``TextQuoteSelector`` does not match the text it selects."""
    paragraphs = _paragraphs(record)
    number, start, end = span["paragraph"], span["start"], span["end"]
    if not isinstance(exact, str):
        return f"the TextQuoteSelector's exact is {describe(exact)}, not text"
    if not all(isinstance(n, int) for n in (number, start, end)) or number >= len(paragraphs):
        return None  # the model says what is wrong with the span itself
    found = paragraphs[number][start:end] if isinstance(paragraphs[number], str) else exact
    if found != exact:
        return (
            f"the TextQuoteSelector's exact {exact!r} is not the text at paragraph {number}, "
            f"{start}-{end}: {found!r}"
        )
    return None


def _check(node: Any, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(node, dict) or not set(node) <= keys:
        raise _Bail
    return node


ARTICLE_TERMS = frozenset(
    {
        "@context", "@type", "@id", "ns:schemaVersion", "ns:kind", "identifier", "headline",
        "alternativeHeadline", "inLanguage", "url", "datePublished", "dateModified", "dateline",
        "ns:dateline", "ns:datelinePlace", "ns:datelineSpan", "author", "publisher",
        "articleSection", "keywords", "about", "description", "associatedMedia", "articleBody",
        "ns:body", "mentions", "hasPart", "ns:statistics", "ns:campaigns", "ns:events",
        "commentCount", "comment", "ns:provenance",
    }
)  # fmt: skip
SECTION_TERMS = frozenset({"@type", "ns:heading", "ns:paragraphs", "ns:datePublished"})
ENTITY_TERMS = frozenset(
    {"@type", "@id", "identifier", "ns:kind", "name", "alternateName", "jobTitle", "ns:title",
     "url", "sameAs", "ns:mentions", "ns:suggested"}
)  # fmt: skip
_WHO_KEYS = frozenset({"@type", "@id", "name"})
SUBJECT_TERMS = frozenset({"@type", "name", "alternateName", "termCode", "sameAs"})
MEDIA_TERMS = frozenset(
    {"@type", "contentUrl", "caption", "description", "creditText", "width", "height",
     "encodingFormat"}
)  # fmt: skip
_MEDIA_KINDS = {"ImageObject": "image", "VideoObject": "video", "AudioObject": "audio"}
QUOTE_TERMS = frozenset(
    {"@type", "@id", "identifier", "text", "spokenByCharacter", "ns:kind", "ns:channel",
     "ns:date", "dateCreated", "ns:cue", "ns:spans", "ns:suggested"}
)  # fmt: skip
STATISTIC_TERMS = frozenset(
    {"@type", "@id", "identifier", "value", "minValue", "maxValue", "ns:qualifier",
     "ns:valueMax", "unitText", "unitCode", "description", "ns:subject", "ns:source", "ns:date",
     "ns:spans", "ns:suggested"}
)  # fmt: skip
CAMPAIGN_TERMS = frozenset(
    {"@type", "@id", "identifier", "name", "alternateName", "startDate", "endDate", "ns:start",
     "ns:end", "subEvent", "ns:spans"}
)  # fmt: skip
PHASE_TERMS = frozenset(
    {"@type", "@id", "superEvent", "ns:ordinal", "name", "alternateName", "startDate",
     "endDate", "ns:start", "ns:end", "description", "ns:spans"}
)  # fmt: skip
EVENT_TERMS = frozenset(
    {"@type", "@id", "identifier", "name", "startDate", "endDate", "ns:date", "location",
     "ns:participants", "superEvent", "ns:phase", "ns:spans"}
)  # fmt: skip
COMMENT_TERMS = frozenset(
    {"@type", "@id", "identifier", "text", "author", "datePublished", "parentItem"}
)
SPAN_TERMS = frozenset({"@type", "oa:hasSource", "oa:hasSelector"})
SELECTOR_TERMS = frozenset({"@type", "oa:start", "oa:end", "oa:exact", "oa:prefix", "oa:suffix"})
SUGGESTION_KEYS = frozenset({"@type", "ns:rule", "ns:confidence"})
PROVENANCE_KEYS = frozenset(
    {"@type", "ns:source", "ns:retrievedAt", "ns:annotator", "ns:method", "ns:tool",
     "ns:license", "ns:notes", "ns:extractor"}
)  # fmt: skip


class _Article:
    """One article node, read exactly as :class:`~.read.ArticleReader` reads its expansion."""

    def __init__(self, node: Any) -> None:
        self.node = _check(node, ARTICLE_TERMS)
        self.entity_ids: dict[str, str] = {}
        self.phases: dict[str, tuple[str, int | None]] = {}
        self.comment_ids: dict[str, str] = {}
        self.exacts: list[tuple[dict[str, Any], Any]] = []

    def spans(self, value: Any, term: str = "ns:spans") -> list[dict[str, int]]:
        """Spans as Web Annotation selects them, or (as written before) ``paragraph:start-end``."""
        found = []
        for item in [] if value is None else _as_list(value):
            if isinstance(item, str):
                found.append(parse_span(item, term))
                continue
            item = _check(item, SPAN_TERMS)
            paragraph = paragraph_of(_ref(item.get("oa:hasSource")), self.node.get("@id"))
            selectors = item.get("oa:hasSelector")
            if item.get("@type") != "oa:SpecificResource" or paragraph is None:
                raise _Bail
            if not isinstance(selectors, list) or len(selectors) != 2:
                raise _Bail
            position, quote = (_check(selector, SELECTOR_TERMS) for selector in selectors)
            if (position.get("@type"), quote.get("@type")) != (
                "oa:TextPositionSelector",
                "oa:TextQuoteSelector",
            ):
                raise _Bail
            start, end = position["oa:start"], position["oa:end"]
            if type(start) is not int or type(end) is not int or "oa:exact" not in quote:
                raise _Bail
            span = {"paragraph": paragraph, "start": start, "end": end}
            self.exacts.append((span, quote["oa:exact"]))
            found.append(span)
        return found

    def record(self) -> dict[str, Any]:
        node = self.node
        version = node.get("ns:schemaVersion")
        if version != SCHEMA_VERSION or isinstance(version, bool):
            raise _Bail
        if node.get("@type") not in _ARTICLE_TYPES:
            raise _Bail
        language = _text(node.get("inLanguage")) or ""
        alternatives = []
        for item in (
            [] if "alternativeHeadline" not in node else _as_list(node["alternativeHeadline"])
        ):
            text = _text(item)
            tag = item.get("@language", language) if isinstance(item, dict) else language
            if text is not None and str(tag).lower() == language.lower():
                alternatives.append(text)
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": _text(node.get("identifier")),
            "headline": _text(node.get("headline")),
            "alternative_headlines": alternatives,
            "language": language,
            "kind": _text(node.get("ns:kind")),
            "body": [self.section(section) for section in _as_list(node.get("ns:body", []))],
            "url": _text(node.get("url")),
            "date_published": _text(node.get("datePublished")),
            "date_modified": _text(node.get("dateModified")),
            "translations": _labels(node.get("alternativeHeadline"), besides=language),
        }
        entities = [self.entity(value) for value in _as_list(node.get("mentions", []))]
        record["authors"] = [self.who(value) for value in _as_list(node.get("author", []))]
        if "publisher" in node:
            (publisher,) = _as_list(node["publisher"])
            record["publisher"] = self.who(publisher)
        dateline = _text(node.get("dateline"))
        if dateline is None:
            dateline = _text(node.get("ns:dateline"))
        if dateline is not None:
            place = _ref(node.get("ns:datelinePlace"))
            spans = self.spans(node.get("ns:datelineSpan"), "ns:datelineSpan")
            if len(spans) > 1:
                raise _Bail
            record["dateline"] = {
                "text": dateline,
                "place": None if place is None else self.entity_ids[place],
                "span": spans[0] if spans else None,
            }
        record["section"] = _text(node.get("articleSection"))
        record["keywords"] = _texts(node.get("keywords"))
        record["subjects"] = [self.subject(v) for v in _as_list(node.get("about", []))]
        record["summary"] = _text(node.get("description"))
        record["media"] = [self.media(v) for v in _as_list(node.get("associatedMedia", []))]
        record["quotes"] = [self.quote(v) for v in _as_list(node.get("hasPart", []))]
        record["statistics"] = [self.statistic(v) for v in _as_list(node.get("ns:statistics", []))]
        record["campaigns"] = [self.campaign(v) for v in _as_list(node.get("ns:campaigns", []))]
        record["events"] = [self.event(v) for v in _as_list(node.get("ns:events", []))]
        record["comments"] = [self.comment(v) for v in _as_list(node.get("comment", []))]
        record["comment_count"] = _number(node.get("commentCount"))
        if "ns:provenance" in node:
            record["provenance"] = self.provenance(node["ns:provenance"])
        record["entities"] = entities
        if any(exact_problem(record, span, exact) for span, exact in self.exacts):
            raise _Bail  # the general way says what does not match
        return {key: value for key, value in record.items() if value not in (None, [], {})}

    @staticmethod
    def section(node: Any) -> dict[str, Any]:
        node = _check(node, SECTION_TERMS)
        return {
            "heading": _text(node.get("ns:heading")),
            "paragraphs": _texts(node.get("ns:paragraphs")),
            "date_published": _text(node.get("ns:datePublished")),
        }

    def entity(self, node: Any) -> dict[str, Any]:
        node = _check(node, ENTITY_TERMS)
        entity = {
            "id": _text(node.get("identifier")),
            "kind": _text(node.get("ns:kind")),
            "name": _text(node.get("name")),
            "labels": _labels(node.get("alternateName")),
            "title": _text(node.get("jobTitle"))
            if "jobTitle" in node
            else _text(node.get("ns:title")),
            "url": _text(node.get("url")),
            "same_as": _texts(node.get("sameAs")),
            "mentions": self.spans(node.get("ns:mentions")),
            "suggested": _suggestion(node.get("ns:suggested")),
        }
        iri = node.get("@id")
        if not isinstance(iri, str) or iri in self.entity_ids:
            raise _Bail
        self.entity_ids[iri] = str(entity["id"])
        return entity

    def who(self, node: Any) -> str:
        return self.entity_ids[_check(node, _WHO_KEYS)["@id"]]

    @staticmethod
    def subject(node: Any) -> dict[str, Any]:
        node = _check(node, SUBJECT_TERMS)
        return {
            "name": _text(node.get("name")),
            "code": _text(node.get("termCode")),
            "uri": _text(node.get("sameAs")),
            "labels": _labels(node.get("alternateName")),
        }

    @staticmethod
    def media(node: Any) -> dict[str, Any]:
        node = _check(node, MEDIA_TERMS)
        caption = _text(node.get("caption"))
        kind = node.get("@type")
        if not isinstance(kind, str):
            raise _Bail
        return {
            "url": _text(node.get("contentUrl")),
            "kind": _MEDIA_KINDS.get(kind, "other"),
            "caption": _text(node.get("description")) if caption is None else caption,
            "credit": _text(node.get("creditText")),
            "width": _number(node.get("width")),
            "height": _number(node.get("height")),
            "content_type": _text(node.get("encodingFormat")),
        }

    def quote(self, node: Any) -> dict[str, Any]:
        node = _check(node, QUOTE_TERMS)
        speaker = _ref(node.get("spokenByCharacter"))
        return {
            "id": _text(node.get("identifier")),
            "text": _text(node.get("text")),
            "kind": _text(node.get("ns:kind")),
            "speaker": None if speaker is None else self.entity_ids[speaker],
            "channel": _text(node.get("ns:channel")),
            "date": _text(node.get("ns:date")),
            "cue": _text(node.get("ns:cue")),
            "spans": self.spans(node.get("ns:spans")),
            "suggested": _suggestion(node.get("ns:suggested")),
        }

    def statistic(self, node: Any) -> dict[str, Any]:
        node = _check(node, STATISTIC_TERMS)
        subject, source = _ref(node.get("ns:subject")), _ref(node.get("ns:source"))
        return {
            "id": _text(node.get("identifier")),
            "value": _number(node.get("value")),
            "qualifier": _text(node.get("ns:qualifier")),
            "value_max": _number(node.get("ns:valueMax")),
            "unit": _text(node.get("unitText")),
            "unit_code": _text(node.get("unitCode")),
            "measure": _text(node.get("description")),
            "subject": None if subject is None else self.entity_ids[subject],
            "source": None if source is None else self.entity_ids[source],
            "date": _text(node.get("ns:date")),
            "spans": self.spans(node.get("ns:spans")),
            "suggested": _suggestion(node.get("ns:suggested")),
        }

    def campaign(self, node: Any) -> dict[str, Any]:
        node = _check(node, CAMPAIGN_TERMS)
        campaign_id = _text(node.get("identifier")) or ""
        self.phases[node.get("@id", "")] = (campaign_id, None)
        phases = []
        for phase in _as_list(node.get("subEvent", [])):
            phase = _check(phase, PHASE_TERMS)
            ordinal = _number(phase.get("ns:ordinal"))
            self.phases[phase.get("@id", "")] = (campaign_id, ordinal)
            phases.append(
                {
                    "ordinal": ordinal,
                    "name": _text(phase.get("name")),
                    "labels": _labels(phase.get("alternateName")),
                    "start": _text(phase.get("ns:start")),
                    "end": _text(phase.get("ns:end")),
                    "description": _text(phase.get("description")),
                    "spans": self.spans(phase.get("ns:spans")),
                }
            )
        return {
            "id": campaign_id,
            "name": _text(node.get("name")),
            "labels": _labels(node.get("alternateName")),
            "start": _text(node.get("ns:start")),
            "end": _text(node.get("ns:end")),
            "phases": phases,
            "spans": self.spans(node.get("ns:spans")),
        }

    def event(self, node: Any) -> dict[str, Any]:
        node = _check(node, EVENT_TERMS)
        parent = _ref(node.get("superEvent"))
        campaign, phase = (None, None) if parent is None else self.phases[parent]
        return {
            "id": _text(node.get("identifier")),
            "name": _text(node.get("name")),
            "date": _text(node.get("ns:date")),
            "places": [self.entity_ids[iri] for iri in _refs(node.get("location"))],
            "participants": [self.entity_ids[iri] for iri in _refs(node.get("ns:participants"))],
            "campaign": campaign,
            "phase": phase,
            "spans": self.spans(node.get("ns:spans")),
        }

    def comment(self, node: Any) -> dict[str, Any]:
        node = _check(node, COMMENT_TERMS)
        author = None
        if "author" in node:
            (who,) = _as_list(node["author"])
            author = _text(who["name"]) if isinstance(who, dict) and "name" in who else _text(who)
        identifier = _text(node.get("identifier")) or f"comment-{len(self.comment_ids) + 1}"
        if "@id" in node:
            self.comment_ids[node["@id"]] = identifier
        parent = _ref(node.get("parentItem"))
        return {
            "id": identifier,
            "text": _text(node.get("text")),
            "author": author,
            "date_published": _text(node.get("datePublished")),
            "reply_to": None if parent is None else self.comment_ids.get(parent, parent),
        }

    @staticmethod
    def provenance(node: Any) -> dict[str, Any]:
        node = _check(node, PROVENANCE_KEYS)
        return {name: _text(node.get(term)) for name, term in PROVENANCE_TERMS}
