"""JSON-LD expansion, offline: pyld for any document, and a direct path for our own.

A document in newsschema's own context (schema.org by ``@vocab``, our terms under ``ns:``,
nothing else) is expanded directly, which gives exactly what pyld gives (a test compares
them on every test document and on generated articles) at a fraction of the cost. Any other
document goes through pyld, whose document loader serves only the bundled schema.org context
and never touches the network.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

import orjson

from newsschema.errors import FormatError, ValidationError
from newsschema.formats.jsonld.write import CONTEXT, NS, SCHEMA

__all__ = ["Graph", "document_loader", "expand", "iris", "local", "types_of"]

SCHEMA_HTTP = "http://schema.org/"

_SCHEMA_CONTEXT_URLS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json")
)
"""The addresses of the schema.org context, less any trailing slash."""


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
    """Expand a JSON-LD document, offline.

    Raises:
        ValidationError: the document is not valid JSON-LD, or names a remote context
            that is not bundled.
    """
    if isinstance(document, dict) and document.get("@context") == CONTEXT:
        try:
            return _expand_own(document)
        except _NotOurs:
            pass  # something the direct path does not do: pyld does it all
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


class _NotOurs(Exception):
    """A document in our context uses something the direct expansion leaves to pyld."""


def _expand_own(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a document whose only context is ours, as pyld would.

    Every term is a schema.org term by ``@vocab`` or an ``ns:`` compact IRI, no term is
    typed, so text, numbers and booleans become value objects; ``null`` disappears.
    """
    node = _node(document, top=True)
    if set(node) == {"@graph"}:
        graph: list[dict[str, Any]] = node["@graph"]
        return graph
    return [node] if node else []


def _term(key: str) -> str:
    if key.startswith("ns:"):
        return NS + key[3:]
    if ":" in key or not key or key.startswith("_"):
        raise _NotOurs
    return SCHEMA + key


def _node(value: dict[str, Any], *, top: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {}
    for key, inner in value.items():
        if key == "@context":
            if not top:
                raise _NotOurs
        elif key == "@id":
            if not isinstance(inner, str) or ":" not in inner:
                raise _NotOurs  # relative IRIs are resolved against a base
            node["@id"] = inner
        elif key == "@type":
            kinds = inner if isinstance(inner, list) else [inner]
            node["@type"] = [_term(kind) if isinstance(kind, str) else _fail() for kind in kinds]
        elif key == "@graph":
            items = inner if isinstance(inner, list) else [inner]
            node["@graph"] = [_node(item) if isinstance(item, dict) else _fail() for item in items]
        elif key.startswith("@"):
            raise _NotOurs
        elif inner is not None:
            items = inner if isinstance(inner, list) else [inner]
            node[_term(key)] = [item for item in map(_value, items) if item is not None]
    return node


def _value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (str, int, float)):  # bool is an int
        return {"@value": value}
    if not isinstance(value, dict):
        raise _NotOurs  # a list inside a list
    if "@value" in value:
        if not set(value) <= {"@value", "@language", "@direction"}:
            raise _NotOurs
        if value["@value"] is None:
            return None
        if "@language" in value:
            return {**value, "@language": str(value["@language"]).lower()}
        return dict(value)
    if "@list" in value:
        if len(value) != 1 or not isinstance(value["@list"], list):
            raise _NotOurs
        return {"@list": [item for item in map(_value, value["@list"]) if item is not None]}
    return _node(value)


def _fail() -> Any:
    raise _NotOurs


def local(iri: str) -> str | None:
    """The schema.org term an IRI names (http or https), or None."""
    for prefix in (SCHEMA, SCHEMA_HTTP):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def iris(term: str) -> tuple[str, ...]:
    """The full IRIs a term may have been expanded to."""
    if term.startswith("ns:"):
        return (NS + term[3:],)
    return (SCHEMA + term, SCHEMA_HTTP + term)


def types_of(node: dict[str, Any]) -> set[str]:
    """The types of an expanded node: schema.org's by their names, ours as ``ns:...``."""
    names = set()
    for iri in node.get("@type", ()):
        name = local(iri)
        names.add(name if name is not None else iri.replace(NS, "ns:"))
    return names


class Graph:
    """Every node of expanded documents by id, and the top-level ones in order.

    A node may be described in several places (an inline author with a name, and the full
    ``Person`` elsewhere in the graph): all that is said of it is merged, so that no
    description shadows another.
    """

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
            iri = value.get("@id")
            if iri is not None and len(value) > 1:
                self._merge(iri, value)
            for key, inner in value.items():
                if not key.startswith("@") or key in ("@list", "@graph"):
                    self._index(inner)

    def _merge(self, iri: str, node: dict[str, Any]) -> None:
        merged = self.by_id.get(iri)
        if merged is None:
            self.by_id[iri] = {
                key: list(inner) if isinstance(inner, list) else inner
                for key, inner in node.items()
            }
            return
        for key, inner in node.items():
            if key != "@id" and isinstance(inner, list):
                known = merged.setdefault(key, [])
                known.extend([item for item in inner if item not in known])

    def node(self, value: Any) -> Any:
        """Everything said of the node a value refers to (or the value itself)."""
        if isinstance(value, dict) and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value
