"""With RATELIMIT_STORAGE_URI pointing at Redis, limits live in Redis, so every worker and
every app server behind the load balancer counts the same attempts."""

import os

import pytest
import redis

from consult import create_app
from tests.consultation.helpers import channel

REDIS_URL = os.environ.get("TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="no Redis (TEST_REDIS_URL)")


def test_public_form_limits_are_counted_in_redis(app, demo_territory, app_context):
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    limited = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
        }
    )
    limited.test_client_class = app.test_client_class
    token = channel().token
    client = limited.test_client()
    client.get(f"/r/{token}/")
    statuses = [
        client.post(f"/r/{token}/", data={"respondent_kind": "parent"}).status_code
        for _ in range(70)
    ]
    assert statuses[0] != 429
    assert statuses[-1] == 429
    assert store.keys("LIMITS*"), "no counter was written to Redis"
    store.flushdb()
