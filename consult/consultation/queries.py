"""Reads of consultations."""

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.consultation.models import Channel, Consultation, Question, Response, ScanCount
from consult.consultation.standing import Standing, counts_in_figures
from consult.consultation.vocabulary import RESPONDENT_KINDS, Purpose
from consult.diagnostic.models import Orientation, Territory
from consult.extensions import db


def channel_by_token(token: str) -> Channel | None:
    if not token or len(token) > 16:
        return None
    return db.session.scalar(
        select(Channel).filter_by(token=token.lower()).options(selectinload(Channel.consultation))
    )


def consultation_in(territory: Territory, consultation_id: int) -> Consultation:
    """The consultation, only if it belongs to ``territory``; 404 otherwise."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.territory_id != territory.id:
        abort(404)
    return consultation


def consultations(territory: Territory) -> list[Consultation]:
    return list(
        db.session.scalars(
            select(Consultation)
            .filter_by(territory_id=territory.id)
            .order_by(Consultation.opens_on.desc(), Consultation.id.desc())
        )
    )


def response_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Per consultation id: the responses that count (tests are not responses)."""
    rows = db.session.execute(
        select(Response.consultation_id, func.count(Response.id))
        .where(Response.consultation_id.in_(consultation_ids), counts_in_figures(Response))
        .group_by(Response.consultation_id)
    )
    return dict(rows.all())


def response_in(consultation: Consultation, response_id) -> Response | None:
    """A response of this consultation (test or counted), by its number."""
    if not isinstance(response_id, int) or not 0 < response_id < 2**31:
        return None
    response = db.session.get(Response, response_id)
    if response is None or response.consultation_id != consultation.id:
        return None
    return response


def test_response_count(consultation: Consultation) -> int:
    """Responses sent from a preview, waiting to be purged."""
    return db.session.scalar(
        select(func.count(Response.id)).where(
            Response.consultation_id == consultation.id,
            Response.standing == Standing.TEST.value,
        )
    )


def channel_stats(consultation: Consultation) -> dict[int, dict[str, int]]:
    """Per channel id: scans and responses so far."""
    scans = dict(
        db.session.execute(
            select(ScanCount.channel_id, func.sum(ScanCount.count))
            .join(Channel)
            .where(Channel.consultation_id == consultation.id)
            .group_by(ScanCount.channel_id)
        ).all()
    )
    responses = dict(
        db.session.execute(
            select(Response.channel_id, func.count(Response.id))
            .where(Response.consultation_id == consultation.id, counts_in_figures(Response))
            .group_by(Response.channel_id)
        ).all()
    )
    return {
        channel.id: {
            "scans": int(scans.get(channel.id, 0)),
            "responses": responses.get(channel.id, 0),
        }
        for channel in consultation.channels
    }


def questions_for(
    consultation: Consultation, respondent_kind: str, rotated_ids: list[int] | None = None
) -> list[Question]:
    """The questions asked of this kind of respondent. With ``rotated_ids``, only those of
    the rotated (action) questions; without, all of them (kiosk, paper, group, preview)."""
    audience, _ = RESPONDENT_KINDS[respondent_kind]
    kept = None if rotated_ids is None else set(rotated_ids)
    return [
        question
        for question in consultation.questions
        if question.audience == audience.value
        and question.is_active
        and (question.orientation is None or question.orientation in consultation.orientations)
        # An orientation without actions yet has nothing to choose from.
        and (question.purpose != Purpose.ACTION_CHOICE or question.orientation.actions)
        and (kept is None or question.purpose != Purpose.ACTION_CHOICE or question.id in kept)
    ]


def screens_for(
    consultation: Consultation, respondent_kind: str, rotated_ids: list[int] | None = None
) -> list[int]:
    """The screens this respondent sees after the first one, in order."""
    return sorted(
        {question.screen for question in questions_for(consultation, respondent_kind, rotated_ids)}
    )


def questions_on_screen(
    consultation: Consultation,
    respondent_kind: str,
    screen: int,
    focus: Orientation | None,
    rotated_ids: list[int] | None = None,
) -> list[Question]:
    questions = [
        question
        for question in questions_for(consultation, respondent_kind, rotated_ids)
        if question.screen == screen
    ]
    # A channel focused on an orientation asks about it first.
    return sorted(
        questions,
        key=lambda question: (
            focus is None or question.orientation_id != focus.id,
            question.position,
            question.id,
        ),
    )
