"""Reading a ninjs item: each property mapped to the model where it has a home, said where not.

The item is first spelled as ninjs 3.x spells it (see :mod:`.names`), then mapped property by
property. A value of the wrong type is dropped with a warning; a part the model refuses (a
person with no name, a link that is no URI) is dropped by :func:`~newsschema.formats.salvage.
salvage`; only an item with no uri, or no headline at all, is refused. Every warning is tagged
with the field of the article it concerns, so that the fields an extension restores are not
warned about.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from newsschema.checks import canonical_case, id_problem, is_web_url, language_tag_problem
from newsschema.dates import foreign_moment
from newsschema.errors import ValidationError, describe
from newsschema.formats.language import article_text, identified_language
from newsschema.formats.ninjs.body import body_kind, sections_of, text_of_markup
from newsschema.formats.ninjs.byline import byline_of, read_byline
from newsschema.formats.ninjs.names import (
    EXTENSION,
    GENRE_URI,
    GENRES,
    KNOWN,
    canonical_keys,
    version_of,
)
from newsschema.formats.salvage import salvage
from newsschema.model import SCHEMA_VERSION, unsupported_version

__all__ = ["URN", "ItemReader", "read_item"]

URN = "urn:newsschema:"
"""How an article id that is no URI is written as a ninjs uri (percent-encoded after it)."""

_ENTITY_LISTS = (
    ("people", "person"),
    ("organisations", "organization"),
    ("places", "place"),
    ("objects", "other"),
)
_AUTHOR_RELS = frozenset({"author", "creator", "writer", "byline", "contributor"})
_MENTION_RELS = frozenset({"about", "mentioned", "mention", "subject", "related"})
_MAIN_ROLES = (None, "main", "body", "text", "full", "default", "headline", "hl1")
_SUMMARY_ROLES = (None, "summary", "abstract", "description", "lead", "teaser", "standfirst")
_BODY_PREFERENCE = {"html": 0, "nitf": 1, "text": 2}
_MEDIA_KINDS = {
    "picture": "image",
    "graphic": "image",
    "video": "video",
    "audio": "audio",
    "component": "other",
}
_HANDLED = frozenset(
    {
        "uri",
        "type",
        "standard",
        "$schema",
        "representationType",
        "pubStatus",
        "language",
        "headlines",
        "title",
        "bodies",
        "descriptions",
        "firstCreated",
        "versionCreated",
        "contentCreated",
        "by",
        "people",
        "organisations",
        "places",
        "objects",
        "subjects",
        "genres",
        "located",
        "copyrightHolder",
        "copyrightNotice",
        "usageTerms",
        "renditions",
        "associations",
        EXTENSION,
    }
)
_TEXT_TYPES = frozenset({"text", "composite"})
_DEFAULTS = {"representationType": "full", "pubStatus": "usable"}


def read_item(item: Any) -> tuple[dict[str, Any], list[str]]:
    """One ninjs item as a canonical record, and what was not kept.

    Raises:
        ValidationError: the item is not an object, has no uri, or carries an extension
            of another schema version; or what remains is not an article.
    """
    if not isinstance(item, dict):
        raise ValidationError.single("", f"expected a ninjs item (an object), got {describe(item)}")
    reader = ItemReader(item)
    return reader.record(), reader.warnings()


def shown(value: Any) -> str:
    """A value for a warning, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class ItemReader:
    """Reads one ninjs item (of any version) into the canonical shape."""

    def __init__(self, item: dict[str, Any]) -> None:
        spelling: list[str] = []
        self.major, mixed = version_of(item)
        self.extension = item.get(EXTENSION)
        body = {key: value for key, value in item.items() if key != EXTENSION}
        self.item: dict[str, Any] = canonical_keys(body, self.major, spelling)
        self.notes: list[tuple[str, str]] = [("", note) for note in spelling]
        if mixed:
            self.note("", mixed)
        self.entities: list[dict[str, Any]] = []
        self.roles: dict[str, str] = {}
        self.authors: list[str] = []
        self.publisher: str | None = None

    def note(self, field: str, message: str) -> None:
        """Say what was not kept or was repaired, for the article's ``field``."""
        self.notes.append((field, message))

    def warnings(self) -> list[str]:
        """The notes, less those about fields the extension restores."""
        restored = set(self.extension) if isinstance(self.extension, dict) else set()
        return [message for field, message in self.notes if field not in restored or not field]

    # Typed access: a value of the wrong type is dropped, and said.

    def text(self, node: dict[str, Any], key: str, path: str, field: str) -> str | None:
        """A property that must be text: None when absent or (said) of another type."""
        value = node.get(key)
        if value is None or isinstance(value, str):
            return value
        self.note(field, f"{path}{key}: expected a string, got {describe(value)}: not kept")
        return None

    def objects(
        self, node: dict[str, Any], key: str, path: str, field: str
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """The objects of a list, each with its path; anything else in it dropped and said."""
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.note(field, f"{path}{key}: expected a list, got {describe(value)}: not kept")
            return
        for index, entry in enumerate(value):
            where = f"{path}{key}[{index}]"
            if isinstance(entry, dict):
                yield where, entry
            else:
                self.note(field, f"{where}: expected an object, got {describe(entry)}: not kept")

    def unkept(self, node: dict[str, Any], known: set[str], path: str, field: str) -> None:
        """Say every property of a node that has no home."""
        for key, value in node.items():
            if key not in known and value not in (None, [], {}, ""):
                self.note(field, f"{path}.{key} {shown(value)} is not kept")

    # The item.

    def record(self) -> dict[str, Any]:
        """The article as canonical builtins, checked and salvaged."""
        uri = self.item.get("uri")
        if not isinstance(uri, str) or not uri.strip():
            found = "none is given" if uri is None else f"got {describe(uri)}"
            raise ValidationError.single("uri", f"a ninjs item needs a uri, its id: {found}")
        record = _compacted(self.mapped())
        self._unkept_properties()
        if self.extension is not None:
            self._extend(record)
        else:
            self._identify_language(record)
        if "headline" not in record:
            raise ValidationError.single(
                "headlines", "the item has no headline: no headlines, and no title"
            )
        return salvage(record, lambda message: self.note("", message), self.roles)

    def plain_record(self) -> dict[str, Any]:
        """What the item's plain ninjs gives, before any extension, unchecked."""
        return _compacted(self.mapped())

    def mapped(self) -> dict[str, Any]:
        """Every property that has a home in the model, mapped."""
        item = self.item
        found = item.get("uri")
        uri = found if isinstance(found, str) else ""
        record: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": _id_of(uri),
            "url": uri if is_web_url(uri) else None,
            "language": self._language(),
        }
        record["headline"], record["alternative_headlines"] = self._headlines()
        record["body"] = self._body()
        record["summary"] = self._summary()
        record["date_published"], record["date_modified"] = self._dates()
        self._entities()
        self._byline()
        record["provenance"] = self._rights()
        record["kind"], genres = self._genres()
        record["subjects"] = self._subjects() + genres
        located = self.text(item, "located", "", "dateline")
        if located is not None and located.strip():
            record["dateline"] = {"text": located}
        record["media"] = self._media(record)
        record["authors"] = self.authors
        record["publisher"] = self.publisher
        record["entities"] = self.entities
        return record

    def _identify_language(self, record: dict[str, Any]) -> None:
        """The language identified from the text where the item gives none, or a wrong one."""
        text = " ".join([record.get("headline", ""), *article_text(record)])
        declared = record.get("language", "und")
        language, note = identified_language(declared, text, "language", only_missing=True)
        if note is not None:
            self.notes = [(f, m) for f, m in self.notes if not m.startswith("language is missing")]
            self.note("language", note)
        record["language"] = language

    def _language(self) -> str:
        tag = self.text(self.item, "language", "", "language")
        if tag is None or not tag.strip():
            self.note("language", "language is missing: it is set to 'und' (undetermined)")
            return "und"
        cased = canonical_case(tag.strip().replace("_", "-"))
        if language_tag_problem(cased) is not None:
            self.note("language", f"language {tag!r} is not a BCP 47 tag: it is set to 'und'")
            return "und"
        if cased.lower() != tag.lower():
            self.note("language", f"language {tag!r} is read as {cased!r}")
        return cased

    def _worded(self, key: str, field: str) -> list[tuple[str, str | None, str]]:
        """The non-blank texts of headlines or descriptions, as (path, role, text).

        Markup is read as the text it shows.
        """
        found = []
        for where, entry in self.objects(self.item, key, "", field):
            value = self.text(entry, "value", f"{where}.", field)
            role = self.text(entry, "role", f"{where}.", field)
            self.unkept(entry, {"value", "role", "contentType"}, where, field)
            if value is None:
                continue
            if body_kind(self.text(entry, "contentType", f"{where}.", field)) != "text":
                value = text_of_markup(value)
            if value.strip():
                found.append((where, role, value))
        return found

    def _headlines(self) -> tuple[str | None, list[str]]:
        found = [(role, value) for _, role, value in self._worded("headlines", "headline")]
        title = self.text(self.item, "title", "", "headline")
        if not found:
            if title is not None and title.strip():
                self.note(
                    "headline", f"there are no headlines: the title {title!r} is the headline"
                )
                return title, []
            return None, []
        main = next((n for n, (role, _) in enumerate(found) if role in _MAIN_ROLES), 0)
        headline = found[main][1]
        if title is not None and title.strip() and title != headline:
            self.note("headline", f"title {shown(title)} is not kept (it is not a headline)")
        return headline, [value for n, (_, value) in enumerate(found) if n != main]

    def _body(self) -> list[dict[str, Any]]:
        bodies = []
        for where, entry in self.objects(self.item, "bodies", "", "body"):
            value = self.text(entry, "value", f"{where}.", "body")
            if value is None:
                continue
            role = self.text(entry, "role", f"{where}.", "body")
            content_type = self.text(entry, "contentType", f"{where}.", "body")
            self.unkept(
                entry, {"value", "role", "contentType", "charCount", "wordCount"}, where, "body"
            )
            rank = (role not in _MAIN_ROLES, _BODY_PREFERENCE[body_kind(content_type)])
            bodies.append((rank, where, role, content_type, value))
        if not bodies:
            return []
        chosen = min(bodies, key=lambda body: body[0])
        for _, where, role, content_type, _value in bodies:
            if where != chosen[1]:
                said = ", ".join(
                    f"{name} {value!r}"
                    for name, value in (("role", role), ("contentType", content_type))
                    if value
                )
                self.note(
                    "body",
                    f"{where}{f' ({said})' if said else ''} is not kept: the body is {chosen[1]}",
                )
        sections, notes = sections_of(chosen[4], body_kind(chosen[3]))
        for note in notes:
            self.note("body", f"{chosen[1]}: {note}")
        return sections

    def _summary(self) -> str | None:
        found = self._worded("descriptions", "summary")
        if not found:
            return None
        chosen = next((entry for entry in found if entry[1] in _SUMMARY_ROLES), found[0])
        for where, role, value in found:
            if where != chosen[0]:
                what = f" (role {role!r})" if role else ""
                self.note("summary", f"{where}{what} {shown(value)} is not kept")
        return chosen[2]

    def _dates(self) -> tuple[str | None, str | None]:
        first = self._date("firstCreated", "date_published")
        content = self._date("contentCreated", "date_published")
        version = self._date("versionCreated", "date_modified")
        if first is None:
            return content, version
        if content is not None and content != first:
            self.note("date_published", f"contentCreated {content} is not kept (firstCreated is)")
        return first, version

    def _date(self, key: str, field: str) -> str | None:
        value = self.text(self.item, key, "", field)
        if value is None:
            return None
        kept, note = foreign_moment(value)
        if note is not None:
            self.note(field, f"{key}: {note}")
        return kept

    def _entities(self) -> None:
        for key, kind in _ENTITY_LISTS:
            for where, entry in self.objects(self.item, key, "", "entities"):
                name = self.text(entry, "name", f"{where}.", "entities")
                if name is None or not name.strip():
                    self.note("entities", f"{where} has no name: not kept")
                    continue
                literal = self.text(entry, "literal", f"{where}.", "entities")
                uri = self.text(entry, "uri", f"{where}.", "entities")
                rel = self.text(entry, "rel", f"{where}.", "entities")
                self.unkept(entry, {"name", "literal", "uri", "rel"}, where, "entities")
                role = _role_of(rel)
                entity_id = self._new_id(literal, kind)
                self.entities.append(
                    {"id": entity_id, "kind": kind, "name": name, "same_as": [uri] if uri else []}
                )
                self.roles[entity_id] = f"{where} ({kind})"
                if role == "author":
                    self.authors.append(entity_id)
                elif role == "publisher" and self.publisher is None:
                    self.publisher = entity_id
                elif role not in ("mention", "publisher"):
                    self.note("entities", f"{where}.rel {rel!r} is not kept")

    def _new_id(self, wanted: str | None, kind: str) -> str:
        taken = {entity["id"] for entity in self.entities}
        if wanted is not None and wanted not in taken and id_problem(wanted) is None:
            return wanted
        return next(f"{kind}-{n}" for n in range(1, len(taken) + 2) if f"{kind}-{n}" not in taken)

    def _named(self, name: str, kinds: tuple[str, ...]) -> str | None:
        """The id of the entity of one of ``kinds`` with this name, if there is one."""
        folded = name.casefold()
        for entity in self.entities:
            if entity["kind"] in kinds and entity["name"].casefold() == folded:
                return str(entity["id"])
        return None

    def _name_of(self, entity_id: str) -> str:
        return str(next(entity["name"] for entity in self.entities if entity["id"] == entity_id))

    def _byline(self) -> None:
        text = self.text(self.item, "by", "", "authors")
        if text is None or not text.strip():
            return
        structured = bool(self.authors)
        names = {entity["id"]: entity["name"] for entity in self.entities}
        if structured and text == byline_of([names[author] for author in self.authors]):
            return  # the byline of the authors the item lists, as our writer writes it
        byline = read_byline(text)
        for note in byline.notes:
            self.note("authors", f"by {text!r}: {note}")
        for name, title in byline.writers:
            found = self._named(name, ("person", "organization"))
            if structured:
                if found not in self.authors:
                    self.note(
                        "authors",
                        f"by {text!r}: {name!r} is not among the authors the item lists "
                        "(people with rel 'author'): not kept",
                    )
                continue
            if found is None:
                found = self._new_id(None, "author")
                self.entities.append({"id": found, "kind": "person", "name": name})
                self.roles[found] = f"by {text!r}"
            if title is not None:
                entity = next(entity for entity in self.entities if entity["id"] == found)
                entity.setdefault("title", title)
            if found not in self.authors:
                self.authors.append(found)
        for organisation in byline.organisations:  # an author, but not a person
            found = self._named(organisation, ("organization",))
            if structured:
                continue  # the item lists its authors
            if found is None:
                found = self._new_id(None, "organization")
                self.entities.append({"id": found, "kind": "organization", "name": organisation})
                self.roles[found] = f"by {text!r}"
            if found not in self.authors:
                self.authors.append(found)
        for agency in byline.agencies:
            found = self._named(agency, ("organization",))
            if found is None:
                found = self._new_id(None, "organization")
                self.entities.append({"id": found, "kind": "organization", "name": agency})
                self.roles[found] = f"by {text!r}"
            if self.publisher is None:
                self.publisher = found
            elif found != self.publisher and found not in self.authors and not structured:
                self.authors.append(found)

    def _rights(self) -> dict[str, Any] | None:
        holder = self.text(self.item, "copyrightHolder", "", "publisher")
        if holder is not None and holder.strip():
            if self.publisher is None:
                found = self._named(holder, ("organization", "person"))
                if found is None:
                    found = self._new_id(None, "publisher")
                    self.entities.append({"id": found, "kind": "organization", "name": holder})
                    self.roles[found] = "copyrightHolder"
                self.publisher = found
            elif self._name_of(self.publisher).casefold() != holder.casefold():
                self.note(
                    "publisher", f"copyrightHolder {holder!r} is not kept (not the publisher)"
                )
        notice = self.text(self.item, "copyrightNotice", "", "provenance")
        terms = self.text(self.item, "usageTerms", "", "provenance")
        if terms is not None and notice is not None and notice != terms:
            self.note("provenance", f"copyrightNotice {shown(notice)} is not kept (usageTerms is)")
        license = terms if terms is not None else notice
        return {"license": license} if license is not None and license.strip() else None

    def _genres(self) -> tuple[str | None, list[dict[str, Any]]]:
        kind: str | None = None
        subjects: list[dict[str, Any]] = []
        by_genre = {genre.casefold(): kind for kind, genre in GENRES.items()}
        for where, entry in self.objects(self.item, "genres", "", "kind"):
            name = self.text(entry, "name", f"{where}.", "kind")
            uri = self.text(entry, "uri", f"{where}.", "kind")
            literal = self.text(entry, "literal", f"{where}.", "kind")
            self.unkept(entry, {"name", "uri", "literal"}, where, "kind")
            code = literal
            if code is None and uri is not None and uri.startswith(GENRE_URI):
                code = "genre:" + uri[len(GENRE_URI) :]
            key = (code or "").removeprefix("genre:") if (code or "").startswith("genre:") else ""
            known = by_genre.get(key.casefold()) or by_genre.get((name or "").casefold())
            if known is not None and kind is None:
                kind = known.value
            elif name or code or uri:
                subjects.append({"name": name, "code": code, "uri": uri})
        return kind, subjects

    def _subjects(self) -> list[dict[str, Any]]:
        found = []
        for where, entry in self.objects(self.item, "subjects", "", "subjects"):
            name = self.text(entry, "name", f"{where}.", "subjects")
            uri = self.text(entry, "uri", f"{where}.", "subjects")
            literal = self.text(entry, "literal", f"{where}.", "subjects")
            rel = entry.get("rel")
            if rel is not None and _role_of(rel if isinstance(rel, str) else "") != "mention":
                self.note("subjects", f"{where}.rel {shown(rel)} is not kept")
            self.unkept(entry, {"name", "uri", "literal", "rel"}, where, "subjects")
            if name or literal or uri:
                found.append({"name": name, "code": literal, "uri": uri})
            else:
                self.note("subjects", f"{where} has no name, uri or literal: not kept")
        return found

    def _media(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        media: list[dict[str, Any]] = []
        for where, entry in self.objects(self.item, "renditions", "", "media"):
            href = self.text(entry, "href", f"{where}.", "media")
            content_type = (self.text(entry, "contentType", f"{where}.", "media") or "").lower()
            name = (self.text(entry, "name", f"{where}.", "media") or "").lower()
            is_page = content_type.startswith(("text/html", "application/xhtml")) or name in (
                "web",
                "html",
                "page",
                "webpage",
            )
            free = record.get("url") in (None, self.item.get("uri"))
            if is_page and free and href is not None and is_web_url(href):
                record["url"] = href
                continue
            kind = content_type.split("/")[0]
            if href is not None and kind in ("image", "video", "audio"):
                media.append(_rendition_media(entry, kind))
                self.unkept(
                    entry, {"href", "contentType", "width", "height", "name"}, where, "media"
                )
            else:
                self.note("media", f"{where} {shown(href or name)} is not kept")
        for where, entry in self.objects(self.item, "associations", "", "media"):
            found = self._association(where, entry)
            if found is not None:
                media.append(found)
        return media

    def _association(self, where: str, entry: dict[str, Any]) -> dict[str, Any] | None:
        kind = _MEDIA_KINDS.get(str(entry.get("type") or ""))
        if kind is None:
            self.note("media", f"{where} (a {entry.get('type') or 'ninjs item'}) is not kept")
            return None
        renditions = [
            (path, rendition)
            for path, rendition in self.objects(entry, "renditions", f"{where}.", "media")
            if isinstance(rendition.get("href"), str)
        ]
        if renditions:
            path, chosen = max(renditions, key=lambda found: _area(found[1]))
            if len(renditions) > 1:
                others = ", ".join(
                    str(rendition.get("name") or rendition["href"])
                    for _, rendition in renditions
                    if rendition is not chosen
                )
                self.note("media", f"{where}: renditions {others} are not kept (the largest is)")
            self.unkept(chosen, {"href", "contentType", "width", "height", "name"}, path, "media")
            found = _rendition_media(chosen, kind)
        elif isinstance(entry.get("uri"), str) and is_web_url(entry["uri"]):
            found = {"url": entry["uri"], "kind": kind}
        else:
            self.note("media", f"{where} has no rendition with an href: not kept")
            return None
        captions = [
            value
            for _, description in self.objects(entry, "descriptions", f"{where}.", "media")
            if isinstance(value := description.get("value"), str) and value.strip()
        ]
        if not captions:
            captions = [
                value
                for _, headline in self.objects(entry, "headlines", f"{where}.", "media")
                if isinstance(value := headline.get("value"), str) and value.strip()
            ]
        credit = entry.get("by")
        if not isinstance(credit, str):
            credit = entry.get("copyrightHolder")
        found["caption"] = captions[0] if captions else None
        found["credit"] = credit if isinstance(credit, str) else None
        known = {"name", "rel", "uri", "type", "renditions", "descriptions", "headlines", "by"}
        self.unkept(
            entry,
            known | ({"copyrightHolder"} if not isinstance(entry.get("by"), str) else set()),
            where,
            "media",
        )
        return found

    def _unkept_properties(self) -> None:
        item = self.item
        kind = item.get("type")
        if kind is not None and not (isinstance(kind, str) and kind in _TEXT_TYPES):
            self.note("", f"type {shown(kind)}: the item is read as an article all the same")
        for key, default in _DEFAULTS.items():
            if item.get(key) not in (None, default):
                self.note("", f"{key} {shown(item[key])} is not kept")
        for key, value in item.items():
            if key not in _HANDLED and value not in (None, [], {}, ""):
                name = key if key in KNOWN else f"{key} (not a ninjs property)"
                self.note("", f"{name} {shown(value)} is not kept")

    def _extend(self, record: dict[str, Any]) -> None:
        """Put back what plain ninjs could not hold, from the extension."""
        extension = self.extension
        if not isinstance(extension, dict):
            raise ValidationError.single(
                EXTENSION, f"expected an object, got {describe(extension)}"
            )
        version = extension.get("schema_version")
        if version != SCHEMA_VERSION or type(version) is not int:
            raise ValidationError.single(
                f"{EXTENSION}.schema_version", unsupported_version(version)
            )
        for key, value in extension.items():
            if value is None:
                record.pop(key, None)  # a field the article leaves empty
            elif key != "schema_version":
                record[key] = value


def _role_of(rel: str | None) -> str:
    """What a relation makes an entity: an author, the publisher, or one mentioned."""
    if rel is None:
        return "mention"
    word = rel.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].casefold()
    if word in _AUTHOR_RELS:
        return "author"
    if word == "publisher":
        return "publisher"
    return "mention" if word in _MENTION_RELS else "other"


def _id_of(uri: str) -> str:
    """The article id a uri gives: the uri itself, or the id our writer percent-encoded."""
    if uri.startswith(URN):
        return unquote(uri[len(URN) :])
    return uri


def _area(rendition: dict[str, Any]) -> int:
    width, height = rendition.get("width"), rendition.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return width * height
    return 0


def _rendition_media(rendition: dict[str, Any], kind: str) -> dict[str, Any]:
    content_type = rendition.get("contentType")
    return {
        "url": rendition.get("href"),
        "kind": kind if kind in ("image", "video", "audio") else "other",
        "width": rendition.get("width"),
        "height": rendition.get("height"),
        "content_type": content_type if isinstance(content_type, str) else None,
    }


def _compacted(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its empty fields, as canonical JSON leaves them out."""
    found = {}
    for key, value in record.items():
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if v not in (None, [], {})} or None
        elif isinstance(value, list):
            value = [_compacted(v) if isinstance(v, dict) else v for v in value]
        if value not in (None, [], {}):
            found[key] = value
    return found
