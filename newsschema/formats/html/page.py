"""What a page holds besides its main text: JSON-LD blocks, metadata, and its text blocks.

One pass of the standard library's HTML parser collects the ``application/ld+json`` script
blocks, ``<html lang>``, ``<link rel=canonical>``, ``<title>``, every ``<meta>`` property
and name, and the text of every block element as a browser shows it (character references
decoded, runs of white space folded to one space, ``<br>`` a line break, nothing else
changed), which the main-text extraction aligns its result with.
"""

from __future__ import annotations

import codecs
import functools
import re
from html.parser import HTMLParser
from typing import Any

import attrs

from newsschema.errors import ValidationError

__all__ = [
    "ParsedPage",
    "decode_page",
    "parse_page",
    "replaced",
    "script_blocks",
    "web_encoding",
]

_BLOCKS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
        "figcaption", "td", "th", "div", "section", "article", "main", "header", "footer",
        "aside", "nav", "ul", "ol", "table", "tr", "figure", "address", "body", "html",
    }
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_FOLD = re.compile(r"[ \t\n\r\f]+")
_BREAK = "\u2028"  # stands for <br> while text is folded, then becomes a line break
_BROKEN = re.compile(f" ?{_BREAK} ?")
_SOFT_HYPHEN = "\u00ad"  # where a word may break: shown only when it does, so not text


@attrs.define
class ParsedPage:
    """What one pass over a page found.

    Attributes:
        blocks: the JSON-LD script blocks, as (line, text) pairs in page order.
        language: the ``lang`` of ``<html>``.
        canonical: the ``href`` of ``<link rel=canonical>``.
        title: the text of ``<title>``.
        meta: ``<meta>`` values by property or name, lower-cased.
        texts: the text of each block element, as a browser shows it, in page order.
        tree: lxml's tree of the page, for the main text's extraction to read without parsing
            the page again (None where the standard library's parser read it).
    """

    blocks: list[tuple[int, str]] = attrs.Factory(list)
    language: str | None = None
    canonical: str | None = None
    title: str | None = None
    meta: dict[str, list[str]] = attrs.Factory(dict)
    texts: list[str] = attrs.Factory(list)
    tree: Any = attrs.field(default=None, eq=False, repr=False)


def _add_block(page: ParsedPage, pieces: list[str]) -> None:
    """The text of a block as a browser shows it, added to the page's (when not blank)."""
    text = "".join(pieces)
    if not text.strip(" \t\n\r\f"):  # most blocks of a page: white space between tags
        return
    text = _FOLD.sub(" ", text.replace(_SOFT_HYPHEN, ""))
    if _BREAK in text:
        text = _BROKEN.sub("\n", text)
    text = text.strip(" \n")
    if text:
        page.texts.append(text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: list[str] | None = None
        self._line = 0
        self._title: list[str] | None = None
        self._hidden = 0
        self._text: list[str] = []  # the text of the block being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        if tag == "script":
            kind = named.get("type", "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                self._script, self._line = [], self.getpos()[0]
        elif tag == "html" and self.page.language is None and named.get("lang", "").strip():
            self.page.language = named["lang"].strip()
        elif tag == "link" and "canonical" in named.get("rel", "").lower().split():
            self.page.canonical = self.page.canonical or named.get("href", "").strip() or None
        elif tag == "meta":
            key = (named.get("property") or named.get("name") or "").strip().lower()
            if key and "content" in named:
                self.page.meta.setdefault(key, []).append(named["content"])
        elif tag == "title" and self.page.title is None:
            self._title = []
        elif tag == "br":
            self._text.append(_BREAK)
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._flush()
        if tag in _VOID and tag in _HIDDEN:
            self._hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.blocks.append((self._line, "".join(self._script)))
            self._script = None
        elif tag == "title" and self._title is not None:
            self.page.title = _FOLD.sub(" ", "".join(self._title)).strip()
            self._title = None
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._title is not None:
            self._title.append(data)
        elif not self._hidden:
            self._text.append(data)

    def _flush(self) -> None:
        _add_block(self.page, self._text)
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def parse_page(text: str) -> ParsedPage:
    """Parse a decoded page in one pass.

    With lxml (which the ``html`` extra brings, under trafilatura) the page is parsed in C;
    without it, by the standard library's parser. Both find the same things (a test compares
    them on every page of the fixtures).

    Raises:
        ValidationError: the page is beyond what the parser can read.
    """
    found = _parse_with_lxml(text)
    if found is not None:
        return found
    return _parse_with_stdlib(text)


def _parse_with_lxml(text: str) -> ParsedPage | None:
    """The page parsed by lxml, or None where lxml is not installed or cannot parse it."""
    try:
        import lxml.etree
        import lxml.html
    except ImportError:
        return None
    try:
        root = lxml.html.document_fromstring(
            _repaired(_XML_DECLARATION.sub("", text, count=1)), parser=_deep_parser()
        )
    except (lxml.etree.ParserError, ValueError):
        return None
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    walker.page.tree = root
    return walker.page


def _repaired(text: str) -> str:
    """The page as trafilatura repairs it before parsing (a doctype, a self-closed ``<html>``).

    The tree is trafilatura's to read too: parsed from the text it would parse, it finds the
    same main text (a page whose doctype line it rewrites gave none otherwise).
    """
    try:
        from trafilatura.utils import repair_faulty_html
    except ImportError:  # no extractor: the tree is only walked
        return text
    repaired: str = repair_faulty_html(text, text[:50].lower())
    return repaired


@functools.cache
def _deep_parser() -> Any:
    """Lxml's HTML parser without libxml2's limit of 255 levels of nesting.

    Past it, libxml2 drops what is nested deeper, silently: a page of unclosed ``<span>``s
    lost most of its paragraphs. The page's size is bounded by ``Limits.record_bytes``.
    """
    import lxml.html

    return lxml.html.HTMLParser(
        huge_tree=True,
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
    )  # as trafilatura parses a page, which reads this tree


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


class _Walker:
    """The same pass as :class:`_Parser`, over the tree lxml made."""

    def __init__(self) -> None:
        self.page = ParsedPage()
        self._text: list[str] = []  # the text of the block being read

    def walk(self, root: Any) -> None:
        """Walk the tree in document order, without recursion (pages nest thousands deep).

        Most elements are neither blocks nor say anything of the page (a ``<span>``, an
        ``<a>``): their text and tail are taken and no more is asked of them.
        """
        pieces = self._text
        todo: list[tuple[Any, bool, bool | None]] = [(root, False, None)]
        pop, push, extend = todo.pop, todo.append, todo.extend
        while todo:
            element, hidden, block = pop()
            if block is not None:  # its children are done: its end
                if block and pieces:
                    self.flush()
                if element.tail and not hidden:
                    pieces.append(element.tail)
                continue
            tag = element.tag
            tag = tag.lower() if isinstance(tag, str) else ""  # a comment: its tail only
            if tag in _NOTED:
                self._note(tag, element)
            inside = hidden or tag in _HIDDEN
            block = not inside and tag in _BLOCKS
            if block and pieces:
                self.flush()
            if element.text and tag and not inside:
                pieces.append(element.text)
            push((element, hidden, block))
            if len(element):
                extend((child, inside, None) for child in reversed(element))

    def _note(self, tag: str, element: Any) -> None:
        """What an element that says something of the page says (a block, its language…)."""
        if tag == "script":
            kind = (element.get("type") or "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                self.page.blocks.append((element.sourceline or 0, element.text or ""))
        elif tag == "html" and self.page.language is None and (element.get("lang") or "").strip():
            self.page.language = element.get("lang").strip()
        elif tag == "link" and "canonical" in (element.get("rel") or "").lower().split():
            self.page.canonical = self.page.canonical or (element.get("href") or "").strip() or None
        elif tag == "meta":
            key = (element.get("property") or element.get("name") or "").strip().lower()
            if key and element.get("content") is not None:
                self.page.meta.setdefault(key, []).append(element.get("content"))
        elif tag == "title" and self.page.title is None:
            self.page.title = _FOLD.sub(" ", element.text_content()).strip()
        elif tag == "br":
            self._text.append(_BREAK)

    def flush(self) -> None:
        """The block read so far ends: its text is the page's, and the next one begins."""
        _add_block(self.page, self._text)
        self._text.clear()


_NOTED = frozenset({"script", "html", "link", "meta", "title", "br"})
"""The elements :meth:`_Walker._note` reads."""


def _parse_with_stdlib(text: str) -> ParsedPage:
    try:
        return _parse(text)
    except (
        AssertionError
    ):  # the standard library's parser on a bogus <![...: text, as browsers read it
        pass
    try:
        return _parse(_MARKED_SECTION.sub("&lt;![", text))
    except AssertionError as exc:
        raise ValidationError.single("", f"the page cannot be parsed as HTML: {exc}") from None


_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.IGNORECASE)


def _parse(text: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


def script_blocks(page: str) -> list[tuple[int, str]]:
    """The JSON-LD script blocks of a page, as (line, text) pairs in page order."""
    return parse_page(page).blocks


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_page(data: bytes, charset: str | None = None) -> str:
    """Decode a page as a browser would (the WHATWG Encoding Standard, simplified).

    A byte order mark wins; then ``charset``, the one the page's HTTP response named (the
    transport's word comes first, as browsers take it: a page's own ``<meta>`` may lie); then
    the charset a ``<meta>`` declares; then UTF-8: the first of them that decodes every byte,
    else the first with U+FFFD for what does not. Only an encoding of the web counts (a
    label such as ``idna``, ``unicode_escape`` or ``undefined`` is not one, and a declared
    UTF-16 means UTF-8, as the HTML standard says: a page that declares it in ASCII is not
    UTF-16). Bytes that do not decode become U+FFFD: :func:`replaced` counts them.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = [
        web_encoding(charset) if charset is not None else None,
        web_encoding(declared.group(1).decode("ascii")) if declared else None,
        "utf-8",
    ]
    chosen = [encoding for encoding in dict.fromkeys(candidates) if encoding is not None]
    for encoding in chosen:  # the first that reads every byte
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(chosen[0], errors="replace")


def replaced(data: bytes, text: str) -> int:
    """How many U+FFFD decoding put in ``text`` for bytes of ``data`` that did not decode."""
    return text.count("\ufffd") - data.count("\ufffd".encode())


# The encodings of the web by the names Python gives them, and the few that the standard
# reads as another (ASCII and Latin-1 labels mean windows-1252, and so on).
_WEB_ENCODINGS = frozenset(
    {
        "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
        "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "cp874", "cp1250", "cp1251", "cp1252",
        "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "mac-cyrillic", "gbk",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    }
)  # fmt: skip
_READ_AS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}


def web_encoding(label: str) -> str | None:
    """The encoding a charset label names on the web, or None for one that is not of the web."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(label.replace("windows-", "cp")).name
    except LookupError:
        return None
    name = _READ_AS.get(name, name)
    return name if name in _WEB_ENCODINGS else None
