"""Pages outside any domain: the home page."""

from flask import Blueprint, render_template

from consult.accounts.permissions import public

bp = Blueprint("core", __name__)


@bp.route("/")
@public
def home():
    return render_template("core/home.html")


@bp.route("/privacy")
@public
def privacy():
    return render_template("core/privacy.html")


@bp.route("/privacy/children")
@public
def privacy_children():
    return render_template("core/privacy_children.html")
