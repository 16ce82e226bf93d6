"""Pages outside any domain: the home page."""

from flask import Blueprint, make_response, redirect, render_template, url_for

from consult.accounts.permissions import public
from consult.core.family_surfaces import family_surface

bp = Blueprint("core", __name__)

# Pages that hold nothing of anyone: a phone may keep them a few minutes and show them again
# on Back. Their language follows the session cookie or the phone's languages.
SHORT_PRIVATE_CACHE = "private, max-age=300"


def _cacheable(template: str):
    response = make_response(render_template(template))
    response.headers["Cache-Control"] = SHORT_PRIVATE_CACHE
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@bp.route("/")
@family_surface("home page")
@public
def home():
    return _cacheable("core/home.html")


@bp.route("/privacy")
@family_surface("privacy notice")
@public
def privacy():
    return _cacheable("core/privacy.html")


@bp.route("/privacy/children")
@family_surface("privacy notice for children")
@public
def privacy_children():
    return _cacheable("core/privacy_children.html")


@bp.route("/favicon.ico")
@public
def favicon():
    """For browsers and tools that ask for it without reading the page's icon link."""
    return redirect(url_for("static", filename="favicon.svg"))
