"""The backup file: gzip'd JSON lines.

    {"format": "consult-backup", "version": 1, "alembic_revision": ..., "tables": [...]}
    {"table": "territories"}
    [1, "demo", "Cité éducative ...", "2026-11-25T21:58:00.123456"]
    ...
    {"end": {"territories": 1, ...}}

One header line, then each table's name followed by its rows (arrays, in the header's
column order), table after table in dependency order; the last line gives every table's
row count, so a file cut short is recognised even where gzip cannot tell.
"""

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = "consult-backup"
VERSION = 1


class BackupError(Exception):
    """A backup or a restore that cannot go ahead, in words for the person running it."""


def dumps(value: Any) -> str:
    # Arabic and emoji stay readable in the file; separators keep lines short.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_lines(path: Path) -> Iterator[Any]:
    """Each line of the file, parsed; any damage becomes one clear BackupError."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise BackupError(
                        f"{path}: line {number} is damaged ({error.msg}); the file is corrupt."
                    ) from error
    except FileNotFoundError as error:
        raise BackupError(f"{path}: no such file.") from error
    except (EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as error:
        raise BackupError(f"{path}: the file is truncated or corrupt ({error}).") from error
