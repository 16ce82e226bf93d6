"""Error pages in the visitor's language."""

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

ERROR_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again."),
}


def _render(status: int, message: str):
    return render_template("core/error.html", status=status, message=message), status


def register_error_handlers(app) -> None:
    for status, message in ERROR_MESSAGES.items():

        def handler(error, status=status, message=message):
            return _render(status, str(message))

        app.register_error_handler(status, handler)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400, _("This form has expired. Please go back, reload the page and try again.")
        )
