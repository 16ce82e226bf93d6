"""Second factor pages: a coordinator or administrator turns it on or off; an administrator
resets it for someone who lost their phone. The login's code step is in routes.py."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts import operations, throttle, totp
from consult.accounts.forms import CodeForm, EnrolmentForm
from consult.accounts.models import User
from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.accounts.routes import bp
from consult.accounts.session_lifetime import ENROLMENT_SECRET, now
from consult.core.db import commit
from consult.core.forms import DeleteForm
from consult.core.operations import OperationRefused
from consult.extensions import db

# The secret being enrolled waits in the signed session until a right code confirms it; the
# person sees it on screen anyway, and it is dropped once enrolment completes or at logout.


def _enrolment_secret() -> str:
    secret = session.get(ENROLMENT_SECRET)
    if not isinstance(secret, str) or not secret:
        secret = session[ENROLMENT_SECRET] = totp.new_secret()
    return secret


def _page(form, status: int = 200):
    context = {"form": form, "enrolled": bool(current_user.totp_secret)}
    if not context["enrolled"]:
        secret = _enrolment_secret()
        context["qr_svg"] = totp.qr_code_svg(secret, current_user.email)
        context["secret"] = totp.grouped(secret)
    return render_template("accounts/two_step.html", **context), status


def _refused(refusal: str):
    db.session.rollback()
    flash(refusal, "error")


@bp.route("/admin/two-step", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def two_step():
    if current_user.totp_secret:
        # Enrolled already: the page offers to turn it off, which takes a code.
        return _page(CodeForm(), 422 if request.method == "POST" else 200)
    form = EnrolmentForm()
    if not form.validate_on_submit():
        return _page(form, 422 if request.method == "POST" else 200)
    refusal = throttle.admit_reauthentication(current_user.email)
    if refusal:
        _refused(refusal)
        return _page(form, 429)
    try:
        operations.enable_two_step(
            current_user, form.password.data, _enrolment_secret(), form.code.data, now()
        )
    except OperationRefused as refusal:
        _refused(str(refusal))
        return _page(form, 422)
    commit()
    throttle.forget_account_attempts(current_user.email)
    session.pop(ENROLMENT_SECRET, None)
    flash(
        _("Two-step login is on: from now on, log in with your password, then a code."), "success"
    )
    return redirect(url_for("accounts.two_step"))


@bp.route("/admin/two-step/disable", methods=["POST"])
@requires_role(Role.COORDINATOR)
def two_step_disable():
    form = CodeForm()
    if not current_user.totp_secret or not form.validate_on_submit():
        return _page(form, 422)
    refusal = throttle.admit_reauthentication(current_user.email)
    if refusal:
        _refused(refusal)
        return _page(form, 429)
    try:
        operations.disable_two_step(current_user, form.code.data, now())
    except OperationRefused as refusal:
        _refused(str(refusal))
        return _page(form, 422)
    commit()
    throttle.forget_account_attempts(current_user.email)
    flash(_("Two-step login is off."), "success")
    return redirect(url_for("accounts.two_step"))


@bp.route("/admin/users/<int:user_id>/two-step/reset", methods=["POST"])
@requires_role(Role.ADMIN)
def user_two_step_reset(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if DeleteForm().validate_on_submit():
        operations.reset_two_step(user)
        commit()
        flash(_("Two-step login is reset for %(name)s.", name=user.display_name), "success")
    return redirect(url_for("accounts.user_edit", user_id=user.id))
