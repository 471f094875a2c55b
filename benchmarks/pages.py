"""JSON-LD reading and page importing, measured side by side. Benchmarks are hard: see README.md.

    python benchmarks/pages.py [--articles 1000] [--rounds 5] [--data /tmp/newsschema-bench]

1. Reading our own JSON-LD against reading the same articles as canonical JSON (a ``.json``
   array), per article: as it is read now (straight from the compact form), the general way
   (expanded directly, then read by meaning), and as it was read before (expanded by pyld).
2. Importing pages: the realistic pages of ``fixtures/pages/real`` (about half of them
   without ``articleBody``, so that their text is extracted), in pages per second, with the
   share of the time spent in JSON-LD expansion and in text extraction.

Rounds are interleaved (each contender once per round, in turn), and every figure is the
median of the rounds, with the spread (lowest and highest) beside it.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import json
import pstats
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from corpus import corpus

import newsschema as ns
from newsschema.formats.jsonld import expand as expansion

# Where own_records is looked up when documents are read (the package's read hides the name).
reading = importlib.import_module("newsschema.formats.jsonld.documents")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "real"


def timed(work: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def read_all(data: bytes, format: str) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ns.NotKeptWarning)
        return sum(1 for _ in ns.read(io.BytesIO(data), format=format))


def read_expanded(data: bytes) -> int:
    """Our JSON-LD read the general way: expanded (directly), then read by meaning."""
    with mock.patch.object(reading, "own_records", return_value=None):
        return read_all(data, "jsonld")


def read_with_pyld(data: bytes) -> int:
    """Our JSON-LD read as before: every document expanded by pyld, then read by meaning."""
    with (
        mock.patch.object(reading, "own_records", return_value=None),
        mock.patch.object(expansion, "_expand_direct", side_effect=expansion._NotSimple),
    ):
        return read_all(data, "jsonld")


def import_pages(pages: list[bytes]) -> int:
    return sum(read_all(page, "html") for page in pages)


def summary(samples: list[float], per: int) -> dict[str, float]:
    scaled = [sample / per for sample in samples]
    return {
        "median": statistics.median(scaled),
        "low": min(scaled),
        "high": max(scaled),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/newsschema-bench"))
    options = parser.parse_args()

    articles = list(ns.read(corpus(options.articles, options.data)))
    as_json, as_jsonld = io.BytesIO(), io.BytesIO()
    ns.write(articles, as_json, format="json")
    ns.write(articles, as_jsonld, format="jsonld")
    contenders: dict[str, Callable[[], Any]] = {
        "canonical JSON": lambda: read_all(as_json.getvalue(), "json"),
        "JSON-LD, read directly (now)": lambda: read_all(as_jsonld.getvalue(), "jsonld"),
        "JSON-LD, expanded directly": lambda: read_expanded(as_jsonld.getvalue()),
        "JSON-LD, through pyld (before)": lambda: read_with_pyld(as_jsonld.getvalue()),
    }
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(options.rounds):
        for name, work in contenders.items():
            samples[name].append(timed(work))
    base = statistics.median(samples["canonical JSON"])
    results: dict[str, Any] = {"articles": options.articles, "reading": {}}
    print(f"Reading {options.articles} articles (median of {options.rounds} rounds)")
    print(f"{'contender':34} {'us/article':>12} {'spread':>16} {'x canonical JSON':>17}")
    for name, times in samples.items():
        found = summary(times, options.articles)
        ratio = statistics.median(times) / base
        low, high = (min(times) / base, max(times) / base)
        results["reading"][name] = {**found, "ratio": ratio, "ratio_low": low, "ratio_high": high}
        print(
            f"{name:34} {found['median'] * 1e6:12.0f} "
            f"{found['low'] * 1e6:7.0f}-{found['high'] * 1e6:<8.0f} {ratio:9.2f}"
            f" ({low:.2f}-{high:.2f})"
        )

    pages = [path.read_bytes() for path in sorted(PAGES.glob("*.html"))]
    readable = []
    for page in pages:
        try:
            import_pages([page])
            readable.append(page)
        except ns.ValidationError:
            pass  # the page with no article: an error, timed apart from the rest
    times, before = [], []
    for _ in range(options.rounds):  # interleaved: now, then as before (every block via pyld)
        times.append(timed(lambda: import_pages(readable)))
        with mock.patch.object(expansion, "_expand_direct", side_effect=expansion._NotSimple):
            before.append(timed(lambda: import_pages(readable)))
    per_page = summary(times, len(readable))
    per_page_before = summary(before, len(readable))
    profile = cProfile.Profile()
    profile.runcall(import_pages, readable)
    stats = pstats.Stats(profile)
    total = sum(row[3] for key, row in stats.stats.items() if key[2] == "import_pages")  # type: ignore[attr-defined]
    shares = {}
    for label, module, function in (
        ("JSON-LD expansion", "jsonld/expand.py", "expand"),
        ("text extraction", "html/text.py", "main_text"),
    ):
        spent = sum(
            row[3]
            for key, row in stats.stats.items()  # type: ignore[attr-defined]
            if key[0].endswith(module) and key[2] == function
        )
        shares[label] = spent / total if total else 0.0
    results["pages"] = {
        "pages": len(readable),
        "per_second": 1 / per_page["median"],
        "per_second_low": 1 / per_page["high"],
        "per_second_high": 1 / per_page["low"],
        "shares": shares,
        "per_second_through_pyld": 1 / per_page_before["median"],
    }
    print(
        f"\nImporting {len(readable)} pages: {1 / per_page['median']:.0f} pages/s "
        f"({1 / per_page['high']:.0f}-{1 / per_page['low']:.0f}); time in "
        + ", ".join(f"{label} {share:.0%}" for label, share in shares.items())
        + f"; every block through pyld: {1 / per_page_before['median']:.0f} pages/s"
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
