"""A backup taken on SQLite restores on PostgreSQL, and the other way round."""

import os

import pytest
from flask_migrate import upgrade

from consult import create_app
from consult.consultation.demo import load_demo_consultation
from consult.diagnostic.demo import load_demo_territory
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.governance.demo import load_demo_governance
from tests.backup.helpers import empty_every_table, fill_every_table, snapshot

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL as the test database (TEST_DATABASE_URL) to cross engines",
)


@pytest.fixture
def sqlite_app(tmp_path):
    """A second app on its own SQLite file, migrated like production."""
    other = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}",
            "RATELIMIT_ENABLED": False,
        }
    )
    with other.app_context():
        upgrade()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _fill(flask_app) -> dict:
    with flask_app.app_context():
        territory, _ = load_demo_territory()
        load_demo_governance(territory)
        load_demo_consultation(territory)
        db.session.commit()
        fill_every_table(territory)
        db.session.remove()
        return snapshot(db.engine)


def _run(flask_app, *args: str) -> str:
    result = flask_app.test_cli_runner().invoke(args=["consult", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_sqlite_backup_restores_on_postgresql(app, sqlite_app, tmp_path):
    path = tmp_path / "from-sqlite.jsonl.gz"
    taken = _fill(sqlite_app)
    _run(sqlite_app, "backup", str(path))

    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        empty_every_table(db.engine)
    _run(app, "restore", str(path))

    with app.app_context():
        assert snapshot(db.engine) == taken
        territory = Territory(slug="after-restore", name="Après la restauration")
        db.session.add(territory)
        db.session.commit()
        assert territory.id > max(row[0] for row in taken["territories"])


def test_postgresql_backup_restores_on_sqlite(app, sqlite_app, tmp_path):
    path = tmp_path / "from-postgresql.jsonl.gz"
    taken = _fill(app)
    _run(app, "backup", str(path))

    _run(sqlite_app, "restore", str(path))
    with sqlite_app.app_context():
        assert snapshot(db.engine) == taken
