"""Who answered, counted in SQL: by day, channel, audience, age band, language, way of
answering and outreach session; and targets against what was reached.

No figure about fewer than MIN_GROUP people is shown: such a count is masked, and so are
the siblings that would give it back by subtraction (consult/core/masking.py)."""

from sqlalchemy import func, select

from consult.consultation.models import Channel, Consultation, Response, ScanCount
from consult.consultation.standing import counts_in_figures
from consult.core import masking
from consult.core.masking import Figure, Visibility, is_small, masked_groups
from consult.extensions import db
from consult.outreach.models import OutreachSession
from consult.review.models import ParticipationTarget

PEOPLE = func.coalesce(Response.group_size, 1)


class Row:
    """One line of a breakdown: what it counts, and its figures once published."""

    def __init__(self, label: str, responses: int, people: int, extra=None, key=None):
        self.label = label
        # Scans of a channel, people met in a session: not answers, so not masked.
        self.extra = extra
        # What the row counts (a day, an audience, a channel's or a session's id): exports
        # mask by the same keys, so they hide the same groups.
        self.key = key
        self._responses = responses
        self._people = people
        self.people: Figure = masking.withheld(people)

    def __eq__(self, other) -> bool:
        return isinstance(other, Row) and self.__dict__ == other.__dict__

    __hash__ = None

    @property
    def responses(self) -> Figure:
        return self.people.alongside(self._responses)

    @property
    def is_small(self) -> bool:
        return self.people.is_small

    @property
    def is_shown(self) -> bool:
        return self.people.is_shown

    @property
    def masked(self) -> bool:
        """Somebody is counted here, and the figure is not shown."""
        return bool(self.people) and not self.people.is_shown


def kept_in_view(consultation_ids) -> dict[int, dict[str, set]]:
    """Per consultation: the audiences and channels a target follows. When a small group
    forces a sibling to be masked, another sibling is taken before these, so a target on
    five people or more can be shown beside the dashboard that breaks the same people down."""
    kept: dict[int, dict[str, set]] = {
        consultation_id: {"audience": set(), "channel": set()}
        for consultation_id in consultation_ids
    }
    for consultation_id, audience, channel_id in db.session.execute(
        select(
            ParticipationTarget.consultation_id,
            ParticipationTarget.audience,
            ParticipationTarget.channel_id,
        ).where(ParticipationTarget.consultation_id.in_(list(kept)))
    ):
        if audience and not channel_id:
            kept[consultation_id]["audience"].add(audience)
        if channel_id and not audience:
            kept[consultation_id]["channel"].add(channel_id)
    return kept


def _mask(rows: list[Row], total: int, keep=()) -> list[Row]:
    """Publish the rows of one breakdown of ``total`` people together."""
    published = masking.breakdown({row.key: row._people for row in rows}, total, keep)
    for row in rows:
        row.people = published[row.key]
    return rows


def audience_masks(consultation: Consultation) -> tuple[set[str], set[str]]:
    """The audiences the dashboard keeps in view for a target, and those it does not show:
    every page that breaks the same people down by audience takes both."""
    audiences = _people_by(consultation, Response.audience)
    kept = kept_in_view([consultation.id])[consultation.id]["audience"]
    hidden = {
        audience
        for (audience,) in masked_groups(
            audiences, _total_people(consultation), {(audience,) for audience in kept}
        )
    }
    return kept, hidden


def _total_people(consultation: Consultation) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(PEOPLE), 0)).where(
                Response.consultation_id == consultation.id, counts_in_figures(Response)
            )
        )
    )


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
        .where(Response.consultation_id == consultation.id, counts_in_figures(Response))
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
        Row(label_of(key), count, people, key=key)
        for key, (count, people) in sorted(
            totals.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]


def dimensions(consultation: Consultation) -> dict[str, list[Row]]:
    """Responses by day, audience, age band, language and way of answering."""
    cube = _cube(consultation)
    total = sum(int(row[-1] or 0) for row in cube)
    breakdowns = {
        "days": _tally(cube, 0, lambda day: day.isoformat()),
        "audiences": _tally(cube, 1),
        "ages": _tally(cube, 2, lambda band: band or ""),
        "languages": _tally(cube, 3),
        "modes": _tally(cube, 4),
        "channels": _by_channel(consultation, cube),
    }
    kept = kept_in_view([consultation.id])[consultation.id]
    keep = {"audiences": kept["audience"], "channels": kept["channel"]}
    return {name: _mask(rows, total, keep.get(name, ())) for name, rows in breakdowns.items()}


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
        rows.append(
            Row(channel.name, count, people, int(scans.get(channel.id) or 0), key=channel.id)
        )
    return rows


def by_session(consultation: Consultation) -> list[Row]:
    statement = (
        select(OutreachSession, func.count(Response.id), func.sum(PEOPLE))
        .join(Response, Response.outreach_session_id == OutreachSession.id)
        .where(OutreachSession.consultation_id == consultation.id, counts_in_figures(Response))
        .group_by(OutreachSession.id)
        .order_by(OutreachSession.held_on)
    )
    rows = [
        Row(session.label, count, int(people or 0), session.people_met, key=session.id)
        for session, count, people in db.session.execute(statement)
    ]
    return _mask(rows, _total_people(consultation))


class TargetProgress:
    """A target and the people reached, published like the dashboard's figures."""

    def __init__(self, target: ParticipationTarget, reached: int):
        self.target = target
        self._reached = reached
        # False when the figure is about too few people, or would give a masked group away.
        self._shown = True
        # The figure a breakdown of the same channel or audience published for it.
        self._published: Figure | None = None

    @property
    def reached(self) -> Figure:
        if self._published is not None and not self._published.is_shown:
            return self._published
        if self._shown and not is_small(self._reached):
            return Figure(self._reached, Visibility.SHOWN)
        return masking.withheld(self._reached)

    @property
    def is_shown(self) -> bool:
        return self.reached.is_shown

    @property
    def is_small(self) -> bool:
        return self.reached.is_small

    @property
    def share(self) -> int | None:
        """Per cent of the target, when the figure is shown."""
        if not self.is_shown:
            return None
        return min(100, round(100 * self._reached / self.target.target))


def _people_by(consultation: Consultation, *columns) -> dict:
    statement = (
        select(*columns, func.sum(PEOPLE))
        .where(Response.consultation_id == consultation.id, counts_in_figures(Response))
        .group_by(*columns)
    )
    return {tuple(row[:-1]): int(row[-1] or 0) for row in db.session.execute(statement)}


def _target_is_shown(target: ParticipationTarget, reached: int, reach: dict) -> bool:
    """A target's figure follows the dashboard's masking: it must not show a masked
    audience or channel, nor, for both at once, what the channel or audience has besides."""
    if reached == 0:
        return True
    if is_small(reached):
        return False
    if target.audience and (target.audience,) in reach["masked_audiences"]:
        return False
    if target.channel_id and (target.channel_id,) in reach["masked_channels"]:
        return False
    if target.audience and target.channel_id:
        channel_total = reach["channels"].get((target.channel_id,), 0)
        audience_total = reach["audiences"].get((target.audience,), 0)
        return not is_small(channel_total - reached) and not is_small(audience_total - reached)
    return True


def targets(consultation: Consultation) -> list[TargetProgress]:
    total = _total_people(consultation)
    audiences = _people_by(consultation, Response.audience)
    channels = _people_by(consultation, Response.channel_id)
    listed_channels = {key: people for key, people in channels.items() if key != (None,)}
    kept = kept_in_view([consultation.id])[consultation.id]
    reach = {
        "audiences": audiences,
        "channels": channels,
        "masked_audiences": masked_groups(
            audiences, total, {(audience,) for audience in kept["audience"]}
        ),
        "masked_channels": masked_groups(
            listed_channels, total, {(channel,) for channel in kept["channel"]}
        ),
    }
    progress = []
    for target in db.session.scalars(
        select(ParticipationTarget)
        .filter_by(consultation_id=consultation.id)
        .order_by(ParticipationTarget.id)
    ):
        statement = select(func.coalesce(func.sum(PEOPLE), 0)).where(
            Response.consultation_id == consultation.id, counts_in_figures(Response)
        )
        if target.channel_id:
            statement = statement.where(Response.channel_id == target.channel_id)
        if target.audience:
            statement = statement.where(Response.audience == target.audience)
        reached = int(db.session.scalar(statement))
        item = TargetProgress(target, reached)
        item._shown = _target_is_shown(target, reached, reach)
        progress.append(item)
    _hide_cells_that_give_a_sibling_away(progress, reach)
    return progress


def _hide_cells_that_give_a_sibling_away(progress: list[TargetProgress], reach: dict) -> None:
    """The cells of one channel (or one audience) are one breakdown of its total: published
    by consult/core/masking.py like any other, small cells included."""
    for side, other, totals in (
        ("channel_id", "audience", reach["channels"]),
        ("audience", "channel_id", reach["audiences"]),
    ):
        cells: dict = {}
        for item in progress:
            target = item.target
            if item._reached and target.audience and target.channel_id:
                cells.setdefault(getattr(target, side), {})[getattr(target, other)] = item
        for value, by_other in cells.items():
            published = masking.breakdown(
                {key: item._reached for key, item in by_other.items()},
                totals.get((value,), 0),
                hidden_elsewhere={key for key, item in by_other.items() if not item.is_shown},
            )
            for key, item in by_other.items():
                if not published[key].is_shown:
                    item._shown = False
                    if item._published is None or published[key].is_hidden:
                        item._published = published[key]
