"""Writes of the question builder: the default question set, questions added, edited,
reordered and removed, and the questions that follow the orientations a consultation asks.

The purpose decides what an answer feeds (an orientation's priority, a choice among its
actions, an open proposal under it, a SWOT quadrant, a profile field): a question always feeds
something. Once a question has been shown or answered, what its answers mean is fixed; its
wording may still be corrected, and every change is kept in the staff audit trail.
"""

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from consult.audit.operations import record_staff_action
from consult.config import DEFAULT_LANGUAGE
from consult.consultation.models import Answer, Consultation, Question, QuestionExposure, Response
from consult.consultation.standing import Standing
from consult.consultation.vocabulary import (
    PURPOSES_ABOUT_AN_ORIENTATION,
    Audience,
    Purpose,
)
from consult.consultation.wording import default_templates
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_translations
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Axis, Orientation
from consult.diagnostic.vocabulary import Quadrant
from consult.extensions import db

MAX_OPTIONS = 50
MAX_OPTION_LENGTH = 120


def generate_default_questions(
    consultation: Consultation, orientations: list[Orientation] | None = None
) -> list[Question]:
    """The questions a consultation starts from, built from its own orientations and axes:
    per audience, a priority and an action question per orientation, then the SWOT prompts
    (only when the whole set is generated)."""
    whole_set = orientations is None
    orientations = consultation.orientations if whole_set else orientations
    single_axis = consultation.axes[0] if len(consultation.axes) == 1 else None
    templates = default_templates()
    # An orientation asked again keeps the questions it had; only the missing ones are added.
    existing = {(q.audience, q.purpose, q.orientation_id) for q in consultation.questions}
    created = []
    for audience in Audience:
        spec = templates[audience.value]
        start = _next_position(consultation, audience.value)
        for offset, orientation in enumerate(orientations, start=1):
            if (audience.value, Purpose.PRIORITY.value, orientation.id) not in existing:
                created.append(
                    Question(
                        audience=audience.value,
                        purpose=Purpose.PRIORITY.value,
                        screen=spec["priority"]["screen"],
                        position=start + offset,
                        orientation=orientation,
                    )
                )
            if (audience.value, Purpose.ACTION_CHOICE.value, orientation.id) not in existing:
                created.append(
                    Question(
                        audience=audience.value,
                        purpose=Purpose.ACTION_CHOICE.value,
                        screen=spec["action_choice"]["screen"],
                        position=start + offset,
                        orientation=orientation,
                        max_choices=spec["action_choice"]["max_choices"],
                    )
                )
        if whole_set:
            for position, prompt in enumerate(spec["swot"], start=1):
                created.append(
                    Question(
                        audience=audience.value,
                        purpose=Purpose.SWOT.value,
                        screen=prompt["screen"],
                        position=position,
                        quadrant=prompt["quadrant"],
                        axis=single_axis,
                        prompt=dict(prompt["prompt"]),
                    )
                )
    for question in created:
        question.consultation = consultation
        db.session.add(question)
    db.session.flush()
    return created


def _next_position(consultation: Consultation, audience: str) -> int:
    return max((q.position for q in consultation.questions if q.audience == audience), default=0)


def has_collected(question: Question) -> bool:
    """Shown to or answered by somebody: what its answers mean is then fixed. A preview's
    tests are nobody: a coordinator who tried the form may still change what it asks (the
    tests are purged in one click, and never counted)."""
    if question.id is None:
        return False
    not_a_test = Response.standing != Standing.TEST.value
    answered = exists().where(
        Answer.question_id == question.id, Answer.standing != Standing.TEST.value
    )
    shown = (
        exists()
        .where(QuestionExposure.question_id == question.id)
        .where(QuestionExposure.response_id == Response.id, not_a_test)
    )
    return bool(db.session.scalar(select(answered)) or db.session.scalar(select(shown)))


@diagnostic_operations.count_answers_with
def families_answers_about(item: Orientation | Action) -> int:
    """Answers other than tests about an orientation (its questions, or coded to it) or that
    chose an action."""
    not_a_test = Answer.standing != Standing.TEST.value
    if isinstance(item, Action):
        about = Answer.action_id == item.id
    else:
        asked = select(Question.id).where(Question.orientation_id == item.id)
        about = (Answer.orientation_id == item.id) | Answer.question_id.in_(asked)
    return db.session.scalar(select(func.count(Answer.id)).where(about, not_a_test)) or 0


def removal_impact(consultation: Consultation, orientation_ids: list[int]) -> list[Orientation]:
    """The orientations an edit would stop asking about although their questions were
    already shown or answered: the coordinator confirms before they go."""
    kept = set(orientation_ids)
    leaving = [o for o in consultation.orientations if o.id not in kept]
    return [
        orientation
        for orientation in leaving
        if any(
            has_collected(question)
            for question in consultation.questions
            if question.orientation_id == orientation.id
        )
    ]


def follow_orientations(consultation: Consultation, before: set[int]) -> None:
    """After the consultation's orientations changed: an added orientation gets its
    questions (or gets back the ones it had), a removed one loses its questions; those
    already shown or answered stop being asked instead, so their answers keep their meaning."""
    now = {orientation.id for orientation in consultation.orientations}
    removed, added = before - now, now - before
    for question in list(consultation.questions):
        if question.orientation_id in removed:
            if has_collected(question):
                question.is_active = False
            else:
                consultation.questions.remove(question)
                db.session.delete(question)
    returning = [o for o in consultation.orientations if o.id in added]
    for question in consultation.questions:
        if question.orientation_id in added:
            question.is_active = True
    db.session.flush()
    if returning:
        generate_default_questions(consultation, returning)
    for orientation_id in removed | added:
        record_staff_action(
            "consultation.orientation_removed"
            if orientation_id in removed
            else "consultation.orientation_added",
            target=f"consultation {consultation.id}",
            detail=f"orientation {orientation_id}",
            territory=consultation.territory_id,
        )


def _owned_orientation(consultation: Consultation, orientation_id: int | None):
    if not orientation_id:
        return None
    orientation = db.session.get(Orientation, orientation_id)
    if orientation is None or orientation.territory_id != consultation.territory_id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return orientation


def _owned_axis(consultation: Consultation, axis_id: int | None):
    if not axis_id:
        return None
    axis = db.session.get(Axis, axis_id)
    if axis is None or axis.territory_id != consultation.territory_id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return axis


def _clean_options(options: list[str]) -> list[str]:
    cleaned = []
    for option in options:
        option = " ".join((option or "").split())[:MAX_OPTION_LENGTH]
        if option and option not in cleaned:
            cleaned.append(option)
    return cleaned[:MAX_OPTIONS]


def save_question(
    consultation: Consultation,
    question: Question | None,
    *,
    audience: str,
    purpose: str,
    prompt: dict,
    orientation_id: int | None = None,
    axis_id: int | None = None,
    quadrant: str | None = None,
    max_choices: int = 2,
    options: list[str] = (),
    screen: int = 2,
    position: int = 0,
    is_active: bool = True,
) -> Question:
    """Add (``question`` None) or change a question; refuse one that would feed nothing, and
    a change that would alter what collected answers mean."""
    try:
        audience = Audience(audience).value
        purpose = Purpose(purpose).value
    except ValueError as error:
        raise OperationRefused(_("Unknown audience or purpose.")) from error
    orientation = _owned_orientation(consultation, orientation_id)
    axis = _owned_axis(consultation, axis_id)
    prompt = clean_translations(prompt)
    options = _clean_options(list(options))
    if quadrant:
        try:
            quadrant = Quadrant(quadrant).value
        except ValueError as error:
            raise OperationRefused(_("Unknown quadrant.")) from error
    # What the purpose feeds; anything else it was given is dropped.
    if purpose in PURPOSES_ABOUT_AN_ORIENTATION:
        if orientation is None:
            raise OperationRefused(_("Choose the orientation this question is about."))
        if orientation not in consultation.orientations:
            raise OperationRefused(
                _(
                    "This orientation is not asked in this consultation: "
                    "add it to the consultation first."
                )
            )
        quadrant, options = None, []
        if purpose != Purpose.PROPOSAL:
            axis = None
    elif purpose == Purpose.SWOT:
        if not quadrant:
            raise OperationRefused(_("Choose the SWOT quadrant the answers feed."))
        if audience == Audience.CHILD and quadrant == Quadrant.THREAT:
            raise OperationRefused(_("Children are not asked about threats."))
        options = []
    else:
        if not options:
            raise OperationRefused(_("A profile question needs at least one choice."))
        orientation, axis, quadrant = None, None, None
    if purpose in (Purpose.SWOT, Purpose.PROFILE) and not prompt.get(DEFAULT_LANGUAGE):
        raise OperationRefused(_("The French wording is required."))
    if prompt and not prompt.get(DEFAULT_LANGUAGE):
        raise OperationRefused(_("The French wording is required."))
    if not 1 <= max_choices <= 10:
        raise OperationRefused(_("Between 1 and 10 choices."))
    if not 2 <= screen <= 9:
        raise OperationRefused(_("The screen is between 2 and 9."))

    is_new = question is None
    if is_new:
        question = Question(consultation=consultation)
        db.session.add(question)
    else:
        _refuse_meaning_change(
            question,
            audience=audience,
            purpose=purpose,
            orientation_id=orientation.id if orientation else None,
            axis_id=axis.id if axis else None,
            quadrant=quadrant,
            max_choices=max_choices,
            options=options,
        )
        changed = sorted(
            language
            for language in set(prompt) | set(question.prompt or {})
            if prompt.get(language) != (question.prompt or {}).get(language)
        )
        if changed:
            record_staff_action(
                "question.wording_changed",
                target=f"question {question.id}",
                detail="languages: " + ", ".join(changed),
                territory=consultation.territory_id,
            )
    question.audience = audience
    question.purpose = purpose
    question.orientation = orientation
    question.axis = axis
    question.quadrant = quadrant
    question.max_choices = max_choices
    question.options = options
    question.prompt = prompt
    question.screen = screen
    question.position = position
    question.is_active = is_active
    db.session.flush()
    if is_new:
        record_staff_action(
            "question.added",
            target=f"question {question.id}",
            detail=f"consultation {consultation.id}, {audience}, {purpose}",
            territory=consultation.territory_id,
        )
    return question


def _refuse_meaning_change(question: Question, **meaning) -> None:
    before = {
        "audience": question.audience,
        "purpose": question.purpose,
        "orientation_id": question.orientation_id,
        "axis_id": question.axis_id,
        "quadrant": question.quadrant,
        "max_choices": question.max_choices,
    }
    altered = [name for name, value in before.items() if meaning[name] != value]
    removed_options = set(question.options or []) - set(meaning["options"])
    if not (altered or removed_options) or not has_collected(question):
        return
    raise OperationRefused(
        _(
            "People have already seen or answered this question, so what it asks can no longer "
            "change: its answers would be counted for something they did not answer. You may "
            "still correct its wording, translate it, add choices, move it or stop asking it. "
            "To ask something else, add a new question."
        )
    )


def delete_question(question: Question) -> None:
    if has_collected(question):
        raise OperationRefused(
            _(
                "People have already seen or answered this question: its answers and how many "
                "saw it are kept. Stop asking it instead (untick \u201cAsked\u201d)."
            )
        )
    record_staff_action(
        "question.removed",
        target=f"question {question.id}",
        detail=f"consultation {question.consultation_id}, {question.audience}, {question.purpose}",
        territory=question.consultation.territory_id,
    )
    question.consultation.questions.remove(question)
    db.session.delete(question)
    db.session.flush()


def move_question(question: Question, offset: int) -> None:
    """Swap with the neighbour on the same screen, for the same audience."""
    siblings = [
        other
        for other in question.consultation.questions
        if other.audience == question.audience and other.screen == question.screen
    ]
    siblings.sort(key=lambda other: (other.position, other.id))
    index = siblings.index(question)
    target = index + offset
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, other in enumerate(siblings, start=1):
        other.position = position
    db.session.flush()
