"""Suggested annotations of an article's text, by rules and tables (no model is downloaded).

A package of stages:

- :mod:`~newsschema.annotate.languages`: a table per language for figures (qualifiers, scale
  and number words, currencies, months, words that end a figure's unit);
- :mod:`~newsschema.annotate.speech`: a table per language for quotes (quotation marks, cue
  verbs with their prefixes, complementisers, titles and organisations' words);
- :mod:`~newsschema.annotate.figures`: the figures an article's paragraphs cite;
- :mod:`~newsschema.annotate.quotes`: its quotes, and the phrases that name their speakers;
- :mod:`~newsschema.annotate.speakers`: who those phrases name, of what kind (from
  evidence), and whom a pronoun means;
- :mod:`~newsschema.annotate.suggest`: what goes into the article, marked as suggested, and
  confirming it;
- :mod:`~newsschema.annotate.anchor`: the spans of annotations given by their words alone.

English and Arabic have tables; a new language is a new table of each kind and its tests.
"""

from __future__ import annotations

from newsschema.annotate.anchor import anchor
from newsschema.annotate.suggest import KINDS, confirm, suggest, suggests_in

__all__ = ["KINDS", "anchor", "confirm", "suggest", "suggests_in"]
