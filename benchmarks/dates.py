"""Partial dates: newsschema's EDTF reading against the edtf package's, per distinct value.

    python benchmarks/dates.py [--values 2000] [--rounds 5]

A corpus spanning years of dates pays the parse once per distinct value (results are cached),
so that is what is timed: distinct values of the forms annotators write (days, months, years,
seasons, approximate and uncertain marks, unspecified digits, intervals), each parsed once a
round with every cache cleared. ``edtf.parse_edtf`` alone is the reference (it only parses;
newsschema also checks the range and takes the bounds). Prints the results as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random

import edtf
from timing import interleaved

from newsschema.dates import _bounds


def values(count: int) -> list[str]:
    """Distinct EDTF values of levels 0 and 1, in the proportions annotations have them."""
    rng = random.Random(7)
    found: set[str] = set()
    while len(found) < count:
        year = rng.randrange(1800, 2100)
        form = rng.choice(["day", "day", "month", "month~", "year", "season", "interval", "X"])
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        found.add(
            {
                "day": f"{year}-{month:02d}-{day:02d}",
                "month": f"{year}-{month:02d}",
                "month~": f"{year}-{month:02d}~",
                "year": f"{year}?",
                "season": f"{year}-{rng.randrange(21, 25)}",
                "interval": f"{year}-{month:02d}/{year + 1}",
                "X": f"{year // 10}X",
            }[form]
        )
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = values(args.values)

    def with_edtf() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            for text in texts:
                edtf.parse_edtf(text)

    def with_newsschema() -> None:
        _bounds.cache_clear()
        for text in texts:
            _bounds(text)

    found = interleaved(
        {"edtf.parse_edtf": with_edtf, "newsschema": with_newsschema},
        rounds=args.rounds,
        per=len(texts),
    )
    print(json.dumps({"values": len(texts), "results": found}, indent=2))


if __name__ == "__main__":
    main()
