"""JSON-LD: schema.org articles out, and back in without loss; publishers' markup in.

- :mod:`~newsschema.formats.jsonld.write`: each article as a schema.org node, in the
  context the package bundles, with no JSON-LD processor; where quotes, figures and
  mentions stand, as W3C Web Annotation selectors;
- :mod:`~newsschema.formats.jsonld.expand`: expansion, offline (directly for documents in
  our own context, with pyld for any other);
- :mod:`~newsschema.formats.jsonld.read`: reading our own documents exactly;
- :mod:`~newsschema.formats.jsonld.documents`: finding the articles in a graph, each read by
  the reader it needs;
- :mod:`~newsschema.formats.jsonld.markup`: publishers' markup, mapped as well as it maps,
  every repair and every loss reported.
"""

from __future__ import annotations

from newsschema.formats import registry
from newsschema.formats.jsonld.documents import articles_from_documents, read
from newsschema.formats.jsonld.write import CONTEXT, NS, OA, article_node, is_rtl, write

__all__ = [
    "CONTEXT",
    "FORMAT",
    "NS",
    "OA",
    "article_node",
    "articles_from_documents",
    "is_rtl",
    "read",
    "write",
]

FORMAT = registry.by_name("jsonld")
"""This format, as the registry describes it."""
