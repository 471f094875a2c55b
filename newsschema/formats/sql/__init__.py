"""Databases as sinks: DuckDB, SQLite (and PostgreSQL), the star layout's tables in each.

A package of stages: :mod:`.columns` types the one description of the columns (the star
layout's Arrow schemas) for each database; :mod:`.load` loads and reads back, in one
transaction a load, one row per article id; :mod:`.duckdb` and :mod:`.sqlite` say what each
database says its own way.
"""
