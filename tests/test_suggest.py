"""Quotes, speakers and figures suggested into articles, marked; confirmed; annotate's CLI."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema.annotate.quotes import Heard, quotes
from tests.conftest import HANG, ROOT, SEED, examples
from tests.strategies import articles
from tests.test_cli import run

_BARE = attrs.evolve(ns.load(SEED), quotes=(), statistics=())
"""The seed fixture with its quotes and figures taken away (its entities kept)."""


def _overlap(a: ns.Span, b: ns.Span) -> float:
    if a.paragraph != b.paragraph:
        return 0.0
    shared = max(0, min(a.end, b.end) - max(a.start, b.start))
    return shared / max(a.end - a.start, b.end - b.start)


def _marks(article: ns.Article, *, entities: bool = False) -> list[ns.Suggestion | None]:
    """The marks of an article's quotes and figures (and entities)."""
    marks = [q.suggested for q in article.quotes] + [s.suggested for s in article.statistics]
    return marks + [e.suggested for e in article.entities] if entities else marks


def test_the_seed_fixtures_quotes_and_figures_are_found_again() -> None:
    seed, suggested = ns.load(SEED), ns.suggest(_BARE)
    found = [
        max((_overlap(q.spans[0], s.spans[0]) for s in suggested.quotes), default=0.0)
        for q in seed.quotes
    ]
    direct = [f for f, q in zip(found, seed.quotes, strict=True) if q.kind is ns.QuoteKind.DIRECT]
    assert sum(f >= 0.3 for f in found) >= 14  # of 17
    assert sum(f >= 0.8 for f in direct) >= 8  # of its 9 direct quotes, their spans exact
    spans = {(s.spans[0].paragraph, s.spans[0].start, s.spans[0].end) for s in seed.statistics}
    got = {(s.spans[0].paragraph, s.spans[0].start, s.spans[0].end) for s in suggested.statistics}
    assert spans == got  # 11 of 11, nothing more
    wrong = [
        q
        for q in suggested.quotes
        if max(_overlap(q.spans[0], g.spans[0]) for g in seed.quotes) < 0.3
    ]
    assert wrong == []  # every suggested quote is one of the fixture's


def test_every_suggestion_is_marked_and_speakers_are_the_articles_own_entities() -> None:
    suggested = ns.suggest(_BARE)
    for item in _marks(suggested):
        assert item is not None
        assert item.rule.split(".")[:2] in (["quotes", "ar"], ["figures", "ar"])
        assert 0 < item.confidence <= 1
    speakers = {q.speaker for q in suggested.quotes} - {None}
    assert {"brennan", "maan", "coalition"} <= speakers  # reused, not made again
    made = [e for e in suggested.entities if e.suggested is not None]
    assert all(e.id.startswith("speaker-") and e.mentions for e in made)
    assert suggested.entities[: len(_BARE.entities)] == _BARE.entities  # confirmed: untouched


def test_suggesting_twice_gives_what_suggesting_once_gives() -> None:
    once = ns.suggest(_BARE)
    assert ns.suggest(once) == once


def test_confirmed_work_is_kept_and_never_duplicated() -> None:
    seed = ns.load(SEED)
    suggested = ns.suggest(seed)
    assert suggested.quotes[: len(seed.quotes)] == seed.quotes
    assert suggested.statistics == seed.statistics  # every figure is confirmed already
    for quote in suggested.quotes[len(seed.quotes) :]:
        assert all(_overlap(quote.spans[0], q.spans[0]) == 0 for q in seed.quotes)


def test_confirming_drops_the_marks_and_only_them() -> None:
    suggested = ns.suggest(_BARE)
    figures_only = ns.confirm(suggested, only=["figures"])
    assert all(s.suggested is None for s in figures_only.statistics)
    assert figures_only.quotes == suggested.quotes
    confirmed = ns.confirm(suggested)
    assert all(mark is None for mark in _marks(confirmed, entities=True))
    assert [attrs.evolve(q, suggested=None) for q in suggested.quotes] == list(confirmed.quotes)


def test_only_and_min_confidence() -> None:
    assert ns.suggest(_BARE, only=["figures"]).quotes == ()
    assert ns.suggest(_BARE, only=["quotes"]).statistics == ()
    sure = ns.suggest(_BARE, min_confidence=0.85)
    assert sure.quotes
    assert all(q.suggested and q.suggested.confidence >= 0.85 for q in sure.quotes)
    assert len(sure.quotes) < len(ns.suggest(_BARE).quotes)
    with pytest.raises(ValueError, match="only"):
        ns.suggest(_BARE, only=["entities"])
    with pytest.raises(ValueError, match="only"):
        ns.confirm(_BARE, only=["entities"])
    assert ns.suggest(_BARE, only="figures") == ns.suggest(_BARE, only=["figures"])
    with pytest.raises(ValueError, match="min_confidence"):
        ns.suggest(_BARE, min_confidence=2)


def test_a_language_without_a_table_comes_back_unchanged() -> None:
    french = attrs.evolve(_BARE, language="fr")
    assert ns.suggest(french) is french


def _heard(text: str, language: str = "en") -> list[tuple[str, str, str | None, str | None]]:
    return [
        (h.kind.value, h.text, h.cue, None if h.speaker is None else h.speaker.name)
        for h in quotes([text], language)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will not back down,” Secretary of State Antony Blinken said, “not now.”",
         [("direct", "We will not back down not now.", "said", "Antony Blinken")]),
        ("“It is over,” said Sen. Elizabeth Warren (D-MA). “We lost.”",
         [("direct", "It is over We lost.", "said", "Elizabeth Warren")]),
        ("The spokesman told reporters: “The talks were useful and will go on.”",
         [("direct", "The talks were useful and will go on.", "told", "The spokesman")]),
        ("He says the U.S. needs “real campaign reform” to stop super PACs.",
         [("mixed", "the U.S. needs “real campaign reform” to stop super PACs", "says", None)]),
        ("Senator John Smith said that the bill would pass the House easily.",
         [("indirect", "that the bill would pass the House easily", "said", "John Smith")]),
        # a "that" clause that quotes, whatever the verb before it
        ("Republican front-runner Donald Trump is insisting that he has “expanded the "
         "Republican party” with his campaign.",
         [("mixed", "that he has “expanded the Republican party” with his campaign",
           "insisting", "Donald Trump")]),
        ("She sent the emails that have now been upgraded to “confidential” status last year.",
         []),  # a relative clause: nobody's words
        # when and where it was said, before "that", is not what was said
        ("Senator John Smith said in a written statement on Sunday that the bill would pass.",
         [("indirect", "that the bill would pass", "said", "John Smith")]),
        ("The so-called “assault weapons” were banned in 1994.", []),
        ("She told ABC’s “Good Morning America” on Monday.", []),
        # reported speech that quotes runs to the closing mark, past a sentence's end
        ('Journalist Carl Leubsdorf said Carson is "losing strength. His support is moving."',
         [("mixed", 'Carson is "losing strength. His support is moving.', "said",
           "Carl Leubsdorf")]),
        # and a new clause of the speaker's ends it
        ("Senator Lindsey Graham said that Carson is a “good, decent man,” and said that "
         "Trump “melted down last night.”",
         [("mixed", "that Carson is a “good, decent man", "said", "Lindsey Graham"),
          ("mixed", "that Trump “melted down last night.", "said", "Lindsey Graham")]),
        # what is reported inside a quotation is the quotation's speaker's
        ("“The FBI said that she did nothing illegal and knew nothing of it,” lawyer Lanny "
         "Davis said.",
         [("direct", "The FBI said that she did nothing illegal and knew nothing of it", "said",
           "Lanny Davis")]),
        # one quote around its attribution; a plural role is a group
        ("These sources, the lawyers said, “all command the same conclusion” that he complies.",
         [("mixed", "These sources “all command the same conclusion” that he complies", "said",
           "the lawyers")]),
        ("Al Sharpton supported Barack Obama and said, “Hillary Clinton never did a thing.”",
         [("direct", "Hillary Clinton never did a thing.", "said", "Al Sharpton")]),
        ("Donald Trump called her “third-rate” and boycotted one of the debates.",
         [("mixed", "her “third-rate", "called", "Donald Trump")]),
        # any double mark closes a double quotation; the quote goes on after its attribution
        ("“Senator Sanders voted twice to protect gun dealers,” Trish James said. "
         '"Bernie stands with the gun industry."',
         [("direct", "Senator Sanders voted twice to protect gun dealers Bernie stands with the "
           "gun industry.", "said", "Trish James")]),
        # a quotation with no attribution goes on the quote just before it (its next line)
        ("“I have no intention of being vice president,” Senator Marco Rubio said.\n"
         "“I wanted to be president, and voters decided otherwise.”",
         [("direct", "I have no intention of being vice president I wanted to be president, and "
           "voters decided otherwise.", "said", "Marco Rubio")]),
        # but not one with an attribution of its own, nor after an attribution that reports
        ("“Some people feel Trump will bring revolution,” Ana Ruiz said. “If he gets in, "
         "things will really explode,” she said.",
         [("direct", "Some people feel Trump will bring revolution", "said", "Ana Ruiz"),
          ("direct", "If he gets in, things will really explode", "said", "Ana Ruiz")]),
        ("“We will have delegates out there,” Ana Ruiz said, adding that she has not spoken to "
         "them. “We are going to do something.”",
         [("direct", "We will have delegates out there", "said", "Ana Ruiz"),
          ("indirect", "that she has not spoken to them", "adding", "Ana Ruiz")]),
        # a quotation a colon gives to a name; a cue before it, its speaker unknown
        ("Philip Bump: “Two weeks ago the South was his strongest territory.”",
         [("direct", "Two weeks ago the South was his strongest territory.", None,
           "Philip Bump")]),
        ("The email said, “Effective immediately, we wind down the organization.”",
         [("direct", "Effective immediately, we wind down the organization.", "said",
           "The email")]),
        ("“It will be by a margin as close as Iowa,” said one New Hampshire Democrat.",
         [("direct", "It will be by a margin as close as Iowa", "said",
           "one New Hampshire Democrat")]),
        # a quoted phrase in reported speech ends where the speaker's next clause begins
        ("Senator Jim Reed said he would offer “a prayer” for the nominee but did not suggest "
         "it would be Trump.",
         [("mixed", "he would offer “a prayer” for the nominee", "said", "Jim Reed")]),
        ("“Down the line” he warned: “It is not going to happen any time soon.”",
         [("direct", "It is not going to happen any time soon.", "warned", None)]),
        # the speaker a sentence opens with, past its first commas; a name's modifiers
        ("Hours later, Donald Trump returned the compliment, telling Reuters, “Sheldon and I "
         "have been friends for a long time.”",
         [("direct", "Sheldon and I have been friends for a long time.", "telling",
           "Donald Trump")]),
        ("“I fundamentally disagree,” said retired Army Lt. Gen. Mick Bednarek, who served there.",
         [("direct", "I fundamentally disagree", "said", "Mick Bednarek")]),
        # a surname alone, after the article gave the name whole in a run of capitals
        ("Senate Majority Leader Mitch McConnell spoke first. “The people should have a voice "
         "in this,” McConnell said.",
         [("direct", "The people should have a voice in this", "said", "McConnell")]),
        # the words before an attribution that introduces a quotation are not said
        ("Asked if the comments rattled them, Paul Ryan said, “Sure. Everybody pays attention "
         "to our politics.”",
         [("direct", "Sure. Everybody pays attention to our politics.", "said", "Paul Ryan")]),
        # a verb that reports speech only by quoting it; a day between a cue and its words
        ("Donald Trump vowed to “bomb the hell” out of the Islamic State, also known as ISIS.",
         [("mixed", "to “bomb the hell” out of the Islamic State", "vowed", "Donald Trump")]),
        ("Donald Trump vowed to fight on.", []),
        ("Rep. Tom Cole of Oklahoma said Thursday his biggest worry is that Trump is "
         "“unpredictable.”",
         [("mixed", "his biggest worry is that Trump is “unpredictable.", "said", "Tom Cole")]),
        ('The party, attended by hundreds, "allows us to get our message out," said Frank Coleman.',
         [("mixed", 'The party, attended by hundreds, "allows us to get our message out', "said",
           "Frank Coleman")]),
        # quotation marks written as two apostrophes, as some archives write them
        ("''It may be entertaining, but it has no impact,'' Mr. Clinton said, smiling.",
         [("direct", "It may be entertaining, but it has no impact", "said", "Clinton")]),
        # a speaker with a phrase after the role, or an appositive name; a day before the cue
        ('The senator from Vermont said the financial system was "corrupt," noting the fines.',
         [("mixed", 'the financial system was "corrupt', "said", "The senator from Vermont")]),
        ("Another delegate on the Cruz slate, Jim Poolman, said he was only “leaning Cruz.”",
         [("mixed", "he was only “leaning Cruz.", "said", "Jim Poolman")]),
        ('Senator Dianne Feinstein last week said Clinton was not the originator of any "top '
         'secret" chains.',
         [("mixed", 'Clinton was not the originator of any "top secret" chains', "said",
           "Dianne Feinstein")]),
        # a cue opening its sentence, within a paragraph; a day between a cue and its comma
        ("It became a museum. Said Dorothy Poynter, who grew up with Ali, “We were all so "
         "proud of him.”",
         [("direct", "We were all so proud of him.", "Said", "Dorothy Poynter")]),
        ('An official who asked not to be named said Wednesday, "There are talks."',
         [("direct", "There are talks.", "said", "An official")]),
        ("“How big is that wall?” asked the boy, who wore a hat, as the audience laughed.",
         [("direct", "How big is that wall?", "asked", "the boy")]),
        # a second act of the speaker's ends the first; a progressive cue (is calling on)
        ('Paul Ryan lamented the "disheartened" state of the campaign and criticized the '
         '"identity politics" on display.',
         [("mixed", 'the "disheartened" state of the campaign', "lamented", "Paul Ryan")]),
        ("The BLM group is calling on Hillary Clinton to “stop pimping black votes” now.",
         [("mixed", "Hillary Clinton to “stop pimping black votes” now", "calling on",
           "The BLM group")]),
        # the writer's words of what was said, in a quotation's sentence, are the quote's
        ('Since that ruling, the county has engaged in "consistent activity that has '
         'created a culture of disenfranchisement," the lawsuit says.',
         [("mixed", 'Since that ruling, the county has engaged in "consistent activity that '
           'has created a culture of disenfranchisement', "says", "the lawsuit")]),
        ('Scott Reed, who managed the 1996 campaign, said "the fear is as high as it has ever '
         'been" in the establishment.',
         [("mixed", 'the fear is as high as it has ever been" in the establishment', "said",
           "Scott Reed")]),
        ('Scott Reed said, "The fear is as high as it has ever been," when asked.',
         [("direct", "The fear is as high as it has ever been", "said", "Scott Reed")]),
        ("Trump, feuding with leaders this week, described his intent to lead a “big tent” "
         "Republican Party.",
         [("mixed", "his intent to lead a “big tent” Republican Party", "described", None)]),
        ("Cruz has railed against what he calls the “Washington cartel” and the lobbyists.",
         [("mixed", "the “Washington cartel", "calls", None)]),
        # called it “…”; went on to say; a petition speaks for whoever filed it
        ("Sen. John McCain called it a “Chinese menu” of options.",
         [("mixed", "it a “Chinese menu” of options", "called", "John McCain")]),
        ("“The talks are over,” said Maria Lopez. She went on to say, “She once threw a Bible "
         "at an agent.”",
         [("direct", "The talks are over", "said", "Maria Lopez"),
          ("direct", "She once threw a Bible at an agent.", "went on to say", "Maria Lopez")]),
        ('The petition accuses the campaign of "attempting to bully him into silence."',
         [("mixed", 'the campaign of "attempting to bully him into silence.', "accuses",
           "The petition")]),
        # a participle after a quotation's closing mark, or a statement's
        ("Donald Trump defended “New York values,” saying the city embodied the “bravery and "
         "soul of America.”",
         [("mixed", "the city embodied the “bravery and soul of America.", "saying",
           "Donald Trump")]),
        ('Black Lives Matter issued a statement saying it took the action "because of the '
         'unsafe conditions."',
         [("mixed", 'it took the action "because of the unsafe conditions.', "saying",
           "Black Lives Matter")]),
        # a role's phrase, then the name set apart: the name is the speaker's
        ("And Florida’s Republican attorney general, Pam Bondi, vowed to go after “anyone who "
         "attacks our community.”",
         [("mixed", "to go after “anyone who attacks our community.", "vowed", "Pam Bondi")]),
        # words between the speaker and the cue: even, at the time; more verbs that report
        ("Donald Trump has even claimed he will enact a plan to “create the biggest boom.”",
         [("mixed", "he will enact a plan to “create the biggest boom.", "claimed",
           "Donald Trump")]),
        ("Donald Trump at the time said he had asked his “people” to look into the fees.",
         [("mixed", "he had asked his “people” to look into the fees", "said", "Donald Trump")]),
        ('In her speech, Hillary Clinton emphasized the need for an "unshakeable commitment" '
         "to Israel.",
         [("mixed", 'the need for an "unshakeable commitment" to Israel', "emphasized",
           "Hillary Clinton")]),
        ("His aide doubled down on the attacks, saying she is experienced “on paper” but "
         "suggesting that might not be enough.",
         [("mixed", "she is experienced “on paper", "saying", None)]),
        # three words are enough when they quote
        ("Harry Reid caucused in Nevada on Saturday and says he voted “uncommitted.”",
         [("mixed", "he voted “uncommitted.", "says", "Harry Reid")]),
        ("Harry Reid caucused in Nevada on Saturday and says he voted.", []),
        # a month's abbreviation ends no sentence; concluded reports
        ("The FBI concluded on Sept. 11 that Clinton had been “extremely careless” with mail.",
         [("mixed", "that Clinton had been “extremely careless” with mail", "concluded",
           "The FBI")]),
        # what is named may be a long phrase, and the name a long quotation
        ("In April, Donald Trump called Ford’s plans to open a $1.6 billion assembly plant in "
         "Mexico “an absolute disgrace,” and threatened a tax.",
         [("mixed", "Ford’s plans to open a $1.6 billion assembly plant in Mexico “an absolute "
           "disgrace", "called", "Donald Trump")]),
        ("John Kasich calls Christie’s endorsement “the most transparent display of affection "
         "since Judas Iscariot’s Gethsemane smooch.”",
         [("mixed", "Christie’s endorsement “the most transparent display of affection since "
           "Judas Iscariot’s Gethsemane smooch.", "calls", "John Kasich")]),
        ("Rep. Trey Gowdy called it “meritless” and “improper” on Monday.",
         [("mixed", "it “meritless” and “improper", "called", "Trey Gowdy")]),
        # a clause inside the quotation is the speaker's words, not the end of them
        ("Paul Huntley, a delegate from California, said he wanted “common-sense solutions, "
         "maybe trigger locks and restricting the use of military-style rifles.”",
         [("mixed", "he wanted “common-sense solutions, maybe trigger locks and restricting the "
           "use of military-style rifles.", "said", "Paul Huntley")]),
        # a name led by "The" is an organisation's (a paper's), not a person's
        ("According to The Federalist, the men were wearing shirts with a slogan on them.",
         [("indirect", "the men were wearing shirts with a slogan on them", "According to",
           "The Federalist")]),
        # a long appositive between the speaker and the cue
        ("Jason Sorens, the founder of the Free State Project that encourages libertarians to "
         'move to New Hampshire, said he had seen "some demobilization of the base."',
         [("mixed", 'he had seen "some demobilization of the base.', "said", "Jason Sorens")]),
        ("Cory James, 22, of Flint, Mich., said he had not given up hope that Sanders could "
         'pull a convention "surprise."',
         [("mixed", 'he had not given up hope that Sanders could pull a convention "surprise.',
           "said", "Cory James")]),
        # a plural subject's cue
        ("Democrats insist the political tide is turning their way after the vote.",
         [("indirect", "the political tide is turning their way after the vote", "insist",
           "Democrats")]),
        ("Many strategists think Trump would be extremely difficult to stop.",
         [("indirect", "Trump would be extremely difficult to stop", "think",
           "Many strategists")]),
        # a verb that reports by quoting, as it is happening
        ("Bernie Sanders, celebrating a victory in his home state, is pledging to “win many "
         "hundreds of delegates” on Super Tuesday.",
         [("mixed", "to “win many hundreds of delegates” on Super Tuesday", "pledging",
           "Bernie Sanders")]),
        # a long appositive: the speaker further than 160 characters before the cue
        ("Rich Heffley, a top Tallahassee GOP operative who played a major role in John "
         "McCain’s big Florida win in 2008 and is now running Bush’s early-vote efforts in the "
         "state, said the absentee program is a “critical part of our strategy.”",
         [("mixed", "the absentee program is a “critical part of our strategy.", "said",
           "Rich Heffley")]),
        # an appositive between dashes
        ("Jason Sims — a teacher from Mount Pleasant — says he made a last-minute decision, "
         "and that the endorsement was “a big deal.”",
         [("mixed", "he made a last-minute decision, and that the endorsement was “a big deal.",
           "says", "Jason Sims")]),
        # told whom, then what was told without "that"; never a clause of when or as
        ('The Florida senator told reporters he feels good about his campaign in Iowa, and "we '
         'will see what it translates to."',
         [("mixed", 'he feels good about his campaign in Iowa, and "we will see what it '
           'translates to.', "told", "The Florida senator")]),
        ("Hillary Clinton told reporters as she emerged from the meeting that the talks and "
         "the votes went well.", []),
        ("Ben Carson did not mention his rivals by name, but told his supporters, “our nation "
         "is in horrible trouble and we must act.”",
         [("direct", "our nation is in horrible trouble and we must act.", "told",
           "Ben Carson")]),
        # however between the speaker and the cue; an ad speaks for whoever paid for it
        ("Ash Carter however said he would welcome China’s part in a “principled network.”",
         [("mixed", "he would welcome China’s part in a “principled network.", "said",
           "Ash Carter")]),
        ("The ad says “nothing will change until we elect candidates who reject Wall Street "
         "money.”",
         [("direct", "nothing will change until we elect candidates who reject Wall Street "
           "money.", "says", "The ad")]),
        # a day is no speaker's name (On Tuesday, Kevin Brady, chairman of …, said)
        ("And on Tuesday, Kevin Brady, chairman of the House Ways and Means Committee, said "
         "that Republicans might include a two-year delay.",
         [("indirect", "that Republicans might include a two-year delay", "said",
           "Kevin Brady")]),
        # according to: after what was said, or before it; a writing speaks for its issuer
        ("“We will win the vote in the fall,” according to the report.",
         [("direct", "We will win the vote in the fall", "according to", "the report")]),
        ("The vote was lost because of turnout, according to the report.",
         [("indirect", "The vote was lost because of turnout", "according to", "the report")]),
        ("He left. According to the poll, most voters want a change of course.",
         [("indirect", "most voters want a change of course", "According to", "the poll")]),
        ("The vote was lost, said he who had lost it.", []),
        # a quotation inside a quotation, in curly marks
        ("Jeff Bechdel, chairman of America Rising, tweeted: “People wearing “Settle For "
         "Hillary” shirts at her event, ouch.”",
         [("direct", "People wearing “Settle For Hillary” shirts at her event, ouch.",
           "tweeted", "Jeff Bechdel")]),
        # what follows the cue is what was said: the words before it are not
        ("Jeffrey Salkin, a rabbi, said he and other rabbis were alarmed about the rhetoric.",
         [("indirect", "he and other rabbis were alarmed about the rhetoric", "said",
           "Jeffrey Salkin")]),
    ],
)  # fmt: skip
def test_english_quotes(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _heard(text) == expected


def test_a_quotation_left_open_goes_on_in_the_next_paragraph_unless_that_one_is_attributed() -> (
    None
):
    opened = "Obama said: “There is no magic to the phrase. It is not a strategy."
    going_on = "“Calling a threat by a different name does not make it go away.”"
    attributed = "“Calling a threat by a different name does not make it go away,” Obama said."
    joined = quotes([opened, going_on], "en")
    assert [(h.text, [p for p, _, _ in h.spans]) for h in joined] == [
        (
            "There is no magic to the phrase. It is not a strategy. Calling a threat by a "
            "different name does not make it go away.",
            [0, 1],
        )
    ]
    apart = quotes([opened, attributed], "en")
    assert [(h.text, h.cue, [p for p, _, _ in h.spans]) for h in apart] == [
        ("There is no magic to the phrase. It is not a strategy.", "said", [0]),
        ("Calling a threat by a different name does not make it go away", "said", [1]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال وزير الخارجية سامح شكري إن المحادثات كانت مثمرة وستستمر الأسبوع المقبل.",
         [("indirect", "المحادثات كانت مثمرة وستستمر الأسبوع المقبل", "وقال", "سامح شكري")]),
        ("وأضاف الدكتور بدر السمحان “نحن مستمرون في تقديم الدعم للاجئين”.",
         [("direct", "نحن مستمرون في تقديم الدعم للاجئين", "وأضاف", "بدر السمحان")]),
        ("وأشار المتحدث إلى ارتفاع عدد الزوار خلال الصيف الماضي.",
         [("indirect", "ارتفاع عدد الزوار خلال الصيف الماضي", "وأشار", "المتحدث")]),
        # نقل عن فلان قوله إن: the speaker after عن, the name after its honorific
        ("ونشرت السفارة بيانا، نقلت فيه عن كبير مسؤولي الدفاع الجنرال تشارلز هوبر، قوله إن "
         "الإنتاج المشترك يعطي الشعب قدرات كبيرة.",
         [("indirect", "الإنتاج المشترك يعطي الشعب قدرات كبيرة", "نقلت", "تشارلز هوبر")]),
        ("ذكرت صحيفة «فرانكفورتر اليغميني تسايتونغ» الألمانية الخبر.", []),
        ("جلس بين الناس في المقهى ثم غادر.", []),
    ],
)  # fmt: skip
def test_arabic_quotes(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _heard(text, "ar") == expected


def test_a_scene_set_before_a_quotation_is_not_what_was_said() -> None:
    assert [heard[1] for heard in _heard(
        "To a question on the “privatization of public sector jobs,” Sanders said contractors "
        "cost more."
    )] == ["privatization of public sector jobs"]  # fmt: skip
    assert [heard[1] for heard in _heard(
        "Asked whether she “has the integrity to serve,” most voters said yes."
    )] == ["has the integrity to serve"]  # fmt: skip


def test_a_pronoun_is_the_last_speaker_and_a_quote_split_by_its_attribution_is_one() -> None:
    found = quotes(
        [
            "“The plan is ready,” said Mayor Ana Lopez. “We start on Monday.”",
            "“It will cost less than we feared,” she said.",
        ],
        "en",
    )
    assert [len(h.spans) for h in found] == [2, 1]
    assert found[0].speaker is not None
    assert found[1].speaker is not None
    assert found[1].speaker.name == found[0].speaker.name == "Ana Lopez"


def test_a_quotation_that_ends_a_sentence_never_opens_the_next_ones_quote() -> None:
    # The sentence after a quotation begins after its closing mark, not at it.
    text = (
        "Another source said, “I think he will try to be more friendly with his colleagues.” "
        "At the same time, the person added, “you saw the endorsements Rubio had, and it did "
        "not do him much good.”"
    )
    found = quotes([text], "en")
    assert found
    for heard in found:
        for _, start, end in heard.spans:
            assert text[start] not in '”"', heard
            assert not text[start:end].startswith("At the same time"), heard


_WORDS = st.sampled_from(
    ["the", "minister", "said", "قال", "إن", "“", "”", '"', "«", "»", "Smith", "الوزير", "😀",
     "\u200f", "\u202b", ",", ".", "that", "according", "to", "، مضيفا", "أن", "he", "told"]
)  # fmt: skip


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=40).map(" ".join), min_size=1, max_size=4))
def test_any_text_gives_quotes_inside_their_paragraphs(paragraphs: list[str]) -> None:
    for language in ("en", "ar"):
        for heard in quotes(paragraphs, language):
            assert isinstance(heard, Heard)
            for paragraph, start, end in heard.spans:
                assert 0 <= start < end <= len(paragraphs[paragraph])
            if heard.kind is ns.QuoteKind.DIRECT and len(heard.spans) == 1:
                paragraph, start, end = heard.spans[0]
                assert paragraphs[paragraph][start:end] == heard.text


_NAMES = st.sampled_from(["Antony Blinken", "Maria Lopez", "سامح شكري", "😀 Team", "O\u200fBrien"])
_SAID = st.sampled_from(
    ["We will win this race", "لن نتراجع عن هذا القرار أبدا", "Again 😀 and again"]
)


@st.composite
def _quoted_articles(draw: st.DrawFn) -> ns.Article:
    """Articles whose paragraphs hold quotations, names, emoji, bidi marks, repeated phrases."""
    article = draw(articles(max_items=0))
    language = draw(st.sampled_from(["en", "ar"]))
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        said, name = draw(_SAID), draw(_NAMES)
        paragraphs.append(
            draw(
                st.sampled_from(
                    [
                        f"“{said},” {name} said. “{said}.”",
                        f"وقال {name} إن {said}.",
                        f"{name} told reporters: “{said} {said}.”",
                        f"“{said}.” 1,200 people came, about 35% of them.",
                    ]
                )
            )
        )
    return ns.Article(
        id=article.id,
        headline=article.headline,
        language=language,
        body=(ns.Section(paragraphs=tuple(paragraphs)),),
    )


@settings(max_examples=examples(60), deadline=None)
@given(_quoted_articles())
def test_suggested_articles_are_valid_and_suggesting_again_changes_nothing(
    article: ns.Article,
) -> None:
    once = ns.suggest(article)  # an Article is checked as a whole when it is made
    assert ns.suggest(once) == once
    paragraphs = [p for section in once.body for p in section.paragraphs]
    for quote in once.quotes:
        assert quote.suggested is not None
        if quote.kind is ns.QuoteKind.DIRECT and len(quote.spans) == 1:
            span = quote.spans[0]
            assert paragraphs[span.paragraph][span.start : span.end] == quote.text
    back = ns.loads(ns.dumps(once))
    assert back == once


@settings(max_examples=examples(40), deadline=None)
@given(articles())
def test_generated_articles_keep_their_annotations(article: ns.Article) -> None:
    suggested = ns.suggest(article)
    assert suggested.quotes[: len(article.quotes)] == article.quotes
    assert suggested.statistics[: len(article.statistics)] == article.statistics
    assert suggested.entities[: len(article.entities)] == article.entities
    assert ns.suggest(suggested) == suggested


@pytest.mark.parametrize(
    "sentence",
    [
        "“We will win,” said Maria Lopez, the mayor. He said that the vote “was fair” today. ",
        "وقال الوزير إن المحادثات مثمرة، مضيفا أن “الاتفاق قريب”. وأشار إلى ارتفاع 5%. ",
        '“ “ « „ " said told that إن قال ، مضيفا ',
        "Trump, Ann Sexton said, has created a “zone” and called her “rude” and said, “No. ",
        "Officials said that the “deal” was done that day ",  # no sentence ends: was quadratic
        "“a “b” ",  # marks opening inside quotations that never balance: was quadratic
    ],
)
def test_a_megabyte_paragraph_is_read_in_linear_time(sentence: str) -> None:
    paragraph = sentence * (1_000_000 // len(sentence))
    language = "ar" if "قال" in sentence[:5] else "en"
    article = ns.Article(
        id="long", headline="h", language=language, body=(ns.Section(paragraphs=(paragraph,)),)
    )
    began = time.perf_counter()
    ns.suggest(article)
    assert time.perf_counter() - began < HANG


def test_the_command_line_annotates_and_confirms(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    french = attrs.evolve(_BARE, id="fr", language="fr", translations={})
    ns.write([_BARE, french], source)
    out = tmp_path / "out.parquet"
    done = run("annotate", str(source), "-o", str(out), "--only", "quotes", "-j", "2")
    assert done.returncode == 0, done.stderr
    first, unchanged = list(ns.read(out))
    assert first == ns.suggest(_BARE, only=["quotes"])
    assert unchanged == french  # no table for French: as it came, and said
    assert "in.jsonl:2: nothing suggested: no table for its language 'fr' (ar, en)" in done.stderr
    confirmed = tmp_path / "confirmed.jsonl"
    done = run("confirm", str(out), "-o", str(confirmed))
    assert done.returncode == 0, done.stderr
    assert next(iter(ns.read(confirmed))) == ns.confirm(first)
    done = run("annotate", str(source), "--only", "entities")
    assert done.returncode == 2
    assert "--only 'entities'" in done.stderr


def test_the_command_line_annotates_pages(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    page = ROOT / "fixtures" / "pages" / "english-news.html"
    done = run("annotate", str(page), "-o", str(out), "--min-confidence", "0.8")
    assert done.returncode == 0, done.stderr
    (article,) = ns.read(out)
    assert all(mark is not None and mark.confidence >= 0.8 for mark in _marks(article))


@pytest.mark.filterwarnings("ignore::ResourceWarning")  # warcio's writer's spooled files
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_command_line_annotates_a_crawl(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from tests.formats.test_warc import _crawl

    crawl = tmp_path / "crawl.warc.gz"
    urls = _crawl(crawl)
    out = tmp_path / "suggested.parquet"
    done = run("annotate", str(crawl), "-o", str(out))
    assert done.returncode == 0, done.stderr
    annotated = list(ns.read(out))
    assert sorted(a.url or "" for a in annotated) == sorted(urls)
    with warnings.catch_warnings():  # what the pages' markup had and is not kept: said, here
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        plain = {a.url: a for a in ns.read(crawl)}
    assert [ns.suggest(plain[a.url]) for a in annotated] == annotated
    assert any(a.quotes or a.statistics for a in annotated)  # the pages' text: something found


def test_a_quotation_that_goes_on_over_paragraphs_is_one_quote() -> None:
    paragraphs = [
        "Maria Lopez, the mayor, said: “For the whole year we have been sitting very quietly.",
        "“We watched the disrespect shown to so many people who came here.",
        "“Then we decided to speak,” she said.",
        "“It is over,” said the spokesman for the ministry.",
    ]
    found = quotes(paragraphs, "en")
    assert [h.spans for h in found] == [
        ((0, 31, 84), (1, 1, 65)),
        ((2, 1, 25),),  # attributed again: a quote of its own, as PolNeAR's annotators mark it
        ((3, 1, 11),),
    ]
    assert [h.speaker.name if h.speaker else None for h in found[:2]] == ["Maria Lopez"] * 2
    article = ns.Article(
        id="long", headline="h", language="en", body=(ns.Section(paragraphs=tuple(paragraphs)),)
    )
    assert ns.suggest(ns.suggest(article)) == ns.suggest(article)
