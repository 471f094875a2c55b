"""Hypothesis profiles and shared fixtures.

The ``ci`` profile loads itself when the ``CI`` variable is set (Hypothesis' own
behaviour); ``deep`` runs many more examples: ``HYPOTHESIS_PROFILE=deep pytest``.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import newsschema as ns
from newsschema.formats import Note
from newsschema.io import read_records

# Generating a whole article is slow by Hypothesis' measure, and its time varies: no deadline.
# CI runs a few fewer examples than a developer (the suite's budget is 15 minutes on 2 cores,
# on a shared machine); the deep profile runs forty times as many, for the long runs before a
# release.
_PROFILES = {"dev": 50, "ci": 20, "deep": 2000}
for _name, _examples in _PROFILES.items():
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def examples(count: int) -> int:
    """A property's own number of examples, for a developer's run, scaled by the profile's.

    ``count`` is what the property runs with the dev profile (50 each): CI runs it times
    20/50, the deep profile times 40.
    """
    return max(5, round(count * settings().max_examples / _PROFILES["dev"]))


ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "iraq-coalition-2021.json"

HANG = 30.0
"""Seconds a test allows work that should take a moment before it calls it a hang: never a
measure of speed (the machine may be loaded), which benchmarks/ takes."""


def read_saying(source: Path | bytes, **options: Any) -> tuple[list[ns.Article], list[str]]:
    """A foreign file's articles and every word its reader said, notes and warnings in order.

    Each word is ``<place>: <text>`` (the place after the file's name: ``""``, ``[1]``);
    ``source`` is a path, or the bytes of a stream. Python's ``read`` warns of the losses
    alone (``NotKeptWarning``); the notes, which say how a value was found, stay in the
    records' words: both are checked to agree.
    """

    def opened() -> Any:
        return io.BytesIO(source) if isinstance(source, bytes) else source

    name = "<stream>" if isinstance(source, bytes) else str(source)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ns.NotKeptWarning)
        found = list(ns.read(opened(), **options))
    warned = [str(w.message).removeprefix(name) for w in caught if w.category is ns.NotKeptWarning]
    said = [
        (f"{record.where}: {word}", isinstance(word, Note))
        for record in read_records(opened(), **options)
        for word in record.warnings
    ]
    assert warned == [line for line, note in said if not note]
    return found, [line for line, _ in said]


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture(params=["bulk", "detailed"])
def conversion_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a conversion test twice: by the bulk path, and with it turned off.

    Both in this process and in the command lines a test starts (``NEWSSCHEMA_BULK``).
    """
    from newsschema import bulk

    on = request.param == "bulk"
    monkeypatch.setenv("NEWSSCHEMA_BULK", "1" if on else "0")
    monkeypatch.setattr(bulk, "ENABLED", on)
    return str(request.param)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[str]:
    """A PostgreSQL server of the session's own (see :mod:`tests.postgres`)."""
    from tests import postgres

    if postgres.binaries() is None:
        pytest.fail("PostgreSQL's server is not installed (Debian: apt-get install postgresql)")
    with postgres.server() as uri:
        yield uri


@pytest.fixture
def postgresql(postgresql_server: str) -> Iterator[str]:
    """The URI of a new, empty PostgreSQL database, dropped after the test."""
    from tests import postgres

    with postgres.database(postgresql_server) as uri:
        yield uri
