"""Reads of outreach, always scoped to a territory."""

from sqlalchemy import case, func, select

from consult.accounts.models import User, user_territories
from consult.consultation import queries as consultation_queries
from consult.consultation.models import Consultation, Question, Response
from consult.consultation.standing import counts_in_figures
from consult.consultation.vocabulary import RESPONDENT_KINDS, Mode
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.outreach.models import OutreachSession


def sessions(territory: Territory) -> list[OutreachSession]:
    return list(
        db.session.scalars(
            select(OutreachSession)
            .filter_by(territory_id=territory.id)
            .order_by(OutreachSession.held_on.desc(), OutreachSession.id.desc())
        )
    )


def staff(territory: Territory) -> list[User]:
    """Staff members of the territory: who may be named as a session's facilitators (inactive
    accounts too, so a past session that names them can still be edited)."""
    return list(
        db.session.scalars(
            select(User)
            .join(user_territories, user_territories.c.user_id == User.id)
            .where(user_territories.c.territory_id == territory.id)
            .order_by(func.lower(User.display_name), User.id)
        )
    )


def session_in(territory: Territory, session_id: int) -> OutreachSession | None:
    session = db.session.get(OutreachSession, session_id)
    if session is None or session.territory_id != territory.id:
        return None
    return session


def response_counts(session_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Response.outreach_session_id, func.count(Response.id))
        .where(Response.outreach_session_id.in_(session_ids), counts_in_figures(Response))
        .group_by(Response.outreach_session_id)
    )
    return dict(rows.all())


def summary(session: OutreachSession) -> dict:
    """What a session collected: answers by mode and audience, and how many people they speak
    for (a group answer speaks for its group; it is never counted as one person)."""
    rows = db.session.execute(
        select(
            Response.mode,
            Response.audience,
            func.count(Response.id),
            func.coalesce(func.sum(Response.group_size), 0),
            func.sum(case((Response.is_late, 1), else_=0)),
        )
        .where(Response.outreach_session_id == session.id, counts_in_figures(Response))
        .group_by(Response.mode, Response.audience)
    ).all()
    by_mode = {mode.value: 0 for mode in Mode}
    by_audience: dict[str, int] = {}
    people = 0
    late = 0
    group_people = 0
    for mode, audience, count, group_total, late_count in rows:
        by_mode[mode] = by_mode.get(mode, 0) + count
        by_audience[audience] = by_audience.get(audience, 0) + count
        late += int(late_count or 0)
        if mode == Mode.GROUP:
            people += int(group_total)
            group_people += int(group_total)
        else:
            people += count
    total = sum(by_mode.values())
    return {
        "total": total,
        "by_mode": by_mode,
        "by_audience": by_audience,
        "people_represented": people,
        "group_people": group_people,
        "late": late,
    }


def group_answers(session: OutreachSession) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .filter_by(outreach_session_id=session.id, mode=Mode.GROUP.value)
            .order_by(Response.id)
        )
    )


def questions_for_audience(consultation: Consultation, audience: str) -> list[Question]:
    """The questions one audience is asked, in the order respondents see them."""
    kind = next(kind for kind, (value, _) in RESPONDENT_KINDS.items() if value == audience)
    questions = consultation_queries.questions_for(consultation, kind)
    return sorted(questions, key=lambda question: (question.screen, question.position, question.id))


def questions_for_kind(consultation: Consultation, kind: str) -> list[Question]:
    return sorted(
        consultation_queries.questions_for(consultation, kind),
        key=lambda question: (question.screen, question.position, question.id),
    )


def audiences_of(consultation: Consultation) -> list[str]:
    """The audiences (parent, child, young) a consultation asks, in a stable order."""
    asked = []
    for kind in consultation.audiences:
        audience = RESPONDENT_KINDS[kind][0].value
        if audience not in asked:
            asked.append(audience)
    return asked
