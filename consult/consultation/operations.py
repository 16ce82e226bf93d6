"""Writes of consultations: campaigns, questions, channels, scans, drafts and responses."""

import json
import secrets
from datetime import date, timedelta
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consult.config import DEFAULT_LANGUAGE
from consult.consultation.flags import flags_for
from consult.consultation.models import (
    Answer,
    Channel,
    Consultation,
    Draft,
    Question,
    Response,
    ScanCount,
)
from consult.consultation.retention import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS
from consult.consultation.vocabulary import (
    RESPONDENT_KINDS,
    Audience,
    ChannelKind,
    Mode,
    Purpose,
    Status,
)
from consult.core.db import utcnow
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_translations
from consult.diagnostic.models import Action, Axis, Orientation, Territory
from consult.extensions import db

DEFAULT_QUESTIONS = Path(__file__).parent / "fixtures" / "default_questions.json"
TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 10
DRAFT_LIFETIME = timedelta(days=1)
MAX_TEXT_LENGTH = 1000


def new_channel_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def _owned(model, ids, territory: Territory) -> list:
    rows = [db.session.get(model, row_id) for row_id in ids]
    if any(row is None or row.territory_id != territory.id for row in rows):
        raise OperationRefused(_("That choice is not part of this territory."))
    return rows


def save_consultation(
    territory: Territory,
    consultation: Consultation | None,
    *,
    title: dict,
    intro: dict,
    restitution: dict,
    opens_on: date,
    closes_on: date,
    results_on: date | None,
    status: str,
    languages: list[str],
    audiences: list[str],
    orientation_ids: list[int],
    axis_ids: list[int],
    retention_days: int | None = None,
) -> Consultation:
    title = clean_translations(title)
    if not title.get(DEFAULT_LANGUAGE):
        raise OperationRefused(_("The French title is required."))
    if closes_on < opens_on:
        raise OperationRefused(_("The closing date must come after the opening date."))
    if not audiences:
        raise OperationRefused(_("Choose at least one audience."))
    Status(status)
    unknown = set(audiences) - set(RESPONDENT_KINDS)
    if unknown:
        raise OperationRefused(_("Unknown audience."))
    is_new = consultation is None
    if is_new:
        consultation = Consultation(territory_id=territory.id)
        db.session.add(consultation)
    consultation.title = title
    consultation.intro = clean_translations(intro)
    consultation.restitution = clean_translations(restitution)
    consultation.opens_on = opens_on
    consultation.closes_on = closes_on
    consultation.results_on = results_on
    consultation.status = status
    consultation.languages = [DEFAULT_LANGUAGE] + [
        code for code in languages if code != DEFAULT_LANGUAGE
    ]
    consultation.audiences = [kind for kind in RESPONDENT_KINDS if kind in audiences]
    consultation.orientations = _owned(Orientation, orientation_ids, territory)
    consultation.axes = _owned(Axis, axis_ids, territory)
    if retention_days is not None:
        if not MIN_RETENTION_DAYS <= retention_days <= MAX_RETENTION_DAYS:
            raise OperationRefused(_("Keep the written answers between 30 and 3650 days."))
        consultation.retention_days = retention_days
    db.session.flush()
    if is_new:
        generate_default_questions(consultation)
        db.session.add(
            Channel(
                consultation=consultation,
                name=_("Direct link"),
                kind=ChannelKind.WEB.value,
                token=new_channel_token(),
            )
        )
        db.session.flush()
    return consultation


def _read_default_questions() -> dict:
    return json.loads(DEFAULT_QUESTIONS.read_text(encoding="utf-8"))


def generate_default_questions(consultation: Consultation) -> list[Question]:
    """The question set a coordinator starts from, built from the orientations asked about."""
    spec = _read_default_questions()
    by_number = {orientation.number: orientation for orientation in consultation.orientations}
    created = []
    for audience in Audience:
        audience_spec = spec[audience.value]
        priority = audience_spec["priority"]
        only = priority.get("only")
        position = 0
        for orientation in consultation.orientations:
            if only is not None and str(orientation.number) not in only:
                continue
            position += 1
            created.append(
                Question(
                    audience=audience.value,
                    purpose=Purpose.PRIORITY.value,
                    screen=priority["screen"],
                    position=position,
                    orientation=orientation,
                    prompt=dict(only[str(orientation.number)]) if only else {},
                )
            )
        for choice in audience_spec["action_choice"]:
            orientation = by_number.get(choice["orientation"])
            if orientation is None or not any(action.is_live for action in orientation.actions):
                continue
            created.append(
                Question(
                    audience=audience.value,
                    purpose=Purpose.ACTION_CHOICE.value,
                    screen=choice["screen"],
                    position=1,
                    orientation=orientation,
                    max_choices=choice["max_choices"],
                    prompt=dict(choice["prompt"]),
                )
            )
        for position, prompt in enumerate(audience_spec["swot"], start=1):
            created.append(
                Question(
                    audience=audience.value,
                    purpose=Purpose.SWOT.value,
                    screen=prompt["screen"],
                    position=position,
                    quadrant=prompt["quadrant"],
                    prompt=dict(prompt["prompt"]),
                )
            )
    for question in created:
        question.consultation = consultation
        db.session.add(question)
    db.session.flush()
    return created


def save_question(
    question: Question,
    *,
    prompt: dict,
    screen: int,
    position: int,
    max_choices: int,
    options: list[str],
    is_active: bool,
) -> Question:
    question.prompt = clean_translations(prompt)
    if question.purpose != Purpose.PRIORITY and not question.prompt.get(DEFAULT_LANGUAGE):
        raise OperationRefused(_("The French wording is required."))
    question.screen = screen
    question.position = position
    question.max_choices = max_choices
    question.options = [option.strip() for option in options if option.strip()][:50]
    if question.purpose == Purpose.PROFILE and not question.options:
        raise OperationRefused(_("A profile question needs at least one choice."))
    question.is_active = is_active
    db.session.flush()
    return question


def add_profile_question(
    consultation: Consultation, audience: str, prompt: dict, options: list[str]
) -> Question:
    question = Question(
        consultation=consultation,
        audience=Audience(audience).value,
        purpose=Purpose.PROFILE.value,
        screen=2,
        position=0,
    )
    db.session.add(question)
    return save_question(
        question,
        prompt=prompt,
        screen=2,
        position=0,
        max_choices=1,
        options=options,
        is_active=True,
    )


def move_question(question: Question, offset: int) -> None:
    """Swap with the neighbour on the same screen, for the same audience."""
    siblings = [
        other
        for other in question.consultation.questions
        if other.audience == question.audience and other.screen == question.screen
    ]
    siblings.sort(key=lambda other: (other.position, other.id))
    index = siblings.index(question)
    target = index + offset
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, other in enumerate(siblings, start=1):
        other.position = position
    db.session.flush()


def save_channel(
    consultation: Consultation,
    channel: Channel | None,
    *,
    name: str,
    kind: str,
    orientation_id: int | None,
    is_retired: bool = False,
) -> Channel:
    ChannelKind(kind)
    orientation = None
    if orientation_id:
        orientation = db.session.get(Orientation, orientation_id)
        if orientation is None or orientation.territory_id != consultation.territory_id:
            raise OperationRefused(_("That choice is not part of this territory."))
    if channel is None:
        channel = Channel(consultation=consultation, token=new_channel_token())
        db.session.add(channel)
    channel.name = name.strip()
    channel.kind = kind
    channel.orientation = orientation
    channel.is_retired = is_retired
    db.session.flush()
    return channel


def record_scan(channel: Channel, today: date) -> None:
    """Count one opening of the channel today, in one statement (safe under concurrency)."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ScanCount).values(channel_id=channel.id, day=today, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["channel_id", "day"], set_={"count": ScanCount.count + 1}
    )
    db.session.execute(statement)


# Drafts: answers on their way, kept per device until sent.


def find_draft(token: str | None, consultation: Consultation) -> Draft | None:
    if not token:
        return None
    draft = db.session.scalar(select(Draft).filter_by(token=token))
    if draft is None or draft.consultation_id != consultation.id:
        return None
    if utcnow() - draft.updated_at > DRAFT_LIFETIME:
        return None
    return draft


def start_draft(consultation: Consultation, channel: Channel | None) -> Draft:
    purge_old_drafts()
    draft = Draft(
        token=secrets.token_urlsafe(32),
        consultation_id=consultation.id,
        channel_id=channel.id if channel else None,
        answers={},
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def purge_old_drafts() -> None:
    db.session.execute(delete(Draft).where(Draft.updated_at < utcnow() - DRAFT_LIFETIME))


def update_draft(
    draft: Draft, *, respondent_kind: str | None = None, answers: dict | None = None
) -> None:
    if respondent_kind is not None:
        draft.respondent_kind = respondent_kind
    if answers is not None:
        draft.answers = {**(draft.answers or {}), **answers}
    draft.updated_at = utcnow()
    db.session.flush()


def submit_draft(
    draft: Draft,
    consultation: Consultation,
    *,
    language: str,
    today: date,
    mode: str = Mode.SELF.value,
) -> Response | None:
    """Turn a finished draft into a response, once. Returns None when it was already sent."""
    if db.session.scalar(select(Response.id).filter_by(client_token=draft.token)) is not None:
        return None
    audience, age_band = RESPONDENT_KINDS[draft.respondent_kind]
    response = Response(
        consultation_id=consultation.id,
        channel_id=draft.channel_id,
        audience=audience.value,
        age_band=age_band.value if age_band else None,
        language=language,
        submitted_on=today,
        mode=mode,
        client_token=draft.token,
    )
    questions = {str(question.id): question for question in consultation.questions}
    for question_id, value in (draft.answers or {}).items():
        question = questions.get(question_id)
        if value in (None, "", []):
            continue
        if question is None or question.audience != audience.value or not question.is_active:
            continue
        response.answers.extend(answers_for(question, value))
    db.session.add(response)
    db.session.delete(draft)
    # A concurrent double submit makes the caller's commit fail on the unique client token.
    db.session.flush()
    return response


def answers_for(question: Question, value) -> list[Answer]:
    base = {
        "question_id": question.id,
        "purpose": question.purpose,
        "orientation_id": question.orientation_id,
        "axis_id": question.axis_id,
        "quadrant": question.quadrant,
    }
    if question.purpose == Purpose.PRIORITY:
        return [Answer(**base, priority=int(value))]
    if question.purpose == Purpose.ACTION_CHOICE:
        return [Answer(**base, action_id=int(action_id)) for action_id in value]
    if question.purpose == Purpose.SWOT:
        text = value[:MAX_TEXT_LENGTH]
        return [Answer(**base, text=text, moderation="pending", flags=",".join(flags_for(text)))]
    return [Answer(**base, text=value)]


def valid_action_ids(question: Question) -> set[int]:
    return {
        action_id
        for (action_id,) in db.session.execute(
            select(Action.id).filter_by(orientation_id=question.orientation_id)
        )
    }
