from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.accounts.models import User
from consult.consultation.models import Channel, Consultation
from consult.core.db import utcnow
from consult.extensions import db

# A discussion group: 2 people at least; 40 by default, a session may allow up to 200.
DEFAULT_MAX_GROUP_SIZE = 40
GROUP_SIZE_CEILING = 200
# From this size on, the facilitator confirms the count before it is saved.
LARGE_GROUP = 16

# Who ran a session: staff members of its territory.
outreach_session_facilitators = Table(
    "outreach_session_facilitators",
    db.metadata,
    db.Column(
        "session_id", ForeignKey("outreach_sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class OutreachSession(db.Model):
    """Facilitators going to families: a market stand, a coffee morning, a sports club."""

    __tablename__ = "outreach_sessions"
    __table_args__ = (
        CheckConstraint("people_met BETWEEN 0 AND 10000", name="people_met_range"),
        CheckConstraint("length(reference) BETWEEN 4 AND 12", name="reference_length"),
        CheckConstraint(
            f"max_group_size BETWEEN 2 AND {GROUP_SIZE_CEILING}", name="max_group_size_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(
        ForeignKey("territories.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    # Its QR code goes on the paper forms; answers taken in the session count for it.
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200))
    # Who hosted it: Maison des Solidarités, CAF, an association...
    partner: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date]
    # Everyone the facilitators talked to, whether or not they answered.
    people_met: Mapped[int] = mapped_column(default=0)
    # Language codes spoken during the session.
    languages: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Printed on paper forms and checked when they are keyed in.
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # The largest group answer this session accepts: one answer weighs its group's size, so a
    # typo (or a stuffed form) must not speak for hundreds.
    max_group_size: Mapped[int] = mapped_column(
        default=DEFAULT_MAX_GROUP_SIZE, server_default=str(DEFAULT_MAX_GROUP_SIZE)
    )
    # A closed session still takes the answers its tablets queued offline, flagged late.
    is_closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship(Consultation)
    channel = relationship(Channel)
    facilitators = relationship(User, secondary=outreach_session_facilitators, order_by=User.id)

    @property
    def label(self) -> str:
        return f"{self.place} · {self.held_on.isoformat()}"
