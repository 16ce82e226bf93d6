"""`flask consult check` tells an operator what stands between the instance and families."""

import pytest

from consult import create_app

LONG_SECRET = "a-long-random-secret-for-these-tests-only-0123456789"


def _check(config: dict):
    app = create_app({"TESTING": True, "RATELIMIT_STORAGE_URI": "memory://", **config})
    return app.test_cli_runner().invoke(args=["consult", "check"])


def _production(app, **overrides) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "IS_PRODUCTION": True,
        "ALLOW_SQLITE": True,
        "SECRET_KEY": LONG_SECRET,
        "SESSION_COOKIE_SECURE": True,
        "PUBLIC_BASE_URL": "https://consult.example.org",
        "PROXY_FIX_HOPS": 1,
        **overrides,
    }


def test_a_sound_production_configuration_passes(app):
    result = _check(_production(app))
    assert result.exit_code == 0, result.output
    assert "Nothing blocks serving." in result.output
    # Memory-only rate limits work but are not shared between servers: said, not fatal.
    assert "[warning] rate limits" in result.output


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"PUBLIC_BASE_URL": "http://consult.example.org"}, "must be https://"),
        ({"PUBLIC_BASE_URL": "https://127.0.0.1:5000"}, "points to this machine"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY is a placeholder"),
        ({"SESSION_COOKIE_SECURE": False}, "not marked Secure"),
        ({"ALLOW_SQLITE": False}, "SQLite in use"),
        ({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"}, "unreachable"),
    ],
)
def test_each_problem_is_named_and_fails_the_check(app, overrides, expected):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and "ALLOW_SQLITE" in (
        overrides
    ):
        pytest.skip("the test database is PostgreSQL")
    result = _check(_production(app, **overrides))
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if "[error" in line]
    assert any(expected in line for line in error_lines), result.output


def test_a_database_behind_the_code_must_be_upgraded(app, tmp_path):
    empty = f"sqlite:///{tmp_path / 'never-migrated.db'}"
    result = _check(_production(app, SQLALCHEMY_DATABASE_URI=empty))
    assert result.exit_code == 1
    assert "flask db upgrade" in result.output


def test_an_unreachable_database_is_reported_without_its_password(app):
    result = _check(
        _production(
            app, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://consult:s3cret@127.0.0.1:1/consult"
        )
    )
    assert result.exit_code == 1
    assert "cannot connect" in result.output
    assert "s3cret" not in result.output


def test_a_reachable_redis_is_reported(app, redis_uri):
    result = _check(_production(app, RATELIMIT_STORAGE_URI=redis_uri))
    assert result.exit_code == 0, result.output
    assert "[ok     ] rate limits: shared storage redis://" in result.output


def test_the_check_names_flask_debug(app):
    """`flask` sets the app's debug from FLASK_DEBUG after the app is built: the check sees
    it even then."""
    from consult import create_app

    checked = create_app(
        {"TESTING": True, "RATELIMIT_STORAGE_URI": "memory://", **_production(app)}
    )
    result = checked.test_cli_runner().invoke(args=["consult", "check"], env={"FLASK_DEBUG": "1"})
    assert result.exit_code == 1
    assert any("[error" in line and "FLASK_DEBUG" in line for line in result.output.splitlines()), (
        result.output
    )
    quiet = checked.test_cli_runner().invoke(args=["consult", "check"], env={"FLASK_DEBUG": "0"})
    assert "debug: debug mode is off." in quiet.output
