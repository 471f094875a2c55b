"""A real PostgreSQL server for the tests, started by them: Debian's ``postgresql`` 15.

The cluster lives in a temporary folder, listens on a Unix socket there only (no TCP), runs
without fsync (a test's data is thrown away), and is stopped at the end of the session. As
root, the server runs as the ``postgres`` user (PostgreSQL refuses root). Each test that
asks takes a database of its own.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["binaries", "database", "server"]


def binaries() -> Path | None:
    """The folder of the server's programs (Debian keeps them off PATH), or None."""
    for initdb in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True):
        return initdb.parent
    found = shutil.which("initdb")
    return None if found is None else Path(found).resolve().parent


def _as_server(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server() -> Iterator[str]:
    """Start a cluster; yield the URI of its ``postgres`` database."""
    folder = Path(tempfile.mkdtemp(prefix="newsschema-pg-"))
    programs = binaries()
    assert programs is not None
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        data, port = folder / "data", _free_port()
        subprocess.run(
            _as_server([str(programs / "initdb"), "-D", str(data), "-A", "trust",
                        "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            _as_server([str(programs / "pg_ctl"), "-D", str(data), "-o", options,
                        "-l", str(folder / "log"), "-w", "-t", "60", "start"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        try:
            yield f"postgresql://postgres@/postgres?host={folder}&port={port}"
        finally:
            subprocess.run(
                _as_server([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                timeout=120,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_NUMBERS = itertools.count()


@contextlib.contextmanager
def database(uri: str) -> Iterator[str]:
    """A new, empty database on the server; yield its URI, and drop it after."""
    import adbc_driver_postgresql.dbapi as dbapi

    name = f"test_{os.getpid()}_{next(_NUMBERS)}"
    with dbapi.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        yield uri.replace("@/postgres?", f"@/{name}?")
    finally:
        with dbapi.connect(uri, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
