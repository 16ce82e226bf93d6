"""Login, logout, own password, and staff accounts (administrators only)."""

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_url
from sqlalchemy import select

from consult.accounts import (
    known_devices,
    operations,
    pending_login,
    queries,
    staff_sessions,
    throttle,
)
from consult.accounts.forms import (
    ROLE_LABELS,
    CodeForm,
    KioskUnlockForm,
    LoginForm,
    PasswordChangeForm,
    UserForm,
)
from consult.accounts.models import User
from consult.accounts.permissions import public, requires_role
from consult.accounts.roles import Role
from consult.accounts.session_lifetime import (
    end_session,
    enforce_session_lifetime,
    fetched_by_a_script,
    login_needed_by_a_script,
    now,
    renew_session,
    start_session,
)
from consult.core.db import commit
from consult.core.forms import DeleteForm, choices
from consult.core.operations import OperationRefused
from consult.diagnostic.models import Territory
from consult.extensions import db, login_manager
from consult.territories.queries import accessible_territories

bp = Blueprint("accounts", __name__)
# Every request of the whole app, so no back-office page escapes the timeouts.
bp.before_app_request(enforce_session_lifetime)
# After it: an expired login is no longer locked, it is logged out.
bp.before_app_request(staff_sessions.enforce_kiosk_lock)


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(stamp, user.password_stamp()):
        return None
    # Logged out, ended elsewhere, or a cookie from before the server kept logins: refused.
    return user if staff_sessions.current(user) is not None else None


@login_manager.unauthorized_handler
def ask_for_login():
    """A person is sent to the login page, told why, and brought back after; a script (the
    kiosk refreshing its pages in the background) is only told that a login is needed."""
    if fetched_by_a_script():
        return login_needed_by_a_script()
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def _safe_next(target: str | None) -> str | None:
    """Only follow a ``next`` that stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _home_for(user: User) -> str:
    territories = accessible_territories(user)
    if len(territories) == 1:
        return url_for("consultation.home", territory=territories[0].slug)
    if territories:
        # Several: /admin/ lists them to choose from.
        return url_for("accounts.back_office_home")
    if user.role == Role.ADMIN:
        return url_for("territories.index")
    return url_for("accounts.no_territory")


def _complete_login(user: User, next_page: str | None):
    # Read (and reset, committed with the new login's row) before the session starts afresh;
    # told after, as starting clears the session's messages.
    failed = operations.take_failed_logins(user)
    start_session(user)
    _tell_failed_attempts(*failed)
    throttle.forget_account_attempts(user.email, known_devices.device_for(user.email))
    return known_devices.remember(redirect(_safe_next(next_page) or _home_for(user)), user.email)


def _tell_failed_attempts(count: int, last) -> None:
    """The owner learns at once that someone tried their account since their last login."""
    if count:
        flash(
            ngettext(
                "%(num)d failed login attempt on your account since your last login, the last "
                "on %(when)s (UTC). If it was not you, choose a new password.",
                "%(num)d failed login attempts on your account since your last login, the last "
                "on %(when)s (UTC). If it was not you, choose a new password.",
                count,
                when=last.strftime("%Y-%m-%d %H:%M"),
            ),
            "info",
        )


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        refusal = throttle.admit(form.email.data, known_devices.device_for(form.email.data))
        user = None if refusal else queries.authenticate(form.email.data, form.password.data)
        if refusal or user is None:
            # Refused unchecked or wrong: the owner hears of both at their next login.
            operations.note_failed_login(form.email.data)
        if refusal:
            flash(refusal, "error")
            status = 429
        elif user is None:
            throttle.record_failure()
            flash(_("E-mail or password is not correct."), "error")
            status = 401
        elif user.totp_secret:
            pending_login.await_code(user, _safe_next(request.args.get("next")))
            return redirect(url_for("accounts.login_code"))
        else:
            return _complete_login(user, request.args.get("next"))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """The second step, for accounts with a second factor: the code from the phone."""
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    user = pending_login.pending_user()
    if user is None:
        flash(_("Please log in again: the code must follow the password within minutes."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        refusal = throttle.admit_code(user.email)
        if refusal:
            flash(refusal, "error")
            status = 429
        elif operations.use_code(user, form.code.data, now()) and commit():
            return _complete_login(user, pending_login.next_page())
        else:
            db.session.rollback()
            throttle.record_failure()
            throttle.record_wrong_code(user.email)
            operations.note_failed_login(user.email)
            flash(_("This code is not correct. Type the code your app shows now."), "error")
            status = 401
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login_code.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout():
    form = DeleteForm()
    if form.validate_on_submit():
        end_session()
        flash(_("You are logged out."), "success")
    return redirect(url_for("core.home"))


@bp.route("/admin/unlock", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def kiosk_unlock():
    """A tablet in kiosk mode goes back to the back office with the password (the kiosk's
    PIN only opens the kiosk's own panel)."""
    next_page = _safe_next(request.args.get("next"))
    if not staff_sessions.kiosk_locked():
        return redirect(next_page or _home_for(current_user))
    form = KioskUnlockForm()
    status = 200
    if form.validate_on_submit():
        refusal = throttle.admit_reauthentication(current_user.email)
        if refusal:
            flash(refusal, "error")
            status = 429
        elif current_user.check_password(form.password.data):
            staff_sessions.unlock()
            throttle.forget_account_attempts(current_user.email)
            flash(_("Kiosk mode is over on this tablet."), "success")
            return redirect(next_page or _home_for(current_user))
        else:
            throttle.record_failure()
            flash(_("This password is not correct."), "error")
            status = 401
    elif request.method == "POST":
        status = 422
    page = render_template(
        "accounts/kiosk_unlock.html", form=form, kiosk_url=staff_sessions.kiosk_session_url()
    )
    return page, status


@bp.route("/admin/")
@requires_role(Role.FACILITATOR)
def back_office_home():
    territories = accessible_territories(current_user)
    if len(territories) <= 1:
        return redirect(_home_for(current_user))
    return render_template("territories/choose.html", territories=territories)


@bp.route("/admin/no-territory")
@requires_role(Role.FACILITATOR)
def no_territory():
    return render_template("accounts/no_territory.html")


@bp.route("/admin/password", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def change_password():
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        refusal = throttle.admit_reauthentication(current_user.email)
        if refusal:
            flash(refusal, "error")
            return render_template("accounts/password.html", form=form), 429
        try:
            operations.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            status = 422
        else:
            commit()
            # Every other session of this account has ended with the old password; this one
            # carries on.
            renew_session(current_user._get_current_object())
            throttle.forget_account_attempts(current_user.email)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.back_office_home"))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/password.html", form=form), status


@bp.route("/admin/sessions/end-all", methods=["POST"])
@requires_role(Role.FACILITATOR)
def end_every_session():
    """Log out everywhere: every browser and device logged in to this account, this one
    included (a lost phone, a shared computer)."""
    if DeleteForm().validate_on_submit():
        staff_sessions.end_all(current_user)
        db.session.commit()
        end_session()
        flash(_("You are logged out on every device."), "success")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.change_password"))


@bp.route("/admin/users/")
@requires_role(Role.ADMIN)
def users():
    staff = db.session.scalars(select(User).order_by(User.display_name))
    return render_template("accounts/users.html", users=list(staff), ROLE_LABELS=ROLE_LABELS)


def _user_form_page(user: User | None):
    form = UserForm()
    territories = list(db.session.scalars(select(Territory).order_by(Territory.name)))
    form.territory_ids.choices = choices(
        [(territory.id, territory.name) for territory in territories]
    )
    if request.method == "GET" and user is not None:
        form.email.data = user.email
        form.display_name.data = user.display_name
        form.role.data = user.role
        form.territory_ids.data = [territory.id for territory in user.territories]
        form.is_active.data = user.is_active
    status = 200
    if form.validate_on_submit():
        chosen = [territory for territory in territories if territory.id in form.territory_ids.data]
        try:
            operations.save_user(
                user,
                email=form.email.data,
                display_name=form.display_name.data,
                role=form.role.data,
                territories=chosen,
                is_active=form.is_active.data,
                password=form.password.data or None,
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            if commit():
                if user is not None and user.id == current_user.id:
                    # A new password of one's own ends the other sessions, not this one.
                    renew_session(user)
                flash(_("Saved."), "success")
                return redirect(url_for("accounts.users"))
            flash(_("An account with this e-mail already exists."), "error")
        status = 422
    elif request.method == "POST":
        flash(_("Please correct the fields marked below. Nothing was saved yet."), "error")
        status = 422
    title = _("New account") if user is None else user.display_name
    return render_template("accounts/user_form.html", form=form, title=title, user=user), status


@bp.route("/admin/users/<int:user_id>/unlock", methods=["POST"])
@requires_role(Role.ADMIN)
def user_unlock(user_id: int):
    """Clear the account's login attempts: its owner can log in from any browser again."""
    user = db.session.get(User, user_id) or abort(404)
    if DeleteForm().validate_on_submit():
        throttle.forget_account_attempts(user.email)
        operations.record_account_action(user, "account.unlock")
        commit()
        flash(_("%(name)s can log in again from any device.", name=user.display_name), "success")
    return redirect(url_for("accounts.user_edit", user_id=user.id))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def user_new():
    return _user_form_page(None)


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def user_edit(user_id: int):
    return _user_form_page(db.session.get(User, user_id) or abort(404))


# The second-factor pages add their views to this blueprint.
from consult.accounts import two_step_routes  # noqa: E402, F401
