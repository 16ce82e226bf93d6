"""The public summary families reach from the same QR codes once results are published:
"you said, we did", in the visitor's language."""

from flask import Blueprint, abort, g, redirect, render_template, url_for

from consult.accounts.permissions import public
from consult.consultation import queries as consultation_queries
from consult.consultation.vocabulary import Status
from consult.core.family_surfaces import family_surface
from consult.review import queries

bp = Blueprint("results_public", __name__)


@bp.route("/s/<token>")
@family_surface("published results: you said, we did")
@public
def summary(token: str):
    channel = consultation_queries.channel_by_token(token) or abort(404)
    consultation = channel.consultation
    g.enabled_languages = tuple(consultation.languages)
    if consultation.status != Status.PUBLISHED:
        return redirect(url_for("respond.start", token=channel.token))
    by_audience = queries.people_by_audience(consultation)
    people = sum(int(value or 0) for value in by_audience.values())
    priorities = queries.orientation_priorities(consultation)
    ranked = sorted(
        (
            (orientation, priorities[orientation.id]["all"])
            for orientation in consultation.orientations
            if orientation.id in priorities
            and priorities[orientation.id]["all"].people >= queries.MIN_GROUP
        ),
        key=lambda entry: -entry[1].mean,
    )
    adopted = queries.adopted_actions(consultation)
    return render_template(
        "respond/summary.html",
        consultation=consultation,
        channel=channel,
        people=people if people >= queries.MIN_GROUP else None,
        by_audience={
            audience: int(count)
            for audience, count in by_audience.items()
            if int(count or 0) >= queries.MIN_GROUP
        },
        ranked=ranked,
        adopted=adopted,
        min_group=queries.MIN_GROUP,
    )
