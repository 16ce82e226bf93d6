"""Reads of the diagnostic, always scoped to one territory."""

from collections import defaultdict

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.diagnostic.models import (
    Action,
    Axis,
    Orientation,
    SwotItem,
    Territory,
    Workshop,
    swot_item_orientations,
)
from consult.diagnostic.vocabulary import Quadrant
from consult.extensions import db


def territory_by_slug(slug: str) -> Territory | None:
    return db.session.scalar(select(Territory).filter_by(slug=slug))


def get_scoped_or_404(model, item_id: int, territory: Territory):
    """A row of ``model`` by id, only if it belongs to ``territory``."""
    if model is Action:
        statement = (
            select(Action)
            .join(Orientation)
            .where(Action.id == item_id, Orientation.territory_id == territory.id)
        )
    else:
        statement = select(model).where(model.id == item_id, model.territory_id == territory.id)
    return db.session.scalar(statement) or abort(404)


def axes(territory: Territory) -> list[Axis]:
    return list(
        db.session.scalars(select(Axis).filter_by(territory_id=territory.id).order_by(Axis.number))
    )


def workshops(territory: Territory) -> list[Workshop]:
    return list(
        db.session.scalars(
            select(Workshop)
            .filter_by(territory_id=territory.id)
            .options(selectinload(Workshop.axis))
            .order_by(Workshop.phase, Workshop.held_on, Workshop.id)
        )
    )


def orientations(territory: Territory) -> list[Orientation]:
    return list(
        db.session.scalars(
            select(Orientation)
            .filter_by(territory_id=territory.id)
            .options(selectinload(Orientation.actions), selectinload(Orientation.axes))
            .order_by(Orientation.number)
        )
    )


def workshop_totals(workshop_list: list[Workshop]) -> dict[int, dict]:
    """Per phase: how many workshops and how many participants."""
    totals = {1: {"workshops": 0, "people": 0}, 2: {"workshops": 0, "people": 0}}
    for workshop in workshop_list:
        totals[workshop.phase]["workshops"] += 1
        totals[workshop.phase]["people"] += workshop.head_count
    return totals


def counts(territory: Territory) -> dict[str, int]:
    def count(statement):
        return db.session.scalar(statement) or 0

    return {
        "axes": count(select(func.count(Axis.id)).filter_by(territory_id=territory.id)),
        "swot_items": count(select(func.count(SwotItem.id)).filter_by(territory_id=territory.id)),
        "orientations": count(
            select(func.count(Orientation.id)).filter_by(territory_id=territory.id)
        ),
        "actions": count(
            select(func.count(Action.id))
            .join(Orientation)
            .where(Orientation.territory_id == territory.id)
        ),
    }


def swot_board(axis: Axis) -> dict[str, list[SwotItem]]:
    """The axis's SWOT items by quadrant, heaviest first."""
    items = db.session.scalars(
        select(SwotItem)
        .filter_by(territory_id=axis.territory_id, axis_id=axis.id)
        .options(selectinload(SwotItem.orientations))
        .order_by(SwotItem.weight.desc(), SwotItem.id)
    )
    board = {quadrant.value: [] for quadrant in Quadrant}
    for item in items:
        board[item.quadrant].append(item)
    return board


def crossing(
    territory: Territory, axis: Axis | None = None
) -> dict[int, dict[str, list[SwotItem]]]:
    """For each orientation id, the SWOT items that led to it, by quadrant."""
    statement = (
        select(swot_item_orientations.c.orientation_id, SwotItem)
        .join(SwotItem, SwotItem.id == swot_item_orientations.c.swot_item_id)
        .where(SwotItem.territory_id == territory.id)
        .order_by(SwotItem.weight.desc(), SwotItem.id)
    )
    if axis is not None:
        statement = statement.where(SwotItem.axis_id == axis.id)
    result: dict[int, dict[str, list[SwotItem]]] = defaultdict(
        lambda: {quadrant.value: [] for quadrant in Quadrant}
    )
    for orientation_id, item in db.session.execute(statement):
        result[orientation_id][item.quadrant].append(item)
    return result
