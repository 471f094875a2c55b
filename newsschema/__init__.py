"""newsschema: news articles as typed, validated data, moved without loss between formats."""

from importlib.metadata import PackageNotFoundError, version

from newsschema.dates import PartialDate
from newsschema.errors import FormatError, Problem, ValidationError
from newsschema.io import dump, dumps, load, loads, read, write
from newsschema.model import (
    SCHEMA_VERSION,
    Article,
    Campaign,
    CampaignPhase,
    Channel,
    Comment,
    Dateline,
    Entity,
    EntityKind,
    Event,
    LanguageMap,
    Method,
    Provenance,
    Qualifier,
    Quote,
    QuoteKind,
    Section,
    Span,
    Statistic,
)

try:
    __version__ = version("newsschema")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
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
    "Method",
    "PartialDate",
    "Problem",
    "Provenance",
    "Qualifier",
    "Quote",
    "QuoteKind",
    "Section",
    "Span",
    "Statistic",
    "ValidationError",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    "read",
    "write",
]
