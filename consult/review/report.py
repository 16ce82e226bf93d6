"""The steering committee's report: the same page as HTML and, through WeasyPrint, as PDF."""

from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consult.consultation.models import Answer, Consultation, Response
from consult.consultation.standing import counts_in_figures
from consult.diagnostic import queries as diagnostic_queries
from consult.diagnostic.models import Territory
from consult.diagnostic.vocabulary import Quadrant
from consult.extensions import db
from consult.review import held, participation, queries

QUOTES_PER_QUADRANT = 2


def _quotes(consultation: Consultation) -> dict[str, list[Answer]]:
    """A few approved words per quadrant, in French (or with their French meaning)."""
    quotes = {}
    for quadrant in Quadrant:
        quotes[quadrant.value] = list(
            db.session.scalars(
                select(Answer)
                .join(Response, Answer.response_id == Response.id)
                .where(
                    Response.consultation_id == consultation.id,
                    counts_in_figures(Answer),
                    Answer.quadrant == quadrant.value,
                    Answer.moderation.in_(queries.VISIBLE),
                    (Response.language == "fr") | Answer.french_text.is_not(None),
                    func.length(Answer.text) >= 20,
                )
                .options(joinedload(Answer.response))
                .order_by(Answer.swot_item_id.is_(None), Answer.id)
                .limit(QUOTES_PER_QUADRANT)
            )
        )
    return quotes


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
    dimensions = participation.dimensions(consultation)
    adopted = queries.adopted_actions(consultation)
    priorities = queries.orientation_priorities(consultation)
    return {
        "consultation": consultation,
        "territory": territory,
        "workshops": workshops,
        "workshop_totals": diagnostic_queries.workshop_totals(workshops),
        "responses_total": totals[0],
        "people_total": int(totals[1]),
        "by_channel": dimensions["channels"],
        "by_audience": dimensions["audiences"],
        # A quote names its audience only when the report shows that audience's figure.
        "named_audiences": {row.key for row in dimensions["audiences"] if row.is_shown},
        "by_mode": dimensions["modes"],
        "axes": axes,
        "boards": boards,
        "support": support,
        "priorities": priorities,
        "hidden_totals": queries.totals_to_hide(priorities),
        "adopted": adopted,
        "quotes": _quotes(consultation),
        "min_group": queries.MIN_GROUP,
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
