"""Writes of the crossing: a pair's type follows from its items' quadrants."""

from flask_babel import gettext as _
from sqlalchemy import select

from consult.audit.operations import record_staff_action
from consult.core.operations import OperationRefused
from consult.crossing.models import CrossingPair
from consult.diagnostic.models import Orientation, SwotItem, Territory, Workshop
from consult.diagnostic.vocabulary import Quadrant
from consult.extensions import db

LETTER = {
    Quadrant.STRENGTH.value: "S",
    Quadrant.WEAKNESS.value: "W",
    Quadrant.OPPORTUNITY.value: "O",
    Quadrant.THREAT.value: "T",
}


def _owned(model, item_id, territory):
    if item_id is None:
        return None
    row = db.session.get(model, item_id)
    if row is None or row.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return row


def pair_kind(internal: SwotItem, external: SwotItem) -> str:
    if internal.quadrant not in (Quadrant.STRENGTH, Quadrant.WEAKNESS):
        raise OperationRefused(_("The first item must be a strength or a weakness."))
    if external.quadrant not in (Quadrant.OPPORTUNITY, Quadrant.THREAT):
        raise OperationRefused(_("The second item must be an opportunity or a threat."))
    return LETTER[internal.quadrant] + LETTER[external.quadrant]


def save_pair(
    territory: Territory,
    pair: CrossingPair | None,
    *,
    internal_item_id: int,
    external_item_id: int,
    orientation_id: int | None,
    workshop_id: int | None = None,
    is_illustrative: bool = False,
) -> CrossingPair:
    internal = _owned(SwotItem, internal_item_id, territory)
    external = _owned(SwotItem, external_item_id, territory)
    if internal is None or external is None:
        raise OperationRefused(_("Choose both items."))
    kind = pair_kind(internal, external)
    if internal.axis_id != external.axis_id:
        raise OperationRefused(_("Both items must belong to the same axis."))
    orientation = _owned(Orientation, orientation_id, territory)
    workshop = _owned(Workshop, workshop_id, territory)
    duplicate = db.session.scalar(
        select(CrossingPair.id).where(
            CrossingPair.internal_item_id == internal.id,
            CrossingPair.external_item_id == external.id,
            CrossingPair.id != (pair.id if pair else -1),
        )
    )
    if duplicate:
        raise OperationRefused(_("These two items are already crossed."))
    if pair is None:
        pair = CrossingPair(territory_id=territory.id)
        db.session.add(pair)
    pair.axis_id = internal.axis_id
    pair.internal_item_id = internal.id
    pair.external_item_id = external.id
    pair.kind = kind
    pair.orientation_id = orientation.id if orientation else None
    pair.workshop_id = workshop.id if workshop else None
    pair.is_illustrative = is_illustrative
    db.session.flush()
    record_staff_action(
        "crossing.save",
        target=f"{kind} #{internal.id} × #{external.id}",
        detail=f"O{orientation.number}" if orientation else "",
        territory=territory,
    )
    return pair


def delete_pair(pair: CrossingPair) -> None:
    db.session.delete(pair)
    db.session.flush()
