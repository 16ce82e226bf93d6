from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import utcnow
from consult.core.translatable import TranslatedText, translated
from consult.diagnostic.vocabulary import (
    LIVE_ACTION_STATUSES,
    ActionOrigin,
    ActionStatus,
    Quadrant,
    Voice,
    sql_in,
)
from consult.extensions import db


class Territory(db.Model):
    """One Cité éducative: the root every other row belongs to."""

    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short name used in back-office URLs.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Territory {self.slug}>"


# Which axes an orientation serves.
orientation_axes = Table(
    "orientation_axes",
    db.metadata,
    db.Column(
        "orientation_id", ForeignKey("orientations.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("axis_id", ForeignKey("axes.id", ondelete="CASCADE"), primary_key=True),
)

# The crossing: which SWOT items led to which orientations.
swot_item_orientations = Table(
    "swot_item_orientations",
    db.metadata,
    db.Column("swot_item_id", ForeignKey("swot_items.id", ondelete="CASCADE"), primary_key=True),
    db.Column(
        "orientation_id", ForeignKey("orientations.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Axis(db.Model):
    """One of the national axes of the Cités éducatives."""

    __tablename__ = "axes"
    __table_args__ = (
        UniqueConstraint("territory_id", "number"),
        CheckConstraint("number BETWEEN 1 AND 20", name="number_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    # Order and reference: "Axe 1".
    number: Mapped[int]
    # Translatable; families read it.
    title: Mapped[dict] = mapped_column(TranslatedText)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)

    territory = relationship(Territory)

    @property
    def label(self) -> str:
        return translated(self.title)


class Workshop(db.Model):
    """A working group of the professionals' diagnostic."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("phase IN (1, 2)", name="phase_known"),
        CheckConstraint("head_count BETWEEN 0 AND 100000", name="head_count_range"),
        Index("ix_workshops_territory_held", "territory_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    # 1: a SWOT group per axis; 2: a group formulating orientations.
    phase: Mapped[int]
    axis_id: Mapped[int] = mapped_column(ForeignKey("axes.id", ondelete="RESTRICT"))
    held_on: Mapped[date]
    # People present, as the diagnostic counted them.
    head_count: Mapped[int]
    objectives: Mapped[str] = mapped_column(Text, default="")

    axis = relationship(Axis)


class SwotItem(db.Model):
    """One statement of a SWOT: a resource or a risk, said by a voice."""

    __tablename__ = "swot_items"
    __table_args__ = (
        CheckConstraint(f"quadrant IN ({sql_in(Quadrant)})", name="quadrant_known"),
        CheckConstraint(f"voice IN ({sql_in(Voice)})", name="voice_known"),
        CheckConstraint("weight BETWEEN 1 AND 5", name="weight_range"),
        Index("ix_swot_items_board", "territory_id", "axis_id", "quadrant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    axis_id: Mapped[int] = mapped_column(ForeignKey("axes.id", ondelete="RESTRICT"))
    # strength / weakness (internal), opportunity / threat (external).
    quadrant: Mapped[str] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(Text)
    # Who said it: professional, parent, child, young person.
    voice: Mapped[str] = mapped_column(String(20), default=Voice.PROFESSIONAL.value)
    # Where it was said, in words ("Atelier Temps 1, axe 2").
    source: Mapped[str] = mapped_column(String(200), default="")
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    # How much it weighed in the discussion, 1 (minor) to 5 (major).
    weight: Mapped[int] = mapped_column(default=3)
    # Demo content written to show the board, not said by anyone.
    is_illustrative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    axis = relationship(Axis)
    workshop = relationship(Workshop)
    orientations = relationship(
        "Orientation",
        secondary=swot_item_orientations,
        back_populates="swot_items",
        order_by="Orientation.number",
    )


class Orientation(db.Model):
    """A strategic orientation validated by the steering committee."""

    __tablename__ = "orientations"
    __table_args__ = (
        UniqueConstraint("territory_id", "number"),
        CheckConstraint("number BETWEEN 1 AND 99", name="number_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    number: Mapped[int]
    # The professionals' title, kept for the back office and the report.
    title: Mapped[dict] = mapped_column(TranslatedText)
    # The same idea in plain words for families.
    family_title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    # Per audience (parent, child, young): {"title": {lang: text}, "meaning": {lang: text}},
    # the words that audience reads in the form (consult/diagnostic/wording.py).
    family_wording: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    # Steering-committee validation; empty while still a proposal.
    validated_on: Mapped[date | None]
    validated_by: Mapped[str] = mapped_column(String(200), default="")

    axes = relationship(Axis, secondary=orientation_axes, order_by=Axis.number)
    actions = relationship(
        "Action",
        back_populates="orientation",
        order_by="Action.position",
        cascade="all, delete-orphan",
    )
    swot_items = relationship(
        SwotItem, secondary=swot_item_orientations, back_populates="orientations"
    )
    versions = relationship(
        "OrientationVersion",
        back_populates="orientation",
        order_by="OrientationVersion.version",
        cascade="all, delete-orphan",
    )

    @property
    def label(self) -> str:
        return translated(self.title)

    @property
    def family_label(self) -> str:
        return translated(self.family_title) or self.label


class Action(db.Model):
    """An action under an orientation: an example from the diagnostic or a family proposal."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(f"origin IN ({sql_in(ActionOrigin)})", name="origin_known"),
        CheckConstraint("position >= 0", name="position_positive"),
        CheckConstraint(f"status IN ({sql_in(ActionStatus)})", name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    orientation_id: Mapped[int] = mapped_column(
        ForeignKey("orientations.id", ondelete="CASCADE"), index=True
    )
    # Order within the orientation.
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[dict] = mapped_column(TranslatedText)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    # Per audience, as for orientations: what families read instead of the professional title.
    family_wording: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    origin: Mapped[str] = mapped_column(String(20), default=ActionOrigin.EXAMPLE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Follow-up: a family's adopted idea stays "proposed" until a decision retains it.
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.RETAINED.value)
    # Percent done, as the lead partner reports it.
    progress: Mapped[int] = mapped_column(default=0)

    orientation = relationship(Orientation, back_populates="actions")

    @property
    def label(self) -> str:
        return translated(self.title)

    @property
    def is_live(self) -> bool:
        """Offered in forms and shown to families: decided, not proposed nor dropped."""
        return self.status in LIVE_ACTION_STATUSES


class OrientationVersion(db.Model):
    """An orientation's wording and validation as they stood before a change: the 2021
    validation stays readable after the steering committee amends it."""

    __tablename__ = "orientation_versions"
    __table_args__ = (UniqueConstraint("orientation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    orientation_id: Mapped[int] = mapped_column(
        ForeignKey("orientations.id", ondelete="CASCADE"), index=True
    )
    # 1 for the first wording, counting up.
    version: Mapped[int]
    title: Mapped[dict] = mapped_column(TranslatedText)
    family_title: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    description: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    validated_on: Mapped[date | None]
    validated_by: Mapped[str] = mapped_column(String(200), default="")
    # When it was replaced, and why ("Amended by the steering committee of ...").
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    replaced_because: Mapped[str] = mapped_column(String(300), default="")

    orientation = relationship(Orientation, back_populates="versions")

    @property
    def label(self) -> str:
        return translated(self.title)
