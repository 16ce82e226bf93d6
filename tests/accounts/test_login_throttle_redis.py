"""With Redis as the limiter's storage (as in production), failures counted by one app server
refuse the login on another."""

import shutil
import socket
import subprocess
import time

import pytest
import redis

from consult import create_app
from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, submit

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_uri():
    port = _free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    connection = redis.Redis(port=port)
    for _ in range(100):
        try:
            connection.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def _server(app, redis_uri):
    server = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": redis_uri,
        }
    )
    server.test_client_class = app.test_client_class
    return server


def test_failures_on_one_server_count_on_the_other(app, redis_uri, make_user, demo_territory):
    redis.Redis.from_url(redis_uri).flushdb()
    first, second = _server(app, redis_uri), _server(app, redis_uri)
    user = make_user(territories=[demo_territory])
    for server, times in ((first, 3), (second, 2)):
        client = client_from(server, "10.9.0.1")
        for _ in range(times):
            response = submit(client, "/login", {"email": user.email, "password": "wrong-one-here"})
            assert response.status_code == 401
    keys = redis.Redis.from_url(redis_uri).keys("*login-failures*")
    assert keys and all(user.email.encode() not in key for key in keys)
    refused = submit(
        client_from(first, "10.9.0.2"), "/login", {"email": user.email, "password": PASSWORD}
    )
    assert refused.status_code == 429
