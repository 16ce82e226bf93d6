from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import utcnow
from consult.extensions import db

DECISIONS = (
    "approve",
    "redact",
    "hide",
    "restore",
    "code",
    "attach",
    "detach",
    "translate",
    "adopt",
)


class ModerationEvent(db.Model):
    """The audit log of every decision on a contribution: who, when, what. It never keeps
    the personal data a redaction removed."""

    __tablename__ = "moderation_events"
    __table_args__ = (
        CheckConstraint(
            "decision IN ({})".format(", ".join(f"'{d}'" for d in DECISIONS)),
            name="decision_known",
        ),
        Index("ix_moderation_events_answer", "answer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))
    # What changed, in words a colleague can read (never the removed text).
    detail: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class ParticipationTarget(db.Model):
    """Whom a coordinator wants to hear, and how many: the next outreach goes to the gaps."""

    __tablename__ = "participation_targets"
    __table_args__ = (
        CheckConstraint("target BETWEEN 1 AND 100000", name="target_range"),
        CheckConstraint(
            "audience IS NULL OR audience IN ('parent', 'child', 'young')", name="audience_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    # In words: "Parents of École Jaurès".
    label: Mapped[str] = mapped_column(String(120))
    # Counted from this channel only, and / or this audience only; both empty: everyone.
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    audience: Mapped[str | None] = mapped_column(String(10))
    # People to reach (a group counts its members).
    target: Mapped[int]

    channel = relationship("Channel")


class ReportQuote(db.Model):
    """A contribution the coordinator chose to quote in the steering committee's report:
    quotes are chosen, never picked automatically."""

    __tablename__ = "report_quotes"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerAdditionalItem(db.Model):
    """A further SWOT item an answer supports, when it speaks of more than one thing.

    The first item stays in ``answers.swot_item_id`` (purges and the answer's own page read
    it; exports list it first); these rows hold the others, so each item's support counts
    the answer once."""

    __tablename__ = "answer_additional_items"
    __table_args__ = (Index("ix_answer_additional_items_item", "swot_item_id"),)

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True
    )
    swot_item_id: Mapped[int] = mapped_column(
        ForeignKey("swot_items.id", ondelete="CASCADE"), primary_key=True
    )
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)

    item = relationship("SwotItem")
