"""Hypothesis profiles and shared fixtures.

The ``ci`` profile loads itself when the ``CI`` variable is set (Hypothesis' own
behaviour); ``deep`` runs many more examples: ``HYPOTHESIS_PROFILE=deep pytest``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Generating a whole article is slow by Hypothesis' measure, and its time varies: no deadline.
# CI runs as many examples as a developer (the suite's budget is 15 minutes on 2 cores); the
# deep profile runs forty times as many, for the long runs before a release.
for _name, _examples in (("dev", 50), ("ci", 50), ("deep", 2000)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "iraq-coalition-2021.json"

HANG = 30.0
"""Seconds a test allows work that should take a moment before it calls it a hang: never a
measure of speed (the machine may be loaded), which benchmarks/ takes."""


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
