"""How long a consultation keeps its families' written answers.

The raw free text is kept ``retention_days`` days after the consultation closes; from the day
after, ``flask consult purge`` deletes it (the coded answers and every count are kept)."""

from datetime import date, timedelta

from consult.consultation.models import Consultation

DEFAULT_RETENTION_DAYS = 365
# Same bounds as the database constraint "retention_range".
MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


def free_text_kept_until(consultation: Consultation) -> date:
    """The last day the raw free text is kept."""
    return consultation.closes_on + timedelta(days=consultation.retention_days)


def free_text_due_for_deletion(consultation: Consultation, today: date) -> bool:
    return today > free_text_kept_until(consultation)
