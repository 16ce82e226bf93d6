"""Loading the demo territory from the fixture built on the shared diagnostic."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from consult.diagnostic import operations
from consult.diagnostic.models import Orientation, Territory
from consult.diagnostic.vocabulary import Voice
from consult.extensions import db

FIXTURE = Path(__file__).parent / "fixtures" / "demo_territory.json"
FAMILY_WORDING = Path(__file__).parent / "fixtures" / "demo_family_wording.json"


def read_fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def read_family_wording() -> dict:
    return json.loads(FAMILY_WORDING.read_text(encoding="utf-8"))["orientations"]


def add_demo_family_wording(territory: Territory, fixture: dict | None = None) -> int:
    """Give the demo's orientations and example actions their family wordings, where they
    have none yet and still carry the diagnostic's title (a coordinator's edit is kept).
    Returns how many rows were given one."""
    fixture = fixture or read_fixture()
    wordings = read_family_wording()
    titles = {
        orientation["number"]: [
            {"fr": action} if isinstance(action, str) else action
            for action in orientation["actions"]
        ]
        for orientation in fixture["orientations"]
    }
    given = 0
    for orientation in db.session.scalars(select(Orientation).filter_by(territory_id=territory.id)):
        wording = wordings.get(str(orientation.number))
        if wording is None or orientation.number not in titles:
            continue
        if not orientation.family_wording:
            orientation.family_wording = wording["family_wording"]
            given += 1
        for position, action_wording in wording["actions"].items():
            if int(position) > len(titles[orientation.number]):
                continue
            expected = titles[orientation.number][int(position) - 1]
            for action in orientation.actions:
                if action.title == expected and not action.family_wording:
                    action.family_wording = action_wording
                    given += 1
    db.session.flush()
    return given


def load_demo_territory(fixture: dict | None = None) -> tuple[Territory, bool]:
    """Create the demo territory once. Returns it and whether it was created now.

    A territory already there is left as it is, so coordinators' edits are never overwritten.
    """
    fixture = fixture or read_fixture()
    slug = fixture["territory"]["slug"]
    existing = db.session.scalar(select(Territory).filter_by(slug=slug))
    if existing is not None:
        add_demo_family_wording(existing, fixture)
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
    add_demo_family_wording(territory, fixture)
    return territory, True
