"""Who answered, counted in SQL: by day, channel, audience, age band, language, way of
answering and outreach session; and targets against what was reached.

No figure about fewer than MIN_GROUP people is shown: such a count is masked."""

from dataclasses import dataclass

from sqlalchemy import func, select

from consult.consultation.models import Channel, Consultation, Response, ScanCount
from consult.extensions import db
from consult.outreach.models import OutreachSession
from consult.review.models import ParticipationTarget
from consult.review.queries import MIN_GROUP

PEOPLE = func.coalesce(Response.group_size, 1)


@dataclass
class Row:
    label: str
    responses: int
    people: int
    extra: int | None = None

    @property
    def is_shown(self) -> bool:
        # Nobody, or enough people that nobody can be singled out.
        return self.people == 0 or self.people >= MIN_GROUP


def _grouped(consultation: Consultation, column, label_of=str) -> list[Row]:
    statement = (
        select(column, func.count(Response.id), func.sum(PEOPLE))
        .where(Response.consultation_id == consultation.id)
        .group_by(column)
        .order_by(column)
    )
    return [
        Row(label_of(key), count, int(people or 0))
        for key, count, people in db.session.execute(statement)
    ]


def by_day(consultation: Consultation) -> list[Row]:
    return _grouped(consultation, Response.submitted_on, lambda day: day.isoformat())


def by_audience(consultation: Consultation) -> list[Row]:
    return _grouped(consultation, Response.audience)


def by_age_band(consultation: Consultation) -> list[Row]:
    return _grouped(consultation, Response.age_band, lambda band: band or "")


def by_language(consultation: Consultation) -> list[Row]:
    return _grouped(consultation, Response.language)


def by_mode(consultation: Consultation) -> list[Row]:
    return _grouped(consultation, Response.mode)


def by_channel(consultation: Consultation) -> list[Row]:
    """Per channel: responses and people, with scans in ``extra`` (scans -> responses)."""
    responses = {
        channel_id: (count, int(people or 0))
        for channel_id, count, people in db.session.execute(
            select(Response.channel_id, func.count(Response.id), func.sum(PEOPLE))
            .where(Response.consultation_id == consultation.id)
            .group_by(Response.channel_id)
        )
    }
    scans = dict(
        db.session.execute(
            select(ScanCount.channel_id, func.sum(ScanCount.count))
            .join(Channel, ScanCount.channel_id == Channel.id)
            .where(Channel.consultation_id == consultation.id)
            .group_by(ScanCount.channel_id)
        ).all()
    )
    rows = []
    for channel in consultation.channels:
        count, people = responses.get(channel.id, (0, 0))
        rows.append(Row(channel.name, count, people, int(scans.get(channel.id) or 0)))
    return rows


def by_session(consultation: Consultation) -> list[Row]:
    statement = (
        select(OutreachSession, func.count(Response.id), func.sum(PEOPLE))
        .join(Response, Response.outreach_session_id == OutreachSession.id)
        .where(OutreachSession.consultation_id == consultation.id)
        .group_by(OutreachSession.id)
        .order_by(OutreachSession.held_on)
    )
    return [
        Row(session.label, count, int(people or 0), session.people_met)
        for session, count, people in db.session.execute(statement)
    ]


@dataclass
class TargetProgress:
    target: ParticipationTarget
    reached: int

    @property
    def share(self) -> int:
        return min(100, round(100 * self.reached / self.target.target))


def targets(consultation: Consultation) -> list[TargetProgress]:
    progress = []
    for target in db.session.scalars(
        select(ParticipationTarget)
        .filter_by(consultation_id=consultation.id)
        .order_by(ParticipationTarget.id)
    ):
        statement = select(func.coalesce(func.sum(PEOPLE), 0)).where(
            Response.consultation_id == consultation.id
        )
        if target.channel_id:
            statement = statement.where(Response.channel_id == target.channel_id)
        if target.audience:
            statement = statement.where(Response.audience == target.audience)
        progress.append(TargetProgress(target, int(db.session.scalar(statement))))
    return progress
