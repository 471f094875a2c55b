"""The model's docstrings, read: what the published schemas and the SQL tables describe.

Each class of the model says what it is in its docstring's first paragraph and what each
field holds in its ``Attributes:`` section; the JSON Schema's descriptions and the comments
on the SQL sinks' tables and columns are taken from there, so that they cannot drift.
"""

from __future__ import annotations

import inspect
import re

__all__ = ["attribute_docs", "summary"]


def attribute_docs(cls: type) -> dict[str, str]:
    """The ``Attributes:`` section of a class docstring, as name -> one-line description."""
    docs: dict[str, str] = {}
    section = False
    current = None
    for line in inspect.cleandoc(cls.__doc__ or "").splitlines():
        if line.strip() == "Attributes:":
            section = True
            continue
        if section and line and not line.startswith(" "):
            break
        match = re.match(r"^    (\w+): (.*)$", line)
        if section and match:
            current = match.group(1)
            docs[current] = match.group(2).strip()
        elif section and current and line.startswith("        "):
            docs[current] += " " + line.strip()
    return docs


def summary(cls: type) -> str:
    """A class docstring's first paragraph, on one line."""
    return inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].replace("\n", " ")
