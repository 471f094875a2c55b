"""JSON-LD expansion, offline: directly for simple contexts, and with pyld for any other.

A document whose contexts are simple (a vocabulary, prefixes, keyword aliases and plain
terms, typed ``@id`` or with a datatype: all that newsschema's context and schema.org's
use) is expanded directly, in one walk, which gives exactly what pyld gives (a test compares
them on every test document, page and generated article) at a fraction of the cost. Any
other document goes through pyld, whose document loader serves only the bundled schema.org
context and never touches the network.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from typing import Any

import orjson

from newsschema.errors import FormatError, ValidationError, install_hint
from newsschema.formats.jsonld.write import NS, OA, SCHEMA
from newsschema.limits import DEFAULT_LIMITS, WORK_PER_BYTE, Limits, nesting

__all__ = [
    "Graph",
    "document_loader",
    "expand",
    "iris",
    "local",
    "nesting",
    "types_of",
]

SCHEMA_HTTP = "http://schema.org/"

_SCHEMA_CONTEXT = re.compile(
    r"(?:https?://web\.archive\.org/web/[0-9]+[a-z_]*/)?"  # an archived copy of it
    r"https?://(?:www\.)?schema\.org(?:/docs/jsonldcontext\.jsonld?)?/?",
    re.IGNORECASE,
)
"""Every spelling of the schema.org context's address: http or https, ``www.`` or not, a
trailing slash, the context document's own URL, as the Wayback Machine rewrites them."""


def is_schema_context(url: str) -> bool:
    """Whether a context's URL names schema.org's context (bundled: never fetched)."""
    return _SCHEMA_CONTEXT.fullmatch(url.strip()) is not None


def _pyld() -> Any:
    try:
        from pyld import jsonld  # an optional dependency, imported when first needed
    except ImportError:
        raise FormatError(
            "reading JSON-LD needs a JSON-LD processor: " + install_hint("jsonld")
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
    if is_schema_context(url):
        return {"contextUrl": None, "documentUrl": url, "document": _schema_context()}
    raise ValidationError.single(
        "@context",
        f"the remote context {url!r} is not one newsschema has; it reads offline, "
        "with the schema.org context it bundles",
    )


def expand(document: Any, limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    """Expand a JSON-LD document, offline, within ``limits`` (depth, and the processor's work).

    Raises:
        ValidationError: the document is not valid JSON-LD, goes past a limit, or names
            a remote context that is not bundled.
    """
    return expand_all([document], limits)


def expand_all(
    documents: list[Any],
    limits: Limits = DEFAULT_LIMITS,
    *,
    names: list[str] | None = None,
    passed_over: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Expand several documents (the blocks of one page) as :func:`expand` does.

    Their nodes come in order; the processor's work limit holds for all of them together.
    With ``passed_over`` (a page's blocks, each named in ``names``), a block that goes past a
    limit is passed over, said there in a line, and the others are read: a side block (a
    site's menu) never costs the page its article.

    Raises:
        ValidationError: as :func:`expand`, for the first document that fails (without
            ``passed_over``).
    """
    nodes: list[dict[str, Any]] = []
    work, size = 0, 0
    for index, document in enumerate(documents):
        try:
            depth = nesting(document, limits.depth)
            if depth > limits.depth:
                found = f"nests more than {limits.depth} levels"
                raise limits.exceeded("depth", found, "the document")
            try:
                nodes.extend(_expand_direct(document))
                continue
            except _NotSimple:
                pass  # something the direct path does not do: pyld does it all
            more, bytes_more = _work(document)
            if work + more > limits.jsonld_work + WORK_PER_BYTE * (size + bytes_more):
                found = (
                    f"asks about {work + more:,} steps of the JSON-LD processor for its "
                    f"{size + bytes_more:,} bytes ({WORK_PER_BYTE} a byte are allowed beyond "
                    "the limit)"
                )
                raise limits.exceeded("jsonld_work", found, "the document")
            work, size = work + more, size + bytes_more
        except ValidationError as exc:
            if passed_over is None:
                raise
            name = names[index] if names is not None else f"the JSON-LD block {index + 1}"
            passed_over.append(f"{name} was passed over: {exc.lines()[0].lstrip(': ')}")
            continue
        nodes.extend(_with_pyld(document))
    return nodes


def _with_pyld(document: Any) -> list[dict[str, Any]]:
    """Expand a document with pyld, offline; its errors said in plain words."""
    jsonld = _pyld()
    try:
        expanded: list[dict[str, Any]] = jsonld.expand(
            # No base: a relative IRI stays as written (pyld would otherwise resolve it against
            # an example base of its own, and make up an address).
            document,
            {"documentLoader": document_loader, "base": None},
        )
    except jsonld.JsonLdError as exc:
        cause = _root_cause(exc)
        if isinstance(cause, ValidationError):
            raise cause from None
        message = cause.args[0] if cause.args and isinstance(cause.args[0], str) else str(cause)
        raise ValidationError.single("", f"not valid JSON-LD: {message}") from None
    except Exception as exc:  # noqa: BLE001 - pyld raises bare errors on some bad documents
        raise ValidationError.single("", f"not valid JSON-LD: {exc!r}") from None
    return expanded


# The processor's cost, in steps of about a microsecond each (measured with pyld on the
# benchmark machine): a node, a context term defined, a node times a scoped context's term.
_NODE_STEPS = 20
_TERM_STEPS = 5
_SCOPED_STEPS = 1


def _work(document: Any) -> tuple[int, int]:
    """The processor's work in steps, and the size of the document's text (roughly, in bytes).

    Every context the processor reads is counted, wherever it stands (at the top, on a node,
    scoped in a term, in an array) and however it is given: a map by its terms, a bundled
    context's URL by the bundled context's terms (named twice in one context, it is processed
    twice). A node's context the same as one the document gave before costs a step: the
    processor keeps what it made of it (a menu of fifty nodes that each name schema.org costs
    it once, not fifty times: measured with pyld). Scoped contexts defined inside contexts cost
    again at every node they may apply to.
    """
    nodes, terms, scoped, size = 0, 0, 0, 0
    seen: set[bytes] = set()  # the contexts of nodes, as given
    todo: list[tuple[Any, bool, bool]] = [(document, False, False)]
    while todo:
        item, in_context, is_context = todo.pop()
        if isinstance(item, dict):
            size += 2
            nodes += not in_context
            if is_context:
                terms += len(item)
            if in_context and isinstance(item.get("@context"), dict):
                scoped += len(item["@context"])
            for key, inner in item.items():
                size += len(key) + 4
                if key == "@context" and not in_context:
                    given = orjson.dumps(inner)
                    if given in seen:  # processed already: the processor's own cache
                        terms += 1
                        size += len(given)
                        continue
                    seen.add(given)
                todo.append((inner, in_context or key == "@context", key == "@context"))
        elif isinstance(item, list):
            size += 2
            todo.extend((inner, in_context, is_context) for inner in item)
        elif isinstance(item, str):
            size += len(item) + 3
            if is_context:
                terms += _bundled_terms() if is_schema_context(item) else 1
        else:
            size += 8
    steps = nodes * _NODE_STEPS + terms * _TERM_STEPS + nodes * scoped * _SCOPED_STEPS
    return steps, size


@functools.cache
def _bundled_terms() -> int:
    return len(_schema_context()["@context"])


def _root_cause(exc: BaseException) -> BaseException:
    while True:
        inner = getattr(exc, "cause", None) or exc.__cause__
        if inner is None or inner is exc:
            return exc
        exc = inner


class _NotSimple(Exception):
    """A document uses something the direct expansion leaves to pyld."""


_GEN_DELIMS = tuple(":/?#[]@")
_KEYWORD_FORM = re.compile(r"@[A-Za-z]+")
_VALUE_KEYS = frozenset({"@value", "@language", "@type", "@direction"})


class _Context:
    """A simple active context: a vocabulary, prefixes, keyword aliases and plain terms.

    That is all our context and schema.org's use. Anything more (scoped contexts,
    containers, ``@base``, a default language, protection, imports) is left to pyld.
    """

    def __init__(self) -> None:
        self.vocab: str | None = None
        self.prefixes: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.terms: dict[str, tuple[str, str | None]] = {}  # term -> (IRI, type mapping)

    def extended(self, context: Any) -> _Context:
        """This context with ``context`` (a URL, a map, a list of them) processed over it."""
        if isinstance(context, list):
            active = self
            for item in context:
                active = active.extended(item)
            return active
        if isinstance(context, str):
            if not is_schema_context(context):
                raise _NotSimple
            return _schema_org_context()
        if not isinstance(context, dict):
            raise _NotSimple
        active = _Context()
        active.vocab = self.vocab
        active.prefixes = dict(self.prefixes)
        active.aliases = dict(self.aliases)
        active.terms = dict(self.terms)
        for key, definition in context.items():
            if key == "@version":
                continue
            if key == "@vocab":
                if not isinstance(definition, str) or ":" not in definition:
                    raise _NotSimple
                active.vocab = definition
            elif key.startswith(("@", "_:")) or "://" in key or not key:
                raise _NotSimple
            elif isinstance(definition, str) and definition.startswith("@"):
                if definition not in ("@type", "@id"):
                    raise _NotSimple
                active.aliases[key] = definition
            elif isinstance(definition, str):
                active.terms[key] = (definition, None)
                if definition.endswith(_GEN_DELIMS):
                    active.prefixes[key] = definition
            elif isinstance(definition, dict) and set(definition) <= {"@id", "@type"}:
                iri, kind = definition.get("@id"), definition.get("@type")
                if (
                    not isinstance(iri, str)
                    or iri.startswith("@")
                    or (kind is not None and not isinstance(kind, str))
                ):
                    raise _NotSimple
                active.terms[key] = (iri, kind)
            else:
                raise _NotSimple
        # Compact and relative IRIs in definitions, resolved once every prefix is known.
        active.terms = {
            key: (
                active.definition_iri(iri),
                kind if kind is None or kind.startswith("@") else active.definition_iri(kind),
            )
            for key, (iri, kind) in active.terms.items()
        }
        # A term that is itself a compact IRI (oa:start) must name what its prefix makes of it.
        for key in context:
            if ":" in key and (
                key.partition(":")[0] not in active.prefixes
                or active.terms[key][0] != active.resolve(key)
            ):
                raise _NotSimple
        return active

    def definition_iri(self, value: str) -> str:
        if ":" in value:
            return self.resolve(value)
        if self.vocab is None:
            raise _NotSimple
        return self.vocab + value

    def resolve(self, value: str) -> str:
        """A compact IRI (``schema:name``) expanded; anything else as it is."""
        prefix, colon, suffix = value.partition(":")
        if colon and prefix in self.prefixes and not suffix.startswith("//"):
            return self.prefixes[prefix] + suffix
        return value

    def key(self, key: str) -> str:
        """A key as a keyword or an absolute IRI, the way pyld expands it."""
        if key in self.aliases:
            return self.aliases[key]
        if key.startswith("@"):
            return key
        if key in self.terms:
            return self.terms[key][0]
        if ":" in key:
            if key.startswith("_:"):
                raise _NotSimple
            return self.resolve(key)
        if self.vocab is None:
            raise _NotSimple  # pyld drops such a key
        return self.vocab + key

    def document_iri(self, value: Any) -> str:
        if not isinstance(value, str) or _KEYWORD_FORM.fullmatch(value):
            raise _NotSimple  # a handle (@site) has a keyword's form: a processor drops it
        return self.resolve(value) if ":" in value else value  # no base: relative stays so


@functools.cache
def _schema_org_context() -> _Context:
    return _Context().extended(_schema_context()["@context"])


def _expand_direct(document: Any) -> list[dict[str, Any]]:
    """Expand a document whose contexts are simple, as pyld would, in one walk."""
    items = document if isinstance(document, list) else [document]
    expanded: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict) or "@context" not in item:
            raise _NotSimple
        active = _Context().extended(item["@context"])
        node = _node(item, active, top=True)
        if set(node) == {"@graph"}:
            expanded.extend(node["@graph"])
        elif set(node) - {"@id"}:
            expanded.append(node)
        else:
            raise _NotSimple  # pyld drops an empty or free-floating node
    return expanded


def _node(value: dict[str, Any], active: _Context, *, top: bool = False) -> dict[str, Any]:
    node: dict[str, Any] = {}
    for key in sorted(value):  # pyld goes through keys in order, merging equal IRIs
        inner = value[key]
        if key == "@context":
            if not top and not _changes_nothing(inner, active):
                raise _NotSimple
            continue
        name = active.key(key)
        if name == "@id":
            if "@id" in node:
                raise _NotSimple
            node["@id"] = active.document_iri(inner)
        elif name == "@type":
            if "@type" in node:
                raise _NotSimple
            kinds = inner if isinstance(inner, list) else [inner]
            node["@type"] = [
                active.key(kind) if isinstance(kind, str) else _fail() for kind in kinds
            ]
        elif name == "@graph":
            graph = inner if isinstance(inner, list) else [inner]
            node["@graph"] = [
                _node(item, active) if isinstance(item, dict) else _fail() for item in graph
            ]
        elif name.startswith("@"):
            raise _NotSimple
        elif inner is not None:
            kind = active.terms.get(key, (None, None))[1]
            values = node.setdefault(name, [])
            for item in inner if isinstance(inner, list) else [inner]:
                values.append(_value(item, active, kind))
    return node


def _value(value: Any, active: _Context, kind: str | None) -> Any:
    if value is None or isinstance(value, list):
        raise _NotSimple  # pyld drops nulls in lists, and flattens lists of lists
    if isinstance(value, (str, int, float)):  # bool is an int
        if kind == "@id" and isinstance(value, str):
            return {"@id": active.document_iri(value)}
        if kind is None or kind.startswith("@"):
            if kind is not None and kind != "@id":
                raise _NotSimple
            return {"@value": value}
        return {"@value": value, "@type": kind}
    if not isinstance(value, dict):
        raise _NotSimple
    keys = {active.key(key) if not key.startswith("@") else key: key for key in value}
    if "@value" in keys:
        if not set(keys) <= _VALUE_KEYS or value[keys["@value"]] is None:
            raise _NotSimple
        literal = value[keys["@value"]]
        found: dict[str, Any] = {"@value": literal}
        if "@language" in keys:
            language = value[keys["@language"]]
            if not isinstance(language, str) or not isinstance(literal, str):
                raise _NotSimple
            found["@language"] = language.lower()
        if "@type" in keys:
            datatype = value[keys["@type"]]
            if not isinstance(datatype, str) or "@language" in keys:
                raise _NotSimple
            found["@type"] = active.key(datatype)
        if "@direction" in keys:
            found["@direction"] = value[keys["@direction"]]
        return found
    if "@list" in keys:
        if len(keys) != 1 or not isinstance(value[keys["@list"]], list):
            raise _NotSimple
        return {"@list": [_value(item, active, kind) for item in value[keys["@list"]]]}
    if set(keys) & {"@set", "@reverse", "@index", "@nest", "@included"}:
        raise _NotSimple
    if "@context" in keys and not _changes_nothing(value[keys["@context"]], active):
        raise _NotSimple
    return _node(value, active)


def _changes_nothing(context: Any, active: _Context) -> bool:
    """Whether a node's own context is schema.org's where schema.org's is the active one.

    Publishers name it again on nested nodes (``"publisher": {"@context": "https://schema.org",
    …}``); processed over itself, it leaves every term as it was.
    """
    return (
        isinstance(context, str) and is_schema_context(context) and active is _schema_org_context()
    )


def _fail() -> Any:
    raise _NotSimple


_SCHEMA_PREFIXES = (SCHEMA, SCHEMA_HTTP, "https://www.schema.org/", "http://www.schema.org/")
"""The IRIs schema.org's terms are expanded to: http or https, and with ``www.`` where a
page's ``@vocab`` says so."""


def local(iri: str) -> str | None:
    """The schema.org term an IRI names (http or https, ``www.`` or not), or None."""
    for prefix in _SCHEMA_PREFIXES:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def iris(term: str) -> tuple[str, ...]:
    """The full IRIs a term may have been expanded to."""
    if term.startswith("ns:"):
        return (NS + term[3:],)
    if term.startswith("oa:"):
        return (OA + term[3:],)
    return tuple(prefix + term for prefix in _SCHEMA_PREFIXES)


def types_of(node: dict[str, Any]) -> set[str]:
    """The types of an expanded node: schema.org's by their names, ours as ``ns:...``."""
    names = set()
    for iri in node.get("@type", ()):
        if not isinstance(iri, str):  # pyld expands a type term defined as null to None
            continue
        name = local(iri)
        names.add(name if name is not None else iri.replace(NS, "ns:").replace(OA, "oa:"))
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
