from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import utcnow
from consult.diagnostic.models import Axis, Orientation, SwotItem, Workshop
from consult.extensions import db

PAIR_KINDS = ("SO", "WO", "ST", "WT")


class CrossingPair(db.Model):
    """One cell of the crossing: an internal item (strength or weakness) met with an external
    one (opportunity or threat), and the orientation that answer supports."""

    __tablename__ = "crossing_pairs"
    __table_args__ = (
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{kind}'" for kind in PAIR_KINDS)),
            name="kind_known",
        ),
        CheckConstraint("internal_item_id != external_item_id", name="two_items"),
        UniqueConstraint("internal_item_id", "external_item_id"),
        Index("ix_crossing_pairs_territory_axis", "territory_id", "axis_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"))
    axis_id: Mapped[int] = mapped_column(ForeignKey("axes.id", ondelete="CASCADE"))
    internal_item_id: Mapped[int] = mapped_column(
        ForeignKey("swot_items.id", ondelete="CASCADE"), index=True
    )
    external_item_id: Mapped[int] = mapped_column(
        ForeignKey("swot_items.id", ondelete="CASCADE"), index=True
    )
    # SO: use a strength to seize an opportunity; WO, ST, WT likewise.
    kind: Mapped[str] = mapped_column(String(2))
    # None: the pair is "not covered by any orientation" yet.
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientations.id", ondelete="SET NULL")
    )
    # The Temps 2 workshop that made it.
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))
    # Demo pairs where the diagnostic does not say which items were crossed.
    is_illustrative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    axis = relationship(Axis)
    internal = relationship(SwotItem, foreign_keys=[internal_item_id])
    external = relationship(SwotItem, foreign_keys=[external_item_id])
    orientation = relationship(Orientation)
    workshop = relationship(Workshop)
