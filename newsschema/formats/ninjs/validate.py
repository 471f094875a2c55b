"""Items checked against IPTC's JSON Schema of their ninjs version (``validate=True``).

Reading is tolerant: what ninjs has that the model does not is warned about, not refused.
A user who must know that an agency's feed is valid ninjs asks for this check, which uses
IPTC's own schemas (shipped in ``iptc/``, MIT) and jsonschema (the ``ninjs`` extra).

An item's version is the one its ``standard`` names (``{"name": "ninjs", "version": "2.2"}``
or the schema's URL), else its ``$schema``; an item that names none is of the 3.x family when
its keys are written as 3.x writes them (``firstCreated``), else of the 2.x family, and is
checked against the latest schema of its family.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import orjson

from newsschema.errors import FormatError, Problem, install_hint

__all__ = ["SCHEMA_VERSIONS", "problems", "version_of"]

SCHEMA_VERSIONS = ("2.0", "2.1", "2.2", "3.0", "3.1")
"""The ninjs versions whose schemas are shipped."""
_LATEST = {"2": "2.2", "3": "3.1"}
_NAMED = re.compile(r"ninjs-schema_(\d\.\d)\.json")
_CAMEL = re.compile(r"^[a-z]+[A-Z]")
_SHOWN = 5
"""Problems said of one item at most (the first, by place in the item)."""


def version_of(item: dict[str, Any]) -> str:
    """The ninjs version an item is checked against."""
    standard = item.get("standard")
    if isinstance(standard, dict):
        version = standard.get("version")
        if isinstance(version, str) and version in SCHEMA_VERSIONS:
            return version
        named = _NAMED.search(str(standard.get("schema", "")))
        if named and named.group(1) in SCHEMA_VERSIONS:
            return named.group(1)
    named = _NAMED.search(str(item.get("$schema", "")))
    if named and named.group(1) in SCHEMA_VERSIONS:
        return named.group(1)
    return _LATEST["3" if any(_CAMEL.match(key) for key in item) else "2"]


def problems(item: Any) -> list[Problem]:
    """What makes an item invalid against IPTC's schema of its version; none if it is valid.

    Raises:
        FormatError: jsonschema (the ``ninjs`` extra) is not installed.
    """
    version = version_of(item) if isinstance(item, dict) else _LATEST["3"]
    found = sorted(_validator(version).iter_errors(item), key=lambda e: list(e.absolute_path))
    said = [
        Problem(_path(error.absolute_path), f"not valid ninjs {version}: {error.message}")
        for error in found[:_SHOWN]
    ]
    if len(found) > _SHOWN:
        said.append(Problem("", f"and {len(found) - _SHOWN:,} more problems of the same kind"))
    return said


def _path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


@functools.cache
def _validator(version: str) -> Any:
    try:
        import jsonschema
        from referencing import Registry, Resource
    except ImportError:
        raise FormatError(
            "checking ninjs against IPTC's schemas needs jsonschema: " + install_hint("ninjs")
        ) from None
    folder = resources.files("newsschema.formats.ninjs") / "iptc"
    schema = orjson.loads((folder / f"ninjs-schema_{version}.json").read_bytes())
    # A place's shape refers to GeoJSON's schema, which is not shipped: any shape is taken.
    geojson = Resource.from_contents({"$schema": "https://json-schema.org/draft/2020-12/schema"})
    registry: Any = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    kind = jsonschema.validators.validator_for(schema)
    return kind(schema, registry=registry, format_checker=kind.FORMAT_CHECKER)
