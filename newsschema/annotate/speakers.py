"""Speakers: who a text names as saying something, of what kind, and whom a pronoun means.

The stage after the quotes' rules have found an attribution's phrase
(:mod:`~newsschema.annotate.quotes`): a phrase becomes a speaker when the words around it
say its kind (a title, an honorific, an organisation's, a group's or a writing's word) or
its shape does (English: two or more capitalised words, a name led by *The*, or a surname
the article gives whole elsewhere; Arabic: a name not led by the article ال); a phrase with
none of these is no speaker. A pronoun, or an Arabic verb with no subject, is the last
speaker of its kind a few paragraphs back at most; a name said again (*Blinken* after
*Antony Blinken*) is the speaker named before.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import attrs

from newsschema.annotate.speech import Speech
from newsschema.model import EntityKind

__all__ = ["MODIFIERS", "Named", "Speakers", "kind_words"]


@attrs.frozen
class Named:
    """A speaker as the text names it.

    Attributes:
        name: the name, or the noun phrase (``the spokesman``), without a title before it.
        kind: person, organization or group, from the words around it.
        title: the title the text gives with the name (``Secretary of State``), or None.
        paragraph: where the name stands.
        start: its first code point.
        end: the code point after its last.
        rule: which rule named it (``name``, ``title``, ``phrase``).
    """

    name: str
    kind: EntityKind
    title: str | None
    paragraph: int
    start: int
    end: int
    rule: str


_LONGER_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+)+")
"""A run of capitalised words (Senate Majority Leader Mitch McConnell): its last word may be
a person's surname, said alone later."""
MODIFIERS = re.compile(r"(?:former|retired|late|acting|outgoing|\d+-year-old)")
"""Words before a name and its title that are neither (former Gov. Jim Hodges)."""
_LOOK_BACK = 64
"""The most speakers looked back over for the one a pronoun or a participle means."""


def kind_words(table: Speech) -> frozenset[str]:
    """The words that say what kind a speaker is."""
    return table.titles | table.organisations | table.groups


class Speakers:
    """The speakers of an article's paragraphs, as they are named in order of reading."""

    def __init__(self, table: Speech, paragraphs: Sequence[str]) -> None:
        self.table = table
        self.paragraphs = paragraphs
        self.arabic = bool(table.prefixes)
        self.said_at: list[tuple[int, int]] = []  # (paragraph, where), in order
        self.said_by: list[Named] = []  # who said what is there
        self.by_name: dict[str, Named] = {}  # each name, and each word of a name: its speaker
        self.names: set[str] | None = None

    def resolve(self, who: tuple[str, int, int] | None, number: int, at: int) -> Named | None:
        """The speaker a phrase names, with its kind from evidence; a pronoun, the last one.

        ``at`` is where the quote is: a pronoun is the last speaker before it.
        """
        if who is None:
            return None
        phrase, start, end = who
        if start < 0:  # said by the last speaker (a participle: adding, مضيفا)
            return self.recent(number, at)
        if phrase.lower() in self.table.pronouns:
            return self.recent(number, at, self.table.pronouns[phrase.lower()])
        earlier = self.named_before(phrase, number, start)
        if earlier is not None:
            return earlier
        if self.arabic:
            return self.arabic_named(phrase, number, start, end)
        words = re.sub(r"\s+\([^()]*\)$", "", phrase).split()  # (D-MA): not the name
        title_words: list[str] = []
        while len(words) > 2 and MODIFIERS.fullmatch(words[0]):  # former, 17-year-old
            modifier = words.pop(0)
            if not modifier[:1].isdigit():
                title_words.append(modifier)
        role = next(
            (
                i
                for i in range(len(words) - 2, -1, -1)
                if words[i] in self.table.titles
                and words[i].islower()
                and words[i + 1][:1].isupper()
            ),
            None,
        )
        if role is not None:
            title_words, words = [*title_words, *words[: role + 1]], words[role + 1 :]
        while (
            len(words) > 1
            and words[0][:1].isupper()
            and (words[0] in self.table.titles or words[0].lower() in self.table.titles)
        ):  # Secretary, Journalist: a title opening the phrase, as written
            title_words.append(words.pop(0))
            while len(words) > 2 and words[0] in ("of", "for"):  # Secretary of State
                title_words.extend(words[:2])
                words = words[2:]
        inner = [i for i, w in enumerate(words[:-1]) if i and w in self.table.titles]
        if inner and words[inner[-1] + 1][:1].isupper():  # Wisconsin Gov. Jim Doyle
            title_words, words = [*title_words, *words[: inner[-1] + 1]], words[inner[-1] + 1 :]
        name = " ".join(words)
        name_start = start + phrase.find(name) if name in phrase else start
        kind, rule = self.kind_of(phrase, words, bool(title_words))
        if kind is None:
            return None
        if kind is EntityKind.PERSON and " of " in name and len(name.split(" of ")[0].split()) > 1:
            name = name.split(" of ")[0]  # Tom Cole of Oklahoma: where he is from, not his name
        return Named(
            name,
            kind,
            " ".join(title_words) or None,
            number,
            name_start,
            name_start + len(name),
            rule,
        )

    def kind_of(self, phrase: str, words: list[str], titled: bool) -> tuple[EntityKind | None, str]:
        """The kind an English phrase names, and the rule that says so; None without evidence."""
        table = self.table
        lowered = [w.strip(",.") for w in words]
        if phrase[:1].islower() or phrase.split()[0] in ("The", "A", "An"):
            last = lowered[-1]
            if last.endswith("s") and last[:-1] in table.titles:  # the lawyers: a group
                return EntityKind.GROUP, "phrase"
        if titled:
            return EntityKind.PERSON, "title"
        if phrase.startswith("The ") and all(w[:1].isupper() for w in phrase.split()[1:]):
            return EntityKind.ORGANIZATION, "name"  # The Federalist, The Wall Street Journal
        if phrase[:1].islower() or phrase.split()[0] in ("The", "A", "An"):
            words_of_kind = kind_words(table)
            head = next((w for w in reversed(lowered) if w in words_of_kind), None)
            for w in lowered:
                if w in ("for", "of", "at", "with", "in"):
                    break
                if w in words_of_kind:
                    head = w
            if head in table.groups:
                return EntityKind.GROUP, "phrase"
            if head in table.titles:
                return EntityKind.PERSON, "phrase"
            if head in table.organisations:
                return EntityKind.ORGANIZATION, "phrase"
            return None, "phrase"
        if any(w in table.organisations for w in lowered):
            return EntityKind.ORGANIZATION, "name"
        if len(lowered) == 1 and lowered[0] in table.groups:  # Democrats said
            return EntityKind.GROUP, "name"
        if len(lowered) >= 2:
            return EntityKind.PERSON, "name"
        if self.earlier_name(lowered[0]):
            return EntityKind.PERSON, "name"
        return None, "name"

    def earlier_name(self, last: str) -> bool:
        """Whether a longer name ends with ``last`` in the article (``Hillary Clinton``)."""
        if self.names is None:  # the last words of the article's names, found once
            self.names = {
                word
                for text in self.paragraphs
                for match in _LONGER_NAME.finditer(text)
                for word in match.group().split()
            }
        return last in self.names

    def arabic_named(self, phrase: str, number: int, start: int, end: int) -> Named | None:
        """The speaker an Arabic phrase names: its title, honorific and name told apart."""
        table = self.table
        words = phrase.split()
        first = words[0]
        kind: EntityKind | None
        if first in table.titles:
            kind, rule = EntityKind.PERSON, "title"
        elif first in table.organisations:
            kind, rule = EntityKind.ORGANIZATION, "phrase"
        elif first in table.groups:
            kind, rule = EntityKind.GROUP, "phrase"
        elif any(w in table.titles for w in words[1:]):
            kind, rule = EntityKind.PERSON, "title"
        elif not first.startswith("ال"):
            kind, rule = EntityKind.PERSON, "name"
        else:
            return None
        title = None
        name = phrase
        if first in table.titles:  # وزير الخارجية سامح شكري: the name after the title
            cut = len(words)
            while cut > 1 and not words[cut - 1].startswith("ال"):
                cut -= 1
            if cut < len(words):
                title, name = " ".join(words[:cut]), " ".join(words[cut:])
        honorific = next((i for i, w in enumerate(words) if w in table.honorifics), None)
        if honorific is not None and honorific + 1 < len(words):
            kind, rule = EntityKind.PERSON, "title"
            name = " ".join(words[honorific + 1 :])
            title = " ".join(words[: honorific + 1])
        elif kind is EntityKind.PERSON and first not in table.titles:
            titled = next((i for i, w in enumerate(words) if i and w in table.titles), None)
            if titled is not None:  # بيتر مورار رئيس اللجنة: the title after the name
                name, title = " ".join(words[:titled]), " ".join(words[titled:])
        name = name.strip("،, ")
        start += phrase.rindex(name)
        return Named(name, kind, title, number, start, start + len(name), rule)

    def remember(self, speaker: Named | None, number: int, at: int) -> None:
        """Keeps a speaker named at ``at``: for the pronouns and the names said again after."""
        if speaker is None:
            return
        index = bisect.bisect_right(self.said_at, (number, at))
        self.said_at.insert(index, (number, at))
        self.said_by.insert(index, speaker)
        self.by_name[speaker.name] = speaker
        for word in speaker.name.split():
            self.by_name.setdefault(word, speaker)

    def recent(
        self,
        number: int,
        at: int,
        kinds: tuple[EntityKind, ...] | None = None,
        within: int = 3,
    ) -> Named | None:
        """The last speaker before ``at`` of paragraph ``number``.

        A few paragraphs back at most, and of one of ``kinds`` when they are given.
        """
        last = bisect.bisect_left(self.said_at, (number, at))
        for index in range(last - 1, max(-1, last - 1 - _LOOK_BACK), -1):
            if number - self.said_at[index][0] > within:
                return None
            speaker = self.said_by[index]
            if kinds is None or speaker.kind in kinds:
                return speaker
        return None

    def named_before(self, phrase: str, number: int, start: int) -> Named | None:
        """A speaker named before, named again here by this phrase.

        The phrase is the name, or one word of it (``Blinken``, ``مورار``).
        """
        speaker = self.by_name.get(phrase)
        if speaker is None or (len(phrase.split()) != 1 and speaker.name != phrase):
            return None
        return attrs.evolve(
            speaker, paragraph=number, start=start, end=start + len(phrase), rule="name"
        )
