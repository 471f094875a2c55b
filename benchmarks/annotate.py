"""How well quotes, speakers and figures are suggested, and how fast, scored as the acceptance
checks are.

    python benchmarks/annotate.py --eval DIR

``DIR`` holds the development sets and their scorer (``score.py``; the project's shared folder
has them: the articles are others', so they are not in this repository). Each gold article is
made an article (its paragraphs one section), suggested into by :func:`newsschema.suggest`,
written as canonical JSON and scored by the scorer's own ``score_quotes`` and
``score_figures``. Speed: words a second of ``suggest`` on the same articles, against the page
importer's on this repository's pages, in interleaved rounds: medians and spreads.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from pathlib import Path
from typing import Any

import orjson

import newsschema as ns

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _scorer(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", folder / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _articles(gold: list[dict[str, Any]]) -> list[ns.Article]:
    return [
        ns.Article(
            id=g["id"],
            headline=g["id"],
            language=g["language"],
            body=(ns.Section(paragraphs=tuple(g["paragraphs"])),),
        )
        for g in gold
    ]


def _suggest_rate(articles: list[ns.Article], words: int) -> float:
    began = time.perf_counter()
    for article in articles:
        ns.suggest(article)
    return words / (time.perf_counter() - began)


def _import_rate(pages: list[Path]) -> float:
    began = time.perf_counter()
    words = 0
    for page in pages:
        try:
            for article in ns.read(page):
                words += sum(len(p.split()) for s in article.body for p in s.paragraphs)
        except ns.ValidationError:
            continue  # a page that is no article: its time is the importer's all the same
    return words / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    score = _scorer(args.eval)
    pages = sorted(PAGES.glob("*.html")) + sorted((PAGES / "real").glob("*.html"))
    import warnings

    warnings.simplefilter("ignore")  # what pages do not keep is not measured here
    for name in ("polnear-train.json.xz", "newsquant-dev.json", "arabic-dev.json"):
        gold = score.load_gold(args.eval / name)
        articles = _articles(gold)
        suggested = {a.id: orjson.loads(ns.dumps(ns.suggest(a))) for a in articles}
        arabic = gold[0]["language"] == "ar"
        print(name)
        if gold[0].get("quotes") is not None:
            quotes = score.score_quotes(gold, suggested, arabic)
            for overlap in (0.3, 0.8):
                r = quotes[overlap]
                print(
                    f"  quotes @{overlap}: precision {r['precision']:.3f}, recall direct "
                    f"{r['recall_direct']:.3f} of {r['gold_direct']}, recall all "
                    f"{r['recall_all']:.3f} of {r['gold_all']}, speaker {r['speaker']:.3f} "
                    f"(n={r['speaker_n']}), cue {r['cue']:.3f} ({r['suggested']} suggested)"
                )
        if gold[0].get("figures") is not None:
            f = score.score_figures(gold, suggested)
            print(
                f"  figures: value P {f['value_p']:.3f} R {f['value_r']:.3f} F1 "
                f"{f['value_f1']:.3f}; value+unit P {f['unit_p']:.3f} R {f['unit_r']:.3f} F1 "
                f"{f['unit_f1']:.3f}; qualifier {f['qualifier']:.3f} ({f['suggested']} of "
                f"{f['gold']})"
            )
        words = sum(len(p.split()) for g in gold for p in g["paragraphs"])
        suggesting, importing = [], []
        for _ in range(args.rounds):  # interleaved: the machine's load falls on both alike
            suggesting.append(_suggest_rate(articles, words))
            importing.append(_import_rate(pages))
        ratios = [s / i for s, i in zip(suggesting, importing, strict=True)]
        print(
            f"  speed: suggest {statistics.median(suggesting):,.0f} words/s "
            f"({min(suggesting):,.0f}-{max(suggesting):,.0f}); page import "
            f"{statistics.median(importing):,.0f} words/s; ratio "
            f"{statistics.median(ratios):.1f}x ({min(ratios):.1f}-{max(ratios):.1f})"
        )


if __name__ == "__main__":
    main()
