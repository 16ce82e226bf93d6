"""Which schema a backup belongs to: the Alembic revision of the code and of the database.

Rows only fit the schema they were read from, so a backup is taken, and restored, only where
the database is at the code's head revision.
"""

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import Connection

from consult.backup.fileformat import BackupError


def code_head() -> str:
    """The revision the code's models describe: the single head of the migrations."""
    scripts = ScriptDirectory(current_app.extensions["migrate"].directory)
    heads = scripts.get_heads()
    if len(heads) != 1:
        raise BackupError(
            f"The migrations have {len(heads)} heads ({', '.join(heads)}); merge them."
        )
    return heads[0]


def database_revision(connection: Connection) -> str | None:
    heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if len(heads) == 1 else None


def require_database_at_head(connection: Connection) -> str:
    """The head revision, once the database is known to be at it."""
    head = code_head()
    current = database_revision(connection)
    if current != head:
        raise BackupError(
            f"The database is at revision {current or 'none'} but this code expects {head}: "
            "run `flask db upgrade` first."
        )
    return head
