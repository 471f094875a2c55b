from __future__ import annotations

import datetime as dt

import pytest

from newsschema import (
    Article,
    Campaign,
    CampaignPhase,
    Comment,
    Dateline,
    Entity,
    EntityKind,
    Event,
    PartialDate,
    Qualifier,
    Quote,
    QuoteKind,
    Section,
    Span,
    Statistic,
    ValidationError,
)
from newsschema.checks import find_problems

PARAGRAPH = "قال برينان: نحو 2500 جندي"  # 25 code points
BODY = (Section(paragraphs=(PARAGRAPH,)),)
BRENNAN = Entity(id="brennan", kind=EntityKind.PERSON, name="برينان")
BAGHDAD = Entity(id="baghdad", kind=EntityKind.PLACE, name="بغداد")


def problems(**fields: object) -> list[str]:
    base: dict[str, object] = {"id": "a", "headline": "h", "language": "ar", "body": BODY}
    base.update(fields)
    with pytest.raises(ValidationError) as caught:
        Article(**base)  # type: ignore[arg-type]
    found = [str(problem) for problem in caught.value.problems]
    assert found == [str(problem) for problem in caught.value.problems]
    return found


def span(start: int, end: int, paragraph: int = 0) -> Span:
    return Span(paragraph=paragraph, start=start, end=end)


def test_a_valid_article_has_no_problems() -> None:
    quote = Quote(
        id="q", text="برينان", kind=QuoteKind.DIRECT, speaker="brennan", spans=(span(4, 10),)
    )
    made = Article(
        id="a", headline="h", language="ar", body=BODY, entities=(BRENNAN,), quotes=(quote,)
    )
    assert find_problems(made) == []


def test_spans_must_lie_inside_their_paragraph() -> None:
    entity = Entity(
        id="e",
        kind=EntityKind.PERSON,
        name="n",
        mentions=(span(0, 26), span(5, 5), span(0, 1, paragraph=1), span(-1, 2)),
    )
    assert problems(entities=(entity,)) == [
        "entities[0].mentions[0]: end 26 is past the end of paragraph 0 (25 characters)",
        "entities[0].mentions[1]: start 5 is not before end 5",
        "entities[0].mentions[2]: paragraph 1 does not exist (the body has 1 paragraphs)",
        "entities[0].mentions[3].start: must be 0 or more, got -1",
    ]


def test_offsets_count_code_points_not_bytes_or_utf16_units() -> None:
    text = "😀 بغداد"  # one astral code point, then a space, then five Arabic letters
    body = (Section(paragraphs=(text,)),)
    good = Entity(id="e", kind=EntityKind.PLACE, name="بغداد", mentions=(span(2, 7),))
    Article(id="a", headline="h", language="ar", body=body, entities=(good,))
    bad = Entity(id="e", kind=EntityKind.PLACE, name="بغداد", mentions=(span(3, 8),))
    assert problems(body=body, entities=(bad,)) == [
        "entities[0].mentions[0]: end 8 is past the end of paragraph 0 (7 characters)"
    ]


def test_references_resolve_to_the_right_kind() -> None:
    quote = Quote(id="q", text="t", kind=QuoteKind.INDIRECT, speaker="baghdad")
    statistic = Statistic(id="s", value=1, qualifier=Qualifier.EXACT, subject="q", source="nobody")
    event = Event(
        id="e", name="n", date=PartialDate("2017"), places=("brennan",), participants=("baghdad",)
    )
    assert problems(
        entities=(BRENNAN, BAGHDAD),
        quotes=(quote,),
        statistics=(statistic,),
        events=(event,),
        authors=("baghdad",),
        publisher="nobody",
        dateline=Dateline(text="بغداد", place="brennan"),
    ) == [
        "dateline.place: 'brennan' is a person, but this must be a place",
        "authors[0]: 'baghdad' is a place, but this must be a person or organization",
        "publisher: no entity with id 'nobody'",
        "quotes[0].speaker: 'baghdad' is a place, but this must be a person, organization or group",
        "statistics[0].subject: no entity with id 'q' ('q' is the id of quotes[0])",
        "statistics[0].source: no entity with id 'nobody'",
        "events[0].places[0]: 'brennan' is a person, but this must be a place",
        "events[0].participants[0]: 'baghdad' is a place, but this must be a person, organization or group",
    ]


def test_ids_are_unique_across_collections() -> None:
    quote = Quote(id="brennan", text="t", kind=QuoteKind.INDIRECT)
    comments = (Comment(id="c", text="x"), Comment(id="c", text="y"))
    assert problems(entities=(BRENNAN,), quotes=(quote,), comments=comments) == [
        "quotes[0].id: 'brennan' is already the id of entities[0]",
        "comments[1].id: 'c' is already the id of comments[0]",
    ]


def test_ids_and_urls_refuse_bidi_controls_and_blanks() -> None:
    entity = Entity(id="\u202bbrennan", kind=EntityKind.PERSON, name=" ", same_as=("Q1 ",))
    assert problems(id="", url="https://example.org/\u200fx", entities=(entity,)) == [
        "id: must not be empty",
        "url: 'https://example.org/\\u200fx' holds spaces or bidi control characters",
        "entities[0].id: '\\u202bbrennan' holds a bidi control character, which ids must not",
        "entities[0].name: must not be empty",
        "entities[0].same_as[0]: 'Q1 ' holds spaces or bidi control characters",
    ]


def test_bidi_marks_are_fine_in_text() -> None:
    text = "\u200fقال\u200e \u2067x\u2069"
    Article(id="a", headline=text, language="ar", body=(Section(paragraphs=(text,)),))


def test_lone_surrogates_are_refused_anywhere() -> None:
    assert problems(headline="a\ud800b", keywords=("ok", "\udfff")) == [
        "headline: holds a lone surrogate, which is not a Unicode character",
        "keywords[1]: holds a lone surrogate, which is not a Unicode character",
    ]


def test_numbers_must_fit_every_format() -> None:
    statistics = (
        Statistic(id="a", value=2**63, qualifier=Qualifier.EXACT),
        Statistic(id="b", value=float("inf"), qualifier=Qualifier.EXACT),
        Statistic(id="c", value=float("nan"), qualifier=Qualifier.EXACT),
        Statistic(id="d", value=True, qualifier=Qualifier.EXACT),
        Statistic(id="e", value=-(2**63), qualifier=Qualifier.EXACT, unit_code="km2"),
    )
    assert problems(statistics=statistics) == [
        "statistics[0].value: 9223372036854775808 does not fit in a signed 64-bit integer",
        "statistics[1].value: inf is not a finite number",
        "statistics[2].value: nan is not a finite number",
        "statistics[3].value: expected a number, got true",
        "statistics[4].unit_code: 'km2' is not a UN/CEFACT Recommendation 20 code "
        "(2 or 3 capitals or digits)",
    ]


def test_ranges() -> None:
    statistics = (
        Statistic(id="a", value=10, qualifier=Qualifier.RANGE),
        Statistic(id="b", value=10, qualifier=Qualifier.RANGE, value_max=9.5),
        Statistic(id="c", value=10, qualifier=Qualifier.MORE_THAN, value_max=20),
    )
    Article(
        id="x",
        headline="h",
        language="ar",
        statistics=(Statistic(id="s", value=-0.0, qualifier=Qualifier.RANGE, value_max=0),),
    )
    assert problems(statistics=statistics) == [
        "statistics[0].value_max: a range needs value_max",
        "statistics[1].value_max: 9.5 is less than value 10",
        "statistics[2].value_max: value_max is only for a range, but the qualifier is 'more_than'",
    ]


def test_direct_quotes_match_their_single_span() -> None:
    quotes = (
        Quote(id="a", text="برينا", kind=QuoteKind.DIRECT, spans=(span(4, 10),)),
        Quote(id="b", text="whatever", kind=QuoteKind.INDIRECT, spans=(span(4, 10),)),
        Quote(id="c", text="split", kind=QuoteKind.DIRECT, spans=(span(0, 3), span(4, 10))),
    )
    assert problems(quotes=quotes) == [
        "quotes[0].text: a direct quote must match the text at its span, which is 'برينان'"
    ]


def test_phases_are_numbered_in_order_and_do_not_go_back() -> None:
    phases = (
        CampaignPhase(ordinal=1, name="أ", start=PartialDate("2014-22")),
        CampaignPhase(ordinal=2, name="ب"),
        CampaignPhase(ordinal=4, name="ج", start=PartialDate("2014-21"), end=PartialDate("2013~")),
        CampaignPhase(ordinal=4, name="د", start=PartialDate("2014"), end=PartialDate("2014-03")),
    )
    campaign = Campaign(
        id="c", name="n", start=PartialDate("2015"), end=PartialDate("2014"), phases=phases
    )
    assert problems(campaigns=(campaign,)) == [
        "campaigns[0].end: 2014 is before the start 2015",
        "campaigns[0].phases[2].ordinal: phases must be numbered 1, 2, 3, ... in order: expected 3, got 4",
        "campaigns[0].phases[2].end: 2013~ is before the start 2014-21",
        "campaigns[0].phases[2].start: 2014-21 goes back before the start of the phase before it (2014-22)",
    ]


def test_events_link_to_a_real_campaign_and_phase() -> None:
    campaign = Campaign(id="c", name="n", phases=(CampaignPhase(ordinal=1, name="أ"),))
    events = (
        Event(id="a", name="n", date=PartialDate("2017"), campaign="nope"),
        Event(id="b", name="n", date=PartialDate("2017"), phase=1),
        Event(id="d", name="n", date=PartialDate("2017"), campaign="c", phase=2),
        Event(id="e", name="n", date=PartialDate("2017"), campaign="c", phase=0),
    )
    assert problems(campaigns=(campaign,), events=events) == [
        "events[3].phase: must be 1 or more, got 0",
        "events[0].campaign: no campaign with id 'nope'",
        "events[1].phase: a phase needs the campaign it belongs to",
        "events[2].phase: campaign 'c' has no phase 2 (it has 1)",
        "events[3].phase: campaign 'c' has no phase 0 (it has 1)",
    ]


def test_dates_and_comment_counts() -> None:
    plus3 = dt.timezone(dt.timedelta(hours=3))
    comments = (Comment(id="a", text="x", reply_to="a"), Comment(id="b", text="y", reply_to="zz"))
    assert problems(
        date_published=dt.datetime(2021, 12, 9, 10, tzinfo=plus3),
        date_modified=dt.datetime(2021, 12, 9, 6, 59, tzinfo=dt.timezone.utc),
        comments=comments,
        comment_count=1,
        language="not a tag",
    ) == [
        "language: 'not a tag' is not a valid BCP 47 language tag",
        "date_modified: 2021-12-09T06:59:00+00:00 is before date_published 2021-12-09T10:00:00+03:00",
        "comments[0].reply_to: a comment cannot reply to itself",
        "comments[1].reply_to: no comment with id 'zz'",
        "comment_count: 1 is fewer than the 2 comments captured",
    ]


def test_naive_and_odd_offsets_are_refused() -> None:
    odd = dt.timezone(dt.timedelta(seconds=30))
    assert problems(
        date_published=dt.datetime(2021, 12, 9),
        date_modified=dt.datetime(2021, 12, 9, tzinfo=odd),
    ) == [
        "date_published: 2021-12-09T00:00:00 has no UTC offset",
        "date_modified: the UTC offset 0:00:30 is not a whole number of minutes",
    ]
