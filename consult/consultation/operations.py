"""Writes of consultations: campaigns, questions, channels, scans, drafts and responses."""

import secrets
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consult.audit.operations import record_staff_action
from consult.config import DEFAULT_LANGUAGE
from consult.consultation import builder, rotation
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
from consult.consultation.queries import questions_for
from consult.consultation.retention import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS
from consult.consultation.standing import Standing
from consult.consultation.vocabulary import (
    FREE_TEXT_PURPOSES,
    RESPONDENT_KINDS,
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

TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 10
DRAFT_LIFETIME = timedelta(days=1)
MAX_TEXT_LENGTH = 1000
MIN_TIME_BUDGET = 30
MAX_TIME_BUDGET = 1200


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
    time_budget_seconds: int | None = None,
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
        asked_before = set()
    else:
        asked_before = {orientation.id for orientation in consultation.orientations}
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
    if time_budget_seconds is not None:
        if not MIN_TIME_BUDGET <= time_budget_seconds <= MAX_TIME_BUDGET:
            raise OperationRefused(_("The time budget is between 30 seconds and 20 minutes."))
        consultation.time_budget_seconds = time_budget_seconds
    db.session.flush()
    if not is_new:
        builder.follow_orientations(consultation, asked_before)
    if is_new:
        builder.generate_default_questions(consultation)
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


def add_profile_question(
    consultation: Consultation, audience: str, prompt: dict, options: list[str]
) -> Question:
    return builder.save_question(
        consultation,
        None,
        audience=audience,
        purpose=Purpose.PROFILE.value,
        prompt=prompt,
        options=options,
    )


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


def find_draft(
    token: str | None, consultation: Consultation, *, is_test: bool = False
) -> Draft | None:
    """The device's draft for this consultation. A preview's draft and a real one never stand
    in for each other, so a test is never sent as a family's answer, nor the other way."""
    if not token:
        return None
    draft = db.session.scalar(select(Draft).filter_by(token=token))
    if draft is None or draft.consultation_id != consultation.id or draft.is_test != is_test:
        return None
    if utcnow() - draft.updated_at > DRAFT_LIFETIME:
        return None
    return draft


def start_draft(
    consultation: Consultation, channel: Channel | None, *, is_test: bool = False
) -> Draft:
    purge_old_drafts()
    draft = Draft(
        token=secrets.token_urlsafe(32),
        consultation_id=consultation.id,
        channel_id=channel.id if channel else None,
        is_test=is_test,
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
        if respondent_kind != draft.respondent_kind:
            # Another audience is given its own rotated questions.
            draft.rotated_question_ids = None
        draft.respondent_kind = respondent_kind
    if answers is not None:
        draft.answers = {**(draft.answers or {}), **answers}
    draft.updated_at = utcnow()
    db.session.flush()


def give_rotated_questions(draft: Draft, consultation: Consultation, channel) -> None:
    """Choose once which action questions this respondent is given (consult/consultation/
    rotation.py); kept in the draft so Back and reload show the same ones."""
    if draft.rotated_question_ids is not None or draft.respondent_kind is None:
        return
    draft.rotated_question_ids = rotation.choose_rotated(
        consultation,
        questions_for(consultation, draft.respondent_kind),
        channel.orientation_id if channel is not None else None,
        count=not draft.is_test,
    )
    db.session.flush()


def submit_draft(
    draft: Draft,
    consultation: Consultation,
    *,
    language: str,
    today: date,
    mode: str = Mode.SELF.value,
    held_reasons: list[str] = (),
) -> Response | None:
    """Turn a finished draft into a response, once. Returns None when it was already sent.

    With ``held_reasons`` (consultation/flood.py), it is stored held: kept, not counted."""
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
        standing=_standing_of(draft, held_reasons),
        held_reasons=",".join(held_reasons) if not draft.is_test else "",
    )
    shown = questions_for(consultation, draft.respondent_kind, draft.rotated_question_ids)
    questions = {str(question.id): question for question in shown}
    for question_id, value in (draft.answers or {}).items():
        question = questions.get(question_id)
        if value in (None, "", []) or question is None:
            continue
        response.answers.extend(answers_for(question, value))
    rotation.record_exposures(response, shown)
    db.session.add(response)
    db.session.delete(draft)
    # A concurrent double submit makes the caller's commit fail on the unique client token.
    db.session.flush()
    return response


def _standing_of(draft: Draft, held_reasons) -> str:
    if draft.is_test:
        return Standing.TEST.value
    return Standing.HELD.value if held_reasons else Standing.COUNTED.value


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
    if question.purpose in FREE_TEXT_PURPOSES:
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


# Responses set apart or removed by a coordinator.


def purge_tests(consultation: Consultation) -> int:
    """Delete every test response of the consultation (their answers go with them)."""
    ids = list(
        db.session.scalars(
            select(Response.id).where(
                Response.consultation_id == consultation.id,
                Response.standing == Standing.TEST.value,
            )
        )
    )
    for response in db.session.scalars(select(Response).where(Response.id.in_(ids))):
        db.session.delete(response)
    db.session.flush()
    record_staff_action(
        "consultation.purge_tests",
        target=f"Consultation {consultation.id}",
        detail=f"{len(ids)} test responses deleted",
        territory=consultation.territory_id,
    )
    return len(ids)


def delete_response(response: Response, reason: str) -> None:
    """Remove a response sent by mistake, for good, saying why in the staff trail."""
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise OperationRefused(_("Please say in a few words why this response is deleted."))
    consultation = db.session.get(Consultation, response.consultation_id)
    answers = len(response.answers)
    db.session.delete(response)
    db.session.flush()
    record_staff_action(
        "response.delete",
        target=f"Response {response.id} of consultation {consultation.id}",
        detail=f"{response.standing}, {answers} answers. Reason: {reason}",
        territory=consultation.territory_id,
    )
