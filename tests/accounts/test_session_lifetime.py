"""Back-office logins end after 30 idle minutes and 12 hours in all, with nothing kept on the
server: the timestamps travel in the signed session cookie."""

import time

from flask_login.utils import encode_cookie

from consult.accounts.session_lifetime import LAST_SEEN_AT, LOGGED_IN_AT
from consult.config import load_config
from tests.conftest import login

MINUTE = 60
HOUR = 3600


def _shift(client, *, logged_in_ago: int, seen_ago: int) -> None:
    """Pretend the login and the last request happened that many seconds ago."""
    moment = int(time.time())
    with client.session_transaction() as session:
        session[LOGGED_IN_AT] = moment - logged_in_ago
        session[LAST_SEEN_AT] = moment - seen_ago


def test_defaults_and_environment(tmp_path):
    defaults = load_config(str(tmp_path), environ={"SECRET_KEY": "x" * 40})
    assert (defaults["SESSION_IDLE_MINUTES"], defaults["SESSION_ABSOLUTE_HOURS"]) == (30, 12)
    chosen = load_config(
        str(tmp_path),
        environ={
            "SECRET_KEY": "x" * 40,
            "SESSION_IDLE_MINUTES": "10",
            "SESSION_ABSOLUTE_HOURS": "8",
        },
    )
    assert (chosen["SESSION_IDLE_MINUTES"], chosen["SESSION_ABSOLUTE_HOURS"]) == (10, 8)


def test_login_stores_its_time_in_the_signed_session(client, make_user, demo_territory):
    before = int(time.time())
    login(client, make_user(territories=[demo_territory]))
    with client.session_transaction() as session:
        assert before <= session[LOGGED_IN_AT] <= int(time.time())
        assert session[LAST_SEEN_AT] == session[LOGGED_IN_AT]


def test_activity_within_the_idle_limit_keeps_the_session(client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    _shift(client, logged_in_ago=2 * HOUR, seen_ago=29 * MINUTE)
    assert client.get("/admin/demo/").status_code == 200
    with client.session_transaction() as session:
        # The request counted as activity.
        assert int(time.time()) - session[LAST_SEEN_AT] < MINUTE


def test_idle_session_is_logged_out_with_a_clear_message(client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    _shift(client, logged_in_ago=HOUR, seen_ago=31 * MINUTE)
    response = client.get("/admin/demo/swot/axis-1")
    assert response.status_code == 302
    assert "/login?next=/admin/demo/swot/axis-1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre session a expiré, veuillez vous reconnecter." in page
    # Logged out for good, not only redirected once.
    assert client.get("/admin/demo/").status_code == 302


def test_absolute_limit_ends_even_an_active_session(client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    _shift(client, logged_in_ago=12 * HOUR + MINUTE, seen_ago=MINUTE)
    response = client.get("/admin/demo/?lang=en", follow_redirects=True)
    assert response.request.path == "/login"
    assert "Your session expired, please log in again." in response.get_data(as_text=True)


def test_limits_follow_the_configuration(app, client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    _shift(client, logged_in_ago=20 * MINUTE, seen_ago=11 * MINUTE)
    app.config["SESSION_IDLE_MINUTES"] = 10
    try:
        assert client.get("/admin/demo/").status_code == 302
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 30


def test_a_clock_set_in_the_config_moves_time(app, client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    assert client.get("/admin/demo/").status_code == 200
    app.config["AUTH_CLOCK"] = lambda: time.time() + 12 * HOUR + 1
    try:
        assert client.get("/admin/demo/").status_code == 302
    finally:
        app.config["AUTH_CLOCK"] = None


def test_a_session_without_timestamps_is_not_trusted(client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    with client.session_transaction() as session:
        del session[LOGGED_IN_AT]
    assert client.get("/admin/demo/").status_code == 302


def test_a_remember_cookie_cannot_bring_back_an_expired_login(
    app, client, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    login(client, user)
    # Login never sets one.
    assert client.get_cookie("remember_token") is None
    _shift(client, logged_in_ago=13 * HOUR, seen_ago=MINUTE)
    # One forged with the server's own key (the worst case) does not help either.
    with app.test_request_context():
        forged = encode_cookie(str(user.id))
    client.set_cookie("remember_token", forged)
    assert client.get("/admin/demo/").status_code == 302
    fresh = app.test_client()
    fresh.set_cookie("remember_token", forged)
    assert fresh.get("/admin/demo/").status_code == 302


def test_public_pages_go_on_after_expiry(client, make_user, demo_territory):
    login(client, make_user(territories=[demo_territory]))
    _shift(client, logged_in_ago=13 * HOUR, seen_ago=13 * HOUR)
    assert client.get("/").status_code == 200
    assert client.get("/admin/demo/").status_code == 302
