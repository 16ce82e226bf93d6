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


def _cube(consultation: Consultation) -> list[tuple]:
    """One pass over the responses, grouped by every dimension at once; the per-dimension
    tallies are then summed in Python (a few hundred groups, not one row per response)."""
    columns = (
        Response.submitted_on,
        Response.audience,
        Response.age_band,
        Response.language,
        Response.mode,
        Response.channel_id,
    )
    statement = (
        select(*columns, func.count(Response.id), func.sum(PEOPLE))
        .where(Response.consultation_id == consultation.id)
        .group_by(*columns)
    )
    return db.session.execute(statement).all()


def _tally(cube: list[tuple], index: int, label_of=str) -> list[Row]:
    totals: dict = {}
    for row in cube:
        key = row[index]
        count, people = totals.get(key, (0, 0))
        totals[key] = (count + row[-2], people + int(row[-1] or 0))
    return [
        Row(label_of(key), count, people)
        for key, (count, people) in sorted(
            totals.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]


def dimensions(consultation: Consultation) -> dict[str, list[Row]]:
    """Responses by day, audience, age band, language and way of answering."""
    cube = _cube(consultation)
    return {
        "days": _tally(cube, 0, lambda day: day.isoformat()),
        "audiences": _tally(cube, 1),
        "ages": _tally(cube, 2, lambda band: band or ""),
        "languages": _tally(cube, 3),
        "modes": _tally(cube, 4),
        "channels": _by_channel(consultation, cube),
    }


def _by_channel(consultation: Consultation, cube: list[tuple]) -> list[Row]:
    """Per channel: responses and people, with scans in ``extra`` (scans -> responses)."""
    responses = {}
    for row in cube:
        count, people = responses.get(row[5], (0, 0))
        responses[row[5]] = (count + row[-2], people + int(row[-1] or 0))
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
