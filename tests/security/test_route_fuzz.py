"""Every route of the URL map, sent hostile path segments, queries and bodies: never a 500.

The URLs are written by hand from each rule, as a script would, so a segment reaches the
app exactly as sent (a NUL byte, broken percent-encoding, a 5,000-character id).
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.accounts.roles import Role
from tests.conftest import csrf_token_from, login

PLACEHOLDER = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>")

HOSTILE_SEGMENTS = [
    "%00",
    "x%00y",
    "a" * 5000,
    "9" * 40,
    "-1",
    "%ff%fe",
    "%",
    "%zz",
    "%C0%AF",
    "..%2f..%2fetc%2fpasswd",
    "%E2%80%AE%D9%85%D8%B1%D8%AD%D8%A8%D8%A7",
    "%F0%9F%98%80",
]
HOSTILE_QUERIES = [
    "lang=%00",
    "lang=" + "z" * 3000,
    "page=-1&per_page=99999999999999999999",
    "q=%ff&consultation=%00&audience=x&channel=1e9",
    "next=%00//evil.example",
    "v=%zz&format=%00",
]
HOSTILE_BODIES = [
    {"anything": "\x00"},
    {"title__fr": "x" * 20000, "id": "-1"},
    {"number": "99999999999999999999999", "date": "2021-02-31"},
    {"answers": "[[[[[[[[", "uuid": "--------"},
]
# Posting these would end the very session the test walks with.
SKIP_POST = {"accounts.logout", "accounts.login"}


def _rules(app):
    return list(app.url_map.iter_rules())


def _url(rule, segment: str, territory: str | None) -> str:
    """The rule's path with every argument replaced by ``segment`` (the territory's slug kept
    when given, so handlers behind the territory's scope are reached too)."""

    def replace(match):
        if match.group(1) == "territory" and territory is not None:
            return territory
        return segment

    return PLACEHOLDER.sub(replace, rule.rule)


def _assert_no_server_error(response, what):
    assert response.status_code < 500, (what, response.status_code)


@pytest.fixture
def staff_client(app, make_user, demo_territory):
    client = app.test_client()
    login(client, make_user(role=Role.ADMIN, territories=[demo_territory]))
    return client


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_route_survives_hostile_segments(app, client, staff_client, role):
    client = staff_client if role == "admin" else client
    checked = 0
    for rule in _rules(app):
        if not rule.arguments:
            continue
        for territory in ("demo", None):
            for segment in HOSTILE_SEGMENTS:
                url = _url(rule, segment, territory)
                if "GET" in rule.methods:
                    _assert_no_server_error(client.get(url), ("GET", url[:120]))
                if "POST" in rule.methods and rule.endpoint not in SKIP_POST:
                    response = client.post(url, data=HOSTILE_BODIES[checked % 4])
                    _assert_no_server_error(response, ("POST", url[:120]))
                checked += 1
    assert checked > 500


def test_every_route_survives_hostile_queries_and_bodies(app, staff_client):
    """With a valid CSRF token, so hostile bodies reach the views' own validation."""
    csrf = csrf_token_from(staff_client.get("/admin/demo/").get_data(as_text=True))
    checked = 0
    for rule in _rules(app):
        if rule.arguments - {"territory"}:
            continue
        url = _url(rule, "x", "demo")
        for query in HOSTILE_QUERIES:
            if "GET" in rule.methods:
                _assert_no_server_error(staff_client.get(f"{url}?{query}"), (url, query))
        if "POST" in rule.methods and rule.endpoint not in SKIP_POST:
            for body in HOSTILE_BODIES:
                response = staff_client.post(url, data={**body, "csrf_token": csrf})
                _assert_no_server_error(response, ("POST", url, sorted(body)))
                response = staff_client.post(
                    url, data=b"\xff\xfe{" * 50, content_type="application/json"
                )
                _assert_no_server_error(response, ("POST json", url))
        checked += 1
    assert checked > 20


segments = st.one_of(
    st.text(min_size=1, max_size=200),
    st.binary(min_size=1, max_size=60).map(lambda raw: "".join(f"%{byte:02X}" for byte in raw)),
    st.sampled_from(HOSTILE_SEGMENTS),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_segments_on_random_routes(app, staff_client, data):
    rules = [rule for rule in _rules(app) if rule.arguments]
    rule = data.draw(st.sampled_from(rules))
    raw = data.draw(segments)
    # The test client takes a path as text: keep what a URL can carry, encode the rest.
    segment = "".join(
        character
        if character.isascii() and (character.isalnum() or character in "%-._~")
        else "".join(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))
        for character in raw
    )
    url = _url(rule, segment, data.draw(st.sampled_from(["demo", None])))
    if "GET" in rule.methods:
        _assert_no_server_error(staff_client.get(url), ("GET", url[:120]))
    if "POST" in rule.methods and rule.endpoint not in SKIP_POST:
        _assert_no_server_error(staff_client.post(url, data={"x": raw}), ("POST", url[:120]))
