"""Pages outside any domain: the home page."""

from flask import Blueprint, make_response, redirect, render_template, url_for

from consult.accounts.permissions import public

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
@public
def home():
    return _cacheable("core/home.html")


@bp.route("/privacy")
@public
def privacy():
    return _cacheable("core/privacy.html")


@bp.route("/privacy/children")
@public
def privacy_children():
    return _cacheable("core/privacy_children.html")


@bp.route("/favicon.ico")
@public
def favicon():
    """For browsers and tools that ask for it without reading the page's icon link."""
    return redirect(url_for("static", filename="favicon.svg"))
