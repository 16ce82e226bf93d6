"""Families' voice in a Cité éducative diagnostic."""

import os
from pathlib import Path

from flask import Flask

from consult.accounts import throttle
from consult.config import DEBUG_IN_PRODUCTION, ConfigurationError, load_config
from consult.consultation import flood
from consult.extensions import csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path(),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    if app.config.get("IS_PRODUCTION") and app.debug:
        raise ConfigurationError(DEBUG_IN_PRODUCTION)

    _trust_reverse_proxies(app)
    _init_extensions(app)
    _bound_url_integers(app)
    _register_blueprints(app)
    _register_hooks(app)

    from consult.cli import consult_cli

    app.cli.add_command(consult_cli)
    return app


def instance_path() -> str:
    """The folder of this machine's local files (secret key, SQLite database, demo logins).

    Tests and benches give their own (CONSULT_INSTANCE_PATH), so they never change the
    developer's.
    """
    return os.environ.get("CONSULT_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")


def _trust_reverse_proxies(app: Flask) -> None:
    """Behind nginx or a load balancer, take the client's address and scheme from the
    proxies' headers, and only from as many proxies as are configured."""
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from consult.accounts.session_lifetime import CookieSessionInterface
    from consult.core import uploads
    from consult.core.i18n import ConsultBabel, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    # Before the CSRF check, which reads the body: the minutes' PDF may be larger than a form.
    uploads.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    throttle.init_app(app)
    flood.init_app(app)
    ConsultBabel().init_app(app, locale_selector=select_locale)
    app.session_interface = CookieSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    # The message is lazy: str() translates it in the request's language before it is flashed.
    login_manager.localize_callback = str

    # Every model must be imported before the metadata is used by migrations.
    from consult import models  # noqa: F401


def _bound_url_integers(app: Flask) -> None:
    """An id in a URL never exceeds what the database stores: a bigger one is simply not
    found, instead of overflowing the database's integer."""
    from werkzeug.routing import IntegerConverter

    class DatabaseIdConverter(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseIdConverter


def _register_blueprints(app: Flask) -> None:
    from consult.accounts.routes import bp as accounts_bp
    from consult.accounts.team_routes import bp as team_bp
    from consult.audit.routes import bp as audit_bp
    from consult.audit.routes import territory_bp as territory_audit_bp
    from consult.consultation.public import bp as respond_bp
    from consult.consultation.routes import bp as consultation_bp
    from consult.core.routes import bp as core_bp
    from consult.crossing.routes import bp as crossing_bp
    from consult.diagnostic.routes import bp as diagnostic_bp
    from consult.followup.routes import bp as followup_bp
    from consult.governance.routes import bp as governance_bp
    from consult.outreach.kiosk import bp as kiosk_bp
    from consult.outreach.routes import bp as outreach_bp
    from consult.review.public import bp as results_public_bp
    from consult.review.routes import bp as review_bp
    from consult.territories.routes import bp as territories_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(territory_audit_bp)
    app.register_blueprint(diagnostic_bp)
    app.register_blueprint(governance_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(crossing_bp)
    app.register_blueprint(consultation_bp)
    app.register_blueprint(respond_bp)
    app.register_blueprint(outreach_bp)
    app.register_blueprint(kiosk_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(results_public_bp)
    app.register_blueprint(territories_bp)


def _register_hooks(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_decimal
    from flask_sqlalchemy.session import Session as SQLAlchemySession

    from consult.audit import tracking
    from consult.core import masking
    from consult.core.compression import init_compression
    from consult.core.errors import register_error_handlers
    from consult.core.forms import translation_fields
    from consult.core.i18n import template_globals
    from consult.core.nul_bytes import refuse_nul_bytes
    from consult.core.security import set_security_headers
    from consult.core.static_files import fingerprint_static_files
    from consult.core.translatable import localized, translated

    app.after_request(set_security_headers)
    app.before_request(refuse_nul_bytes)
    tracking.watch(SQLAlchemySession)
    fingerprint_static_files(app)
    # Registered after the static cache headers, so Flask runs it before them: the ETag and
    # Content-Length it sets are the compressed body's.
    init_compression(app)
    app.context_processor(template_globals)
    app.jinja_env.globals["translation_fields"] = translation_fields
    app.jinja_env.filters["translated"] = translated
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["format_decimal"] = format_decimal
    masking.register(app)
    register_error_handlers(app)
