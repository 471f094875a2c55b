"""Hypothesis strategies for valid articles that exercise every field and its edges.

Text mixes Arabic with diacritics and tatweel, emoji (astral and joined), bidi marks,
Arabic-Indic digits and plain ASCII; numbers reach the int64 bounds and the float
extremes; partial dates use every EDTF form the library accepts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from hypothesis import strategies as st

from newsschema import (
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
    PartialDate,
    Provenance,
    Qualifier,
    Quote,
    QuoteKind,
    Section,
    Span,
    Statistic,
    Subject,
    Suggestion,
)

T = TypeVar("T")

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

ARABIC_FRAGMENTS = (
    "بغداد",
    "التحالف الدولي",
    "قال",
    "مُحَمَّد",  # diacritics (harakat)
    "الـــعـــراق",  # tatweel
    "ممكِّنة",
    "٢٥٠٠",  # Arabic-Indic digits
    "«داعش»",
    "لا",
)
SPECIAL_FRAGMENTS = (
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u061c",  # Arabic letter mark
    "\u2067",  # right-to-left isolate
    "\u2069",  # pop directional isolate
    "\u202b",  # right-to-left embedding
    "😀",
    "👩\u200d👩\u200d👧",  # a joined emoji sequence
    "🇮🇶",  # a flag: two regional indicators
    "\u0000",
    "\n",
    '"',
    "\\",
    " ",
    "e\u0301",  # a combining mark that NFC would compose
)

_chars = st.characters(codec="utf-8")  # anything UTF-8 can hold: no lone surrogates
_fragment = st.one_of(
    st.sampled_from(ARABIC_FRAGMENTS),
    st.sampled_from(SPECIAL_FRAGMENTS),
    st.text(_chars, max_size=6),
    st.text("abc xyz", min_size=1, max_size=6),
)


def texts(min_size: int = 0, max_fragments: int = 6) -> st.SearchStrategy[str]:
    """Text of any kind; with ``min_size`` 1, never blank."""
    base = st.lists(_fragment, max_size=max_fragments).map("".join)
    if min_size:
        return st.tuples(st.sampled_from(("ب", "a", "٣", "😀")), base).map("".join)
    return base


LANGUAGE_TAGS = (
    "ar",
    "en",
    "fr",
    "ar-IQ",
    "zh-Hant-TW",
    "de-CH-1901",
    "es-419",
    "ckb",
    "x-private",
)
language_tags = st.sampled_from(LANGUAGE_TAGS)

language_maps = st.dictionaries(language_tags, texts(), max_size=3).map(LanguageMap)

ids = st.one_of(
    st.from_regex(r"[a-z][a-z0-9\-]{0,10}", fullmatch=True),
    st.sampled_from(("بغداد", "قاسم-الأعرجي", "😀", "Q796")),
)

# An offset strictly inside a day, in whole minutes.
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


def _in_utc_range(moment: dt.datetime) -> bool:
    try:
        moment.astimezone(dt.timezone.utc)
    except OverflowError:
        return False
    return True


# Any moment the model accepts: its UTC instant lies in the years 1 to 9999, and the edges of
# that range, with the largest offsets, come up often.
moments = st.one_of(
    st.builds(
        lambda naive, zone: naive.replace(tzinfo=zone),
        st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)),
        offsets,
    ),
    st.sampled_from(
        (
            dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc),
            dt.datetime(1, 1, 2, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
            dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59))),
            dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone.utc),
            dt.datetime(
                9999, 12, 31, 0, 0, tzinfo=dt.timezone(-dt.timedelta(hours=23, minutes=59))
            ),
            dt.datetime(
                9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))
            ),
        )
    ),
).filter(_in_utc_range)

int64s = st.one_of(
    st.integers(INT64_MIN, INT64_MAX), st.sampled_from((INT64_MIN, INT64_MAX, 0, -1))
)
floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from((-0.0, 0.0, 1e308, -1e308, 5e-324, 2500.0, 0.1)),
)
numbers = st.one_of(int64s, floats)


def _year(value: int) -> str:
    return f"{value:04d}"


# A day, month or year: what a publication date without a time may be.
reduced_dates = st.builds(
    lambda day, precision: PartialDate(day.isoformat()[:precision]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from((4, 7, 10)),
)
published_dates = st.one_of(moments, reduced_dates)


def _first_day(value: dt.datetime | PartialDate) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.earliest is not None
    return value.earliest


def _last_day(value: dt.datetime | PartialDate) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    assert value.latest is not None
    return value.latest


def _in_order(
    first: dt.datetime | PartialDate | None, then: dt.datetime | PartialDate | None
) -> tuple[dt.datetime | PartialDate | None, dt.datetime | PartialDate | None]:
    """Swap two publication dates when the second is certainly before the first."""
    if first is None or then is None:
        return first, then
    if isinstance(first, dt.datetime) and isinstance(then, dt.datetime):
        return (then, first) if then < first else (first, then)
    return (then, first) if _last_day(then) < _first_day(first) else (first, then)


URLS = (
    "https://example.org/news/2021/12/09/iraq",
    "http://example.org/ar/بغداد?x=1#p2",
    "https://xn--mgbaam7a8h.example/",
)
urls = st.sampled_from(URLS)

subjects = st.builds(
    Subject,
    name=st.none() | texts(min_size=1),
    code=st.none() | st.sampled_from(("medtop:11000000", "genre:Interview", "Q362", "حرب")),
    uri=st.none()
    | st.sampled_from(
        ("http://cv.iptc.org/newscodes/mediatopic/11000000", "https://www.wikidata.org/wiki/Q362")
    ),
    labels=language_maps,
).filter(lambda subject: (subject.name, subject.code, subject.uri) != (None, None, None))

sizes_in_pixels = st.none() | st.one_of(st.integers(1, 10_000), st.just(INT64_MAX))
media = st.builds(
    Media,
    url=urls,
    kind=st.sampled_from(MediaKind),
    caption=st.none() | texts(),
    credit=st.none() | texts(),
    width=sizes_in_pixels,
    height=sizes_in_pixels,
    content_type=st.none() | st.sampled_from(("image/jpeg", "video/mp4", "audio/mpeg")),
)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """A partial date in any EDTF form the library accepts, levels 0 to 2."""
    year = draw(st.integers(10, 9998))  # 10 or more, so that 001X still lies in year 1 or later
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    later = draw(st.integers(year + 1, min(year + 30, 9999)))
    y, ym, ymd = _year(year), f"{_year(year)}-{month:02d}", f"{_year(year)}-{month:02d}-{day:02d}"
    forms = [
        y,
        ym,
        ymd,
        f"{y}-{draw(st.integers(21, 24))}",  # a season
        f"{ym}~",
        f"{y}?",
        f"{ymd}%",
        f"{_year(year)[:3]}X",
        f"{y}-XX",
        f"{ymd}/{_year(later)}",
        f"{y}-21/{_year(later)}-12~",
        f"{ymd}/..",
        f"../{ym}",
        f"{ymd}/",
        f"[..{y}]",
        f"{{{y},{_year(later)}}}",
        f"{y}?-{month:02d}",
    ]
    return PartialDate(draw(st.sampled_from(forms)))


def _ordered_dates(draw: st.DrawFn) -> tuple[PartialDate | None, PartialDate | None]:
    start = draw(st.none() | st.integers(1, 9000))
    end = draw(st.none() | st.integers(start or 1, 9999))
    return (
        None if start is None else PartialDate(_year(start)),
        None if end is None else PartialDate(_year(end)),
    )


suggestions = st.none() | st.builds(
    Suggestion,
    rule=st.sampled_from(("figures.ar.number", "quotes.en.direct")) | texts(min_size=1),
    confidence=st.sampled_from((0.0, 1.0, 0.5, 5e-324, 0.1 + 0.2)) | st.floats(0, 1),
)
"""The mark of a suggested annotation, or None (confirmed): edge values of the confidence."""


def _pick(draw: st.DrawFn, options: list[T]) -> T | None:
    return draw(st.none() | st.sampled_from(options)) if options else None


@st.composite
def articles(draw: st.DrawFn, max_items: int = 4) -> Article:
    """A valid article with every field drawn, references and spans consistent."""
    sections = draw(
        st.lists(
            st.builds(
                Section,
                heading=st.none() | texts(),
                paragraphs=st.lists(texts(), max_size=4).map(tuple),
                date_published=st.none() | published_dates,
            ),
            max_size=4,
        )
    )
    paragraphs = [text for section in sections for text in section.paragraphs]
    with_text = [index for index, text in enumerate(paragraphs) if text]

    @st.composite
    def spans(draw: st.DrawFn) -> Span:
        paragraph = draw(st.sampled_from(with_text))
        size = len(paragraphs[paragraph])
        start = draw(st.integers(0, size - 1))
        return Span(paragraph=paragraph, start=start, end=draw(st.integers(start + 1, size)))

    def span_lists(limit: int = 3) -> st.SearchStrategy[tuple[Span, ...]]:
        if not with_text:
            return st.just(())
        return st.lists(spans(), max_size=limit).map(tuple)

    sizes = draw(st.lists(st.integers(0, max_items), min_size=6, max_size=6))
    all_ids = draw(st.lists(ids, min_size=sum(sizes), max_size=sum(sizes), unique=True))
    id_groups = []
    for size in sizes:
        id_groups.append(all_ids[:size])
        all_ids = all_ids[size:]
    entity_ids, quote_ids, statistic_ids, campaign_ids, event_ids, comment_ids = id_groups

    entities = [
        Entity(
            id=entity_id,
            kind=draw(st.sampled_from(EntityKind)),
            name=draw(texts(min_size=1)),
            labels=draw(language_maps),
            title=draw(st.none() | texts()),
            url=draw(st.none() | urls),
            same_as=tuple(
                draw(
                    st.lists(
                        st.sampled_from(
                            (
                                "https://www.wikidata.org/entity/Q796",
                                "http://example.org/بغداد",
                                "urn:isbn:9780262033848",
                            )
                        ),
                        max_size=2,
                    )
                )
            ),
            mentions=draw(span_lists()),
            suggested=draw(suggestions),
        )
        for entity_id in entity_ids
    ]

    def of_kind(*kinds: EntityKind) -> list[str]:
        return [entity.id for entity in entities if entity.kind in kinds]

    speakers = of_kind(EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP)
    writers = of_kind(EntityKind.PERSON, EntityKind.ORGANIZATION)
    places = of_kind(EntityKind.PLACE)

    quotes = []
    for quote_id in quote_ids:
        kind = draw(st.sampled_from(QuoteKind))
        quote_spans = draw(span_lists())
        text = draw(texts(min_size=1))
        if kind is QuoteKind.DIRECT and len(quote_spans) == 1:
            span = quote_spans[0]
            text = paragraphs[span.paragraph][span.start : span.end]
            if not text.strip():
                kind = QuoteKind.MIXED
                text = draw(texts(min_size=1))
        quotes.append(
            Quote(
                id=quote_id,
                text=text,
                kind=kind,
                speaker=_pick(draw, speakers),
                channel=draw(st.none() | st.sampled_from(Channel)),
                date=draw(st.none() | partial_dates()),
                cue=draw(st.none() | texts()),
                spans=quote_spans,
                suggested=draw(suggestions),
            )
        )

    statistics = []
    for statistic_id in statistic_ids:
        qualifier = draw(st.sampled_from(Qualifier))
        value = draw(numbers)
        value_max = None
        if qualifier is Qualifier.RANGE:
            low, high = sorted((value, draw(numbers)))
            value, value_max = low, high
        statistics.append(
            Statistic(
                id=statistic_id,
                value=value,
                qualifier=qualifier,
                value_max=value_max,
                unit=draw(st.none() | texts()),
                unit_code=draw(st.none() | st.sampled_from(("KMK", "C62", "KGM", "E50"))),
                measure=draw(st.none() | texts()),
                subject=_pick(draw, [entity.id for entity in entities]),
                source=_pick(draw, speakers),
                date=draw(st.none() | partial_dates()),
                spans=draw(span_lists()),
                suggested=draw(suggestions),
            )
        )

    campaigns = []
    for campaign_id in campaign_ids:
        start, end = _ordered_dates(draw)
        years = sorted(draw(st.lists(st.integers(1, 9999), max_size=4)))
        phases = []
        for ordinal, year in enumerate(years, start=1):
            phase_end = draw(st.none() | st.integers(year, 9999))
            phases.append(
                CampaignPhase(
                    ordinal=ordinal,
                    name=draw(texts(min_size=1)),
                    labels=draw(language_maps),
                    start=draw(st.sampled_from((None, PartialDate(_year(year))))),
                    end=None if phase_end is None else PartialDate(_year(phase_end)),
                    description=draw(st.none() | texts()),
                    spans=draw(span_lists(2)),
                )
            )
        campaigns.append(
            Campaign(
                id=campaign_id,
                name=draw(texts(min_size=1)),
                labels=draw(language_maps),
                start=start,
                end=end,
                phases=tuple(phases),
                spans=draw(span_lists(2)),
            )
        )

    events = []
    for event_id in event_ids:
        campaign = draw(st.none() | st.sampled_from(campaigns)) if campaigns else None
        phase = None
        if campaign is not None and campaign.phases:
            phase = draw(st.none() | st.integers(1, len(campaign.phases)))
        events.append(
            Event(
                id=event_id,
                name=draw(texts(min_size=1)),
                date=draw(partial_dates()),
                places=tuple(draw(st.lists(st.sampled_from(places), max_size=2))) if places else (),
                participants=(
                    tuple(draw(st.lists(st.sampled_from(speakers), max_size=2))) if speakers else ()
                ),
                campaign=None if campaign is None else campaign.id,
                phase=phase,
                spans=draw(span_lists(2)),
            )
        )

    comments = [
        Comment(
            id=comment_id,
            text=draw(texts(min_size=1)),
            author=draw(st.none() | texts()),
            date_published=draw(st.none() | published_dates),
            reply_to=_pick(draw, comment_ids[:index]),
        )
        for index, comment_id in enumerate(comment_ids)
    ]

    published, modified = _in_order(
        draw(st.none() | published_dates), draw(st.none() | published_dates)
    )
    language = draw(language_tags)

    dateline = None
    if draw(st.booleans()):
        dateline_span = None
        if len(with_text) > 0 and draw(st.booleans()):
            dateline_span = draw(spans())
        dateline = Dateline(
            text=draw(texts(min_size=1)), place=_pick(draw, places), span=dateline_span
        )

    return Article(
        id=draw(ids),
        headline=draw(texts(min_size=1)),
        alternative_headlines=tuple(draw(st.lists(texts(min_size=1), max_size=2))),
        language=language,
        kind=draw(st.none() | st.sampled_from(ArticleKind)),
        body=tuple(sections),
        url=draw(st.none() | urls),
        date_published=published,
        date_modified=modified,
        dateline=dateline,
        authors=tuple(draw(st.lists(st.sampled_from(writers), max_size=2))) if writers else (),
        publisher=_pick(draw, writers),
        section=draw(st.none() | texts()),
        keywords=tuple(draw(st.lists(texts(), max_size=3))),
        subjects=tuple(draw(st.lists(subjects, max_size=3))),
        summary=draw(st.none() | texts()),
        translations=LanguageMap(
            {
                tag: text
                for tag, text in draw(language_maps).items()
                if tag.lower() != language.lower()
            }
        ),
        media=tuple(draw(st.lists(media, max_size=3))),
        entities=tuple(entities),
        quotes=tuple(quotes),
        statistics=tuple(statistics),
        campaigns=tuple(campaigns),
        events=tuple(events),
        comments=tuple(comments),
        comment_count=draw(st.none() | st.integers(len(comments), INT64_MAX)),
        provenance=draw(
            st.none()
            | st.builds(
                Provenance,
                source=st.none() | texts(),
                retrieved_at=st.none() | moments,
                annotator=st.none() | texts(),
                method=st.none() | st.sampled_from(Method),
                tool=st.none() | texts(),
                license=st.none() | texts(),
                notes=st.none() | texts(),
                extractor=st.none() | texts(),
            )
        ),
    )


def canonical_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """Valid articles as canonical builtins, ready to be broken by a test."""
    from newsschema.convert import unstructure_article

    return articles().map(unstructure_article)
