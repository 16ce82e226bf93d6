"""Backups in a database-neutral file: taken on SQLite, restored on PostgreSQL, and back.

`flask consult backup PATH` and `flask consult restore PATH` (docs/operations.md).
"""
