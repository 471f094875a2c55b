"""Inputs compressed as news dumps ship: gzip, zstd, bz2 and xz, told by suffix or magic bytes.

``articles.jsonl.gz``, ``dump.json.zst``: the format is the suffix inside the compression's,
and the file is decompressed as it is read (never whole). A compressed file whose suffix does
not say so is told by its first bytes. gzip, bz2 and xz are read by Python's own modules,
zstd by pyarrow's codec (a core dependency). Damage in the compressed data is an ``OSError``
naming the file and the compression, as any failure to read is.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import lzma
import zlib
from pathlib import PurePath
from typing import Any, BinaryIO

__all__ = ["SUFFIXES", "decompressing", "inner_name", "sniffed"]

SUFFIXES = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2", ".xz": "xz"}
"""The suffixes of compressed files, and the compression each names."""
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)


def inner_name(path: str | PurePath) -> str | None:
    """The name of a compressed file without its compression's suffix; None if it has none."""
    name = str(path)
    suffix = PurePath(name).suffix.lower()
    return name[: -len(suffix)] if suffix in SUFFIXES else None


def sniffed(head: bytes) -> str | None:
    """The compression that a file's first bytes show, or None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def decompressing(stream: BinaryIO, kind: str, name: str) -> BinaryIO:
    """A stream of the decompressed bytes of ``stream``, read as needed.

    Raises (on reading):
        OSError: the compressed data is damaged or cut short, naming ``name``.
    """
    inner: Any
    if kind == "gzip":
        inner = gzip.GzipFile(fileobj=stream, mode="rb")
    elif kind == "bz2":
        inner = bz2.BZ2File(stream, mode="rb")
    elif kind == "xz":
        inner = lzma.LZMAFile(stream, mode="rb")  # noqa: SIM115 - closed with the reader
    else:
        import pyarrow as pa

        inner = pa.CompressedInputStream(pa.PythonFile(stream, mode="r"), "zstd")
    return io.BufferedReader(_Checked(inner, kind, name), buffer_size=1 << 20)


class _Checked(io.RawIOBase):
    """A decompressing reader whose damage is said as an ``OSError`` naming the file."""

    def __init__(self, inner: Any, kind: str, name: str) -> None:
        self.inner, self.kind, self.name_shown = inner, kind, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.inner.read(len(buffer))
        except Exception as exc:
            known = (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)
            if not isinstance(exc, known) and not type(exc).__module__.startswith("pyarrow"):
                raise
            why = f"its {self.kind} data is damaged or cut short ({exc})"
            raise OSError(errno.EIO, why, self.name_shown) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()
