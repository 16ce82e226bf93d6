"""Error pages in the visitor's language."""

import contextlib

from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from consult.core.db import close_session
from consult.extensions import db, login_manager

ERROR_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again."),
}
DATABASE_UNAVAILABLE_MESSAGE = _l(
    "The service is briefly unavailable. Please try again in a moment."
)
# Long enough for PostgreSQL to restart or fail over, short enough for a person waiting.
RETRY_AFTER_SECONDS = 5


def _render(status: int, message: str):
    return render_template("core/error.html", status=status, message=message), status


def register_error_handlers(app) -> None:
    # Runs before Flask-SQLAlchemy's own teardown (registered earlier), which would raise.
    app.teardown_appcontext(close_session)
    for status, message in ERROR_MESSAGES.items():

        def handler(error, status=status, message=message):
            return _render(status, str(message))

        app.register_error_handler(status, handler)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        """The database restarted or the connection dropped mid-request. Its transaction is
        over, committed or not, and sending the same request again is safe (a final send is
        stored once, by its client token): so answer 503 "try again", not a 500."""
        app.logger.warning("Database unavailable: %s", error.orig or error)
        # The session's connection may be dead already; its transaction is over either way.
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        # The page must not ask the database who is logged in (header, footer): it is away.
        g._login_user = login_manager.anonymous_user()
        page, status = _render(503, str(DATABASE_UNAVAILABLE_MESSAGE))
        return page, status, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400, _("This form has expired. Please go back, reload the page and try again.")
        )
