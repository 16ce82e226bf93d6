"""With RATELIMIT_STORAGE_URI pointing at Redis, limits live in Redis, so every worker and
every app server behind the load balancer counts the same attempts; with Redis down,
families still answer and limits are counted in each process meanwhile."""

from tests.consultation.helpers import channel
from tests.rate_limits import app_with_limits

# Nothing listens on port 1: a Redis that is down.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def _who_statuses(limited, token, times):
    client = limited.test_client()
    client.get(f"/r/{token}/")
    return [
        client.post(f"/r/{token}/", data={"respondent_kind": "parent"}).status_code
        for _ in range(times)
    ]


def test_public_form_limits_are_counted_in_redis(
    app, redis_uri, empty_redis, demo_territory, app_context
):
    statuses = _who_statuses(app_with_limits(app, redis_uri), channel().token, 70)
    assert statuses[0] != 429
    assert statuses[-1] == 429
    assert empty_redis.keys("LIMITS*"), "no counter was written to Redis"


def test_with_redis_down_families_answer_and_hammering_is_still_stopped(
    app, demo_territory, app_context
):
    statuses = _who_statuses(app_with_limits(app, REDIS_DOWN), channel().token, 70)
    assert 500 not in statuses
    assert statuses[0] != 429
    assert statuses[-1] == 429
