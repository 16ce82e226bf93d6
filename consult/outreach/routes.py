"""Back office of outreach sessions, under /admin/<territory>/outreach/."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.config import BACK_OFFICE_LANGUAGES, UI_LANGUAGES
from consult.consultation import queries as consultation_queries
from consult.consultation.models import Consultation
from consult.consultation.respond_forms import (
    PRIORITY_LABELS,
    RESPONDENT_KIND_LABELS,
    field_name,
    stored_value,
)
from consult.consultation.vocabulary import (
    AUDIENCE_GROUPS,
    AUDIENCE_LABELS,
    RESPONDENT_KINDS,
    Audience,
    Mode,
    Purpose,
)
from consult.consultation.wording import action_label
from consult.core.crud import CrudSpec, register_crud
from consult.core.db import commit
from consult.core.family_surfaces import family_surface
from consult.core.forms import choices
from consult.core.i18n import current_language
from consult.core.languages import native_name
from consult.core.operations import OperationRefused
from consult.core.translatable import translated
from consult.diagnostic.scope import scope_to_territory
from consult.extensions import db
from consult.outreach import operations, queries
from consult.outreach.forms import SessionForm, group_form_class, paper_form_class
from consult.outreach.models import OutreachSession
from consult.outreach.vocabulary import MODE_LABELS

bp = Blueprint("outreach", __name__, url_prefix="/admin/<territory>")
scope_to_territory(bp)


@bp.url_value_preprocessor
def back_office_languages(endpoint, values):
    g.enabled_languages = BACK_OFFICE_LANGUAGES


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "MODE_LABELS": MODE_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "AUDIENCE_GROUPS": AUDIENCE_GROUPS,
    }


def today() -> date:
    return date.today()


def _session_or_404(session_id: int) -> OutreachSession:
    session = queries.session_in(g.territory, session_id)
    if session is None:
        abort(404)
    return session


def _audience_or_404(session: OutreachSession, audience: str) -> str:
    if audience not in queries.audiences_of(session.consultation):
        abort(404)
    return audience


def _kinds_for(session: OutreachSession, audience: str) -> list[str]:
    return [
        kind
        for kind in session.consultation.audiences
        if RESPONDENT_KINDS[kind][0].value == audience
    ]


@bp.route("/outreach/")
@requires_role(Role.FACILITATOR)
def sessions():
    items = queries.sessions(g.territory)
    return render_template(
        "outreach/list.html",
        sessions=items,
        responses=queries.response_counts([item.id for item in items]),
    )


@bp.route("/outreach/<int:session_id>")
@requires_role(Role.FACILITATOR)
def session(session_id: int):
    item = _session_or_404(session_id)
    return render_template(
        "outreach/summary.html",
        session=item,
        summary=queries.summary(item),
        groups=queries.group_answers(item),
        audiences=queries.audiences_of(item.consultation),
        language_names=[(code, native_name(code)) for code in item.consultation.languages],
    )


# Sessions: create, edit, delete (facilitators run them).


def _prepare_session_form(form):
    consultations = consultation_queries.consultations(g.territory)
    form.consultation_id.choices = choices([(item.id, item.label) for item in consultations])
    form.channel_id.choices = choices(
        [(0, _("None"))]
        + [
            (channel.id, f"{channel.name} — {consultation.label}")
            for consultation in consultations
            for channel in consultation.channels
            if not channel.is_retired
        ]
    )
    form.facilitator_ids.choices = choices(
        [(user.id, user.display_name) for user in queries.staff(g.territory)]
    )
    if request.method == "GET" and not form.place.data:
        form.held_on.data = today()
        form.facilitator_ids.data = [current_user.id]
        form.languages.data = ["fr"]


def _fill_session_form(form, item: OutreachSession):
    form.place.data = item.place
    form.partner.data = item.partner
    form.held_on.data = item.held_on
    form.consultation_id.data = item.consultation_id
    form.channel_id.data = item.channel_id or 0
    form.facilitator_ids.data = [user.id for user in item.facilitators]
    form.people_met.data = item.people_met
    form.languages.data = item.languages
    form.notes.data = item.notes
    form.is_closed.data = item.is_closed
    form.max_group_size.data = item.max_group_size


def _save_session(form, item):
    consultation = db.session.get(Consultation, form.consultation_id.data)
    if consultation is None or consultation.territory_id != g.territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return operations.save_session(
        g.territory,
        item,
        consultation=consultation,
        channel_id=form.channel_id.data or None,
        place=form.place.data,
        partner=form.partner.data or "",
        held_on=form.held_on.data,
        facilitator_ids=form.facilitator_ids.data or [],
        people_met=form.people_met.data,
        languages=form.languages.data or [],
        notes=form.notes.data or "",
        is_closed=form.is_closed.data,
        max_group_size=form.max_group_size.data,
    )


register_crud(
    bp,
    CrudSpec(
        name="outreach_sessions",
        form_class=SessionForm,
        new_title=lambda: _("New outreach session"),
        edit_title=lambda item: item.label,
        load=_session_or_404,
        prepare_form=_prepare_session_form,
        fill_form=_fill_session_form,
        save=_save_session,
        delete=operations.delete_session,
        back_url=lambda item: (
            url_for(".session", session_id=item.id)
            if item is not None and item.id
            else url_for(".sessions")
        ),
        describe=lambda item: item.label,
        minimum_role=Role.FACILITATOR,
    ),
)


# Group answers.


def _values_from(form, questions) -> dict:
    return {
        question.id: stored_value(question, form[field_name(question)].data)
        for question in questions
    }


@bp.route("/outreach/<int:session_id>/group/<audience>", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def group_answer(session_id: int, audience: str):
    item = _session_or_404(session_id)
    audience = _audience_or_404(item, audience)
    questions = queries.questions_for_audience(item.consultation, audience)
    kinds = list(item.consultation.audiences)
    form = group_form_class(questions, kinds)()
    if request.method == "GET":
        form.kinds_present.data = _kinds_for(item, audience)
        form.language.data = (item.languages or ["fr"])[0]
    status = 200
    if form.validate_on_submit():
        try:
            operations.record_group_answer(
                item,
                audience=audience,
                group_size=form.group_size.data,
                large_group_confirmed=form.large_group_confirmed.data,
                kinds_present=form.kinds_present.data or [],
                language=form.language.data,
                questions=questions,
                values=_values_from(form, questions),
                today=today(),
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            if commit():
                flash(_("The group's answer is saved."), "success")
                return redirect(url_for(".session", session_id=item.id))
            flash(_("This could not be saved. Nothing was changed."), "error")
        status = 422
    elif request.method == "POST":
        flash(_("Please correct the fields marked below. Nothing was saved yet."), "error")
        status = 422
    return render_template(
        "outreach/answers_form.html",
        session=item,
        form=form,
        questions=questions,
        field_name=field_name,
        Purpose=Purpose,
        title=_("Group answer: %(audience)s", audience=AUDIENCE_LABELS[Audience(audience)]),
        lead_fields=["group_size", "large_group_confirmed", "kinds_present", "language"],
        intro=_(
            "One answer for the whole group, as it agreed it. It counts as a group of this size, "
            "never as one person nor as separate people."
        ),
        submit_label=_("Save the group's answer"),
    ), status


# Paper: a printable questionnaire, then keyed back in.


@bp.route("/outreach/<int:session_id>/paper/<audience>/<language>")
@family_surface("paper sheet of each audience, for one person or a group")
@requires_role(Role.FACILITATOR)
def paper_print(session_id: int, audience: str, language: str):
    item = _session_or_404(session_id)
    audience = _audience_or_404(item, audience)
    if language not in item.consultation.languages or language not in UI_LANGUAGES:
        abort(404)
    questions = queries.questions_for_audience(item.consultation, audience)
    rows = []
    for question in questions:
        row = {"question": question, "label": translated(question.label_texts, language)}
        if question.purpose == Purpose.ACTION_CHOICE:
            row["options"] = [
                translated(action_label(a, question.audience), language)
                for a in question.orientation.actions
            ]
        elif question.purpose == Purpose.PROFILE:
            row["options"] = list(question.options)
        rows.append(row)
    with force_locale(language):
        html = render_template(
            "outreach/paper_print.html",
            session=item,
            audience=audience,
            language=language,
            rows=rows,
            title=translated(item.consultation.title, language),
            priority_labels={value: str(label) for value, label in PRIORITY_LABELS.items()},
            kinds=_kinds_for(item, audience),
            # The family's words ("I am young, 11 to 15"), not the back office's labels.
            kind_labels={kind: str(label) for kind, label in RESPONDENT_KIND_LABELS.items()},
            Purpose=Purpose,
            public_url=(
                f"{current_app.config['PUBLIC_BASE_URL']}/q/{item.channel.token}"
                if item.channel
                else None
            ),
        )
    return html


@bp.route("/outreach/<int:session_id>/paper-entry/<audience>", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def paper_entry(session_id: int, audience: str):
    item = _session_or_404(session_id)
    audience = _audience_or_404(item, audience)
    questions = queries.questions_for_audience(item.consultation, audience)
    kinds = _kinds_for(item, audience)
    form = paper_form_class(questions, kinds)()
    status = 200
    if request.method == "GET":
        form.language.data = request.args.get("language") or current_language()
    if form.validate_on_submit():
        try:
            response = operations.record_paper_form(
                item,
                reference=form.reference.data,
                sheet_number=form.sheet_number.data,
                kind=form.kind.data,
                language=form.language.data,
                questions=questions,
                values=_values_from(form, questions),
                today=today(),
            )
        except OperationRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        except IntegrityError:
            # The same sheet, sent twice at once: the first one is stored.
            db.session.rollback()
            flash(
                _(
                    "Sheet %(number)s was already keyed in for this session.",
                    number=form.sheet_number.data,
                ),
                "error",
            )
        else:
            number = form.sheet_number.data
            if commit():
                flash(_("Sheet %(number)s is saved. Next sheet.", number=number), "success")
                return redirect(
                    url_for(
                        ".paper_entry",
                        session_id=item.id,
                        audience=audience,
                        language=response.language,
                    )
                )
            flash(_("This could not be saved. Nothing was changed."), "error")
        status = 422
    elif request.method == "POST":
        flash(_("Please correct the fields marked below. Nothing was saved yet."), "error")
        status = 422
    return render_template(
        "outreach/answers_form.html",
        session=item,
        form=form,
        questions=questions,
        field_name=field_name,
        Purpose=Purpose,
        title=_("Key in a paper form: %(audience)s", audience=AUDIENCE_LABELS[Audience(audience)]),
        lead_fields=["reference", "sheet_number", "kind", "language"],
        intro=_(
            "One sheet per screen. Type what the sheet says; leave blank what was not answered. "
            "Tab moves to the next field, arrow keys choose within a question, Enter saves."
        ),
        submit_label=_("Save this sheet"),
        mode=Mode.PAPER,
    ), status
