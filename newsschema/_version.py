"""The version of newsschema: the one place it is written (the build reads it here)."""

__version__ = "0.1.0.dev0"
