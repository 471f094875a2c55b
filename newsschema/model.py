"""The article model: frozen attrs classes that know no wire format.

An :class:`Article` is checked as a whole when it is built (see :mod:`newsschema.checks`,
which installs its rules here with :func:`hold_articles_to`), so every ``Article`` that
exists is valid. Its parts are plain values until then.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, ItemsView, Iterator, Mapping
from typing import TypeAlias

import attrs

from newsschema.dates import PartialDate

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
    "LanguageMap",
    "Media",
    "MediaKind",
    "Method",
    "Provenance",
    "Published",
    "Qualifier",
    "Quote",
    "QuoteKind",
    "Section",
    "Span",
    "Statistic",
    "Subject",
    "Suggestion",
    "hold_articles_to",
    "unsupported_version",
]

SCHEMA_VERSION = 1
"""The version of the model that this library reads and writes."""


def unsupported_version(found: object) -> str:
    """Say, in every format's errors alike, that a schema version is not the one read here."""
    return f"schema_version {found!r} is not supported (this newsschema reads {SCHEMA_VERSION})"


Number: TypeAlias = int | float

Published: TypeAlias = dt.datetime | PartialDate
"""When something was published: a moment with its UTC offset, or only the day, month or year.

A source that gives only the day (``2021-12-09``) is held as a :class:`PartialDate`, never
with an invented time or offset.
"""


def _moment_key(moment: dt.datetime | PartialDate | None) -> object:
    """Compare datetimes by instant *and* UTC offset, so that a lost offset shows."""
    if isinstance(moment, dt.datetime):
        return (moment, moment.utcoffset())
    return moment


def _number_key(number: Number | None) -> object:
    """Compare numbers exactly: 1 is not 1.0, and 0.0 is not -0.0."""
    return (type(number), repr(number))


class ArticleKind(str, enum.Enum):
    """What kind of piece an article is: its genre, as schema.org's Article types tell them.

    Each kind is one schema.org type (see ``docs/model.md`` for the table, and for the
    IPTC genres they match); an article of no known kind has None.
    """

    NEWS = "news"
    """A news report (NewsArticle)."""
    ANALYSIS = "analysis"
    """Interpretation of the news (AnalysisNewsArticle)."""
    OPINION = "opinion"
    """The writer's own view: columns, editorials (OpinionNewsArticle)."""
    REPORTAGE = "reportage"
    """First-hand reporting from the scene (ReportageNewsArticle)."""
    REVIEW = "review"
    """A critic's review (ReviewNewsArticle)."""
    BACKGROUND = "background"
    """Context for the news: explainers, timelines (BackgroundNewsArticle)."""
    ASK_PUBLIC = "ask_public"
    """A question put to the readers (AskPublicNewsArticle)."""
    SATIRE = "satire"
    """Satire (SatiricalArticle)."""
    LIVE_BLOG = "live_blog"
    """A live blog: updates posted as an event unfolds (LiveBlogPosting)."""
    BLOG_POST = "blog_post"
    """A blog post (BlogPosting)."""
    REPORT = "report"
    """A report, such as an agency's or a government's (Report)."""
    SCHOLARLY = "scholarly"
    """A scholarly article (ScholarlyArticle)."""
    TECH = "tech"
    """A technical article: a how-to, documentation (TechArticle)."""
    SOCIAL_MEDIA = "social_media"
    """A post on social media (SocialMediaPosting)."""
    FORUM_POST = "forum_post"
    """A post in a discussion forum (DiscussionForumPosting)."""
    ADVERTISER_CONTENT = "advertiser_content"
    """Content paid for by an advertiser: sponsored, native advertising
    (AdvertiserContentArticle)."""
    ARTICLE = "article"
    """An article of no more particular kind (Article)."""


class MediaKind(str, enum.Enum):
    """What a media item is."""

    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


class EntityKind(str, enum.Enum):
    """What kind of thing an entity is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"
    """An armed or informal group that is not an organization with a legal existence."""
    OTHER = "other"


class QuoteKind(str, enum.Enum):
    """How a quotation is reported."""

    DIRECT = "direct"
    """The speaker's words, in quotation marks."""
    INDIRECT = "indirect"
    """Reported speech: what was said, in the writer's words."""
    MIXED = "mixed"
    """Reported speech with quoted fragments."""


class Channel(str, enum.Enum):
    """Where or how something was said."""

    STATEMENT = "statement"
    PRESS_RELEASE = "press_release"
    PRESS_CONFERENCE = "press_conference"
    INTERVIEW = "interview"
    SPEECH = "speech"
    TWEET = "tweet"
    SOCIAL_MEDIA = "social_media"
    REPORT = "report"
    OTHER = "other"


class Qualifier(str, enum.Enum):
    """How exact a figure is, as the text gives it."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    """From ``value`` to ``value_max``."""


class Method(str, enum.Enum):
    """How an article's annotations were made."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"
    MIXED = "mixed"


class LanguageMap(Mapping[str, str]):
    """An immutable, ordered mapping from BCP 47 language tags to text.

    ``LanguageMap({"en": "Baghdad", "fr": "Bagdad"})``. Equal to any mapping with the same
    items, in any order; hashable alike; keeps the order it was given (canonical JSON
    writes it in the order of its tags, so that equal maps give the same bytes). The tags
    are checked when the map becomes part of an :class:`Article`.
    """

    __slots__ = ("_items",)

    _items: dict[str, str]

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, tag: str) -> str:
        return self._items[tag]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> ItemsView[str, str]:
        """The (tag, text) pairs, in order."""
        return self._items.items()

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))  # equal maps, in any order, hash alike

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LanguageMap):
            return self._items == other._items
        return isinstance(other, Mapping) and self._items == dict(other)

    def __repr__(self) -> str:
        return f"LanguageMap({self._items!r})"


def _language_map(value: Mapping[str, str] | None) -> LanguageMap:
    """A mapping (or None) as a language map.

    Anything else is left as it is for the checks, which say where it is and what is wrong
    (``Entity(labels="N")``), as for every other field.
    """
    if isinstance(value, LanguageMap):
        return value
    if value is None or isinstance(value, Mapping):
        return LanguageMap(value)
    return value


_NO_LABELS = LanguageMap()


def _listed(value: object) -> object:
    """A list given where the model holds a tuple, taken as the tuple of its items.

    Anything else is left for the checks, which say what is wrong with it; the elements are
    checked as strictly as ever.
    """
    return tuple(value) if type(value) is list else value


def _lists_taken(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]:  # type: ignore[type-arg]
    """Let every tuple field take a list, as attrs users expect (``keywords=["a"]``)."""
    return [
        field.evolve(converter=_listed)
        if field.converter is None and str(field.type).startswith("tuple[")
        else field
        for field in fields
    ]


_ARTICLE_CHECK: list[Callable[[Article], None]] = []
"""The rules every article is held to when built, put here by :mod:`newsschema.checks`
(which builds on this module, so that this one needs nothing above it)."""


def hold_articles_to(check: Callable[[Article], None]) -> None:
    """Make ``check`` run on every :class:`Article` built; it raises what is wrong."""
    _ARTICLE_CHECK[:] = [check]


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Span:
    """A stretch of one paragraph: code points ``start`` up to (not including) ``end``.

    Offsets count Unicode code points of the paragraph exactly as stored, the way Python
    indexes a ``str``; ``paragraph`` numbers paragraphs across the whole body from 0.

    Attributes:
        paragraph: the paragraph's number, counted from 0 across the whole body.
        start: the first code point, counted from 0.
        end: the code point after the last one; more than ``start``.
    """

    paragraph: int
    start: int
    end: int


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Section:
    """A run of paragraphs under one sub-heading (None for the lead, before any heading).

    A live blog's updates are sections too, each with the time it was posted.

    Attributes:
        heading: the sub-heading as written, or None.
        paragraphs: the paragraphs' text, exactly as written.
        date_published: when it was posted, for an update of a live blog.
    """

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    date_published: Published | None = attrs.field(default=None, eq=_moment_key)


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Dateline:
    """Where (and as what words) the article says it was filed.

    Attributes:
        text: the dateline as written, such as ``بغداد``.
        place: the id of the place entity it names, when resolved.
        span: where the dateline stands in the body, when it is part of a paragraph.
    """

    text: str
    place: str | None = None
    span: Span | None = None


def _confidence(value: object) -> object:
    """An integer confidence (0 or 1) taken as the float it stands for; the rest, as given."""
    return float(value) if type(value) is int else value


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Suggestion:
    """The mark of an annotation that a program suggested and no person has confirmed.

    An entity, quote or figure that carries one was found by rules (``newsschema
    annotate``), a model or another tool; confirming it is dropping the mark
    (:func:`newsschema.confirm`). Annotations without it are confirmed work, which a
    suggester never changes.

    Attributes:
        rule: what suggested it: the rule's name (``quotes.en.direct``), or a tool's.
        confidence: how sure the suggester is, from 0 to 1.
    """

    rule: str
    confidence: float = attrs.field(converter=_confidence)


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Entity:
    """A person, organization, place or group that the article mentions.

    Attributes:
        id: unique within the article.
        kind: what it is.
        name: its name in the article's language.
        labels: its name in other languages.
        title: the role it held at the time, as the article gives it.
        url: its own page: a writer's page on the publisher's site, an organization's home.
        same_as: URIs of the same thing elsewhere (Wikidata and the like).
        mentions: where the article mentions it.
        suggested: set while the entity is a program's suggestion, not yet confirmed.
    """

    id: str
    kind: EntityKind
    name: str
    labels: LanguageMap = attrs.field(default=_NO_LABELS, converter=_language_map)
    title: str | None = None
    url: str | None = None
    same_as: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    suggested: Suggestion | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Subject:
    """A topic the article is about, by name, by a code from a scheme, or by a URI.

    At least one of the three is given: ``Subject(name="Politics", code="medtop:11000000",
    uri="http://cv.iptc.org/newscodes/mediatopic/11000000")``.

    Attributes:
        name: the topic's name, in the article's language.
        code: its code, led by its scheme's alias (``medtop:11000000`` for an IPTC media topic).
        uri: the URI that names it (IPTC, Wikidata, a publisher's tag page).
        labels: its name in other languages.
    """

    name: str | None = None
    code: str | None = None
    uri: str | None = None
    labels: LanguageMap = attrs.field(default=_NO_LABELS, converter=_language_map)


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Media:
    """A picture, video or sound that goes with the article.

    Attributes:
        url: where it is: an absolute http or https address.
        kind: image, video, audio or other.
        caption: its caption, as published.
        credit: who made it or holds its rights, as credited.
        width: its width in pixels.
        height: its height in pixels.
        content_type: its media type, such as ``image/jpeg``.
    """

    url: str
    kind: MediaKind = MediaKind.IMAGE
    caption: str | None = None
    credit: str | None = None
    width: int | None = None
    height: int | None = None
    content_type: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Quote:
    """Something the article reports as said, and by whom.

    Attributes:
        id: unique within the article.
        text: what was said; for a direct quote with one span, exactly the span's text.
        speaker: the id of the person, organization or group who said it, or None when
            the article does not say.
        kind: direct, indirect or mixed.
        channel: where it was said, when the article says.
        date: when it was said, when the article says.
        cue: the reporting verb as written (قال, أضاف, said).
        spans: where it stands; several for a quote split by the writer.
        suggested: set while the quote is a program's suggestion, not yet confirmed.
    """

    id: str
    text: str
    kind: QuoteKind
    speaker: str | None = None
    channel: Channel | None = None
    date: PartialDate | None = None
    cue: str | None = None
    spans: tuple[Span, ...] = ()
    suggested: Suggestion | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Statistic:
    """A figure the article cites.

    Attributes:
        id: unique within the article.
        value: the figure; an int stays an int.
        qualifier: how exact the text says it is.
        value_max: the upper end, for a range.
        unit: the unit as written (جندي, km²).
        unit_code: the UN/CEFACT Recommendation 20 code of the unit, such as KMK.
        measure: what is counted, in plain words.
        subject: the id of the entity the figure is about.
        source: the id of the entity the figure comes from.
        date: the time the figure describes.
        spans: where the figure stands.
        suggested: set while the figure is a program's suggestion, not yet confirmed.
    """

    id: str
    value: Number = attrs.field(eq=_number_key)
    qualifier: Qualifier
    value_max: Number | None = attrs.field(default=None, eq=_number_key)
    unit: str | None = None
    unit_code: str | None = None
    measure: str | None = None
    subject: str | None = None
    source: str | None = None
    date: PartialDate | None = None
    spans: tuple[Span, ...] = ()
    suggested: Suggestion | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class CampaignPhase:
    """One phase of a campaign, numbered from 1 in order.

    Attributes:
        ordinal: its place in the campaign, 1 to n with no gaps.
        name: its name as the article gives it.
        labels: its name in other languages.
        start: when it began.
        end: when it ended.
        description: what happened in it, in a few words.
        spans: where the article recounts it.
    """

    ordinal: int
    name: str
    labels: LanguageMap = attrs.field(default=_NO_LABELS, converter=_language_map)
    start: PartialDate | None = None
    end: PartialDate | None = None
    description: str | None = None
    spans: tuple[Span, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Campaign:
    """A campaign (military, political, ...) that the article recounts, with its phases.

    Attributes:
        id: unique within the article.
        name: its name in the article's language.
        labels: its name in other languages.
        start: when it began.
        end: when it ended.
        phases: its phases, in order.
        spans: where the article names it.
    """

    id: str
    name: str
    labels: LanguageMap = attrs.field(default=_NO_LABELS, converter=_language_map)
    start: PartialDate | None = None
    end: PartialDate | None = None
    phases: tuple[CampaignPhase, ...] = ()
    spans: tuple[Span, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Event:
    """A dated happening that the article recounts.

    Attributes:
        id: unique within the article.
        name: what happened, in plain words.
        date: when.
        places: ids of the places where it happened.
        participants: ids of the people, organizations and groups who took part.
        campaign: the id of the campaign it belongs to.
        phase: the ordinal of the campaign's phase it belongs to.
        spans: where the article recounts it.
    """

    id: str
    name: str
    date: PartialDate
    places: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    campaign: str | None = None
    phase: int | None = None
    spans: tuple[Span, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Comment:
    """A reader comment captured with the article.

    Attributes:
        id: unique within the article.
        text: the comment as written.
        author: the name the commenter gave.
        date_published: when it was posted.
        reply_to: the id of the comment it answers.
    """

    id: str
    text: str
    author: str | None = None
    date_published: Published | None = attrs.field(default=None, eq=_moment_key)
    reply_to: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Provenance:
    """Where the article came from and how it was annotated.

    Attributes:
        source: the publisher or site it was taken from.
        retrieved_at: when it was taken.
        annotator: who annotated it.
        method: how: by hand, by a program, or both.
        tool: the program used, with its version.
        license: the licence of the text or the annotations.
        notes: anything a later reader should know about the annotation.
        extractor: the program, with its version, that took the body from the page's
            HTML, when the body was extracted rather than given by the markup or by hand.
    """

    source: str | None = None
    retrieved_at: dt.datetime | None = attrs.field(default=None, eq=_moment_key)
    annotator: str | None = None
    method: Method | None = None
    tool: str | None = None
    license: str | None = None
    notes: str | None = None
    extractor: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_lists_taken)
class Article:
    """A news article with its annotations; checked as a whole when built.

    Attributes:
        id: a non-empty key, unique in a collection of articles.
        headline: the headline.
        alternative_headlines: other headlines in the article's language (a subtitle,
            a headline for search or social media).
        language: the BCP 47 tag of the article's language, such as ``ar``.
        kind: what kind of piece it is: news, opinion, analysis, a live blog, ...
        body: the sections in reading order; their paragraphs are numbered from 0
            across the whole body, and spans point at those numbers.
        url: the absolute http or https address of the article.
        date_published: when it was published, with its UTC offset; or only the day
            (month, year) when that is all the source gives.
        date_modified: when it was last changed, in the same way.
        dateline: where it says it was filed.
        authors: ids of the person or organization entities who wrote it.
        publisher: the id of the organization entity that published it.
        section: the section of the site or paper (Middle East, Sport, ...).
        keywords: keywords, as given.
        subjects: the topics it is about, with their codes.
        summary: a short summary.
        translations: the headline in other languages (not in the article's own).
        media: pictures, videos and sounds that go with it.
        entities: people, organizations, places and groups it mentions.
        quotes: what it reports as said.
        statistics: the figures it cites.
        campaigns: campaigns it recounts, with their phases.
        events: dated happenings it recounts.
        comments: reader comments captured with it.
        comment_count: the number of comments the page shows, which may be more
            than the comments captured.
        provenance: where it came from and how it was annotated.

    Raises:
        ValidationError: with every problem found, when the article breaks a rule
            (see :mod:`newsschema.checks`).
    """

    id: str
    headline: str
    alternative_headlines: tuple[str, ...] = ()
    language: str
    kind: ArticleKind | None = None
    body: tuple[Section, ...] = ()
    url: str | None = None
    date_published: Published | None = attrs.field(default=None, eq=_moment_key)
    date_modified: Published | None = attrs.field(default=None, eq=_moment_key)
    dateline: Dateline | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    subjects: tuple[Subject, ...] = ()
    summary: str | None = None
    translations: LanguageMap = attrs.field(default=_NO_LABELS, converter=_language_map)
    media: tuple[Media, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    events: tuple[Event, ...] = ()
    comments: tuple[Comment, ...] = ()
    comment_count: int | None = None
    provenance: Provenance | None = None

    def __attrs_post_init__(self) -> None:
        if not _ARTICLE_CHECK:
            raise RuntimeError("newsschema.checks is not loaded: import newsschema")
        _ARTICLE_CHECK[0](self)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Every paragraph of the body, in reading order; spans index this."""
        return tuple(text for section in self.body for text in section.paragraphs)
