import pytest
from sqlalchemy.exc import IntegrityError

from consult.core.operations import OperationRefused
from consult.diagnostic import operations
from consult.diagnostic.models import SwotItem
from consult.extensions import db


def test_axis_numbers_are_unique_within_a_territory(make_territory):
    territory = make_territory()
    operations.save_axis(territory, None, number=1, title={"fr": "Un"}, description={})
    with pytest.raises(OperationRefused):
        operations.save_axis(territory, None, number=1, title={"fr": "Deux"}, description={})


def test_same_axis_number_in_another_territory_is_fine(make_territory):
    first, second = make_territory("a"), make_territory("b")
    operations.save_axis(first, None, number=1, title={"fr": "Un"}, description={})
    operations.save_axis(second, None, number=1, title={"fr": "Un"}, description={})
    db.session.commit()


def test_french_title_is_required(make_territory):
    with pytest.raises(OperationRefused):
        operations.save_axis(
            make_territory(), None, number=1, title={"en": "One", "fr": "  "}, description={}
        )


def test_an_axis_in_use_cannot_be_deleted(demo_territory):
    axis = db.session.scalars(db.select(SwotItem)).first().axis
    with pytest.raises(OperationRefused):
        operations.delete_axis(axis)


def test_references_to_another_territory_are_refused(demo_territory, make_territory):
    other = make_territory("other")
    foreign_axis = operations.save_axis(other, None, number=1, title={"fr": "X"}, description={})
    with pytest.raises(OperationRefused):
        operations.save_swot_item(
            demo_territory,
            None,
            axis_id=foreign_axis.id,
            quadrant="strength",
            statement="Une force",
            voice="professional",
        )


def test_the_database_refuses_an_impossible_weight(demo_territory):
    item = db.session.scalars(db.select(SwotItem)).first()
    item.weight = 9
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_an_unknown_quadrant(demo_territory):
    item = db.session.scalars(db.select(SwotItem)).first()
    item.quadrant = "maybe"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_an_orientation_removes_its_actions_but_keeps_swot_items(demo_territory):
    from consult.diagnostic.models import Action, Orientation

    orientation = db.session.scalars(db.select(Orientation).filter_by(number=2)).one()
    linked_items = {item.id for item in orientation.swot_items}
    assert linked_items
    operations.delete_orientation(orientation)
    db.session.commit()
    assert (
        db.session.scalar(
            db.select(db.func.count(Action.id)).filter_by(orientation_id=orientation.id)
        )
        == 0
    )
    assert all(db.session.get(SwotItem, item_id) for item_id in linked_items)
