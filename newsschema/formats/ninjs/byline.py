"""Free-text bylines ("By X and Y", "Von X, dpa", "بقلم X") read as names, with care.

A byline is split where it plainly lists names: at commas, semicolons, slashes, ``&`` and
the word for *and* in the languages agencies write (and, und, et, y, e, og, och, en, و).
A part that names a news agency is the agency; one that names an organisation ("The
Anti-Doping Database", "Xinhua News Agency", "Bloomberg Staff") is an organisation, not a
person; a part that is a role ("Chief Correspondent") is the title of the name before it.
What cannot be told for sure (a part too long to be a name, an Arabic part that may be two
names joined by و) is kept as it stands and warned about, never guessed.
"""

from __future__ import annotations

import re

import attrs

from newsschema.formats._base import Note

__all__ = ["AGENCIES", "Byline", "byline_of", "read_byline"]

_LEAD = re.compile(
    r"^\s*(?:by|von|par|por|di|da|door|av|af|przez|от|بقلم|كتب|كتبت|تقرير|written by)"
    r"(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"(\s*(?:[,;/&|]|\s(?:and|und|et|y|e|og|och|en|i|و)\s)\s*)", re.IGNORECASE)
_JOINING = frozenset({"y", "e", "i"})
"""Words for *and* that also join the parts of one name (José Ortega y Gasset)."""
AGENCIES = frozenset(
    {
        "afp",
        "ansa",
        "ap",
        "apa",
        "associated press",
        "agence france-presse",
        "anp",
        "belga",
        "bloomberg",
        "dpa",
        "dpa-afx",
        "efe",
        "epd",
        "kna",
        "kyodo",
        "mena",
        "ntb",
        "pa",
        "pa media",
        "reuters",
        "ritzau",
        "sda",
        "keystone-sda",
        "stt",
        "tass",
        "tt",
        "wafa",
        "wam",
        "xinhua",
        "yonhap",
        "قنا",
        "واس",
        "وام",
        "أ ف ب",
        "رويترز",
    }
)
"""News agencies a byline names after the writers (lower case)."""
_ROLES = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|staff|columnist|contributor|analyst|"
    r"photographer|bureau|chief|desk|korrespondent\w*|redakt\w*|autor\w*|envoy[ée]e? spécial\w*|"
    r"journalist\w*|corresponsal|redactor\w*)\b|مراسل|محرر",
    re.IGNORECASE,
)


_NOBODY = frozenset(
    {
        "staff",
        "agencies",
        "agency",
        "wires",
        "wire services",
        "newsroom",
        "redaktion",
        "agenturen",
        "rédaction",
        "agences",
        "our correspondent",
        "our correspondents",
        "وكالات",
        "مراسلون",
    }
)
"""Parts of bylines that name no one (the Guardian's "Staff and agencies")."""
_ORGANISATION = re.compile(
    r"(?:^the\s.+|\s(?:agency|agencies|database|staff|desk|team|bureau|service|services|news|"
    r"newsroom|network|institute|foundation|ministry|department|council|association|committee|"
    r"office|group|media|university|organi[sz]ation|corporation|company|commission|authority|"
    r"inc|ltd|llc|gmbh|redaktion|agentur|nachrichten|وكالة|وزارة|هيئة))$",
    re.IGNORECASE,
)
"""A name of several words that is an organisation's: it begins with *the*, or ends with a
word that names a body (``Database``, ``Agency``, ``Staff``, ``Ministry``, ...); not a
newspaper's word, which is a surname too (Emily Post, Tom Press)."""
_PLACE = re.compile(r"^(?:in|at|from|aus|à|en|em|desde|dans|في|من)\s", re.IGNORECASE)
"""A part that says where the writer was, not who ("in Kyiv")."""


@attrs.frozen
class Byline:
    """What a byline says: its writers (with a title, when one follows), its agencies, doubts."""

    writers: tuple[tuple[str, str | None], ...] = ()
    agencies: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


def read_byline(text: str) -> Byline:
    """Read the names in a byline."""
    stripped = _LEAD.sub("", text.strip(), count=1).strip()
    stripped = re.sub(r"\s*\(([^()]*)\)", r", \1", stripped)  # "Luc Martin (AFP)": a part
    writers: list[tuple[str, str | None]] = []
    agencies: list[str] = []
    organisations: list[str] = []
    notes: list[str] = []
    pieces = _SEPARATORS.split(stripped)
    parts = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if separator.strip().lower() in _JOINING and len(piece.split()) == 1 and parts[-1]:
            parts[-1] += separator + piece
            notes.append(
                Note(
                    f"{parts[-1].strip()!r} is read as one name, not split at {separator.strip()!r}"
                )
            )
        else:
            parts.append(piece)
    for raw in parts:
        part = raw.strip(" \t\n()[]–—-:.")
        if not part:
            continue
        if part.lower() in AGENCIES:
            agencies.append(part)
        elif part.lower() in _NOBODY:
            notes.append(f"{part!r} names no one: not kept as an author")
        elif _PLACE.match(part):
            notes.append(f"{part!r} says where, not who: not kept")
        elif len(part.split()) > 1 and _ORGANISATION.search(part):
            organisations.append(part)
        elif _ROLES.search(part) and writers and writers[-1][1] is None:
            writers[-1] = (writers[-1][0], part)
            notes.append(Note(f"{part!r} is read as the title of {writers[-1][0]!r}"))
        else:
            words = part.split()
            if len(words) > 4 or any(character.isdigit() for character in part):
                notes.append(Note(f"{part!r} may not be a name; it is kept as one"))
            elif len(words) >= 3 and any(word.startswith("و") for word in words[2:]):
                notes.append(Note(f"{part!r} may be two names joined by و; it is kept as one"))
            writers.append((part, None))
    return Byline(tuple(writers), tuple(agencies), tuple(notes), tuple(organisations))


def byline_of(names: list[str]) -> str:
    """Names as a byline: ``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
