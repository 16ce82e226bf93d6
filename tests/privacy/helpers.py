"""Responses written straight to the database: many profiles, quickly, for privacy tests."""

import secrets
from datetime import date

from sqlalchemy import select

from consult.consultation.models import Answer, Consultation, Question, Response
from consult.consultation.vocabulary import Purpose
from consult.extensions import db


def demo_consultation() -> Consultation:
    return db.session.scalars(select(Consultation).order_by(Consultation.id)).first()


def _questions(consultation: Consultation, audience: str, purpose: str) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .filter_by(consultation_id=consultation.id, audience=audience, purpose=purpose)
            .order_by(Question.screen, Question.position, Question.id)
        )
    )


def add_response(
    consultation: Consultation,
    *,
    audience: str = "parent",
    age_band: str | None = None,
    language: str = "fr",
    channel=None,
    mode: str = "self",
    group_size: int | None = None,
    texts: dict[str, str] | None = None,
    priority: int | None = 3,
    choose_action: bool = True,
    day: date | None = None,
    **extra,
) -> Response:
    """One response with a priority for every orientation asked, a chosen action and texts
    keyed by quadrant (pending moderation, as on arrival)."""
    response = Response(
        consultation_id=consultation.id,
        channel_id=channel.id if channel else None,
        audience=audience,
        age_band=age_band,
        language=language,
        submitted_on=day or consultation.opens_on,
        mode=mode,
        group_size=group_size,
        client_token=secrets.token_hex(16),
        **extra,
    )
    if priority:
        for question in _questions(consultation, audience, Purpose.PRIORITY.value):
            response.answers.append(
                Answer(
                    question_id=question.id,
                    purpose=Purpose.PRIORITY.value,
                    orientation_id=question.orientation_id,
                    priority=priority,
                )
            )
    choices = _questions(consultation, audience, Purpose.ACTION_CHOICE.value)
    if choose_action and choices:
        question = choices[0]
        response.answers.append(
            Answer(
                question_id=question.id,
                purpose=Purpose.ACTION_CHOICE.value,
                orientation_id=question.orientation_id,
                action_id=question.orientation.actions[0].id,
            )
        )
    swot = {q.quadrant: q for q in _questions(consultation, audience, Purpose.SWOT.value)}
    for quadrant, text in (texts or {}).items():
        question = swot.get(quadrant)
        response.answers.append(
            Answer(
                question_id=question.id if question else None,
                purpose=Purpose.SWOT.value,
                quadrant=quadrant,
                axis_id=question.axis_id if question else None,
                orientation_id=question.orientation_id if question else None,
                text=text,
                moderation="pending",
            )
        )
    db.session.add(response)
    db.session.flush()
    return response
