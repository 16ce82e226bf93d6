"""`flask consult backup`: every table into one file, streamed, written atomically."""

import gzip
import io
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from consult.backup.cells import encoder, kind_of, selected
from consult.backup.fileformat import FORMAT, VERSION, BackupError, dumps
from consult.backup.revision import require_database_at_head
from consult.core.db import utcnow
from consult.extensions import db

# Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
ROWS_PER_FETCH = 2000


@dataclass
class BackupSummary:
    path: Path
    revision: str
    counts: dict[str, int]
    size: int
    seconds: float


def table_layout(table: Table) -> dict:
    return {
        "name": table.name,
        "columns": [{"name": column.name, "kind": kind_of(column)} for column in table.columns],
    }


def write_backup(path: Path) -> BackupSummary:
    """Write the database to ``path``: readable by its owner only (it holds personal data),
    and only ever complete, as a finished temporary file is renamed over it."""
    started = time.perf_counter()
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent}: no such directory.")
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give a file name.")
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            revision, counts = _write_database(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)
    return BackupSummary(
        path=path,
        revision=revision,
        counts=counts,
        size=path.stat().st_size,
        seconds=time.perf_counter() - started,
    )


def _write_database(raw: io.BufferedWriter) -> tuple[str, dict[str, int]]:
    tables = db.metadata.sorted_tables
    with db.engine.connect() as connection:
        _read_one_snapshot(connection)
        revision = require_database_at_head(connection)
        # mtime=0: the same data gives the same file. Level 6: most of level 9's gain, faster.
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as zipped:
            out = io.TextIOWrapper(zipped, encoding="utf-8", newline="\n")
            out.write(
                dumps(
                    {
                        "format": FORMAT,
                        "version": VERSION,
                        "alembic_revision": revision,
                        "taken_at": utcnow().isoformat(),
                        "taken_from": connection.dialect.name,
                        "tables": [table_layout(table) for table in tables],
                    }
                )
            )
            counts = {table.name: _write_table(connection, table, out) for table in tables}
            out.write(dumps({"end": counts}))
            out.flush()
            out.detach()
    return revision, counts


def _read_one_snapshot(connection: Connection) -> None:
    """Every table as of one moment, so rows written meanwhile cannot break references."""
    if connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    elif connection.dialect.name == "sqlite":
        # Python's sqlite3 only opens a transaction before a write; reads need it said.
        connection.exec_driver_sql("BEGIN")


def _write_table(connection: Connection, table: Table, out: io.TextIOWrapper) -> int:
    out.write(dumps({"table": table.name}))
    encoders = [encoder(kind_of(column)) for column in table.columns]
    query = select(*(selected(column) for column in table.columns)).order_by(
        *table.primary_key.columns
    )
    count = 0
    rows = connection.execution_options(yield_per=ROWS_PER_FETCH).execute(query)
    for row in rows:
        out.write(dumps([encode(value) for encode, value in zip(encoders, row, strict=True)]))
        count += 1
    return count


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable, not only the file's content."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
