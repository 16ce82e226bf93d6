"""Territories of the instance, managed by the platform operator (role admin)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.db import commit
from consult.core.operations import OperationRefused
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.territories import operations, queries
from consult.territories.forms import RenameTerritoryForm, TerritoryForm

bp = Blueprint("territories", __name__, url_prefix="/admin/territories")


@bp.route("/")
@requires_role(Role.ADMIN)
def index():
    return render_template(
        "territories/list.html", territories=queries.territories_with_member_counts()
    )


def _saved_or_refused(save) -> bool:
    """Run one write and commit it; on refusal, roll back and say why."""
    try:
        save()
    except OperationRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return False
    if not commit():
        # Another administrator took the same slug a moment ago: the unique index said no.
        flash(operations.slug_taken_message(), "error")
        return False
    flash(_("Saved."), "success")
    return True


def _form_page(form, title: str, territory: Territory | None = None):
    # Not passed as `territory`: the back-office layout reads that name as the territory one
    # is working in, and would show its menu.
    return render_template("territories/form.html", form=form, title=title, edited=territory)


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def new():
    form = TerritoryForm()
    title = _("New territory")
    if form.validate_on_submit() and _saved_or_refused(
        lambda: operations.create_territory(slug=form.slug.data, name=form.name.data)
    ):
        return redirect(url_for(".index"))
    if request.method == "POST":
        return _form_page(form, title), 422
    return _form_page(form, title)


@bp.route("/<int:territory_id>/edit", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def edit(territory_id: int):
    territory = db.session.get(Territory, territory_id) or abort(404)
    form = RenameTerritoryForm(data={"name": territory.name})
    title = _("Rename %(name)s", name=territory.name)
    if form.validate_on_submit() and _saved_or_refused(
        lambda: operations.rename_territory(territory, name=form.name.data)
    ):
        return redirect(url_for(".index"))
    if request.method == "POST":
        return _form_page(form, title, territory), 422
    return _form_page(form, title, territory)
