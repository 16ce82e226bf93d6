from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import false as sql_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultation.standing import Standing
from consult.consultation.vocabulary import (
    AgeBand,
    Audience,
    ChannelKind,
    Mode,
    Purpose,
    Status,
)
from consult.core.db import utcnow
from consult.core.translatable import TranslatedText, translated
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.diagnostic.vocabulary import Quadrant, sql_in
from consult.extensions import db

consultation_orientations = Table(
    "consultation_orientations",
    db.metadata,
    db.Column(
        "consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column(
        "orientation_id", ForeignKey("orientations.id", ondelete="CASCADE"), primary_key=True
    ),
)

consultation_axes = Table(
    "consultation_axes",
    db.metadata,
    db.Column(
        "consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    ),
    db.Column("axis_id", ForeignKey("axes.id", ondelete="CASCADE"), primary_key=True),
)


class Consultation(db.Model):
    """A campaign asking families about the diagnostic."""

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(Status)})", name="status_known"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("retention_days BETWEEN 30 AND 3650", name="retention_range"),
        CheckConstraint("time_budget_seconds BETWEEN 30 AND 1200", name="time_budget_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(
        ForeignKey("territories.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[dict] = mapped_column(TranslatedText)
    # Shown on the first screen: why we ask, in a few words.
    intro: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    # Shown on the thanks page, and as the public summary once results are published.
    restitution: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    # When results will be shared with families, told on the thanks page.
    results_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT.value)
    # Language codes offered to respondents; French always included.
    languages: Mapped[list] = mapped_column(JSON, default=list)
    # Respondent kinds asked (keys of RESPONDENT_KINDS).
    audiences: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Days after closing during which the raw free text is kept; `flask consult purge`
    # then deletes it, keeping what was coded from it and the counts.
    retention_days: Mapped[int] = mapped_column(default=365, server_default="365")
    # When the raw free text was purged; None while it is still kept.
    free_text_purged_at: Mapped[datetime | None]
    # How long the path should take a respondent: the action questions shown to each are
    # chosen to fit (consult/consultation/rotation.py).
    time_budget_seconds: Mapped[int] = mapped_column(default=120, server_default="120")

    # Named on every public page, so a family knows whose consultation it is answering.
    territory = relationship(Territory)
    orientations = relationship(
        Orientation, secondary=consultation_orientations, order_by=Orientation.number
    )
    axes = relationship(Axis, secondary=consultation_axes, order_by=Axis.number)
    questions = relationship(
        "Question",
        back_populates="consultation",
        order_by=lambda: [Question.audience, Question.screen, Question.position, Question.id],
        cascade="all, delete-orphan",
    )
    channels = relationship(
        "Channel",
        back_populates="consultation",
        order_by="Channel.id",
        cascade="all, delete-orphan",
    )

    @property
    def label(self) -> str:
        return translated(self.title)

    def is_accepting(self, today: date) -> bool:
        return self.status == Status.OPEN and self.opens_on <= today <= self.closes_on


class Question(db.Model):
    """One question, typed by what its answer feeds in the diagnostic model."""

    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(f"purpose IN ({sql_in(Purpose)})", name="purpose_known"),
        CheckConstraint(f"audience IN ({sql_in(Audience)})", name="audience_known"),
        CheckConstraint(
            f"quadrant IS NULL OR quadrant IN ({sql_in(Quadrant)})", name="quadrant_known"
        ),
        CheckConstraint("screen BETWEEN 2 AND 9", name="screen_range"),
        CheckConstraint("max_choices BETWEEN 1 AND 10", name="max_choices_range"),
        # What the answer feeds is decided by the purpose: a question never feeds nothing.
        # A priority, an action choice or a proposal is always about one orientation.
        CheckConstraint(
            "purpose NOT IN ('priority', 'action_choice', 'proposal') "
            "OR orientation_id IS NOT NULL",
            name="orientation_when_needed",
        ),
        CheckConstraint("purpose <> 'swot' OR quadrant IS NOT NULL", name="quadrant_when_swot"),
        # Only a SWOT prompt feeds a quadrant; a profile question feeds no orientation or axis.
        CheckConstraint("purpose = 'swot' OR quadrant IS NULL", name="quadrant_only_swot"),
        CheckConstraint(
            "purpose <> 'profile' OR (orientation_id IS NULL AND axis_id IS NULL)",
            name="profile_feeds_profile",
        ),
        CheckConstraint("times_shown >= 0", name="times_shown_positive"),
        # Children are never asked about threats.
        CheckConstraint("NOT (audience = 'child' AND quadrant = 'threat')", name="no_threat_child"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    # Who is asked: parents, children or young people, each in words made for them.
    audience: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(20))
    # The screen it appears on (screen 1 asks who is answering); order within it.
    screen: Mapped[int] = mapped_column(default=2)
    position: Mapped[int] = mapped_column(default=0)
    # What the answer feeds.
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientations.id", ondelete="CASCADE")
    )
    axis_id: Mapped[int | None] = mapped_column(ForeignKey("axes.id", ondelete="SET NULL"))
    quadrant: Mapped[str | None] = mapped_column(String(20))
    max_choices: Mapped[int] = mapped_column(default=2)
    # Choices of a profile question (school or neighbourhood names).
    options: Mapped[list] = mapped_column(JSON, default=list)
    # The wording; for a priority, empty means the orientation's family title.
    prompt: Mapped[dict] = mapped_column(TranslatedText, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
    # How many respondents were given it so far (rotated questions are balanced on it).
    times_shown: Mapped[int] = mapped_column(default=0, server_default="0")

    consultation = relationship(Consultation, back_populates="questions")
    orientation = relationship(Orientation)
    axis = relationship(Axis)

    @property
    def label_texts(self) -> dict:
        """The wording shown: the prompt, or else the default wording for its audience built
        from the territory's own orientation (consult/consultation/wording.py)."""
        if self.prompt:
            return self.prompt
        from consult.consultation.wording import default_label

        return default_label(self)

    @property
    def label(self) -> str:
        return translated(self.label_texts)


class Channel(db.Model):
    """One access point to a consultation: a school gate, a poster, a stand, a flyer."""

    __tablename__ = "channels"
    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(ChannelKind)})", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    # Unguessable, short enough to type from a poster.
    token: Mapped[str] = mapped_column(String(16), unique=True)
    # Optional focus: its action-choice question comes first.
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientations.id", ondelete="SET NULL")
    )
    # A retired channel's QR code leads to a helpful page, not the form.
    is_retired: Mapped[bool] = mapped_column(default=False)
    # When its poster, flyer or QR code was first downloaded: the channel is ready to go out.
    printed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation = relationship(Consultation, back_populates="channels")
    orientation = relationship(Orientation)

    # A real access point; a staff preview stands in for one (consult/consultation/preview.py).
    is_preview = False


class ScanCount(db.Model):
    """How many times a channel's QR code or link was opened on a day: nothing about anyone."""

    __tablename__ = "scan_counts"
    __table_args__ = (UniqueConstraint("channel_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    day: Mapped[date]
    count: Mapped[int] = mapped_column(default=0)


class Draft(db.Model):
    """Answers given so far on one device, until sent. Never counted as a response; purged
    after a day. Holds no identity: only a random token the device keeps in a cookie."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channels.id", ondelete="SET NULL"))
    respondent_kind: Mapped[str | None] = mapped_column(String(20))
    # Started from a staff member's preview: what it sends is stored as a test.
    is_test: Mapped[bool] = mapped_column(default=False, server_default=sql_false())
    # question id (as text) -> the value given.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # A screen that was refused (too many ticks, sent too fast...) answers with a redirect; the
    # page after it shows what was ticked and why from here: {"screen", "values", "notice"}.
    # Never read by the submission, so an unchecked value cannot become an answer.
    pending: Mapped[dict | None] = mapped_column(JSON)
    # The rotated questions (ids) this respondent is given, chosen once they said who they are.
    rotated_question_ids: Mapped[list | None] = mapped_column(JSON)
    # For the minimum fill time; deleted with the draft.
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Response(db.Model):
    """One person's (or one group's) answers. Anonymous: no name, contact, address or time."""

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(f"audience IN ({sql_in(Audience)})", name="audience_known"),
        CheckConstraint(
            f"age_band IS NULL OR age_band IN ({sql_in(AgeBand)})", name="age_band_known"
        ),
        CheckConstraint(f"mode IN ({sql_in(Mode)})", name="mode_known"),
        CheckConstraint(
            "group_size IS NULL OR group_size BETWEEN 2 AND 500", name="group_size_range"
        ),
        CheckConstraint(f"standing IN ({sql_in(Standing)})", name="standing_known"),
        Index("ix_responses_consultation_day", "consultation_id", "submitted_on"),
        # The participation dashboard's one pass reads these columns only; the standing
        # comes second, as every figure asks for one standing (consultation/standing.py).
        Index(
            "ix_responses_participation",
            "consultation_id",
            "standing",
            "submitted_on",
            "audience",
            "age_band",
            "language",
            "mode",
            "channel_id",
            "group_size",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("channels.id", ondelete="SET NULL"), index=True
    )
    audience: Mapped[str] = mapped_column(String(10))
    age_band: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(8))
    # The day only, never the time.
    submitted_on: Mapped[date]
    mode: Mapped[str] = mapped_column(String(10), default=Mode.SELF.value)
    group_size: Mapped[int | None]
    # Chosen by the device for this submission: a retried or double-tapped send stores once.
    client_token: Mapped[str] = mapped_column(String(64), unique=True)
    # The outreach session it was collected in (kiosk, group or paper), if any.
    outreach_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_sessions.id", ondelete="SET NULL"), index=True
    )
    # Arrived from a device's offline queue after its session was closed.
    is_late: Mapped[bool] = mapped_column(default=False, server_default=sql_false())
    # SHA-256 of what a device sent: the same client token with other content is refused.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # What was written on a paper form keyed in: the session reference and sheet number.
    paper_reference: Mapped[str | None] = mapped_column(String(40))
    # For a group answer: which respondent kinds were present (keys of RESPONDENT_KINDS).
    group_audiences: Mapped[list | None] = mapped_column(JSON)
    # Whether it counts in figures, or is set apart (a test from a preview): see standing.py.
    standing: Mapped[str] = mapped_column(
        String(10), default=Standing.COUNTED.value, server_default=Standing.COUNTED.value
    )
    # Why it was held (consultation/flood.py), comma-separated; kept after a release or a
    # discard, so the trail shows what the signals saw.
    held_reasons: Mapped[str] = mapped_column(String(60), default="", server_default="")

    answers = relationship("Answer", back_populates="response", cascade="all, delete-orphan")
    # Which questions it was shown (the denominators of the results).
    exposures = relationship("QuestionExposure", cascade="all, delete-orphan", passive_deletes=True)
    channel = relationship(Channel)


class Answer(db.Model):
    """One answer, typed by what it feeds: a priority, a chosen action, a SWOT text, a profile."""

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint(f"purpose IN ({sql_in(Purpose)})", name="purpose_known"),
        CheckConstraint(
            f"quadrant IS NULL OR quadrant IN ({sql_in(Quadrant)})", name="quadrant_known"
        ),
        CheckConstraint("priority IS NULL OR priority BETWEEN 1 AND 3", name="priority_range"),
        CheckConstraint(
            "moderation IS NULL OR moderation IN ('pending', 'approved', 'redacted', 'hidden')",
            name="moderation_known",
        ),
        Index("ix_answers_question", "question_id"),
        Index("ix_answers_response", "response_id"),
        Index("ix_answers_moderation", "moderation"),
        CheckConstraint(f"standing IN ({sql_in(Standing)})", name="standing_known"),
        Index("ix_answers_swot_item", "swot_item_id"),
        # Deleting an action, orientation or axis sets these to NULL: without an index each
        # delete scans every answer.
        Index("ix_answers_action", "action_id"),
        Index("ix_answers_adopted_action", "adopted_action_id"),
        Index("ix_answers_orientation", "orientation_id"),
        Index("ix_answers_axis", "axis_id"),
        # Results read these columns only: an index scan, no table lookups. The standing is
        # asked with an equality, so it comes right after the consultation.
        Index(
            "ix_answers_tally",
            "consultation_id",
            "standing",
            "purpose",
            "orientation_id",
            "audience",
            "priority",
            "weight",
        ),
        # The moderation queue and its counts; coded_at for "approved, not yet coded".
        Index(
            "ix_answers_review", "consultation_id", "standing", "purpose", "moderation", "coded_at"
        ),
        Index(
            "ix_answers_actions", "consultation_id", "standing", "purpose", "action_id", "weight"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    # Copied from the response on insert (a response never changes), so results are counted
    # from this table alone.
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(10))
    # How many people the answer speaks for: a group's size, else 1.
    weight: Mapped[int] = mapped_column(default=1)
    standing: Mapped[str] = mapped_column(
        String(10), default=Standing.COUNTED.value, server_default=Standing.COUNTED.value
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(20))
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientations.id", ondelete="SET NULL")
    )
    axis_id: Mapped[int | None] = mapped_column(ForeignKey("axes.id", ondelete="SET NULL"))
    quadrant: Mapped[str | None] = mapped_column(String(20))
    # Priority on the scale 1 (not a priority) to 3 (very important).
    priority: Mapped[int | None]
    # One chosen action per answer row.
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"))
    # Free text, or the chosen profile option.
    text: Mapped[str | None] = mapped_column(Text)
    # Free text waits for a coordinator: pending, approved, redacted or hidden.
    moderation: Mapped[str | None] = mapped_column(String(10))
    # Set on arrival: likely personal data or insults (comma-separated: email, phone, ...).
    flags: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The French meaning, written by a coordinator for an answer in another language.
    french_text: Mapped[str | None] = mapped_column(Text)
    # The SWOT item this contribution supports, once coded.
    swot_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_items.id", ondelete="SET NULL")
    )
    # When a coordinator confirmed its coding (axis x quadrant x orientation).
    coded_at: Mapped[datetime | None]
    # The action created from this proposal, when a coordinator adopted it.
    adopted_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL")
    )

    response = relationship(Response, back_populates="answers")
    question = relationship(Question)
    orientation = relationship(Orientation)
    axis = relationship(Axis)
    action = relationship(Action, foreign_keys=[action_id])
    adopted_action = relationship(Action, foreign_keys=[adopted_action_id])
    swot_item = relationship(SwotItem)


class QuestionExposure(db.Model):
    """A response was shown a question: the denominator of that question's results. Nothing
    else: no time, nothing about the person. Weight is the response's (a group's size)."""

    __tablename__ = "question_exposures"
    __table_args__ = (
        CheckConstraint("weight BETWEEN 1 AND 500", name="weight_range"),
        # Results count per question from this index alone, the few responses that do not
        # count set apart by their id (migration 0035).
        Index("ix_question_exposures_question", "question_id", "weight", "response_id"),
    )

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    weight: Mapped[int] = mapped_column(default=1)


@event.listens_for(Answer, "before_insert")
def _copy_from_response(mapper, connection, answer: Answer) -> None:
    response = answer.response
    if response is None:
        response = db.session.get(Response, answer.response_id)
    answer.consultation_id = response.consultation_id
    answer.audience = response.audience
    answer.weight = response.group_size or 1
    answer.standing = response.standing or Standing.COUNTED.value
