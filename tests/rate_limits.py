"""Fixtures for the tests that need the rate limits on, in memory or in a real Redis."""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis

from consult import create_app
from tests.workers import worker_redis


def app_with_limits(app, storage_uri: str = "memory://"):
    """The app with its limits on, as in production (the shared test app has them off)."""
    limited = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage_uri,
        }
    )
    limited.test_client_class = app.test_client_class
    return limited


@pytest.fixture
def limited_app(app):
    return app_with_limits(app)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _started_redis(port: int) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    connection = redis.Redis(port=port)
    for _ in range(100):
        try:
            connection.ping()
            return server
        except redis.ConnectionError:
            time.sleep(0.05)
    server.terminate()
    pytest.fail("redis-server did not start")


@pytest.fixture(scope="session")
def redis_uri():
    """A Redis to count in: CI's (TEST_REDIS_URL), else a throwaway redis-server, else skip."""
    if url := os.environ.get("TEST_REDIS_URL"):
        yield worker_redis(url)
        return
    if shutil.which("redis-server") is None:
        pytest.skip("no Redis: set TEST_REDIS_URL or install redis-server")
    port = _free_port()
    server = _started_redis(port)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def empty_redis(redis_uri):
    """The Redis, emptied before and after the test."""
    store = redis.Redis.from_url(redis_uri)
    store.flushdb()
    yield store
    store.flushdb()
