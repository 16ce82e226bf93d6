"""Fixtures of the authentication tests."""

import pytest

from consult import create_app


@pytest.fixture
def limited_app(app):
    """The app with its limits on, as in production (the shared test app has them off)."""
    limited = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    limited.test_client_class = app.test_client_class
    return limited
