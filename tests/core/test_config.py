import pytest

from consult.config import ConfigurationError, load_config, normalise_database_url

PRODUCTION = {
    "CONSULT_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-enough-secret",
    "DATABASE_URL": "postgresql://consult@db.internal/consult",
}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigurationError):
        load_config(str(tmp_path), environ={"CONSULT_ENV": "production"})


def test_local_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = load_config(str(tmp_path), environ={})["SECRET_KEY"]
    second = load_config(str(tmp_path), environ={})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_defaults_to_sqlite_under_instance(tmp_path):
    config = load_config(str(tmp_path), environ={"SECRET_KEY": "x"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'consult.db'}"


def test_database_url_from_the_environment_uses_psycopg():
    assert normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_cookies_are_secure_in_production(tmp_path):
    config = load_config(str(tmp_path), environ=PRODUCTION)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    "secret", ["change-me", "test-secret-key-not-for-production", "short-secret", ""]
)
def test_production_refuses_a_placeholder_or_short_secret(tmp_path, secret):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(str(tmp_path), environ={**PRODUCTION, "SECRET_KEY": secret})


def test_production_refuses_sqlite_unless_explicitly_allowed(tmp_path):
    on_sqlite = {key: value for key, value in PRODUCTION.items() if key != "DATABASE_URL"}
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        load_config(str(tmp_path), environ=on_sqlite)
    allowed = load_config(str(tmp_path), environ={**on_sqlite, "CONSULT_ALLOW_SQLITE": "true"})
    assert allowed["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_production_on_postgresql_with_a_real_secret_starts(tmp_path):
    config = load_config(str(tmp_path), environ=PRODUCTION)
    assert config["IS_PRODUCTION"] is True
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://consult@db.internal/consult"
    assert config["PROXY_FIX_HOPS"] == 0


def test_production_with_flask_debug_refuses_to_start(monkeypatch):
    from consult import create_app

    monkeypatch.setenv("FLASK_DEBUG", "1")
    production = {
        "IS_PRODUCTION": True,
        "SECRET_KEY": "a-long-random-secret-for-these-tests-only-0123456789",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }
    with pytest.raises(ConfigurationError, match="FLASK_DEBUG"):
        create_app(production)
    monkeypatch.delenv("FLASK_DEBUG")
    with pytest.raises(ConfigurationError, match="FLASK_DEBUG"):
        create_app({**production, "DEBUG": True})
    assert create_app(production).debug is False
