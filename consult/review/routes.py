"""Review: moderation, coding into the SWOT, both voices on the board, orientation results."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.config import UI_LANGUAGES
from consult.consultation import flood
from consult.consultation import queries as consultation_queries
from consult.consultation.flags import spans_for
from consult.consultation.vocabulary import AUDIENCE_LABELS
from consult.core import masking
from consult.core.db import commit, commit_write
from consult.core.forms import choices
from consult.core.languages import NATIVE_NAMES
from consult.core.operations import OperationRefused
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.models import SwotItem
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import (
    QUADRANT_GRID,
    QUADRANT_LABELS,
    QUADRANT_SINGULAR,
    VOICE_LABELS,
    Quadrant,
)
from consult.extensions import db
from consult.review import exports, held, operations, queries, report
from consult.review import participation as participation_queries
from consult.review.forms import (
    AdoptForm,
    AttachForm,
    BulkForm,
    CodingForm,
    DecisionForm,
    FrenchMeaningForm,
    HeldDecisionForm,
    NewItemForm,
    RedactForm,
    TargetForm,
)
from consult.review.models import ModerationEvent, ReportQuote
from consult.review.similarity import group_similar, search, suggest

bp = Blueprint("review", __name__, url_prefix="/admin/<territory>/review")
scope_to_territory(bp)

FLAGS = ("email", "phone", "address", "name", "insult")


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "QUADRANT_LABELS": QUADRANT_LABELS,
        "QUADRANT_SINGULAR": QUADRANT_SINGULAR,
        "QUADRANT_GRID": QUADRANT_GRID,
        "VOICE_LABELS": VOICE_LABELS,
        "Quadrant": Quadrant,
        "flag_labels": _flag_labels(),
    }


def _flag_labels() -> dict:
    return {
        "email": _("e-mail address"),
        "phone": _("phone number"),
        "address": _("street address"),
        "name": _("a name"),
        "insult": _("insult"),
    }


STATUSES = ("pending", "approved", "redacted", "hidden", queries.TO_CODE)
# Ids in a query string beyond this are not ids (and would overflow a database integer).
LARGEST_ID = 2**31 - 1


def choice_arg(name: str, allowed) -> str | None:
    """A query-string value, only if it is one of ``allowed``."""
    value = request.args.get(name)
    return value if value in allowed else None


def bounded_int(name: str, default: int | None = None) -> int | None:
    value = request.args.get(name, type=int)
    if value is None or not 1 <= value <= LARGEST_ID:
        return default
    return value


def _filters() -> queries.QueueFilters:
    args = request.args
    status = args.get("status", "pending")
    return queries.QueueFilters(
        status=None if status == "all" else (status if status in STATUSES else "pending"),
        consultation_id=bounded_int("consultation_id"),
        channel_id=bounded_int("channel_id"),
        audience=choice_arg("audience", AUDIENCE_LABELS),
        language=choice_arg("language", UI_LANGUAGES),
        flag=choice_arg("flag", FLAGS),
        search=(args.get("q") or "").strip()[:100] or None,
        per_page=args.get("per_page", type=int)
        if args.get("per_page", type=int) in queries.PAGE_SIZES
        else None,
    )


@bp.route("/")
@requires_role(Role.COORDINATOR)
def queue():
    filters = _filters()
    page = bounded_int("page", 1)
    per_page = filters.per_page or queries.PAGE_SIZE
    answers, total = queries.moderation_queue(g.territory, filters, page, per_page)
    form = _bulk_form()
    form.answer_ids.choices = choices([(answer.id, str(answer.id)) for answer in answers])
    consultations = consultation_queries.consultations(g.territory)
    channels = [channel for item in consultations for channel in item.channels]
    item_query = _item_query()
    items = queries.swot_items(g.territory)
    found = search(item_query, items) if item_query else []
    return render_template(
        "review/queue.html",
        answers=answers,
        groups=group_similar((answer, *_text_for_matching(answer)) for answer in answers),
        items=items,
        item_query=item_query,
        found=found,
        total=total,
        page=page,
        pages=max((total + per_page - 1) // per_page, 1),
        page_sizes=queries.PAGE_SIZES,
        per_page=per_page,
        filters=filters,
        counts=queries.status_counts(g.territory),
        form=form,
        consultations=consultations,
        channels=channels,
        languages=UI_LANGUAGES,
        spans_for=spans_for,
    )


def _item_query() -> str:
    """What a coordinator typed to find a SWOT item (searched in Python, never in SQL)."""
    return (request.args.get("item_q") or "").strip()[:100]


def _item_label(item: SwotItem) -> str:
    return f"{_('Axis %(number)s', number=item.axis.number)} · " + (
        f"{QUADRANT_SINGULAR[Quadrant(item.quadrant)]} · {item.statement[:90]}"
    )


def _bulk_form() -> BulkForm:
    form = BulkForm()
    form.axis_id.choices = choices(
        [(0, _("None"))]
        + [(a.id, f"{a.number}. {a.label}") for a in diagnostic_queries.axes(g.territory)]
    )
    form.orientation_id.choices = choices(
        [(0, _("None"))]
        + [(o.id, f"{o.number}. {o.label}") for o in diagnostic_queries.orientations(g.territory)]
    )
    form.swot_item_id.choices = choices(
        [(0, "—")] + [(item.id, _item_label(item)) for item in queries.swot_items(g.territory)]
    )
    return form


def _bulk_decide(form: BulkForm, answers) -> tuple[int, int]:
    """Apply the chosen decision; (changed, skipped)."""
    decision = form.decision.data
    if decision == "approve":
        confirmed = set(request.form.getlist("checked_flags", type=int))
        return operations.approve_in_bulk(answers, current_user, confirmed)
    if decision == "hide":
        return operations.hide(answers, current_user), 0
    if decision == "code":
        if not form.quadrant.data:
            raise OperationRefused(_("Choose a quadrant to code the answers."))
        return operations.code_in_bulk(
            answers,
            g.territory,
            current_user,
            axis_id=form.axis_id.data or None,
            quadrant=form.quadrant.data,
            orientation_id=form.orientation_id.data or None,
        )
    item = db.session.get(SwotItem, form.swot_item_id.data or 0)
    if item is None or item.territory_id != g.territory.id:
        raise OperationRefused(_("Choose the SWOT item to attach the answers to."))
    return operations.attach_in_bulk(answers, item, g.territory, current_user)


@bp.route("/bulk", methods=["POST"])
@requires_role(Role.COORDINATOR)
def bulk():
    form = _bulk_form()
    form.answer_ids.choices = choices(
        [(value, value) for value in request.form.getlist("answer_ids", type=int)]
    )
    back = url_for(".queue", **_filters().as_args())
    if not form.validate_on_submit() or not form.answer_ids.data:
        flash(_("Choose at least one answer and a decision."), "error")
        return redirect(back)
    answers = queries.answers_in_territory(g.territory, form.answer_ids.data)
    written = commit_write(lambda: _bulk_decide(form, answers), say_saved=False)
    if not written:
        return redirect(back)
    changed, skipped = written.value
    flash(ngettext("%(num)s answer updated.", "%(num)s answers updated.", changed), "success")
    if skipped and form.decision.data in ("code", "attach"):
        flash(
            ngettext(
                "%(num)s answer was left as it was: approve it before coding it.",
                "%(num)s answers were left as they were: approve them before coding them.",
                skipped,
            ),
            "error",
        )
    elif skipped:
        flash(
            ngettext(
                "%(num)s flagged answer was not approved: open it, or tick “Checked” beside it.",
                "%(num)s flagged answers were not approved: open each, or tick “Checked” "
                "beside it.",
                skipped,
            ),
            "error",
        )
    return redirect(back)


def _text_for_matching(answer) -> tuple[str, str]:
    """(text, language) to compare with the SWOT items, which are written in French: the
    French meaning when a coordinator wrote one, else the answer in its own language."""
    if answer.french_text:
        return answer.french_text, "fr"
    return answer.text or "", answer.response.language


@bp.route("/answers/<int:answer_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def answer(answer_id: int):
    item = queries.answer_or_404(g.territory, answer_id)
    response = item.response
    decision = DecisionForm()
    redaction = RedactForm(data={"text": item.text})
    meaning = FrenchMeaningForm(data={"french_text": item.french_text})
    coding = CodingForm(
        data={
            "quadrant": item.quadrant,
            "axis_id": item.axis_id or 0,
            "orientation_id": item.orientation_id or 0,
        },
    )
    coding.axis_id.choices = choices(
        [(0, _("None"))]
        + [(a.id, f"{a.number}. {a.label}") for a in diagnostic_queries.axes(g.territory)]
    )
    coding.orientation_id.choices = choices(
        [(0, _("None"))]
        + [(o.id, f"{o.number}. {o.label}") for o in diagnostic_queries.orientations(g.territory)]
    )
    new_item = NewItemForm(data={"statement": item.french_text or item.text})
    attach = AttachForm()
    adopt = AdoptForm(
        data={
            "adopt_orientation_id": item.orientation_id or 0,
            "adopt_title": item.french_text or item.text,
        },
    )
    adopt.adopt_orientation_id.choices = coding.orientation_id.choices[1:]
    here = url_for(".answer", answer_id=item.id, **_filters().as_args())
    status = 200
    if request.method == "POST":
        action = request.form.get("action")

        def save():
            if action in ("approve", "hide") and decision.validate_on_submit():
                (operations.approve if action == "approve" else operations.hide)(
                    [item], current_user
                )
            elif action == "redact" and redaction.validate_on_submit():
                operations.redact(item, redaction.text.data, current_user)
            elif action == "translate" and meaning.validate_on_submit():
                operations.set_french_meaning(item, meaning.french_text.data or "", current_user)
            elif action == "code" and coding.validate_on_submit():
                operations.code(
                    item,
                    g.territory,
                    current_user,
                    axis_id=coding.axis_id.data or None,
                    quadrant=coding.quadrant.data,
                    orientation_id=coding.orientation_id.data or None,
                )
            elif action == "attach" and attach.validate_on_submit():
                target = db.session.get(SwotItem, _as_id(attach.swot_item_id.data))
                if target is None:
                    abort(404)
                operations.attach(item, target, g.territory, current_user)
            elif action == "detach" and decision.validate_on_submit():
                operations.detach(
                    item, current_user, g.territory, _as_id(request.form.get("swot_item_id", ""))
                )
            elif action == "new_item" and new_item.validate_on_submit():
                operations.create_item_from(
                    item, g.territory, current_user, statement=new_item.statement.data
                )
            elif action in ("quote", "unquote") and decision.validate_on_submit():
                operations.set_report_quote(
                    item, g.territory, current_user, chosen=action == "quote"
                )
            elif action == "adopt" and adopt.validate_on_submit():
                operations.adopt_as_action(
                    item,
                    g.territory,
                    current_user,
                    orientation_id=adopt.adopt_orientation_id.data,
                    title=adopt.adopt_title.data,
                )
            else:
                raise OperationRefused(
                    _("Please correct the fields marked below. Nothing was saved yet.")
                )

        if commit_write(save):
            return redirect(here)
        status = 422
    text, language = _text_for_matching(item)
    items = queries.swot_items(g.territory)
    attached = queries.items_of(item)
    # Suggestions are a help within the answer's quadrant; the search reaches every item.
    candidates = [
        other
        for other in items
        if other not in attached and (not item.quadrant or other.quadrant == item.quadrant)
    ]
    item_query = _item_query()
    filters = _filters()
    previous_id, next_id = queries.neighbours(g.territory, filters, item.id)
    return render_template(
        "review/answer.html",
        item=item,
        response=response,
        decision=decision,
        redaction=redaction,
        meaning=meaning,
        coding=coding,
        attach=attach,
        new_item=new_item,
        adopt=adopt,
        is_quoted=db.session.get(ReportQuote, item.id) is not None,
        suggestions=suggest(text, candidates, language),
        item_query=item_query,
        found=search(item_query, items) if item_query else [],
        attached=attached,
        previous_url=previous_id and url_for(".answer", answer_id=previous_id, **filters.as_args()),
        next_url=next_id and url_for(".answer", answer_id=next_id, **filters.as_args()),
        filters=filters,
        spans=spans_for(item.text or ""),
        history=_history(item),
        back=url_for(".queue", **filters.as_args()),
    ), status


def _history(item):
    return list(
        db.session.scalars(
            select(ModerationEvent)
            .filter_by(answer_id=item.id)
            .order_by(ModerationEvent.at, ModerationEvent.id)
        )
    )


def _way_labels() -> dict:
    return {
        "web": _("web or QR code"),
        "kiosk": _("kiosk"),
        "paper": _("paper"),
        "group": _("group"),
    }


@bp.route("/swot/")
@requires_role(Role.FACILITATOR)
def board_index():
    axes = diagnostic_queries.axes(g.territory)
    if axes:
        return board(axes[0].number)
    return render_template("review/board.html", axes=axes, axis=None, board=None)


@bp.route("/swot/axis-<int:number>")
@requires_role(Role.FACILITATOR)
def board(number: int):
    """The one SWOT board: professionals' and families' items with families' support, the
    lenses comparing both voices, and (for coordinators) the items' editing."""
    axes = diagnostic_queries.axes(g.territory)
    axis = next((axis for axis in axes if axis.number == number), None) or abort(404)
    lens = request.args.get("lens", "all")
    lens = lens if lens in queries.LENSES else "all"
    audience = choice_arg("audience", AUDIENCE_LABELS)
    voice = choice_arg("voice", VOICE_LABELS)
    way = choice_arg("way", queries.WAYS)
    consultations = consultation_queries.consultations(g.territory)
    consultation_id = bounded_int("consultation_id")
    if consultation_id not in {consultation.id for consultation in consultations}:
        consultation_id = None
    support = queries.published_support(g.territory, audience, consultation_id, way)
    board = diagnostic_queries.swot_board(axis)
    for quadrant, items in board.items():
        board[quadrant] = [
            item
            for item in items
            if queries.lens_keeps(lens, item, support.get(item.id))
            and (voice is None or item.voice == voice)
        ]
    chosen = {
        "lens": None if lens == "all" else lens,
        "audience": audience,
        "voice": voice,
        "way": way,
        "consultation_id": consultation_id,
    }
    return render_template(
        "review/board.html",
        axes=axes,
        axis=axis,
        board=board,
        support=support,
        lens=lens,
        audience=audience,
        voice=voice,
        way=way,
        way_labels=_way_labels(),
        consultations=consultations,
        consultation_id=consultation_id,
        args={key: value for key, value in chosen.items() if value},
        lenses=queries.LENSES,
    )


@bp.route("/swot-items/<int:swot_item_id>")
@requires_role(Role.FACILITATOR)
def contributions(swot_item_id: int):
    item = diagnostic_queries.get_scoped_or_404(SwotItem, swot_item_id, g.territory)
    return render_template(
        "review/contributions.html", item=item, answers=queries.contributions_for(item)
    )


@bp.route("/results/")
@requires_role(Role.FACILITATOR)
def results_index():
    consultations = consultation_queries.consultations(g.territory)
    if not consultations:
        return render_template("review/results.html", consultation=None, consultations=[])
    return redirect(url_for(".results", consultation_id=consultations[0].id))


@bp.route("/results/<int:consultation_id>")
@requires_role(Role.FACILITATOR)
def results(consultation_id: int):
    consultation = consultation_queries.consultation_in(g.territory, consultation_id)
    adopt = AdoptForm()
    adopt.adopt_orientation_id.choices = choices(
        [(o.id, f"{o.number}. {o.label}") for o in consultation.orientations]
    )
    priorities = queries.orientation_priorities(consultation)
    return render_template(
        "review/results.html",
        consultation=consultation,
        consultations=consultation_queries.consultations(g.territory),
        priorities=priorities,
        preferences=queries.action_preferences(consultation),
        proposals=queries.proposals(consultation),
        audiences=list(AUDIENCE_LABELS),
        adopt=adopt,
    )


def _as_id(text: str) -> int:
    """A form's id field as an int; anything else is an id that does not exist."""
    return int(text) if text.isascii() and text.isdigit() and int(text) <= LARGEST_ID else 0


def _export_filters() -> exports.ExportFilters:
    return exports.ExportFilters(
        consultation_id=bounded_int("consultation_id"),
        channel_id=bounded_int("channel_id"),
        audience=choice_arg("audience", AUDIENCE_LABELS),
        language=choice_arg("language", UI_LANGUAGES),
    )


def _refuse_small_group_export():
    """An export filtered on a group of fewer than MIN_GROUP people would single them out."""
    filters = _export_filters()
    if not exports.filter_singles_out(g.territory, filters):
        return None
    flash(masking.note("export_refused"), "error")
    args = {key: value for key, value in filters.__dict__.items() if value}
    return redirect(url_for(".exports_page", **args))


@bp.route("/exports")
@requires_role(Role.COORDINATOR)
def exports_page():
    filters = _export_filters()
    consultations = consultation_queries.consultations(g.territory)
    return render_template(
        "review/exports.html",
        csv_tables=[(table, title) for table, title in exports.TABLE_TITLES.items()],
        consultations=consultations,
        channels=[channel for item in consultations for channel in item.channels],
        languages=UI_LANGUAGES,
        filters=filters,
        args={key: value for key, value in filters.__dict__.items() if value},
    )


@bp.route(
    "/exports/<any(responses, answers, swot_items, axes, workshops, orientations, actions, "
    "codebook):table>.csv"
)
@requires_role(Role.COORDINATOR)
def export_csv(table: str):
    if refusal := _refuse_small_group_export():
        return refusal
    exports.record_download(g.territory, f"{table}.csv", _export_filters())
    flavour = choice_arg("flavour", exports.CSV_FLAVOURS) or "plain"
    stream = exports.csv_stream(table, g.territory, _export_filters(), flavour)
    suffix = "-excel" if flavour == "excel" else ""
    return Response(
        stream_with_context(stream),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{table}{suffix}.csv"'},
    )


@bp.route("/exports/all.json")
@requires_role(Role.COORDINATOR)
def export_json():
    if refusal := _refuse_small_group_export():
        return refusal
    exports.record_download(g.territory, "consultation.json", _export_filters())
    stream = exports.json_stream(g.territory, _export_filters())
    return Response(
        stream_with_context(stream),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="consultation.json"'},
    )


@bp.route("/exports/all.xlsx")
@requires_role(Role.COORDINATOR)
def export_xlsx():
    if refusal := _refuse_small_group_export():
        return refusal
    exports.record_download(g.territory, "consultation.xlsx", _export_filters())
    handle = exports.xlsx_file(g.territory, _export_filters())
    return send_file(
        handle,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="consultation.xlsx",
    )


AGE_BAND_LABELS = {"": "—", "under_11": "< 11", "11_15": "11–15", "16_25": "16–25"}


def _relabel(rows, labels):
    for row in rows:
        row.label = str(labels.get(row.label, row.label))
    return rows


@bp.route("/participation/")
@requires_role(Role.FACILITATOR)
def participation_index():
    consultations = consultation_queries.consultations(g.territory)
    if not consultations:
        return redirect(url_for(".results_index"))
    return redirect(url_for(".participation", consultation_id=consultations[0].id))


@bp.route("/participation/<int:consultation_id>", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def participation(consultation_id: int):
    consultation = consultation_queries.consultation_in(g.territory, consultation_id)
    target_form = TargetForm()
    target_form.channel_id.choices = choices(
        [(0, _("All channels"))] + [(channel.id, channel.name) for channel in consultation.channels]
    )
    target_form.audience.choices = choices([("", _("Everyone")), *list(AUDIENCE_LABELS.items())])
    status = 200
    if request.method == "POST":
        if not current_user.has_role(Role.COORDINATOR):
            abort(403)
        if target_form.validate_on_submit():
            operations.add_target(
                consultation,
                label=target_form.label.data,
                channel_id=target_form.channel_id.data or None,
                audience=target_form.audience.data or None,
                target=target_form.target.data,
            )
            commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".participation", consultation_id=consultation.id))
        status = 422
    modes = {
        "self": _("on their own"),
        "assisted": _("helped"),
        "group": _("group"),
        "paper": _("paper"),
    }
    dimensions = participation_queries.dimensions(consultation)
    return render_template(
        "review/participation.html",
        consultation=consultation,
        consultations=consultation_queries.consultations(g.territory),
        progress=participation_queries.targets(consultation),
        target_form=target_form,
        days=dimensions["days"],
        channels=dimensions["channels"],
        audiences=_relabel(dimensions["audiences"], AUDIENCE_LABELS),
        ages=_relabel(dimensions["ages"], AGE_BAND_LABELS),
        languages=_relabel(dimensions["languages"], NATIVE_NAMES),
        modes=_relabel(dimensions["modes"], modes),
        sessions=participation_queries.by_session(consultation),
        held_count=held.totals(consultation)["held"],
    ), status


@bp.route("/report/<int:consultation_id>")
@requires_role(Role.COORDINATOR)
def report_html(consultation_id: int):
    return report.render_report(consultation_queries.consultation_in(g.territory, consultation_id))


@bp.route("/report/<int:consultation_id>.pdf")
@requires_role(Role.COORDINATOR)
def report_pdf(consultation_id: int):
    consultation = consultation_queries.consultation_in(g.territory, consultation_id)
    return Response(
        report.pdf(consultation),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="rapport-copil.pdf"'},
    )


@bp.route("/held/<int:consultation_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def held_answers(consultation_id: int):
    """Answers the flood signals held: per channel and reason, count them or set them aside."""
    consultation = consultation_queries.consultation_in(g.territory, consultation_id)
    form = HeldDecisionForm()
    if request.method == "POST":
        if form.validate_on_submit():
            release = form.decision.data == "release"
            changed = held.decide(
                consultation, form.channel_id.data or None, form.reasons.data, release
            )
            commit()
            if release:
                message = ngettext(
                    "%(num)s response now counts.", "%(num)s responses now count.", changed
                )
            else:
                message = ngettext(
                    "%(num)s response set aside.", "%(num)s responses set aside.", changed
                )
            flash(message, "success")
        else:
            flash(_("This could not be saved. Nothing was changed."), "error")
        return redirect(url_for(".held_answers", consultation_id=consultation.id))
    return render_template(
        "review/held.html",
        consultation=consultation,
        lines=held.summary(consultation),
        reasons=flood.REASONS,
        form=form,
    )
