"""Writing a ninjs item: what ninjs can hold in its own properties, and the rest said or carried.

The item is built in ninjs 3.x names and spelled for the version asked (3.1 or 2.2). What it
gives back is then read as :mod:`.read` reads it, field by field against the article: a field
that does not come back exactly is not kept, and is either warned about or, with the
extension, carried under the ``newsschema`` property in canonical JSON (null for a field
that the article leaves empty), so that reading the item gives the article back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from newsschema.convert import unstructure_article
from newsschema.dates import format_datetime
from newsschema.formats.ninjs.body import html_of
from newsschema.formats.ninjs.byline import byline_of
from newsschema.formats.ninjs.names import (
    EXTENSION,
    GENRE_URI,
    GENRES,
    SCHEMA_URIS,
    VERSIONS,
    spelled_for,
)
from newsschema.formats.ninjs.read import URN, ItemReader
from newsschema.model import SCHEMA_VERSION, Article, EntityKind, Media, MediaKind

__all__ = ["EXTENSION_SCHEMA_URIS", "NOT_KEPT", "item_of"]

EXTENSION_SCHEMA_URIS = {
    version: f"https://w3id.org/newsschema/schemas/ninjs-{version}-newsschema.schema.json"
    for version in VERSIONS
}
"""The schema of an extended item of each version: IPTC's, with the extension property."""

_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*",
    re.ASCII,
)
"""An absolute URI as RFC 3986 allows it (ASCII only: an IRI is no URI)."""
_ENTITY_LISTS = {
    EntityKind.PERSON: "people",
    EntityKind.ORGANIZATION: "organisations",
    EntityKind.GROUP: "organisations",
    EntityKind.PLACE: "places",
    EntityKind.OTHER: "objects",
}
_MEDIA_TYPES = {
    MediaKind.IMAGE: "picture",
    MediaKind.VIDEO: "video",
    MediaKind.AUDIO: "audio",
    MediaKind.OTHER: "component",
}
NOT_KEPT = {
    "id": "it is no URI, and comes back another way",
    "headline": "it does not come back exactly",
    "language": "it does not come back exactly",
    "url": "ninjs has no link besides the uri and a web rendition",
    "alternative_headlines": "they come back only as headlines with a role",
    "kind": "it has no IPTC genre",
    "body": "HTML folds white space, and drops empty paragraphs",
    "date_published": "firstCreated holds only a full date and time",
    "date_modified": "versionCreated holds only a full date and time",
    "dateline": "located holds only its text",
    "authors": "ninjs lists people and organisations, not their order among each other",
    "publisher": "ninjs names the copyright holder, not the publisher",
    "section": "ninjs has no section",
    "keywords": "ninjs has no keywords",
    "subjects": "a subject keeps its name, uri and code (as literal), not its labels",
    "summary": "it does not come back exactly",
    "translations": "ninjs headlines carry no language",
    "media": "a media item keeps only what a rendition holds",
    "entities": "an entity keeps its name, kind, id (as literal) and one uri; not its labels, "
    "title, url, other same_as, mentions or suggestion mark",
    "quotes": "ninjs has no quotes",
    "statistics": "ninjs has no figures",
    "campaigns": "ninjs has no campaigns",
    "events": "ninjs events are planned events, not happenings recounted",
    "comments": "ninjs has no comments",
    "comment_count": "ninjs has no comments",
    "provenance": "only the licence is kept, as usageTerms",
}
"""Why each field of the article may not come back from plain ninjs."""


def item_of(article: Article, version: str, extension: bool) -> tuple[dict[str, Any], list[str]]:
    """The article as a ninjs item of ``version``, and the fields it does not keep.

    With ``extension``, nothing is lost: the fields plain ninjs does not keep travel in the
    extension, and the second value is empty.
    """
    canonical = unstructure_article(article)
    item = _plain(article, version)
    back = ItemReader(item).plain_record()
    lost = [
        field
        for field in canonical.keys() | back.keys()
        if field != "schema_version" and canonical.get(field) != back.get(field)
    ]
    lost.sort(key=list(NOT_KEPT).index)
    if extension and lost:
        item[EXTENSION] = {
            "schema_version": SCHEMA_VERSION,
            **{field: canonical.get(field) for field in lost},
        }
        item["standard"]["schema"] = EXTENSION_SCHEMA_URIS[version]
        lost = []
    return spelled_for(item, version), lost


def _plain(article: Article, version: str) -> dict[str, Any]:
    """Every property ninjs has for the article, in ninjs 3.x names."""
    item: dict[str, Any] = {
        "uri": article.id if _URI.fullmatch(article.id) else URN + quote(article.id, safe=""),
        "type": "text",
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA_URIS[version]},
        "language": article.language,
        "headlines": [
            {"role": "main", "contentType": "text/plain", "value": article.headline},
            *(
                {"role": "alternative", "contentType": "text/plain", "value": headline}
                for headline in article.alternative_headlines
            ),
        ],
    }
    if article.body:
        sections = [
            {"heading": section.heading, "paragraphs": section.paragraphs}
            for section in article.body
        ]
        item["bodies"] = [{"role": "main", "contentType": "text/html", "value": html_of(sections)}]
    if article.summary is not None:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.summary}
        ]
    if isinstance(article.date_published, dt.datetime):
        item["firstCreated"] = format_datetime(article.date_published)
    if isinstance(article.date_modified, dt.datetime):
        item["versionCreated"] = format_datetime(article.date_modified)
    names = {entity.id: entity.name for entity in article.entities}
    if article.authors:
        item["by"] = byline_of([names[author] for author in article.authors])
    for entity in article.entities:
        entry: dict[str, Any] = {"name": entity.name, "literal": entity.id}
        if entity.id in article.authors:
            entry["rel"] = "author"
        elif entity.id == article.publisher:
            entry["rel"] = "publisher"
        uri = next((uri for uri in entity.same_as if _URI.fullmatch(uri)), None)
        if uri is not None:
            entry["uri"] = uri
        item.setdefault(_ENTITY_LISTS[entity.kind], []).append(entry)
    if article.publisher is not None:
        item["copyrightHolder"] = names[article.publisher]
    if article.subjects:
        item["subjects"] = [
            _without_none({"name": subject.name, "uri": subject.uri, "literal": subject.code})
            for subject in article.subjects
        ]
    if article.kind in GENRES:
        genre = GENRES[article.kind]
        item["genres"] = [{"name": genre, "uri": GENRE_URI + genre, "literal": f"genre:{genre}"}]
    if article.dateline is not None:
        item["located"] = article.dateline.text
    if article.provenance is not None and article.provenance.license is not None:
        item["usageTerms"] = article.provenance.license
    if article.url is not None and article.url != item["uri"]:
        web = {"name": "web", "href": _as_uri(article.url), "contentType": "text/html"}
        item["renditions"] = [web]
    associations = [
        _association(number, media) for number, media in enumerate(article.media, start=1)
    ]
    if associations:
        item["associations"] = associations
    return item


def _as_uri(iri: str) -> str:
    """An address as a URI, as ninjs requires: the characters a URI cannot hold, encoded."""
    return iri if _URI.fullmatch(iri) else quote(iri, safe="-._~:/?#[]@!$&'()*+,;=%")


def _association(number: int, media: Media) -> dict[str, Any]:
    rendition = _without_none(
        {
            "name": "original",
            "href": _as_uri(media.url),
            "contentType": media.content_type,
            "width": media.width,
            "height": media.height,
        }
    )
    entry: dict[str, Any] = {
        "name": f"media-{number}",
        "uri": _as_uri(media.url),
        "type": _MEDIA_TYPES[media.kind],
        "renditions": [rendition],
    }
    if media.caption is not None:
        entry["descriptions"] = [{"role": "caption", "value": media.caption}]
    if media.credit is not None:
        entry["by"] = media.credit
    return entry


def _without_none(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None}
