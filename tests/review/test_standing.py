"""A test response (sent from a preview) never reaches a figure.

Every figure source is computed three times: with families' responses only; with a test
response added; and with that same response turned counted. The first two must be equal,
and the third must differ — so each source is shown to see the test response's rows, and
only the one filter of consult/consultation/standing.py keeps them out. Taking the filter
out of any one source fails that source's case.
"""

import secrets
from datetime import date

import pytest
from sqlalchemy import select, update

from consult.consultation import progress, rotation
from consult.consultation import queries as consultation_queries
from consult.consultation.models import Answer, Response
from consult.consultation.standing import Standing
from consult.diagnostic.models import SwotItem
from consult.extensions import db
from consult.outreach import queries as outreach_queries
from consult.outreach.operations import save_session
from consult.review import exports, participation, queries, report
from consult.review.models import ParticipationTarget
from tests.consultation.invented import invented_territory


def _response(consultation, *, standing, language, priority, action, text, session, item):
    """One parent's response: a priority for each orientation, a chosen action, and a written
    answer approved, coded, attached to a SWOT item and adopted as an action."""
    channel = consultation.channels[0]
    response = Response(
        consultation_id=consultation.id,
        channel_id=channel.id,
        audience="parent",
        language=language,
        submitted_on=date.today(),
        client_token=secrets.token_hex(16),
        outreach_session_id=session.id,
        standing=standing,
    )
    for question in consultation.questions:
        if question.audience != "parent":
            continue
        if question.purpose == "priority":
            response.answers.append(
                Answer(
                    question_id=question.id,
                    purpose="priority",
                    orientation_id=question.orientation_id,
                    priority=priority,
                )
            )
    first = consultation.orientations[0]
    shown = next(
        q
        for q in consultation.questions
        if (q.audience, q.purpose, q.orientation_id) == ("parent", "action_choice", first.id)
    )
    response.answers.append(
        Answer(
            question_id=shown.id,
            purpose="action_choice",
            orientation_id=first.id,
            action_id=action.id,
        )
    )
    # Shown the question: the denominator of its actions' results.
    rotation.record_exposures(response, [shown])
    response.answers.append(
        Answer(
            purpose="swot",
            quadrant="opportunity",
            text=text,
            moderation="approved",
            swot_item_id=item.id,
            adopted_action_id=action.id,
        )
    )
    response.answers.append(
        Answer(purpose="swot", quadrant="strength", text=text + " (2)", moderation="pending")
    )
    db.session.add(response)
    db.session.flush()
    return response


@pytest.fixture
def figures(app_context):
    territory, consultation = invented_territory()
    item = db.session.scalars(select(SwotItem).filter_by(territory_id=territory.id)).one()
    session = save_session(
        territory,
        None,
        consultation=consultation,
        channel_id=None,
        place="Marché du mardi",
        partner="",
        held_on=date.today(),
        facilitator_ids=[],
        people_met=30,
        languages=["fr"],
        notes="",
        is_closed=False,
    )
    db.session.add(
        ParticipationTarget(
            consultation_id=consultation.id, label="Parents", audience="parent", target=50
        )
    )
    first, second = consultation.orientations[0].actions
    for number in range(6):
        _response(
            consultation,
            standing=Standing.COUNTED.value,
            language="fr",
            priority=3,
            action=first,
            text=f"Des ateliers le soir pour les parents, numéro {number}",
            session=session,
            item=item,
        )
    db.session.commit()
    return territory, consultation, item, session, second


def _add_test(territory, consultation, item, session, second):
    response = _response(
        consultation,
        standing=Standing.TEST.value,
        language="ar",
        priority=1,
        action=second,
        text="Une réponse d'essai envoyée depuis l'aperçu",
        session=session,
        item=item,
    )
    db.session.commit()
    return response


def _count_it(response):
    """The same rows, turned counted: what the figure would be without the filter."""
    db.session.execute(
        update(Response).where(Response.id == response.id).values(standing="counted")
    )
    db.session.execute(
        update(Answer).where(Answer.response_id == response.id).values(standing="counted")
    )
    db.session.commit()
    db.session.expire_all()


def _ids(rows):
    return [row.id for row in rows]


def _report(consultation):
    context = report.context(consultation)
    return (
        context["responses_total"],
        context["people_total"],
        context["priorities"],
        context["support"],
        context["by_audience"],
        {quadrant: _ids(quotes) for quadrant, quotes in context["quotes"].items()},
        _ids(context["adopted"]),
    )


# Each figure source, as the pages, exports and report read it.
SOURCES = {
    "results: orientation priorities": lambda t, c, i, s: queries.orientation_priorities(c),
    "results: action preferences": lambda t, c, i, s: {
        key: (
            result.seen_answers,
            result.seen_people,
            [(row.action.id, row.answers, row.people) for row in result.rows],
        )
        for key, result in queries.action_preferences(c).items()
    },
    "results: proposals": lambda t, c, i, s: _ids(queries.proposals(c)),
    "results: adopted actions": lambda t, c, i, s: _ids(queries.adopted_actions(c)),
    "dashboard: participation": lambda t, c, i, s: participation.dimensions(c),
    "dashboard: outreach sessions": lambda t, c, i, s: participation.by_session(c),
    "dashboard: targets": lambda t, c, i, s: [
        (p.target.id, p.reached, p.is_shown) for p in participation.targets(c)
    ],
    "exports: responses": lambda t, c, i, s: list(
        exports.response_rows(t, exports.ExportFilters())
    ),
    "exports: answers": lambda t, c, i, s: list(exports.answer_rows(t, exports.ExportFilters())),
    "exports: SWOT items": lambda t, c, i, s: list(exports.swot_rows(t)),
    "exports: small groups": lambda t, c, i, s: exports.small_groups(t),
    "exports: filter refusal": lambda t, c, i, s: exports.filter_singles_out(
        t, exports.ExportFilters(language="ar")
    ),
    "report": lambda t, c, i, s: _report(c),
    "public summary": lambda t, c, i, s: queries.people_by_audience(c),
    "board: support": lambda t, c, i, s: queries.support(t),
    "board: contributions": lambda t, c, i, s: _ids(queries.contributions_for(i)),
    "moderation: counts": lambda t, c, i, s: queries.status_counts(t),
    "moderation: queue": lambda t, c, i, s: _ids(
        queries.moderation_queue(t, queries.QueueFilters(status=None))[0]
    ),
    "consultations: responses": lambda t, c, i, s: consultation_queries.response_counts([c.id]),
    "consultations: channels": lambda t, c, i, s: consultation_queries.channel_stats(c),
    "checklist: written answers": lambda t, c, i, s: progress.written_answers([c.id]),
    "outreach: responses": lambda t, c, i, s: outreach_queries.response_counts([s.id]),
    "outreach: summary": lambda t, c, i, s: outreach_queries.summary(s),
}


@pytest.mark.parametrize("source", SOURCES)
def test_a_test_response_changes_no_figure(figures, source):
    territory, consultation, item, session, second = figures
    figure = SOURCES[source]
    before = figure(territory, consultation, item, session)

    test = _add_test(territory, consultation, item, session, second)
    assert figure(territory, consultation, item, session) == before

    _count_it(test)
    assert figure(territory, consultation, item, session) != before, (
        "the test response does not reach this figure even when counted: the case proves nothing"
    )


def test_answers_copy_their_response_standing(figures):
    territory, consultation, item, session, second = figures
    test = _add_test(territory, consultation, item, session, second)
    standings = set(
        db.session.scalars(select(Answer.standing).filter_by(response_id=test.id)).all()
    )
    assert standings == {"test"}
