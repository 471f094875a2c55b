"""A cache for functions of short texts, which keeps no long one (a cache is bounded by size)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["CACHED_LENGTH", "ShortTexts", "short_texts"]

CACHED_LENGTH = 64
"""The longest text whose result is remembered: what recurs (an id, a tag, a date) is short;
a long text is worked out again rather than kept, so that a cache of N entries stays small."""

T = TypeVar("T")


class ShortTexts(Generic[T]):
    """A function of a text whose results for short texts are remembered (least recent go)."""

    def __init__(self, function: Callable[[str], T], maxsize: int) -> None:
        self.function = function
        self.remembered = functools.lru_cache(maxsize=maxsize)(function)
        functools.update_wrapper(self, function)

    def __call__(self, text: str) -> T:
        if len(text) <= CACHED_LENGTH:
            return self.remembered(text)
        return self.function(text)

    def cache_info(self) -> Any:
        """How the cache of short texts is used (:func:`functools.lru_cache`'s figures)."""
        return self.remembered.cache_info()

    def cache_clear(self) -> None:
        """Forget every remembered result."""
        self.remembered.cache_clear()


def short_texts(maxsize: int) -> Callable[[Callable[[str], T]], ShortTexts[T]]:
    """Remember the results of up to ``maxsize`` texts of at most :data:`CACHED_LENGTH`."""
    return lambda function: ShortTexts(function, maxsize)
