"""Every cookie the app sets is out of reach of scripts and of other sites; in production it
travels only over HTTPS."""

import secrets

import pytest

from consult import create_app
from consult.accounts.roles import Role
from tests.conftest import IsolatedClient, login
from tests.consultation.helpers import channel, post_screen


@pytest.fixture
def production_app(app, monkeypatch):
    """A production app on the test database, with a proper secret."""
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("CONSULT_ALLOW_SQLITE", "true")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    production = create_app({"RATELIMIT_ENABLED": False})
    production.test_client_class = IsolatedClient
    assert production.config["IS_PRODUCTION"]
    yield production
    from consult.extensions import db

    with production.app_context():
        db.engine.dispose()


def set_cookies(response) -> list[dict]:
    """Each Set-Cookie header as {"name": ..., attribute: value or True}."""
    cookies = []
    for header in response.headers.getlist("Set-Cookie"):
        name_value, *attributes = (part.strip() for part in header.split(";"))
        cookie = {"name": name_value.split("=", 1)[0]}
        for attribute in attributes:
            key, _, value = attribute.partition("=")
            cookie[key.lower()] = value or True
        cookies.append(cookie)
    return cookies


def cookies_of_a_visit(client, user) -> list[dict]:
    """Every cookie set while a family answers, someone switches language and staff log in."""
    seen = []

    def visit(response):
        seen.extend(set_cookies(response))
        return response

    gate = channel()
    visit(client.get(f"/q/{gate.token}"))
    visit(client.get(f"/r/{gate.token}/?lang=ar"))
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"}, None)
    visit(response)
    assert response.status_code == 302
    visit(login(client, user))
    visit(client.get("/admin/demo/?lang=en"))
    visit(client.post("/logout"))
    return seen


def assert_protected(cookies, *, secure: bool) -> None:
    names = {cookie["name"] for cookie in cookies}
    # The session (CSRF, language, login), the device and the draft were all seen.
    assert {"session", "consult_device", "consult_draft"} <= names, names
    for cookie in cookies:
        assert cookie.get("httponly") is True, cookie
        assert str(cookie.get("samesite", "")).lower() == "lax", cookie
        assert (cookie.get("secure") is True) is secure, cookie


def test_cookies_are_http_only_and_same_site(app, client, make_user, demo_territory):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    assert_protected(cookies_of_a_visit(client, user), secure=False)


def test_in_production_cookies_are_secure(production_app, make_user, demo_territory):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    assert_protected(cookies_of_a_visit(production_app.test_client(), user), secure=True)
