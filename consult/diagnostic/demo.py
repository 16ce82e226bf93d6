"""Loading the demo territory from the fixture built on the shared diagnostic."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from consult.diagnostic import operations
from consult.diagnostic.models import Territory
from consult.diagnostic.vocabulary import Voice
from consult.extensions import db

FIXTURE = Path(__file__).parent / "fixtures" / "demo_territory.json"


def read_fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def load_demo_territory(fixture: dict | None = None) -> tuple[Territory, bool]:
    """Create the demo territory once. Returns it and whether it was created now.

    A territory already there is left as it is, so coordinators' edits are never overwritten.
    """
    fixture = fixture or read_fixture()
    slug = fixture["territory"]["slug"]
    existing = db.session.scalar(select(Territory).filter_by(slug=slug))
    if existing is not None:
        return existing, False

    territory = Territory(slug=slug, name=fixture["territory"]["name"])
    db.session.add(territory)
    db.session.flush()

    axes = {}
    for axis in fixture["axes"]:
        axes[axis["number"]] = operations.save_axis(
            territory,
            None,
            number=axis["number"],
            title=axis["title"],
            description=axis.get("description", {}),
        )

    workshops = {}
    for workshop in fixture["workshops"]:
        workshops[workshop["phase"], workshop["axis"]] = operations.save_workshop(
            territory,
            None,
            phase=workshop["phase"],
            axis_id=axes[workshop["axis"]].id,
            held_on=date.fromisoformat(workshop["held_on"]),
            head_count=workshop["head_count"],
            objectives=workshop["objectives"],
        )

    validation = fixture["validation"]
    orientations = {}
    for orientation in fixture["orientations"]:
        saved = operations.save_orientation(
            territory,
            None,
            number=orientation["number"],
            title=orientation["title"],
            family_title=orientation.get("family_title", {}),
            description=orientation.get("description", {}),
            axis_ids=[axes[number].id for number in orientation["axes"]],
            validated_on=date.fromisoformat(validation["on"]),
            validated_by=validation["by"],
        )
        orientations[orientation["number"]] = saved
        for position, action in enumerate(orientation["actions"], start=1):
            operations.save_action(
                territory,
                None,
                orientation_id=saved.id,
                title={"fr": action} if isinstance(action, str) else action,
                description={},
                position=position,
            )

    for item in fixture["illustrative_swot_items"]:
        operations.save_swot_item(
            territory,
            None,
            axis_id=axes[item["axis"]].id,
            quadrant=item["quadrant"],
            statement=item["statement"],
            voice=Voice.PROFESSIONAL.value,
            source="Exemple illustratif (démo)",
            workshop_id=workshops[1, item["axis"]].id,
            weight=item["weight"],
            orientation_ids=[orientations[number].id for number in item["orientations"]],
            is_illustrative=True,
        )
    return territory, True
