"""Pages outside any domain: the home page."""

from flask import Blueprint, render_template

from consult.accounts.permissions import public
from consult.core.family_surfaces import family_surface

bp = Blueprint("core", __name__)


@bp.route("/")
@family_surface("home page")
@public
def home():
    return render_template("core/home.html")


@bp.route("/privacy")
@family_surface("privacy notice")
@public
def privacy():
    return render_template("core/privacy.html")


@bp.route("/privacy/children")
@family_surface("privacy notice for children")
@public
def privacy_children():
    return render_template("core/privacy_children.html")
