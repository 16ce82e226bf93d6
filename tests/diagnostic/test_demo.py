import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from consult.diagnostic.demo import read_fixture
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory, Workshop
from consult.extensions import db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_26244eced68e70ec.txt"


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_load_demo_loads_the_diagnostic(runner, app_context):
    result = runner.invoke(args=["consult", "load-demo"])
    assert result.exit_code == 0, result.output
    assert "coordinator@demo.example" in result.output

    axes = db.session.scalars(select(Axis).order_by(Axis.number)).all()
    assert [axis.title["fr"] for axis in axes] == [
        "Conforter le rôle de l'école",
        "Promouvoir la continuité éducative",
        "Ouvrir le champ des possibles",
    ]
    workshops = {
        (w.phase, w.axis.number): (w.held_on, w.head_count)
        for w in db.session.scalars(select(Workshop))
    }
    assert workshops == {
        (1, 1): (date(2021, 6, 10), 29),
        (1, 2): (date(2021, 6, 4), 40),
        (1, 3): (date(2021, 6, 7), 42),
        (2, 1): (date(2021, 6, 22), 14),
        (2, 2): (date(2021, 6, 22), 13),
        (2, 3): (date(2021, 6, 22), 17),
    }
    orientations = db.session.scalars(select(Orientation).order_by(Orientation.number)).all()
    assert [o.number for o in orientations] == [1, 2, 3, 4, 5, 6]
    assert [len(o.actions) for o in orientations] == [4, 5, 2, 3, 2, 2]
    assert {o.validated_on for o in orientations} == {date(2021, 6, 25)}
    assert all(o.family_title.get("fr") for o in orientations)
    # The seed lists no SWOT statement: the demo's are all marked illustrative.
    items = db.session.scalars(select(SwotItem)).all()
    assert items and all(item.is_illustrative for item in items)


def test_load_demo_is_idempotent(runner, app_context):
    runner.invoke(args=["consult", "load-demo"])
    before = [_count(model) for model in (Territory, Axis, Workshop, Orientation, Action, SwotItem)]
    second = runner.invoke(args=["consult", "load-demo"])
    assert second.exit_code == 0
    assert "already there" in second.output
    after = [_count(model) for model in (Territory, Axis, Workshop, Orientation, Action, SwotItem)]
    assert before == after


def test_demo_password_is_generated_and_shown_again(runner, app_context):
    first = runner.invoke(args=["consult", "load-demo"]).output
    second = runner.invoke(args=["consult", "load-demo"]).output
    password = re.search(r"coordinator@demo.example\s+password: (\S+)", first).group(1)
    assert len(password) >= 12
    assert password in second


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside the checkout")
def test_every_example_action_is_written_as_in_the_seed():
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    fixture = read_fixture()
    for orientation in fixture["orientations"]:
        assert orientation["title"]["fr"].split(" (")[0][:40] in seed
        for action in orientation["actions"]:
            assert action["fr"] in seed
