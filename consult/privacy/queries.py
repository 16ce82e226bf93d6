"""Reads for privacy: which consultations' free text is due for deletion, and what it holds."""

from datetime import date

from sqlalchemy import func, or_, select

from consult.consultation.models import Answer, Consultation, Draft, Response
from consult.consultation.retention import free_text_due_for_deletion
from consult.consultation.vocabulary import FREE_TEXT_PURPOSES
from consult.extensions import db
from consult.outreach.models import OutreachSession


def consultations_due(today: date) -> list[Consultation]:
    """Every consultation, in any territory, whose retention period is over by ``today``.

    A handful of consultations per territory: the date rule is applied in Python, the same
    function the back office uses to announce the date."""
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id))
    return [item for item in consultations if free_text_due_for_deletion(item, today)]


def free_text_answers(consultation: Consultation):
    """The written answers (SWOT prompts, open proposals) that still hold words or a French meaning.

    Profile answers are kept: their text is one of the options the coordinator listed."""
    return (
        (Answer.consultation_id == consultation.id)
        & Answer.purpose.in_(FREE_TEXT_PURPOSES)
        & or_(Answer.text.is_not(None), Answer.french_text.is_not(None))
    )


def hashed_responses(consultation: Consultation):
    return (Response.consultation_id == consultation.id) & Response.content_hash.is_not(None)


def session_notes(consultation: Consultation):
    return (OutreachSession.consultation_id == consultation.id) & (OutreachSession.notes != "")


def drafts(consultation: Consultation):
    return Draft.consultation_id == consultation.id


def count(model, condition) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(condition))
