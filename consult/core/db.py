"""Database helpers shared by every domain."""

from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

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


def close_session(exception=None) -> None:
    """End the request's session even when its connection died (the database restarted
    after the page was built): the page already made must not turn into a 500 on the way
    out. The dead connection is invalidated by SQLAlchemy and pool_pre_ping replaces it."""
    try:
        db.session.remove()
    except SQLAlchemyError:
        db.session.registry.clear()


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked, per connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
