"""Configuration read from the environment.

Nothing secret lives in the code: ``SECRET_KEY`` comes from the environment, or, outside
production, from a file generated once under ``instance/``.
"""

import os
import secrets
from pathlib import Path

# Languages the public side can speak, by code. French is the default and the fallback.
# Dari is "fa_AF": Babel (CLDR) has no "prs" data, and fa_AF is Dari in CLDR (its plural
# rule, right to left); pages still mark it "fa-AF" (languages.html_lang).
UI_LANGUAGES = ("fr", "ar", "en", "tr", "pt", "es", "ro", "uk", "zh", "fa_AF")
DEFAULT_LANGUAGE = "fr"
RTL_LANGUAGES = frozenset({"ar", "fa_AF"})
# The back office speaks French and English.
BACK_OFFICE_LANGUAGES = ("fr", "en")


# Flask's debugger runs Python typed in a browser: never where families' answers are.
DEBUG_IN_PRODUCTION = (
    "FLASK_DEBUG is on (or DEBUG set): production never runs with the debugger, which "
    "executes code typed in a browser. Unset FLASK_DEBUG."
)


class ConfigurationError(RuntimeError):
    """The app cannot start safely with the configuration it was given."""


# A secret anyone could guess signs sessions anyone could forge.
MINIMUM_SECRET_LENGTH = 32
PLACEHOLDER_SECRETS = frozenset(
    {"change-me", "changeme", "secret", "secret-key", "dev", "development", "production"}
)


def secret_key_problem(secret_key: str | None) -> str | None:
    """Why this secret is unfit for production, or None."""
    if not secret_key:
        return "SECRET_KEY must be set in production."
    if secret_key.lower() in PLACEHOLDER_SECRETS or "not-for-production" in secret_key:
        return "SECRET_KEY is a placeholder; generate a random one (docs/deploy.md says how)."
    if len(secret_key) < MINIMUM_SECRET_LENGTH:
        return f"SECRET_KEY is shorter than {MINIMUM_SECRET_LENGTH} characters."
    return None


def _flag(environ, name: str, default: bool = False) -> bool:
    value = environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _local_secret_key(instance_path: Path) -> str:
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_config(instance_path: str, environ=os.environ) -> dict:
    instance = Path(instance_path)
    is_production = environ.get("CONSULT_ENV", "development") == "production"

    secret_key = environ.get("SECRET_KEY")
    if is_production and (problem := secret_key_problem(secret_key)):
        raise ConfigurationError(problem)
    if not secret_key:
        secret_key = _local_secret_key(instance)

    default_db = f"sqlite:///{instance / 'consult.db'}"
    database_url = normalise_database_url(environ.get("DATABASE_URL", default_db))
    allow_sqlite = _flag(environ, "CONSULT_ALLOW_SQLITE")
    if database_url.startswith("sqlite"):
        # One file, one writer at a time, no network: fine for a laptop, not for a
        # territory's production (set CONSULT_ALLOW_SQLITE=true to run a small pilot on it).
        if is_production and not allow_sqlite:
            raise ConfigurationError(
                "DATABASE_URL is SQLite; production runs on PostgreSQL "
                "(set CONSULT_ALLOW_SQLITE=true to accept SQLite knowingly)."
            )
        instance.mkdir(parents=True, exist_ok=True)

    return {
        "IS_PRODUCTION": is_production,
        "ALLOW_SQLITE": allow_sqlite,
        # How many reverse proxies (nginx, a load balancer) stand in front of the app and set
        # X-Forwarded-For/-Proto/-Host; 0 trusts none of these headers.
        "PROXY_FIX_HOPS": int(environ.get("PROXY_FIX_HOPS", "0")),
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PUBLIC_BASE_URL": environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent.parent / "translations"),
        "UI_LANGUAGES": UI_LANGUAGES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": is_production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": is_production,
        # A back-office login ends after this long without a request, and this long after it.
        "SESSION_IDLE_MINUTES": int(environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_ABSOLUTE_HOURS": int(environ.get("SESSION_ABSOLUTE_HOURS", "12")),
        # A person takes longer than this to answer; a script does not.
        "MINIMUM_FILL_SECONDS": float(environ.get("MINIMUM_FILL_SECONDS", "3")),
        "RATELIMIT_ENABLED": environ.get("RATELIMIT_ENABLED", "true").lower() != "false",
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # If the shared storage (Redis) goes down, families keep answering and logins keep
        # being throttled, counted in each process's memory until it is back.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # ... and a down or unreachable Redis is noticed in half a second, not a TCP timeout.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        # Forms are small; anything larger is not a form from this app.
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # A back-office page left open over a long meeting still submits.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    }
