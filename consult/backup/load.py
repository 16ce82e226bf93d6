"""`flask consult restore`: a backup file into the configured database, in one transaction."""

import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from consult.backup.cells import copy_decoder, decoder, kind_of
from consult.backup.dump import table_layout
from consult.backup.fileformat import FORMAT, VERSION, BackupError, read_lines
from consult.backup.revision import require_database_at_head
from consult.extensions import db

# Rows sent to the database per INSERT (or COPY) statement.
ROWS_PER_BATCH = 1000


@dataclass
class RestoreSummary:
    revision: str
    counts: dict[str, int]
    seconds: float


def restore_backup(path: Path, force: bool = False) -> RestoreSummary:
    """Replace nothing, or with ``force`` everything, by the backup's rows.

    One transaction: a damaged file, a refused row or a wrong count leaves the database
    exactly as it was.
    """
    started = time.perf_counter()
    tables = db.metadata.sorted_tables
    with (
        closing(read_lines(Path(path))) as lines,
        db.engine.connect() as connection,
        connection.begin(),
    ):
        header = _read_header(path, lines)
        head = require_database_at_head(connection)
        taken_at = header.get("alembic_revision")
        if taken_at != head:
            raise BackupError(
                f"The backup was taken at revision {taken_at} and this code is at {head}: "
                "restore it with the version of the app that took it, then upgrade "
                f"(`flask db upgrade`), or downgrade the database and the code to {taken_at} "
                "first."
            )
        if header.get("tables") != [table_layout(table) for table in tables]:
            raise BackupError("The backup's tables or columns differ from this version's.")
        if force:
            _empty(connection, tables)
        else:
            _refuse_if_not_empty(connection, tables)
        counts = _insert_rows(connection, {table.name: table for table in tables}, lines)
        _check_counts(connection, tables, counts)
        _check_foreign_keys(connection)
        _reset_sequences(connection, tables)
    return RestoreSummary(revision=head, counts=counts, seconds=time.perf_counter() - started)


def _read_header(path: Path, lines: Iterator[Any]) -> dict:
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup of this app.")
    if header.get("version") != VERSION:
        raise BackupError(
            f"{path} is in format version {header.get('version')}; expected {VERSION}."
        )
    return header


def _row_counts(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {
        table.name: connection.scalar(select(func.count()).select_from(table)) for table in tables
    }


def _refuse_if_not_empty(connection: Connection, tables: list[Table]) -> None:
    filled = {name: count for name, count in _row_counts(connection, tables).items() if count}
    if filled:
        listed = ", ".join(f"{name} ({count})" for name, count in filled.items())
        raise BackupError(
            f"The database is not empty: {listed}. Restore into an empty database, or add "
            "--force to delete everything in it first."
        )


def _empty(connection: Connection, tables: list[Table]) -> None:
    for table in reversed(tables):
        connection.execute(table.delete())


class _TableLoader:
    """One table's rows, decoded and inserted a batch at a time: with COPY on PostgreSQL
    (several times faster than INSERTs there), with INSERTs elsewhere."""

    def __init__(self, connection: Connection, table: Table):
        self.connection = connection
        self.table = table
        self.uses_copy = connection.dialect.name == "postgresql"
        make_decoder = copy_decoder if self.uses_copy else decoder
        self.names = [column.name for column in table.columns]
        self.decoders = [make_decoder(kind_of(column)) for column in table.columns]
        self.batch: list[tuple] = []
        self.count = 0

    def add(self, values: list) -> None:
        if len(values) != len(self.decoders):
            raise BackupError(f"A row of {self.table.name} has the wrong number of values.")
        try:
            row = tuple(decode(value) for decode, value in zip(self.decoders, values, strict=True))
        except (TypeError, ValueError) as error:
            raise BackupError(f"A value in {self.table.name} is damaged ({error}).") from error
        self.batch.append(row)
        self.count += 1
        if len(self.batch) == ROWS_PER_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        try:
            if self.uses_copy:
                self._copy()
            else:
                self.connection.execute(
                    self.table.insert(),
                    [dict(zip(self.names, row, strict=True)) for row in self.batch],
                )
        except (DBAPIError, self.connection.dialect.loaded_dbapi.Error) as error:
            cause = getattr(error, "orig", error)
            raise BackupError(
                f"The database refused a row of {self.table.name}: {str(cause).strip()}."
            ) from error
        self.batch = []

    def _copy(self) -> None:
        columns = ", ".join(f'"{name}"' for name in self.names)
        driver_connection = self.connection.connection.driver_connection
        with (
            driver_connection.cursor() as cursor,
            cursor.copy(f'COPY "{self.table.name}" ({columns}) FROM STDIN') as copy,
        ):
            for row in self.batch:
                copy.write_row(row)


def _insert_rows(connection: Connection, tables: dict[str, Table], lines: Iterator[Any]) -> dict:
    """Insert each table's rows; return how many each had, once the file's own last line
    has confirmed them (a file cut short between two lines is caught here)."""
    loaders: dict[str, _TableLoader] = {}
    loader = None
    for line in lines:
        if isinstance(line, list) and loader is not None:
            loader.add(line)
        elif isinstance(line, dict) and line.get("table") in tables.keys() - loaders.keys():
            if loader is not None:
                loader.flush()
            loader = loaders[line["table"]] = _TableLoader(connection, tables[line["table"]])
        elif isinstance(line, dict) and "end" in line:
            if loader is not None:
                loader.flush()
            counts = {name: each.count for name, each in loaders.items()}
            if line["end"] != counts or counts.keys() != tables.keys():
                raise BackupError("The backup's row counts do not match its rows; it is corrupt.")
            if next(lines, None) is not None:
                raise BackupError("The backup goes on after its last line; it is corrupt.")
            return counts
        else:
            raise BackupError("The backup holds a line this app does not understand; corrupt.")
    raise BackupError("The backup stops before its last line: the file is truncated.")


def _check_counts(connection: Connection, tables: list[Table], expected: dict[str, int]) -> None:
    found = _row_counts(connection, tables)
    if found != expected:
        wrong = ", ".join(
            f"{name}: {found[name]} instead of {count}"
            for name, count in expected.items()
            if found[name] != count
        )
        raise BackupError(f"Row counts differ after restoring ({wrong}).")


def _check_foreign_keys(connection: Connection) -> None:
    """PostgreSQL enforced each foreign key as rows went in; SQLite is asked to check them all."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise BackupError(
            f"{len(broken)} rows refer to rows that are not there (in {', '.join(tables)})."
        )


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """On PostgreSQL, the next id of each table follows its highest restored id; SQLite
    takes the highest id + 1 by itself."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer) or not key[0].autoincrement:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{key[0].name}"), 0) + 1, false) FROM "{table.name}"'
            ),
            {"table": table.name, "column": key[0].name},
        )
