"""The manifests that mark newsschema's folders of Parquet, told apart without pyarrow."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATASET", "TABLES", "is_dataset", "is_tables"]

TABLES = "_newsschema.json"
"""The star layout's manifest, written last."""
DATASET = "_newsschema_dataset.json"
"""A dataset's manifest, written last."""


def is_tables(directory: Path) -> bool:
    """Tell whether a directory holds the star layout: whether its manifest is there."""
    return (directory / TABLES).is_file()


def is_dataset(directory: Path) -> bool:
    """Tell whether a directory holds a dataset: whether its manifest is there."""
    return (directory / DATASET).is_file()
