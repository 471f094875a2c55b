"""Coverage-guided fuzzing of every reader, for long runs (not part of the test suite).

    pip install atheris -e '.[html]'   # every reader's dependencies too
    python fuzz/readers.py -max_total_time=3600 fuzz/corpus/

Each input's first byte picks a reader (json, jsonl, jsonld, html, parquet, ninjs), the rest is the
document. Anything but a ``ValidationError`` is a crash that atheris reports, with the input
that caused it saved beside it. Seed the corpus with real documents to start somewhere:

    mkdir -p fuzz/corpus && python fuzz/readers.py --seed fuzz/corpus/
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path

FORMATS = ("json", "jsonl", "jsonld", "html", "parquet", "ninjs")
ROOT = Path(__file__).resolve().parent.parent


def one_input(data: bytes) -> None:
    """Read one input; its first byte picks the format."""
    import newsschema as ns

    if not data:
        return
    format = FORMATS[data[0] % len(FORMATS)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for _ in ns.read(io.BytesIO(data[1:]), format=format):
                pass
        except ns.ValidationError:
            pass


def seed(folder: Path) -> None:
    """Write a starting corpus: the v1 goldens, the fixture pages and ninjs items, a file each."""
    folder.mkdir(parents=True, exist_ok=True)
    golden = ROOT / "fixtures" / "golden" / "v1"
    for index, format in enumerate(FORMATS):
        sources = {
            "html": sorted((ROOT / "fixtures" / "pages").rglob("*.html")),
            "ninjs": sorted((ROOT / "fixtures" / "ninjs").glob("*.json")),
        }.get(format, [golden / f"articles.{format}"])
        for number, source in enumerate(sources):
            (folder / f"{format}-{number}").write_bytes(bytes([index]) + source.read_bytes())


def main() -> None:
    """Seed a corpus (``--seed FOLDER``), or fuzz (atheris' own arguments)."""
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        seed(Path(sys.argv[2]))
        return
    import atheris  # the fuzzer, installed for long runs only

    with atheris.instrument_imports():
        import newsschema  # noqa: F401 - instrumented for coverage

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
