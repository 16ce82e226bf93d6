"""The territory rules hold in the operations too, whatever form calls them."""

import pytest
from sqlalchemy import func, select

from consult.core.db import commit
from consult.core.operations import OperationRefused
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.territories.operations import create_territory, rename_territory


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [
        ("B", "Nom", "lowercase letters"),
        ("a" * 41, "Nom", "lowercase letters"),
        ("users", "Nom", "used by the application itself"),
        ("taken", "Nom", "already exists"),
        ("fine", " ", "1 to 120 characters"),
        ("fine", "n" * 121, "1 to 120 characters"),
    ],
)
def test_a_territory_that_breaks_a_rule_is_refused(app, make_territory, slug, name, message):
    make_territory("taken", "Déjà là")
    with app.test_request_context("/?lang=en"), pytest.raises(OperationRefused, match=message):
        create_territory(slug=slug, name=name)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Territory.id))) == 1


def test_the_database_refuses_a_second_territory_with_the_same_slug(app, make_territory):
    """Two administrators creating the same slug at once: the unique index says no."""
    make_territory("north", "Nord")
    db.session.add(Territory(slug="north", name="Nord bis"))
    assert commit() is False
    assert db.session.scalar(select(func.count(Territory.id))) == 1


def test_renaming_keeps_the_slug_and_trims_the_name(app, make_territory):
    territory = make_territory("north", "Nord")
    with app.test_request_context("/"):
        rename_territory(territory, name="  Nord-Est  ")
    db.session.commit()
    assert (territory.slug, territory.name) == ("north", "Nord-Est")
