from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.audit.models import StaffEvent
from consult.core.operations import OperationRefused
from consult.crossing import operations as crossing_operations
from consult.crossing import queries as crossing_queries
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Orientation, SwotItem
from consult.extensions import db
from consult.followup import operations as followup_operations
from consult.followup import queries as followup_queries
from consult.governance import operations, queries
from consult.governance.models import Decision, TimelineEvent


def _territory_with_orientation(make_territory, slug="bourg"):
    territory = make_territory(slug, "Cité éducative du Bourg")
    axis = diagnostic_operations.save_axis(
        territory, None, number=1, title={"fr": "Axe"}, description={}
    )
    orientation = diagnostic_operations.save_orientation(
        territory,
        None,
        number=1,
        title={"fr": "Impliquer les parents"},
        family_title={"fr": "Parents et école"},
        description={},
        axis_ids=[axis.id],
        validated_on=date(2021, 6, 25),
        validated_by="Comité de pilotage",
    )
    return territory, axis, orientation


def _steering_meeting(territory, on=date(2024, 6, 1)):
    body = operations.save_body(territory, None, name="Copil", kind="steering_committee")
    return operations.save_event(
        territory, None, kind="meeting", starts_on=on, title="Copil de juin", body_id=body.id
    )


def _proposed_action(territory, orientation, title="Un café des parents"):
    return diagnostic_operations.save_action(
        territory,
        None,
        orientation_id=orientation.id,
        title={"fr": title},
        description={},
        position=9,
        origin="family_proposal",
        status="proposed",
    )


def test_the_demo_timeline_follows_the_diagnostic(demo_territory):
    entries = queries.timeline(demo_territory)
    titles = [(entry.starts_on, entry.title) for entry in entries if entry.event]
    assert titles[0] == (
        date(2020, 11, 1),
        "Démarche partenariale engagée pour le dossier de pré-sélection",
    )
    by_title = {entry.title: entry for entry in entries if entry.event}
    december = by_title["Réunion partenariale"]
    assert december.starts_on == date(2020, 12, 1) and december.precision == "month"
    assert {partner.name for partner in december.event.partners} == {
        "Maison des Solidarités",
        "Caisse d'Allocations Familiales",
        "Associations de terrain",
    }
    assert by_title["Dépôt du dossier de candidature"].starts_on == date(2021, 3, 31)
    assert by_title["Dépôt du tableau prévisionnel de financement et d'actions"].starts_on == date(
        2021, 5, 31
    )
    irts = by_title["Seconde phase du diagnostic partagé, avec l'appui de l'IRTS"]
    assert [partner.name for partner in irts.event.partners] == ["IRTS"]
    # The workshops are in the timeline, between the files and the steering committee.
    workshop_days = [entry.starts_on for entry in entries if entry.workshop]
    assert date(2021, 6, 4) in workshop_days and date(2021, 6, 22) in workshop_days
    steering = by_title["Comité de pilotage : validation des orientations stratégiques"]
    assert steering.starts_on == date(2021, 6, 25)
    assert steering.event.is_decision_meeting
    assert len(steering.event.decisions) == 6
    planned = [entry for entry in entries if entry.kind == "planned"]
    assert planned[0].starts_on == date(2021, 7, 1) and planned[0].ends_on == date(2021, 12, 31)
    # Elected officials are a voice of their own.
    assert any(body.kind == "elected_officials" for body in queries.bodies(demo_territory))


def test_load_demo_twice_adds_nothing(runner, app):
    assert runner.invoke(args=["consult", "load-demo"]).exit_code == 0
    with app.app_context():
        counts = (
            db.session.scalar(select(db.func.count(TimelineEvent.id))),
            db.session.scalar(select(db.func.count(Decision.id))),
        )
    assert runner.invoke(args=["consult", "load-demo"]).exit_code == 0
    with app.app_context():
        assert counts == (
            db.session.scalar(select(db.func.count(TimelineEvent.id))),
            db.session.scalar(select(db.func.count(Decision.id))),
        )
        assert counts[0] >= 9


def test_only_the_steering_committee_decides(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    body = operations.save_body(territory, None, name="PEDT", kind="local_instance")
    meeting = operations.save_event(
        territory, None, kind="meeting", starts_on=date(2024, 5, 1), title="PEDT", body_id=body.id
    )
    action = _proposed_action(territory, orientation)
    with pytest.raises(OperationRefused):
        operations.decide_on_proposal(
            territory, meeting, action_id=action.id, kind="proposal_retained", reason={"fr": "Oui"}
        )


def test_retaining_a_proposal_makes_it_live_and_is_audited(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    meeting = _steering_meeting(territory)
    action = _proposed_action(territory, orientation)
    assert not action.is_live
    with pytest.raises(OperationRefused):
        operations.decide_on_proposal(
            territory, meeting, action_id=action.id, kind="proposal_retained", reason={"fr": " "}
        )
    operations.decide_on_proposal(
        territory,
        meeting,
        action_id=action.id,
        kind="proposal_retained",
        reason={"fr": "Beaucoup de parents l'ont demandé.", "ar": "طلبه كثير من الآباء."},
    )
    db.session.commit()
    assert action.status == "retained" and action.is_live
    event = db.session.scalar(select(StaffEvent).filter_by(action="decision.proposal_retained"))
    assert event.territory_id == territory.id and "Copil de juin" in event.detail
    # A decided action cannot be decided again.
    with pytest.raises(OperationRefused):
        operations.decide_on_proposal(
            territory,
            meeting,
            action_id=action.id,
            kind="proposal_not_retained",
            reason={"fr": "Non"},
        )


def test_merging_needs_a_live_action_and_drops_the_proposal(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    meeting = _steering_meeting(territory)
    proposal = _proposed_action(territory, orientation)
    other_proposal = _proposed_action(territory, orientation, "Autre idée")
    with pytest.raises(OperationRefused):
        operations.decide_on_proposal(
            territory,
            meeting,
            action_id=proposal.id,
            kind="proposal_merged",
            reason={"fr": "Rejoint"},
            merged_into_id=other_proposal.id,
        )
    existing = diagnostic_operations.save_action(
        territory, None, orientation_id=orientation.id, title={"fr": "Médiation"}, description={}
    )
    decision = operations.decide_on_proposal(
        territory,
        meeting,
        action_id=proposal.id,
        kind="proposal_merged",
        reason={"fr": "Rejoint la médiation"},
        merged_into_id=existing.id,
    )
    assert proposal.status == "dropped" and decision.merged_into == existing
    # Undone: the proposal waits again.
    operations.delete_decision(territory, decision)
    assert proposal.status == "proposed"


def test_a_decision_without_its_subject_is_refused_by_the_database(make_territory):
    territory, _, _ = _territory_with_orientation(make_territory)
    meeting = _steering_meeting(territory)
    db.session.add(
        Decision(territory_id=territory.id, meeting_id=meeting.id, kind="proposal_retained")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_an_amendment_keeps_the_2021_wording_and_validation(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    meeting = _steering_meeting(territory, on=date(2024, 6, 1))
    operations.decide_on_orientation(
        territory,
        meeting,
        orientation_id=orientation.id,
        kind="orientation_amended",
        reason={"fr": "Les parents ont demandé d'y ajouter les enfants."},
        new_title={"fr": "Impliquer les parents et les enfants"},
    )
    db.session.commit()
    db.session.refresh(orientation)
    assert orientation.title["fr"] == "Impliquer les parents et les enfants"
    assert orientation.validated_on == date(2024, 6, 1)
    [old] = orientation.versions
    assert old.title["fr"] == "Impliquer les parents"
    assert old.validated_on == date(2021, 6, 25) and old.validated_by == "Comité de pilotage"
    assert "01/06/2024" in old.replaced_because


def test_editing_the_validation_in_the_form_keeps_the_previous_one(make_territory):
    territory, axis, orientation = _territory_with_orientation(make_territory)
    diagnostic_operations.save_orientation(
        territory,
        orientation,
        number=1,
        title={"fr": "Impliquer les parents"},
        family_title={"fr": "Parents et école"},
        description={},
        axis_ids=[axis.id],
        validated_on=date(2022, 1, 10),
        validated_by="Comité de pilotage",
    )
    assert [version.validated_on for version in orientation.versions] == [date(2021, 6, 25)]
    # Saving without any change keeps no new version.
    diagnostic_operations.save_orientation(
        territory,
        orientation,
        number=1,
        title={"fr": "Impliquer les parents"},
        family_title={"fr": "Parents et école"},
        description={},
        axis_ids=[axis.id],
        validated_on=date(2022, 1, 10),
        validated_by="Comité de pilotage",
    )
    assert len(orientation.versions) == 1


def test_a_proposed_action_cannot_move_on_without_a_decision(make_territory, make_user):
    territory, _, orientation = _territory_with_orientation(make_territory)
    action = _proposed_action(territory, orientation)
    user = make_user(territories=[territory])
    with pytest.raises(OperationRefused):
        followup_operations.add_update(
            territory,
            action,
            user,
            dated_on=date(2024, 7, 1),
            text={"fr": "Lancé"},
            status="in_progress",
            progress=10,
        )


def test_an_older_update_does_not_overwrite_the_current_status(make_territory, make_user):
    territory, _, orientation = _territory_with_orientation(make_territory)
    action = diagnostic_operations.save_action(
        territory, None, orientation_id=orientation.id, title={"fr": "Médiation"}, description={}
    )
    user = make_user(territories=[territory])
    followup_operations.add_update(
        territory,
        action,
        user,
        dated_on=date(2024, 9, 1),
        text={"fr": "Démarré"},
        status="in_progress",
        progress=40,
    )
    followup_operations.add_update(
        territory,
        action,
        user,
        dated_on=date(2024, 3, 1),
        text={"fr": "Prévu"},
        status="scheduled",
        progress=0,
    )
    assert (action.status, action.progress) == ("in_progress", 40)
    assert followup_queries.last_updates([action.id])[action.id].label == "Démarré"


def test_crossing_pairs_are_typed_from_their_items(make_territory):
    territory, axis, orientation = _territory_with_orientation(make_territory)

    def item(quadrant, voice="professional"):
        return diagnostic_operations.save_swot_item(
            territory,
            None,
            axis_id=axis.id,
            quadrant=quadrant,
            statement=f"{quadrant} item",
            voice=voice,
            source="",
        )

    weakness, threat, strength = item("weakness"), item("threat", voice="parent"), item("strength")
    pair = crossing_operations.save_pair(
        territory,
        None,
        internal_item_id=weakness.id,
        external_item_id=threat.id,
        orientation_id=None,
    )
    assert pair.kind == "WT"
    with pytest.raises(OperationRefused):
        crossing_operations.save_pair(
            territory,
            None,
            internal_item_id=threat.id,
            external_item_id=weakness.id,
            orientation_id=None,
        )
    with pytest.raises(OperationRefused):
        crossing_operations.save_pair(
            territory,
            None,
            internal_item_id=strength.id,
            external_item_id=weakness.id,
            orientation_id=None,
        )
    # The parents' threat supports no orientation yet: listed as not covered.
    assert threat in crossing_queries.not_covered(territory)
    crossing_operations.save_pair(
        territory,
        pair,
        internal_item_id=weakness.id,
        external_item_id=threat.id,
        orientation_id=orientation.id,
    )
    assert threat not in crossing_queries.not_covered(territory)
    assert strength in crossing_queries.not_covered(territory)


def test_the_demo_crossing_leads_to_all_six_orientations(demo_territory):
    pairs = crossing_queries.pairs(demo_territory)
    assert {pair.orientation.number for pair in pairs} == {1, 2, 3, 4, 5, 6}
    assert all(pair.is_illustrative for pair in pairs)
    assert {pair.kind for pair in pairs} == {"SO", "WO", "ST", "WT"}


def test_funding_totals_equal_the_sum_of_the_lines(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    second = diagnostic_operations.save_orientation(
        territory,
        None,
        number=2,
        title={"fr": "Parcours"},
        family_title={},
        description={},
    )
    lines = [
        (orientation, "Médiation", "cite_educative", 2024, 12000),
        (orientation, "Médiation", "caf", 2024, 3000),
        (orientation, "Café", "local_authority", 2024, 2500),
        (second, "Passerelle", "state", 2024, 7000),
        (second, "Passerelle", "cite_educative", 2025, 9000),
    ]
    actions = {}
    for owner, title, funder, year, amount in lines:
        action = actions.get(title) or diagnostic_operations.save_action(
            territory, None, orientation_id=owner.id, title={"fr": title}, description={}
        )
        actions[title] = action
        followup_operations.add_funding_line(
            territory, action, funder=funder, year=year, amount=amount
        )
    with pytest.raises(OperationRefused):
        followup_operations.add_funding_line(
            territory, actions["Café"], funder="local_authority", year=2024, amount=1
        )
    table = followup_queries.funding_table(territory)
    assert table.total == sum(line[4] for line in lines)
    assert table.by_funder["cite_educative"] == 21000
    assert sum(table.by_funder.values()) == table.total
    assert sum(row["total"] for row in table.by_orientation) == table.total
    assert {row["orientation"].number: row["total"] for row in table.by_orientation} == {
        1: 17500,
        2: 16000,
    }
    year_2024 = followup_queries.funding_table(territory, 2024)
    assert year_2024.total == 24500
    assert followup_queries.funding_years(territory) == [2024, 2025]


def test_a_territory_cannot_use_another_territorys_partner(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    other = make_territory("autre", "Autre")
    foreign = operations.save_partner(other, None, name="CAF", kind="caf")
    action = diagnostic_operations.save_action(
        territory, None, orientation_id=orientation.id, title={"fr": "X"}, description={}
    )
    with pytest.raises(OperationRefused):
        followup_operations.set_partners_and_publics(
            territory, action, lead_id=foreign.id, co_lead_ids=[], publics=[]
        )
    with pytest.raises(OperationRefused):
        operations.save_event(
            territory,
            None,
            kind="meeting",
            starts_on=date(2024, 1, 1),
            title="X",
            partner_ids=[foreign.id],
        )


def test_proposed_actions_wait_in_their_own_list(make_territory):
    territory, _, orientation = _territory_with_orientation(make_territory)
    action = _proposed_action(territory, orientation)
    assert queries.proposed_actions(territory) == [action]
    assert db.session.get(Orientation, orientation.id).actions == [action]
    assert db.session.scalar(select(Action.status).filter_by(id=action.id)) == "proposed"
    assert db.session.scalar(select(SwotItem.id)) is None
