"""Fixtures shared by every test: the app on a real database, clients, factories, login."""

import atexit
import contextvars
import os
import re
import shutil
import tempfile

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import inspect, text

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# The tests' own instance folder (demo logins, secret key), for this process and whatever it
# starts: the developer's instance/ and its demo database are never touched.
os.environ["CONSULT_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="consult-test-instance.")

from consult import create_app
from consult.accounts.models import User
from consult.accounts.roles import Role
from consult.config import normalise_database_url
from consult.diagnostic.models import Territory
from consult.extensions import db, limiter
from tests.workers import worker_database

atexit.register(shutil.rmtree, os.environ["CONSULT_INSTANCE_PATH"], ignore_errors=True)

pytest_plugins = ["tests.rate_limits"]

PASSWORD = "correct-horse-battery-staple"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return worker_database(normalise_database_url(url))
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


class IsolatedClient(FlaskClient):
    """Each request runs as on a real server: its own app context, ``g`` and database session.

    A test may hold an app context open to set up and inspect data; without this, Flask would
    reuse it for the request and share ``g`` (and the logged-in user) across requests.
    """

    def open(self, *args, **kwargs):
        def request():
            response = FlaskClient.open(self, *args, **kwargs)
            # A streamed body is produced inside the request's own context.
            response.get_data()
            return response

        response = contextvars.Context().run(request)
        if has_app_context():
            # What the test's own session read before may have changed.
            db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "PUBLIC_BASE_URL": "http://testserver.example",
            # Limits are tested on an app of their own (tests/consultation/test_abuse.py).
            "RATELIMIT_ENABLED": False,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _drop_everything()
        # The schema comes from the migrations, as in production.
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Every test starts with empty tables."""
    yield
    with app.app_context():
        db.session.remove()
        table_names = set(inspect(db.engine).get_table_names())
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name in table_names:
                    connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _limits_off_again(app):
    """The limiter is one object for every app: a test that builds an app with its limits on
    (tests/rate_limits.py) turns them on for the shared test app too, whose later tests
    would then meet limits meant for another app. Each test leaves them as the shared app
    has them."""
    yield
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_territory(app_context):
    def make(slug="demo", name="Cité éducative de test"):
        territory = Territory(slug=slug, name=name)
        db.session.add(territory)
        db.session.commit()
        return territory

    return make


@pytest.fixture
def make_user(app_context):
    def make(role=Role.COORDINATOR, territories=(), email=None, password=PASSWORD):
        user = User(
            email=email or f"{role}-{len(territories)}-{os.urandom(3).hex()}@example.org",
            display_name=f"Test {role}",
            role=str(role),
        )
        user.set_password(password)
        user.territories = list(territories)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def demo_territory(app_context):
    from consult.consultation.demo import load_demo_consultation
    from consult.diagnostic.demo import load_demo_territory
    from consult.governance.demo import load_demo_governance

    territory, _ = load_demo_territory()
    load_demo_governance(territory)
    load_demo_consultation(territory)
    db.session.commit()
    return territory


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    field = CSRF_INPUT.search(html)
    assert field, "no CSRF token in the page"
    return VALUE.search(field.group(0)).group(1)


def submit(client, url, data, *, page_url=None, follow_redirects=False):
    """Post a form as a browser would: first load the page, then send its CSRF token."""
    page = client.get(page_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)


def login(client, user, password=PASSWORD):
    response = submit(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def as_role(client, make_user, demo_territory):
    """A client logged in with the given role in the demo territory."""

    def log_in(role):
        user = make_user(role=role, territories=[demo_territory])
        login(client, user)
        return client

    return log_in
