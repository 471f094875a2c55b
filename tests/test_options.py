"""Every reader's and writer's option is checked before anything is read or written.

A wrong name or value is one line naming the option, the value and what is allowed: exit
status 2 on the command line, FormatError from Python; never a traceback from pyarrow.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsschema as ns
from tests.conftest import SEED

BAD_WRITES = [
    ("parquet", {"compression": "lz5"}, "option compression='lz5': choose 'zstd', 'snappy'"),
    ("parquet", {"compression": True}, "option compression=true: choose"),
    ("parquet", {"row_group_bytes": "abc"}, "option row_group_bytes='abc': give a whole number"),
    ("parquet", {"row_group_bytes": -5}, "option row_group_bytes=-5: give a whole number"),
    ("parquet", {"row_group_bytes": 0}, "of bytes, from 1 to"),
    ("parquet", {"row_group_bytes": True}, "option row_group_bytes=true"),
    ("tables", {"compression": "zip"}, "option compression='zip'"),
    ("ninjs", {"version": "9.9"}, "option version='9.9': choose '3.1' or '2.2'"),
    ("ninjs", {"extension": "yes"}, "option extension='yes': give true or false"),
    ("parquet", {"strict": True}, "format 'parquet' takes no option 'strict' for writing"),
]


@pytest.mark.parametrize(("kind", "options", "said"), BAD_WRITES)
def test_a_bad_writer_option_is_a_format_error_from_python(
    kind: str, options: dict[str, Any], said: str, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    with pytest.raises(ns.FormatError, match=None) as caught:
        ns.write([ns.load(SEED)], target if kind != "tables" else f"{target}/", kind, **options)
    assert said in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def _value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize(("kind", "options", "said"), BAD_WRITES[:6])
def test_a_bad_writer_option_is_one_line_and_exit_2(
    kind: str, options: dict[str, Any], said: str, tmp_path: Path
) -> None:
    ((name, value),) = options.items()
    output = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "newsschema", "convert", str(SEED), "-o", str(output)]
    result = subprocess.run(
        [*command, "-O", f"{name}={_value(value)}"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: option") or "takes no option" in result.stderr
    assert said.split(":")[0].replace("'", "") in result.stderr.replace("'", "")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not output.exists()


def test_bad_reader_options() -> None:
    data = SEED.read_bytes()
    for options, said in (
        ({"limits": 5}, "option limits=5: give a newsschema.Limits"),
        ({"captures_of_a_url": "last"}, "option captures_of_a_url='last': choose 'latest' or"),
        ({"strict": "no"}, "option strict='no': give true or false"),
    ):
        kind = "warc" if "captures_of_a_url" in options else "jsonld"
        with pytest.raises(ns.FormatError) as caught:
            list(ns.read(io.BytesIO(data), kind, **options))
        assert said in str(caught.value)


def test_an_iceberg_snapshot_id_may_be_any_64_bit_id() -> None:
    """Iceberg draws its ids from the whole of a long: above 2**62 too (they were refused)."""
    from newsschema.formats import options

    options.check("iceberg", {"snapshot_id": 2**63 - 1}, ("snapshot_id",), "reading")
    with pytest.raises(ns.FormatError, match="from 0 to 9,223,372,036,854,775,807"):
        options.check("iceberg", {"snapshot_id": 2**63}, ("snapshot_id",), "reading")
