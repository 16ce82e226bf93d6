"""Back office of the partnership process, under /admin/<territory>/governance/."""

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
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.consultation import queries as consultation_queries
from consult.consultation.models import Channel
from consult.consultation.vocabulary import Status
from consult.core.crud import CrudSpec, register_crud
from consult.core.db import commit, commit_write
from consult.core.forms import DeleteForm, choices, read_translations
from consult.core.operations import OperationRefused
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import ACTION_STATUS_LABELS
from consult.extensions import db
from consult.governance import operations, queries, restitution
from consult.governance.forms import (
    BodyForm,
    EventForm,
    MinutesForm,
    OrientationDecisionForm,
    PartnerForm,
    ProposalDecisionForm,
)
from consult.governance.models import Decision, GovernanceBody, Partner, TimelineEvent
from consult.governance.vocabulary import (
    BODY_KIND_LABELS,
    DECISION_FAMILY_LABELS,
    DECISION_KIND_LABELS,
    EVENT_KIND_LABELS,
    PARTNER_KIND_LABELS,
)

bp = Blueprint("governance", __name__, url_prefix="/admin/<territory>/governance")

scope_to_territory(bp)


@bp.app_template_filter("timeline_date")
def timeline_date(entry) -> str:
    """ "November 2020", "25 June 2021", "February – May 2021": as precisely as known."""
    pattern = "MMMM y" if entry.precision == "month" else "d MMMM y"
    start = format_date(entry.starts_on, pattern)
    if entry.ends_on is None or entry.ends_on == entry.starts_on:
        return start
    return f"{start} – {format_date(entry.ends_on, pattern)}"


@bp.app_template_global("process_timeline")
def process_timeline(territory):
    """For the overview and the report, which may not import this domain."""
    return queries.timeline(territory)


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "PARTNER_KIND_LABELS": PARTNER_KIND_LABELS,
        "BODY_KIND_LABELS": BODY_KIND_LABELS,
        "EVENT_KIND_LABELS": EVENT_KIND_LABELS,
        "DECISION_KIND_LABELS": DECISION_KIND_LABELS,
        "DECISION_FAMILY_LABELS": DECISION_FAMILY_LABELS,
        "ACTION_STATUS_LABELS": ACTION_STATUS_LABELS,
    }


@bp.route("/")
@requires_role(Role.FACILITATOR)
def index():
    return render_template(
        "governance/index.html",
        partners=queries.partners(g.territory),
        bodies=queries.bodies(g.territory),
        timeline=queries.timeline(g.territory),
        proposed=queries.proposed_actions(g.territory),
        decisions=queries.decisions(g.territory),
        consultations=consultation_queries.consultations(g.territory),
    )


def _load(model):
    return lambda item_id: queries.get_scoped_or_404(model, item_id, g.territory)


def _nothing(form):
    pass


def _fill_named(form, row):
    form.name.data = row.name
    form.kind.data = row.kind


register_crud(
    bp,
    CrudSpec(
        name="partners",
        form_class=PartnerForm,
        new_title=lambda: _("New partner"),
        edit_title=lambda partner: partner.name,
        load=_load(Partner),
        prepare_form=_nothing,
        fill_form=_fill_named,
        save=lambda form, partner: operations.save_partner(
            g.territory, partner, name=form.name.data, kind=form.kind.data
        ),
        delete=operations.delete_partner,
        back_url=lambda partner: url_for(".index"),
        describe=lambda partner: partner.name,
    ),
)

register_crud(
    bp,
    CrudSpec(
        name="bodies",
        form_class=BodyForm,
        new_title=lambda: _("New body"),
        edit_title=lambda body: body.name,
        load=_load(GovernanceBody),
        prepare_form=_nothing,
        fill_form=_fill_named,
        save=lambda form, body: operations.save_body(
            g.territory, body, name=form.name.data, kind=form.kind.data
        ),
        delete=operations.delete_body,
        back_url=lambda body: url_for(".index"),
        describe=lambda body: body.name,
    ),
)


def _prepare_event_form(form):
    form.body_id.choices = choices(
        [(0, _("None"))] + [(body.id, body.name) for body in queries.bodies(g.territory)]
    )
    form.partner_ids.choices = choices(
        [(partner.id, partner.name) for partner in queries.partners(g.territory)]
    )


def _fill_event_form(form, event):
    for name in ("kind", "title", "starts_on", "ends_on", "date_precision", "description"):
        getattr(form, name).data = getattr(event, name)
    form.body_id.data = event.body_id or 0
    form.partner_ids.data = [partner.id for partner in event.partners]
    form.professionals_present.data = event.professionals_present
    form.elected_present.data = event.elected_present
    form.minutes.data = event.minutes
    form.is_illustrative.data = event.is_illustrative


def _save_event(form, event):
    return operations.save_event(
        g.territory,
        event,
        kind=form.kind.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        date_precision=form.date_precision.data,
        title=form.title.data,
        description=form.description.data or "",
        body_id=form.body_id.data or None,
        partner_ids=form.partner_ids.data or [],
        professionals_present=form.professionals_present.data,
        elected_present=form.elected_present.data,
        minutes=form.minutes.data or "",
        is_illustrative=form.is_illustrative.data,
    )


register_crud(
    bp,
    CrudSpec(
        name="events",
        form_class=EventForm,
        new_title=lambda: _("New step of the process"),
        edit_title=lambda event: event.title,
        load=_load(TimelineEvent),
        prepare_form=_prepare_event_form,
        fill_form=_fill_event_form,
        save=_save_event,
        delete=operations.delete_event,
        back_url=lambda event: (
            url_for(".meeting", event_id=event.id) if event else url_for(".index")
        ),
        describe=lambda event: event.title,
    ),
)


def _decision_forms(meeting):
    territory_actions = [
        action
        for orientation in diagnostic_queries.orientations(g.territory)
        for action in orientation.actions
    ]
    proposal = ProposalDecisionForm(prefix="proposal")
    proposal.action_id.choices = choices(
        [
            (action.id, f"O{action.orientation.number} · {action.label}")
            for action in queries.proposed_actions(g.territory)
        ]
    )
    proposal.merged_into_id.choices = choices(
        [(0, _("None"))]
        + [
            (action.id, f"O{action.orientation.number} · {action.label}")
            for action in territory_actions
            if action.is_live
        ]
    )
    orientation = OrientationDecisionForm(prefix="orientation")
    orientation.orientation_id.choices = choices(
        [
            (item.id, f"{item.number}. {item.label}")
            for item in diagnostic_queries.orientations(g.territory)
        ]
    )
    return proposal, orientation


@bp.route("/meetings/<int:event_id>", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def meeting(event_id: int):
    event = queries.get_scoped_or_404(TimelineEvent, event_id, g.territory)
    proposal, orientation = _decision_forms(event)
    minutes = MinutesForm(prefix="minutes")
    status = 200
    if request.method == "POST":
        if not current_user.has_role(Role.COORDINATOR):
            abort(403)
        which = request.form.get("decide")

        def save():
            if which == "proposal" and proposal.validate_on_submit():
                operations.decide_on_proposal(
                    g.territory,
                    event,
                    action_id=proposal.action_id.data,
                    kind=proposal.kind.data,
                    reason=read_translations(proposal, "reason"),
                    merged_into_id=proposal.merged_into_id.data or None,
                )
            elif which == "orientation" and orientation.validate_on_submit():
                operations.decide_on_orientation(
                    g.territory,
                    event,
                    orientation_id=orientation.orientation_id.data,
                    kind=orientation.kind.data,
                    reason=read_translations(orientation, "reason"),
                    new_title=read_translations(orientation, "new_title"),
                )
            elif which == "minutes" and minutes.validate_on_submit():
                upload = minutes.minutes_pdf.data
                if upload is None or not getattr(upload, "filename", ""):
                    raise OperationRefused(_("Choose a PDF file."))
                data = upload.read(operations.MAX_MINUTES_PDF + 1)
                operations.attach_minutes_pdf(event, upload.filename, data)
            else:
                raise OperationRefused(
                    _("Please correct the fields marked below. Nothing was saved yet.")
                )

        if commit_write(save):
            return redirect(url_for(".meeting", event_id=event.id))
        status = 422
    return render_template(
        "governance/meeting.html",
        event=event,
        entry=queries.TimelineEntry(
            event.starts_on, event.ends_on, event.date_precision, event.title, event.kind, event
        ),
        proposal=proposal,
        orientation_form=orientation,
        minutes_form=minutes,
        delete_form=DeleteForm(),
    ), status


@bp.route("/meetings/<int:event_id>/minutes.pdf")
@requires_role(Role.FACILITATOR)
def minutes_pdf(event_id: int):
    event = queries.get_scoped_or_404(TimelineEvent, event_id, g.territory)
    if not event.minutes_pdf:
        abort(404)
    return Response(
        event.minutes_pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="minutes-{event.id}.pdf"'},
    )


@bp.route("/decisions/<int:decision_id>/delete", methods=["POST"])
@requires_role(Role.COORDINATOR)
def decision_delete(decision_id: int):
    decision = queries.get_scoped_or_404(Decision, decision_id, g.territory)
    meeting_id = decision.meeting_id
    form = DeleteForm()
    if form.validate_on_submit():
        operations.delete_decision(g.territory, decision)
        if commit():
            flash(_("Deleted."), "success")
        else:
            flash(_("This could not be deleted: other data depends on it."), "error")
    return redirect(url_for(".meeting", event_id=meeting_id))


def _restitution_calls(consultation) -> list[dict]:
    """The poster's words in every language the consultation offers."""
    calls = []
    for language in consultation.languages:
        with force_locale(language):
            calls.append(
                {
                    "language": language,
                    "title": _("You said, we decided, we are doing"),
                    "call": _("Scan the QR code: see what was decided and what is being done."),
                }
            )
    return calls


@bp.route("/restitution/<int:channel_id>/<any(a4, a3, flyer):size>")
@requires_role(Role.FACILITATOR)
def restitution_print(channel_id: int, size: str):
    """The restitution poster (A4, A3) and flyer: the same QR code as the consultation's."""
    channel = db.session.get(Channel, channel_id)
    if channel is None or channel.consultation.territory_id != g.territory.id:
        abort(404)
    consultation = channel.consultation
    retained = restitution.actions_being_done(consultation)
    return render_template(
        "governance/restitution_print.html",
        channel=channel,
        consultation=consultation,
        layout=size,
        url=f"{current_app.config['PUBLIC_BASE_URL']}/q/{channel.token}",
        calls=_restitution_calls(consultation),
        news=retained[:6],
        decisions=restitution.consultation_decisions(consultation),
        is_published=consultation.status == Status.PUBLISHED,
    )
