"""Boilerplate left in an article's body: what publishers put around the text, not in it.

The extractor keeps some of what surrounds an article on the page, and publishers' markup
bodies carry some too: the heading of a related-reading block ("More Must-Reads From …",
"Lesen Sie auch", "À lire aussi"), newsletter and follow-us prompts, paywall furniture
("Pour lire la suite"), copyright and photo-credit lines, a label left alone at the end of
the text ("Kontakt:"). Each pattern here is a short paragraph that matches it as a whole,
by its shape and not its first word alone ("Copyright law was changed", "Share this view",
"Tags are being fitted" are text);
they are in the languages of the pages the development corpus has, and each was kept where
measuring on that corpus showed it removes more boilerplate than text
(``benchmarks/pages_quality.py``); the tag labels and the breadcrumb with a date come from
real pages outside it, and change nothing on it.
"""

from __future__ import annotations

import re

__all__ = ["is_boilerplate", "without_boilerplate"]

LONGEST = 160
"""A paragraph longer than this is text, whatever it starts with."""

_LEADS = (
    # related reading
    r"related( (articles?|stories|posts|content|news|coverage))?",
    r"read (more|also|next)",
    r"(see|also) (also|read)",
    r"more (must-reads|stories|news|coverage|on this|from)\b[^.]*",  # a label, not a sentence
    r"you (may|might) (also )?(like|be interested)",
    r"recommended( for you| reading| stories)?",
    r"mehr (zum thema|themen|dazu|zu diesem thema)\b.*",
    r"weitere (artikel|themen|informationen|beiträge|nachrichten|meldungen)\b[^.!?]*",
    r"lesen sie (auch|hier|mehr)\b.*",
    r"auch lesen",
    r"das könnte (sie|dich) (auch )?interessieren",
    r"empfohlene (beiträge|artikel)",
    r"schon gelesen\??",
    r"(zum )?weiterlesen\s*:?",
    r"(le|te) puede interesar\b.*",
    r"puedes ver\b.*",
    r"lea también\b.*",
    r"lee también\b.*",
    r"(contenidos?|notas?|noticias?|art[íi]culos?) relacionad[ao]s?",
    r"(lea|lee|mire|mira|vea|ver)( (más|también|además))?\s*:.{1,150}",  # another story's title
    r"leia também\b.*",
    r"veja também\b.*",
    r"(à )?lire aussi\b.*",
    r"sur le même sujet",
    r"voir aussi\b.*",
    r"leggi anche\b.*",
    r"articoli correlati",
    r"czytaj (też|także|również)\b.*",
    r"zobacz (też|także)\b.*",
    r"dowiedz się więcej\s*:.{0,150}",
    # a table of contents' heading
    r"(inhaltsverzeichnis|table of contents|índice|sommaire|spis treści)\s*:?",
    # appeals for support
    r"if you (enjoyed|liked|value) (reading )?(this|our) (post|article|story|work)\b.*",
    # prompts: newsletters, following, sharing
    r"(sign up|subscribe)( now)? (for|to) (our|the) .{0,40}newsletter.*",
    r"zum newsletter anmelden",
    r"newsletter (abonnieren|bestellen)",
    r"follow (us|[^.]{1,40}) on (twitter|facebook|instagram|linkedin|telegram)\b.*",
    r"s[íi]guenos en\b.*",
    r"teilen mit:?",
    r"share (this( article| story| page| post)?|on)\s*(on|via)?\s*:?\s*"
    r"((facebook|twitter|x|whatsapp|linkedin|e-?mail|telegram|reddit|pinterest|threads)[\s,/|]*)*",
    r"write to [^.]{1,60} at \S+@\S+",
    r"(media|press) (contacts?|inquiries|enquiries)\s*:.{0,150}",
    # paywall and account
    r"pour (lire la suite|accéder)\b.*",
    r"if you.re (seeing this message|already a subscriber)\b.*",
    r"(already a subscriber|log in|sign in) to (continue|read)\b.*",
    r"(you are|you're) (currently )?not (logged|signed) in\b.{0,80}",
    r"sie sind (aktuell |derzeit |momentan )?nicht (eingeloggt|angemeldet)\b.{0,80}",
    # how long a media file stays on line
    r"(video|audio|podcast) (verfügbar|available|abrufbar) (bis|until)\s+\d[\d./: -]{3,20}"
    r"(uhr)?\.?",  # a date and time in figures
    r"to (view|read|continue reading) the (full|whole|entire|rest of the) (story|article)\b.*",
    r"subscribe( now)? to (our|the)\s.{1,40}\sfor the (full|whole|entire) (story|article)\b.*",
    r"for the latest (stories|news)\b.{0,40}\bdownload (the|our)\b.{1,80}",
    # labels of the page's furniture: tags, and a breadcrumb run into a time and a date
    r"(keywords|tags|schlagwörter|etiquetas|mots-clés)\s*:.{0,100}",
    r"(categor(y|ies)|kategorien?|categorías?|catégories?|rubrik)\s*:.{0,80}",
    r"(letzte änderung|zuletzt aktualisiert|aktualisiert am|last (modified|updated)|release date"
    r"|veröffentlicht am)\s*(:.{0,40}|\d.{0,30})?",
    r"(keine|no|sin|pas de) (kommentare|comments|comentarios|commentaires)( yet)?\.?"
    r"(\s*\([^()]{0,80}\))?",
    r"(vorschau auf den (nächsten|vorherigen) artikel|über diese reihe|about this series)",
    # a prompt to load an embedded post from another site
    r"(klicken sie auf den [^.]{0,20}button|click (on )?the button( below)?).{0,80}?"
    r"(zu laden|to load)[^.]*\.?",
    # an agency's sign-off (aja/PAP, dpa/lno)
    r"[a-z]{1,5}(/[a-z]{1,5})*/(pap|dpa|afp|apa|reuters|kna|epd|sda|ots)",
    # disclosures of advertising
    r"\*?(anzeige|werbung)\s*[,.:*].{0,120}",
    r"[^.!?]{0,40}?\d{1,2}:\d{2}\s*(am|pm)?\s*[A-Z][a-z]+ \d{1,2}, \d{4}",
    # credits
    r"(©|\(c\)|copyright\s*(©|\(c\)|\d{4}\b|:|$)).*",
    r".*\ball rights reserved\.?",
    r"(this|the) (article|story|content|material) is (the )?copyright(ed)? (property|material)"
    r" of\b.*",
    r"(this|the) (article|story|content|material) (may|must|can)( not|not)? be (re)?(published|"
    r"produced|printed|distributed|copied)\b.{0,120}",
    r".{1,160}\s©\s*[A-Z][^©.]{1,60}",  # a picture's caption and its credit
    r"((foto|photo|bild|titelbild|image|credits?)\s*[:.]|fot\.|screenshot\s*[:,]).{0,80}",
    r"(quelle|source|fuente|źródło)\s*:.{1,80}",  # a source's line alone
    r".{0,200}[(\[](foto|photo|bild|image|imagen|crédit|credit|quelle|source)s?\s*:[^()\[\]]{1,80}[)\]]\.?",
)
_BOILERPLATE = re.compile("(?:" + "|".join(_LEADS) + r")\s*", re.IGNORECASE | re.DOTALL)
_LABEL = re.compile(r"[^\s.!?:]+(?:\s+[^\s.!?:]+){0,2}\s*:")
"""A label of up to three words (``Kontakt:``, ``Mehr Informationen:``): boilerplate only at
the end of the text (a sentence that ends in a colon is text: "The list of names follows:")."""


_NOTICE = re.compile(r"(©|copyright\s*(©|\d{4}\b))", re.IGNORECASE)
"""How a copyright notice opens: the notice is the whole paragraph, however long (its terms
of reprinting too)."""
LONGEST_NOTICE = 600


def is_boilerplate(text: str) -> bool:
    """Whether a paragraph or heading is boilerplate as a whole (``Related stories``)."""
    if len(text) <= LONGEST_NOTICE and _NOTICE.match(text):
        return True
    return len(text) <= LONGEST and _BOILERPLATE.fullmatch(text) is not None


def without_boilerplate(paragraphs: list[str], *, at_end: bool = True) -> tuple[list[str], int]:
    """The paragraphs less those that are boilerplate, and how many were removed.

    ``at_end``: the paragraphs end the article's text, so a label alone there is removed.
    """
    kept = [p for p in paragraphs if not is_boilerplate(p)]
    while at_end and kept and _LABEL.fullmatch(kept[-1]):
        kept.pop()

    return kept, len(paragraphs) - len(kept)
