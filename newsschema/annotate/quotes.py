"""Quotes and their speakers: what a text reports as said, by whom, with its spans.

Read by rules and a table per language (:mod:`~newsschema.annotate.speech`), a paragraph at
a time, in time linear in the text:

- **direct** quotes are the words between quotation marks, with a cue (``said``, ``قال``)
  beside them, or a sentence of their own long enough not to be a phrase set apart; a quote
  split by its attribution (“…,” he said, “…”) is one quote with two spans;
- **indirect** ones (reported speech, Arabic first: ``وقال الوزير إن …``) run from after the
  complementiser to the end of the reported content; **mixed** when that holds a quotation;
- the **speaker** is the name or noun phrase the attribution gives, made a speaker (its
  kind from evidence, a pronoun the last one) by :mod:`~newsschema.annotate.speakers`; a
  phrase with no evidence of its kind is no speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

import attrs

from newsschema.annotate.speakers import MODIFIERS, Named, Speakers, kind_words
from newsschema.annotate.speech import SPEECH, Speech
from newsschema.model import QuoteKind

__all__ = ["Heard", "quotes"]


@attrs.frozen
class Heard:
    """A quote found in the text.

    Attributes:
        text: what was said, as the spans give it (joined by a space when split).
        kind: direct, indirect or mixed.
        cue: the reporting verb as written, or None.
        spans: (paragraph, start, end) of each piece.
        speaker: who said it, or None when the text does not say it plainly.
        rule: which rule found it (``direct``, ``direct.alone``, ``indirect``, ...).
        confidence: how sure the rule is, from 0 to 1.
    """

    text: str
    kind: QuoteKind
    cue: str | None
    spans: tuple[tuple[int, int, int], ...]
    speaker: Named | None
    rule: str
    confidence: float


def quotes(paragraphs: Sequence[str], language: str) -> list[Heard]:
    """The quotes of an article's paragraphs, in order; none for a language with no table."""
    table = SPEECH.get(language.split("-")[0].lower())
    if table is None:
        return []
    read = [_doubled_marks(text, table.doubled) for text in paragraphs]
    reader = _Reader(table, read)
    for number, text in enumerate(read):
        reader.paragraph(number, text)
    if read == list(paragraphs):
        return reader.heard
    return [  # the words as the paragraphs give them
        attrs.evolve(heard, text=" ".join(paragraphs[p][s:e] for p, s, e in heard.spans))
        for heard in reader.heard
    ]


def _doubled_marks(text: str, mark: str) -> str:
    """A text with each doubled mark (``''``) read as ``"``, every offset kept.

    An opening one becomes a space and ``"``, a closing one ``"`` and a space: the quotation
    mark stands next to the words it holds (``''We …,'' he said`` → `` "We …," he said``).
    """
    if not mark or mark * 2 not in text:
        return text
    pattern = re.compile(f"{re.escape(mark * 2)}(?!{re.escape(mark)})")
    return pattern.sub(
        lambda found: ' "' if found.start() == 0 or text[found.start() - 1] in _OPENS else '" ',
        text,
    )


_OPENS = ' \t\n([{—–-“‘"/'
"""What may stand before an opening quotation mark."""


_SENTENCE_MARK = re.compile(r"[.!?؟](?=[\s\"”»’]|$)|\n")
_ABBREVIATION = re.compile(
    r"(?:^|\W)(?:[^\W\d_]|Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen|St|Jr|Sr|vs|No|Lt|Col|Inc|Corp|Rev|"
    r"Prof|Capt|Sgt|Adm|Mt|Ft|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec)$"
)


def sentence_ends(text: str) -> list[tuple[int, int]]:
    """Where the sentences of a text end: (the mark, the character after it).

    Not at the point of an initial or a title (``U.S.``, ``Sen.``, ``جون و. برينان``).
    """
    return [
        (match.start(), match.end())
        for match in _SENTENCE_MARK.finditer(text)
        if match.group() != "."
        or not _ABBREVIATION.search(text, max(0, match.start() - 5), match.start())
    ]


def _closes(word: str) -> bool:
    """Whether a word ends its sentence (not an initial: ``و.``, ``J.``)."""
    return word.endswith(("!", "?", "؟")) or (word.endswith(".") and len(word.strip(".")) > 1)


def _ends_a_sentence(text: str) -> bool:
    return bool(sentence_ends(text))


_WORD = re.compile(r"\S+")
_INTRODUCED = re.compile(r"[^“\"«.]{0,60}[,:]\s*[“\"«]")
_TRIM = " \t,،;:—–-"
_CLOSING = "”»’\"')"
"""Marks that close a quotation (or an aside) right after the end of its sentence."""
_REPORTED_AFTER = re.compile(
    r"\s+(?:that|he|she|they|it|we|I|there|his|her|their|its|this|these|those"
    r"|the(?!\s+(?:day|week|month|year|morning|afternoon|evening|night)\b))\s+\w"
)
"""Words after a cue that begin what was said, not when or where it was said."""
_MARKS = ' \t\n,.“”"«»‘’'
_WHEN = (
    r"(?:(?:on|last|this|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|today|yesterday|tonight|week|month)(?:\s+(?:morning|afternoon|evening|night))?"
)
"""When a cue says its words, between the cue and them (said Thursday the talks …)."""
_ADJUNCT = re.compile(
    r"(?:In|On|At|During|After|Before|When|While|Asked|Pressed|Reached|Told|Of|As|If|Since|"
    r"Despite|Although|Though|Because|Given)\b|[A-Z]\w+ing\b"
)
"""What a sentence opens with that is not the subject of what follows (Asked about it, …)."""
_GOES_ON = re.compile(
    r"\s+(?!(?:and|but|while|as|by|he|she|they|it|I|we|said|says|on|at|during|in response|"
    r"one|two|three|four|five|several|many|\w+ed)\b)[A-Za-z]"
)
"""Words after a quotation's closing mark that go on its sentence."""
_TOLD_WHOM = re.compile(
    r"(?:(?!(?:as|when|while|after|before|because|if|since|and|but|that)\b)[\w'’.-]+\s+){1,4}?"
    r"(?=(?:he|she|they|it|we|I|there)\s)"
)
"""Whom a speaker told, before what was told without *that* (told reporters he was sure)."""
_MAY_NAME = re.compile(
    r"[A-Z]|\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Ss]everal|[Ss]ome|"
    r"[Mm]any|[Oo]ther|[Aa]nother)\b"
)
"""What a speaker's phrase (English) cannot be without: a capital, a pronoun, a determiner."""
_LETTERS = re.compile(r"[^\W\d_]+")
"""A word's letters."""
_AND_QUOTED = re.compile(r",?\s+(?:and|or)\s+(?:(?:a|an|the)\s+)?")
"""Between two quotations that name one thing twice (``“meritless” and “improper”``)."""
_WHAT = re.compile(r"\bwhat\b[^,.;:“”\"«»]*$")
"""A naming inside a clause of its own (``what he calls the “Washington cartel”``)."""
_LEAD_ADJUNCT = re.compile(r"(?:[A-Z]\w+ing|To|Asked|Pressed|Told)\b")
"""What a sentence opens with that sets the scene of a quotation, not its words."""
_CLAUSE_TOKEN = re.compile(r",|\s(?:and|but)\s")
"""What every form of the ``clause`` pattern holds: where looking for one may start."""
_WORDS_FOLLOW = re.compile(r"\s+[\w“\"«]")
"""What follows a cue of reported speech: a word, or a quotation (not a stop or a comma)."""
_NESTED_REACH = 1500
"""Characters past its opening mark where a quotation with quotations inside it may close."""
_MOST_SPANS = 8
"""The most pieces a quote is given by quotations that go on it."""
_REPORTS = re.compile(r"\b(?:that|adding|saying|noting|explaining|arguing|referring|describing)\b")
"""An attribution that reports words of its own: the quotation after it is not its."""
_FROM = frozenset(["فيه", "فيها", "عنه", "عنها", "عن"])
"""Words between an Arabic cue of quoting (نقل) and the speaker: نقلت فيه عن …"""
LONGEST_SENTENCE = 1500
"""Characters past its start that reported speech is looked for in, at most (a sentence of
news is rarely a third of that)."""
_THAT_QUOTING = re.compile(
    r"\b(?P<verb>[a-z]+(?:ed|es|s|ing)|was|is|are|were|say|said|warning|claim|argument|"
    r"answer|contention|assertion)(?:\s+(?:on|in|at|during|to)\s+[^,.;:“”\"«»]{1,60}?)?\s+"
    r"(?P<that>that)\s+(?=[\w“\"«])"
    r"(?!(?:have|has|had|was|were|is|are|will|would|could|can|may|might|should|did|does|do)\b)"
)
"""A verb (or a noun of speech), when and where aside, then ``that``: a clause may follow
(not ``that`` opening a relative clause, a verb right after it: ``emails that have been``)."""
_NEW_CLAUSE = re.compile(
    r"[,;]\s*(?:(?:and|but)\s+(?![“\"«]|that\b|because\b|to\b))"
    r"|[,;]?\s*(?:(?:while|before|after|as|according to)\s+(?![“\"«]|that\b)|[—–]|-\s)"
    r"|\s+but\s+[a-z]+ing\b"  # “on paper” but suggesting …
    r"|,\s+(?:in|during)\s+an?\s+(?:interview|statement|speech|email|letter|post|tweet)\b"
)
"""What begins a clause of its own after a quotation in reported speech."""


def _patterns(table: Speech) -> dict[str, re.Pattern[str]]:
    """The regular expressions of a table's words (built once a table)."""
    made = _PATTERNS.get(id(table))
    if made is None:
        made = _PATTERNS[id(table)] = _make_patterns(table)
    return made


_PATTERNS: dict[int, dict[str, re.Pattern[str]]] = {}


def _cue_words(table: Speech) -> frozenset[str]:
    """The words an attribution of a table's is made of, lower-cased (found once a table)."""
    made = _CUE_WORDS.get(id(table))
    if made is None:
        words = " ".join([*table.cues, *table.participles, "according"]).lower()
        made = _CUE_WORDS[id(table)] = frozenset(_LETTERS.findall(words))
    return made


_CUE_WORDS: dict[int, frozenset[str]] = {}


def _make_patterns(table: Speech) -> dict[str, re.Pattern[str]]:
    cues = "|".join(sorted((re.escape(c) for c in table.cues), key=len, reverse=True))
    capitalised = "|".join(  # Said, Added: a cue that opens its sentence
        sorted((re.escape(c[:1].upper() + c[1:]) for c in table.cues), key=len, reverse=True)
    )
    titles = "|".join(
        sorted((re.escape(t) for t in table.titles if t[:1].isupper()), key=len, reverse=True)
    )
    roles = "|".join(
        sorted(
            (re.escape(t) for t in kind_words(table)),
            key=len,
            reverse=True,
        )
    )
    not_names = "|".join(sorted(table.not_names, key=len, reverse=True))
    name_word = rf"(?:(?!(?:{not_names})\b)[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*)"
    joined = r"(?:(?:of|de|da|van|von|bin|del|la)\s+)?"
    name = (
        rf"(?:{MODIFIERS.pattern}\s+){{0,2}}"
        rf"(?:(?:{titles})\s+){{0,3}}{name_word}(?:\s+{joined}{name_word}){{0,4}}"
    )
    phrase = (
        rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther|[Aa]nother|"
        rf"{name_word}(?:'s|’s|'|’))\s+"
        rf"(?:[\w'’.-]+\s+){{0,4}}?(?:{roles})s?\b"
        rf"(?:\s+(?:for|of|at|with|in|from|on)\s+(?:the\s+)?"
        rf"(?:(?:{name_word}|state|defense|staff)(?:\s+{name_word}){{0,4}}(?:\s+[a-z]{{3,}})?))?"
    )
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e)"
    participles = "|".join(sorted(table.participles, key=len, reverse=True))
    reporting = "|".join(sorted(table.reporting, key=len, reverse=True))
    quoting = "|".join(sorted(table.quoting, key=len, reverse=True)) or "(?!)"
    adverbials = "|".join(sorted(table.adverbials, key=len, reverse=True))
    party = r"(?:\s+\([A-Z][^()]{0,20}\))?"  # Sen. Elizabeth Warren (D-MA)
    people = "|".join(
        sorted((re.escape(t) for t in table.titles if t.islower()), key=len, reverse=True)
    )
    described = (  # Virginia delegate Beau Correll, former Utah governor Michael Leavitt
        rf"(?:(?:former|late|retired|the late|then|{name_word}|[a-z]{{3,}})\s+){{0,3}}"
        rf"(?:{people})\s+"
        rf"{name_word}(?:\s+{joined}{name_word}){{0,3}}"
    )
    leading = (  # In an interview Thursday, the senator said …: the words before a subject
        r"(?:In|On|At|During|After|Before|When|While|Last|Earlier|Later|Reached|Asked|"
        r"Speaking|Pressed|Since|Despite|Meanwhile|However|Still|Yet|Now|Then|Today|Yesterday)"
    )
    who = rf"(?P<who>{phrase}|{described}{party}|{name}{party}|{pronoun})"
    appositive = (  # , a teacher from Flint, Mich., — or between dashes
        r"(?P<appos>,\s[^,“”\"«»]{1,160},(?:\s[^,“”\"«»]{1,80},){0,2}"
        r"|\s?[—–]\s?[^—–“”\"«»]{1,160}?\s?[—–])?"
    )
    # has said, then said, jokingly said: the words that may stand between speaker and cue
    manner = (
        r"(?:(?:has|had|have|also|even|still|never|already|later|then|again|once|previously|however|"
        r"at the time|\w+ly)\s+){0,2}"
        r"(?:(?:is|are|was|were)\s+(?=\w+ing\b))?"  # is calling on (was told: the listener)
        rf"(?:{_WHEN}\s+)?"  # Dianne Feinstein last week said
    )
    return {
        "after_cue_first": re.compile(rf"^\s*[,—–-]?\s*(?P<cue>{cues}|according to)\s+{who}\b"),
        "after_who_first": re.compile(
            rf"^\s*[,—–-]?\s*{who}{appositive}\s+{manner}"
            rf"(?P<cue>{cues})\b"
        ),
        # “…,” one user wrote: a cue just after, its speaker's words unknown to the table
        "after_any": re.compile(
            rf"^\s*[,—–-]?\s*(?P<who>(?:[\w'’.-]+\s+){{1,5}}?)(?P<cue>{cues})(?=[\s,.;:]|$)"
        ),
        "before": re.compile(
            rf"(?<![\w'’-]){who}{appositive}\s+{manner}"
            rf"(?P<cue>{cues})\b(?P<rest>[^“”\"«».!?]{{0,60}}?)\s*$"
        ),
        "according": re.compile(
            rf"\b(?P<cue>[Aa]ccording to)\s+{who}[^“”\"«».!?]{{0,40}}?[,:]\s*$"
        ),
        # …, saying, “…”; …, telling Reuters: “…”
        "participle": re.compile(
            rf"\b(?P<cue>{participles})(?:(?:\s+[\w'’.-]+){{1,3}}?[,:]|[,:]?)\s*$"
        ),
        # he supported Obama and said, “…”: the sentence's subject said it
        "coordinated": re.compile(
            rf"\b(?:and|but)\s+{manner}(?P<cue>{cues})(?:(?:\s+[\w'’.-]+){{1,4}}?[,:]|[,:]?)\s*$"
        ),
        # Said Dorothy Poynter, who grew up with him, “…”: the cue before its speaker
        "cue_first": re.compile(
            rf"(?:^|[,;]\s+|[.!?][”\"’]?\s+)(?P<cue>{cues}|{capitalised})\s+{who}{appositive}"
            rf"[^“”\"«».!?]{{0,60}}?[,:]\s*$"
        ),
        # The email said, “…”: a cue just before, its speaker's words unknown to the table
        "cue_any": re.compile(rf"\b(?P<cue>{cues})(?:\s+{_WHEN})?,\s*$|\b(?P<cue2>{cues}):\s*$"),
        "introducer": re.compile(rf"^\s*{who}\s*:\s*$"),
        "coordinated_reported": re.compile(
            rf"\b(?:and|but)\s+{manner}(?P<cue>{reporting})\s+"
            rf"(?P<lead>(?:(?!that\b)[\w'’.,-]+\s+){{0,6}}?that\s+)?"
            rf"(?=[\w“\"«])(?!(?:{adverbials})\b)"
        ),
        # According to the report, the talks failed: what follows its comma
        "according_reported": re.compile(
            rf"(?:^|(?<=[.!?”\"]\s))(?P<cue>According to)\s+{who}[^“”\"«».!?,]{{0,40}}?,\s+"
            rf"(?=[\w“\"«])"
        ),
        "participle_reported": re.compile(
            rf"(?:,[”\"»]?\s+|\b(?:statement|letter|email|memo|release|tweet|post)\s+)"
            rf"(?P<cue>{participles})\s+(?P<lead>that\s+)?(?=[\w“\"«])(?!(?:{adverbials})\b)"
        ),
        "trailing_who_first": re.compile(
            rf",[”\"»]?\s+{who}{appositive}\s+{manner}"
            rf"(?P<cue>{cues})\b[^.!?“”\"«»]{{0,60}}[.!?]?\s*$"
        ),
        "trailing_cue_first": re.compile(
            rf",[”\"»]?\s+(?P<cue>{cues}|according to)\s+{who}\b[^.!?“”\"«»]{{0,80}}[.!?]?\s*$"
        ),
        # These sources, the lawyers said, “all command…”: one quote around its attribution
        "parenthetical": re.compile(
            rf",\s+{who}{appositive}\s+{manner}(?P<cue>{reporting})"
            rf"(?:\s+[\w'’.-]+){{0,3}}?[,:]\s+(?:but\s+|and\s+)?"
        ),
        # called her “third-rate”: what someone was called, quoted
        "naming": re.compile(
            r"\b(?P<cue>called|calls|calling|dubbed|dubbing|labeled|labelled|branded|"
            r"described|describes|describing|referred to|refers to)\s+"
            r"(?!(?:for|on|this|that)\b)(?:[^\s“”\"«»,;:!?]*[^\s“”\"«».,;:!?]\s+){1,12}?"
            r"(?:as\s+)?(?=[“\"])"
        ),
        # where reported speech gives way to another clause of the speaker's
        "clause": re.compile(
            rf",[”\"»]?\s+(?:{participles}|according|referring|describing|calling|citing|"
            rf"pointing|as (?:have|has|did|do|does)|though|although|whereas|which)\b"
            rf"|,?[”\"»]?\s+(?:and|but)\s+{manner}(?:{cues}|called|calls|did|does|lamented)\b"
            r"|[”\"»]?\s+and\s+(?:\w+ly\s+)?[a-z]+(?:ed|ing)\s+(?=(?:the|a|an|his|her|their|its|"
            r"him|them|it|to|that|about|for|on|with)\b)"  # … and criticized the …: another act
            rf"|,[”\"»]?\s+(?:but\s+)?(?:he|she|they|it|we|I)\s+(?:{manner})?(?:{cues})\b"
            rf"|,[”\"»]?\s+but\s+(?:he|she|they|it|we|I)\s"
        ),
        "participle_any": re.compile(rf"\b(?:{participles})\b"),
        "reporting_cue": re.compile(rf"\b(?:{reporting})\b"),
        "quoting_cue": re.compile(rf"\b(?:{quoting})\b"),
        "quoting": re.compile(
            rf"(?<![\w“”\"«»])(?:[Bb]ut |[Aa]nd |[Aa]lso |[Yy]et )?{who}{appositive}\s+"
            rf"{manner}(?P<cue>{quoting})\s+(?P<lead>that\s+)?(?=[\w“\"«])"
        ),
        "subject": re.compile(
            rf"\s*(?:[Bb]ut |[Aa]nd |[Ss]o )?(?:{leading}\b[^,“”\"«»]{{0,80}},\s+)?"
            rf"{who}{appositive}\s+[a-z]"
        ),
        "reported": re.compile(
            rf"(?<![\w“”\"«»])(?:[Bb]ut |[Aa]nd |[Aa]lso |[Yy]et )?{who}{appositive}\s+"
            rf"{manner}"
            rf"(?P<cue>{reporting})\s+(?:{_WHEN}\s+)?"
            rf"(?P<lead>(?:(?!that\b)[\w'’.,-]+\s+){{0,6}}?that\s+)?"
            rf"(?=[\w“\"«])(?!(?:{adverbials})\b)"
        ),
    }


_APPOSITIVE_NAME = re.compile(
    r",\s((?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3}),"
)
"""A name set apart by commas: two to four capitalised words (Pam Bondi, John F. Kelly)."""
_LEADS_A_ROLE = frozenset(["The", "A", "An", "One", "Another", "Two", "Several"])
"""Words a role's phrase opens with (The spokesman, Another delegate)."""


def _at_cue(
    pattern: re.Pattern[str], text: str, first: int, cue: re.Match[str], reach: int
) -> re.Match[str] | None:
    """The pattern's match from ``first`` whose cue is ``cue``, within ``reach`` past it."""
    for match in pattern.finditer(text, first, min(len(text), cue.end() + reach)):
        if match.start("cue") == cue.start():
            return match
        if match.start() > cue.start():
            return None  # the ones after it cannot hold it
    return None


def _who(match: re.Match[str], offset: int) -> tuple[str, int, int]:
    """The speaker's phrase a pattern matched, and where it is in the paragraph.

    A role's phrase followed by a name set apart (``Florida’s attorney general, Pam Bondi,``)
    gives the name.
    """
    phrase = match["who"]
    named = match.groupdict().get("appos")
    if named and (phrase.split()[-1].islower() or phrase.split()[0] in _LEADS_A_ROLE):
        name = _APPOSITIVE_NAME.fullmatch(named)
        if name is not None:
            at = match.start("appos") + name.start(1)
            return name[1], offset + at, offset + at + len(name[1])
    return phrase, offset + match.start("who"), offset + match.end("who")


class _Stretches:
    """Stretches of a paragraph that do not overlap, and whether another overlaps one."""

    def __init__(self, spans: Iterable[tuple[int, int, int]], paragraph: int) -> None:
        self.paragraph = paragraph
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.add(spans)

    def add(self, spans: Iterable[tuple[int, int, int]]) -> None:
        for number, start, end in spans:
            if number == self.paragraph:
                index = bisect.bisect_left(self.starts, start)
                self.starts.insert(index, start)
                self.ends.insert(index, end)

    def overlap(self, spans: Iterable[tuple[int, int, int]]) -> bool:
        for number, start, end in spans:
            index = bisect.bisect_left(self.starts, end) - 1
            if number == self.paragraph and index >= 0 and self.ends[index] > start:
                return True
        return False


class _Reader:
    """Reads an article's paragraphs in order, keeping the last speaker named."""

    def __init__(self, table: Speech, paragraphs: Sequence[str]) -> None:
        self.table = table
        self.paragraphs = paragraphs
        self.heard: list[Heard] = []
        self.arabic = bool(table.prefixes)
        self.speakers = Speakers(table, paragraphs)
        self.patterns = None if self.arabic else _patterns(table)
        self.cue_words = _cue_words(table)
        self.marks_at: list[int] = []
        self.word_starts: list[int] = []
        self.continued: set[int] = set()  # paragraphs whose first quotation goes on another's
        self.claimed: dict[int, list[tuple[int, int, int]]] = {}  # those quotations' spans
        self.opening = re.compile("|".join(re.escape(mark) for mark in table.marks))
        self.ends_at: list[int] = []
        self.quotations: list[tuple[int, int, int, int]] = []  # the paragraph's runs
        self.quotation_starts: list[int] = []

    def paragraph(self, number: int, text: str) -> None:
        ends = sentence_ends(text)
        self.quotations = list(self.runs(text))
        self.quotation_starts = [opened for opened, _, _, _ in self.quotations]
        self.marks_at = [mark for mark, _ in ends]
        self.ends_at = [end for _, end in ends]
        direct = list(self.direct(number, text))  # first: their speakers come before
        found = list(self.reported(number, text) if self.arabic else self.reported_en(number, text))
        claimed = _Stretches(self.claimed.get(number, ()), number)  # an earlier quote's
        found = [heard for heard in found if not claimed.overlap(heard.spans)]
        taken = _Stretches((span for heard in found for span in heard.spans), number)
        found.extend(heard for heard in direct if not taken.overlap(heard.spans))
        found.sort(key=lambda heard: heard.spans[0][1])
        for heard in found:
            if heard.rule == "direct.alone" and self.heard and self.goes_on(self.heard[-1], heard):
                self.heard[-1] = self.joined(self.heard[-1], heard)
            else:
                self.heard.append(heard)

    def goes_on(self, last: Heard, heard: Heard) -> bool:
        """Whether a quotation with no attribution goes on the quote just before it.

        As news prints a speaker's words: “…,” she said. “…” (its next sentence), or a
        paragraph that is a quotation only, after the paragraph that named her.
        """
        if last.cue is None or len(last.spans) >= _MOST_SPANS:
            return False
        number, start, _ = heard.spans[0]
        was, _, end = last.spans[-1]
        if was == number:
            between = self.paragraphs[number][end:start]
        elif was == number - 1 and start <= 1:
            between = self.paragraphs[was][end:]
        else:
            return False
        attribution = between.strip(_MARKS)
        return (
            len(between.split()) <= 30
            and len(sentence_ends(attribution)) <= 1
            and not any(mark in attribution for mark in self.table.marks)
        )

    @staticmethod
    def joined(last: Heard, heard: Heard) -> Heard:
        """A quote with the quotation that goes on it."""
        kind = QuoteKind.MIXED if last.kind is QuoteKind.INDIRECT else last.kind
        return attrs.evolve(
            last, text=f"{last.text} {heard.text}", kind=kind, spans=last.spans + heard.spans
        )

    # Direct quotes.

    def runs(self, text: str) -> Iterator[tuple[int, int, int, int]]:
        """Quotation marks and what they hold.

        Each is (open mark, content start, content end, close mark or the paragraph's end).
        """
        marks = self.table.marks
        size = len(text)
        absent: set[str] = set()  # closing marks the rest of the text lacks: looked for once
        unbalanced_until = 0  # where marks that open inside a quotation were found unbalanced
        resume = 0
        for opening in self.opening.finditer(text):
            at = opening.start()
            if at < resume:
                continue
            closers = marks[opening.group()]
            found = []
            for closer in closers:
                if closer in absent:
                    continue
                position = text.find(closer, at + 1)
                if position < 0:
                    absent.add(closer)
                else:
                    found.append(position)
            close = min(found, default=-1)
            if close > 0 and at >= unbalanced_until and opening.group() not in closers:
                nested = self.nested_close(text, at, close, opening.group(), closers)
                if nested is None:  # looked for as far as it may go: not again
                    unbalanced_until = at + _NESTED_REACH
                else:
                    close = nested
            end = size if close < 0 else close
            start, stop = at + 1, end
            while start < stop and text[start].isspace():
                start += 1
            while stop > start and text[stop - 1] in _TRIM:
                stop -= 1
            if stop > start:
                yield at, start, stop, end
            resume = end + 1

    @staticmethod
    def nested_close(text: str, at: int, close: int, opening: str, closers: str) -> int | None:
        """The mark that closes the quotation opened at ``at``, past quotations inside it.

        ``“wearing “Settle For Hillary” shirts …”``: a mark that opens again before the first
        close holds a quotation of its own. None where the marks do not balance within
        :data:`_NESTED_REACH` (the first close is the quotation's).
        """
        if text.find(opening, at + 1, close) < 0:
            return close
        depth = 0
        for position in range(at + 1, min(len(text), at + _NESTED_REACH)):
            char = text[position]
            if char == opening:
                depth += 1
            elif char in closers:
                if depth == 0:
                    return position
                depth -= 1
        return None

    def direct(self, number: int, text: str) -> Iterator[Heard]:
        runs = self.quotations
        if number in self.continued:  # its first quotation goes on the last paragraph's quote
            runs = runs[1:]
        index = 0
        while index < len(runs):
            opened, start, stop, closed = runs[index]
            spans = [(number, start, stop)]
            begins = max(self.sentence_start(text, opened), opened - LONGEST_SENTENCE)
            before = text[begins:opened]  # its sentence's words, no more (a text without ends)
            cue, who = self.attribution_before(before, number, opened - len(before))
            following = index + 1
            after_end = runs[following][0] if following < len(runs) else len(text)
            after = text[closed + 1 : after_end]
            attributed_after = introduced = False
            if cue is None and self.set_apart(text, stop, closed):
                cue, who = self.attribution_after(after, number, closed + 1)
                attributed_after = cue is not None
            if cue is None and not self.arabic and before.rstrip().endswith(":"):
                introduced = True  # Philip Bump: “…”; From the report: “…”
                who = self.introducer(before, opened - len(before))
            # “…,” he said, “…” and “…,” he said. “…”: one quote, split by its attribution
            while (
                following < len(runs)
                and cue is not None
                and len(after.split()) <= (30 if attributed_after else 12)
                and after.rstrip().endswith((",", "،", ":", "."))
                and "\n" not in after
                and not _ends_a_sentence(after.strip()[:-1])
                and not _REPORTS.search(after)
                and not (attributed_after and self.attributed_itself(text, runs, following))
            ):
                spans.append((number, runs[following][1], runs[following][2]))
                closed = runs[following][3]
                following += 1
                after_end = runs[following][0] if following < len(runs) else len(text)
                after = text[closed + 1 : after_end]
            index = following
            said_in = number  # the paragraph where the speaker is named
            if index == len(runs) and closed == len(text):  # open at the paragraph's end
                closed, found = self.continuation(number, spans, attributed=cue is not None)
                if cue is None and found is not None:
                    cue, who = self.attribution_after(*found)
                    said_in = found[1]
            words = sum(len(self.paragraphs[p][s:e].split()) for p, s, e in spans)
            alone = opened == self.sentence_start(text, opened) and words >= self.table.min_words
            introduced = introduced and (words >= 3 or text[start:stop].endswith(("?", "!")))
            if cue is None and not alone and not introduced:
                continue
            if cue is None and words < self.table.min_words and not introduced:
                continue
            follows = text[closed + 1 : closed + 3].strip()
            if self.arabic and (words < 3 or follows[:1].isalpha()):
                continue  # a name in quotation marks (ذكرت صحيفة «…» الألمانية), not speech
            speaker = self.speakers.resolve(who, said_in, opened if said_in == number else 0)
            kind = QuoteKind.DIRECT
            if cue is not None and said_in == number and spans[-1][0] == number:
                spans, kind = self.with_writers_words(  # the writer's words around it, too
                    text, spans, begins, opened, closed, attributed_after
                )
            content = " ".join(self.paragraphs[p][s:e] for p, s, e in spans)
            if cue is not None:
                rule, confidence = "direct", 0.9 if speaker is not None else 0.85
            elif introduced:
                rule, confidence = "direct.introduced", 0.75
            else:
                rule, confidence = "direct.alone", 0.7
                speaker = self.speakers.recent(number, opened, within=2)
            self.speakers.remember(speaker, number, opened)
            yield Heard(content, kind, cue, tuple(spans), speaker, rule, confidence)

    def with_writers_words(
        self,
        text: str,
        spans: list[tuple[int, int, int]],
        begins: int,
        opened: int,
        closed: int,
        attributed_after: bool,
    ) -> tuple[list[tuple[int, int, int]], QuoteKind]:
        """A quotation's spans with the writer's words of what was said in its sentence.

        Before it (its sentence's words from ``begins`` to its opening mark, ``opened``),
        where its attribution follows (``Since that ruling, the county has engaged in “…,”
        the lawsuit says``); after it (past its closing mark, ``closed``), where its
        attribution goes before (``said “…” in the establishment``). Mixed when there are some.
        """
        number, _, stop = spans[0]
        if attributed_after and self.leads_in(text[begins:opened].strip()):
            spans[0] = (number, begins, stop)
            return spans, QuoteKind.MIXED
        if attributed_after or self.set_apart(text, spans[-1][2], closed):
            return spans, QuoteKind.DIRECT
        goes_on = self.sentence_goes_on(text, closed)
        if goes_on == closed:
            return spans, QuoteKind.DIRECT
        spans[-1] = (number, spans[-1][1], goes_on)
        return spans, QuoteKind.MIXED

    def sentence_goes_on(self, text: str, closed: int) -> int:
        """Where the writer's words that go on a quotation's sentence end, else ``closed``.

        ``said “the fear is as high as it’s ever been” in the establishment.``: the words
        after the closing mark are the writer's telling of what was said, to the sentence's
        end (not a clause of its own, not a comma's aside).
        """
        if self.arabic or closed >= len(text) or text[closed - 1 : closed] in (".", "!", "?"):
            return closed  # … “Too many.” The audience …: a sentence ended inside
        if not _GOES_ON.match(text, closed + 1):
            return closed
        if _NEW_CLAUSE.match(text, closed + 1):
            return closed
        stop = self.reported_stop(text, closed + 1)
        return closed + 1 + len(text[closed + 1 : stop].rstrip(_TRIM + '”"».'))

    def leads_in(self, words: str) -> bool:
        """Whether the words before a quotation are the writer's start of what was said."""
        if self.arabic or len(words.split()) < 2 or words.endswith(":") or "(" in words:
            return False
        assert self.patterns is not None
        return not (_LEAD_ADJUNCT.match(words) or self.patterns["participle_any"].search(words))

    def set_apart(self, text: str, stop: int, closed: int) -> bool:
        """Whether a quotation ends as one its attribution follows: “…,” “…?” “…!” “…—”."""
        ending = text[max(stop - 3, 0) : closed + 2]
        return any(mark in ending for mark in ",،?!؟—–-…")

    def attributed_itself(
        self, text: str, runs: Sequence[tuple[int, int, int, int]], index: int
    ) -> bool:
        """Whether a quotation has an attribution of its own after it (“…,” she said)."""
        _, _, stop, closed = runs[index]
        end = runs[index + 1][0] if index + 1 < len(runs) else len(text)
        if not self.set_apart(text, stop, closed):
            return False
        return self.attribution_after(text[closed + 1 : end], 0, closed + 1)[0] is not None

    def introducer(self, before: str, offset: int) -> tuple[str, int, int] | None:
        """Who a colon gives a quotation to: a name (``Philip Bump: “…”``), else no one."""
        assert self.patterns is not None
        match = self.patterns["introducer"].search(before) or self.patterns["subject"].match(before)
        return None if match is None else _who(match, offset)

    def continuation(
        self, number: int, spans: list[tuple[int, int, int]], *, attributed: bool = False
    ) -> tuple[int, tuple[str, int, int] | None]:
        """A quotation left open at a paragraph's end, going on in the next ones.

        As newspapers print it: each paragraph opens with a quotation mark, and only the
        last closes. Its spans are added; returns where it closes (in its last paragraph),
        and that paragraph's text after it, for an attribution (text, paragraph, offset).
        A quotation ``attributed`` already ends where the next paragraph's is attributed
        again (``Obama said: “… ¶ “…,” Obama said.``): that one is another quote.
        """
        closed = len(self.paragraphs[number])
        found = None
        while closed == len(self.paragraphs[number]) and number + 1 < len(self.paragraphs):
            following = self.paragraphs[number + 1]
            if following[:1] not in self.table.marks:
                break
            first = next(self.runs(following), None)
            if first is None or first[0] != 0:
                break
            after = following[first[3] + 1 : first[3] + 161]
            if attributed and self.attribution_after(after, number + 1, first[3] + 1)[0]:
                break  # attributed again (“…,” she said): a quote of its own, as annotators mark it
            number += 1
            spans.append((number, first[1], first[2]))
            self.continued.add(number)
            self.claimed.setdefault(number, []).append((number, first[1], first[2]))
            closed = first[3]
            found = (following[closed + 1 : closed + 161], number, closed + 1)
        return closed, found

    def sentence_start(self, text: str, at: int) -> int:
        """Where the sentence that holds ``at`` starts (past its spaces).

        Past the closing mark of a quotation that ended the sentence before, too
        (``… colleagues.” At the same time``).
        """
        index = bisect.bisect_right(self.ends_at, at) - 1
        start = self.ends_at[index] if index >= 0 else 0
        while index >= 0 and start < at and text[start] in _CLOSING:
            start += 1
        while start < at and text[start].isspace():
            start += 1
        return start

    def sentence_stop(self, text: str, at: int) -> int:
        """Where the sentence that holds ``at`` ends: its mark, or the paragraph's end.

        No further than :data:`LONGEST_SENTENCE` past ``at``: what is reported is looked for
        within it, so that a text without sentence marks stays linear.
        """
        index = bisect.bisect_left(self.marks_at, at)
        stop = self.marks_at[index] if index < len(self.marks_at) else len(text)
        return min(stop, at + LONGEST_SENTENCE)

    def attribution_before(
        self, before: str, number: int, offset: int
    ) -> tuple[str | None, tuple[str, int, int] | None]:
        """The cue and speaker of the text before a quotation, in its sentence."""
        if self.arabic:
            return self.arabic_before(before, number, offset)
        assert self.patterns is not None
        window = before[-200:]
        if self.cue_words.isdisjoint(_LETTERS.findall(window.lower())):
            return None, None  # no word an attribution is made of
        shift = offset + len(before) - len(window)
        match = self.patterns["before"].search(window)
        if match is not None and self.introduces(match["rest"]):
            return match["cue"], _who(match, shift)
        match = self.patterns["according"].search(window)
        if match is not None:
            return match["cue"], _who(match, shift)
        # …, saying, “…” and … and said, “…”: the sentence's subject, else the last speaker
        match = self.patterns["participle"].search(window) or self.patterns["coordinated"].search(
            window
        )
        if match is not None:
            subject = self.subject_before(before, offset, match.start() + shift - offset, number)
            return match["cue"], subject or ("", -1, -1)
        if not window.rstrip().endswith((",", ":")):
            return None, None
        match = self.patterns["cue_first"].search(window)
        if match is not None:
            return match["cue"], _who(match, shift)
        match = self.patterns["cue_any"].search(window)
        if match is not None:  # the sentence's subject when it is a speaker's, else no one
            cue = match["cue"] or match["cue2"]
            return cue, self.subject_before(before, offset, match.start() + shift - offset, number)
        return None, None

    def subject_before(
        self, before: str, offset: int, at: int, number: int
    ) -> tuple[str, int, int] | None:
        """The speaker a sentence opens with, or the words after its first commas, before ``at``.

        Returns the phrase and where it is in the paragraph (``before`` starts at ``offset``).
        """
        for start in (0, *self.clause_starts(before, 0, at)):
            who = self.subject_at(before, start, at)
            if who is not None:
                found = (who[0], who[1] + offset, who[2] + offset)
                if self.speakers.resolve(found, number, offset + at) is not None:
                    return found
        return None

    @staticmethod
    def introduces(rest: str) -> bool:
        """Whether the words between a cue and a quotation introduce it.

        They do in ``said: “``, ``told reporters, “``, ``said that “``; not in a sentence
        that quotes a phrase of its own (``was a “respectful arrangement”``).
        """
        rest = rest.strip()
        return not rest or rest.endswith((",", ":", " that")) or rest == "that"

    def attribution_after(
        self, after: str, number: int, offset: int
    ) -> tuple[str | None, tuple[str, int, int] | None]:
        """The cue and speaker of the text after a quotation (“…,” she said)."""
        if self.arabic or not after.strip():
            return None, None
        assert self.patterns is not None
        window = after[:160]
        for name in ("after_who_first", "after_cue_first", "after_any"):
            match = self.patterns[name].match(window)
            if match is not None:
                return match["cue"], _who(match, offset)
        return None, None

    # Reported speech.

    def reported_en(self, number: int, text: str) -> Iterator[Heard]:
        """Reported speech in English, in order of where it starts.

        ``Trump said the justice's “mind is shot”``; ``…, saying the nominee “has not…”``
        (the last speaker's); ``The talks failed, the minister said.``
        """
        assert self.patterns is not None
        found: list[Heard] = []
        taken_until = 0
        for cue in self.patterns["reporting_cue"].finditer(text):
            if self.quoted_at(cue.start()):
                continue  # reported inside a quotation: the quotation's speaker says it
            if not _WORDS_FOLLOW.match(text, cue.end()):
                continue  # “…,” he said. : nothing reported after it
            # the speaker before the cue, looked for near it only (the whole text: quadratic)
            first = max(cue.start() - 240, self.sentence_start(text, cue.start()))
            if not _MAY_NAME.search(text, first, cue.start()):
                continue  # no word a speaker's phrase is made of: nobody named
            match = _at_cue(self.patterns["reported"], text, first, cue, 120)
            if match is None or match.start() < taken_until:
                continue
            heard = self.said(number, text, match, match.end(), rule="indirect")
            if heard is not None:
                found.append(heard)
                taken_until = heard.spans[0][2]
        taken = _Stretches((span for heard in found for span in heard.spans), number)
        for heard in self.quoting(number, text):
            if not taken.overlap(heard.spans):
                found.append(heard)
                taken.add(heard.spans)
        for rule in ("participle", "coordinated", "according"):
            for match in self.patterns[f"{rule}_reported"].finditer(text):
                if self.quoted_at(match.start("cue")):
                    continue
                heard = self.said(number, text, match, match.end(), rule=rule)
                if heard is not None and not taken.overlap(heard.spans):
                    found.append(heard)
                    taken.add(heard.spans)
        for match in self.patterns["naming"].finditer(text):
            heard = self.naming(number, text, match)
            if heard is not None and not taken.overlap(heard.spans):
                found.append(heard)
                taken.add(heard.spans)
        for match in self.patterns["parenthetical"].finditer(text):
            heard = self.parenthetical(number, text, match)
            if heard is not None and not taken.overlap(heard.spans):
                found.append(heard)
                taken.add(heard.spans)
        for heard in self.that_quoting(number, text):
            if not taken.overlap(heard.spans):
                found.append(heard)
                taken.add(heard.spans)
        start = 0
        for end in [*self.ends_at, len(text)]:
            if self.quoted_at(start):  # a sentence inside a quotation: the direct quotes'
                start = end
                continue
            sentence = text[start:end]
            for name in ("trailing_who_first", "trailing_cue_first"):
                attribution = self.patterns[name].search(sentence)
                if attribution is None:
                    continue
                heard = self.trailing(number, text, start, attribution)
                if heard is not None and not taken.overlap(heard.spans):
                    found.append(heard)
                    taken.add(heard.spans)
                break
            start = end
        found.sort(key=lambda heard: heard.spans[0][1])
        yield from found

    def that_quoting(self, number: int, text: str) -> Iterator[Heard]:
        """``… is insisting that he has “expanded the party”``: a clause that quotes, after a verb.

        Whatever the verb (said, alleged, his answer was, does say): a ``that`` clause of a
        verb that quotes someone's words reports them. The sentence's subject said them,
        else the last speaker, else no one named.
        """
        taken_until = 0
        for match in _THAT_QUOTING.finditer(text):
            start = match.start("that")
            if start < taken_until or self.quoted_at(start):
                continue  # inside the last one found (the text stays linear), or quoted
            following = bisect.bisect_left(self.quotation_starts, match.end())
            if following == len(self.quotations):
                continue
            sentence_stop = self.sentence_stop(text, start)
            if self.quotation_starts[following] > min(sentence_stop, match.end() + 80):
                continue  # nothing quoted in the clause
            stop = self.reported_stop(text, start)
            content = text[start:stop].rstrip(_TRIM + '”"»')
            if len(content.split()) < 4 or not any(m in content for m in self.table.marks):
                continue
            speaker = self.subject_of(text, number, start)
            taken_until = stop
            yield self.reported_speech(
                content, match["verb"], number, start, speaker, "that.quoting", 0.6
            )

    def quoting(self, number: int, text: str) -> Iterator[Heard]:
        """``Trump vowed to “bomb the hell” out of …``: a verb that reports speech by quoting."""
        assert self.patterns is not None
        if not self.quotations:
            return
        for cue in self.patterns["quoting_cue"].finditer(text):
            following = bisect.bisect_left(self.quotation_starts, cue.end())
            if (
                following == len(self.quotations)
                or self.quotation_starts[following] > self.sentence_stop(text, cue.end())
                or self.quoted_at(cue.start())
            ):
                continue  # nothing quoted after it in its sentence
            if not _MAY_NAME.search(text, max(0, cue.start() - 160), cue.start()):
                continue
            match = _at_cue(self.patterns["quoting"], text, max(0, cue.start() - 160), cue, 8)
            if match is None:
                continue
            heard = self.said(number, text, match, match.end(), rule="quoting")
            if heard is not None and heard.kind is QuoteKind.MIXED:
                yield heard

    def said(
        self, number: int, text: str, match: re.Match[str], start: int, *, rule: str
    ) -> Heard | None:
        """What follows a cue, to the end of its sentence (or a clause of its own).

        ``rule``: ``indirect`` when the speaker stands before the cue; else (``participle``,
        ``coordinated``) the speaker is the sentence's subject, or the last one.
        """
        leading = rule in ("indirect", "quoting", "according")
        lead = match.groupdict().get("lead")
        if (
            lead
            and match["cue"] not in self.table.needs_that
            and lead.split()[0] != "that"
            and lead.split()[0].lower() not in self.table.adverbials
        ):  # said his worry is that …: the words are his worry's (said on Sunday that: not)
            start = match.start("lead")
        if start >= len(text) or text[start] in self.table.marks:
            return None  # a quotation: the direct quotes'
        stop = self.reported_stop(text, start)
        content = text[start:stop].rstrip(_TRIM + '”"»')
        quoted = any(mark in content for mark in self.table.marks)
        if len(content.split()) < (3 if quoted else 4) or _INTRODUCED.match(content):
            return None  # told reporters: “…”: the direct quotes'
        if self.table.keeps_complementiser and lead and start == match.end():
            that = start - len(lead) + lead.rindex("that")
            content, start = text[that:stop].rstrip(_TRIM + '”"»'), that
        if leading and match["cue"] in self.table.needs_that and not match["lead"]:
            whom = _TOLD_WHOM.match(text, start)  # told reporters he …: whom, then what
            if whom is None:
                return None  # told ABC’s “Good Morning America”: told whom, not what
            start = whom.end()
            content = text[start:stop].rstrip(_TRIM + '”"»')
        if leading:
            speaker = self.speakers.resolve(_who(match, 0), number, start)
            if speaker is None and match["who"].lower() not in self.table.pronouns:
                return None
        else:  # …, saying …: the sentence's subject said it, else the last speaker
            speaker = self.subject_of(text, number, start)
        self.speakers.remember(speaker, number, start)
        confidence = (0.75 if quoted else 0.7) if rule == "indirect" else 0.65
        return self.reported_speech(content, match["cue"], number, start, speaker, rule, confidence)

    def reported_stop(self, text: str, start: int) -> int:
        """Where reported speech that starts at ``start`` ends.

        At its sentence's end, or past a quotation it opens; before a clause of the speaker's
        own (``…, saying``, ``and called``), not inside a quotation; at a comma after its last
        quotation.
        """
        stop = self.quoted_stop(text, start, self.sentence_stop(text, start))
        assert self.patterns is not None
        # each of the clause's forms holds a comma, "and" or "but", with only marks and spaces
        # before it: the first of those is where to look from (a faster scan than the pattern's)
        token = _CLAUSE_TOKEN.search(text, start, stop)
        if token is None:
            return self.past_quotation(text, start, stop)
        first = token.start()
        while first > start and (text[first - 1].isspace() or text[first - 1] in ',”"»'):
            first -= 1
        clause = self.patterns["clause"].search(text, first, stop)
        while clause is not None and self.quoted_at(clause.end() - 1):  # the speaker's words
            clause = self.patterns["clause"].search(text, clause.start() + 1, stop)
        if clause is not None:
            stop = clause.start()
        return self.past_quotation(text, start, stop)

    def past_quotation(self, text: str, start: int, stop: int) -> int:
        """Where reported words that quote end: at a comma after their last quotation closes.

        ``vowed to “bomb the hell” out of the Islamic State, also known as ISIS``.
        """
        first = bisect.bisect_left(self.quotation_starts, start)
        last = bisect.bisect_left(self.quotation_starts, stop, lo=first) - 1
        if last < first:
            return stop
        closed = self.quotations[last][3]
        for mark in (",", ";"):
            found = text.find(mark, closed + 1, stop)
            if found >= 0:
                stop = found
        return stop

    def subject_of(self, text: str, number: int, at: int) -> Named | None:
        """Who the sentence holding ``at`` is about, said before it; else the last speaker."""
        first = self.sentence_start(text, at)
        speaker = None
        for start in (first, *self.clause_starts(text, first, at)):
            subject = self.subject_at(text, start, at)
            if subject is not None:
                speaker = self.speakers.resolve(subject, number, at)
            if speaker is not None:
                break
        return speaker or self.speakers.recent(number, at)

    def subject_at(self, text: str, start: int, at: int) -> tuple[str, int, int] | None:
        """The speaker's phrase a clause opens with, if it opens with one before ``at``."""
        assert self.patterns is not None
        subject = self.patterns["subject"].match(text, start, at)
        return None if subject is None else _who(subject, 0)

    @staticmethod
    def clause_starts(text: str, start: int, at: int) -> Iterator[int]:
        """Where the words after a sentence's first commas begin (Hours later, Trump said)."""
        for _ in range(2):
            comma = text.find(", ", start, at)
            if comma < 0 or any(mark in text[start:comma] for mark in '“”"«»'):
                return
            start = comma + 2
            yield start

    def naming(self, number: int, text: str, match: re.Match[str]) -> Heard | None:
        """``He called her “third-rate”``: whom, and the quoted words, said by the subject."""
        if self.quoted_at(match.start()):
            return None
        index = bisect.bisect_left(self.quotation_starts, match.end())
        if index == len(self.quotations) or self.quotation_starts[index] != match.end():
            return None
        closed = self.quotations[index][3]
        start = match.end("cue") + 1
        if closed >= len(text) or len(text[start:closed].split()) > 40:
            return None  # left open, or a long quotation: the direct quotes'
        while index + 1 < len(self.quotations) and _AND_QUOTED.fullmatch(
            text, closed + 1, self.quotation_starts[index + 1]
        ):  # called it “meritless” and “improper”: both names
            index += 1
            closed = self.quotations[index][3]
        stop = closed  # … “big tent” Republican Party: to the sentence's end
        relative = _WHAT.search(text, max(0, match.start() - 60), match.start())
        if relative is None and not self.set_apart(text, self.quotations[index][2], closed):
            stop = self.sentence_goes_on(text, closed)
        content = text[start:stop].rstrip(_TRIM + '”"»')  # the name given, to its close
        speaker = self.subject_of(text, number, start)
        spans = ((number, start, start + len(content)),)
        return Heard(content, QuoteKind.MIXED, match["cue"], spans, speaker, "naming", 0.6)

    def parenthetical(self, number: int, text: str, match: re.Match[str]) -> Heard | None:
        """``Trump, Sexton said, has created a “…”``: the words both sides of the attribution."""
        if self.quoted_at(match.start()):
            return None
        first = self.sentence_start(text, match.start())
        if text[first : first + 1] in self.table.marks or self.quoted_at(first):
            return None  # “…,” he said, “…”: the direct quotes'
        second = match.end()
        if text[second : second + 1] in self.table.marks and _ADJUNCT.match(text, first):
            return None  # Asked about it, Ryan said, “…”: the quotation is the direct quotes'
        stop = self.quoted_stop(text, second, self.sentence_stop(text, second))
        head = text[first : match.start()].rstrip(_TRIM)
        tail = text[second:stop].rstrip(_TRIM + '”"»')
        if not head or len((head + " " + tail).split()) < 5 or len(tail.split()) < 2:
            return None
        speaker = self.speakers.resolve(_who(match, 0), number, first)
        if speaker is None and match["who"].lower() not in self.table.pronouns:
            return None
        self.speakers.remember(speaker, number, first)
        quoted = any(mark in head + tail for mark in self.table.marks)
        spans = ((number, first, first + len(head)), (number, second, second + len(tail)))
        kind = QuoteKind.MIXED if quoted else QuoteKind.INDIRECT
        text_of = f"{head} {tail}"
        return Heard(text_of, kind, match["cue"], spans, speaker, "indirect.around", 0.7)

    def quoted_at(self, at: int) -> bool:
        """Whether ``at`` is inside one of the paragraph's quotations."""
        index = bisect.bisect_left(self.quotation_starts, at) - 1
        return index >= 0 and self.quotations[index][3] > at

    def quoted_stop(self, text: str, start: int, stop: int) -> int:
        """Where reported speech that quotes ends, given its sentence's ``stop``.

        A quotation opened in it runs to its closing mark, past the sentence's end
        (``said Carson is "losing strength. Some of his support…"``); after a closing
        mark, a new clause ends it (``“weak like a baby” and said…``, ``“…,” according to``).
        """
        first = bisect.bisect_left(self.quotation_starts, start)
        for index in range(first, len(self.quotations)):
            opened, _, _, closed = self.quotations[index]
            if opened >= stop:
                break
            if closed > stop:
                return closed
            if _NEW_CLAUSE.match(text, closed + 1):
                return closed
        return stop

    def trailing(self, number: int, text: str, offset: int, match: re.Match[str]) -> Heard | None:
        """``The talks failed, the minister said.``: what comes before its attribution."""
        first = offset
        while first < len(text) and text[first].isspace():
            first += 1
        stop = offset + match.start()
        inner = text[first:stop].strip().rstrip(",")
        if match["cue"] != "according to" and _REPORTED_AFTER.match(match.string, match.end("cue")):
            return None  # Another delegate, Jim Poolman, said he …: what follows was said
        if inner[:1] in self.table.marks and not any(m in inner[1:-1] for m in '“”"«»'):
            return None  # one quotation, then its attribution: the direct quotes'
        content = text[first:stop].rstrip(_TRIM + '”"»')
        content_start = first + (len(text[first:stop]) - len(text[first:stop].lstrip('“"«”» ')))
        content = text[content_start : first + len(content)]
        if len(content.split()) < 4:
            return None
        speaker = self.speakers.resolve(_who(match, offset), number, content_start)
        if speaker is None and match["who"].lower() not in self.table.pronouns:
            return None
        self.speakers.remember(speaker, number, content_start)
        return self.reported_speech(
            content, match["cue"], number, content_start, speaker, "indirect.after", 0.7,
            around=text[first:stop],
        )  # fmt: skip

    def reported_speech(
        self,
        content: str,
        cue: str | None,
        number: int,
        start: int,
        speaker: Named | None,
        rule: str,
        confidence: float,
        *,
        around: str | None = None,
    ) -> Heard:
        """Reported speech found: mixed when it (or ``around`` it) holds a quotation."""
        quoted = any(mark in (content if around is None else around) for mark in self.table.marks)
        kind = QuoteKind.MIXED if quoted else QuoteKind.INDIRECT
        span = ((number, start, start + len(content)),)
        return Heard(content, kind, cue, span, speaker, rule, confidence)

    def cue_of(self, word: str, opens: bool = True) -> str | None:
        """The cue a word is, bare of its prefixes and punctuation: 'cue' or 'participle'.

        ``opens``: whether the word begins its sentence (an ambiguous cue must, or be
        prefixed).
        """
        return self.cue_and_verb(word, opens)[0]

    def cue_and_verb(self, word: str, opens: bool = True) -> tuple[str | None, str]:
        """The cue a word is (as :meth:`cue_of`), and the verb bare of its prefixes."""
        bare = word.strip('،,.:؛;()«»“”"')
        for candidate in (
            bare,
            *(bare[len(p) :] for p in self.table.prefixes if bare.startswith(p)),
        ):
            if candidate in self.table.ambiguous and candidate == bare and not opens:
                continue
            if candidate in self.table.cues:
                return "cue", candidate
            if candidate in self.table.participles:
                return "participle", candidate
        return None, bare

    def arabic_before(
        self, before: str, number: int, offset: int
    ) -> tuple[str | None, tuple[str, int, int] | None]:
        words = list(_WORD.finditer(before))
        for index in range(len(words) - 1, max(-1, len(words) - 14), -1):
            word = words[index]
            kind = self.cue_of(word.group(), opens=index == 0)
            if kind is None:
                continue
            cue = word.group().strip("،,.:؛;")
            who = self.arabic_speaker(words[index + 1 :], before, offset)
            return cue, who
        return None, None

    def arabic_speaker(
        self, words: list[re.Match[str]], text: str, offset: int
    ) -> tuple[str, int, int] | None:
        """The speaker's phrase among the words after a cue, up to when or where it was said.

        A phrase with an honorific (``المدير الإقليمي للحملة … الدكتور بدر السمحان``) runs to
        the name after it, whatever words its title holds.
        """
        taken: list[re.Match[str]] = []
        honorific = next(
            (
                i
                for i, word in enumerate(words[:16])
                if word.group().strip("،,") in self.table.honorifics
            ),
            None,
        )
        if honorific is not None:
            taken.extend(words[:honorific])
            words = words[honorific:]
        while words and words[0].group() in _FROM and not taken:  # نقلت فيه عن فلان قوله إن
            words = words[1:]
        for word in words:
            bare = word.group().strip("،,.:؛;")
            if (
                bare in self.table.before_speaker
                or bare in self.table.complementisers
                or word.group()[:1] in '“«"'
                or not bare
            ):
                break
            taken.append(word)
            if word.group().endswith(("،", ",", ":")):
                break
        if not taken:
            return None
        start, end = taken[0].start(), taken[-1].end()
        while end > start and text[end - 1] in "،,.:؛; ":
            end -= 1
        return text[start:end], offset + start, offset + end

    def reported(self, number: int, text: str) -> Iterator[Heard]:
        """Reported speech: a cue, its speaker, a complementiser, and what was said."""
        words = list(_WORD.finditer(text))
        self.word_starts = [word.start() for word in words]
        index = 0
        while index < len(words):
            opens = index == 0 or words[index - 1].group().endswith((".", "!", "؟", "?", "؛", ":"))
            kind, verb = self.cue_and_verb(words[index].group(), opens)
            if kind is None:
                index += 1
                continue
            cue_word = words[index]
            found = self.complementiser(words, index + 1, text, verb)
            rule, confidence = "indirect", 0.8
            if found is None and kind == "participle" and index + 1 < len(words):
                found = cue_word.end(), index + 1  # مضيفا الخدمات …: what follows at once
                rule, confidence = "participle", 0.7
            elif found is None:
                found = self.object_after_comma(words, index + 1)
                rule, confidence = "indirect.comma", 0.65
            if found is None:
                index += 1
                continue
            comp_end, after_index = found
            start = comp_end
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text) or text[start] in self.table.marks:
                index = after_index
                continue  # a quotation: the direct quotes' (its cue found there)
            stop = self.content_end(text, start, words)
            content = text[start:stop].rstrip(_TRIM + ".")
            quoted = any(mark in content for mark in self.table.marks)
            if len(content.split()) < 3 or (quoted and rule == "indirect.comma"):
                index = after_index
                continue
            who = None
            if kind == "cue":
                between = [w for w in words[index + 1 : after_index] if w.end() <= comp_end]
                who = self.arabic_speaker(between, text, 0)
            at = cue_word.start()
            speaker = self.speakers.resolve(who, number, at) if who is not None else None
            implicit = who is None
            if implicit:
                speaker = self.speakers.recent(number, at)
            self.speakers.remember(speaker, number, at)
            if kind == "participle" and rule == "indirect":
                rule = "participle"
            cue = cue_word.group().strip("،,.:؛;")
            confidence -= 0.05 if implicit else 0.0
            yield self.reported_speech(content, cue, number, start, speaker, rule, confidence)
            end = start + len(content)
            while index < len(words) and words[index].start() < end:
                index += 1

    def object_after_comma(self, words: list[re.Match[str]], first: int) -> tuple[int, int] | None:
        """``أكد المتحدث …، أهمية …``: a speaker's phrase closed by a comma, then what he said.

        Only where the phrase names a speaker by a title or an organisation's word.
        """
        for index in range(first, min(len(words), first + 12)):
            word = words[index].group()
            if _closes(word) or self.cue_of(word) is not None:
                return None
            if word.endswith(("،", ",")) and index + 1 < len(words):
                phrase = {w.group().strip("،,") for w in words[first : index + 1]}
                if phrase & (self.table.titles | self.table.organisations):
                    return words[index].end(), index + 1
                return None
        return None

    def complementiser(
        self, words: list[re.Match[str]], first: int, text: str, verb: str = ""
    ) -> tuple[int, int] | None:
        """Where the complementiser after a cue ends, and the index of the next word.

        None when none comes within a dozen words and before the sentence ends.
        """
        for index in range(first, min(len(words), first + 20)):
            word = words[index].group()
            bare = word.strip("،,:؛;")
            if index + 1 < len(words):
                pair = f"{bare} {words[index + 1].group().strip('،,:؛;')}"
                if pair in self.table.complementisers:
                    return words[index + 1].end(), index + 2
            if bare in self.table.complementisers:
                return words[index].end(), index + 1
            if verb in self.table.governed.get(bare, ()):
                return words[index].end(), index + 1
            if _closes(word) or self.cue_of(word) is not None:
                return None
        return None

    def content_end(self, text: str, start: int, words: list[re.Match[str]]) -> int:
        """Where reported speech ends: its sentence's end, or the next cue after a comma."""
        stop = self.sentence_stop(text, start)
        starts = self.word_starts
        for index in range(bisect.bisect_right(starts, start), bisect.bisect_left(starts, stop)):
            word = words[index]
            if self.cue_of(word.group()) is not None:
                head = text[start : word.start()].rstrip()
                if head.endswith(("،", ",", "في حين", "فيما", "بينما")):
                    return start + len(head)
        return stop
