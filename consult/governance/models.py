from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from consult.core.db import utcnow
from consult.core.translatable import TranslatedText, translated
from consult.diagnostic.models import Action, Orientation
from consult.extensions import db
from consult.governance.vocabulary import (
    ORIENTATION_DECISIONS,
    BodyKind,
    DatePrecision,
    DecisionKind,
    EventKind,
    PartnerKind,
    sql_in,
)


class Partner(db.Model):
    """An organisation taking part in the Cité éducative."""

    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("territory_id", "name"),
        CheckConstraint(f"kind IN ({sql_in(PartnerKind)})", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # State, local authority, school, CAF, association, training institute...
    kind: Mapped[str] = mapped_column(String(30))


class GovernanceBody(db.Model):
    """Where the Cité éducative is discussed or decided: the steering committee, the
    technical committee, local instances (PEDT, PEL, school councils), elected officials."""

    __tablename__ = "governance_bodies"
    __table_args__ = (
        UniqueConstraint("territory_id", "name"),
        CheckConstraint(f"kind IN ({sql_in(BodyKind)})", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))

    @property
    def decides(self) -> bool:
        return self.kind == BodyKind.STEERING_COMMITTEE


# Which partners were present at a meeting.
timeline_event_partners = Table(
    "timeline_event_partners",
    db.metadata,
    db.Column("event_id", ForeignKey("timeline_events.id", ondelete="CASCADE"), primary_key=True),
    db.Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
)


class TimelineEvent(db.Model):
    """One dated step of the partnership process: a milestone, a meeting, a planned step."""

    __tablename__ = "timeline_events"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(EventKind)})", name="kind_known"),
        CheckConstraint(f"date_precision IN ({sql_in(DatePrecision)})", name="precision_known"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(
            "professionals_present IS NULL OR professionals_present BETWEEN 0 AND 10000",
            name="professionals_range",
        ),
        CheckConstraint(
            "elected_present IS NULL OR elected_present BETWEEN 0 AND 10000",
            name="elected_range",
        ),
        Index("ix_timeline_events_territory_starts", "territory_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default=EventKind.MILESTONE.value)
    starts_on: Mapped[date]
    # A period ("between February and May 2021") ends here.
    ends_on: Mapped[date | None]
    # "November 2020" is known to the month only.
    date_precision: Mapped[str] = mapped_column(String(10), default=DatePrecision.DAY.value)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("governance_bodies.id", ondelete="SET NULL")
    )
    # Professionals and elected officials are distinct voices: counted apart.
    professionals_present: Mapped[int | None]
    elected_present: Mapped[int | None]
    minutes: Mapped[str] = mapped_column(Text, default="")
    # The signed minutes as a PDF, when there is one.
    minutes_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    minutes_pdf_name: Mapped[str] = mapped_column(String(200), default="")
    # Demo content where the diagnostic does not give the detail.
    is_illustrative: Mapped[bool] = mapped_column(default=False)

    body = relationship(GovernanceBody)
    partners = relationship(Partner, secondary=timeline_event_partners, order_by=Partner.name)
    decisions = relationship(
        "Decision", back_populates="meeting", order_by="Decision.id", cascade="all, delete-orphan"
    )

    @property
    def is_decision_meeting(self) -> bool:
        return self.kind == EventKind.MEETING and self.body is not None and self.body.decides


class Decision(db.Model):
    """What a meeting decided about an orientation or a proposed action, with the reason
    written for families."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(DecisionKind)})", name="kind_known"),
        CheckConstraint(
            "(kind IN ({}) AND orientation_id IS NOT NULL) OR (kind NOT IN ({}) "
            "AND action_id IS NOT NULL)".format(
                ", ".join(f"'{kind.value}'" for kind in ORIENTATION_DECISIONS),
                ", ".join(f"'{kind.value}'" for kind in ORIENTATION_DECISIONS),
            ),
            name="subject_given",
        ),
        CheckConstraint(
            "kind != 'proposal_merged' OR merged_into_id IS NOT NULL", name="merge_target_given"
        ),
        Index("ix_decisions_territory", "territory_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientations.id", ondelete="CASCADE")
    )
    # The proposed action decided on.
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    # The action a merged proposal joins.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="RESTRICT")
    )
    # Why, in plain words families read (French required, other languages optional).
    reason: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting = relationship(TimelineEvent, back_populates="decisions")
    orientation = relationship(Orientation)
    action = relationship(Action, foreign_keys=[action_id])
    merged_into = relationship(Action, foreign_keys=[merged_into_id])

    @property
    def reason_label(self) -> str:
        return translated(self.reason)
