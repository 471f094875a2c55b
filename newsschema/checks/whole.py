"""The second pass: the article as a whole, once every field is known to be well typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from newsschema.dates import PartialDate
from newsschema.errors import Problem
from newsschema.model import (
    Article,
    Campaign,
    EntityKind,
    Published,
    Qualifier,
    QuoteKind,
    Span,
)

if TYPE_CHECKING:
    from newsschema.model import Entity

__all__ = [
    "certainly_before",
    "goes_back",
]

_SPEAKERS = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP)
_AUTHORS = (EntityKind.PERSON, EntityKind.ORGANIZATION)
_COLLECTIONS = ("entities", "quotes", "statistics", "campaigns", "events", "comments")


def _kinds(kinds: Sequence[EntityKind]) -> str:
    names = [kind.value for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@attrs.define
class WholeArticle:
    article: Article
    out: list[Problem]
    paragraphs: tuple[str, ...] = ()
    owners: dict[str, str] = attrs.Factory(dict)  # id -> path of the thing that has it
    entities: dict[str, Entity] = attrs.Factory(dict)

    def run(self) -> None:
        article = self.article
        self.paragraphs = article.paragraphs
        self.collect_ids()
        sizes = [len(paragraph) for paragraph in self.paragraphs]
        if not all(_fits(span, sizes) for span in _every_span(article)):  # paths only then
            for path, span in _spans(article):
                self.span(path, span)
        if article.dateline is not None:
            self.entity_ref("dateline.place", article.dateline.place, (EntityKind.PLACE,))
        for index, author in enumerate(article.authors):
            self.entity_ref(f"authors[{index}]", author, _AUTHORS)
        self.entity_ref("publisher", article.publisher, _AUTHORS)
        self.dates_in_order("date_modified", article.date_published, article.date_modified)
        self.headlines()
        self.subjects()
        self.quotes()
        self.statistics()
        for index, campaign in enumerate(article.campaigns):
            self.campaign(f"campaigns[{index}]", campaign)
        self.events()
        self.comments()

    def collect_ids(self) -> None:
        for collection in _COLLECTIONS:
            for index, item in enumerate(getattr(self.article, collection)):
                path = f"{collection}[{index}]"
                if item.id in self.owners:
                    self.problem(
                        f"{path}.id", f"{item.id!r} is already the id of {self.owners[item.id]}"
                    )
                    continue
                self.owners[item.id] = path
                if collection == "entities":
                    self.entities[item.id] = item

    def problem(self, path: str, message: str) -> None:
        self.out.append(Problem(path, message))

    def entity_ref(self, path: str, ref: str | None, kinds: Sequence[EntityKind]) -> None:
        if ref is None:
            return
        entity = self.entities.get(ref)
        if entity is None:
            elsewhere = self.owners.get(ref)
            suffix = f" ({ref!r} is the id of {elsewhere})" if elsewhere else ""
            self.problem(path, f"no entity with id {ref!r}{suffix}")
        elif entity.kind not in kinds:
            self.problem(
                path,
                f"{ref!r} is a {entity.kind.value}, but this must be a {_kinds(kinds)}",
            )

    def span(self, path: str, span: Span) -> None:
        if span.paragraph < 0 or span.start < 0 or span.end < 0:
            for name in ("paragraph", "start", "end"):
                if getattr(span, name) < 0:
                    self.problem(f"{path}.{name}", f"must be 0 or more, got {getattr(span, name)}")
            return
        if span.paragraph >= len(self.paragraphs):
            self.problem(
                path,
                f"paragraph {span.paragraph} does not exist "
                f"(the body has {len(self.paragraphs)} paragraphs)",
            )
            return
        size = len(self.paragraphs[span.paragraph])
        if span.end > size:
            self.problem(
                path,
                f"end {span.end} is past the end of paragraph {span.paragraph} ({size} characters)",
            )
        if span.start >= span.end:
            self.problem(path, f"start {span.start} is not before end {span.end}")

    def text_at(self, span: Span) -> str | None:
        if span.paragraph >= len(self.paragraphs) or not 0 <= span.start < span.end:
            return None
        paragraph = self.paragraphs[span.paragraph]
        return paragraph[span.start : span.end] if span.end <= len(paragraph) else None

    def quotes(self) -> None:
        for index, quote in enumerate(self.article.quotes):
            path = f"quotes[{index}]"
            self.entity_ref(f"{path}.speaker", quote.speaker, _SPEAKERS)
            if quote.kind is QuoteKind.DIRECT and len(quote.spans) == 1:
                found = self.text_at(quote.spans[0])
                if found is not None and found != quote.text:
                    self.problem(
                        f"{path}.text",
                        f"a direct quote must match the text at its span, which is {found!r}",
                    )

    def statistics(self) -> None:
        for index, statistic in enumerate(self.article.statistics):
            path = f"statistics[{index}]"
            self.entity_ref(f"{path}.subject", statistic.subject, tuple(EntityKind))
            self.entity_ref(f"{path}.source", statistic.source, _SPEAKERS)
            is_range = statistic.qualifier is Qualifier.RANGE
            if is_range and statistic.value_max is None:
                self.problem(f"{path}.value_max", "a range needs value_max")
            elif statistic.value_max is not None and not is_range:
                self.problem(
                    f"{path}.value_max",
                    f"value_max is only for a range, but the qualifier is "
                    f"{statistic.qualifier.value!r}",
                )
            elif statistic.value_max is not None and statistic.value_max < statistic.value:
                self.problem(
                    f"{path}.value_max",
                    f"{statistic.value_max!r} is less than value {statistic.value!r}",
                )

    def campaign(self, path: str, campaign: Campaign) -> None:
        self.partial_dates_in_order(path, campaign.start, campaign.end)
        previous: PartialDate | None = None  # the start of the last phase that has one
        for index, phase in enumerate(campaign.phases):
            phase_path = f"{path}.phases[{index}]"
            if phase.ordinal != index + 1:
                self.problem(
                    f"{phase_path}.ordinal",
                    f"phases must be numbered 1, 2, 3, ... in order: expected {index + 1}, "
                    f"got {phase.ordinal}",
                )
            self.partial_dates_in_order(phase_path, phase.start, phase.end)
            if phase.start is None:
                continue
            if previous is not None and certainly_before(phase.start, previous):
                self.problem(
                    f"{phase_path}.start",
                    f"{phase.start.edtf} goes back before the start of the phase "
                    f"before it ({previous.edtf})",
                )
            previous = phase.start

    def partial_dates_in_order(
        self, path: str, start: PartialDate | None, end: PartialDate | None
    ) -> None:
        if start is not None and end is not None and certainly_before(end, start):
            self.problem(f"{path}.end", f"{end.edtf} is before the start {start.edtf}")

    def dates_in_order(self, path: str, first: Published | None, then: Published | None) -> None:
        if first is not None and then is not None and goes_back(first, then):
            self.problem(path, f"{_shown(then)} is before date_published {_shown(first)}")

    def headlines(self) -> None:
        own = self.article.language.lower()
        for tag in self.article.translations:
            if tag.lower() == own:
                self.problem(
                    f"translations.{tag}",
                    "a translation cannot be in the article's own language: "
                    "put other headlines in alternative_headlines",
                )

    def subjects(self) -> None:
        for index, subject in enumerate(self.article.subjects):
            if subject.name is None and subject.code is None and subject.uri is None:
                self.problem(f"subjects[{index}]", "a subject needs a name, a code or a uri")

    def events(self) -> None:
        campaigns = {campaign.id: campaign for campaign in self.article.campaigns}
        for index, event in enumerate(self.article.events):
            path = f"events[{index}]"
            for place_index, place in enumerate(event.places):
                self.entity_ref(f"{path}.places[{place_index}]", place, (EntityKind.PLACE,))
            for who_index, who in enumerate(event.participants):
                self.entity_ref(f"{path}.participants[{who_index}]", who, _SPEAKERS)
            campaign = None
            if event.campaign is not None:
                campaign = campaigns.get(event.campaign)
                if campaign is None:
                    self.problem(f"{path}.campaign", f"no campaign with id {event.campaign!r}")
            if event.phase is None:
                continue
            if event.campaign is None:
                self.problem(f"{path}.phase", "a phase needs the campaign it belongs to")
            elif campaign is not None and not 1 <= event.phase <= len(campaign.phases):
                self.problem(
                    f"{path}.phase",
                    f"campaign {campaign.id!r} has no phase {event.phase} "
                    f"(it has {len(campaign.phases)})",
                )

    def comments(self) -> None:
        comments = self.article.comments
        ids = {comment.id for comment in comments}
        for index, comment in enumerate(comments):
            if comment.reply_to is None:
                continue
            path = f"comments[{index}].reply_to"
            if comment.reply_to == comment.id:
                self.problem(path, "a comment cannot reply to itself")
            elif comment.reply_to not in ids:
                self.problem(path, f"no comment with id {comment.reply_to!r}")
        count = self.article.comment_count
        if count is not None and 0 <= count < len(comments):  # a negative count is told already
            self.problem(
                "comment_count",
                f"{count} is fewer than the {len(comments)} comments captured",
            )


def goes_back(first: Published, then: Published) -> bool:
    """Tell whether ``then`` is before ``first``: a day (month, year) only when certainly."""
    if isinstance(first, dt.datetime) and isinstance(then, dt.datetime):
        return then < first
    return _last_day(then) < _first_day(first)


def _first_day(value: Published) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.earliest is not None  # a day, month or year has both bounds
    return value.earliest


def _last_day(value: Published) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.latest is not None
    return value.latest


def _shown(value: Published) -> str:
    return value.isoformat() if isinstance(value, dt.datetime) else value.edtf


def certainly_before(date: PartialDate, other: PartialDate) -> bool:
    """Tell whether ``date`` is certainly before ``other``: even its latest day comes first."""
    return date.latest is not None and other.earliest is not None and date.latest < other.earliest


def _fits(span: Span, sizes: list[int]) -> bool:
    return 0 <= span.paragraph < len(sizes) and 0 <= span.start < span.end <= sizes[span.paragraph]


def _every_span(article: Article) -> Iterator[Span]:
    """Every span in the article, without the paths that only a problem needs."""
    if article.dateline is not None and article.dateline.span is not None:
        yield article.dateline.span
    for entity in article.entities:
        yield from entity.mentions
    for parts in (article.quotes, article.statistics, article.campaigns, article.events):
        for part in parts:
            yield from part.spans
    for campaign in article.campaigns:
        for phase in campaign.phases:
            yield from phase.spans


def _spans(article: Article) -> Iterator[tuple[str, Span]]:
    """Yield every span in the article with its path."""
    if article.dateline is not None and article.dateline.span is not None:
        yield "dateline.span", article.dateline.span
    for collection, field in (
        ("entities", "mentions"),
        ("quotes", "spans"),
        ("statistics", "spans"),
        ("campaigns", "spans"),
        ("events", "spans"),
    ):
        for index, item in enumerate(getattr(article, collection)):
            for span_index, span in enumerate(getattr(item, field)):
                yield f"{collection}[{index}].{field}[{span_index}]", span
    for index, campaign in enumerate(article.campaigns):
        for phase_index, phase in enumerate(campaign.phases):
            for span_index, span in enumerate(phase.spans):
                yield f"campaigns[{index}].phases[{phase_index}].spans[{span_index}]", span
