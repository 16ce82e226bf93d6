"""Database helpers shared by every domain."""

from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from consult.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def commit() -> bool:
    """Commit the request's unit of work; on a constraint violation, roll it all back.

    Returns False when the database refused the change, so the caller can tell the user
    instead of failing: nothing is ever half-saved.
    """
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked, per connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
