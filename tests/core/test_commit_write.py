"""commit_write: the one way a back-office page saves. A refusal or a constraint leaves
nothing behind and says why; a saved write says "Saved." and hands back what it returned."""

from flask import get_flashed_messages
from sqlalchemy import func, select

from consult.core.db import commit_write
from consult.core.operations import OperationRefused
from consult.diagnostic.models import Territory
from consult.extensions import db


def _territories():
    return db.session.scalar(select(func.count(Territory.id)))


def _add(slug):
    territory = Territory(slug=slug, name=f"Cité éducative {slug}")
    db.session.add(territory)
    db.session.flush()
    return territory


def test_a_write_is_committed_and_said_saved(app, app_context):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        written = commit_write(lambda: _add("rive"))
        assert written and written.value.slug == "rive"
        saved = [("success", "Modifications enregistrées.")]
        assert get_flashed_messages(with_categories=True) == saved
    db.session.rollback()
    assert _territories() == 1


def test_a_refusal_rolls_everything_back_and_says_why(app, app_context):
    def refused():
        _add("berge")
        raise OperationRefused("Pas ce nom-là.")

    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        written = commit_write(refused)
        assert not written and written.value is None
        assert get_flashed_messages(with_categories=True) == [("error", "Pas ce nom-là.")]
    assert _territories() == 0


def test_a_constraint_the_database_enforces_changes_nothing(app, app_context, make_territory):
    make_territory(slug="delta")

    def taken():
        _add("marais")
        db.session.add(Territory(slug="delta", name="Une autre"))

    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        written = commit_write(taken)
        assert not written
        (message,) = get_flashed_messages(with_categories=True)
        assert message[0] == "error" and "Rien n’a été modifié" in message[1]
    assert _territories() == 1


def test_a_caller_that_says_more_gets_no_saved_message(app, app_context):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        written = commit_write(lambda: (_add("lagon"), 3)[1], say_saved=False)
        assert written and written.value == 3
        assert get_flashed_messages() == []
    assert _territories() == 1
