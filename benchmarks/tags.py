"""Memory of a run with many distinct language tags: flat, as the caches are bounded.

    python benchmarks/tags.py [--tags 1000000]

Checks ``--tags`` distinct tags (private-use subtags, all valid) as the readers do, and writes
the JSON-LD direction of each, printing the peak resident memory after every tenth of the run.
The figures should stay flat after the first tenth (the caches fill, then hold).
"""

from __future__ import annotations

import argparse
import json
import resource

from newsschema import checks
from newsschema.formats.jsonld.write import is_rtl


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", type=int, default=1_000_000)
    args = parser.parse_args()
    tenth = max(args.tags // 10, 1)
    peaks = []
    for number in range(args.tags):
        tag = f"ar-x-{number:x}"
        checks.language_tag_problem(tag)
        is_rtl(tag)
        if (number + 1) % tenth == 0:
            peaks.append({"tags": number + 1, "peak_mib": round(peak_mib(), 1)})
    print(json.dumps({"tags": args.tags, "peaks": peaks}, indent=2))


if __name__ == "__main__":
    main()
