"""Salvage: keep what the model accepts of a foreign record, dropping the least that it refuses.

Shared by the readers of others' formats (publishers' markup, ninjs): one bad node (an author
with no name, a link that is no URI) never sinks the article; each part dropped is said.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from newsschema.convert import structure_article
from newsschema.errors import Problem, ValidationError

__all__ = ["salvage"]


def salvage(
    record: dict[str, Any], note: Callable[[str], None], roles: Mapping[str, str]
) -> dict[str, Any]:
    """Drop the parts the model refuses, each with a warning, until the rest is valid.

    A bad value in a list (a ``sameAs`` that is no URI) goes alone; a bad optional field
    (a url that is not http) goes alone; a part whose required field is bad (an author
    whose name is only spaces) goes whole, and references to it with it. Only a bad id,
    headline or language sinks the article.
    """
    cleared: set[str] = set()
    for _ in range(100):
        try:
            structure_article(record)
        except ValidationError as exc:
            if not all(_drop(record, problem, cleared, note, roles) for problem in exc.problems):
                raise
            _compact(record)
        else:
            return record
    return record


def _drop(
    record: dict[str, Any],
    problem: Problem,
    cleared: set[str],
    note: Callable[[str], None],
    roles: Mapping[str, str],
) -> bool:
    """Drop what a problem is about; False when it is about what the article needs."""
    steps = _steps(problem.path)
    if not steps or steps[0] in ("id", "headline", "language", "schema_version"):
        return False
    if isinstance(steps[-1], str) and problem.path not in cleared and len(steps) > 1:
        cleared.add(problem.path)  # an optional field first; its part if that is not enough
        parent = _at(record, steps[:-1])
        if isinstance(parent, dict) and parent.get(steps[-1]) is not None:
            note(
                f"{_describe(record, steps, roles)}: {steps[-1]} {parent[steps[-1]]!r} "
                f"was dropped: {problem.message}"
            )
            parent[steps[-1]] = None
            return True
    while steps and not isinstance(steps[-1], int):
        steps = steps[:-1]
    if not steps:
        if len(_steps(problem.path)) == 1 and problem.path in record:
            note(f"{problem.path} {record[problem.path]!r} was dropped: {problem.message}")
            record[problem.path] = None
            return True
        return False
    container = _at(record, steps[:-1])
    index = steps[-1]
    assert isinstance(index, int)
    if not isinstance(container, list) or index >= len(container) or container[index] is None:
        return True  # dropped already, for another problem
    part = container[index]
    if len(steps) > 2:  # a value in a list of a part: the value alone
        note(
            f"{_describe(record, steps[:2], roles)}: {_path(steps[2:])} {part!r} "
            f"was dropped: {problem.message}"
        )
    else:
        note(f"{_describe(record, steps, roles)} was dropped: {problem}")
    container[index] = None
    entity_id = part.get("id") if isinstance(part, dict) else None
    if steps[:1] == ["entities"] and len(steps) == 2 and isinstance(entity_id, str):
        _forget_entity(record, entity_id)
    return True


def _describe(record: dict[str, Any], steps: list[str | int], roles: Mapping[str, str]) -> str:
    """Name a part of the record the way the markup's reader would know it."""
    if len(steps) >= 2 and steps[0] == "entities" and isinstance(steps[1], int):
        part = record["entities"][steps[1]]
        if isinstance(part, dict):
            entity_id = part.get("id")
            role = roles.get(entity_id, "entity") if isinstance(entity_id, str) else "entity"
            return f"{role} {part.get('name')!r}"
    noun = {"comments": "a comment", "media": "a media item", "subjects": "a subject"}
    if len(steps) >= 2 and isinstance(steps[0], str) and steps[0] in noun:
        return noun[steps[0]]
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps).lstrip(
        "."
    )


def _forget_entity(record: dict[str, Any], entity_id: str) -> None:
    record["authors"] = [a for a in record.get("authors", ()) if a != entity_id]
    if record.get("publisher") == entity_id:
        record["publisher"] = None
    for quote in record.get("quotes", ()):
        if quote is not None and quote.get("speaker") == entity_id:
            quote["speaker"] = None


def _steps(path: str) -> list[str | int]:
    """A problem's path as keys and indexes: ``entities[2].same_as[0]``."""
    steps: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        steps.append(int(index) if index else name)
    return steps


def _path(steps: list[str | int]) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps).lstrip(
        "."
    )


def _at(record: Any, steps: list[str | int]) -> Any:
    for step in steps:
        if isinstance(step, int):
            record = record[step] if isinstance(record, list) and step < len(record) else None
        else:
            record = record.get(step) if isinstance(record, dict) else None
    return record


def _compact(value: Any) -> None:
    """Take the dropped parts (None in lists) out, and empty fields with them."""
    if isinstance(value, dict):
        for key in list(value):
            _compact(value[key])
            if isinstance(value[key], list):
                value[key] = [item for item in value[key] if item is not None]
            if value[key] in (None, [], {}) and key != "paragraphs":
                del value[key]
    elif isinstance(value, list):
        for item in value:
            _compact(item)
