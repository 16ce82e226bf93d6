"""Which role may open which route, built from the app's own URL map.

A new route without a declared role fails here, so none can be forgotten.
"""

import pytest
from sqlalchemy import select

from consult.accounts.roles import ROLE_RANK, Role
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Workshop
from consult.extensions import db
from tests.conftest import login, submit

ROLES = [None, Role.FACILITATOR, Role.COORDINATOR, Role.ADMIN]


def _views(app):
    # Opening the kiosk locks the login to the kiosk's pages (tests/outreach/
    # test_kiosk_lock.py): its rules go last.
    for rule in sorted(
        app.url_map.iter_rules(), key=lambda rule: rule.endpoint.startswith("kiosk.")
    ):
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_declares_who_may_open_it(app):
    undeclared = [
        rule.rule
        for rule, view in _views(app)
        if not getattr(view, "is_public", False) and not hasattr(view, "minimum_role")
    ]
    assert undeclared == []


FIXED_VALUES = {
    "territory": "demo",
    "number": 1,
    "layout": "poster",
    "size": "a3",
    "direction": "up",
    "audience": "parent",
    "language": "fr",
    "table": "responses",
    "notice": "privacy",
}
ID_ARGUMENTS = {
    "user_id": "user",
    "consultation_id": "consultations",
    "question_id": "questions",
    "channel_id": "channels",
    "session_id": "outreach_sessions",
    "answer_id": "answers",
    "swot_item_id": "swot_items",
    "territory_id": "territory",
    "action_id": "actions",
    "event_id": "events",
    "decision_id": "decisions",
    "line_id": "funding_lines",
    "indicator_id": "indicators",
}


def sample_ids(make_user, territory) -> dict:
    """One existing id per kind of row, from the demo data."""
    from consult.consultation.models import Channel, Consultation, Question

    ids = {
        name: db.session.scalar(select(model.id).order_by(model.id))
        for name, model in {
            "axes": Axis,
            "workshops": Workshop,
            "swot_items": SwotItem,
            "orientations": Orientation,
            "actions": Action,
            "consultations": Consultation,
            "questions": Question,
            "channels": Channel,
        }.items()
    }
    ids |= _governance_ids(territory)
    ids["user"] = make_user(role=Role.FACILITATOR, territories=[territory]).id
    ids["territory"] = territory.id
    ids["token"] = db.session.scalar(select(Channel.token).order_by(Channel.id))
    ids["outreach_sessions"] = _outreach_session_id(territory)
    ids["answers"] = _a_written_answer(ids["consultations"], ids["channels"])
    return ids


def _governance_ids(territory) -> dict:
    """The partnership process, decisions, follow-up and crossing rows of the territory."""
    from consult.crossing.models import CrossingPair
    from consult.diagnostic.models import Orientation
    from consult.followup.models import FundingLine, Indicator
    from consult.governance.models import Decision, GovernanceBody, Partner, TimelineEvent

    def first(model, *where):
        return db.session.scalar(select(model.id).where(*where).order_by(model.id))

    meeting = db.session.get(
        TimelineEvent,
        first(
            TimelineEvent, TimelineEvent.territory_id == territory.id, TimelineEvent.decisions.any()
        ),
    )
    # Signed minutes, so their download is checked too.
    meeting.minutes_pdf, meeting.minutes_pdf_name = b"%PDF-1.4\n%%EOF\n", "copil.pdf"
    # The demo measures nothing: an indicator on the territory's first action, so its page
    # is walked too.
    indicator = Indicator(
        action_id=first(Action, Action.orientation.has(Orientation.territory_id == territory.id)),
        label="Parents reçus",
    )
    db.session.add(indicator)
    db.session.commit()
    return {
        "partners": first(Partner, Partner.territory_id == territory.id),
        "bodies": first(GovernanceBody, GovernanceBody.territory_id == territory.id),
        "events": meeting.id,
        "decisions": first(Decision, Decision.territory_id == territory.id),
        "pairs": first(CrossingPair, CrossingPair.territory_id == territory.id),
        "indicators": indicator.id,
        "funding_lines": first(
            FundingLine,
            FundingLine.action.has(
                Action.orientation.has(Orientation.territory_id == territory.id)
            ),
        ),
    }


def _a_written_answer(consultation_id, channel_id) -> int:
    from datetime import date

    from consult.consultation.models import Answer, Response

    response = Response(
        consultation_id=consultation_id,
        channel_id=channel_id,
        audience="parent",
        language="fr",
        submitted_on=date.today(),
        client_token="route-matrix-sample",
    )
    response.answers.append(
        Answer(purpose="swot", quadrant="strength", text="Une réponse écrite", moderation="pending")
    )
    db.session.add(response)
    db.session.commit()
    return response.answers[0].id


def _outreach_session_id(territory) -> int:
    """The demo has no outreach session: make one, so its pages are checked too."""
    from datetime import date

    from consult.consultation.models import Consultation
    from consult.outreach.operations import save_session

    consultation = db.session.scalars(
        select(Consultation).filter_by(territory_id=territory.id)
    ).first()
    session = save_session(
        territory,
        None,
        consultation=consultation,
        channel_id=consultation.channels[0].id,
        place="Marché du samedi",
        partner="Maison des Solidarités",
        held_on=date.today(),
        facilitator_ids=[],
        people_met=12,
        languages=["fr", "ar"],
        notes="",
        is_closed=False,
    )
    db.session.commit()
    return session.id


def _sample_values(rule, ids):
    values = {}
    for argument in rule.arguments:
        if argument in FIXED_VALUES:
            values[argument] = FIXED_VALUES[argument]
        elif argument == "item_id":
            values[argument] = ids[rule.endpoint.split(".")[1].rsplit("_", 1)[0]]
        elif argument in ID_ARGUMENTS:
            values[argument] = ids[ID_ARGUMENTS[argument]]
        elif argument == "token":
            values[argument] = ids["token"]
        else:
            raise AssertionError(f"no sample value for {argument} in {rule.rule}")
    return values


@pytest.mark.parametrize("role", ROLES, ids=lambda role: str(role or "anonymous"))
def test_role_matrix(app, client, make_user, demo_territory, role):
    ids = sample_ids(make_user, demo_territory)
    if role is not None:
        login(client, make_user(role=role, territories=[demo_territory]))

    checked = 0
    for rule, view in _views(app):
        if "GET" not in rule.methods:
            continue
        url = rule.build(_sample_values(rule, ids), append_unknown=False)[1]
        response = client.get(url)
        assert response.status_code < 500, url
        if getattr(view, "is_public", False):
            assert response.status_code in (200, 302), url
        elif role is None:
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        elif ROLE_RANK[role] >= ROLE_RANK[view.minimum_role]:
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (url, response.status_code)
        checked += 1
    assert checked >= 20


def test_facilitator_cannot_post_edits(client, make_user, demo_territory):
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    axis_id = db.session.scalar(select(Axis.id))
    response = submit(client, f"/admin/demo/axes/{axis_id}/delete", {}, page_url="/admin/demo/")
    assert response.status_code == 403
    assert db.session.get(Axis, axis_id) is not None


# Territory isolation, route by route: tests/test_territory_isolation.py.
