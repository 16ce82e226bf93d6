import pytest

from consult.config import ConfigurationError, load_config, normalise_database_url


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
    config = load_config(str(tmp_path), environ={"CONSULT_ENV": "production", "SECRET_KEY": "s"})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
