"""Suggested annotations of an article's text, by rules and tables (no model is downloaded).

A package of stages, as the issue "The model's heart" lays them out:

- :mod:`~newsschema.annotate.languages`: a table per language (qualifiers, scale and number
  words, currencies, months, words that end a figure's unit), English and Arabic first;
- :mod:`~newsschema.annotate.figures`: the figures an article's paragraphs cite.

Quotes, speakers and anchoring by words come next; until suggestions carry their mark in
every format, what is found here is not written into articles.
"""

from __future__ import annotations

__all__: list[str] = []
