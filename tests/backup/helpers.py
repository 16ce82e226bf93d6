"""A database with something in every table, and a row-by-row picture of it."""

from datetime import date, datetime

from sqlalchemy import JSON, Text, cast, inspect, select, text
from sqlalchemy.engine import Engine

from consult.accounts.models import StaffSession, User
from consult.audit.models import StaffEvent
from consult.consultation.models import (
    Answer,
    Channel,
    Draft,
    Question,
    QuestionExposure,
    Response,
    ScanCount,
)
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.outreach.models import OutreachSession
from consult.review.models import ModerationEvent, ParticipationTarget

ARABIC_WITH_EMOJI = "المدرسة قريبة من البيت، والمعلمون لطفاء 🏫👍🏽"


def fill_every_table(territory: Territory) -> None:
    """Beyond the demo: staff with territories, responses with Arabic and emoji, a group
    answer, a moderation event, an outreach session, a draft, scans and a target."""
    consultation = territory_consultation(territory)
    gate = db.session.scalars(select(Channel).filter_by(consultation_id=consultation.id)).first()
    coordinator = User(
        email="coordinatrice@example.org",
        display_name="Nadia Benali",
        role="coordinator",
        # Beyond 32 bits: a BigInteger must come back whole.
        totp_secret="JBSWY3DPEHPK3PXP",
        totp_last_step=59_000_000_123,
        created_at=datetime(2026, 3, 1, 9, 15, 30, 123456),
    )
    coordinator.set_password("correct-horse-battery-staple")
    coordinator.territories = [territory]
    consultation.retention_days = 400
    consultation.free_text_purged_at = datetime(2026, 11, 2, 23, 59, 59, 999999)

    session = OutreachSession(
        territory_id=territory.id,
        consultation_id=consultation.id,
        channel_id=gate.id,
        place="Marché du Val — stand « Parlons école »",
        partner="Maison des Solidarités",
        held_on=date(2026, 10, 14),
        people_met=37,
        languages=["fr", "ar", "tr"],
        notes="Beaucoup de familles arabophones 🙂\nSecond line.",
        reference="MARCHE01",
        facilitators=[coordinator],
    )
    db.session.add_all([coordinator, session])
    db.session.flush()
    db.session.add_all(
        [
            StaffEvent(
                at=datetime(2026, 10, 16, 8, 0, 1, 654321),
                actor_id=coordinator.id,
                actor_label=coordinator.email,
                territory_id=territory.id,
                action="export.download",
                target="answers.csv",
                detail="audience=parent",
            ),
            StaffSession(
                id="cd" * 32,
                user_id=coordinator.id,
                created_at=datetime(2026, 10, 16, 7, 59, 0, 1),
                kiosk_locked_at=datetime(2026, 10, 16, 9, 30, 0, 250000),
                kiosk_path=f"/admin/{territory.slug}/outreach/kiosk/{session.id}/",
            ),
        ]
    )
    swot_question = db.session.scalars(
        select(Question).filter_by(consultation_id=consultation.id, purpose="swot")
    ).first()
    alone = Response(
        consultation_id=consultation.id,
        channel_id=gate.id,
        audience="parent",
        language="ar",
        submitted_on=date(2026, 10, 14),
        client_token="token-arabic",
        outreach_session_id=session.id,
        content_hash="ab" * 32,
        # SQL NULL: never set.
    )
    group = Response(
        consultation_id=consultation.id,
        audience="young",
        age_band="11_15",
        language="fr",
        submitted_on=date(2026, 10, 15),
        mode="group",
        group_size=6,
        client_token="token-group",
        paper_reference="MARCHE01-3",
        is_late=True,
        group_audiences=["young_11_15", "parent"],
    )
    json_null = Response(
        consultation_id=consultation.id,
        audience="child",
        age_band="under_11",
        language="uk",
        submitted_on=date(2026, 10, 16),
        client_token="token-json-null",
        # Sent from a preview: a standing other than the default must come back as it was.
        standing="test",
    )
    # A JSON null, which must stay different from the SQL NULL above.
    json_null.group_audiences = JSON.NULL
    written = Answer(
        response=alone,
        question_id=swot_question.id,
        purpose="swot",
        quadrant=swot_question.quadrant,
        text=ARABIC_WITH_EMOJI,
        moderation="approved",
        flags="name,phone",
        french_text="L'école est proche de la maison, et les enseignants sont gentils.",
        coded_at=datetime(2026, 10, 20, 8, 0, 0, 1),
    )
    group_answer = Answer(
        response=group,
        question_id=swot_question.id,
        purpose="swot",
        quadrant=swot_question.quadrant,
        text="Des « quotes », des 'apostrophes', un \\ et un\ttab.",
        moderation="pending",
    )
    alone.exposures.append(QuestionExposure(question_id=swot_question.id, weight=1))
    group.exposures.append(QuestionExposure(question_id=swot_question.id, weight=6))
    db.session.add_all([alone, group, json_null, written, group_answer])
    db.session.flush()
    db.session.add_all(
        [
            ModerationEvent(
                answer_id=written.id,
                user_id=coordinator.id,
                decision="approve",
                detail="Approuvé ✅",
                at=datetime(2026, 10, 20, 8, 0, 0, 654321),
            ),
            Draft(
                token="draft-token",
                consultation_id=consultation.id,
                channel_id=gate.id,
                respondent_kind="parent",
                answers={"12": "نعم", "13": ["a", "b"], "14": None},
            ),
            ScanCount(channel_id=gate.id, day=date(2026, 10, 14), count=12),
            StaffEvent(
                at=datetime(2026, 10, 21, 17, 30, 0, 42),
                actor_id=coordinator.id,
                actor_label=coordinator.email,
                territory_id=territory.id,
                action="consultation.purge_tests",
                target=f"Consultation {consultation.id}",
                detail="2 test responses deleted",
            ),
            ParticipationTarget(
                consultation_id=consultation.id,
                label="Parents d'élèves",
                audience="parent",
                target=200,
            ),
        ]
    )
    _fill_governance(territory, written, coordinator)
    db.session.commit()


def _fill_governance(territory, written, coordinator) -> None:
    """An earlier wording, an update, an indicator with a value, a chosen quote, and signed
    minutes as bytes, beyond what the demo's process loads."""
    from consult.diagnostic.models import Action, Orientation, SwotItem
    from consult.diagnostic.operations import keep_version
    from consult.followup.models import ActionUpdate, Indicator, IndicatorValue
    from consult.governance.models import TimelineEvent
    from consult.review.models import AnswerAdditionalItem, ReportQuote

    orientation = db.session.scalars(
        select(Orientation).filter_by(territory_id=territory.id).order_by(Orientation.number)
    ).first()
    keep_version(orientation, "Amendée par le comité de pilotage le 01/12/2026")
    action = orientation.actions[0]
    indicator = Indicator(action_id=action.id, label="Parents reçus", unit="personnes",
                          baseline=12.5, target=40.0)  # fmt: skip
    indicator.values.append(IndicatorValue(year=2026, value=23.0))
    meeting = db.session.scalars(
        select(TimelineEvent).filter_by(territory_id=territory.id, kind="meeting")
    ).first()
    # Every byte value, so a binary column must come back whole.
    meeting.minutes_pdf = b"%PDF-1.4\n" + bytes(range(256))
    meeting.minutes_pdf_name = "compte-rendu copil.pdf"
    db.session.add_all(
        [
            indicator,
            ActionUpdate(
                action_id=action.id,
                dated_on=date(2026, 11, 30),
                text={"fr": "Premier café réalisé.", "ar": "أُقيم المقهى الأول 🙂"},
                status="in_progress",
                progress=25,
                author_id=coordinator.id,
            ),
            ReportQuote(answer_id=written.id, chosen_by_id=coordinator.id),
        ]
    )
    # An answer that speaks of two things: its first item, and one more.
    first, second = db.session.scalars(
        select(SwotItem).filter_by(territory_id=territory.id).order_by(SwotItem.id).limit(2)
    )
    written.swot_item_id = first.id
    db.session.add(
        AnswerAdditionalItem(
            answer_id=written.id,
            swot_item_id=second.id,
            attached_at=datetime(2026, 10, 20, 8, 5, 0, 123456),
        )
    )
    assert isinstance(action, Action)


def territory_consultation(territory: Territory):
    from consult.consultation.models import Consultation

    return db.session.scalars(select(Consultation).filter_by(territory_id=territory.id)).first()


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, as Python values; JSON columns also as the
    text stored, so a JSON null and a SQL NULL do not look the same."""
    pictures = {}
    with engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = list(table.columns)
            columns += [cast(c, Text) for c in table.columns if isinstance(c.type, JSON)]
            query = select(*columns).order_by(*table.primary_key.columns)
            pictures[table.name] = [tuple(row) for row in connection.execute(query)]
    return pictures


def empty_every_table(engine: Engine) -> None:
    """Like a new database: no rows, and on PostgreSQL every id sequence back to 1."""
    names = set(inspect(engine).get_table_names())
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name in names]
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            listed = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {listed} RESTART IDENTITY"))
        else:
            for table in tables:
                connection.execute(table.delete())
