"""HTML pages (read only): the article a publisher's page describes.

A page is read in stages, a module each, in this order:

1. **parse** (:mod:`~newsschema.formats.html.page`): the page is decoded and parsed once, by
   lxml, and one pass over the tree collects its JSON-LD blocks, its metadata
   (``<html lang>``, ``og:`` and ``article:`` meta, ``<link rel=canonical>``, ``<title>``)
   and the text of its blocks as a browser shows them;
2. **JSON-LD** (:mod:`~newsschema.formats.html.repair`, then :mod:`newsschema.formats.jsonld`):
   the blocks read as publishers write them, every repair reported, and read together as one
   graph, the article node chosen among its neighbours (WebSite, BreadcrumbList,
   Organization, other stories' teasers ...);
3. **extract** (:mod:`~newsschema.formats.html.text`): the page's main text, taken by
   trafilatura (the ``html`` extra) from the same tree, and kept as the page shows it;
4. **reconcile** (:mod:`~newsschema.formats.html.body`): the markup's body and the page's
   text made one;
5. **clean** (:mod:`~newsschema.formats.html.clean`): boilerplate removed from the body.

What the markup lacks is taken from the page, with a warning naming where from; the
article's language is identified from its text where the page says none, or one of another
script (:mod:`newsschema.formats.language`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsschema.errors import FormatError, ValidationError
from newsschema.formats import registry
from newsschema.formats._base import Note, Record, foreign_record
from newsschema.formats.html.body import reconcile_body
from newsschema.formats.html.page import decode_page, parse_page, replaced, script_blocks
from newsschema.formats.html.repair import BlockError, read_block
from newsschema.formats.html.text import main_text
from newsschema.formats.jsonld import articles_from_documents
from newsschema.formats.jsonld.markup import Page
from newsschema.formats.language import article_text, identified_language
from newsschema.limits import DEFAULT_LIMITS, Limits, read_at_most

__all__ = ["FORMAT", "read", "script_blocks"]


def read(
    stream: BinaryIO,
    *,
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    charset: str | None = None,
    url: str | None = None,
) -> Iterator[Record]:
    """Read the article (or articles) a page describes.

    ``charset`` is the one the page's HTTP response named (a crawl's): it comes before the
    page's own ``<meta>`` (:func:`~newsschema.formats.html.page.decode_page`). Bytes that
    decode in no charset the page is given are said in a warning. ``url`` is where the page
    was fetched from (a crawl's capture), where known.

    An id the markup gives that is another page's address (its section, the home page) gives
    way to the page's own: its canonical link, else ``url``, with a warning, so that two
    pages never become one article.
    """
    notes: list[str] = []
    try:
        data = read_at_most(stream, limits, "the page")
        text = decode_page(data, charset)
        if lost := replaced(data, text):
            notes.append(
                f"{lost:,} bytes of the page did not decode as its charset says "
                "(each is U+FFFD in the text)"
            )
        parsed = parse_page(text)
        if len(parsed.blocks) > limits.blocks:
            count = f"has {len(parsed.blocks):,} JSON-LD blocks"
            raise limits.exceeded("blocks", count, "the page")
    except ValidationError as exc:
        yield Record(None, error=exc)
        return
    documents, names = _documents(parsed.blocks, notes)
    page_text = functools.cache(lambda: _main_text(text, parsed.texts, parsed.tree))
    page = Page(
        language=parsed.language,
        canonical=parsed.canonical,
        title=parsed.title,
        meta=parsed.meta,
        main_text=page_text,
        shown=tuple(parsed.texts[:64]),
        url=url,
    )
    if not documents and not page.is_article():
        reason = "; ".join(notes) or "it has no article markup (JSON-LD or og:type) either"
        problem = f"not an article: the page has no main text, and {reason}"
        yield Record(None, error=ValidationError.single("", problem))
        return
    for record in articles_from_documents(documents, page=page, limits=limits, names=names):
        if record.error is not None:
            yield record
            continue
        more = reconcile_body(
            record.data, page_text, lambda part: parse_page(part).texts, parsed.texts
        )
        given_id = record.data.get("id")
        more.extend(_own_id(record.data, parsed.canonical, url))
        said = _language(record.data)
        warned = record.warnings
        if record.data.get("id") != given_id:  # how the id was first found is said no more
            warned = tuple(w for w in warned if f"the id is {given_id!r}" not in w)
        if said and record.data.get("language") != "und":  # identified: no longer undetermined
            warned = tuple(w for w in warned if not w.endswith("is set to 'und' (undetermined)"))
        notes_all = (*notes, *warned, *more, *said)
        yield foreign_record(record.data, record.where, notes_all, strict)


def _documents(blocks: list[tuple[int, str]], notes: list[str]) -> tuple[list[Any], list[str]]:
    """The page's JSON-LD blocks read, each with its name.

    What was repaired or passed over is said in ``notes``.
    """
    documents: list[Any] = []
    names: list[str] = []
    for line, block in blocks:
        try:
            data, repairs = read_block(block)
        except BlockError as exc:
            notes.append(f"the JSON-LD block on line {line} was passed over: {exc}")
            continue
        documents.append(data)
        names.append(f"the JSON-LD block on line {line}")
        notes.extend(Note(f"the JSON-LD block on line {line}: {repair}") for repair in repairs)
    return documents, names


def _own_id(record: dict[str, Any], canonical: str | None, url: str | None) -> list[str]:
    """Give the article the page's own address where its markup's id or url is another page's.

    Another page of the same site (a section, the home page, another path); an address on
    another site is kept, as the article's first home (a syndicated or mirrored copy). A
    canonical link to the site's root from a page elsewhere is a template's, not the page's.
    """
    if canonical and _same_page(canonical, "http://" + _host(canonical)):  # the site's root
        canonical = canonical if url and _same_page(url, canonical) else None
    own = [address for address in (canonical, url) if address and _web_address(address)]
    said = []
    for term, name in (("id", "id"), ("url", "url")):
        given = record.get(term)
        if not isinstance(given, str) or not _web_address(given) or not own:
            continue
        if any(_same_page(given, address) for address in own):
            continue
        if not any(_site(given) == _site(address) for address in own):
            continue  # another site's address: the article's first home (syndicated, mirrored)
        record[term] = own[0]
        source = "canonical link" if own[0] == canonical else "address"
        said.append(
            f"the markup's {name} {given!r} is another page's address, not this page's: the "
            f"{name} is its {source}, {own[0]!r}"
        )
    return said


def _site(address: str) -> str:
    return _host(address).removeprefix("www.")


def _host(address: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(address.strip()).hostname or ""
    except ValueError:
        return ""


def _web_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _same_page(one: str, other: str) -> bool:
    """Whether two web addresses name one page: the same host (``www.`` aside) and path."""
    from urllib.parse import urlsplit

    def page(address: str) -> tuple[str, str]:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").removeprefix("www.")
        return host, parts.path.rstrip("/") or "/"

    try:
        return page(one) == page(other)
    except ValueError:  # not an address urlsplit reads (a bad port): not this page's
        return False


def _language(record: dict[str, Any]) -> list[str]:
    """Identify the article's language where the page gives none, or one of another script."""
    text = " ".join([record.get("headline", ""), *article_text(record)])
    language, note = identified_language(record.get("language", "und"), text, "inLanguage")
    if note is None:
        return []
    record["language"] = language
    translations = record.get("translations")
    if isinstance(translations, dict) and language in translations:  # now the article's own
        del translations[language]
    return [note]


def _main_text(
    page: str, texts: list[str], tree: Any
) -> tuple[list[dict[str, Any]], str, list[str]] | None:
    """The page's main text; when the extractor fails, no text and a warning that says why.

    Raises:
        FormatError: trafilatura (the ``html`` extra) is not installed: a page whose text is
            needed is not read without it, rather than read with an empty body.
    """
    try:
        return main_text(page, texts, tree)
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - the extractor fails on some pages; the rest is read
        return [], "", [f"the page's main text was not taken: trafilatura failed: {exc!r}"]


FORMAT = registry.by_name("html")
"""This format, as the registry describes it."""
