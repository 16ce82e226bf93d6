from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import utcnow
from consult.extensions import db


class StaffEvent(db.Model):
    """One staff action worth answering for later: accounts, territories, consultations,
    channels, exports, purges, decisions. It holds no family's words, only what was done to
    which object, by whom and when."""

    __tablename__ = "staff_events"
    __table_args__ = (
        Index("ix_staff_events_territory_at", "territory_id", "at"),
        Index("ix_staff_events_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Kept when the account is deleted later: the trail names who it was in `actor_label`.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    # None for instance-wide actions (an operator's territory change, a command line purge).
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territories.id", ondelete="SET NULL")
    )
    # A dotted verb: "account.create", "consultation.open", "export.download"...
    action: Mapped[str] = mapped_column(String(60))
    # What it was done to, in words a colleague recognises ("Consultation 3", an e-mail).
    target: Mapped[str] = mapped_column(String(300), default="")
    # The change in a few words (old -> new role, filters of an export, a reason).
    detail: Mapped[str] = mapped_column(String(1000), default="")

    actor = relationship("User")
