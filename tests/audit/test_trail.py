"""The staff audit trail is written in the action's own transaction."""

from consult.audit.operations import record_staff_action
from consult.audit.queries import staff_events
from consult.extensions import db


def test_a_recorded_action_is_kept_with_its_commit(make_territory, make_user):
    territory = make_territory(slug="nord")
    actor = make_user(territories=[territory])
    record_staff_action(
        "consultation.open", target="Consultation 4", territory=territory, actor=actor
    )
    db.session.commit()
    [event] = staff_events(territory_id=territory.id)
    assert (event.action, event.target, event.actor_label) == (
        "consultation.open",
        "Consultation 4",
        actor.email,
    )


def test_a_refused_action_leaves_no_line(make_territory):
    territory = make_territory(slug="sud")
    record_staff_action("channel.retire", target="Portail", territory=territory)
    db.session.rollback()
    assert staff_events(territory_id=territory.id) == []


def test_outside_a_request_the_actor_is_the_command_line(make_territory):
    territory = make_territory(slug="est")
    record_staff_action("purge.run", detail="x" * 5000, territory=territory)
    db.session.commit()
    [event] = staff_events(action_prefix="purge.")
    assert event.actor_id is None
    assert event.actor_label == "command line"
    assert len(event.detail) == 1000
