"""The names ninjs gives its properties in each version, its genres, and the extension's name.

ninjs 3.x writes names in camelCase (``versionCreated``); 2.x wrote the same names in lower
case (``versioncreated``), and ``embargoedUntil`` was ``embargoed``; 1.x had single fields
for what 2.0 made lists (``headline``, ``body_text``, ``body_html``, ``description_text``).
"""

from __future__ import annotations

import re
from typing import Any

from newsschema.formats._base import Note
from newsschema.model import ArticleKind

__all__ = [
    "EXTENSION",
    "GENRES",
    "GENRE_URI",
    "KNOWN",
    "SCHEMA_URIS",
    "VERSIONS",
    "canonical_keys",
    "spelled_for",
    "version_of",
]

VERSIONS = ("3.1", "2.2")
"""The versions written: 3.1 by default, 2.2 on request."""
SCHEMA_URIS = {
    version: f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#" for version in VERSIONS
}
EXTENSION = "newsschema"
"""The property that carries, in an extended item, what plain ninjs cannot hold."""

_CAMEL = (
    "representationType",
    "firstCreated",
    "versionCreated",
    "contentCreated",
    "embargoedUntil",
    "pubStatus",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "infoSources",
    "altIds",
    "trustIndicators",
    "rightsInfo",
    "digitalSourceType",
    "eventDetails",
    "plannedCoverage",
    "contentType",
    "charCount",
    "wordCount",
    "sizeInBytes",
    "contactInfo",
    "geoJSON",
    "langId",
    "linkedRights",
    "encodedRights",
)
_FROM_LOWER = {name.lower(): name for name in _CAMEL} | {"embargoed": "embargoedUntil"}
_TO_LOWER = {camel: lower for lower, camel in _FROM_LOWER.items()}
KNOWN = frozenset(
    {
        "uri",
        "type",
        "profile",
        "version",
        "urgency",
        "language",
        "descriptions",
        "bodies",
        "headlines",
        "people",
        "organisations",
        "places",
        "subjects",
        "events",
        "objects",
        "title",
        "by",
        "slugline",
        "located",
        "renditions",
        "associations",
        "standard",
        "genres",
        "expires",
        *_CAMEL,
    }
)
"""Every top-level property of ninjs 3.1 (and, spelled in lower case, of 2.x)."""

_SCHEMA_VERSION = re.compile(r"ninjs-schema_(\d{1,9})\.(\d{1,9})")
_ONE_X = {
    "headline": ("headlines", None),
    "body_text": ("bodies", "text/plain"),
    "body_html": ("bodies", "text/html"),
    "body_xhtml": ("bodies", "application/xhtml+xml"),
    "description_text": ("descriptions", "text/plain"),
    "description_html": ("descriptions", "text/html"),
}

GENRES = {
    ArticleKind.ANALYSIS: "Analysis",
    ArticleKind.OPINION: "Opinion",
    ArticleKind.REVIEW: "Review",
    ArticleKind.BACKGROUND: "Background",
    ArticleKind.SATIRE: "Satire",
    ArticleKind.ADVERTISER_CONTENT: "Advertiser_Supplied",
}
"""The IPTC genre (NewsCodes ``genre``) of each kind that has one."""
GENRE_URI = "http://cv.iptc.org/newscodes/genre/"


def version_of(item: dict[str, Any]) -> tuple[int, str | None]:
    """The major version an item is written in, from what it declares or else its shape."""
    standard = item.get("standard")
    declared = [item.get("$schema")]
    if isinstance(standard, dict):
        declared += [standard.get("schema"), standard.get("version")]
    for value in declared:
        if isinstance(value, str):
            match = _SCHEMA_VERSION.search(value) or re.fullmatch(
                r"(\d{1,9})\.(\d{1,9})", value.strip()
            )
            if match:
                return int(match.group(1)), None
    camel = sorted(key for key in item if key in _TO_LOWER)
    lower = sorted(key for key in item if key in _FROM_LOWER and key not in _TO_LOWER)
    if any(key in _ONE_X for key in item) and not ({"headlines", "bodies"} & set(item)):
        return 1, None
    if camel and lower:
        note = f"the item mixes 3.x names ({', '.join(camel)}) and 2.x names ({', '.join(lower)})"
        return 3, note
    return (2 if lower else 3), None


def canonical_keys(value: Any, major: int, notes: list[str], path: str = "") -> Any:
    """The item with every name spelled as ninjs 3.x spells it (1.x fields made lists)."""
    if isinstance(value, list):
        return [canonical_keys(item, major, notes, f"{path}[{n}]") for n, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    found: dict[str, Any] = {}
    for key, item in value.items():
        name = _FROM_LOWER.get(key, key) if isinstance(key, str) else key
        if major == 1 and not path and key in _ONE_X:
            name, content_type = _ONE_X[key]
            entry = {"value": item} | ({"contentType": content_type} if content_type else {})
            found.setdefault(name, []).append(entry)
            continue
        where = f"{path}.{key}" if path else key
        if name != key and major >= 3:
            notes.append(Note(f"{where}: a ninjs 2.x name in a 3.x item, read as {name}"))
        elif name == key and key in _TO_LOWER and major == 2:
            notes.append(Note(f"{where}: a ninjs 3.x name in a 2.x item, read all the same"))
        if name in found:
            notes.append(f"{where}: {name} is given twice, in both spellings; the first is kept")
            continue
        found[name] = canonical_keys(item, major, notes, f"{path}.{name}" if path else name)
    return found


def spelled_for(value: Any, version: str) -> Any:
    """An item written in 3.x names, spelled for ``version``."""
    if version.startswith("3"):
        return value
    if isinstance(value, list):
        return [spelled_for(item, version) for item in value]
    if isinstance(value, dict):
        return {
            _TO_LOWER.get(key, key): item if key == EXTENSION else spelled_for(item, version)
            for key, item in value.items()
        }
    return value
