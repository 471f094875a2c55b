"""The wire formats: the registry (:mod:`~newsschema.formats.registry`), and a module each."""

from newsschema.formats._base import Format, Note, Record, Written
from newsschema.formats.registry import FORMATS, by_name, by_path, location_of

__all__ = ["FORMATS", "Format", "Note", "Record", "Written", "by_name", "by_path", "location_of"]
