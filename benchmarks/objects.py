"""Bytes to objects and back: newsschema against what a user would pick instead.

    pip install -e '.[test,bench]'
    python benchmarks/objects.py [--articles 2000] [--rounds 5] [--data DIR]

On the typical corpus and the heavy one (``corpus.py``, scale 6), one JSON line per article:

- reading: ``orjson.loads`` (dicts, nothing checked: the reference), msgspec Structs and
  pydantic v2 models of the same shape (strict, unknown keys refused), ``newsschema.loads``
  (every type and every rule of the model);
- writing: ``orjson.dumps`` of the canonical dicts (the reference), msgspec and pydantic of
  their own objects, ``newsschema.dumps``.

The Structs and models are generated from the attrs classes, field for field: dates and
partial dates as strings, language maps as ``dict[str, str]``. Rounds are interleaved, the
collector runs as it would (the same policy for every contender), and every figure is the
median of the rounds with the spread. Prints the results as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import msgspec
import orjson
import pydantic
from corpus import corpus
from timing import interleaved

import newsschema as ns
from newsschema import model
from newsschema.convert import unstructure_article
from newsschema.dates import PartialDate


def _shape(kind: Any, make: Callable[[type], Any]) -> Any:
    """The type a generated class gives a field of the model."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        held = [arg for arg in args if arg is not type(None)]
        if set(held) == {int, float}:
            shaped: Any = int | float
        elif set(held) == {dt.datetime, PartialDate}:
            shaped = str
        else:
            (one,) = held
            shaped = _shape(one, make)
        return shaped | None if type(None) in args else shaped
    if origin is tuple:
        return tuple[_shape(typing.get_args(kind)[0], make), ...]  # type: ignore[misc]
    if kind in (dt.datetime, PartialDate):
        return str
    if kind is model.LanguageMap:
        return dict[str, str]
    if attrs.has(kind):
        return make(kind)
    return kind


def _default(field: Any) -> Any:
    if isinstance(field.default, model.LanguageMap):
        return {}
    return field.default


_structs: dict[type, Any] = {}


def struct_of(cls: type) -> Any:
    """A msgspec Struct of the attrs class's shape."""
    if cls not in _structs:
        attrs.resolve_types(cls)
        fields: list[Any] = []
        for field in attrs.fields(cls):
            shape = _shape(field.type, struct_of)
            if field.default is attrs.NOTHING:
                fields.append((field.name, shape))
            elif isinstance(field.default, model.LanguageMap):
                fields.append((field.name, shape, msgspec.field(default_factory=dict)))
            else:
                fields.append((field.name, shape, _default(field)))
        if cls is model.Article:
            fields.insert(0, ("schema_version", int))
        _structs[cls] = msgspec.defstruct(
            f"{cls.__name__}Struct", fields, kw_only=True, forbid_unknown_fields=True
        )
    return _structs[cls]


_models: dict[type, Any] = {}


def model_of(cls: type) -> Any:
    """A pydantic v2 model of the attrs class's shape, strict, refusing unknown keys."""
    if cls not in _models:
        attrs.resolve_types(cls)
        fields: dict[str, Any] = {}
        for field in attrs.fields(cls):
            shape = _shape(field.type, model_of)
            if field.default is attrs.NOTHING:
                fields[field.name] = (shape, ...)
            else:
                default = _default(field)
                if isinstance(default, enum.Enum):
                    default = default.value
                fields[field.name] = (shape, default)
        if cls is model.Article:
            fields = {"schema_version": (int, ...), **fields}
        config = pydantic.ConfigDict(strict=True, extra="forbid")
        _models[cls] = pydantic.create_model(f"{cls.__name__}Model", __config__=config, **fields)
    return _models[cls]


def measure(lines: list[bytes], decoder: Any, article_model: Any, count: int) -> dict[str, Any]:
    """Every contender on one corpus, reading and writing."""
    kept = [ns.loads(line) for line in lines]
    dicts = [unstructure_article(article) for article in kept]
    structs = [decoder.decode(line) for line in lines]
    models = [article_model.model_validate_json(line) for line in lines]
    reading = {
        "orjson.loads (dicts, nothing checked)": lambda: [orjson.loads(x) for x in lines],
        "msgspec Structs (types checked)": lambda: [decoder.decode(x) for x in lines],
        "pydantic v2 models (types checked)": lambda: [
            article_model.model_validate_json(x) for x in lines
        ],
        "newsschema.loads (types and every rule)": lambda: [ns.loads(x) for x in lines],
    }
    writing = {
        "orjson.dumps of the dicts": lambda: [orjson.dumps(d) for d in dicts],
        "msgspec of its Structs": lambda: [msgspec.json.encode(s) for s in structs],
        "pydantic v2 of its models": lambda: [m.model_dump_json() for m in models],
        "newsschema.dumps": lambda: [ns.dumps(a) for a in kept],
    }
    return {
        "articles": len(lines),
        "bytes_per_article": sum(map(len, lines)) / len(lines),
        "reading": interleaved(reading, count, len(lines)),
        "writing": interleaved(writing, count, len(lines)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()
    article_struct = struct_of(model.Article)
    article_model = model_of(model.Article)
    decoder = msgspec.json.Decoder(article_struct)
    results: dict[str, Any] = {}
    for name, scale, count in (
        ("typical", 1, options.articles),
        ("heavy", 6, max(options.articles // 6, 1)),
    ):
        lines = corpus(count, options.data, scale).read_bytes().splitlines()
        results[name] = measure(lines, decoder, article_model, options.rounds)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
