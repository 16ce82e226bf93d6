"""Every response carries the security headers: every route of the URL map, for an anonymous
visitor and a logged-in coordinator, error pages and static files included."""

import pytest

from consult.accounts.roles import Role
from tests.conftest import login
from tests.test_route_matrix import _sample_values, sample_ids

# The test client keeps cookies per host: the same host over HTTPS keeps the login.
HTTP = "http://localhost"
HTTPS = "https://localhost"


def content_security_policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        directives[name.lower()] = sources
    return directives


def assert_security_headers(response, *, https: bool, where: str) -> None:
    policy = content_security_policy(response)
    every_source = [source for sources in policy.values() for source in sources]
    assert "'unsafe-inline'" not in every_source, where
    assert "'unsafe-eval'" not in every_source, where
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("object-src") == ["'none'"], where
    # Without a script-src, default-src rules scripts: one of them must be there.
    assert "script-src" in policy or "default-src" in policy, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "no-referrer", where
    if https:
        assert "max-age=" in response.headers.get("Strict-Transport-Security", ""), where
    else:
        assert "Strict-Transport-Security" not in response.headers, where


def every_route_url(app, ids):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        # POST-only routes answer GET with 405: their error page is checked too.
        yield rule.build(_sample_values(rule, ids), append_unknown=False)[1]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("role", [None, Role.COORDINATOR], ids=["anonymous", "coordinator"])
def test_every_route_sends_the_security_headers(app, make_user, demo_territory, role, https):
    ids = sample_ids(make_user, demo_territory)
    client = app.test_client()
    base_url = HTTPS if https else HTTP
    if role is not None:
        login(client, make_user(role=role, territories=[demo_territory]))
        assert client.get("/admin/demo/", base_url=base_url).status_code == 200

    statuses = set()
    checked = 0
    for url in every_route_url(app, ids):
        response = client.get(url, base_url=base_url)
        assert response.status_code < 500, url
        assert_security_headers(response, https=https, where=url)
        statuses.add(response.status_code)
        checked += 1
    assert checked >= 60
    # Pages, redirections and refusals were all among them.
    assert {200, 302, 405} <= statuses


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_error_pages_and_static_files_send_them_too(app, client, https):
    base_url = HTTPS if https else HTTP
    responses = {
        "404": client.get("/no-such-page", base_url=base_url),
        "405": client.get("/logout", base_url=base_url),
        "413": client.post(
            "/login",
            data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)},
            base_url=base_url,
        ),
        "static": client.get("/static/css/app.css", base_url=base_url),
        "missing static": client.get("/static/css/nothing.css", base_url=base_url),
    }
    assert [response.status_code for response in responses.values()] == [404, 405, 413, 200, 404]
    for where, response in responses.items():
        assert_security_headers(response, https=https, where=where)
