"""Writes under faults: a reader racing a writer, a kill at any moment, others' files.

Real processes, real signals, a real file system: every replace leaves the old version or
the new one, whole, and a reader sees one of them, never an error.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsschema as ns
from tests.conftest import ROOT, SEED

# A child that writes, again and again, one of two versions of a tables directory.
WRITER = """
import sys, attrs, newsschema as ns
seed = ns.load(sys.argv[1])
versions = [[seed], [attrs.evolve(seed, id="other", headline="another version")] * 1]
for round in range(int(sys.argv[3])):
    ns.write(versions[round % 2], sys.argv[2])
"""


def _ids(directory: Path) -> list[str]:
    return [article.id for article in ns.read(directory)]


def test_a_reader_racing_a_writer_sees_the_old_or_the_new_never_an_error(tmp_path: Path) -> None:
    target = f"{tmp_path}/live/"
    ns.write([ns.load(SEED)], target)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(SEED), target, "40"], cwd=ROOT)
    seen: set[tuple[str, ...]] = set()
    reads = 0
    try:
        while writer.poll() is None:
            seen.add(tuple(_ids(Path(target))))
            reads += 1
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert reads > 0
    assert seen <= {("iraq-coalition-2021",), ("other",)}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no debris


@pytest.mark.parametrize("output", ["out/", "out.parquet", "out.jsonl"])
def test_a_kill_at_any_moment_leaves_one_whole_version(tmp_path: Path, output: str) -> None:
    target = f"{tmp_path}/{output}"
    ns.write([ns.load(SEED)], target)
    rng = random.Random(7)
    for _ in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(SEED), target, "1000"], cwd=ROOT
        )
        time.sleep(rng.uniform(0.6, 1.6))  # past the start-up, into the writing
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
        assert _ids(Path(target)) in (["iraq-coalition-2021"], ["other"])
    # Nothing can clean up after SIGKILL: at most what was being built is left, hidden.
    name = output.rstrip("/")
    assert all(p.name.startswith(f".{name}.") for p in tmp_path.iterdir() if p.name != name)


@pytest.mark.parametrize("output", ["out/", "out.parquet", "out.jsonl"])
def test_sigterm_stops_the_command_line_cleanly(tmp_path: Path, output: str) -> None:
    big = tmp_path / "big.jsonl"
    seed = ns.load(SEED)
    import attrs

    ns.write((attrs.evolve(seed, id=f"a{n}") for n in range(400)), big)
    ns.write([seed], f"{tmp_path}/{output}")
    before = sorted(p.name for p in tmp_path.iterdir())
    command = [sys.executable, "-m", "newsschema", "convert", str(big), "-o", output, "--force"]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left
    found = [a.id for a in ns.read(f"{tmp_path}/{output}")]
    assert found in (["iraq-coalition-2021"], [f"a{n}" for n in range(400)])


def test_files_of_others_in_a_tables_directory_are_never_deleted(tmp_path: Path) -> None:
    target = f"{tmp_path}/out/"
    ns.write([ns.load(SEED)], target)
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ns.FormatError, match=r"holds files newsschema did not write \(notes.txt\)"):
        ns.write([ns.load(SEED)], target)
    assert (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _ids(tmp_path / "out") == ["iraq-coalition-2021"]


def test_missing_folders_are_made_for_every_kind_of_target(tmp_path: Path) -> None:
    """A file, a star layout, a dataset, a table and --rejects alike: the folders are made."""
    command = [sys.executable, "-m", "newsschema", "convert", str(SEED)]
    for output in ("no/such/x.json", "no/such/x.parquet", "other/star/"):
        result = subprocess.run(
            [*command, "-o", output, "--rejects", f"bad/{output.strip('/')}.jsonl"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert _ids(tmp_path / output) == ["iraq-coalition-2021"]


def test_an_output_that_cannot_be_made_names_the_target_not_a_temporary_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    command = [sys.executable, "-m", "newsschema", "convert", str(SEED), "-o", "plain/x.json"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "error: plain/x.json: Not a directory; nothing was written"
    )
    with pytest.raises(NotADirectoryError) as caught:
        ns.write([ns.load(SEED)], tmp_path / "plain" / "x.json")
    assert caught.value.filename == str(tmp_path / "plain" / "x.json")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system of its own (tmpfs), mounted for the test; skipped where it cannot be."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsschema", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("output", ["out.jsonl", "out.parquet", "out/"])
def test_a_full_disk_leaves_the_old_output_and_no_debris(
    small_disk: Path, tmp_path: Path, output: str
) -> None:
    import attrs

    seed = ns.load(SEED)
    big = tmp_path / "big.jsonl"
    noise = random.Random(3)
    ns.write(  # about 1 MB that no compression makes fit in 256 KiB
        (attrs.evolve(seed, id=f"a{n}", summary=noise.randbytes(2500).hex()) for n in range(200)),
        big,
    )
    ns.write([seed], f"{small_disk}/{output}")
    before = sorted(p.name for p in small_disk.iterdir())
    result = _cli("convert", str(big), "-o", output, "--force", cwd=small_disk)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "No space left on device; nothing was written" in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == before
    assert [a.id for a in ns.read(f"{small_disk}/{output}")] == [seed.id]


def test_a_read_only_target_is_an_io_error(small_disk: Path) -> None:
    ns.write([ns.load(SEED)], small_disk / "old.json")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = _cli("convert", str(SEED), "-o", "new.json", cwd=small_disk)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "Read-only file system; nothing was written" in result.stderr
