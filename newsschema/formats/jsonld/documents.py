"""JSON-LD documents: the article nodes found in them, each read by the reader it needs.

Our own documents, exactly as written, are read from their compact form; any other is
expanded, its article nodes found, and each read by :class:`~.read.ArticleReader` (ours) or
:class:`~.markup.MarkupReader` (a publisher's), the rest of the graph reported as not kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from newsschema.errors import ValidationError
from newsschema.formats._base import Note, Record, foreign_record
from newsschema.formats.json import read_document
from newsschema.formats.jsonld import markup
from newsschema.formats.jsonld.compact import own_records
from newsschema.formats.jsonld.expand import Graph, expand_all, types_of
from newsschema.formats.jsonld.read import ArticleReader
from newsschema.formats.jsonld.write import NS
from newsschema.limits import DEFAULT_LIMITS, Limits

__all__ = ["articles_from_documents", "read"]


def read(
    stream: BinaryIO, *, strict: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Record]:
    """Read the articles in a JSON-LD document (a node, an array, or a ``@graph``)."""
    document, failed = read_document(stream, limits)
    if failed is not None:
        yield failed
        return
    yield from articles_from_documents([document], strict=strict, limits=limits)


def articles_from_documents(
    documents: list[Any],
    *,
    strict: bool = False,
    where: str = "",
    page: Any = None,
    limits: Limits = DEFAULT_LIMITS,
    names: list[str] | None = None,
) -> Iterator[Record]:
    """Find the article nodes in JSON-LD documents and read each one.

    Several documents (the blocks of a web page) are read as one graph, so that a node in
    one may refer to a node in another. ``page`` (a :class:`~newsschema.formats.jsonld.
    markup.Page`) supplies what a publisher's markup lacks. Nodes that are not articles and
    that no article refers to are reported as not kept.
    """
    if len(documents) == 1 and page is None:
        records = own_records(documents[0])
        if records is not None:  # ours, exactly as written: no expansion needed
            for index, record in enumerate(records):
                yield Record(record, f"{where}[{index}]" if len(records) > 1 else where)
            return
    passed: list[str] | None = [] if page is not None else None  # a page reads on past a block
    try:
        nodes = expand_all(documents, limits, names=names, passed_over=passed)  # one budget
    except ValidationError as exc:
        yield Record(None, where, error=exc)
        return
    graph = Graph(nodes)
    found = markup.find_articles(graph)
    merging: list[str] = []
    absorbed = {id(node) for node in found}
    if page is not None:  # a page is one article, however many nodes its markup has for it
        found = markup.same_page_merged(graph, found, merging, page)
    if not found and page is not None and page.is_article():
        found = [{}]  # no markup for the article: the page alone describes it
    if not found:
        if not graph.tops and page is None:
            return  # an empty graph: no articles, and nothing else either
        kinds = sorted({name for node in graph.tops for name in types_of(node)}) or ["none"]
        message = (
            f"no article node (NewsArticle, Article, BlogPosting, ...); found: {', '.join(kinds)}"
        )
        if page is not None:
            message = f"not an article: the page has no main text, and its markup has {message}"
        yield Record(None, where, error=ValidationError.single("", message))
        return
    readers: list[ArticleReader] = [
        ArticleReader(graph, node)
        if NS + "schemaVersion" in node
        else markup.MarkupReader(graph, node, page if index == 0 else None)
        for index, node in enumerate(found)
    ]
    results: list[dict[str, Any] | ValidationError] = []
    for reader in readers:
        try:
            results.append(reader.record())
        except ValidationError as exc:
            results.append(exc)
    markup.distinct_ids(readers, results)
    used = {iri for reader in readers for iri in reader.used_nodes}
    chosen = {id(node) for node in found} | absorbed
    others = sorted(
        {
            name
            for node in graph.tops
            if id(graph.node(node)) not in chosen and node.get("@id") not in used
            for name in types_of(node) or {"an untyped node"}
        }
    )
    for index, (reader, result) in enumerate(zip(readers, results, strict=True)):
        place = f"{where}[{index}]" if len(found) > 1 else where
        if isinstance(result, ValidationError):
            yield Record(None, place, error=result)
            continue
        notes = (
            [*(passed or []), *merging, *reader.warnings] if index == 0 else list(reader.warnings)
        )
        if index == 0 and others:
            others_said = f"nodes that are not articles were not kept: {', '.join(others)}"
            notes.append(Note(others_said))  # the page's own (a menu, a breadcrumb): a note
        yield foreign_record(result, place, tuple(notes), strict)
