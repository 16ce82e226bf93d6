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
from consult.core import masking
from consult.core.masking import Figure, breakdown, figure
from consult.diagnostic.models import Action, Orientation, SwotItem, Territory
from consult.diagnostic.vocabulary import LIVE_ACTION_STATUSES, Voice
from consult.extensions import db
from consult.review import participation
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


class Support:
    """Families' support of one SWOT item, counted in people (a group counts its members,
    a person who wrote twice about it counts once), by audience and by way of answering.
    It publishes figures only (consult/core/masking.py)."""

    def __init__(self):
        self._people = 0
        self._contributions = 0
        self._by_audience: dict = defaultdict(int)
        self._by_way: dict = defaultdict(int)
        self._by_consultation: dict = defaultdict(int)
        # Answers per (dimension, group): a board filtered on one group reads them here.
        self._contributions_of: dict = defaultdict(int)
        # Set when the board is filtered and the unfiltered board does not show this part.
        self._withheld = False
        self._parts_withheld = False
        self._hidden_parts: set = set()

    def withhold(self) -> None:
        self._withheld = True

    def withhold_parts(self) -> None:
        self._parts_withheld = True

    def hide_parts_beside(self, whole: "Support") -> None:
        """Within one consultation, a part is shown only when the board of all
        consultations shows it too and the other consultations' share of it is not small:
        the two boards side by side then give no small group back."""
        for mine, theirs, published in (
            (self._by_audience, whole._by_audience, whole.by_audience),
            (self._by_way, whole._by_way, whole.by_way),
        ):
            self._hidden_parts |= {
                group
                for group, people in mine.items()
                if not published[group].is_shown or masking.is_small(theirs[group] - people)
            }

    def add(
        self, consultation_id: int, audience: str, way: str, people: int, contributions: int
    ) -> None:
        self._by_consultation[consultation_id] += people
        for dimension, group in (
            ("consultation", consultation_id),
            ("audience", audience),
            ("way", way),
        ):
            self._contributions_of[dimension, group] += contributions
        self._people += people
        self._contributions += contributions
        self._by_audience[audience] += people
        self._by_way[way] += people

    def __bool__(self) -> bool:
        return self._people > 0

    def only(self, dimension: str, group) -> "Support":
        """The support of one group of one dimension (its own breakdowns are not known)."""
        parts = {
            "consultation": self._by_consultation,
            "audience": self._by_audience,
            "way": self._by_way,
        }[dimension]
        narrowed = Support()
        narrowed._people = parts.get(group, 0)
        narrowed._contributions = self._contributions_of.get((dimension, group), 0)
        return narrowed

    def __eq__(self, other) -> bool:
        return isinstance(other, Support) and self.__dict__ == other.__dict__

    __hash__ = None

    @property
    def people(self) -> Figure:
        return masking.withheld(self._people) if self._withheld else figure(self._people)

    @property
    def contributions(self) -> Figure:
        """The answers, shown exactly when the people who wrote them are."""
        return self.people.alongside(self._contributions)

    @property
    def by_audience(self) -> dict[str, Figure]:
        if self._withheld or self._parts_withheld:
            return {key: masking.withheld(count) for key, count in self._by_audience.items()}
        return breakdown(self._by_audience, self._people, hidden_elsewhere=self._hidden_parts)

    @property
    def by_way(self) -> dict[str, Figure]:
        if self._withheld or self._parts_withheld:
            return {key: masking.withheld(count) for key, count in self._by_way.items()}
        return breakdown(self._by_way, self._people, hidden_elsewhere=self._hidden_parts)


def published_support(
    territory: Territory,
    audience: str | None = None,
    consultation_id: int | None = None,
    way: str | None = None,
) -> dict[int, Support]:
    """The board's support under filters. Each filter takes one group of a breakdown the
    unfiltered board publishes (a consultation of all, then an audience or a way within
    it): the filtered figure is shown only when that group is shown there and what it
    leaves of it is not a small group, so two views of the board never subtract to one."""
    chosen = {
        dimension: group
        for dimension, group in (
            ("consultation", consultation_id),
            ("audience", audience),
            ("way", way),
        )
        if group
    }
    if not chosen:
        return support(territory)
    everyone = support(territory)
    if len(chosen) == 1 and not consultation_id:
        # One audience or way: the unfiltered read holds it already.
        ((dimension, group),) = chosen.items()
        filtered = {
            item_id: entry.only(dimension, group)
            for item_id, entry in everyone.items()
            if entry.only(dimension, group)
        }
    else:
        filtered = support(territory, audience, consultation_id, way)
    within = everyone
    if consultation_id and len(chosen) > 1:
        within = support(territory, consultation_id=consultation_id)
    elif consultation_id:
        within = filtered
    for item_id, entry in filtered.items():
        margins = []
        if consultation_id:
            whole = everyone[item_id]
            part = whole._by_consultation.get(consultation_id, 0)
            margins.append(
                (breakdown(whole._by_consultation, whole._people)[consultation_id], part)
            )
        scope = within[item_id]
        if audience:
            margins.append((scope.by_audience.get(audience), scope._by_audience.get(audience, 0)))
        if way:
            margins.append((scope.by_way.get(way), scope._by_way.get(way, 0)))
        if not all(
            published is not None
            and published.is_shown
            and not masking.is_small(people - entry._people)
            for published, people in margins
        ):
            entry.withhold()
        elif audience or way:
            # Within a filter, a further breakdown would cross two: its cells are withheld.
            entry.withhold_parts()
        else:
            entry.hide_parts_beside(everyone[item_id])
    return filtered


def support(
    territory: Territory,
    audience: str | None = None,
    consultation_id: int | None = None,
    way: str | None = None,
) -> dict[int, Support]:
    """Per SWOT item id: approved contributions attached to it (from one consultation, or
    from all of the territory's), from one audience and one way of answering, or all."""
    links = item_links()
    # One row per item and response: a response that supports an item with two answers is
    # one person (or one group) behind it, not two.
    per_response = (
        select(
            links.c.swot_item_id,
            Answer.response_id,
            # count(*): PostgreSQL's covering indexes hold no answer id.
            func.count().label("contributions"),
        )
        .select_from(links)
        .join(Answer, links.c.answer_id == Answer.id)
        .join(SwotItem, links.c.swot_item_id == SwotItem.id)
        .where(
            SwotItem.territory_id == territory.id,
            counts_in_figures(Answer),
            Answer.moderation.in_(VISIBLE),
        )
        .group_by(links.c.swot_item_id, Answer.response_id)
    )
    if audience:
        per_response = per_response.where(Answer.audience == audience)
    if consultation_id:
        per_response = per_response.where(Answer.consultation_id == consultation_id)
    per_response = per_response.subquery("per_response")
    in_session = Response.outreach_session_id.is_not(None)
    statement = (
        select(
            per_response.c.swot_item_id,
            Response.consultation_id,
            Response.audience,
            Response.mode,
            in_session,
            func.sum(per_response.c.contributions),
            func.sum(PEOPLE),
        )
        .join(Response, per_response.c.response_id == Response.id)
        .group_by(
            per_response.c.swot_item_id,
            Response.consultation_id,
            Response.audience,
            Response.mode,
            in_session,
        )
    )
    result: dict[int, Support] = defaultdict(Support)
    for item_id, consultation, who, mode, from_session, contributions, people in db.session.execute(
        where_way_is(statement, way)
    ):
        result[item_id].add(
            consultation,
            who,
            way_of_answering(mode, 1 if from_session else None),
            int(people or 0),
            int(contributions or 0),
        )
    return result


LENSES = ("all", "convergences", "blind_spots", "not_confirmed")


def lens_keeps(lens: str, item: SwotItem, item_support: Support | None) -> bool:
    professional = item.voice == Voice.PROFESSIONAL.value
    families = bool(item_support)
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
    """An orientation's priority for one audience (or everyone), on the 1-3 scale."""

    # The people behind it (a group weighs its size) and their answers.
    people: Figure
    answers: Figure
    mean: float
    low: float
    high: float

    @property
    def is_shown(self) -> bool:
        return self.people.is_shown


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
    """Per orientation id, per audience (and "all"): the priority on the 1-3 scale, with the
    figures published together (a small audience hides the total that would give it away)."""
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
    cells: dict[int, dict[str, tuple]] = defaultdict(dict)
    totals: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for orientation_id, audience, count, *sums in db.session.execute(statement):
        people, wsum, wsquares, sqweights = (float(value or 0) for value in sums)
        interval = _interval(people, wsum, wsquares, sqweights)
        if interval:
            cells[orientation_id][audience] = (count, int(people), interval)
        running = totals[orientation_id]
        for index, value in enumerate((count, people, wsum, wsquares, sqweights)):
            running[index] += value
    for orientation_id, (count, people, wsum, wsquares, sqweights) in totals.items():
        interval = _interval(people, wsum, wsquares, sqweights)
        if interval:
            cells[orientation_id]["all"] = (int(count), int(people), interval)
    results: dict[int, dict[str, Priority]] = {}
    _, hidden = participation.audience_masks(consultation)
    for orientation_id, by_audience in cells.items():
        everyone = by_audience.pop("all", None)
        parts, whole = masking.parts_and_total(
            {audience: cell[1] for audience, cell in by_audience.items()},
            everyone[1] if everyone else 0,
            withheld_parts=hidden,
        )
        published = {
            audience: Priority(parts[audience], parts[audience].alongside(count), *interval)
            for audience, (count, _people, interval) in by_audience.items()
        }
        if everyone:
            count, _people, interval = everyone
            published["all"] = Priority(whole, whole.alongside(count), *interval)
        results[orientation_id] = published
    return results


def ranked_priorities(consultation: Consultation, priorities: dict | None = None) -> list:
    """(orientation, priority for everyone) from most to least important, for the
    orientations whose figure for everyone may be shown."""
    if priorities is None:
        priorities = orientation_priorities(consultation)
    return sorted(
        (
            (orientation, priorities[orientation.id]["all"])
            for orientation in consultation.orientations
            if "all" in priorities.get(orientation.id, {})
            and priorities[orientation.id]["all"].is_shown
        ),
        key=lambda entry: -entry[1].mean,
    )


@dataclass
class ActionPreference:
    action: Action
    # People who chose it (a group counts its size), and their answers.
    people: Figure
    answers: Figure
    # People who chose it, out of those who were shown it (None when it may not be shown).
    share: float | None

    @property
    def masked(self) -> bool:
        return bool(self.people) and not self.people.is_shown


@dataclass
class OrientationActions:
    """How an orientation's actions were chosen, over the people who were shown them."""

    # People (a group counts its size) and responses shown its action question.
    seen_people: Figure
    seen_answers: Figure
    rows: list
    # People shown it per audience.
    seen_by_audience: dict = field(default_factory=dict)


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
    # The same people broken down by audience as on the dashboard: its targets' choice and
    # the audiences it hides, or the two pages together give a small audience back.
    kept_audiences, hidden_audiences = participation.audience_masks(consultation)
    for orientation in consultation.orientations:
        seen_answers, seen_people = seen[orientation.id]
        seen_figure = masking.figure(seen_people)
        raw = []
        for action in orientation.actions:
            # A proposed action is not offered to families until a decision retains it.
            if not (action.is_live or action.id in chosen):
                continue
            answers, people = chosen.get(action.id, (0, 0))
            raw.append((action, answers, people))
        rows = []
        for action, answers, people in raw:
            # Chose it / did not: one breakdown of those who saw it, published together.
            split = masking.breakdown(
                {"chose": people, "did_not": max(seen_people - people, 0)}, seen_people
            )
            # Too few were shown it: even "nobody chose it" would say what each of them did.
            # Nobody recorded as shown it (answers older than the exposures), or too few:
            # a share of nobody, or even "nobody chose it", says nothing true or too much.
            shown_to_enough = seen_people and seen_figure.is_shown
            chose = split["chose"] if shown_to_enough else masking.withheld(people)
            rows.append(
                ActionPreference(
                    action, chose, chose.alongside(answers), chose.share_of(seen_figure)
                )
            )
        # Shown figures first, most chosen first; the others in their own order, so the
        # order gives no masked count away.
        rows.sort(
            key=lambda row: (
                not row.people.is_shown,
                -(row.people.value or 0),
                row.action.position,
            )
        )
        results[orientation.id] = OrientationActions(
            seen_figure,
            seen_figure.alongside(seen_answers),
            rows,
            masking.breakdown(
                dict(by_audience[orientation.id]),
                seen_people,
                keep=kept_audiences,
                hidden_elsewhere=hidden_audiences,
            ),
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
