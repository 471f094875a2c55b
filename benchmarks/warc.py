"""Crawls: reading a WARC file's pages into articles, against trafilatura alone on the same pages.

    python benchmarks/warc.py [--pages 2000] [--rounds 3] [--jobs N] [--memory 10000,100000]
                              [--html DIR]

A WARC file of ``--pages`` responses is generated (gzip per record, as CC-NEWS writes them)
from the pages in ``fixtures/pages`` (small ones, made for the tests), or from the ``.html``
files under ``--html`` (real pages, such as trafilatura's evaluation set: not in this
repository), taken in turn, each under its own URL, with a request and a metadata
record beside each response, as crawlers write them. Timed in interleaved rounds:
``newsschema.read`` of the file (every record told apart, every page imported), against
``trafilatura.extract`` of the same pages' payloads read with warcio (what a user would do
by hand), each on one core; and on ``--jobs`` cores (every core by default): ``newsschema
convert crawl.warc.gz -o articles.parquet --jobs N`` (start-up included) against
``trafilatura.extract`` mapped over a process pool. Then the peak memory of reading files of
each size in ``--memory``, each in a process of its own: it should not grow with the file.
Prints the results as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import trafilatura
from timing import interleaved
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsschema as ns

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def make(path: Path, pages: int, folder: Path = FIXTURES) -> None:
    found = sorted(folder.rglob("*.html"))
    bodies = [page.read_bytes() for page in found if page.name != "home-page.html"]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(pages):
            url = f"https://news.example/{number}"
            body = bodies[number % len(bodies)]
            request = StatusAndHeaders(f"GET /{number} HTTP/1.1", [], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
            meta = writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"x: 1\r\n"))
            writer.write_record(meta)


def with_newsschema(path: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sum(1 for _ in ns.read(path))


def with_trafilatura(path: Path) -> int:
    count = 0
    with path.open("rb") as file:
        for record in ArchiveIterator(file):
            if record.rec_type == "response":
                count += trafilatura.extract(record.content_stream().read()) is not None
    return count


def _payloads(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        for record in ArchiveIterator(file):
            if record.rec_type == "response":
                yield record.content_stream().read()


def _extracted(payload: bytes) -> bool:
    return trafilatura.extract(payload) is not None


def with_trafilatura_pool(path: Path, jobs: int) -> int:
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs) as pool:
        return sum(pool.imap(_extracted, _payloads(path), chunksize=16))


def with_convert(path: Path, jobs: int) -> None:
    """The command line; the pages repeat, and so do their publishers' ids: kept aside."""
    output, rejects = path.with_suffix(".parquet"), path.with_suffix(".rejects.jsonl")
    command = [sys.executable, "-m", "newsschema", "convert", str(path), "-o", str(output)]
    command += ["--jobs", str(jobs), "--force", "--quiet", "--rejects", str(rejects)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr)


def peak(path: Path) -> float:
    """Peak memory (MiB) of a process that reads the file."""
    here = str(Path(__file__).parent)
    code = (
        f"import sys; sys.path.insert(0, {here!r}); import warc; "
        f"warc.with_newsschema(__import__('pathlib').Path({str(path)!r})); "
        # VmHWM, not ru_maxrss: a child's ru_maxrss counts its parent's at the fork
        "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))"
        ".split()[1]) / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--html", type=Path, default=FIXTURES, help="a folder of pages")
    parser.add_argument("--memory", default="", help="file sizes in pages, e.g. 10000,100000")
    args = parser.parse_args()
    found: dict[str, object] = {"pages": args.pages, "from": str(args.html)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.warc.gz"
        make(path, args.pages, args.html)
        found["bytes"] = path.stat().st_size
        jobs = args.jobs
        found["speed"] = {}
        if args.rounds:
            found["speed"] = interleaved(
                {
                    "trafilatura.extract": lambda: with_trafilatura(path),
                    "newsschema.read": lambda: with_newsschema(path),
                    "convert --jobs 1": lambda: with_convert(path, 1),
                    f"trafilatura.extract, {jobs} processes": lambda: with_trafilatura_pool(
                        path, jobs
                    ),
                    f"convert --jobs {jobs}": lambda: with_convert(path, jobs),
                },
                rounds=args.rounds,
                per=args.pages,
            )
            for figures in found["speed"].values():  # type: ignore[attr-defined]
                figures["pages_per_s"] = round(1e6 / figures["us_per_item"], 1)
        memory = {}
        for size in (int(n) for n in args.memory.split(",") if n):
            sized = Path(folder) / f"crawl-{size}.warc.gz"
            make(sized, size, args.html)
            memory[size] = round(peak(sized), 1)
            sized.unlink()
        found["peak_mib"] = memory
    found["this_process_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
