from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.db import utcnow
from consult.core.translatable import TranslatedText, translated
from consult.diagnostic.models import Action
from consult.diagnostic.vocabulary import ActionStatus
from consult.diagnostic.vocabulary import sql_in as diagnostic_sql_in
from consult.extensions import db
from consult.followup.vocabulary import Funder, PartnerRole, Public, sql_in
from consult.governance.models import Partner


class ActionUpdate(db.Model):
    """A dated word on how an action is going; families read the last one."""

    __tablename__ = "action_updates"
    __table_args__ = (
        CheckConstraint(f"status IN ({diagnostic_sql_in(ActionStatus)})", name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_action_updates_action_dated", "action_id", "dated_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    dated_on: Mapped[date]
    # Plain words, French required, other languages optional.
    text: Mapped[dict] = mapped_column(TranslatedText)
    # The action's status and progress as this update set them.
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action = relationship(Action)

    @property
    def label(self) -> str:
        return translated(self.text)


class ActionPartner(db.Model):
    """A partner leading or co-leading an action; one lead at most."""

    __tablename__ = "action_partners"
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_in(PartnerRole)})", name="role_known"),
        Index(
            "ix_action_partners_one_lead",
            "action_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            postgresql_where=text("role = 'lead'"),
        ),
    )

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(10))

    partner = relationship(Partner)


class ActionPublic(db.Model):
    """Who an action is for."""

    __tablename__ = "action_publics"
    __table_args__ = (CheckConstraint(f"public IN ({sql_in(Public)})", name="public_known"),)

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    public: Mapped[str] = mapped_column(String(20), primary_key=True)


class FundingLine(db.Model):
    """One funder's amount for an action in one year: the provisional funding table is the
    sum of these lines."""

    __tablename__ = "funding_lines"
    __table_args__ = (
        CheckConstraint(f"funder IN ({sql_in(Funder)})", name="funder_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("amount BETWEEN 0 AND 100000000", name="amount_range"),
        UniqueConstraint("action_id", "funder", "funder_detail", "year"),
        Index("ix_funding_lines_action_year", "action_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    funder: Mapped[str] = mapped_column(String(20))
    # Which one, when "other" or to name the local authority ("Ville", "Département").
    funder_detail: Mapped[str] = mapped_column(String(120), default="")
    year: Mapped[int]
    # Whole euros.
    amount: Mapped[int]
    # Demo amounts: the diagnostic does not publish its funding table.
    is_illustrative: Mapped[bool] = mapped_column(default=False)

    action = relationship(Action)


class Indicator(db.Model):
    """An optional measure of an action: a baseline, a target and yearly values."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("action_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    # What families read on the public page, language -> text; the label when there is none.
    public_label: Mapped[dict | None] = mapped_column(TranslatedText)

    values = relationship(
        "IndicatorValue", order_by="IndicatorValue.year", cascade="all, delete-orphan"
    )

    @property
    def family_label(self) -> str:
        return translated(self.public_label) if self.public_label else self.label

    @property
    def latest(self) -> "IndicatorValue | None":
        return self.values[-1] if self.values else None


class IndicatorValue(db.Model):
    __tablename__ = "indicator_values"
    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),)

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
