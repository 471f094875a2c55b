"""Writing JSON-LD: each article as a schema.org node, with no JSON-LD processor.

The document is compact JSON-LD whose one context is bundled in the package
(``newsschema/context.jsonld``): schema.org terms by ``@vocab``, and what schema.org cannot
say (spans, qualifiers, EDTF strings, phase order, sections, provenance) under the ``ns:``
prefix. Text in the article's language is a value object with its ``@language`` and, for a
right-to-left language, ``@direction``.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from typing import Any, BinaryIO
from urllib.parse import quote

import orjson

from newsschema._cache import short_texts
from newsschema.checks import likely_script
from newsschema.dates import PartialDate, format_datetime, format_published
from newsschema.errors import ValidationError
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    ArticleKind,
    Campaign,
    CampaignPhase,
    Comment,
    Entity,
    EntityKind,
    Event,
    LanguageMap,
    Media,
    MediaKind,
    Provenance,
    Published,
    Qualifier,
    Quote,
    Span,
    Statistic,
    Subject,
    Suggestion,
)

__all__ = [
    "CONTEXT",
    "KIND_TYPES",
    "MEDIA_TYPES",
    "NS",
    "OA",
    "PROVENANCE_TERMS",
    "SCHEMA",
    "article_iri",
    "article_node",
    "is_rtl",
    "write",
]

NS = "https://w3id.org/newsschema/ns#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
"""The Web Annotation vocabulary (a W3C Recommendation): where each span stands."""

CONTEXT: dict[str, Any] = orjson.loads(
    importlib.resources.files("newsschema").joinpath("context.jsonld").read_bytes()
)["@context"]
"""The context every document newsschema writes carries, as it ships in the package."""

_RTL_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Yezi"}
)
_ENTITY_TYPES = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.PLACE: "Place",
    EntityKind.GROUP: "Organization",
    EntityKind.OTHER: "Thing",
}
KIND_TYPES = {
    ArticleKind.NEWS: "NewsArticle",
    ArticleKind.ANALYSIS: "AnalysisNewsArticle",
    ArticleKind.OPINION: "OpinionNewsArticle",
    ArticleKind.REPORTAGE: "ReportageNewsArticle",
    ArticleKind.REVIEW: "ReviewNewsArticle",
    ArticleKind.BACKGROUND: "BackgroundNewsArticle",
    ArticleKind.ASK_PUBLIC: "AskPublicNewsArticle",
    ArticleKind.SATIRE: "SatiricalArticle",
    ArticleKind.LIVE_BLOG: "LiveBlogPosting",
    ArticleKind.BLOG_POST: "BlogPosting",
    ArticleKind.REPORT: "Report",
    ArticleKind.SCHOLARLY: "ScholarlyArticle",
    ArticleKind.TECH: "TechArticle",
    ArticleKind.SOCIAL_MEDIA: "SocialMediaPosting",
    ArticleKind.FORUM_POST: "DiscussionForumPosting",
    ArticleKind.ADVERTISER_CONTENT: "AdvertiserContentArticle",
    ArticleKind.ARTICLE: "Article",
}
"""The schema.org type of each kind of article (an article of no kind is a NewsArticle)."""
_NEWS_KINDS = frozenset(
    {
        ArticleKind.NEWS,
        ArticleKind.ANALYSIS,
        ArticleKind.OPINION,
        ArticleKind.REPORTAGE,
        ArticleKind.REVIEW,
        ArticleKind.BACKGROUND,
        ArticleKind.ASK_PUBLIC,
    }
)
"""The kinds whose type is a NewsArticle, and so may have a ``dateline`` (others say
``ns:dateline``)."""
MEDIA_TYPES = {
    MediaKind.IMAGE: "ImageObject",
    MediaKind.VIDEO: "VideoObject",
    MediaKind.AUDIO: "AudioObject",
    MediaKind.OTHER: "MediaObject",
}
"""The schema.org type of each kind of media."""
PROVENANCE_TERMS = (
    ("source", "ns:source"),
    ("retrieved_at", "ns:retrievedAt"),
    ("annotator", "ns:annotator"),
    ("method", "ns:method"),
    ("tool", "ns:tool"),
    ("license", "ns:license"),
    ("notes", "ns:notes"),
    ("extractor", "ns:extractor"),
)
"""Each field of provenance with the term that holds it."""


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


@short_texts(maxsize=4096)
def is_rtl(tag: str) -> bool:
    """Tell whether a language is written right to left (by its likely script)."""
    return likely_script(tag) in _RTL_SCRIPTS


def _in(language: str) -> Any:
    """A maker of value objects for text in ``language``."""
    direction = {"@direction": "rtl"} if is_rtl(language) else {}

    def text(value: str | None) -> dict[str, str] | None:
        return None if value is None else {"@value": value, "@language": language, **direction}

    return text


def _labels(labels: LanguageMap) -> list[dict[str, str]]:
    return [_in(language)(text) for language, text in labels.items()]


def paragraph_iri(base: str, number: int) -> str:
    """The IRI of an article's paragraph, counted from 0 across the whole body."""
    return f"{base}#/paragraphs/{number}"


def span_node(base: str, paragraphs: tuple[str, ...], span: Span) -> dict[str, Any]:
    """Where a span stands, as Web Annotation says it: a part of its paragraph.

    Selected twice over: by position (``TextPositionSelector``, in code points as the model
    counts them and as Web Annotation asks) and by its text (``TextQuoteSelector``, with as
    much of the text before and after it as tells it apart, when it occurs more than once).
    """
    paragraph = paragraphs[span.paragraph]
    exact = paragraph[span.start : span.end]
    quote: dict[str, Any] = {"@type": "oa:TextQuoteSelector", "oa:exact": exact}
    if paragraph.find(exact) != paragraph.rfind(exact):  # not unique: the least that makes it so
        size = 1
        while True:
            prefix = paragraph[max(span.start - size, 0) : span.start]
            suffix = paragraph[span.end : span.end + size]
            around = prefix + exact + suffix
            if paragraph.find(around) == paragraph.rfind(around):
                break
            size += 1
        if prefix:
            quote["oa:prefix"] = prefix
        if suffix:
            quote["oa:suffix"] = suffix
    return {
        "@type": "oa:SpecificResource",
        "oa:hasSource": _ref(paragraph_iri(base, span.paragraph)),
        "oa:hasSelector": [
            {"@type": "oa:TextPositionSelector", "oa:start": span.start, "oa:end": span.end},
            quote,
        ],
    }


def _spans(
    base: str, paragraphs: tuple[str, ...], spans: tuple[Span, ...]
) -> dict[str, list[dict[str, Any]]] | None:
    return {"@list": [span_node(base, paragraphs, span) for span in spans]} if spans else None


def moment(value: Published | None) -> str | None:
    """A timestamp with its offset, or a day, month or year, as written on the wire."""
    return None if value is None else format_published(value)


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
            "@type": _ENTITY_TYPES[entity.kind],
            "@id": _part_iri(base, entity_id),
            "name": text(entity.name),
        }

    paragraphs = article.paragraphs
    node: dict[str, Any] = {
        "@type": "NewsArticle" if article.kind is None else KIND_TYPES[article.kind],
        "@id": base,
        "ns:schemaVersion": SCHEMA_VERSION,
        "ns:kind": None if article.kind is None else article.kind.value,
        "identifier": article.id,
        "headline": text(article.headline),
        # Other headlines in the article's language, then translations, each in its own.
        "alternativeHeadline": [text(other) for other in article.alternative_headlines]
        + _labels(article.translations),
        "inLanguage": article.language,
        "url": article.url,
        "datePublished": moment(article.date_published),
        "dateModified": moment(article.date_modified),
    }
    if article.dateline is not None:
        news = article.kind is None or article.kind in _NEWS_KINDS
        node["dateline" if news else "ns:dateline"] = text(article.dateline.text)
        if article.dateline.place is not None:
            node["ns:datelinePlace"] = _ref(_part_iri(base, article.dateline.place))
        if article.dateline.span is not None:
            node["ns:datelineSpan"] = span_node(base, paragraphs, article.dateline.span)
    node.update(
        {
            "author": [who(author) for author in article.authors],
            "publisher": None if article.publisher is None else who(article.publisher),
            "articleSection": text(article.section),
            "keywords": [text(keyword) for keyword in article.keywords],
            "about": [_subject_node(subject, text) for subject in article.subjects],
            "description": text(article.summary),
            "associatedMedia": [_media_node(item, text) for item in article.media],
            "articleBody": text("\n\n".join(paragraphs)) if paragraphs else None,
            "ns:body": {
                "@list": [
                    _clean(
                        {
                            "@type": "ns:Section",
                            "ns:heading": text(section.heading),
                            "ns:paragraphs": {"@list": [text(p) for p in section.paragraphs]},
                            "ns:datePublished": moment(section.date_published),
                        }
                    )
                    for section in article.body
                ]
            },
            "mentions": [_entity_node(base, e, text, paragraphs) for e in article.entities],
            "hasPart": [_quote_node(base, q, text, paragraphs) for q in article.quotes],
            "ns:statistics": {
                "@list": [_statistic_node(base, s, text, paragraphs) for s in article.statistics]
            },
            "ns:campaigns": {
                "@list": [_campaign_node(base, c, text, paragraphs) for c in article.campaigns]
            },
            "ns:events": {"@list": [_event_node(base, e, paragraphs) for e in article.events]},
            "commentCount": article.comment_count,
            "comment": [_comment_node(base, comment, text) for comment in article.comments],
            "ns:provenance": None
            if article.provenance is None
            else _provenance_node(article.provenance),
        }
    )
    return _clean(node)


def _entity_node(
    base: str, entity: Entity, text: Any, paragraphs: tuple[str, ...]
) -> dict[str, Any]:
    return _clean(
        {
            "@type": _ENTITY_TYPES[entity.kind],
            "@id": _part_iri(base, entity.id),
            "identifier": entity.id,
            "ns:kind": entity.kind.value,
            "name": text(entity.name),
            "alternateName": _labels(entity.labels),
            "jobTitle" if entity.kind is EntityKind.PERSON else "ns:title": text(entity.title),
            "url": entity.url,
            "sameAs": list(entity.same_as),
            "ns:mentions": _spans(base, paragraphs, entity.mentions),
            "ns:suggested": _suggestion_node(entity.suggested),
        }
    )


def _subject_node(subject: Subject, text: Any) -> dict[str, Any]:
    return _clean(
        {
            "@type": "DefinedTerm",
            "name": text(subject.name),
            "alternateName": _labels(subject.labels),
            "termCode": subject.code,
            "sameAs": subject.uri,
        }
    )


def _media_node(media: Media, text: Any) -> dict[str, Any]:
    # caption belongs to images, videos and sounds; other media describe themselves
    caption = "description" if media.kind is MediaKind.OTHER else "caption"
    return _clean(
        {
            "@type": MEDIA_TYPES[media.kind],
            "contentUrl": media.url,
            caption: text(media.caption),
            "creditText": text(media.credit),
            "width": media.width,
            "height": media.height,
            "encodingFormat": media.content_type,
        }
    )


def _quote_node(base: str, quote: Quote, text: Any, paragraphs: tuple[str, ...]) -> dict[str, Any]:
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
            "ns:spans": _spans(base, paragraphs, quote.spans),
            "ns:suggested": _suggestion_node(quote.suggested),
        }
    )


def _statistic_node(
    base: str, statistic: Statistic, text: Any, paragraphs: tuple[str, ...]
) -> dict[str, Any]:
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
            "ns:spans": _spans(base, paragraphs, statistic.spans),
            "ns:suggested": _suggestion_node(statistic.suggested),
        }
    )


def _campaign_node(
    base: str, campaign: Campaign, text: Any, paragraphs: tuple[str, ...]
) -> dict[str, Any]:
    iri = _part_iri(base, campaign.id)
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": iri,
        "identifier": campaign.id,
        "name": text(campaign.name),
        "alternateName": _labels(campaign.labels),
    }
    _dates(node, campaign.start, campaign.end)
    node["subEvent"] = [
        _phase_node(base, campaign, phase, text, paragraphs) for phase in campaign.phases
    ]
    node["ns:spans"] = _spans(base, paragraphs, campaign.spans)
    return _clean(node)


def _phase_node(
    base: str, campaign: Campaign, phase: CampaignPhase, text: Any, paragraphs: tuple[str, ...]
) -> dict[str, Any]:
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
    node["ns:spans"] = _spans(base, paragraphs, phase.spans)
    return _clean(node)


def _event_node(base: str, event: Event, paragraphs: tuple[str, ...]) -> dict[str, Any]:
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
            "ns:spans": _spans(base, paragraphs, event.spans),
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
            "datePublished": moment(comment.date_published),
            "parentItem": None
            if comment.reply_to is None
            else _ref(_part_iri(base, comment.reply_to)),
        }
    )


SUGGESTION_TERMS = (("rule", "ns:rule"), ("confidence", "ns:confidence"))


def _suggestion_node(suggestion: Suggestion | None) -> dict[str, Any] | None:
    """The mark of a suggested entity, quote or figure: a node of its own (None: confirmed)."""
    if suggestion is None:
        return None
    return {
        "@type": "ns:Suggestion",
        "ns:rule": suggestion.rule,
        "ns:confidence": suggestion.confidence,
    }


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
            "ns:extractor": provenance.extractor,
        }
    )
