"""Deleting families' raw free text once a consultation's retention period is over.

What goes: the words families wrote and their French meaning, the hash of what a kiosk sent
(it could confirm a guessed text), unsent drafts, and outreach session notes (facilitators
may have written a name there). What stays: every response and answer row with its coding
(audience, priority, chosen action, quadrant, axis, orientation, SWOT item, adopted action),
so every count and result is the same before and after. See docs/privacy.md."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, update

from consult.audit.operations import record_staff_action
from consult.consultation.models import Answer, Consultation, Draft, Response
from consult.consultation.retention import free_text_kept_until
from consult.core.db import utcnow
from consult.extensions import db
from consult.outreach.models import OutreachSession
from consult.privacy import queries


@dataclass
class Purge:
    """What one consultation's purge deleted (or, in a dry run, would delete)."""

    consultation: Consultation
    texts: int
    kiosk_hashes: int
    drafts: int
    session_notes: int

    @property
    def deleted_anything(self) -> bool:
        return bool(self.texts or self.kiosk_hashes or self.drafts or self.session_notes)

    def describe(self, *, dry_run: bool) -> str:
        verb = "would delete" if dry_run else "deleted"
        kept_until = free_text_kept_until(self.consultation).isoformat()
        return (
            f"#{self.consultation.id} {self.consultation.label} "
            f"(closed {self.consultation.closes_on.isoformat()}, kept until {kept_until}): "
            f"{verb} {self.texts} written answer(s), {self.kiosk_hashes} kiosk hash(es), "
            f"{self.drafts} draft(s), {self.session_notes} session note(s)"
        )


def what_purge_deletes(consultation: Consultation) -> Purge:
    return Purge(
        consultation=consultation,
        texts=queries.count(Answer, queries.free_text_answers(consultation)),
        kiosk_hashes=queries.count(Response, queries.hashed_responses(consultation)),
        drafts=queries.count(Draft, queries.drafts(consultation)),
        session_notes=queries.count(OutreachSession, queries.session_notes(consultation)),
    )


def purge_consultation(consultation: Consultation) -> Purge:
    """Delete the consultation's raw free text; idempotent. The caller commits."""
    purge = what_purge_deletes(consultation)
    # Bulk statements: a consultation may hold a hundred thousand answers.
    db.session.execute(
        update(Answer)
        .where(queries.free_text_answers(consultation))
        .values(text=None, french_text=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(Response).where(queries.hashed_responses(consultation)).values(content_hash=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(Draft).where(queries.drafts(consultation)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(OutreachSession).where(queries.session_notes(consultation)).values(notes=""),
        execution_options={"synchronize_session": False},
    )
    # The first purge's date, unless a later run found text again (a late kiosk record).
    if consultation.free_text_purged_at is None or purge.deleted_anything:
        consultation.free_text_purged_at = utcnow()
    db.session.flush()
    if purge.deleted_anything:
        # Counts only: what was deleted is gone, and never copied here.
        record_staff_action(
            "purge.run",
            target=f"#{consultation.id} {consultation.label}",
            detail=(
                f"{purge.texts} written answer(s), {purge.kiosk_hashes} kiosk hash(es), "
                f"{purge.drafts} draft(s), {purge.session_notes} session note(s)"
            ),
            territory=consultation.territory_id,
        )
    return purge


def purge_due(today: date, *, dry_run: bool = False) -> list[Purge]:
    """Purge every consultation whose retention period is over by ``today``.

    A dry run only counts; nothing is changed. The caller commits (or rolls back)."""
    due = queries.consultations_due(today)
    if dry_run:
        return [what_purge_deletes(consultation) for consultation in due]
    return [purge_consultation(consultation) for consultation in due]
