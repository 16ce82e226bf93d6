"""Reads of the partnership process, always scoped to one territory."""

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.diagnostic.models import Action, Orientation, Territory, Workshop
from consult.diagnostic.vocabulary import ActionStatus
from consult.extensions import db
from consult.governance.models import Decision, GovernanceBody, Partner, TimelineEvent
from consult.governance.vocabulary import BodyKind, EventKind


def get_scoped_or_404(model, item_id: int, territory: Territory):
    return db.session.scalar(
        select(model).where(model.id == item_id, model.territory_id == territory.id)
    ) or abort(404)


def partners(territory: Territory) -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner).filter_by(territory_id=territory.id).order_by(Partner.name)
        )
    )


def bodies(territory: Territory) -> list[GovernanceBody]:
    return list(
        db.session.scalars(
            select(GovernanceBody)
            .filter_by(territory_id=territory.id)
            .order_by(GovernanceBody.kind, GovernanceBody.name)
        )
    )


def events(territory: Territory) -> list[TimelineEvent]:
    return list(
        db.session.scalars(
            select(TimelineEvent)
            .filter_by(territory_id=territory.id)
            .options(
                selectinload(TimelineEvent.partners),
                selectinload(TimelineEvent.body),
                selectinload(TimelineEvent.decisions),
            )
            .order_by(TimelineEvent.starts_on, TimelineEvent.id)
        )
    )


def decision_meetings(territory: Territory) -> list[TimelineEvent]:
    """Meetings of a body that decides (the steering committee), latest first."""
    return list(
        db.session.scalars(
            select(TimelineEvent)
            .join(GovernanceBody, TimelineEvent.body_id == GovernanceBody.id)
            .where(
                TimelineEvent.territory_id == territory.id,
                TimelineEvent.kind == EventKind.MEETING.value,
                GovernanceBody.kind == BodyKind.STEERING_COMMITTEE.value,
            )
            .order_by(TimelineEvent.starts_on.desc(), TimelineEvent.id.desc())
        )
    )


@dataclass(frozen=True)
class TimelineEntry:
    starts_on: date
    ends_on: date | None
    # "day" or "month": how precisely the date is known.
    precision: str
    title: str
    kind: str
    event: TimelineEvent | None = None
    workshop: Workshop | None = None


def timeline(territory: Territory) -> list[TimelineEntry]:
    """The partnership process in date order: milestones and meetings, with the diagnostic's
    workshops among them, so the timeline and the workshops never disagree."""
    entries = [
        TimelineEntry(
            event.starts_on, event.ends_on, event.date_precision, event.title, event.kind, event
        )
        for event in events(territory)
    ]
    for workshop in db.session.scalars(
        select(Workshop)
        .filter_by(territory_id=territory.id)
        .options(selectinload(Workshop.axis))
        .order_by(Workshop.held_on)
    ):
        entries.append(
            TimelineEntry(workshop.held_on, None, "day", "", "workshop", workshop=workshop)
        )
    entries.sort(key=lambda entry: (entry.starts_on, entry.kind != "workshop"))
    return entries


def decisions(territory: Territory, since: date | None = None) -> list[Decision]:
    statement = (
        select(Decision)
        .join(TimelineEvent, Decision.meeting_id == TimelineEvent.id)
        .where(Decision.territory_id == territory.id)
        .options(
            selectinload(Decision.meeting),
            selectinload(Decision.orientation),
            selectinload(Decision.action),
            selectinload(Decision.merged_into),
        )
        .order_by(TimelineEvent.starts_on, Decision.id)
    )
    if since is not None:
        statement = statement.where(TimelineEvent.starts_on >= since)
    return list(db.session.scalars(statement))


def proposed_actions(territory: Territory) -> list[Action]:
    """Families' ideas adopted by a coordinator, waiting for the steering committee."""
    return list(
        db.session.scalars(
            select(Action)
            .join(Orientation)
            .where(
                Orientation.territory_id == territory.id,
                Action.status == ActionStatus.PROPOSED.value,
            )
            .order_by(Orientation.number, Action.position)
        )
    )
