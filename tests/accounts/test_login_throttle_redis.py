"""With Redis as the limiter's storage (as in production), failures counted by one app server
refuse the login on another; with Redis down, staff still log in and guessing is still
slowed."""

from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, submit
from tests.core.test_shared_rate_limits import REDIS_DOWN
from tests.rate_limits import app_with_limits


def _attempt(server, address, email, password):
    return submit(client_from(server, address), "/login", {"email": email, "password": password})


def test_failures_on_one_server_count_on_the_other(
    app, redis_uri, empty_redis, make_user, demo_territory
):
    first, second = app_with_limits(app, redis_uri), app_with_limits(app, redis_uri)
    user = make_user(territories=[demo_territory])
    for server, times in ((first, 3), (second, 2)):
        for _ in range(times):
            assert _attempt(server, "10.9.0.1", user.email, "wrong-one-here").status_code == 401
    keys = empty_redis.keys("*login-attempts*")
    assert keys and all(user.email.encode() not in key for key in keys)
    assert _attempt(first, "10.9.0.2", user.email, PASSWORD).status_code == 429


def test_with_redis_down_logins_work_and_are_still_throttled(app, make_user, demo_territory):
    server = app_with_limits(app, REDIS_DOWN)
    user = make_user(territories=[demo_territory])
    assert _attempt(server, "10.9.1.1", user.email, PASSWORD).status_code == 302
    for _ in range(5):
        assert _attempt(server, "10.9.1.1", user.email, "wrong-one-here").status_code == 401
    refused = _attempt(server, "10.9.1.2", user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Trop de tentatives pour ce compte." in refused.get_data(as_text=True)


def test_in_memory_two_servers_count_apart(app, make_user, demo_territory):
    """What the test above would see without a shared storage: the second server lets in."""
    first, second = app_with_limits(app), app_with_limits(app)
    user = make_user(territories=[demo_territory])
    for _ in range(5):
        assert _attempt(first, "10.9.2.1", user.email, "wrong-one-here").status_code == 401
    assert _attempt(first, "10.9.2.1", user.email, PASSWORD).status_code == 429
    assert _attempt(second, "10.9.2.1", user.email, PASSWORD).status_code == 302
