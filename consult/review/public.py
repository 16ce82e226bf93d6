"""The public page families reach from the same QR codes once results are published:
"you said — we decided — we are doing", in the visitor's language, with a version for
children."""

from flask import Blueprint, abort, g, redirect, render_template, url_for

from consult.accounts.permissions import public
from consult.consultation import queries as consultation_queries
from consult.consultation.vocabulary import Status
from consult.core import masking
from consult.core.family_surfaces import family_surface
from consult.diagnostic.vocabulary import ACTION_STATUS_LABELS
from consult.governance import restitution
from consult.governance.vocabulary import DECISION_FAMILY_LABELS
from consult.review import queries

bp = Blueprint("results_public", __name__)

CHILDREN_PRIORITIES = 3


def _context(token: str):
    channel = consultation_queries.channel_by_token(token) or abort(404)
    consultation = channel.consultation
    g.enabled_languages = tuple(consultation.languages)
    if consultation.status != Status.PUBLISHED:
        return None, channel
    people = masking.figure(sum(queries.people_by_audience(consultation).values()))
    return {
        "consultation": consultation,
        "channel": channel,
        "people": people,
        "ranked": queries.ranked_priorities(consultation),
        "decisions": restitution.consultation_decisions(consultation),
        "news": restitution.actions_being_done(consultation),
        "DECISION_FAMILY_LABELS": DECISION_FAMILY_LABELS,
        "ACTION_STATUS_LABELS": ACTION_STATUS_LABELS,
    }, channel


@bp.route("/s/<token>")
@family_surface("published results: you said, we decided, we are doing")
@public
def summary(token: str):
    context, channel = _context(token)
    if context is None:
        return redirect(url_for("respond.start", token=channel.token))
    return render_template("respond/summary.html", **context)


@bp.route("/s/<token>/children")
@family_surface("published results for children")
@public
def summary_for_children(token: str):
    context, channel = _context(token)
    if context is None:
        return redirect(url_for("respond.start", token=channel.token))
    context["ranked"] = context["ranked"][:CHILDREN_PRIORITIES]
    return render_template("respond/summary_children.html", **context)
