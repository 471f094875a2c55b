"""The language of an article's text, where its source does not say it or says it wrongly.

A page's ``<html lang>`` is often a site's default (a Chinese article on a page marked
``en``), and news items leave ``language`` out. The language is identified from the text by
py3langid (a small identifier with its model inside; the ``html`` extra brings it) when the
source gives none, or gives one written in another script than the text (``en`` for text in
Han characters): the script is what can be told for certain; within a script the source's
word stands.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from newsschema.checks import likely_script
from newsschema.errors import install_hint

__all__ = ["article_text", "identified_language"]

SAMPLE = 2000
"""How many characters of the text are looked at."""

_SCRIPTS = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "CJK": "Hani", "HIRAGANA": "Kana",
    "KATAKANA": "Kana", "HANGUL": "Hang", "DEVANAGARI": "Deva", "BENGALI": "Beng",
    "GREEK": "Grek", "HEBREW": "Hebr", "THAI": "Thai", "GEORGIAN": "Geor", "ARMENIAN": "Armn",
    "TAMIL": "Taml", "GUJARATI": "Gujr", "GURMUKHI": "Guru", "KANNADA": "Knda",
    "MALAYALAM": "Mlym", "TELUGU": "Telu", "SINHALA": "Sinh", "ETHIOPIC": "Ethi",
    "KHMER": "Khmr", "LAO": "Laoo", "MYANMAR": "Mymr", "TIBETAN": "Tibt",
}  # fmt: skip
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
_WRITTEN_IN = {
    "Hans": {"Hani"},
    "Hant": {"Hani"},
    "Jpan": {"Hani", "Kana"},
    "Kore": {"Hang", "Hani"},
}


LETTERS = 40
"""The fewest letters of one script that make a text long enough to tell its language."""
SHARE = 0.6
"""The share of the letters that one script must have for the text to be written in it."""


def _script(text: str) -> str | None:
    """The script most letters of ``text`` are written in (ISO 15924).

    None where the text is too short or too mixed to say.
    """
    counts: Counter[str] = Counter()
    for char, times in Counter(text[:SAMPLE]).items():  # each letter looked up once
        if char.isalpha():
            name = unicodedata.name(char, "")
            script = _SCRIPTS.get(name.split(" ", 1)[0])
            if script is not None:
                counts[script] += times
    if not counts:
        return None
    script, count = counts.most_common(1)[0]
    if count < LETTERS or count < SHARE * sum(counts.values()):
        return None
    return script


def _identifier() -> Any:
    try:
        import py3langid  # an optional dependency, imported when first needed
    except ImportError:
        return None
    return py3langid


def article_text(record: dict[str, Any]) -> list[str]:
    """The headings and paragraphs of a record's body, in order."""
    return [
        text
        for section in record.get("body") or ()
        for text in (section.get("heading") or "", *section.get("paragraphs", ()))
        if text
    ]


def identified_language(
    declared: str, text: str, field: str, *, only_missing: bool = False
) -> tuple[str, str | None]:
    """The article's language, and a warning where it is not the ``declared`` one.

    ``declared`` is the source's tag (``und`` where it gave none); ``field`` names where the
    source gives it (``inLanguage``, ``language``), for the warning. ``only_missing``: a tag
    the source gives is taken as it is.
    """
    if only_missing and declared != "und":
        return declared, None
    script = _script(text)
    if script is None:
        return declared, None
    if declared != "und":
        likely = likely_script(declared)
        if likely is None or script in _WRITTEN_IN.get(likely, {likely}):
            return declared, None
    identifier = _identifier()
    if identifier is None:
        if declared == "und":
            return declared, (
                f"{field} is missing, and identifying the language of the text needs "
                "py3langid: " + install_hint("html")
            )
        return declared, None
    found, _ = identifier.classify(text[:SAMPLE])
    tag = str(found)
    if tag in _NO_LANGUAGE:
        return declared, None
    written = likely_script(tag)
    if tag == declared or written is None or script not in _WRITTEN_IN.get(written, {written}):
        return declared, None  # the identifier's guess does not fit the text's script either
    if declared == "und":
        return tag, f"{field} is missing: {tag!r} is identified from the text (py3langid)"
    return tag, (
        f"{field} {declared!r} is not the language of the text, which is written in {script}: "
        f"{tag!r} is identified from the text (py3langid)"
    )
