"""The demo consultation: open now, with channels, on the demo territory."""

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from consult.config import UI_LANGUAGES
from consult.consultation import operations
from consult.consultation.models import Consultation
from consult.consultation.vocabulary import RESPONDENT_KINDS, Status
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.models import Territory
from consult.extensions import db

FIXTURE = Path(__file__).parent / "fixtures" / "demo_consultation.json"


def load_demo_consultation(territory: Territory, today: date | None = None) -> Consultation | None:
    """Create the demo consultation once; a territory that has one is left as it is."""
    if db.session.scalar(select(Consultation.id).filter_by(territory_id=territory.id)):
        return None
    today = today or date.today()
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    orientations = diagnostic_queries.orientations(territory)
    consultation = operations.save_consultation(
        territory,
        None,
        title=fixture["title"],
        intro=fixture["intro"],
        restitution=fixture["restitution"],
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=60),
        results_on=today + timedelta(days=90),
        status=Status.OPEN.value,
        languages=list(UI_LANGUAGES),
        audiences=list(RESPONDENT_KINDS),
        orientation_ids=[orientation.id for orientation in orientations],
        axis_ids=[axis.id for axis in diagnostic_queries.axes(territory)],
    )
    by_number = {orientation.number: orientation for orientation in orientations}
    for channel in fixture["channels"]:
        focus = by_number.get(channel.get("orientation"))
        operations.save_channel(
            consultation,
            None,
            name=channel["name"],
            kind=channel["kind"],
            orientation_id=focus.id if focus else None,
        )
    return consultation
