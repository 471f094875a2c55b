"""How well figures are suggested, on the development sets, scored as the acceptance checks are.

    python benchmarks/annotate.py --eval DIR

``DIR`` holds the development sets and their scorer (``score.py``; the project's shared folder
has them: the articles are others', so they are not in this repository). Figures are found by
:func:`newsschema.annotate.figures.figures` and scored by the scorer's own ``score_figures``;
words per second are measured on the same articles, three rounds, median and spread.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import time
from pathlib import Path
from typing import Any

from newsschema.annotate.figures import figures


def _scorer(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", folder / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _suggested(gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        article["id"]: {
            "statistics": [
                {"value": f.value, "value_max": f.value_max, "unit": f.unit,
                 "qualifier": f.qualifier.value}
                for f in figures(article["paragraphs"], article["language"])
            ]
        }
        for article in gold
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", type=Path, required=True)
    parser.add_argument("--show", type=int, default=0, help="list N misses of each set")
    args = parser.parse_args()
    score = _scorer(args.eval)
    results: dict[str, Any] = {}
    for name in ("newsquant-dev.json", "arabic-dev.json"):
        gold = [g for g in score.load_gold(args.eval / name) if g.get("figures") is not None]
        words = sum(len(p.split()) for g in gold for p in g["paragraphs"])
        rounds = []
        for _ in range(3):
            began = time.perf_counter()
            suggested = _suggested(gold)
            rounds.append(words / (time.perf_counter() - began))
        scored = score.score_figures(gold, suggested)
        scored["words_per_second"] = {
            "median": round(statistics.median(rounds)),
            "spread": [round(min(rounds)), round(max(rounds))],
        }
        results[name] = {k: round(v, 3) if isinstance(v, float) else v for k, v in scored.items()}
        for article in gold[: args.show]:
            got = sorted((s["value"], s["unit"]) for s in suggested[article["id"]]["statistics"])
            want = sorted((f["value"], f["unit"]) for f in article["figures"])
            if got != want:
                print(json.dumps({"text": article["paragraphs"][0][:160], "got": got, "want": want},
                                 ensure_ascii=False))  # fmt: skip
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
