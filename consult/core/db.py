"""Database helpers shared by every domain."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import flash
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from consult.core.operations import OperationRefused
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


@dataclass(frozen=True)
class Written:
    """What commit_write did: true when the write was committed, with what it returned."""

    saved: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.saved


def commit_write(write: Callable[[], Any], *, say_saved: bool = True) -> Written:
    """Run one request's write and commit it, telling the user how it went.

    A refusal (OperationRefused) rolls everything back and shows its reason; a constraint
    the database enforces rolls it back too, with "nothing was changed". Otherwise the write
    is committed and "Saved." shown (``say_saved=False``: the caller says what was done).
    """
    try:
        value = write()
    except OperationRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return Written(saved=False)
    if not commit():
        flash(
            _("This could not be saved: it conflicts with existing data. Nothing was changed."),
            "error",
        )
        return Written(saved=False)
    if say_saved:
        flash(_("Saved."), "success")
    return Written(saved=True, value=value)


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
