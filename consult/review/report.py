"""The steering committee's report: the same page as HTML and, through WeasyPrint, as PDF."""

from collections import Counter
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consult.consultation.models import Answer, Consultation, Response
from consult.consultation.standing import counts_in_figures
from consult.core import masking
from consult.crossing import queries as crossing_queries
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.models import SwotItem, Territory
from consult.diagnostic.vocabulary import ACTION_STATUS_LABELS, QUADRANT_SINGULAR, Quadrant
from consult.extensions import db
from consult.followup import queries as followup_queries
from consult.followup.vocabulary import FUNDER_LABELS
from consult.governance import queries as governance_queries
from consult.governance.vocabulary import DECISION_KIND_LABELS, PARTNER_KIND_LABELS
from consult.review import held, participation, queries
from consult.review.models import ReportQuote


def _quotes(consultation: Consultation) -> dict[str, list[Answer]]:
    """The words the coordinator chose to quote, by quadrant: never picked automatically.
    Words deleted at the end of the retention period are not quoted."""
    quotes: dict[str, list[Answer]] = {quadrant.value: [] for quadrant in Quadrant}
    quotes["other"] = []
    chosen = db.session.scalars(
        select(Answer)
        .join(ReportQuote, ReportQuote.answer_id == Answer.id)
        .where(
            Answer.consultation_id == consultation.id,
            counts_in_figures(Answer),
            Answer.moderation.in_(queries.VISIBLE),
            Answer.text.is_not(None),
        )
        .options(joinedload(Answer.response))
        .order_by(Answer.quadrant, Answer.id)
    )
    for answer in chosen:
        quotes[answer.quadrant if answer.quadrant in quotes else "other"].append(answer)
    return quotes


def _lenses(axes, boards, support) -> dict[int, dict[str, list[SwotItem]]]:
    """Per axis: convergences, blind spots and items not confirmed by families."""
    lenses = {}
    for axis in axes:
        items = [item for quadrant_items in boards[axis.id].values() for item in quadrant_items]
        lenses[axis.id] = {
            lens: [item for item in items if queries.lens_keeps(lens, item, support.get(item.id))]
            for lens in ("convergences", "blind_spots", "not_confirmed")
        }
    return lenses


def _follow_up(territory: Territory) -> dict:
    actions = [action for action in followup_queries.actions(territory) if action.is_live]
    ids = [action.id for action in actions]
    return {
        "actions": actions,
        "last_updates": followup_queries.last_updates(ids),
        "partners": followup_queries.partners_of(ids),
        "funding": followup_queries.funding_table(territory),
        "indicators": followup_queries.indicators_of(ids),
        "status_counts": Counter(action.status for action in actions),
    }


def context(consultation: Consultation) -> dict:
    territory = db.session.get(Territory, consultation.territory_id)
    workshops = diagnostic_queries.workshops(territory)
    axes = diagnostic_queries.axes(territory)
    support = queries.support(territory, consultation_id=consultation.id)
    boards = {axis.id: diagnostic_queries.swot_board(axis) for axis in axes}
    totals = db.session.execute(
        select(func.count(Response.id), func.coalesce(func.sum(participation.PEOPLE), 0)).where(
            Response.consultation_id == consultation.id, counts_in_figures(Response)
        )
    ).one()
    people_total = masking.figure(int(totals[1]))
    dimensions = participation.dimensions(consultation)
    adopted = queries.adopted_actions(consultation)
    priorities = queries.orientation_priorities(consultation)
    pairs = crossing_queries.pairs(territory)
    orientations = diagnostic_queries.orientations(territory)
    return {
        "as_of": date.today(),
        "timeline": governance_queries.timeline(territory),
        "partners": governance_queries.partners(territory),
        "pairs_by_axis": {
            axis.id: [pair for pair in pairs if pair.axis_id == axis.id] for axis in axes
        },
        "not_covered": crossing_queries.not_covered(territory),
        "lenses": _lenses(axes, boards, support),
        "preferences": queries.action_preferences(consultation),
        "targets": participation.targets(consultation),
        "sessions": participation.by_session(consultation),
        "languages": dimensions["languages"],
        "decisions": governance_queries.decisions(territory),
        "proposed": governance_queries.proposed_actions(territory),
        "follow_up": _follow_up(territory),
        "orientations": orientations,
        "ranked": queries.ranked_priorities(consultation, priorities),
        "PARTNER_KIND_LABELS": PARTNER_KIND_LABELS,
        "DECISION_KIND_LABELS": DECISION_KIND_LABELS,
        "ACTION_STATUS_LABELS": ACTION_STATUS_LABELS,
        "FUNDER_LABELS": FUNDER_LABELS,
        "QUADRANT_SINGULAR": QUADRANT_SINGULAR,
        "consultation": consultation,
        "territory": territory,
        "workshops": workshops,
        "workshop_totals": diagnostic_queries.workshop_totals(workshops),
        "people_total": people_total,
        "responses_total": people_total.alongside(totals[0]),
        "by_channel": dimensions["channels"],
        "by_audience": dimensions["audiences"],
        # A quote names its audience only when the report shows that audience's figure.
        "named_audiences": {row.key for row in dimensions["audiences"] if row.is_shown},
        "by_mode": dimensions["modes"],
        "axes": axes,
        "boards": boards,
        "support": support,
        "priorities": priorities,
        "adopted": adopted,
        "quotes": _quotes(consultation),
        "held": held.totals(consultation),
    }


def document(consultation: Consultation):
    """The report laid out on A4 pages by WeasyPrint."""
    from weasyprint import CSS, HTML

    html = render_report(consultation, for_pdf=True)
    # The stylesheet is read from disk; the page links to nothing that must be fetched.
    stylesheet = CSS(filename=str(Path(current_app.static_folder) / "css" / "report.css"))
    return HTML(string=html).render(stylesheets=[stylesheet])


def pdf(consultation: Consultation) -> bytes:
    return document(consultation).write_pdf()


def render_report(consultation: Consultation, *, for_pdf: bool = False) -> str:
    """The report is written for the French steering committee, whatever the reader's setting."""
    with force_locale("fr"):
        return render_template("review/report.html", for_pdf=for_pdf, **context(consultation))
