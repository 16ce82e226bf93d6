"""The respondent's path: QR code -> who are you -> a few short screens -> thanks.

Works without JavaScript. Answers wait in a draft kept per device (a random token in a
cookie), so going back or reloading loses nothing, and a half-finished path is never counted
as a response.
"""

import secrets
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.accounts.permissions import public
from consult.consultation import operations, queries
from consult.consultation.models import Channel, Consultation, Response
from consult.consultation.respond_forms import (
    PRIORITY_FACES,
    field_name,
    screen_form_class,
    stored_value,
    who_form_class,
)
from consult.consultation.vocabulary import Purpose, Status
from consult.consultation.wording import hint_texts
from consult.core.db import commit, utcnow
from consult.core.i18n import current_language
from consult.extensions import csrf, db, limiter

bp = Blueprint("respond", __name__)
# The forms check their own CSRF token, so an expired one re-shows the answers instead of failing.
csrf.exempt(bp)

DRAFT_COOKIE = "consult_draft"
# A random id per device, only to count its requests against the rate limit.
DEVICE_COOKIE = "consult_device"
DEVICE_LIMIT = "60 per minute"
# Generous: a whole school behind one Wi-Fi address answers within the hour.
ADDRESS_LIMIT = "1500 per hour"
EXPIRED_FORM_MESSAGE = _l(
    "This page was open for a long time. Your answers are kept: please press the button again."
)


def device_key() -> str:
    """Rate limits count per device, so a whole class behind one school Wi-Fi can answer."""
    device = request.cookies.get(DEVICE_COOKIE)
    if device and len(device) <= 64:
        return f"device:{device}"
    return f"address:{request.remote_addr}"


def today() -> date:
    return date.today()


def _load(token: str) -> tuple[Channel, Consultation]:
    channel = queries.channel_by_token(token)
    if channel is None:
        abort(make_response(render_template("respond/unknown.html"), 404))
    g.enabled_languages = tuple(channel.consultation.languages)
    return channel, channel.consultation


def _closed_page(channel: Channel, consultation: Consultation):
    """A polite page for a retired link or a consultation that is not taking answers; once
    results are published, the same link leads to the public summary."""
    if consultation.status == Status.PUBLISHED and not channel.is_retired:
        return redirect(url_for("results_public.summary", token=channel.token))
    if channel.is_retired:
        reason = "retired"
    elif consultation.status == Status.PUBLISHED:
        reason = "published"
    elif consultation.status == Status.DRAFT or today() < consultation.opens_on:
        reason = "not_open"
    else:
        reason = "closed"
    return render_template(
        "respond/closed.html", consultation=consultation, channel=channel, reason=reason
    ), (410 if channel.is_retired else 200)


def _accepting(channel: Channel, consultation: Consultation) -> bool:
    return not channel.is_retired and consultation.is_accepting(today())


@bp.route("/q/<token>")
@public
@limiter.limit("600 per minute")
def scan(token: str):
    """What a QR code opens: count the scan (per channel and day), then the form."""
    channel, consultation = _load(token)
    # Drafts left half-way are deleted after a day, even once nobody can answer any more.
    operations.purge_old_drafts()
    if _accepting(channel, consultation):
        operations.record_scan(channel, today())
    commit()
    return redirect(url_for("respond.start", token=channel.token))


def _draft(consultation: Consultation):
    return operations.find_draft(request.cookies.get(DRAFT_COOKIE), consultation)


def _with_draft_cookie(response, draft):
    response.set_cookie(
        DRAFT_COOKIE,
        draft.token,
        max_age=int(operations.DRAFT_LIFETIME.total_seconds()),
        path="/r/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def _page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, **context), status)
    # Answers must not be reachable from the browser's cache by the next person.
    response.headers["Cache-Control"] = "no-store"
    return response


def _expired_token_only(form) -> bool:
    return bool(form.csrf_token.errors) and not any(
        field.errors for field in form if field.name != "csrf_token"
    )


@bp.route("/r/<token>/", methods=["GET", "POST"])
@public
@limiter.limit(DEVICE_LIMIT, key_func=device_key, methods=["POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"])
def start(token: str):
    channel, consultation = _load(token)
    if not _accepting(channel, consultation):
        return _closed_page(channel, consultation)
    draft = _draft(consultation)
    form = who_form_class(consultation.audiences)(
        data={"respondent_kind": draft.respondent_kind} if draft else None
    )
    status = 200
    if request.method == "POST":
        if form.validate():
            if form.website.data:
                return redirect(url_for("respond.thanks", token=token))
            if draft is None:
                draft = operations.start_draft(consultation, channel)
            operations.update_draft(draft, respondent_kind=form.respondent_kind.data)
            operations.give_rotated_questions(draft, consultation, channel)
            commit()
            screens = queries.screens_for(
                consultation, draft.respondent_kind, draft.rotated_question_ids
            )
            target = (
                url_for("respond.screen", token=token, number=screens[0])
                if screens
                else url_for("respond.screen", token=token, number=2)
            )
            return _with_draft_cookie(redirect(target), draft)
        if _expired_token_only(form):
            flash(str(EXPIRED_FORM_MESSAGE), "info")
        status = 422
    page = _page(
        "respond/who.html",
        status,
        consultation=consultation,
        channel=channel,
        form=form,
        step=1,
        total_steps=None,
    )
    if DEVICE_COOKIE not in request.cookies:
        page.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=24 * 3600,
            path="/r/",
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return page


@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
@public
@limiter.limit(DEVICE_LIMIT, key_func=device_key, methods=["POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"])
def screen(token: str, number: int):
    channel, consultation = _load(token)
    if not _accepting(channel, consultation):
        return _closed_page(channel, consultation)
    draft = _draft(consultation)
    if draft is None and _already_sent(request.form.get("submission")):
        # A second tap on "Send" after the first one was stored.
        return redirect(url_for("respond.thanks", token=token))
    if draft is None or draft.respondent_kind is None:
        return redirect(url_for("respond.start", token=token))
    if draft.rotated_question_ids is None:
        operations.give_rotated_questions(draft, consultation, channel)
        commit()
    rotated = draft.rotated_question_ids
    screens = queries.screens_for(consultation, draft.respondent_kind, rotated)
    if number not in screens:
        return redirect(url_for("respond.start", token=token))
    questions = queries.questions_on_screen(
        consultation, draft.respondent_kind, number, channel.orientation, rotated
    )
    index = screens.index(number)
    is_last = index == len(screens) - 1
    saved = draft.answers or {}
    form = screen_form_class(questions)(
        data={field_name(q): saved.get(str(q.id)) for q in questions} | {"submission": draft.token}
    )
    status = 200
    if request.method == "POST":
        going_back = request.form.get("go") == "back"
        if form.validate():
            answers = {str(q.id): stored_value(q, form[field_name(q)].data) for q in questions}
            operations.update_draft(draft, answers=answers)
            if form.website.data:
                db.session.delete(draft)
                commit()
                return redirect(url_for("respond.thanks", token=token))
            if going_back:
                commit()
                target = screens[index - 1] if index > 0 else None
                return redirect(
                    url_for("respond.screen", token=token, number=target)
                    if target
                    else url_for("respond.start", token=token)
                )
            if not is_last:
                commit()
                return redirect(url_for("respond.screen", token=token, number=screens[index + 1]))
            refusal = _refuse_submission(draft)
            if refusal is None:
                return _submit(token, draft, consultation)
            commit()
            flash(refusal, "error")
        elif _expired_token_only(form):
            flash(str(EXPIRED_FORM_MESSAGE), "info")
        status = 422
    return _page(
        "respond/screen.html",
        status,
        consultation=consultation,
        channel=channel,
        form=form,
        questions=questions,
        field_name=field_name,
        is_child=draft.respondent_kind == "child",
        hint_texts=hint_texts,
        faces=PRIORITY_FACES,
        Purpose=Purpose,
        step=index + 2,
        total_steps=len(screens) + 1,
        is_last=is_last,
    )


def _refuse_submission(draft) -> str | None:
    if not any(value not in (None, "", []) for value in (draft.answers or {}).values()):
        return _("Please answer at least one question before sending.")
    if (utcnow() - draft.started_at).total_seconds() < current_app.config["MINIMUM_FILL_SECONDS"]:
        return _("Please take a moment to read your answers, then send them.")
    return None


def _submit(token, draft, consultation):
    try:
        operations.submit_draft(draft, consultation, language=current_language(), today=today())
        commit()
    except IntegrityError:
        # The same submission was stored by a double tap a moment ago: store nothing more.
        db.session.rollback()
    response = redirect(url_for("respond.thanks", token=token))
    response.delete_cookie(DRAFT_COOKIE, path="/r/")
    return response


def _already_sent(submission: str | None) -> bool:
    if not submission or len(submission) > 64:
        return False
    return db.session.scalar(select(Response.id).filter_by(client_token=submission)) is not None


@bp.route("/r/<token>/thanks")
@public
def thanks(token: str):
    channel, consultation = _load(token)
    return _page("respond/thanks.html", consultation=consultation, channel=channel)
