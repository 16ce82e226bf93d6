"""Every orientation's actions are asked, while each path stays short.

A respondent answers every question of their audience but the action questions: of those,
each gets the ones that fit the consultation's time budget once the rest is counted, the
least shown so far first (ties broken at random), so that over the consultation every
action question, hence every action, is shown about as often. A channel focused on an
orientation always shows that orientation's action question.

Which questions a web respondent was given is stored with the response (QuestionExposure):
the denominator of each question's results. Kiosk, paper and group answers are given the
whole question set of their audience (the kiosk holds it all, the paper form prints it all,
a group discusses it all), so they are recorded as having seen every question.
"""

import random

from sqlalchemy import update

from consult.consultation.models import Consultation, Question, QuestionExposure, Response
from consult.consultation.vocabulary import Purpose
from consult.extensions import db

# Rough seconds a respondent spends on a question, on a phone.
SECONDS = {
    Purpose.PRIORITY: 5,
    Purpose.PROFILE: 5,
    Purpose.SWOT: 15,
    Purpose.PROPOSAL: 15,
}
ACTION_QUESTION_SECONDS = 4
SECONDS_PER_ACTION = 3


def is_rotated(question: Question) -> bool:
    return question.purpose == Purpose.ACTION_CHOICE


def estimated_seconds(question: Question) -> int:
    if is_rotated(question):
        return ACTION_QUESTION_SECONDS + SECONDS_PER_ACTION * len(question.orientation.actions)
    return SECONDS[Purpose(question.purpose)]


def choose_rotated(
    consultation: Consultation,
    questions: list[Question],
    focus_orientation_id: int | None = None,
    rng: random.Random | None = None,
    *,
    count: bool = True,
) -> list[int]:
    """The ids of the action questions this respondent is given, among ``questions`` (all
    of their audience's), and count them as shown. At least one, when there is any.

    A preview (``count=False``) is given what the next family would be, and counts nothing:
    the counters steer who is shown what, and staff looking at the screens are nobody."""
    rng = rng or random.SystemRandom()
    candidates = [
        q
        for q in questions
        if is_rotated(q) and any(action.is_live for action in q.orientation.actions)
    ]
    if not candidates:
        return []
    fixed = sum(estimated_seconds(q) for q in questions if not is_rotated(q))
    remaining = consultation.time_budget_seconds - fixed
    # Least shown first; a random key breaks ties, so simultaneous respondents spread out.
    order = sorted(candidates, key=lambda q: (q.times_shown, rng.random()))
    focused = [q for q in order if q.orientation_id == focus_orientation_id]
    order = focused + [q for q in order if q not in focused]
    chosen = []
    for question in order:
        cost = estimated_seconds(question)
        if chosen and cost > remaining:
            continue
        chosen.append(question)
        remaining -= cost
    ids = [q.id for q in chosen]
    if not count:
        return ids
    # One statement: concurrent respondents never lose each other's count.
    db.session.execute(
        update(Question)
        .where(Question.id.in_(ids))
        .values(times_shown=Question.times_shown + 1)
        .execution_options(synchronize_session=False)
    )
    return ids


def record_exposures(response: Response, questions: list[Question]) -> None:
    """The response was shown these questions (each once)."""
    weight = response.group_size or 1
    seen = set()
    for question in questions:
        if question.id in seen:
            continue
        seen.add(question.id)
        response.exposures.append(QuestionExposure(question_id=question.id, weight=weight))
