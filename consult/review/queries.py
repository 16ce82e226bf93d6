"""Reads for review: the moderation queue, support per voice, orientation results.

Aggregation happens in SQL, scoped to one territory."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import exists, func, or_, select, union_all
from sqlalchemy.orm import joinedload

from consult.consultation.models import Answer, Consultation, QuestionExposure, Response
from consult.consultation.standing import counts_in_figures
from consult.consultation.vocabulary import FREE_TEXT_PURPOSES, Mode, Purpose
from consult.core.masking import MIN_GROUP, is_small, masked_groups
from consult.diagnostic.models import Action, Orientation, SwotItem, Territory
from consult.diagnostic.vocabulary import LIVE_ACTION_STATUSES, Voice
from consult.extensions import db
from consult.review.models import AnswerAdditionalItem

PAGE_SIZE = 50
PAGE_SIZES = (50, 100, 200)
VISIBLE = ("approved", "redacted")
# A group answer speaks for its members: it weighs its size, and is shown as a group.
PEOPLE = func.coalesce(Response.group_size, 1)


# The coding workspace's filter: approved (or redacted) answers not coded yet.
TO_CODE = "to_code"


@dataclass
class QueueFilters:
    # None: every status; TO_CODE: approved, not yet coded.
    status: str | None = "pending"
    consultation_id: int | None = None
    channel_id: int | None = None
    audience: str | None = None
    language: str | None = None
    flag: str | None = None
    search: str | None = None
    per_page: int | None = None

    def as_args(self) -> dict:
        args = {key: value for key, value in self.__dict__.items() if value not in (None, "")}
        if self.status is None:
            args["status"] = "all"
        if "search" in args:
            args["q"] = args.pop("search")
        return args

    def args_with(self, **changes) -> dict:
        return {**self.as_args(), **changes}


def where_responses_match(statement, filters):
    """Narrow a statement joined to responses by the filters a coordinator chose: consultation,
    channel, audience and language (any object with those attributes)."""
    if filters.consultation_id:
        statement = statement.where(Response.consultation_id == filters.consultation_id)
    if filters.channel_id:
        statement = statement.where(Response.channel_id == filters.channel_id)
    if filters.audience:
        statement = statement.where(Response.audience == filters.audience)
    if filters.language:
        statement = statement.where(Response.language == filters.language)
    return statement


def _territory_answers(territory: Territory, *, join_responses: bool = True):
    consultations = select(Consultation.id).where(Consultation.territory_id == territory.id)
    statement = select(Answer)
    if join_responses:
        statement = statement.join(Response, Answer.response_id == Response.id)
    return statement.where(
        Answer.consultation_id.in_(consultations),
        # Families' words only: a preview's test answers are never moderated or coded.
        counts_in_figures(Answer),
        Answer.purpose.in_(FREE_TEXT_PURPOSES),
    )


def answer_or_404(territory: Territory, answer_id: int) -> Answer:
    answer = db.session.scalar(
        _territory_answers(territory)
        .where(Answer.id == answer_id)
        .options(joinedload(Answer.response))
    )
    return answer or abort(404)


def swot_items(territory: Territory) -> list[SwotItem]:
    """Every SWOT item of the territory, in board order: any of them may receive an answer."""
    return list(
        db.session.scalars(
            select(SwotItem)
            .filter_by(territory_id=territory.id)
            .options(joinedload(SwotItem.axis))
            .order_by(SwotItem.axis_id, SwotItem.quadrant, SwotItem.id)
        )
    )


def items_of(answer: Answer) -> list[SwotItem]:
    """The SWOT items an answer supports: its first, then the others in the order added."""
    others = db.session.scalars(
        select(SwotItem)
        .join(AnswerAdditionalItem, AnswerAdditionalItem.swot_item_id == SwotItem.id)
        .where(AnswerAdditionalItem.answer_id == answer.id)
        .order_by(AnswerAdditionalItem.attached_at, SwotItem.id)
    )
    return ([answer.swot_item] if answer.swot_item else []) + list(others)


def answers_in_territory(territory: Territory, ids: list[int]) -> list[Answer]:
    if not ids:
        return []
    return list(db.session.scalars(_territory_answers(territory).where(Answer.id.in_(ids[:500]))))


def _queue_statement(territory: Territory, filters: QueueFilters):
    # Answers carry their consultation and audience: only a channel or a language needs
    # their responses, so the queue and its count are otherwise read from answers' indexes.
    by_response = bool(filters.channel_id or filters.language)
    statement = _territory_answers(territory, join_responses=by_response)
    if filters.status == TO_CODE:
        statement = statement.where(Answer.moderation.in_(VISIBLE), Answer.coded_at.is_(None))
    elif filters.status:
        statement = statement.where(Answer.moderation == filters.status)
    if filters.consultation_id:
        statement = statement.where(Answer.consultation_id == filters.consultation_id)
    if filters.audience:
        statement = statement.where(Answer.audience == filters.audience)
    if filters.channel_id:
        statement = statement.where(Response.channel_id == filters.channel_id)
    if filters.language:
        statement = statement.where(Response.language == filters.language)
    if filters.flag:
        statement = statement.where(Answer.flags.contains(filters.flag))
    if filters.search:
        statement = statement.where(Answer.text.ilike(f"%{filters.search[:100]}%"))
    return statement


def neighbours(territory: Territory, filters: QueueFilters, answer_id: int):
    """The answers before and after this one in the queue as filtered (newest first)."""
    statement = _queue_statement(territory, filters).with_only_columns(Answer.id)
    previous = db.session.scalar(
        statement.where(Answer.id > answer_id).order_by(Answer.id.asc()).limit(1)
    )
    following = db.session.scalar(
        statement.where(Answer.id < answer_id).order_by(Answer.id.desc()).limit(1)
    )
    return previous, following


def moderation_queue(
    territory: Territory, filters: QueueFilters, page: int = 1, per_page: int = PAGE_SIZE
):
    statement = _queue_statement(territory, filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(
        statement.options(joinedload(Answer.response).joinedload(Response.channel))
        .order_by(Answer.id.desc())
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    return rows, total


def status_counts(territory: Territory) -> dict[str, int]:
    consultations = select(Consultation.id).where(Consultation.territory_id == territory.id)
    statement = (
        select(Answer.moderation, func.count())
        .where(
            Answer.consultation_id.in_(consultations),
            counts_in_figures(Answer),
            Answer.purpose.in_(FREE_TEXT_PURPOSES),
        )
        .group_by(Answer.moderation)
    )
    counts = dict(db.session.execute(statement).all())
    counts[TO_CODE] = db.session.scalar(
        select(func.count()).where(
            Answer.consultation_id.in_(consultations),
            counts_in_figures(Answer),
            Answer.purpose.in_(FREE_TEXT_PURPOSES),
            Answer.moderation.in_(VISIBLE),
            Answer.coded_at.is_(None),
        )
    )
    return counts


# How an answer reached us, as the board filters and breaks support down.
WAYS = ("web", "kiosk", "paper", "group")
_ON_ONES_OWN = (Mode.SELF.value, Mode.ASSISTED.value)


def way_of_answering(mode: str, outreach_session_id: int | None) -> str:
    """A web or QR answer has no outreach session; a kiosk records one person's answer in a
    session; paper and group answers say so in their mode."""
    if mode in (Mode.GROUP.value, Mode.PAPER.value):
        return mode
    return "kiosk" if outreach_session_id is not None else "web"


def where_way_is(statement, way: str | None):
    if way in (Mode.GROUP.value, Mode.PAPER.value):
        return statement.where(Response.mode == way)
    if way == "kiosk":
        return statement.where(
            Response.mode.in_(_ON_ONES_OWN), Response.outreach_session_id.is_not(None)
        )
    if way == "web":
        return statement.where(
            Response.mode.in_(_ON_ONES_OWN), Response.outreach_session_id.is_(None)
        )
    return statement


def item_links():
    """Every (answer, SWOT item) an answer supports: its first item, and the others when it
    speaks of more than one thing."""
    first = select(Answer.id.label("answer_id"), Answer.swot_item_id.label("swot_item_id")).where(
        Answer.swot_item_id.is_not(None)
    )
    others = select(AnswerAdditionalItem.answer_id, AnswerAdditionalItem.swot_item_id)
    return union_all(first, others).subquery("item_links")


@dataclass
class Support:
    """Families' support of one SWOT item, kept apart by voice and by way of answering."""

    by_audience: dict = field(default_factory=lambda: defaultdict(int))
    by_way: dict = field(default_factory=lambda: defaultdict(int))
    contributions: int = 0
    people: int = 0

    def breakdown(self, parts: dict) -> dict[str, str]:
        """Each part's count as shown: "< 5" when small, "…" when it would give a small
        part away by subtraction from the total."""
        hidden = masked_groups(parts, self.contributions)
        return {
            key: f"< {MIN_GROUP}" if is_small(count) else "…" if key in hidden else str(count)
            for key, count in parts.items()
        }


def support(
    territory: Territory,
    audience: str | None = None,
    consultation_id: int | None = None,
    way: str | None = None,
) -> dict[int, Support]:
    """Per SWOT item id: approved contributions attached to it (from one consultation, or
    from all of the territory's), from one audience and one way of answering, or all."""
    # Two grouped reads rather than one over a union: the first items are read from the
    # answers' own index, as before several items per answer; the further ones are few.
    result: dict[int, Support] = defaultdict(Support)
    for item_column, extra_join in (
        (Answer.swot_item_id, None),
        (AnswerAdditionalItem.swot_item_id, AnswerAdditionalItem.answer_id == Answer.id),
    ):
        statement = select(
            item_column,
            Response.audience,
            Response.mode,
            Response.outreach_session_id.is_not(None),
            func.count(),
            func.sum(PEOPLE),
        )
        if extra_join is not None:
            statement = statement.select_from(AnswerAdditionalItem).join(Answer, extra_join)
        statement = (
            statement.join(Response, Answer.response_id == Response.id)
            .join(SwotItem, item_column == SwotItem.id)
            .where(
                SwotItem.territory_id == territory.id,
                counts_in_figures(Answer),
                Answer.moderation.in_(VISIBLE),
            )
            .group_by(
                item_column,
                Response.audience,
                Response.mode,
                Response.outreach_session_id.is_not(None),
            )
        )
        if audience:
            statement = statement.where(Response.audience == audience)
        if consultation_id:
            statement = statement.where(Answer.consultation_id == consultation_id)
        _add_support(result, db.session.execute(where_way_is(statement, way)))
    return result


def _add_support(result: dict, rows) -> None:
    for item_id, who, mode, in_session, contributions, people in rows:
        entry = result[item_id]
        entry.by_audience[who] += contributions
        entry.by_way[way_of_answering(mode, 1 if in_session else None)] += contributions
        entry.contributions += contributions
        entry.people += int(people or 0)


LENSES = ("all", "convergences", "blind_spots", "not_confirmed")


def lens_keeps(lens: str, item: SwotItem, item_support: Support | None) -> bool:
    professional = item.voice == Voice.PROFESSIONAL.value
    families = bool(item_support and item_support.contributions)
    if lens == "convergences":
        return professional and families
    if lens == "blind_spots":
        return not professional and families
    if lens == "not_confirmed":
        return professional and not families
    return True


def contributions_for(item: SwotItem) -> list[Answer]:
    links = item_links()
    return list(
        db.session.scalars(
            select(Answer)
            .join(links, links.c.answer_id == Answer.id)
            .where(
                links.c.swot_item_id == item.id,
                counts_in_figures(Answer),
                Answer.moderation.in_(VISIBLE),
            )
            .options(joinedload(Answer.response))
            .order_by(Answer.id)
        )
    )


@dataclass
class Priority:
    answers: int
    people: int
    mean: float
    low: float
    high: float


def _interval(total_weight, weighted_sum, weighted_squares, squared_weights):
    """Weighted mean with a 95% interval, using the effective sample size of the weights."""
    if not total_weight:
        return None
    mean = weighted_sum / total_weight
    variance = max(weighted_squares / total_weight - mean * mean, 0.0)
    effective = (total_weight * total_weight) / squared_weights if squared_weights else 0
    margin = 1.96 * math.sqrt(variance / effective) if effective > 1 else 2.0
    return mean, max(1.0, mean - margin), min(3.0, mean + margin)


def orientation_priorities(consultation: Consultation) -> dict[int, dict[str, Priority]]:
    """Per orientation id, per audience (and "all"): the priority on the 1-3 scale."""
    weight = Answer.weight
    statement = (
        select(
            Answer.orientation_id,
            Answer.audience,
            func.count(),
            func.sum(weight),
            func.sum(weight * Answer.priority),
            func.sum(weight * Answer.priority * Answer.priority),
            func.sum(weight * weight),
        )
        .where(
            Answer.consultation_id == consultation.id,
            counts_in_figures(Answer),
            Answer.purpose == Purpose.PRIORITY.value,
            Answer.priority.is_not(None),
        )
        .group_by(Answer.orientation_id, Answer.audience)
    )
    results: dict[int, dict[str, Priority]] = defaultdict(dict)
    totals: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for orientation_id, audience, count, *sums in db.session.execute(statement):
        people, wsum, wsquares, sqweights = (float(value or 0) for value in sums)
        interval = _interval(people, wsum, wsquares, sqweights)
        if interval:
            results[orientation_id][audience] = Priority(count, int(people), *interval)
        running = totals[orientation_id]
        for index, value in enumerate((count, people, wsum, wsquares, sqweights)):
            running[index] += value
    for orientation_id, (count, people, wsum, wsquares, sqweights) in totals.items():
        interval = _interval(people, wsum, wsquares, sqweights)
        if interval:
            results[orientation_id]["all"] = Priority(int(count), int(people), *interval)
    return results


def totals_to_hide(priorities: dict[int, dict[str, Priority]]) -> set[int]:
    """Orientations whose "all" figure would give a masked audience away by subtraction."""
    return {
        orientation_id
        for orientation_id, cells in priorities.items()
        if any(audience != "all" and cell.people < MIN_GROUP for audience, cell in cells.items())
    }


@dataclass
class ActionPreference:
    action: Action
    answers: int
    people: int
    # People who chose it, out of those who were shown it (None when not shown to enough).
    share: float | None
    # Too few chose it, or too few did not: the figure is not shown.
    masked: bool


@dataclass
class OrientationActions:
    """How an orientation's actions were chosen, over the people who were shown them."""

    # Responses (answers) and people (a group counts its size) shown its action question.
    seen_answers: int
    seen_people: int
    rows: list
    # People shown it per audience, and the audiences too small to show.
    seen_by_audience: dict = field(default_factory=dict)
    masked_audiences: set = field(default_factory=set)


def action_preferences(consultation: Consultation) -> dict[int, OrientationActions]:
    """Per orientation id: its actions ranked by how many chose them, with how many were
    shown the question (action questions rotate: the denominator is who saw it)."""
    statement = (
        select(Answer.action_id, func.count(), func.sum(Answer.weight))
        .where(
            Answer.consultation_id == consultation.id,
            counts_in_figures(Answer),
            Answer.purpose == Purpose.ACTION_CHOICE.value,
        )
        .group_by(Answer.action_id)
    )
    chosen = {
        action_id: (count, int(people or 0))
        for action_id, count, people in db.session.execute(statement)
    }
    action_questions = {
        question.id: question
        for question in consultation.questions
        if question.purpose == Purpose.ACTION_CHOICE.value
    }
    seen: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_audience: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if action_questions:
        exposures = (
            select(
                QuestionExposure.question_id,
                func.count(),
                func.sum(QuestionExposure.weight),
            )
            # Only counted responses were shown to families: a preview's test, or answers
            # held as a flood, are no denominator either. Asked as "no response that does
            # not count", as those are few: PostgreSQL sets them apart in one small hash
            # rather than joining every exposure to its response.
            .where(
                QuestionExposure.question_id.in_(list(action_questions)),
                ~exists().where(
                    Response.id == QuestionExposure.response_id, ~counts_in_figures(Response)
                ),
            )
            .group_by(QuestionExposure.question_id)
        )
        for question_id, count, people in db.session.execute(exposures):
            question = action_questions[question_id]
            running = seen[question.orientation_id]
            running[0] += count
            running[1] += int(people or 0)
            by_audience[question.orientation_id][question.audience] += int(people or 0)
    results: dict[int, OrientationActions] = {}
    for orientation in consultation.orientations:
        seen_answers, seen_people = seen[orientation.id]
        rows = []
        for action in orientation.actions:
            # A proposed action is not offered to families until a decision retains it.
            if not (action.is_live or action.id in chosen):
                continue
            answers, people = chosen.get(action.id, (0, 0))
            # Chose it / did not: one breakdown of those who saw it, masked together.
            others = max(seen_people - people, 0)
            hidden = masked_groups({"chose": people, "did_not": others}, seen_people or None)
            masked = "chose" in hidden or is_small(seen_people)
            share = people / seen_people if seen_people and not masked else None
            rows.append(ActionPreference(action, answers, people, share, masked))
        rows.sort(key=lambda row: (-row.people, -row.answers, row.action.position))
        audiences = dict(by_audience[orientation.id])
        results[orientation.id] = OrientationActions(
            seen_answers,
            seen_people,
            rows,
            audiences,
            masked_groups(audiences, seen_people),
        )
    return results


def proposals(consultation: Consultation, limit: int = 100) -> list[Answer]:
    """What families would like to see (the "what would help" answers), approved: those
    not yet adopted as actions first, newest first, then the adopted ones."""
    statement = (
        select(Answer)
        .where(
            Answer.consultation_id == consultation.id,
            counts_in_figures(Answer),
            or_(
                Answer.purpose == Purpose.PROPOSAL.value,
                (Answer.purpose == Purpose.SWOT.value) & (Answer.quadrant == "opportunity"),
            ),
            Answer.moderation.in_(VISIBLE),
        )
        .options(joinedload(Answer.response), joinedload(Answer.adopted_action))
        .order_by(Answer.id.desc())
    )
    # Two reads rather than one sorted on "not adopted first": each walks the newest
    # answers and stops at the limit, where the single sort read every approved proposal.
    waiting = list(
        db.session.scalars(statement.where(Answer.adopted_action_id.is_(None)).limit(limit))
    )
    if len(waiting) == limit:
        return waiting
    adopted = statement.where(Answer.adopted_action_id.is_not(None)).limit(limit - len(waiting))
    return waiting + list(db.session.scalars(adopted))


def people_by_audience(consultation: Consultation) -> dict[str, int]:
    """How many people answered, per audience (a group counts its members)."""
    return {
        audience: int(people or 0)
        for audience, people in db.session.execute(
            select(Response.audience, func.sum(PEOPLE))
            .where(Response.consultation_id == consultation.id, counts_in_figures(Response))
            .group_by(Response.audience)
        )
    }


def orientation_by_id(territory: Territory) -> dict[int, Orientation]:
    return {
        orientation.id: orientation
        for orientation in db.session.scalars(
            select(Orientation).filter_by(territory_id=territory.id)
        )
    }


def adopted_actions(consultation: Consultation, *, live_only: bool = True) -> list[Action]:
    """Actions adopted from this consultation's proposals; by default only those a decision
    retained (a proposed or dropped one is not announced as taken up)."""
    adopted = select(Answer.adopted_action_id).where(
        Answer.consultation_id == consultation.id,
        counts_in_figures(Answer),
        Answer.adopted_action_id.is_not(None),
    )
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.id.in_(adopted))
            .where(Action.status.in_(LIVE_ACTION_STATUSES) if live_only else True)
            .order_by(Action.orientation_id, Action.position)
        )
    )
