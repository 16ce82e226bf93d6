"""What `flask consult check` looks at before an instance goes live.

Each check returns findings; an "error" means the instance must not serve families as it is,
a "warning" that it will work but not as it should in production."""

from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from consult.config import DEBUG_IN_PRODUCTION, secret_key_problem
from consult.extensions import db, limiter

ERROR = "error"
WARNING = "warning"
OK = "ok"


@dataclass(frozen=True)
class Finding:
    level: str
    subject: str
    message: str


def _secret(app: Flask) -> list[Finding]:
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if problem and app.config["IS_PRODUCTION"]:
        return [Finding(ERROR, "secret", problem)]
    if problem:
        return [Finding(WARNING, "secret", problem + " (acceptable outside production)")]
    return [Finding(OK, "secret", "SECRET_KEY is set and long enough.")]


def _debug(app: Flask) -> list[Finding]:
    # create_app already refuses it; an app whose debug was switched on afterwards is caught
    # here.
    if app.debug and app.config["IS_PRODUCTION"]:
        return [Finding(ERROR, "debug", DEBUG_IN_PRODUCTION)]
    if app.debug:
        return [Finding(WARNING, "debug", "debug mode is on (acceptable outside production)")]
    return [Finding(OK, "debug", "debug mode is off.")]


def _database(app: Flask) -> list[Finding]:
    url = db.engine.url
    findings = []
    if url.get_backend_name() == "sqlite":
        level = ERROR if app.config["IS_PRODUCTION"] and not app.config["ALLOW_SQLITE"] else WARNING
        findings.append(Finding(level, "database", "SQLite in use; production runs on PostgreSQL."))
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _current_revision(connection)
    except Exception as error:  # any driver error means the same thing here
        where = url.render_as_string(hide_password=True)
        reason = f"cannot connect to {where} ({error.__class__.__name__})"
        return [*findings, Finding(ERROR, "database", reason)]
    head = _head_revision(app)
    if current != head:
        findings.append(
            Finding(ERROR, "migrations", f"database at {current}, code at {head}: flask db upgrade")
        )
    else:
        findings.append(Finding(OK, "database", f"{url.get_backend_name()} reachable, at {head}."))
    return findings


def _current_revision(connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _head_revision(app: Flask) -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config).get_current_head()


def _rate_limits(app: Flask) -> list[Finding]:
    uri = app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if uri.startswith("memory://"):
        if not app.config["IS_PRODUCTION"]:
            return [Finding(OK, "rate limits", "in this process's memory (one process).")]
        return [
            Finding(
                WARNING,
                "rate limits",
                "counted in each process's memory; set RATELIMIT_STORAGE_URI=redis://... "
                "so every worker and server shares them",
            )
        ]
    try:
        reachable = limiter.storage.check()
    except Exception:  # a storage that cannot even be asked is unreachable
        reachable = False
    if not reachable:
        return [Finding(ERROR, "rate limits", f"storage {uri.split('://')[0]}:// unreachable")]
    return [Finding(OK, "rate limits", f"shared storage {uri.split('://')[0]}:// reachable.")]


def _public_address(app: Flask) -> list[Finding]:
    base = app.config["PUBLIC_BASE_URL"]
    if not app.config["IS_PRODUCTION"]:
        return [Finding(OK, "public address", base)]
    if not base.startswith("https://"):
        return [
            Finding(ERROR, "public address", f"PUBLIC_BASE_URL must be https:// (QR codes): {base}")
        ]
    if "127.0.0.1" in base or "localhost" in base:
        return [Finding(ERROR, "public address", "PUBLIC_BASE_URL points to this machine")]
    findings = [Finding(OK, "public address", base)]
    if not app.config.get("PROXY_FIX_HOPS"):
        findings.append(
            Finding(
                WARNING,
                "reverse proxy",
                "PROXY_FIX_HOPS is 0: behind nginx, set it to 1 so client addresses and HTTPS "
                "are seen",
            )
        )
    return findings


def _cookies(app: Flask) -> list[Finding]:
    if app.config["IS_PRODUCTION"] and not app.config.get("SESSION_COOKIE_SECURE"):
        return [Finding(ERROR, "cookies", "session cookie not marked Secure")]
    return [Finding(OK, "cookies", "HttpOnly, SameSite=Lax, Secure in production.")]


def _translations(app: Flask) -> list[Finding]:
    directory = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    missing = [
        language
        for language in app.config["UI_LANGUAGES"]
        if not (directory / language / "LC_MESSAGES" / "messages.mo").exists()
    ]
    if missing:
        return [
            Finding(
                ERROR,
                "translations",
                f"not compiled for {', '.join(missing)}: pybabel compile -d translations",
            )
        ]
    return [Finding(OK, "translations", "compiled for every language.")]


def _pdf_report() -> list[Finding]:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return [Finding(WARNING, "PDF report", "Pango is missing: apt install libpango-1.0-0")]
    return [Finding(OK, "PDF report", "WeasyPrint can draw text.")]


def run_checks(app: Flask) -> list[Finding]:
    return [
        *_secret(app),
        *_debug(app),
        *_database(app),
        *_rate_limits(app),
        *_public_address(app),
        *_cookies(app),
        *_translations(app),
        *_pdf_report(),
    ]
