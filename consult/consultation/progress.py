"""Where a consultation stands, step by step, and what the territory's staff should do next.

Read from the consultation's own rows; every count of answers goes through the one filter of
consult/consultation/standing.py, so a preview's tests never tick a step."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from consult.consultation import coverage, queries
from consult.consultation.models import Answer, Consultation
from consult.consultation.standing import counts_in_figures
from consult.consultation.vocabulary import Purpose, Status
from consult.diagnostic.models import Territory
from consult.extensions import db

VISIBLE = ("approved", "redacted")
# An open consultation closing within this many days is flagged on the home page.
CLOSING_SOON = timedelta(days=14)


@dataclass
class WrittenAnswers:
    """A consultation's written answers (counted ones only), by what they still need."""

    total: int = 0
    to_moderate: int = 0
    to_code: int = 0


def written_answers(consultation_ids: list[int]) -> dict[int, WrittenAnswers]:
    if not consultation_ids:
        return {}
    pending = func.sum(case((Answer.moderation == "pending", 1), else_=0))
    uncoded = func.sum(
        case((Answer.moderation.in_(VISIBLE) & Answer.coded_at.is_(None), 1), else_=0)
    )
    rows = db.session.execute(
        select(Answer.consultation_id, func.count(Answer.id), pending, uncoded)
        .where(
            Answer.consultation_id.in_(consultation_ids),
            counts_in_figures(Answer),
            Answer.purpose == Purpose.SWOT.value,
        )
        .group_by(Answer.consultation_id)
    )
    return {
        consultation_id: WrittenAnswers(int(total), int(to_moderate or 0), int(to_code or 0))
        for consultation_id, total, to_moderate, to_code in rows
    }


@dataclass
class Step:
    key: str
    done: bool
    # What the template says beside the step (counts, names).
    facts: dict = field(default_factory=dict)


def checklist(consultation: Consultation) -> list[Step]:
    """The steps from a draft to published results, each done or not."""
    kinds = consultation.audiences
    missing_kinds = [kind for kind in kinds if not queries.questions_for(consultation, kind)]
    languages = coverage.language_coverage(consultation, consultation.languages)
    missing_languages = [
        row["language"] for row in languages if row["content_done"] < row["content_total"]
    ]
    channels = [channel for channel in consultation.channels if not channel.is_retired]
    unprinted = [channel for channel in channels if channel.printed_at is None]
    responses = queries.response_counts([consultation.id]).get(consultation.id, 0)
    written = written_answers([consultation.id]).get(consultation.id, WrittenAnswers())
    return [
        Step("questions", bool(kinds) and not missing_kinds, {"missing": missing_kinds}),
        Step(
            "languages",
            not missing_languages,
            {"missing": missing_languages, "count": len(consultation.languages)},
        ),
        Step(
            "channels",
            bool(channels) and not unprinted,
            {"channels": len(channels), "unprinted": [channel.name for channel in unprinted]},
        ),
        Step("opened", consultation.status != Status.DRAFT),
        Step("answers", responses > 0, {"responses": responses}),
        Step(
            "moderated",
            written.total > 0 and written.to_moderate == 0,
            {"written": written.total, "to_moderate": written.to_moderate},
        ),
        Step(
            "coded",
            written.total > written.to_moderate and written.to_code == 0,
            {"to_code": written.to_code},
        ),
        Step("published", consultation.status == Status.PUBLISHED),
    ]


@dataclass
class Todo:
    key: str
    consultation: Consultation
    count: int = 0


def next_steps(territory: Territory, today: date) -> tuple[list[Consultation], list[Todo]]:
    """The consultations under way (drafts and open ones), and what needs doing next across
    the territory: answers to moderate and to code, consultations closing soon or waiting
    for their results to be published."""
    consultations = queries.consultations(territory)
    under_way = [item for item in consultations if item.status in (Status.DRAFT, Status.OPEN)]
    written = written_answers([item.id for item in consultations])
    todos = []
    for item in consultations:
        counts = written.get(item.id, WrittenAnswers())
        if counts.to_moderate:
            todos.append(Todo("moderate", item, counts.to_moderate))
        if counts.to_code:
            todos.append(Todo("code", item, counts.to_code))
        if item.status == Status.OPEN and today <= item.closes_on <= today + CLOSING_SOON:
            todos.append(Todo("closing", item, (item.closes_on - today).days))
        if item.status == Status.OPEN and item.closes_on < today:
            todos.append(Todo("close", item))
        if item.status == Status.CLOSED:
            todos.append(Todo("publish", item))
        if item.status == Status.DRAFT:
            todos.append(Todo("open", item))
    return under_way, todos
