"""The ``newsschema`` command: validate, convert and inspect article files.

- :mod:`~newsschema.cli.common`: the app, the options the commands share, messages;
- :mod:`~newsschema.cli.convert`: ``convert``;
- :mod:`~newsschema.cli.look`: ``validate``, ``inspect``, ``formats``, ``schema``.

``newsschema --version`` is answered before anything else is imported.
"""

from __future__ import annotations

import signal
import sys
import warnings
from typing import Any

from newsschema._version import __version__

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer app, with every command on it
        from newsschema.cli import annotate, convert, look  # noqa: F401 - registering the commands
        from newsschema.cli.common import app

        return app
    raise AttributeError(f"module 'newsschema.cli' has no attribute {name!r}")


EXIT_INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C, as shells give it (128 + SIGINT)."""
_INTERRUPTED = {"convert": "nothing was written"}
"""What an interrupted command says it left: an output is renamed into place (or a table
committed) only at the end."""


def _command() -> str:
    return next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")


def _terminated(number: int, _frame: object) -> None:
    """Stop on SIGTERM as on Ctrl-C: unwinding, so that no temporary file is left behind."""
    raise SystemExit(128 + number)


_interrupted: list[str] = []
"""Set when Ctrl-C stops the command: it says so in one line as it exits."""


def _interrupt(number: int, frame: Any) -> None:
    _interrupted.append("interrupted")
    if "distributed" in sys.modules:  # a cluster's goodbyes (keys it can no longer gather), unsaid
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    signal.default_int_handler(number, frame)  # KeyboardInterrupt: unwinding, as Python does


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] == ["--version"]:  # at once: nothing else to import
        print(f"newsschema {__version__}")
        return
    from newsschema.cli import annotate, convert, look  # noqa: F401 - registering the commands
    from newsschema.cli.common import (
        EXIT_IO,
        EXIT_USAGE,
        app,
        os_problem,
        say,
        warning_line,
    )
    from newsschema.errors import FormatError, NotKeptWarning

    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, _interrupt)
    original = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, NotKeptWarning):  # what a reader says of its input, as a line
            say(warning_line(message))
        else:
            original(message, category, *args, **kwargs)

    warnings.showwarning = show
    try:
        app()
    except SystemExit as exc:
        if _interrupted and exc.code == EXIT_INTERRUPTED:
            say(f"interrupted: {_INTERRUPTED.get(_command(), 'stopped')}")
        raise
    except FormatError as exc:  # the last net: each command says its own errors first
        say(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        say(f"error: {os_problem(exc)}")
        sys.exit(EXIT_IO)
