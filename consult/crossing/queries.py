"""Reads of the crossing, always scoped to one territory."""

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from consult.crossing.models import PAIR_KINDS, CrossingPair
from consult.diagnostic.models import Axis, SwotItem, Territory, swot_item_orientations
from consult.extensions import db


def pairs(territory: Territory, axis: Axis | None = None) -> list[CrossingPair]:
    statement = (
        select(CrossingPair)
        .filter_by(territory_id=territory.id)
        .options(
            selectinload(CrossingPair.internal),
            selectinload(CrossingPair.external),
            selectinload(CrossingPair.orientation),
            selectinload(CrossingPair.workshop),
        )
        .order_by(CrossingPair.axis_id, CrossingPair.kind, CrossingPair.id)
    )
    if axis is not None:
        statement = statement.where(CrossingPair.axis_id == axis.id)
    return list(db.session.scalars(statement))


def grid(pair_list: list[CrossingPair]) -> dict[str, list[CrossingPair]]:
    """The four cells of the crossing: SO, WO, ST, WT."""
    cells = {kind: [] for kind in PAIR_KINDS}
    for pair in pair_list:
        cells[pair.kind].append(pair)
    return cells


def not_covered(territory: Territory, axis: Axis | None = None) -> list[SwotItem]:
    """SWOT items that support no orientation: neither linked to one nor crossed into a pair
    that leads to one. Families' blind spots land here until the steering committee acts."""
    linked = exists().where(swot_item_orientations.c.swot_item_id == SwotItem.id)
    crossed = exists().where(
        or_(
            CrossingPair.internal_item_id == SwotItem.id,
            CrossingPair.external_item_id == SwotItem.id,
        ),
        CrossingPair.orientation_id.is_not(None),
    )
    statement = (
        select(SwotItem)
        .where(SwotItem.territory_id == territory.id, ~linked, ~crossed)
        .options(selectinload(SwotItem.axis))
        .order_by(SwotItem.axis_id, SwotItem.quadrant, SwotItem.id)
    )
    if axis is not None:
        statement = statement.where(SwotItem.axis_id == axis.id)
    return list(db.session.scalars(statement))
