"""Every rule an article must keep, checked in one place and reported all at once.

Two passes. The first checks each field on its own: its type, and the rule its name
carries (an id is not empty, a language is a BCP 47 tag, a url is absolute, an offset
is not negative). The second, run only on well-typed data, checks the article as a
whole: ids are unique, references resolve to the right kind of thing, spans lie inside
their paragraphs, quotes match their text, phases run in order, dates do not go back.

In stages: :mod:`.values` holds the rules of single values (ids, language tags, urls,
codes), :mod:`.fields` the first pass, :mod:`.whole` the second.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import attrs

from newsschema.checks.fields import (
    RULE_ONLY_IN,
    Checker,
    check_float,
    check_integer,
    check_moment,
    check_number,
    check_published,
    check_text,
    checker,
    field_rule,
    keeps_rules,
    optional,
    passes_for_type,
)
from newsschema.checks.values import (
    BIDI_CONTROLS,
    CONTROLS,
    INT64_MAX,
    INT64_MIN,
    SURROGATE,
    at_least,
    bound_langcodes,
    canonical_case,
    code_problem,
    fraction_problem,
    id_problem,
    is_web_url,
    language_tag_problem,
    likely_script,
    media_type_problem,
    not_blank,
    published_problem,
    unit_code_problem,
    uri_problem,
    url_problem,
)
from newsschema.checks.whole import (
    WholeArticle,
    certainly_before,
    goes_back,
)
from newsschema.dates import PartialDate
from newsschema.errors import Problem, ValidationError
from newsschema.model import Article, hold_articles_to

__all__ = [
    "BIDI_CONTROLS",
    "CONTROLS",
    "INT64_MAX",
    "INT64_MIN",
    "RULE_ONLY_IN",
    "SURROGATE",
    "TYPES_CHECKED",
    "Checker",
    "at_least",
    "bound_langcodes",
    "canonical_case",
    "certainly_before",
    "check_float",
    "check_integer",
    "check_moment",
    "check_number",
    "check_published",
    "check_text",
    "checker",
    "code_problem",
    "field_passes",
    "field_rule",
    "find_problems",
    "fraction_problem",
    "goes_back",
    "id_problem",
    "is_web_url",
    "keeps_rules",
    "language_tag_problem",
    "likely_script",
    "media_type_problem",
    "not_blank",
    "optional",
    "passes_for_type",
    "published_problem",
    "raise_article_problems",
    "raise_problems",
    "unit_code_problem",
    "uri_problem",
    "url_problem",
]

TYPES_CHECKED: ContextVar[bool] = ContextVar("TYPES_CHECKED", default=False)
"""Set by the converter while it builds an article whose every value it has type-checked."""


def raise_problems(article: Article) -> None:
    """Raise a :class:`ValidationError` listing every problem, if there are any."""
    problems = find_problems(article)
    if problems:
        raise ValidationError(problems)


def raise_article_problems(article: Article) -> None:
    """Raise the problems of the article as a whole, when its fields are known to be good.

    For an article whose every field was checked, type and rule, as it was built (see
    :func:`field_passes`): only the rules that relate its parts are left.
    """
    problems: list[Problem] = []
    WholeArticle(article, problems).run()
    if problems:
        raise ValidationError(problems)


def field_passes(cls: type, name: str, kind: Any) -> Callable[[Any], bool] | None:
    """A quick test that a well-typed value of one field keeps its rule (None: it has none).

    The parts of the model that a field holds (an entity, a list of spans) are left out:
    each is tested as its own fields are.
    """
    item = typing.get_args(kind)[0] if typing.get_origin(kind) is tuple else kind
    held = [arg for arg in typing.get_args(item) if arg is not type(None)] or [item]
    if any(attrs.has(part) and part is not PartialDate for part in held):
        return None
    return passes_for_type(kind, field_rule(cls, name))


def find_problems(article: Article) -> list[Problem]:
    """Return every problem with ``article``, in a stable order (empty when valid)."""
    typed = TYPES_CHECKED.get()
    keeps = keeps_rules(Article)
    if typed and keeps is not None and keeps(article):
        problems: list[Problem] = []  # the common case: no paths to build, straight on
    else:
        found = _Findings()
        checker(Article, typed)(article, "", found)
        problems = [*found, *found.rules]
        if found:
            return problems  # the whole-article rules need well-typed data
    WholeArticle(article, problems).run()
    return problems


class _Findings(list[Problem]):
    """Problems of type, and apart from them (in ``rules``) the rules fields break."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: list[Problem] = []


hold_articles_to(raise_problems)
