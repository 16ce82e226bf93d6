"""A coordinator's team, under /admin/<territory>/team/: the facilitators and coordinators of
their own territory. Accounts that also work elsewhere, administrators and one's own account
are shown but managed by an administrator (operations.may_manage)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts import operations, queries, throttle
from consult.accounts.forms import ROLE_LABELS, TeamEditForm, TeamMemberForm
from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.db import commit
from consult.core.forms import DeleteForm
from consult.core.operations import OperationRefused
from consult.diagnostic.scope import scope_to_territory
from consult.extensions import db

bp = Blueprint("team", __name__, url_prefix="/admin/<territory>/team")
scope_to_territory(bp)


@bp.context_processor
def labels():
    return {"territory": g.get("territory"), "ROLE_LABELS": ROLE_LABELS}


def _member_or_404(user_id: int):
    return queries.team_member(g.territory, user_id) or abort(404)


def _manager():
    return current_user._get_current_object()


def _password_page(user, password: str):
    """The new password, shown once and never kept: not in a flash message (the session
    cookie), not in a page any cache may store."""
    response = render_template("accounts/team_password.html", member=user, password=password)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/")
@requires_role(Role.COORDINATOR)
def members():
    team = queries.team_members(g.territory)
    manageable = {user.id for user in team if operations.may_manage(_manager(), g.territory, user)}
    return render_template(
        "accounts/team.html", team=team, manageable=manageable, form=DeleteForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def member_new():
    form = TeamMemberForm()
    if form.validate_on_submit():
        password = form.password.data or operations.generate_password()
        try:
            user = operations.create_team_member(
                _manager(),
                g.territory,
                email=form.email.data,
                display_name=form.display_name.data,
                role=form.role.data,
                password=password,
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            if commit():
                if not form.password.data:
                    return _password_page(user, password)
                flash(_("Saved."), "success")
                return redirect(url_for(".members"))
            flash(_("An account with this e-mail already exists."), "error")
        return render_template("accounts/team_form.html", form=form, member=None), 422
    if request.method == "POST":
        return render_template("accounts/team_form.html", form=form, member=None), 422
    return render_template("accounts/team_form.html", form=form, member=None)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def member_edit(user_id: int):
    user = _member_or_404(user_id)
    may_manage = operations.may_manage(_manager(), g.territory, user)
    form = TeamEditForm(data={"display_name": user.display_name, "role": user.role})
    status = 200
    if may_manage and form.validate_on_submit():
        try:
            operations.update_team_member(
                _manager(),
                g.territory,
                user,
                display_name=form.display_name.data,
                role=form.role.data,
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".members"))
        status = 422
    elif request.method == "POST":
        if not may_manage:
            abort(403)
        status = 422
    return render_template(
        "accounts/team_form.html",
        form=form,
        member=user,
        may_manage=may_manage,
        action_form=DeleteForm(),
    ), status


def _member_action(user_id: int, act, done_message: str):
    """One POST button of a member's page: run ``act(user)``, commit, come back."""
    user = _member_or_404(user_id)
    if not DeleteForm().validate_on_submit():
        return redirect(url_for(".member_edit", user_id=user.id))
    try:
        result = act(user)
    except OperationRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for(".member_edit", user_id=user.id))
    commit()
    if isinstance(result, str):
        return _password_page(user, result)
    flash(done_message % {"name": user.display_name}, "success")
    return redirect(url_for(".member_edit", user_id=user.id))


@bp.route("/<int:user_id>/password", methods=["POST"])
@requires_role(Role.COORDINATOR)
def member_password_reset(user_id: int):
    def reset(user):
        password = operations.reset_team_member_password(_manager(), g.territory, user)
        # A locked-out colleague gets back in with the new password at once.
        throttle.forget_account_attempts(user.email)
        return password

    return _member_action(user_id, reset, "")


@bp.route("/<int:user_id>/two-step/reset", methods=["POST"])
@requires_role(Role.COORDINATOR)
def member_two_step_reset(user_id: int):
    return _member_action(
        user_id,
        lambda user: operations.reset_team_member_two_step(_manager(), g.territory, user),
        _("Two-step login is reset for %(name)s."),
    )


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@requires_role(Role.COORDINATOR)
def member_deactivate(user_id: int):
    return _member_action(
        user_id,
        lambda user: operations.set_team_member_active(_manager(), g.territory, user, False),
        _("%(name)s can no longer log in."),
    )


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@requires_role(Role.COORDINATOR)
def member_reactivate(user_id: int):
    return _member_action(
        user_id,
        lambda user: operations.set_team_member_active(_manager(), g.territory, user, True),
        _("%(name)s can log in again."),
    )
