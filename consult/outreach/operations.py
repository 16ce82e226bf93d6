"""Writes of outreach: sessions, group answers, paper forms keyed in, kiosk records synced."""

import hashlib
import json
import secrets
import uuid as uuid_module
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from consult.accounts.models import User
from consult.audit.operations import record_staff_action
from consult.config import DEFAULT_LANGUAGE, UI_LANGUAGES
from consult.consultation.models import Channel, Consultation, Question, Response
from consult.consultation.operations import MAX_TEXT_LENGTH, answers_for, valid_action_ids
from consult.consultation.rotation import record_exposures
from consult.consultation.vocabulary import (
    FREE_TEXT_PURPOSES,
    PRIORITY_SCALE,
    RESPONDENT_KINDS,
    Audience,
    Mode,
    Purpose,
)
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_text
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.outreach.models import (
    DEFAULT_MAX_GROUP_SIZE,
    GROUP_SIZE_CEILING,
    LARGE_GROUP,
    OutreachSession,
)

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6
# A kiosk record's answers, serialised: far above any real answer set, far below the body limit.
MAX_RECORD_BYTES = 32 * 1024
# A device may sync answers captured this many days before today, not more.
MAX_RECORD_AGE = timedelta(days=120)


class RecordRejected(Exception):
    """A kiosk record the server will never store; the device reports it to a person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str | None) -> str:
    return "".join((text or "").split()).upper().replace("-", "")


def save_session(
    territory: Territory,
    session: OutreachSession | None,
    *,
    consultation: Consultation,
    channel_id: int | None,
    place: str,
    partner: str,
    held_on: date,
    facilitator_ids: list[int],
    people_met: int,
    languages: list[str],
    notes: str,
    is_closed: bool,
    max_group_size: int | None = None,
) -> OutreachSession:
    if consultation.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    channel = None
    if channel_id:
        channel = db.session.get(Channel, channel_id)
        if channel is None or channel.consultation_id != consultation.id:
            raise OperationRefused(_("The channel must belong to the session's consultation."))
    if not clean_text(place):
        raise OperationRefused(_("Say where the session takes place."))
    facilitators = [db.session.get(User, user_id) for user_id in facilitator_ids]
    if any(user is None or territory not in user.territories for user in facilitators):
        raise OperationRefused(_("Facilitators must be staff members of this territory."))
    if session is not None and session.consultation_id != consultation.id:
        has_answers = db.session.scalar(
            select(Response.id).filter_by(outreach_session_id=session.id).limit(1)
        )
        if has_answers:
            raise OperationRefused(
                _("This session already collected answers: its consultation cannot change.")
            )
    if max_group_size is not None and not 2 <= max_group_size <= GROUP_SIZE_CEILING:
        raise OperationRefused(
            ngettext(
                "A session accepts groups of 2 to %(num)s person.",
                "A session accepts groups of 2 to %(num)s people.",
                GROUP_SIZE_CEILING,
            )
        )
    if session is None:
        session = OutreachSession(territory_id=territory.id, reference=new_reference())
        db.session.add(session)
    if max_group_size is not None and max_group_size != session.max_group_size:
        if session.max_group_size is not None:
            record_staff_action(
                "outreach.group_limit",
                target=f"{session.reference} ({clean_text(place)})",
                detail=f"{session.max_group_size} -> {max_group_size}",
                territory=territory,
            )
        session.max_group_size = max_group_size
    session.consultation = consultation
    session.channel = channel
    session.place = clean_text(place)
    session.partner = clean_text(partner)
    session.held_on = held_on
    session.facilitators = facilitators
    session.people_met = people_met
    session.languages = [code for code in UI_LANGUAGES if code in languages]
    session.notes = (notes or "").strip()
    session.is_closed = is_closed
    db.session.flush()
    return session


def delete_session(session: OutreachSession) -> None:
    has_answers = db.session.scalar(
        select(Response.id).filter_by(outreach_session_id=session.id).limit(1)
    )
    if has_answers:
        raise OperationRefused(
            _("This session collected answers: close it instead, so nothing is lost.")
        )
    db.session.delete(session)
    db.session.flush()


def _new_response(session: OutreachSession, **fields) -> Response:
    response = Response(
        consultation_id=session.consultation_id,
        channel_id=session.channel_id,
        outreach_session_id=session.id,
        **fields,
    )
    db.session.add(response)
    return response


def _attach_answers(response: Response, questions: list[Question], values: dict) -> None:
    for question in questions:
        value = values.get(question.id)
        if value in (None, "", []):
            continue
        response.answers.extend(answers_for(question, value))
    if not response.answers:
        raise OperationRefused(_("Record at least one answer."))
    # Kiosk, paper and group answers were given the whole question set of their audience.
    record_exposures(response, questions)


def record_group_answer(
    session: OutreachSession,
    *,
    audience: str,
    group_size: int,
    kinds_present: list[str],
    language: str,
    questions: list[Question],
    values: dict,
    today: date,
    large_group_confirmed: bool = False,
) -> Response:
    """One discussion group's collective answer: one response, weighted by the group's size."""
    Audience(audience)
    limit = session.max_group_size or DEFAULT_MAX_GROUP_SIZE
    if not 2 <= group_size <= limit:
        raise OperationRefused(
            ngettext(
                "This session takes groups of 2 to %(num)s person. For a bigger group, "
                "split it, or raise the session's limit.",
                "This session takes groups of 2 to %(num)s people. For a bigger group, "
                "split it, or raise the session's limit.",
                limit,
            )
        )
    if group_size >= LARGE_GROUP and not large_group_confirmed:
        raise OperationRefused(
            ngettext(
                "A group of %(num)s person weighs as much as %(num)s answer: tick the box "
                "to confirm its size.",
                "A group of %(num)s people weighs as much as %(num)s answers: tick the box "
                "to confirm its size.",
                group_size,
            )
        )
    kinds = [kind for kind in RESPONDENT_KINDS if kind in kinds_present]
    if not kinds:
        raise OperationRefused(_("Say who was in the group."))
    response = _new_response(
        session,
        audience=audience,
        age_band=None,
        language=language if language in UI_LANGUAGES else DEFAULT_LANGUAGE,
        submitted_on=today,
        mode=Mode.GROUP.value,
        group_size=group_size,
        group_audiences=kinds,
        client_token=f"group-{secrets.token_urlsafe(24)}",
    )
    _attach_answers(response, questions, values)
    db.session.flush()
    return response


def paper_token(session: OutreachSession, sheet_number: int) -> str:
    """A sheet keyed in twice is stored once: its number is part of the response's token."""
    return f"paper-{session.id}-{sheet_number}"


def record_paper_form(
    session: OutreachSession,
    *,
    reference: str,
    sheet_number: int,
    kind: str,
    language: str,
    questions: list[Question],
    values: dict,
    today: date,
) -> Response:
    if normalise_reference(reference) != session.reference:
        raise OperationRefused(
            _(
                "This reference is not the session's (%(reference)s): check the sheet.",
                reference=session.reference,
            )
        )
    token = paper_token(session, sheet_number)
    if db.session.scalar(select(Response.id).filter_by(client_token=token)) is not None:
        raise OperationRefused(
            _("Sheet %(number)s was already keyed in for this session.", number=sheet_number)
        )
    audience, age_band = RESPONDENT_KINDS[kind]
    response = _new_response(
        session,
        audience=audience.value,
        age_band=age_band.value if age_band else None,
        language=language if language in UI_LANGUAGES else DEFAULT_LANGUAGE,
        submitted_on=today,
        mode=Mode.PAPER.value,
        client_token=token,
        paper_reference=f"{session.reference}-{sheet_number}",
        is_late=session.is_closed,
    )
    _attach_answers(response, questions, values)
    db.session.flush()
    return response


# Kiosk records: answers a tablet queued, maybe offline, sent again until acknowledged.


def content_hash(record: dict) -> str:
    """The same answers always hash the same, whatever the key order the device used."""
    canonical = {
        "kind": record.get("kind"),
        "language": record.get("language"),
        "mode": record.get("mode"),
        "captured_on": record.get("captured_on"),
        "answers": record.get("answers"),
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_uuid(value) -> str:
    """A real UUID in its canonical 36-character form, as the tablet's crypto makes it."""
    if not isinstance(value, str) or len(value) != 36:
        raise RecordRejected("invalid", "missing or malformed uuid")
    try:
        parsed = uuid_module.UUID(value)
    except ValueError as error:
        raise RecordRejected("invalid", "malformed uuid") from error
    if str(parsed) != value.lower():
        raise RecordRejected("invalid", "malformed uuid")
    return str(parsed)


def _captured_on(value, today: date) -> date:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise RecordRejected("invalid", "malformed captured_on") from error
    if day > today + timedelta(days=1) or day < today - MAX_RECORD_AGE:
        raise RecordRejected("invalid", "captured_on out of range")
    return min(day, today)


def _kiosk_value(question: Question, value):
    """The value as answers_for expects it, or RecordRejected."""
    if question.purpose == Purpose.PRIORITY:
        # Strict types: in Python True == 1 and 1.0 == 1, neither is a priority.
        if type(value) is not int or value not in PRIORITY_SCALE:
            raise RecordRejected("invalid", f"bad priority for question {question.id}")
        return value
    if question.purpose == Purpose.ACTION_CHOICE:
        if not isinstance(value, list) or len(value) > question.max_choices:
            raise RecordRejected("invalid", f"bad choice for question {question.id}")
        if any(type(item) is not int for item in value):
            raise RecordRejected("invalid", f"bad choice for question {question.id}")
        chosen = list(value)
        if not set(chosen) <= valid_action_ids(question) or len(set(chosen)) != len(chosen):
            raise RecordRejected("invalid", f"unknown action for question {question.id}")
        return chosen
    if not isinstance(value, str):
        raise RecordRejected("invalid", f"bad text for question {question.id}")
    if question.purpose in FREE_TEXT_PURPOSES:
        text = clean_text(value)
        if len(text) > MAX_TEXT_LENGTH:
            raise RecordRejected("too_large", f"text too long for question {question.id}")
        return text or None
    if value not in question.options:
        raise RecordRejected("invalid", f"unknown option for question {question.id}")
    return value


def stored_kiosk_response(record: dict) -> Response | None:
    """The response a kiosk record was already stored as, if any."""
    try:
        uuid = _check_uuid(record.get("uuid"))
    except RecordRejected:
        return None
    return db.session.scalar(select(Response).filter_by(client_token=f"kiosk-{uuid}"))


def store_kiosk_record(
    session: OutreachSession, record, questions_by_kind, today: date
) -> tuple[str, Response | None]:
    """Store one queued kiosk record once. Returns ("stored" | "duplicate", response).

    Raises RecordRejected for a record that can never be stored (reported to the device)."""
    if not isinstance(record, dict):
        raise RecordRejected("invalid", "a record is an object")
    size = len(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        raise RecordRejected("too_large", f"record of {size} bytes")
    uuid = _check_uuid(record.get("uuid"))
    token = f"kiosk-{uuid}"
    digest = content_hash(record)
    existing = db.session.scalar(select(Response).filter_by(client_token=token))
    if existing is not None:
        if existing.content_hash == digest and existing.outreach_session_id == session.id:
            return "duplicate", existing
        raise RecordRejected("conflict", "this uuid was stored with other content")
    kind = record.get("kind")
    if kind not in RESPONDENT_KINDS or kind not in session.consultation.audiences:
        raise RecordRejected("invalid", "unknown respondent kind")
    mode = record.get("mode")
    if mode not in (Mode.SELF.value, Mode.ASSISTED.value):
        raise RecordRejected("invalid", "mode must be self or assisted")
    language = record.get("language")
    if language not in session.consultation.languages:
        raise RecordRejected("invalid", "language not offered")
    answers = record.get("answers")
    if not isinstance(answers, dict):
        raise RecordRejected("invalid", "answers must be an object")
    questions = {str(question.id): question for question in questions_by_kind(kind)}
    unknown = set(answers) - set(questions)
    if unknown:
        raise RecordRejected("invalid", "answers to questions not asked")
    values = {}
    for question_id, value in answers.items():
        if value in (None, "", []):
            continue
        checked = _kiosk_value(questions[question_id], value)
        if checked not in (None, "", []):
            values[questions[question_id].id] = checked
    if not values:
        raise RecordRejected("invalid", "no answer")
    audience, age_band = RESPONDENT_KINDS[kind]
    accepting = not session.is_closed and session.consultation.is_accepting(today)
    response = _new_response(
        session,
        audience=audience.value,
        age_band=age_band.value if age_band else None,
        language=language,
        submitted_on=_captured_on(record.get("captured_on"), today),
        mode=mode,
        client_token=token,
        content_hash=digest,
        is_late=not accepting,
    )
    try:
        _attach_answers(response, list(questions.values()), values)
    except OperationRefused as error:
        raise RecordRejected("invalid", "no answer") from error
    db.session.flush()
    return "stored", response
