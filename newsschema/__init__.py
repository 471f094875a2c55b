"""newsschema: news articles as typed, validated data, moved without loss between formats."""

from typing import TYPE_CHECKING, Any

from newsschema._version import __version__

if TYPE_CHECKING:  # what the names below are; imported when first used (start-up is measured)
    from newsschema.annotate import anchor, confirm, suggest
    from newsschema.dates import PartialDate
    from newsschema.errors import (
        FormatError,
        NotKeptWarning,
        PassedOverWarning,
        Problem,
        ValidationError,
    )
    from newsschema.io import ReadOptions, WriteOptions, dump, dumps, load, loads, read, write
    from newsschema.limits import Limits
    from newsschema.model import (
        SCHEMA_VERSION,
        Article,
        ArticleKind,
        Campaign,
        CampaignPhase,
        Channel,
        Comment,
        Dateline,
        Entity,
        EntityKind,
        Event,
        LanguageMap,
        Media,
        MediaKind,
        Method,
        Provenance,
        Published,
        Qualifier,
        Quote,
        QuoteKind,
        Section,
        Span,
        Statistic,
        Subject,
        Suggestion,
    )

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleKind",
    "Campaign",
    "CampaignPhase",
    "Channel",
    "Comment",
    "Dateline",
    "Entity",
    "EntityKind",
    "Event",
    "FormatError",
    "LanguageMap",
    "Limits",
    "Media",
    "MediaKind",
    "Method",
    "NotKeptWarning",
    "PartialDate",
    "PassedOverWarning",
    "Problem",
    "Provenance",
    "Published",
    "Qualifier",
    "Quote",
    "QuoteKind",
    "ReadOptions",
    "Section",
    "Span",
    "Statistic",
    "Subject",
    "Suggestion",
    "ValidationError",
    "WriteOptions",
    "__version__",
    "anchor",
    "confirm",
    "dump",
    "dumps",
    "load",
    "loads",
    "read",
    "suggest",
    "write",
]


_WHERE = {
    "PartialDate": "newsschema.dates",
    "FormatError": "newsschema.errors",
    "NotKeptWarning": "newsschema.errors",
    "PassedOverWarning": "newsschema.errors",
    "Problem": "newsschema.errors",
    "ValidationError": "newsschema.errors",
    "Limits": "newsschema.limits",
    "suggest": "newsschema.annotate",
    "anchor": "newsschema.annotate",
    "confirm": "newsschema.annotate",
    **dict.fromkeys(
        ("ReadOptions", "WriteOptions", "dump", "dumps", "load", "loads", "read", "write"),
        "newsschema.io",
    ),
}
"""The module of each name that is not the model's."""


def __getattr__(name: str) -> Any:
    """Import a name's module when the name is first used, and keep it here."""
    import importlib

    if name not in __all__ or name == "__version__":
        raise AttributeError(f"module 'newsschema' has no attribute {name!r}")
    importlib.import_module("newsschema.checks")  # every article is held to the rules
    found = getattr(importlib.import_module(_WHERE.get(name, "newsschema.model")), name)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted(__all__)
