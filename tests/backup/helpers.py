"""A database with something in every table, and a row-by-row picture of it."""

from datetime import date, datetime

from sqlalchemy import JSON, Text, cast, inspect, select, text
from sqlalchemy.engine import Engine

from consult.accounts.models import StaffSession, User
from consult.audit.models import StaffEvent
from consult.consultation.models import Answer, Channel, Draft, Question, Response, ScanCount
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
            ParticipationTarget(
                consultation_id=consultation.id,
                label="Parents d'élèves",
                audience="parent",
                target=200,
            ),
        ]
    )
    db.session.commit()


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
