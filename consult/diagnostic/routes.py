"""Back office of the diagnostic, under /admin/<territory>/."""

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.crud import CrudSpec, register_crud
from consult.core.forms import choices, fill_translations, read_translations
from consult.diagnostic import operations, queries
from consult.diagnostic.forms import (
    ActionForm,
    AxisForm,
    OrientationForm,
    SwotItemForm,
    WorkshopForm,
)
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Workshop
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import (
    ACTION_ORIGIN_LABELS,
    ACTION_STATUS_LABELS,
    PHASE_LABELS,
    QUADRANT_GRID,
    QUADRANT_LABELS,
    VOICE_LABELS,
    Quadrant,
)
from consult.diagnostic.wording import FAMILY_AUDIENCES, WORDING_PARTS

bp = Blueprint("diagnostic", __name__, url_prefix="/admin/<territory>")


scope_to_territory(bp)


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "QUADRANT_LABELS": QUADRANT_LABELS,
        "QUADRANT_GRID": QUADRANT_GRID,
        "VOICE_LABELS": VOICE_LABELS,
        "PHASE_LABELS": PHASE_LABELS,
        "ACTION_ORIGIN_LABELS": ACTION_ORIGIN_LABELS,
        "ACTION_STATUS_LABELS": ACTION_STATUS_LABELS,
        "Quadrant": Quadrant,
    }


# The back office's home (/admin/<territory>/) shows the consultations under way; the 2021
# diagnostic has its own page.
@bp.route("/diagnostic/")
@requires_role(Role.FACILITATOR)
def overview():
    workshops = queries.workshops(g.territory)
    return render_template(
        "diagnostic/overview.html",
        axes=queries.axes(g.territory),
        workshops=workshops,
        totals=queries.workshop_totals(workshops),
        counts=queries.counts(g.territory),
    )


# The SWOT board lives with the families' support and the lenses (review.board): these
# addresses, linked from bookmarks and older pages, lead there. By endpoint name only: nothing
# imports review.
@bp.route("/swot/")
@requires_role(Role.FACILITATOR)
def swot_index():
    return redirect(url_for("review.board_index", **request.args))


@bp.route("/swot/axis-<int:number>")
@requires_role(Role.FACILITATOR)
def swot_board(number: int):
    return redirect(url_for("review.board", number=number, **request.args))


@bp.route("/crossing/")
@requires_role(Role.FACILITATOR)
def crossing():
    axes = queries.axes(g.territory)
    axis_number = request.args.get("axis", type=int)
    axis = next((axis for axis in axes if axis.number == axis_number), None)
    return render_template(
        "diagnostic/crossing.html",
        axes=axes,
        axis=axis,
        orientations=queries.orientations(g.territory),
        crossing=queries.crossing(g.territory, axis),
    )


@bp.route("/orientations/")
@requires_role(Role.FACILITATOR)
def orientations():
    return render_template(
        "diagnostic/orientations.html", orientations=queries.orientations(g.territory)
    )


def _axis_choices(form_field):
    form_field.choices = choices(
        [(axis.id, f"{axis.number}. {axis.label}") for axis in queries.axes(g.territory)]
    )


def _load(model):
    return lambda item_id: queries.get_scoped_or_404(model, item_id, g.territory)


def _prepare_axis_form(form):
    pass


def _fill_axis_form(form, axis):
    form.number.data = axis.number
    fill_translations(form, "title", axis.title)
    fill_translations(form, "description", axis.description)


def _save_axis(form, axis):
    return operations.save_axis(
        g.territory,
        axis,
        number=form.number.data,
        title=read_translations(form, "title"),
        description=read_translations(form, "description"),
    )


register_crud(
    bp,
    CrudSpec(
        name="axes",
        form_class=AxisForm,
        new_title=lambda: _("New axis"),
        edit_title=lambda axis: _("Axis %(number)s", number=axis.number),
        load=_load(Axis),
        prepare_form=_prepare_axis_form,
        fill_form=_fill_axis_form,
        save=_save_axis,
        delete=operations.delete_axis,
        back_url=lambda axis: url_for(".overview"),
        describe=lambda axis: f"{axis.number}. {axis.label}",
    ),
)


def _prepare_workshop_form(form):
    _axis_choices(form.axis_id)


def _fill_workshop_form(form, workshop):
    form.phase.data = workshop.phase
    form.axis_id.data = workshop.axis_id
    form.held_on.data = workshop.held_on
    form.head_count.data = workshop.head_count
    form.objectives.data = workshop.objectives


def _save_workshop(form, workshop):
    return operations.save_workshop(
        g.territory,
        workshop,
        phase=form.phase.data,
        axis_id=form.axis_id.data,
        held_on=form.held_on.data,
        head_count=form.head_count.data,
        objectives=form.objectives.data,
    )


register_crud(
    bp,
    CrudSpec(
        name="workshops",
        form_class=WorkshopForm,
        new_title=lambda: _("New workshop"),
        edit_title=lambda workshop: _(
            "Workshop of %(date)s", date=workshop.held_on.strftime("%d/%m/%Y")
        ),
        load=_load(Workshop),
        prepare_form=_prepare_workshop_form,
        fill_form=_fill_workshop_form,
        save=_save_workshop,
        delete=operations.delete_workshop,
        back_url=lambda workshop: url_for(".overview"),
        describe=lambda workshop: f"{workshop.held_on:%d/%m/%Y} — {workshop.axis.label}",
    ),
)


def _prepare_swot_form(form):
    _axis_choices(form.axis_id)
    form.workshop_id.choices = choices(
        [(0, _("None"))]
        + [
            (workshop.id, f"{workshop.held_on:%d/%m/%Y} — {workshop.axis.label}")
            for workshop in queries.workshops(g.territory)
        ]
    )
    form.orientation_ids.choices = choices(
        [
            (orientation.id, f"{orientation.number}. {orientation.label}")
            for orientation in queries.orientations(g.territory)
        ]
    )
    if request.method == "GET" and not form.axis_id.data:
        # "Add" from a quadrant of the board pre-selects that axis and quadrant.
        form.axis_id.data = request.args.get("axis_id", type=int)
        if request.args.get("quadrant") in {quadrant.value for quadrant in Quadrant}:
            form.quadrant.data = request.args["quadrant"]


def _fill_swot_form(form, item):
    form.axis_id.data = item.axis_id
    form.quadrant.data = item.quadrant
    form.statement.data = item.statement
    form.voice.data = item.voice
    form.source.data = item.source
    form.workshop_id.data = item.workshop_id or 0
    form.weight.data = item.weight
    form.orientation_ids.data = [orientation.id for orientation in item.orientations]
    form.is_illustrative.data = item.is_illustrative


def _save_swot_item(form, item):
    return operations.save_swot_item(
        g.territory,
        item,
        axis_id=form.axis_id.data,
        quadrant=form.quadrant.data,
        statement=form.statement.data,
        voice=form.voice.data,
        source=form.source.data,
        workshop_id=form.workshop_id.data or None,
        weight=form.weight.data,
        orientation_ids=form.orientation_ids.data or [],
        is_illustrative=form.is_illustrative.data,
    )


def _swot_back_url(item):
    if item is None:
        number = request.args.get("axis_number", type=int)
        return url_for("review.board", number=number) if number else url_for("review.board_index")
    return url_for("review.board", number=item.axis.number)


register_crud(
    bp,
    CrudSpec(
        name="swot_items",
        form_class=SwotItemForm,
        new_title=lambda: _("New SWOT item"),
        edit_title=lambda item: _("SWOT item"),
        load=_load(SwotItem),
        prepare_form=_prepare_swot_form,
        fill_form=_fill_swot_form,
        save=_save_swot_item,
        delete=operations.delete_swot_item,
        back_url=_swot_back_url,
        describe=lambda item: item.statement,
    ),
)


def _prepare_orientation_form(form):
    form.axis_ids.choices = choices(
        [(axis.id, f"{axis.number}. {axis.label}") for axis in queries.axes(g.territory)]
    )


def _fill_family_wording(form, item):
    for audience in FAMILY_AUDIENCES:
        wording = (item.family_wording or {}).get(audience) or {}
        for part in WORDING_PARTS:
            fill_translations(form, f"{audience}_{part}", wording.get(part))


def _read_family_wording(form) -> dict:
    return {
        audience: {part: read_translations(form, f"{audience}_{part}") for part in WORDING_PARTS}
        for audience in FAMILY_AUDIENCES
    }


def _fill_orientation_form(form, orientation):
    form.number.data = orientation.number
    for name in ("title", "family_title", "description"):
        fill_translations(form, name, getattr(orientation, name))
    form.axis_ids.data = [axis.id for axis in orientation.axes]
    form.validated_on.data = orientation.validated_on
    form.validated_by.data = orientation.validated_by
    _fill_family_wording(form, orientation)


def _save_orientation(form, orientation):
    return operations.save_orientation(
        g.territory,
        orientation,
        number=form.number.data,
        title=read_translations(form, "title"),
        family_title=read_translations(form, "family_title"),
        description=read_translations(form, "description"),
        axis_ids=form.axis_ids.data or [],
        validated_on=form.validated_on.data,
        validated_by=form.validated_by.data,
        family_wording=_read_family_wording(form),
    )


register_crud(
    bp,
    CrudSpec(
        name="orientations",
        form_class=OrientationForm,
        new_title=lambda: _("New orientation"),
        edit_title=lambda orientation: _("Orientation %(number)s", number=orientation.number),
        load=_load(Orientation),
        prepare_form=_prepare_orientation_form,
        fill_form=_fill_orientation_form,
        save=_save_orientation,
        delete=operations.delete_orientation,
        back_url=lambda orientation: url_for(".orientations"),
        describe=lambda orientation: f"{orientation.number}. {orientation.label}",
    ),
)


def _prepare_action_form(form):
    form.orientation_id.choices = choices(
        [
            (orientation.id, f"{orientation.number}. {orientation.label}")
            for orientation in queries.orientations(g.territory)
        ]
    )
    if request.method == "GET" and not form.orientation_id.data:
        form.orientation_id.data = request.args.get("orientation_id", type=int)


def _fill_action_form(form, action):
    form.orientation_id.data = action.orientation_id
    form.position.data = action.position
    form.origin.data = action.origin
    fill_translations(form, "title", action.title)
    fill_translations(form, "description", action.description)
    _fill_family_wording(form, action)


def _save_action(form, action):
    return operations.save_action(
        g.territory,
        action,
        orientation_id=form.orientation_id.data,
        title=read_translations(form, "title"),
        description=read_translations(form, "description"),
        position=form.position.data,
        origin=form.origin.data,
        family_wording=_read_family_wording(form),
    )


register_crud(
    bp,
    CrudSpec(
        name="actions",
        form_class=ActionForm,
        new_title=lambda: _("New action"),
        edit_title=lambda action: _("Action"),
        load=_load(Action),
        prepare_form=_prepare_action_form,
        fill_form=_fill_action_form,
        save=_save_action,
        delete=operations.delete_action,
        back_url=lambda action: url_for(".orientations"),
        describe=lambda action: action.label,
    ),
)
