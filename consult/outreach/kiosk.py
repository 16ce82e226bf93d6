"""Kiosk mode: a shared tablet, answers queued offline, synced when the network returns.

The tablet stays logged in as the facilitator who opened it. The page is a shell the service
worker keeps; the questions come as JSON; each submission waits in IndexedDB under a UUID the
device chose and leaves the device only once this server acknowledged it. Sync is
authenticated by the login session, not by a CSRF token that may have expired offline: the
sync view is exempt from CSRF and checks the request's Origin and JSON content type instead.
"""

import json
from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from consult.accounts import staff_sessions
from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.consultation.respond_forms import (
    PRIORITY_FACES,
    PRIORITY_LABELS,
    RESPONDENT_KIND_LABELS,
)
from consult.consultation.vocabulary import PRIORITY_SCALE, Purpose
from consult.consultation.wording import action_label
from consult.core.db import commit
from consult.core.family_surfaces import family_surface
from consult.core.i18n import current_language
from consult.core.languages import native_name, text_direction
from consult.core.translatable import translated
from consult.diagnostic.scope import scope_to_territory
from consult.extensions import csrf, db
from consult.outreach import operations, queries
from consult.outreach.models import OutreachSession

bp = Blueprint("kiosk", __name__, url_prefix="/admin/<territory>/outreach/kiosk")
scope_to_territory(bp)

SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "js" / "kiosk-sw.js"
# Static files the kiosk needs offline; the page asks the service worker to keep them.
KIOSK_ASSETS = ("css/app.css", "css/kiosk.css", "js/kiosk.js", "js/kiosk-store.js")


def today() -> date:
    return date.today()


def _session_or_404(session_id: int) -> OutreachSession:
    session = queries.session_in(g.territory, session_id)
    if session is None:
        abort(404)
    # The kiosk speaks the consultation's languages, like the public form.
    g.enabled_languages = tuple(session.consultation.languages)
    return session


@bp.route("/<int:session_id>/")
@family_surface("kiosk page (its fixed words)")
@requires_role(Role.FACILITATOR)
def kiosk(session_id: int):
    session = _session_or_404(session_id)
    languages = session.consultation.languages
    precache = [url_for(".kiosk", session_id=session.id, lang=code) for code in languages]
    precache += [url_for(".definition", session_id=session.id, lang=code) for code in languages]
    precache += [
        url_for(".notice", session_id=session.id, notice=notice, lang=code)
        for notice in NOTICES
        for code in languages
    ]
    precache += [url_for("static", filename=asset) for asset in KIOSK_ASSETS]
    response = make_response(
        render_template(
            "outreach/kiosk.html",
            session=session,
            precache=precache,
            language_links=[
                (code, native_name(code), url_for(".kiosk", session_id=session.id, lang=code))
                for code in languages
            ],
        )
    )
    response.headers["Cache-Control"] = "no-store"
    # From now on this login reaches only the kiosk until the password is typed again: a
    # family holding the tablet cannot walk into the back office (docs/outreach.md).
    staff_sessions.lock_for_kiosk(url_for(".kiosk", session_id=session.id))
    return response


# The public notices, shown inside the kiosk's frame (no link out of it).
NOTICES = {"privacy": "core/privacy.html", "children": "core/privacy_children.html"}


@bp.route("/<int:session_id>/notice/<any(privacy, children):notice>")
@requires_role(Role.FACILITATOR)
def notice(session_id: int, notice: str):
    session = _session_or_404(session_id)
    return render_template(
        NOTICES[notice], layout="outreach/kiosk_notice_layout.html", session=session
    )


def _question_json(question, language: str, is_child: bool) -> dict:
    item = {
        "id": str(question.id),
        "purpose": question.purpose,
        "label": translated(question.label_texts, language),
        "max_choices": question.max_choices,
        "options": [],
    }
    if question.purpose == Purpose.PRIORITY:
        item["options"] = [
            {
                "value": value,
                "label": str(PRIORITY_LABELS[value]),
                "face": PRIORITY_FACES[value] if is_child else "",
            }
            for value in PRIORITY_SCALE
        ]
    elif question.purpose == Purpose.ACTION_CHOICE:
        item["options"] = [
            {
                "value": action.id,
                "label": translated(action_label(action, question.audience), language),
            }
            for action in question.orientation.actions
            if action.is_live
        ]
        item["hint"] = ngettext(
            "Choose up to %(num)s answer.", "Choose up to %(num)s answers.", question.max_choices
        )
    elif question.purpose == Purpose.PROFILE:
        item["options"] = [{"value": option, "label": option} for option in question.options]
    else:
        item["max_length"] = operations.MAX_TEXT_LENGTH
    return item


@bp.route("/<int:session_id>/definition.json")
@family_surface("kiosk screens (the questions kiosk.js shows)")
@requires_role(Role.FACILITATOR)
def definition(session_id: int):
    """Everything the kiosk page needs to show the questions, in the page's language."""
    session = _session_or_404(session_id)
    consultation = session.consultation
    language = current_language()
    kinds = []
    for kind in consultation.audiences:
        screens: dict[int, list] = {}
        for question in queries.questions_for_kind(consultation, kind):
            screens.setdefault(question.screen, []).append(
                _question_json(question, language, kind == "child")
            )
        if not screens:
            # Nothing to ask this audience yet: the kiosk does not offer it.
            continue
        kinds.append(
            {
                "key": kind,
                "label": str(RESPONDENT_KIND_LABELS[kind]),
                "screens": [screens[number] for number in sorted(screens)],
            }
        )
    return jsonify(
        {
            "session": session.id,
            "language": language,
            "dir": text_direction(language),
            "title": translated(consultation.title, language),
            "reassure": _("About 2 minutes. No name, no e-mail: your answers are anonymous."),
            "kinds": kinds,
        }
    )


@bp.route("/sw.js")
@requires_role(Role.FACILITATOR)
def service_worker():
    response = Response(SERVICE_WORKER.read_text(encoding="utf-8"), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return origin is not None and origin == request.host_url.rstrip("/")


def _refuse(status: int, code: str, message: str):
    return jsonify({"status": code, "message": message}), status


# A record is an object of answers holding lists of numbers: three levels. Anything much
# deeper is not a record, and parsing or hashing it must not recurse without bound.
MAX_JSON_DEPTH = 8


def _depth_within(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return True


def _json_body():
    """The request's JSON, or None when it is not JSON or nested beyond any real record."""
    try:
        record = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):
        return None
    return record if _depth_within(record, MAX_JSON_DEPTH) else None


@bp.route("/sync", methods=["POST"])
@csrf.exempt
@requires_role(Role.FACILITATOR)
def sync():
    """Store one queued kiosk record, once. The device deletes it only after a 200."""
    if not _same_origin():
        return _refuse(403, "forbidden", "cross-origin request")
    if request.mimetype != "application/json":
        return _refuse(415, "invalid", "send application/json")
    record = _json_body()
    if not isinstance(record, dict):
        return _refuse(422, "invalid", "the body is not a JSON object")
    session_id = record.get("session")
    session = queries.session_in(g.territory, session_id) if type(session_id) is int else None
    if session is None:
        return _refuse(422, "invalid", "unknown session")
    try:
        status, response = operations.store_kiosk_record(
            session,
            record,
            lambda kind: queries.questions_for_kind(session.consultation, kind),
            today(),
        )
        saved = status != "stored" or commit()
    except operations.RecordRejected as rejection:
        db.session.rollback()
        return _refuse(409 if rejection.code == "conflict" else 422, rejection.code, str(rejection))
    except IntegrityError:
        # A concurrent request inserted the same UUID between our check and our insert.
        db.session.rollback()
        saved = False
    if not saved:
        existing = operations.stored_kiosk_response(record)
        if existing is None:
            return _refuse(422, "invalid", "the database refused this record")
        if existing.content_hash != operations.content_hash(record):
            return _refuse(409, "conflict", "this uuid was stored with other content")
        status, response = "duplicate", existing
    current_app.logger.info("kiosk record %s: %s", record.get("uuid"), status)
    return jsonify({"status": status, "late": bool(response.is_late)})
