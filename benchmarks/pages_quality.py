"""How well pages are read: newsschema's page import against trafilatura alone, in one run.

    python benchmarks/pages_quality.py --eval DIR [--limit N] [--show N] [--crawl]

``DIR`` holds trafilatura's evaluation set (``tests/evaldata.json`` and ``tests/eval/*.html``,
as the archive in the project's shared folder unpacks; the pages are publishers', so they are
not in this repository). Each page is scored as trafilatura's ``tests/evaluate.py`` scores an
extractor: every ``with`` snippet found in the text is a true positive (else a false negative),
every ``without`` snippet found is a false positive (else a true negative); precision, recall
and F1 are over all the pages' counts. A page the extractor gives nothing for counts all its
``with`` snippets as missed. Snippet and text are compared as a reader reads them (NFC, white
space folded: :func:`as_read`); ``f1_exact`` compares their characters as they are.

newsschema's text is the article's body as it would be stored: its sections' headings and
paragraphs, one a line. trafilatura's is ``trafilatura.extract(page, include_comments=False)``,
and again with ``favor_precision=True``. Both
read the page's bytes, in turn, page by page, so that the pages-per-second figures are
interleaved. Prints the table as JSON; ``--show`` lists the pages where newsschema does worst.

``--crawl`` also reads the pages as a crawl does: one WARC file with each page a response at
the address the set gives it, read by ``newsschema.io.read_records``. Every page should give one
article (the set's pages are each one article or main text), no two pages the same id unless
they are captures of one page (the same canonical link), and nothing else.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import statistics
import tempfile
import time
import unicodedata
import urllib.parse
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

import newsschema as ns
from newsschema.io import read_records


def newsschema_text(page: bytes) -> tuple[str | None, str | None]:
    """The body newsschema imports from a page, and why there is none (the refusal)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            articles = list(ns.read(io.BytesIO(page), format="html"))
        except ns.ValidationError as exc:
            return None, str(exc)
    lines = [
        text
        for article in articles
        for section in article.body
        for text in ([section.heading] if section.heading else []) + list(section.paragraphs)
    ]
    return "\n".join(lines), None


def trafilatura_text(page: bytes) -> tuple[str | None, str | None]:
    text: str | None = trafilatura.extract(page, include_comments=False)
    return text, None


def trafilatura_precise(page: bytes) -> tuple[str | None, str | None]:
    text: str | None = trafilatura.extract(page, include_comments=False, favor_precision=True)
    return text, None


def crawled(root: Path, items: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The pages read as one crawl: what each capture gave, and ids two addresses share."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.warc.gz"
        offsets: dict[int, str] = {}
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for name in names:
                file = items[name]["file"]
                page = (root / "eval" / file).read_bytes()
                url = name.replace(" ", "%20")  # a few of the set's keys are not addresses
                if not url.startswith(("http://", "https://")):
                    url = "https://pages.example/" + urllib.parse.quote(file)
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
                offsets[out.tell()] = name
                writer.write_record(
                    writer.create_warc_record(
                        url, "response", payload=io.BytesIO(page), http_headers=http
                    )
                )
        given: dict[str, list[str]] = collections.defaultdict(list)
        refused: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for record in read_records(path):
                name = offsets[int(record.where.lstrip("@").split("[")[0])]
                if record.error is not None:
                    refused.append(name)
                else:
                    given[name].append(str(record.data.get("id")))
    pages_of: dict[str, set[str]] = collections.defaultdict(set)
    for name, ids in given.items():
        for found in ids:
            pages_of[found].add(name)
    shared = {found: sorted(pages) for found, pages in pages_of.items() if len(pages) > 1}
    return {
        "pages": len(names),
        "articles": sum(len(ids) for ids in given.values()),
        "pages_with_one": sum(len(ids) == 1 for ids in given.values()),
        "pages_with_several": {name: ids for name, ids in given.items() if len(ids) > 1},
        "pages_with_none": sorted(set(names) - set(given)),
        "refused": refused,
        "ids_of_several_pages": shared,
    }


def as_read(text: str) -> str:
    """Text as a reader reads it: canonically equivalent characters one (NFC), every run of
    white space one space (a no-break space is a space on the screen), no soft hyphens (shown
    only where a line breaks)."""
    return " ".join(unicodedata.normalize("NFC", text.replace("\u00ad", "")).split())


class Score:
    """What one extractor found, counted as trafilatura's evaluation counts it.

    Twice: on the text as a reader reads it (:func:`as_read`, the figures), and on its
    characters exactly (``f1_exact``). newsschema keeps a page's characters as they are (its
    no-break spaces, its decomposed letters), where the snippets were typed in NFC with plain
    spaces: the same words, which only the second count tells apart.
    """

    def __init__(self) -> None:
        self.tp = self.fn = self.fp = self.tn = 0
        self.exact = [0, 0, 0]  # tp, fn, fp on the characters as given
        self.refused = 0
        self.seconds: list[float] = []

    def add(self, text: str | None, item: dict[str, Any]) -> tuple[int, int, int, int]:
        tp = fn = fp = tn = 0
        read = as_read(text) if text is not None else None
        for snippet in item["with"]:
            if read is not None and as_read(snippet) in read:
                tp += 1
            else:
                fn += 1
            self.exact[0 if text is not None and snippet in text else 1] += 1
        for snippet in item["without"]:
            if read is not None and as_read(snippet) in read:
                fp += 1
            else:
                tn += 1
            self.exact[2] += text is not None and snippet in text
        self.tp, self.fn, self.fp, self.tn = self.tp + tp, self.fn + fn, self.fp + fp, self.tn + tn
        return tp, fn, fp, tn

    def summary(self) -> dict[str, Any]:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.tp + self.fn, 1)
        total = sum(self.seconds)
        return {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
            "precision_exact": round(self.exact[0] / max(self.exact[0] + self.exact[2], 1), 3),
            "recall_exact": round(self.exact[0] / max(self.exact[0] + self.exact[1], 1), 3),
            "f1_exact": round(f1_of(*self.exact), 3),
            "refused": self.refused,
            "pages_per_second": round(len(self.seconds) / total, 1) if total else None,
            "median_ms": round(statistics.median(self.seconds) * 1000, 1),
        }


def f1_of(tp: int, fn: int, fp: int) -> float:
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, required=True, help="the unpacked evaluation set")
    parser.add_argument("--limit", type=int, default=0, help="the first N pages only")
    parser.add_argument("--show", type=int, default=0, help="list the N worst pages")
    parser.add_argument("--crawl", action="store_true", help="read the pages as a crawl too")
    args = parser.parse_args()
    root = args.eval / "tests" if (args.eval / "tests").is_dir() else args.eval
    items = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    names = sorted(items)[: args.limit or None]
    readers: dict[str, Callable[[bytes], tuple[str | None, str | None]]] = {
        "trafilatura.extract": trafilatura_text,
        "trafilatura.extract(favor_precision=True)": trafilatura_precise,
        "newsschema": newsschema_text,
    }
    scores = {name: Score() for name in readers}
    worst: list[tuple[float, str, str | None]] = []
    for url in names:
        item = items[url]
        page = (root / "eval" / item["file"]).read_bytes()
        found: dict[str, tuple[int, int, int, int]] = {}
        refusal = None
        for name, read in readers.items():
            began = time.perf_counter()
            text, why = read(page)
            scores[name].seconds.append(time.perf_counter() - began)
            if text is None and why is not None:
                scores[name].refused += 1
                refusal = why
            found[name] = scores[name].add(text, item)
        ours, theirs = found["newsschema"], found["trafilatura.extract"]
        gap = f1_of(*theirs[:3]) - f1_of(*ours[:3])
        worst.append((gap, item["file"], refusal))
    table = {name: score.summary() for name, score in scores.items()}
    result: dict[str, Any] = {"pages": len(names), "results": table}
    if args.show:
        worst.sort(reverse=True)
        result["worst"] = [
            {"file": file, "f1_behind": round(gap, 3), "refused": why}
            for gap, file, why in worst[: args.show]
        ]
    if args.crawl:
        result["crawl"] = crawled(root, items, names)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
