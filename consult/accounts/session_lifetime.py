"""How long a back-office login lasts: idle and absolute timeouts, kept in the signed session.

Several app servers answer behind a load balancer, so nothing is remembered on the server:
the login time and the last activity travel in Flask's signed session cookie. A session
without them (one loaded from a "remember me" cookie, say) counts as expired, so nothing
can outlive the absolute timeout.
"""

import time
from datetime import timedelta

from flask import Response, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from consult.accounts import staff_sessions

LOGGED_IN_AT = "auth_login_at"
LAST_SEEN_AT = "auth_seen_at"
# A second-factor secret being enrolled, until a right code confirms it.
ENROLMENT_SECRET = "two_step_enrolment"
# Writing the activity time on every request would send a new cookie each time.
SEEN_RESOLUTION_SECONDS = 60
# Set on an answer that must leave the browser's session cookie as it is.
COOKIE_LEFT_ALONE = "session_cookie_left_alone"


def now() -> int:
    """Seconds since the epoch; tests may set AUTH_CLOCK to move time instead of waiting."""
    clock = current_app.config.get("AUTH_CLOCK") or time.time
    return int(clock())


def idle_limit_seconds() -> int:
    return int(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60


def absolute_limit_seconds() -> int:
    return int(current_app.config.get("SESSION_ABSOLUTE_HOURS", 12)) * 3600


def start_session(user) -> None:
    """Log in, keeping only the language from whatever the session held before."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    # Never a "remember me" cookie: it would outlive the absolute timeout.
    staff_sessions.open_session(user, timedelta(seconds=absolute_limit_seconds()))
    login_user(user, remember=False)
    moment = now()
    session[LOGGED_IN_AT] = moment
    session[LAST_SEEN_AT] = moment


def renew_session(user) -> None:
    """After a password change, this session carries the new password's stamp; its login
    time stays, so the absolute timeout still counts from the real login. Every other login
    of the account ends on the server too."""
    staff_sessions.end_all(user, except_current=True)
    staff_sessions.commit_ended()
    login_user(user, remember=False)


def end_session() -> None:
    """Log out and forget what the session held for the staff member, a half-done
    second-factor enrolment included; what a family's form keeps there stays. The login's
    row goes, so a copy of this cookie taken before is refused too."""
    staff_sessions.close_current()
    logout_user()
    for key in (LOGGED_IN_AT, LAST_SEEN_AT, ENROLMENT_SECRET):
        session.pop(key, None)


def _expired(moment: int) -> bool:
    logged_in_at = session.get(LOGGED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if not isinstance(logged_in_at, int) or not isinstance(last_seen_at, int):
        return True
    return (
        moment - logged_in_at > absolute_limit_seconds()
        or moment - last_seen_at > idle_limit_seconds()
    )


def fetched_by_a_script() -> bool:
    """The browser says (Sec-Fetch-Mode) whether a person opened the page or a script fetched
    it: the kiosk refreshing its copies, a sync. A browser too old to say counts as a person."""
    mode = request.headers.get("Sec-Fetch-Mode")
    return mode is not None and mode != "navigate"


def login_needed_by_a_script() -> Response:
    """A bare 401 for a script's request without a live login, and no session cookie with it:
    not the login page (a new form token), not a flashed message, not even Flask-Login's
    "not fresh" mark. The session lives in the cookie and the last answer to arrive wins, so
    an answer to a request the kiosk sent before another tab rendered the login form would
    erase that form's token: the person typing their password would be told it expired."""
    g.setdefault(COOKIE_LEFT_ALONE, True)
    return Response("Login needed.", 401, {"Cache-Control": "no-store"}, mimetype="text/plain")


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, saved with every answer but the ones that say so."""

    def save_session(self, app, session, response):
        if g.get(COOKIE_LEFT_ALONE):
            return
        super().save_session(app, session, response)


def _is_public_view() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return view is None or getattr(view, "is_public", False)


def enforce_session_lifetime():
    """Before every request: log out an expired session and send the person to the login page."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    moment = now()
    if not _expired(moment):
        if moment - session[LAST_SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT] = moment
        return None
    end_session()
    if request.endpoint == "accounts.login":
        if request.method == "GET":
            flash(_("Your session expired, please log in again."), "info")
        return None
    if _is_public_view():
        # The public side needs no login: it simply goes on without one.
        return None
    if fetched_by_a_script():
        return login_needed_by_a_script()
    flash(_("Your session expired, please log in again."), "info")
    next_page = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.login", next=next_page))
