"""Back office of the action follow-up, under /admin/<territory>/follow-up/."""

from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.db import commit, commit_write
from consult.core.forms import DeleteForm, choices, fill_translations, read_translations
from consult.core.operations import OperationRefused
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import ACTION_ORIGIN_LABELS, ACTION_STATUS_LABELS, ActionStatus
from consult.extensions import db
from consult.followup import exports, operations, queries
from consult.followup.forms import (
    FundingLineEditForm,
    FundingLineForm,
    IndicatorForm,
    IndicatorValueForm,
    PartnersForm,
    UpdateForm,
)
from consult.followup.models import FundingLine, Indicator
from consult.followup.vocabulary import FUNDER_LABELS, PARTNER_ROLE_LABELS, PUBLIC_LABELS
from consult.governance import queries as governance_queries

bp = Blueprint("followup", __name__, url_prefix="/admin/<territory>/follow-up")

scope_to_territory(bp)


@bp.app_template_filter("indicator_number")
def indicator_number(value) -> str:
    """12.0 reads "12", 12.5 "12,5" in French: an indicator is counted or measured, rarely
    with more than two decimals."""
    return format_decimal(value, format="#,##0.##")


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "ACTION_STATUS_LABELS": ACTION_STATUS_LABELS,
        "ACTION_ORIGIN_LABELS": ACTION_ORIGIN_LABELS,
        "FUNDER_LABELS": FUNDER_LABELS,
        "PARTNER_ROLE_LABELS": PARTNER_ROLE_LABELS,
        "PUBLIC_LABELS": PUBLIC_LABELS,
    }


@bp.route("/")
@requires_role(Role.FACILITATOR)
def index():
    status = request.args.get("status")
    if status not in {member.value for member in ActionStatus}:
        status = None
    actions = [action for action in queries.actions(g.territory) if status in (None, action.status)]
    ids = [action.id for action in actions]
    return render_template(
        "followup/index.html",
        actions=actions,
        status=status,
        last_updates=queries.last_updates(ids),
        partners=queries.partners_of(ids),
    )


def _forms(action):
    update = UpdateForm(
        prefix="update",
        data={"dated_on": date.today(), "status": action.status, "progress": action.progress},
    )
    partners = PartnersForm(prefix="partners")
    territory_partners = governance_queries.partners(g.territory)
    partners.lead_id.choices = choices(
        [(0, _("None"))] + [(partner.id, partner.name) for partner in territory_partners]
    )
    partners.co_lead_ids.choices = choices(
        [(partner.id, partner.name) for partner in territory_partners]
    )
    if request.method == "GET":
        current = queries.partners_of([action.id]).get(action.id, [])
        partners.lead_id.data = next((row.partner_id for row in current if row.role == "lead"), 0)
        partners.co_lead_ids.data = [row.partner_id for row in current if row.role == "co_lead"]
        partners.publics.data = queries.publics_of([action.id]).get(action.id, [])
    funding = FundingLineForm(prefix="funding", data={"year": date.today().year})
    indicator = IndicatorForm(prefix="indicator")
    value = IndicatorValueForm(prefix="value", data={"year": date.today().year})
    value.indicator_id.choices = choices(
        [(item.id, item.label) for item in queries.indicators(action)]
    )
    return update, partners, funding, indicator, value


@bp.route("/<int:action_id>", methods=["GET", "POST"])
@requires_role(Role.FACILITATOR)
def action(action_id: int):
    item = queries.action_or_404(action_id, g.territory)
    update, partners, funding, indicator, value = _forms(item)
    status = 200
    if request.method == "POST":
        if not current_user.has_role(Role.COORDINATOR):
            abort(403)
        which = request.form.get("save")

        def save():
            if which == "update" and update.validate_on_submit():
                operations.add_update(
                    g.territory, item, current_user,
                    dated_on=update.dated_on.data, text=read_translations(update, "text"),
                    status=update.status.data, progress=update.progress.data,
                )  # fmt: skip
            elif which == "partners" and partners.validate_on_submit():
                operations.set_partners_and_publics(
                    g.territory, item, lead_id=partners.lead_id.data or None,
                    co_lead_ids=partners.co_lead_ids.data or [],
                    publics=partners.publics.data or [],
                )  # fmt: skip
            elif which == "funding" and funding.validate_on_submit():
                operations.add_funding_line(
                    g.territory, item, funder=funding.funder.data,
                    funder_detail=funding.funder_detail.data or "", year=funding.year.data,
                    amount=funding.amount.data, is_illustrative=funding.is_illustrative.data,
                )  # fmt: skip
            elif which == "indicator" and indicator.validate_on_submit():
                operations.add_indicator(
                    g.territory, item, label=indicator.label.data, unit=indicator.unit.data or "",
                    baseline=indicator.baseline.data, target=indicator.target.data,
                    public_label=read_translations(indicator, "public_label"),
                )  # fmt: skip
            elif which == "value" and value.validate_on_submit():
                target = next(
                    (row for row in queries.indicators(item) if row.id == value.indicator_id.data),
                    None,
                ) or abort(404)
                operations.set_indicator_value(target, year=value.year.data, value=value.value.data)
            else:
                raise OperationRefused(
                    _("Please correct the fields marked below. Nothing was saved yet.")
                )

        if commit_write(save):
            return redirect(url_for(".action", action_id=item.id))
        status = 422
    return render_template(
        "followup/action.html",
        action=item,
        updates=queries.updates(item),
        lines=queries.funding_lines(item),
        indicators=queries.indicators(item),
        partner_rows=queries.partners_of([item.id]).get(item.id, []),
        publics=queries.publics_of([item.id]).get(item.id, []),
        update_form=update,
        partners_form=partners,
        funding_form=funding,
        indicator_form=indicator,
        value_form=value,
        delete_form=DeleteForm(),
    ), status


def _line_or_404(item, line_id: int) -> FundingLine:
    line = db.session.get(FundingLine, line_id)
    if line is None or line.action_id != item.id:
        abort(404)
    return line


@bp.route("/<int:action_id>/funding/<int:line_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def funding_line_edit(action_id: int, line_id: int):
    item = queries.action_or_404(action_id, g.territory)
    line = _line_or_404(item, line_id)
    form = FundingLineEditForm(obj=line)
    territory_actions = queries.actions(g.territory)
    form.action_id.choices = choices(
        [
            (action.id, f"{action.orientation.number}. {action.label}")
            for action in territory_actions
        ]
    )
    status = 200
    if request.method == "POST":

        def save():
            if not form.validate_on_submit():
                raise OperationRefused(
                    _("Please correct the fields marked below. Nothing was saved yet.")
                )
            target = next(
                (action for action in territory_actions if action.id == form.action_id.data),
                None,
            ) or abort(404)
            operations.edit_funding_line(
                g.territory, line, action=target, funder=form.funder.data,
                funder_detail=form.funder_detail.data or "", year=form.year.data,
                amount=form.amount.data, is_illustrative=form.is_illustrative.data,
            )  # fmt: skip
            return target

        if written := commit_write(save):
            return redirect(url_for(".action", action_id=written.value.id))
        status = 422
    return render_template("followup/funding_line.html", action=item, line=line, form=form), status


@bp.route("/<int:action_id>/indicators/<int:indicator_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def indicator_edit(action_id: int, indicator_id: int):
    item = queries.action_or_404(action_id, g.territory)
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.action_id != item.id:
        abort(404)
    form = IndicatorForm(obj=indicator)
    if request.method == "GET":
        fill_translations(form, "public_label", indicator.public_label)
    status = 200
    if request.method == "POST":

        def save():
            if not form.validate_on_submit():
                raise OperationRefused(
                    _("Please correct the fields marked below. Nothing was saved yet.")
                )
            operations.edit_indicator(
                g.territory, indicator, label=form.label.data, unit=form.unit.data or "",
                baseline=form.baseline.data, target=form.target.data,
                public_label=read_translations(form, "public_label"),
            )  # fmt: skip

        if commit_write(save):
            return redirect(url_for(".action", action_id=item.id))
        status = 422
    return render_template(
        "followup/indicator.html", action=item, indicator=indicator, form=form
    ), status


@bp.route("/<int:action_id>/funding/<int:line_id>/delete", methods=["POST"])
@requires_role(Role.COORDINATOR)
def funding_line_delete(action_id: int, line_id: int):
    item = queries.action_or_404(action_id, g.territory)
    line = _line_or_404(item, line_id)
    if DeleteForm().validate_on_submit():
        operations.delete_funding_line(g.territory, line)
        if commit():
            flash(_("Deleted."), "success")
    return redirect(url_for(".action", action_id=item.id))


def _year_argument(years):
    year = request.args.get("year", type=int)
    return year if year in years else None


@bp.route("/funding")
@requires_role(Role.FACILITATOR)
def funding():
    years = queries.funding_years(g.territory)
    year = _year_argument(years)
    return render_template(
        "followup/funding.html",
        years=years,
        year=year,
        table=queries.funding_table(g.territory, year),
    )


@bp.route("/funding.xlsx")
@requires_role(Role.FACILITATOR)
def funding_xlsx():
    years = queries.funding_years(g.territory)
    year = _year_argument(years)
    table = queries.funding_table(g.territory, year)
    body = exports.funding_xlsx(table, queries.funding_line_list(g.territory, year))
    name = f"funding-{g.territory.slug}-{year or 'all'}.xlsx"
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
