"""The crossing grid per axis, under /admin/<territory>/crossing/grid."""

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import gettext as _

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.core.crud import CrudSpec, register_crud
from consult.core.forms import choices
from consult.crossing import operations, queries
from consult.crossing.forms import PairForm
from consult.crossing.models import CrossingPair
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.scope import scope_to_territory
from consult.diagnostic.vocabulary import QUADRANT_SINGULAR, VOICE_LABELS

bp = Blueprint("crossing", __name__, url_prefix="/admin/<territory>/crossing")

scope_to_territory(bp)


@bp.context_processor
def labels():
    return {
        "territory": g.get("territory"),
        "VOICE_LABELS": VOICE_LABELS,
        "QUADRANT_SINGULAR": QUADRANT_SINGULAR,
    }


@bp.route("/grid")
@requires_role(Role.FACILITATOR)
def grid():
    axes = diagnostic_queries.axes(g.territory)
    number = request.args.get("axis", type=int)
    axis = next((axis for axis in axes if axis.number == number), axes[0] if axes else None)
    pairs = queries.pairs(g.territory, axis) if axis else []
    return render_template(
        "crossing/grid.html",
        axes=axes,
        axis=axis,
        cells=queries.grid(pairs),
        not_covered=queries.not_covered(g.territory, axis) if axis else [],
    )


def _item_label(item):
    axis = _("Axis %(number)s", number=item.axis.number)
    quadrant = QUADRANT_SINGULAR[item.quadrant]
    return f"{axis} · {quadrant} · {VOICE_LABELS[item.voice]} · {item.statement[:90]}"


def _prepare(form):
    items = [
        item
        for axis in diagnostic_queries.axes(g.territory)
        for quadrant_items in diagnostic_queries.swot_board(axis).values()
        for item in quadrant_items
    ]
    form.internal_item_id.choices = choices(
        [
            (item.id, _item_label(item))
            for item in items
            if item.quadrant in ("strength", "weakness")
        ]
    )
    form.external_item_id.choices = choices(
        [
            (item.id, _item_label(item))
            for item in items
            if item.quadrant in ("opportunity", "threat")
        ]
    )
    form.orientation_id.choices = choices(
        [(0, _("None yet: not covered by any orientation"))]
        + [(o.id, f"{o.number}. {o.label}") for o in diagnostic_queries.orientations(g.territory)]
    )
    form.workshop_id.choices = choices(
        [(0, _("None"))]
        + [
            (w.id, f"{w.held_on:%d/%m/%Y} — {w.axis.label}")
            for w in diagnostic_queries.workshops(g.territory)
            if w.phase == 2
        ]
    )
    if request.method == "GET" and not form.internal_item_id.data:
        form.internal_item_id.data = request.args.get("internal", type=int)
        form.external_item_id.data = request.args.get("external", type=int)


def _fill(form, pair):
    form.internal_item_id.data = pair.internal_item_id
    form.external_item_id.data = pair.external_item_id
    form.orientation_id.data = pair.orientation_id or 0
    form.workshop_id.data = pair.workshop_id or 0
    form.is_illustrative.data = pair.is_illustrative


def _save(form, pair):
    return operations.save_pair(
        g.territory,
        pair,
        internal_item_id=form.internal_item_id.data,
        external_item_id=form.external_item_id.data,
        orientation_id=form.orientation_id.data or None,
        workshop_id=form.workshop_id.data or None,
        is_illustrative=form.is_illustrative.data,
    )


def _back(pair):
    if pair is None:
        return url_for(".grid")
    return url_for(".grid", axis=pair.axis.number)


register_crud(
    bp,
    CrudSpec(
        name="pairs",
        form_class=PairForm,
        new_title=lambda: _("New crossing"),
        edit_title=lambda pair: _("Crossing %(kind)s", kind=pair.kind),
        load=lambda item_id: diagnostic_queries.get_scoped_or_404(
            CrossingPair, item_id, g.territory
        ),
        prepare_form=_prepare,
        fill_form=_fill,
        save=_save,
        delete=operations.delete_pair,
        back_url=_back,
        describe=lambda pair: f"{pair.kind}: {pair.internal.statement} × {pair.external.statement}",
    ),
)
