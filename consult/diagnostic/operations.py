"""Writes to the diagnostic. Each function checks its rules, changes the session and flushes;
the caller commits once per request."""

from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.core.operations import OperationRefused
from consult.core.translatable import clean_translations
from consult.diagnostic.models import (
    Action,
    Axis,
    Orientation,
    OrientationVersion,
    SwotItem,
    Territory,
    Workshop,
)
from consult.diagnostic.vocabulary import (
    ACTION_STATUS_LABELS,
    ActionOrigin,
    ActionStatus,
    Quadrant,
    Voice,
)
from consult.diagnostic.wording import clean_family_wording
from consult.extensions import db


def _require_french(texts: dict) -> dict:
    texts = clean_translations(texts)
    if not texts.get("fr"):
        raise OperationRefused(_("The French title is required."))
    return texts


def _owned(model, item_id: int | None, territory: Territory):
    """The row ``item_id`` of ``model`` if it belongs to ``territory``; refuse otherwise."""
    if item_id is None:
        return None
    row = db.session.get(model, item_id)
    if row is None or row.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return row


def _number_taken(model, territory: Territory, number: int, exclude_id: int | None) -> bool:
    statement = select(func.count(model.id)).where(
        model.territory_id == territory.id, model.number == number
    )
    if exclude_id is not None:
        statement = statement.where(model.id != exclude_id)
    return bool(db.session.scalar(statement))


def save_axis(
    territory: Territory, axis: Axis | None, *, number: int, title: dict, description: dict
) -> Axis:
    if _number_taken(Axis, territory, number, axis.id if axis else None):
        raise OperationRefused(_("Axis %(number)s already exists.", number=number))
    if axis is None:
        axis = Axis(territory_id=territory.id)
        db.session.add(axis)
    axis.number = number
    axis.title = _require_french(title)
    axis.description = clean_translations(description)
    db.session.flush()
    return axis


def delete_axis(axis: Axis) -> None:
    in_use = db.session.scalar(
        select(func.count(SwotItem.id)).filter_by(axis_id=axis.id)
    ) + db.session.scalar(select(func.count(Workshop.id)).filter_by(axis_id=axis.id))
    if in_use:
        raise OperationRefused(
            _(
                "This axis still has workshops or SWOT items. "
                "Move or delete them first, so nothing is lost."
            )
        )
    db.session.delete(axis)
    db.session.flush()


def save_workshop(
    territory: Territory,
    workshop: Workshop | None,
    *,
    phase: int,
    axis_id: int,
    held_on: date,
    head_count: int,
    objectives: str,
) -> Workshop:
    axis = _owned(Axis, axis_id, territory)
    if workshop is None:
        workshop = Workshop(territory_id=territory.id)
        db.session.add(workshop)
    workshop.phase = phase
    workshop.axis = axis
    workshop.held_on = held_on
    workshop.head_count = head_count
    workshop.objectives = (objectives or "").strip()
    db.session.flush()
    return workshop


def delete_workshop(workshop: Workshop) -> None:
    db.session.delete(workshop)
    db.session.flush()


def save_swot_item(
    territory: Territory,
    item: SwotItem | None,
    *,
    axis_id: int,
    quadrant: str,
    statement: str,
    voice: str,
    source: str = "",
    workshop_id: int | None = None,
    weight: int = 3,
    orientation_ids: list[int] = (),
    is_illustrative: bool = False,
) -> SwotItem:
    axis = _owned(Axis, axis_id, territory)
    workshop = _owned(Workshop, workshop_id, territory)
    orientations = [_owned(Orientation, oid, territory) for oid in orientation_ids]
    Quadrant(quadrant)
    Voice(voice)
    if item is None:
        item = SwotItem(territory_id=territory.id)
        db.session.add(item)
    item.axis = axis
    item.quadrant = quadrant
    item.statement = statement.strip()
    item.voice = voice
    item.source = (source or "").strip()
    item.workshop = workshop
    item.weight = weight
    item.orientations = orientations
    item.is_illustrative = is_illustrative
    db.session.flush()
    return item


def delete_swot_item(item: SwotItem) -> None:
    db.session.delete(item)
    db.session.flush()


def save_orientation(
    territory: Territory,
    orientation: Orientation | None,
    *,
    number: int,
    title: dict,
    family_title: dict,
    description: dict,
    axis_ids: list[int] = (),
    validated_on: date | None = None,
    validated_by: str = "",
    family_wording: dict | None = None,
    replaced_because: str = "",
) -> Orientation:
    if _number_taken(Orientation, territory, number, orientation.id if orientation else None):
        raise OperationRefused(_("Orientation %(number)s already exists.", number=number))
    axes = [_owned(Axis, axis_id, territory) for axis_id in axis_ids]
    if orientation is None:
        orientation = Orientation(territory_id=territory.id)
        db.session.add(orientation)
    elif _wording_or_validation_changes(
        orientation,
        _require_french(title),
        clean_translations(family_title),
        validated_on,
        (validated_by or "").strip(),
    ):
        keep_version(orientation, replaced_because or _("Edited in the back office"))
    orientation.number = number
    orientation.title = _require_french(title)
    orientation.family_title = clean_translations(family_title)
    orientation.description = clean_translations(description)
    orientation.axes = axes
    orientation.validated_on = validated_on
    orientation.validated_by = (validated_by or "").strip()
    if family_wording is not None:
        orientation.family_wording = clean_family_wording(family_wording)
    db.session.flush()
    return orientation


def _wording_or_validation_changes(orientation, title, family_title, validated_on, validated_by):
    return (
        dict(orientation.title) != title
        or dict(orientation.family_title or {}) != family_title
        or orientation.validated_on != validated_on
        or orientation.validated_by != validated_by
    )


def keep_version(orientation: Orientation, because: str) -> OrientationVersion:
    """Keep the wording and validation as they stand, before they change."""
    number = max((version.version for version in orientation.versions), default=0) + 1
    version = OrientationVersion(
        version=number,
        title=dict(orientation.title),
        family_title=dict(orientation.family_title or {}),
        description=dict(orientation.description or {}),
        validated_on=orientation.validated_on,
        validated_by=orientation.validated_by,
        replaced_because=because[:300],
    )
    orientation.versions.append(version)
    return version


# Families' answers live in another domain (consultation), which registers here how many of
# them are about an orientation or an action: once families have answered about one, deleting
# it would leave their answers about nothing, so it is refused (its wording can still change).
_answers_about: list[Callable[[Orientation | Action], int]] = []


def count_answers_with(counter: Callable[[Orientation | Action], int]):
    _answers_about.append(counter)
    return counter


def answers_about(item: Orientation | Action) -> int:
    return sum(counter(item) for counter in _answers_about)


def delete_orientation(orientation: Orientation) -> None:
    """Its actions go with it; the SWOT items it was linked to stay."""
    if answers_about(orientation) or any(answers_about(action) for action in orientation.actions):
        raise OperationRefused(
            _(
                "Families have already answered about this orientation or its actions: deleting "
                "it would leave their answers about nothing. You can still correct its wording, "
                "or record its withdrawal in a steering-committee decision."
            )
        )
    db.session.delete(orientation)
    db.session.flush()


def save_action(
    territory: Territory,
    action: Action | None,
    *,
    orientation_id: int,
    title: dict,
    description: dict,
    position: int = 0,
    origin: str = ActionOrigin.EXAMPLE.value,
    family_wording: dict | None = None,
    status: str | None = None,
) -> Action:
    orientation = _owned(Orientation, orientation_id, territory)
    ActionOrigin(origin)
    if action is None:
        action = Action(status=ActionStatus(status or ActionStatus.RETAINED).value)
        db.session.add(action)
    elif status is not None:
        action.status = ActionStatus(status).value
    action.orientation = orientation
    action.title = _require_french(title)
    action.description = clean_translations(description)
    action.position = position
    action.origin = origin
    if family_wording is not None:
        action.family_wording = clean_family_wording(family_wording)
    db.session.flush()
    return action


def delete_action(action: Action) -> None:
    if answers_about(action):
        raise OperationRefused(
            _(
                "Families have already chosen this action: deleting it would leave their "
                "answers about nothing. You can still correct its wording, or give it the "
                "status “%(status)s” in the action follow-up.",
                status=ACTION_STATUS_LABELS[ActionStatus.DROPPED],
            )
        )
    db.session.delete(action)
    db.session.flush()
