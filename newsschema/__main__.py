"""Run the command line: ``python -m newsschema``."""

from newsschema.cli import main

main()
