"""Back office of consultations, under /admin/<territory>/ (whose home page is here)."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.consultation import builder, coverage, operations, preview, progress, queries
from consult.consultation.forms import (
    ChannelForm,
    ConsultationForm,
    DeleteResponseForm,
    MoveForm,
    PurgeTestsForm,
    QuestionForm,
)
from consult.consultation.models import Channel, Consultation, Question
from consult.consultation.retention import free_text_kept_until
from consult.consultation.vocabulary import (
    AUDIENCE_GROUPS,
    AUDIENCE_LABELS,
    CHANNEL_KIND_LABELS,
    PURPOSE_LABELS,
    STATUS_LABELS,
    Purpose,
)
from consult.core.crud import CrudSpec, register_crud
from consult.core.db import commit, utcnow
from consult.core.family_surfaces import family_surface
from consult.core.forms import DeleteForm, choices, fill_translations, read_translations
from consult.core.languages import native_name
from consult.core.operations import OperationRefused
from consult.core.qr import qr_png, qr_svg
from consult.core.translatable import translated
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import QUADRANT_SINGULAR
from consult.extensions import db

bp = Blueprint("consultation", __name__, url_prefix="/admin/<territory>")
scope_to_territory(bp)


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "STATUS_LABELS": STATUS_LABELS,
        "PURPOSE_LABELS": PURPOSE_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "AUDIENCE_GROUPS": AUDIENCE_GROUPS,
        "CHANNEL_KIND_LABELS": CHANNEL_KIND_LABELS,
        "QUADRANT_SINGULAR": QUADRANT_SINGULAR,
        "public_url": public_url,
    }


def public_url(channel: Channel) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/q/{channel.token}"


def _consultation_or_404(consultation_id: int) -> Consultation:
    return queries.consultation_in(g.territory, consultation_id)


def _question_or_404(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.consultation.territory_id != g.territory.id:
        abort(404)
    return question


def _channel_or_404(channel_id: int) -> Channel:
    channel = db.session.get(Channel, channel_id)
    if channel is None or channel.consultation.territory_id != g.territory.id:
        abort(404)
    return channel


@bp.route("/consultations/")
@requires_role(Role.FACILITATOR)
def consultations():
    items = queries.consultations(g.territory)
    return render_template(
        "consultation/list.html",
        consultations=items,
        responses=queries.response_counts([item.id for item in items]),
    )


@bp.route("/")
@requires_role(Role.FACILITATOR)
def home():
    """The back office's home: the consultations under way and what needs doing next."""
    under_way, todos = progress.next_steps(g.territory, date.today())
    return render_template(
        "consultation/home.html",
        under_way=under_way,
        todos=todos,
        responses=queries.response_counts([item.id for item in under_way]),
        today=date.today(),
    )


@bp.route("/consultations/<int:consultation_id>")
@requires_role(Role.FACILITATOR)
def consultation(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    by_audience = {}
    for question in item.questions:
        by_audience.setdefault(question.audience, []).append(question)
    return render_template(
        "consultation/detail.html",
        consultation=item,
        by_audience=by_audience,
        stats=queries.channel_stats(item),
        move_form=MoveForm(),
        responses=queries.response_counts([item.id]).get(item.id, 0),
        tests=queries.test_response_count(item),
        checklist=progress.checklist(item),
        preview_token=preview.token_for(item),
        can_preview=preview.is_previewable(item),
        free_text_kept_until=free_text_kept_until(item),
    )


# Tests sent from a preview, and responses sent by mistake.


@bp.route("/consultations/<int:consultation_id>/tests/purge", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def purge_tests(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    form = PurgeTestsForm()
    back = url_for(".consultation", consultation_id=item.id)
    if form.validate_on_submit():
        count = operations.purge_tests(item)
        commit()
        flash(
            ngettext("%(num)s test response deleted.", "%(num)s test responses deleted.", count),
            "success",
        )
        return redirect(back)
    return render_template(
        "consultation/purge_tests.html",
        consultation=item,
        form=form,
        tests=queries.test_response_count(item),
        back_url=back,
    ), (422 if request.method == "POST" else 200)


@bp.route("/consultations/<int:consultation_id>/responses/delete", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def response_delete(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    form = DeleteResponseForm()
    if request.method == "GET":
        form.response_id.data = request.args.get("response_id", type=int)
    number = form.response_id.data
    response = queries.response_in(item, number)
    back = url_for(".consultation", consultation_id=item.id)
    status = 200
    if request.method == "POST":
        status = 422
        if response is None:
            flash(_("There is no response with this number in this consultation."), "error")
        elif form.validate_on_submit():
            try:
                operations.delete_response(response, form.reason.data)
            except OperationRefused as refusal:
                db.session.rollback()
                flash(str(refusal), "error")
            else:
                commit()
                flash(_("Response %(number)s deleted.", number=number), "success")
                return redirect(back)
    return render_template(
        "consultation/response_delete.html",
        consultation=item,
        form=form,
        response=response,
        back_url=back,
    ), status


# Consultations: create, edit, delete.


def _prepare_consultation_form(form):
    form.orientation_ids.choices = choices(
        [(o.id, f"{o.number}. {o.label}") for o in diagnostic_queries.orientations(g.territory)]
    )
    form.axis_ids.choices = choices(
        [(a.id, f"{a.number}. {a.label}") for a in diagnostic_queries.axes(g.territory)]
    )
    if request.method == "GET" and not form.audiences.data:
        form.audiences.data = list(AUDIENCE_GROUPS)
        form.languages.data = list(current_app.config["UI_LANGUAGES"])
        form.orientation_ids.data = [choice.value for choice in form.orientation_ids.choices]
        form.axis_ids.data = [choice.value for choice in form.axis_ids.choices]


def _fill_consultation_form(form, item):
    for name in ("title", "intro", "restitution"):
        fill_translations(form, name, getattr(item, name))
    form.status.data = item.status
    form.opens_on.data = item.opens_on
    form.closes_on.data = item.closes_on
    form.results_on.data = item.results_on
    form.languages.data = item.languages
    form.audiences.data = item.audiences
    form.orientation_ids.data = [o.id for o in item.orientations]
    form.axis_ids.data = [a.id for a in item.axes]
    form.retention_days.data = item.retention_days
    form.time_budget_seconds.data = item.time_budget_seconds


def _save_consultation(form, item):
    return operations.save_consultation(
        g.territory,
        item,
        title=read_translations(form, "title"),
        intro=read_translations(form, "intro"),
        restitution=read_translations(form, "restitution"),
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        results_on=form.results_on.data,
        status=form.status.data,
        languages=form.languages.data or [],
        audiences=form.audiences.data or [],
        orientation_ids=form.orientation_ids.data or [],
        axis_ids=form.axis_ids.data or [],
        retention_days=form.retention_days.data,
        time_budget_seconds=form.time_budget_seconds.data,
    )


def _confirm_consultation(form, item):
    """Stopping to ask about an orientation families have already answered about."""
    leaving = builder.removal_impact(item, form.orientation_ids.data or [])
    if not leaving:
        return None
    return _(
        "People have already seen or answered the questions about: %(list)s. Their answers "
        "are kept and still counted; these questions stop being asked. Confirm to save.",
        list="; ".join(f"{o.number}. {o.label}" for o in leaving),
    )


def _delete_consultation(item):
    if queries.response_counts([item.id]):
        raise OperationRefused(
            _("This consultation has responses: close it instead, so nothing is lost.")
        )
    db.session.delete(item)
    db.session.flush()


register_crud(
    bp,
    CrudSpec(
        name="consultations",
        form_class=ConsultationForm,
        new_title=lambda: _("New consultation"),
        edit_title=lambda item: item.label,
        load=_consultation_or_404,
        prepare_form=_prepare_consultation_form,
        fill_form=_fill_consultation_form,
        save=_save_consultation,
        delete=_delete_consultation,
        back_url=lambda item: (
            url_for(".consultation", consultation_id=item.id)
            if item is not None and item.id
            else url_for(".consultations")
        ),
        describe=lambda item: item.label,
        confirm=_confirm_consultation,
    ),
)


# Questions: the builder (add, edit, translate, reorder, remove).


def _prepare_question_form(form, consultation: Consultation):
    form.orientation_id.choices = choices(
        [(0, _("None"))] + [(o.id, f"{o.number}. {o.label}") for o in consultation.orientations]
    )
    form.axis_id.choices = choices(
        [(0, _("None"))]
        + [(a.id, f"{a.number}. {a.label}") for a in diagnostic_queries.axes(g.territory)]
    )


def _fill_question_form(form, question: Question):
    fill_translations(form, "prompt", question.prompt)
    form.audience.data = question.audience
    form.purpose.data = question.purpose
    form.orientation_id.data = question.orientation_id or 0
    form.axis_id.data = question.axis_id or 0
    form.quadrant.data = question.quadrant or ""
    form.max_choices.data = question.max_choices
    form.options.data = "\n".join(question.options or [])
    form.screen.data = question.screen
    form.position.data = question.position
    form.is_active.data = question.is_active


def _question_page(consultation: Consultation, question: Question | None):
    form = QuestionForm()
    _prepare_question_form(form, consultation)
    if request.method == "GET":
        if question is not None:
            _fill_question_form(form, question)
        else:
            purpose = request.args.get("purpose")
            # The generated set asks priorities, actions and SWOT prompts already: what a
            # coordinator adds by hand is most often a profile question.
            form.purpose.data = purpose if purpose in PURPOSE_LABELS else Purpose.PROFILE.value
            audience = request.args.get("audience")
            if audience in AUDIENCE_LABELS:
                form.audience.data = audience
    status = 200
    back = url_for(".consultation", consultation_id=consultation.id)
    if form.validate_on_submit():
        try:
            saved = builder.save_question(
                consultation,
                question,
                audience=form.audience.data,
                purpose=form.purpose.data,
                prompt=read_translations(form, "prompt"),
                orientation_id=form.orientation_id.data or None,
                axis_id=form.axis_id.data or None,
                quadrant=form.quadrant.data or None,
                max_choices=form.max_choices.data,
                options=(form.options.data or "").splitlines(),
                screen=form.screen.data,
                position=form.position.data,
                is_active=form.is_active.data,
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            if commit():
                flash(_("Saved."), "success")
                return redirect(back + f"#question-{saved.id}")
            flash(_("This could not be saved. Nothing was changed."), "error")
        status = 422
    elif request.method == "POST":
        flash(_("Please correct the fields marked below. Nothing was saved yet."), "error")
        status = 422
    return render_template(
        "consultation/question_form.html",
        form=form,
        question=question,
        consultation=consultation,
        back_url=back,
        collected=question is not None and builder.has_collected(question),
    ), status


@bp.route("/consultations/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def question_new(consultation_id: int):
    return _question_page(_consultation_or_404(consultation_id), None)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def question_edit(question_id: int):
    question = _question_or_404(question_id)
    return _question_page(question.consultation, question)


@bp.route("/questions/<int:question_id>/delete", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def question_delete(question_id: int):
    question = _question_or_404(question_id)
    back = url_for(".consultation", consultation_id=question.consultation_id)
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            builder.delete_question(question)
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return redirect(url_for(".question_edit", question_id=question.id))
        if commit():
            flash(_("Deleted."), "success")
        return redirect(back)
    return render_template(
        "core/crud_delete.html",
        form=form,
        title=_("Question"),
        description=question.label,
        back_url=back,
    )


@bp.route("/questions/<int:question_id>/move/<direction>", methods=["POST"])
@requires_role(Role.COORDINATOR)
def question_move(question_id: int, direction: str):
    question = _question_or_404(question_id)
    if direction not in ("up", "down"):
        abort(404)
    if MoveForm().validate_on_submit():
        builder.move_question(question, -1 if direction == "up" else 1)
        commit()
    return redirect(
        url_for(".consultation", consultation_id=question.consultation_id)
        + f"#question-{question.id}"
    )


# Channels: create, edit, retire; QR codes, poster and flyer.


def _prepare_channel_form(form):
    form.consultation_id.choices = choices(
        [(item.id, item.label) for item in queries.consultations(g.territory)]
    )
    form.orientation_id.choices = choices(
        [(0, _("None"))]
        + [(o.id, f"{o.number}. {o.label}") for o in diagnostic_queries.orientations(g.territory)]
    )
    if request.method == "GET" and not form.consultation_id.data:
        form.consultation_id.data = request.args.get("consultation_id", type=int)


def _fill_channel_form(form, channel):
    form.consultation_id.data = channel.consultation_id
    form.name.data = channel.name
    form.kind.data = channel.kind
    form.orientation_id.data = channel.orientation_id or 0
    form.is_retired.data = channel.is_retired


def _save_channel(form, channel):
    item = _consultation_or_404(form.consultation_id.data)
    if channel is not None and channel.consultation_id != item.id:
        raise OperationRefused(_("A channel cannot move to another consultation."))
    return operations.save_channel(
        item,
        channel,
        name=form.name.data,
        kind=form.kind.data,
        orientation_id=form.orientation_id.data or None,
        is_retired=form.is_retired.data,
    )


def _delete_channel(channel):
    stats = queries.channel_stats(channel.consultation).get(channel.id, {})
    if stats.get("responses") or stats.get("scans"):
        raise OperationRefused(
            _("This channel was used: retire it instead, so its figures are kept.")
        )
    db.session.delete(channel)
    db.session.flush()


register_crud(
    bp,
    CrudSpec(
        name="channels",
        form_class=ChannelForm,
        new_title=lambda: _("New channel"),
        edit_title=lambda channel: channel.name,
        load=_channel_or_404,
        prepare_form=_prepare_channel_form,
        fill_form=_fill_channel_form,
        save=_save_channel,
        delete=_delete_channel,
        back_url=lambda channel: (
            url_for(".consultation", consultation_id=channel.consultation_id)
            if channel is not None and channel.consultation_id
            else url_for(".consultations")
        ),
        describe=lambda channel: channel.name,
    ),
)


def _mark_printed(channel: Channel) -> None:
    """Downloading a poster, a flyer or a QR code is what readies a channel to go out: the
    consultation's checklist ticks "printed" from it."""
    if channel.printed_at is None:
        channel.printed_at = utcnow()
        commit()


@bp.route("/channels/<int:channel_id>/qr.svg")
@requires_role(Role.FACILITATOR)
def channel_qr_svg(channel_id: int):
    channel = _channel_or_404(channel_id)
    _mark_printed(channel)
    return Response(
        qr_svg(public_url(channel)),
        mimetype="image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="qr-{channel.token}.svg"'},
    )


@bp.route("/channels/<int:channel_id>/qr.png")
@requires_role(Role.FACILITATOR)
def channel_qr_png(channel_id: int):
    channel = _channel_or_404(channel_id)
    _mark_printed(channel)
    return Response(
        qr_png(public_url(channel)),
        mimetype="image/png",
        headers={"Content-Disposition": f'attachment; filename="qr-{channel.token}.png"'},
    )


def _calls_to_action(consultation: Consultation) -> list[dict]:
    """The poster's words in every language the consultation offers."""
    calls = []
    for language in consultation.languages:
        with force_locale(language):
            calls.append(
                {
                    "language": language,
                    "name": native_name(language),
                    "title": translated(consultation.title, language),
                    "call": _("Your opinion counts! Scan the QR code and answer in 2 minutes."),
                    "anonymous": _("Anonymous. No name, no e-mail."),
                }
            )
    return calls


@bp.route("/channels/<int:channel_id>/<any(poster, flyer):layout>")
@family_surface("poster and flyer", multilingual=True)
@requires_role(Role.FACILITATOR)
def channel_print(channel_id: int, layout: str):
    channel = _channel_or_404(channel_id)
    _mark_printed(channel)
    return render_template(
        "consultation/print.html",
        channel=channel,
        layout=layout,
        url=public_url(channel),
        calls=_calls_to_action(channel.consultation),
    )


@bp.route("/consultations/<int:consultation_id>/languages")
@requires_role(Role.FACILITATOR)
def languages(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    return render_template(
        "consultation/languages.html",
        consultation=item,
        rows=coverage.language_coverage(item, current_app.config["UI_LANGUAGES"]),
    )
