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
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from consult.accounts.permissions import public
from consult.consultation import flood, operations, preview, queries
from consult.consultation.models import Channel, Consultation, Response
from consult.consultation.respond_forms import (
    PRIORITY_FACES,
    field_name,
    screen_form_class,
    stored_value,
    who_form_class,
)
from consult.consultation.vocabulary import RESPONDENT_KINDS, Audience, Purpose, Status
from consult.consultation.wording import hint_texts
from consult.core.db import commit, utcnow
from consult.core.family_surfaces import family_surface
from consult.core.i18n import SESSION_KEY, current_language
from consult.core.networks import network_of
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
# Why a screen came back instead of moving on, shown by the page after the redirect.
NOTICES = ("choose", "empty", "fast", "expired", "cookies")
# What the draft cookie holds once a form was sent: a real answer, or a preview's test.
SENT = "sent"
TESTED = "tested"


def notice_message(code: str | None, register: str = "parent") -> str | None:
    """The sentence for a notice, in the respondent's language and register (children and
    young people are told "tu")."""
    informal = register != "parent"
    if code == "expired":
        if informal:
            return pgettext(
                "informal",
                "This page was open for a long time. Your answers are kept: please press the "
                "button again.",
            )
        return _(
            "This page was open for a long time. Your answers are kept: please press the "
            "button again."
        )
    if code == "empty":
        if informal:
            return pgettext("informal", "Please answer at least one question before sending.")
        return _("Please answer at least one question before sending.")
    if code == "fast":
        if informal:
            return pgettext(
                "informal", "Please take a moment to read your answers, then send them."
            )
        return _("Please take a moment to read your answers, then send them.")
    if code == "cookies":
        return _(
            "Your phone is blocking cookies, so it cannot keep your answers from one screen to "
            "the next. Please allow cookies for this site, then press Next again. They are only "
            "used for this questionnaire and deleted after one day."
        )
    return None


def choose_language_line(code: str) -> str:
    """The words for "choose your language" in that language, whatever the page's language."""
    with force_locale(code):
        return _("Choose your language")


def register_of(respondent_kind: str | None) -> str:
    if respondent_kind == "child":
        return "child"
    if respondent_kind and respondent_kind.startswith("young"):
        return "young"
    return "parent"


def device_key() -> str:
    """Rate limits count per device, so a whole class behind one school Wi-Fi can answer."""
    device = request.cookies.get(DEVICE_COOKIE)
    if device and len(device) <= 64:
        return f"device:{device}"
    return network_key()


def network_key() -> str:
    """The address limit counts a network: an IPv4 address, or an IPv6 /64, whose addresses
    one phone or household gets whole and could otherwise step through, one per request."""
    return f"network:{network_of(request.remote_addr or 'unknown')}"


def address_limit() -> str:
    return current_app.config.get("PUBLIC_ADDRESS_LIMIT", ADDRESS_LIMIT)


def today() -> date:
    return date.today()


def _load(token: str) -> tuple[Channel, Consultation]:
    if preview.is_preview_token(token):
        channel = preview.channel_for(token)
    else:
        channel = queries.channel_by_token(token)
    if channel is None:
        abort(make_response(render_template("respond/unknown.html"), 404))
    g.enabled_languages = tuple(channel.consultation.languages)
    # Every screen of a preview says so (respond/base.html).
    g.preview = channel.is_preview
    return channel, channel.consultation


def _closed_page(channel: Channel, consultation: Consultation):
    """A polite page for a retired link or a consultation that is not taking answers; once
    results are published, the same link leads to the public summary."""
    # A preview has no public summary of its own: it shows the closed page.
    if consultation.status == Status.PUBLISHED and not (channel.is_retired or channel.is_preview):
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
    if channel.is_preview:
        # Staff walk through a draft, or an open consultation before its first day.
        return preview.is_previewable(consultation)
    return not channel.is_retired and consultation.is_accepting(today())


@bp.route("/q/<token>")
@public
@limiter.limit("600 per minute")
def scan(token: str):
    """What a QR code opens: count the scan (per channel and day) and show the first screen
    at once. No redirect: it costs a slow phone a round trip, and it dropped ``?lang=`` from a
    shared link."""
    channel, consultation = _load(token)
    # Drafts left half-way are deleted after a day, even once nobody can answer any more.
    operations.purge_old_drafts()
    accepting = _accepting(channel, consultation)
    if accepting and not channel.is_preview:
        operations.record_scan(channel, today())
    commit()
    if not accepting:
        return _closed_page(channel, consultation)
    # Choosing another language here must not count another scan.
    g.language_endpoint = "respond.start"
    return _first_screen(channel, consultation, _draft(channel, consultation))


def _draft(channel: Channel, consultation: Consultation):
    return operations.find_draft(
        request.cookies.get(DRAFT_COOKIE), consultation, is_test=channel.is_preview
    )


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


def _page(template: str, status: int = 200, *, holds_answers: bool = True, **context):
    response = make_response(render_template(template, **context), status)
    if holds_answers:
        # Answers must not be reachable from the browser's cache by the next person.
        response.headers["Cache-Control"] = "no-store"
    else:
        # Nothing of anyone's answers: Back and Forward may show it again from memory, while
        # a new visit still asks the server (a scan is counted, a new form token is given).
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def _sent_audience(consultation: Consultation, markers=(SENT,)) -> str | None:
    """Who answered on this phone, if it sent this consultation's form. After sending, the
    draft cookie holds only "sent-<consultation>-<audience>": the path can say "you have
    already answered" (to a child in "tu"), and nothing links the phone to its response.
    A preview's test leaves "tested-...": its thanks page speaks to the audience previewed,
    and nothing says the phone answered."""
    marker = request.cookies.get(DRAFT_COOKIE, "")
    parts = marker.split("-")
    if len(parts) == 3 and parts[0] in markers and parts[1] == str(consultation.id):
        return parts[2] if parts[2] in {kind.value for kind in Audience} else None
    return None


def _phone_language_missing(consultation: Consultation) -> bool:
    """Neither chosen here nor among the phone's languages: offer the list in every language."""
    enabled = consultation.languages
    if request.args.get("lang") in enabled or session.get(SESSION_KEY) in enabled:
        return False
    return request.accept_languages.best_match(enabled) is None


def _first_screen(channel, consultation, draft, *, notice: str | None = None):
    """Who is answering. Served by the scan itself, and again after a refused choice."""
    kind = draft.respondent_kind if draft else None
    if channel.is_preview and request.args.get("as") in consultation.audiences:
        # "Preview as a child": the back office names who the preview is for.
        kind = request.args["as"]
    form = who_form_class(consultation.audiences)(
        formdata=None, data={"respondent_kind": kind} if kind else None
    )
    if notice == "choose":
        form.respondent_kind.errors = [_("Please choose one answer.")]
    page = _page(
        "respond/who.html",
        holds_answers=draft is not None,
        consultation=consultation,
        channel=channel,
        form=form,
        step=1,
        total_steps=None,
        notice=notice_message(notice),
        notice_is_error=notice == "cookies",
        already_answered=draft is None and _sent_audience(consultation) is not None,
        # Who answered is thanked in their own register: a child is told "tu".
        answered_informal=register_of(_sent_audience(consultation)) != "parent",
        language_lines=(
            [(code, choose_language_line(code)) for code in consultation.languages]
            if _phone_language_missing(consultation)
            else []
        ),
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


def _expired_token_only(form) -> bool:
    return bool(form.csrf_token.errors) and not any(
        field.errors for field in form if field.name != "csrf_token"
    )


def _back_to(url: str):
    """Every POST answers with a redirect, refusals included: the browser then shows a page
    it got by GET, so Back never lands on a "resubmit the form?" page."""
    return redirect(url)


@bp.route("/r/<token>/", methods=["GET", "POST"])
@family_surface("phone path: who is answering, closed and not-yet-open consultations")
@public
@limiter.limit(DEVICE_LIMIT, key_func=device_key, methods=["POST"])
@limiter.limit(address_limit, key_func=network_key, methods=["POST"])
def start(token: str):
    channel, consultation = _load(token)
    if not _accepting(channel, consultation):
        return _closed_page(channel, consultation)
    draft = _draft(channel, consultation)
    if request.method == "GET":
        notice = request.args.get("notice")
        return _first_screen(
            channel, consultation, draft, notice=notice if notice in NOTICES else None
        )
    if not request.cookies:
        # The first screen sets a cookie; a phone that sends none back blocks them, and the
        # form token (kept in the session cookie) can never match: say so instead of looping.
        return _back_to(url_for("respond.start", token=token, notice="cookies"))
    form = who_form_class(consultation.audiences)()
    if not form.validate():
        notice = "expired" if _expired_token_only(form) else "choose"
        return _back_to(url_for("respond.start", token=token, notice=notice))
    if form.website.data:
        return _back_to(url_for("respond.thanks", token=token))
    if draft is None:
        draft = operations.start_draft(consultation, channel, is_test=channel.is_preview)
    operations.update_draft(draft, respondent_kind=form.respondent_kind.data)
    operations.give_rotated_questions(draft, consultation, channel)
    commit()
    screens = queries.screens_for(consultation, draft.respondent_kind, draft.rotated_question_ids)
    target = url_for("respond.screen", token=token, number=screens[0] if screens else 2)
    return _with_draft_cookie(_back_to(target), draft)


def _typed_values(questions) -> dict:
    """What the refused form carried, per field, bounded: only to show it again."""
    values = {}
    for question in questions:
        name = field_name(question)
        if question.purpose == Purpose.ACTION_CHOICE:
            values[name] = request.form.getlist(name)[:50]
        elif name in request.form:
            values[name] = request.form.get(name, "")[: 2 * operations.MAX_TEXT_LENGTH]
    return values


def _show_check(form) -> None:
    """Run each field's checks on the values shown again, so its message sits beside it."""
    for field in form:
        if field.name not in ("csrf_token", "website", "submission"):
            field.validate(form)


@bp.route("/r/<token>/<int:number>", methods=["GET", "POST"])
@family_surface("phone path: each audience's question screens and their errors")
@public
@limiter.limit(DEVICE_LIMIT, key_func=device_key, methods=["POST"])
@limiter.limit(address_limit, key_func=network_key, methods=["POST"])
def screen(token: str, number: int):
    channel, consultation = _load(token)
    if not _accepting(channel, consultation):
        return _closed_page(channel, consultation)
    draft = _draft(channel, consultation)
    if draft is None:
        if _already_sent(request.form.get("submission")) or _sent_audience(consultation):
            # A second tap on "Send", or Back after sending: say it is done.
            return _back_to(url_for("respond.thanks", token=token))
        return _back_to(url_for("respond.start", token=token))
    if draft.respondent_kind is None:
        return _back_to(url_for("respond.start", token=token))
    if draft.rotated_question_ids is None:
        operations.give_rotated_questions(draft, consultation, channel)
        commit()
    rotated = draft.rotated_question_ids
    screens = queries.screens_for(consultation, draft.respondent_kind, rotated)
    if number not in screens:
        return _back_to(url_for("respond.start", token=token))
    questions = queries.questions_on_screen(
        consultation, draft.respondent_kind, number, channel.orientation, rotated
    )
    index = screens.index(number)
    is_last = index == len(screens) - 1
    register = register_of(draft.respondent_kind)
    form_class = screen_form_class(questions, register=register)
    this_screen = url_for("respond.screen", token=token, number=number)
    if request.method == "POST":
        form = form_class()
        if request.form.get("go") == "keep":
            return _keep_typing(form, draft, questions)
        if form.validate():
            return _move_on(token, form, draft, questions, screens, index, consultation)
        if _expired_token_only(form):
            # Only a same-site page can carry the draft cookie (SameSite=Lax), so keeping these
            # answers without a valid form token lets no other site write into a draft.
            answers = {str(q.id): stored_value(q, form[field_name(q)].data) for q in questions}
            operations.update_draft(draft, answers=answers)
            draft.pending = {"screen": number, "notice": "expired"}
        else:
            draft.pending = {"screen": number, "values": _typed_values(questions)}
        commit()
        return _back_to(this_screen)

    pending = draft.pending if (draft.pending or {}).get("screen") == number else {}
    if pending.get("values"):
        # The refused form as it was sent, checked again so each reason sits beside its field.
        typed = MultiDict({**pending["values"], "submission": draft.token})
        form = form_class(formdata=typed)
        _show_check(form)
    else:
        saved = draft.answers or {}
        data = {field_name(q): saved.get(str(q.id)) for q in questions}
        form = form_class(formdata=None, data=data | {"submission": draft.token})
    return _page(
        "respond/screen.html",
        consultation=consultation,
        channel=channel,
        form=form,
        questions=questions,
        field_name=field_name,
        register=register,
        is_child=register == "child",
        hint_texts=hint_texts,
        faces=PRIORITY_FACES,
        Purpose=Purpose,
        step=index + 2,
        total_steps=len(screens) + 1,
        is_last=is_last,
        notice=notice_message(pending.get("notice"), register),
        notice_is_error=pending.get("notice") in ("empty", "fast"),
    )


def _keep_typing(form, draft, questions):
    """Scripts save the screen as it is typed, so a reload finds it; nothing moves on."""
    if not form.validate() or form.website.data:
        return "", 422
    answers = {str(q.id): stored_value(q, form[field_name(q)].data) for q in questions}
    operations.update_draft(draft, answers=answers)
    # Corrected as typed: a reload shows these answers, not the refused ones.
    draft.pending = None
    commit()
    return "", 204


def _move_on(token, form, draft, questions, screens, index, consultation):
    answers = {str(q.id): stored_value(q, form[field_name(q)].data) for q in questions}
    operations.update_draft(draft, answers=answers)
    draft.pending = None
    if form.website.data:
        db.session.delete(draft)
        commit()
        return _back_to(url_for("respond.thanks", token=token))
    if request.form.get("go") == "back":
        commit()
        if index > 0:
            return _back_to(url_for("respond.screen", token=token, number=screens[index - 1]))
        return _back_to(url_for("respond.start", token=token))
    if index < len(screens) - 1:
        commit()
        return _back_to(url_for("respond.screen", token=token, number=screens[index + 1]))
    refusal = _refuse_submission(draft)
    if refusal is None:
        return _submit(token, draft, consultation)
    draft.pending = {"screen": screens[index], "notice": refusal}
    commit()
    return _back_to(url_for("respond.screen", token=token, number=screens[index]))


def _refuse_submission(draft) -> str | None:
    if not any(value not in (None, "", []) for value in (draft.answers or {}).values()):
        return "empty"
    if (utcnow() - draft.started_at).total_seconds() < current_app.config["MINIMUM_FILL_SECONDS"]:
        return "fast"
    return None


def _held_reasons(draft, consultation) -> list[str]:
    """What the flood signals see in this send (a preview's tests are never weighed)."""
    if draft.is_test or _already_sent(draft.token):
        return []
    return flood.reasons_to_hold(
        answers=draft.answers or {},
        seconds_taken=(utcnow() - draft.started_at).total_seconds(),
        # The first screen, who is answering, counts too.
        screens=len(
            queries.screens_for(consultation, draft.respondent_kind, draft.rotated_question_ids)
        )
        + 1,
        channel_id=draft.channel_id,
    )


def _submit(token, draft, consultation):
    audience = RESPONDENT_KINDS[draft.respondent_kind][0].value
    is_test = draft.is_test
    try:
        operations.submit_draft(
            draft,
            consultation,
            language=current_language(),
            today=today(),
            held_reasons=_held_reasons(draft, consultation),
        )
        commit()
    except IntegrityError:
        # The same submission was stored by a double tap a moment ago: store nothing more.
        db.session.rollback()
    response = _back_to(url_for("respond.thanks", token=token))
    # Coming back on this phone then says "you have already answered", not an empty form. A
    # test is nobody's answer: the phone is only reminded whose thanks page to show.
    marker = TESTED if is_test else SENT
    # The same marker where the QR code leads (/q/): scanning it again says so too. Under /q/
    # the cookie never holds a draft, so a half-way answer is still found under /r/ only.
    for path in ("/r/", "/q/"):
        response.set_cookie(
            DRAFT_COOKIE,
            f"{marker}-{consultation.id}-{audience}",
            max_age=int(operations.DRAFT_LIFETIME.total_seconds()),
            path=path,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _already_sent(submission: str | None) -> bool:
    if not submission or len(submission) > 64:
        return False
    return db.session.scalar(select(Response.id).filter_by(client_token=submission)) is not None


@bp.route("/r/<token>/thanks")
@family_surface("phone path: thanks")
@public
def thanks(token: str):
    channel, consultation = _load(token)
    return _page(
        "respond/thanks.html",
        holds_answers=False,
        consultation=consultation,
        channel=channel,
        register=register_of(_sent_audience(consultation, markers=(SENT, TESTED))),
    )
