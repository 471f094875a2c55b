"""JSON-LD blocks as publishers serve them: read with repairs, each repair reported.

Strict JSON first. When that fails, the repairs that the markup found on real pages calls
for are tried in turn: a CDATA wrapper, JavaScript comments and trailing commas, a block
escaped as HTML, raw control characters inside strings. After a block is read, HTML
character references left in its strings (``&amp;``, ``&#39;``) are decoded. Whatever was
repaired is said, so that nothing changes silently.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import orjson

__all__ = ["CHARACTER_REFERENCE", "BlockError", "read_block"]


class BlockError(ValueError):
    """A block that is not JSON even after every repair; the message says where."""


_CDATA_OPEN = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?")
_CDATA_CLOSE = re.compile(r"(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$")
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
"""An HTML character reference (``&amp;``, ``&#39;``), left in text that is not HTML."""


def read_block(text: str) -> tuple[Any, list[str]]:
    """Read one block; return its data and what was repaired, one line each.

    Raises:
        BlockError: the block is not JSON even after the repairs.
    """
    repairs: list[str] = []
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as first:
        data = _repaired(text, repairs, first)
    decoded: list[str] = []
    try:
        data = _decode_references(data, decoded, "")
    except RecursionError:
        raise BlockError("nested too deeply to read") from None
    if decoded:
        shown = ", ".join(dict.fromkeys(decoded))
        repairs.append(f"HTML character references were decoded in {shown}")
    return data, repairs


def _repaired(text: str, repairs: list[str], first: orjson.JSONDecodeError) -> Any:
    if _CDATA_OPEN.match(text) and _CDATA_CLOSE.search(text):
        text = _CDATA_CLOSE.sub("", _CDATA_OPEN.sub("", text, count=1), count=1)
        repairs.append("a CDATA wrapper was removed")
    if ('"' not in text or "&quot;" in text[:40]) and ("&quot;" in text or "&#34;" in text):
        text = html.unescape(text)
        repairs.append("the block was escaped as HTML: it was unescaped")
    data = _loads(text)
    if data is not _FAILED:
        return data
    text, comments, commas = _strip_script(text)
    if comments:
        repairs.append("JavaScript comments were removed")
    if commas:
        repairs.append("trailing commas were removed")
    data = _loads(text)
    if data is not _FAILED:
        return data
    try:
        data = json.loads(text, strict=False)
    except (json.JSONDecodeError, RecursionError):
        message = first.args[0] if first.args else str(first)
        raise BlockError(f"not valid JSON: {message}") from None
    repairs.append("raw control characters inside strings were read as they are")
    return data


_FAILED = object()


def _loads(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _FAILED


def _strip_script(text: str) -> tuple[str, bool, bool]:
    """Remove JavaScript comments and trailing commas outside strings."""
    out: list[str] = []
    comments = commas = False
    index, size, in_string = 0, len(text), False
    while index < size:
        char = text[index]
        if in_string:
            if char == "\\" and index + 1 < size:
                out.append(text[index : index + 2])
                index += 2
                continue
            in_string = char != '"'
            out.append(char)
            index += 1
            continue
        if char == '"':
            in_string = True
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = size if end < 0 else end
            comments = True
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = size if end < 0 else end + 2
            comments = True
            continue
        elif char in "]}":
            last = len(out) - 1
            while last >= 0 and out[last].isspace():
                last -= 1
            if last >= 0 and out[last] == ",":
                del out[last]
                commas = True
        out.append(char)
        index += 1
    return "".join(out), comments, commas


def _decode_references(value: Any, decoded: list[str], key: str) -> Any:
    if isinstance(value, str):
        if "&" in value and CHARACTER_REFERENCE.search(value):
            decoded.append(key or "a string")
            return html.unescape(value)
        return value
    if isinstance(value, list):
        return [_decode_references(item, decoded, key) for item in value]
    if isinstance(value, dict):
        return {
            name: _decode_references(item, decoded, name if not name.startswith("@") else key)
            for name, item in value.items()
        }
    return value
