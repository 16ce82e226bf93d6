"""The participation dashboard: server-drawn charts with their tables, targets, and no
figure about fewer than five people."""

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel
from consult.extensions import db
from consult.review.models import ParticipationTarget
from tests.conftest import submit
from tests.review.test_review import _parent_answers


def test_charts_tables_and_small_groups_masked(client, as_role, demo_territory, app_context):
    for _ in range(5):
        _parent_answers(client, {"strength": "Bien"})
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    coordinator = as_role(Role.COORDINATOR)
    page = coordinator.get(f"/admin/demo/review/participation/{gate.consultation_id}").get_data(
        as_text=True
    )
    # Five parents through the school gate: shown, as a bar and in the table.
    assert '<svg class="chart__svg" role="img"' in page
    assert page.count('class="chart__bar"') >= 3
    assert ">5</td>" in page
    # The same parents, counted by language: French has 5; nobody else appears.
    assert ">moins de 5<" not in page


def test_a_group_of_fewer_than_five_is_masked(client, as_role, demo_territory, app_context):
    for _ in range(3):
        _parent_answers(client, {"strength": "Bien"})
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    coordinator = as_role(Role.COORDINATOR)
    page = coordinator.get(f"/admin/demo/review/participation/{gate.consultation_id}").get_data(
        as_text=True
    )
    assert "moins de 5" in page
    assert ">3</text>" not in page
    assert ">3</td>" not in page


def test_targets_against_what_was_reached(client, as_role, demo_territory, app_context):
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    coordinator = as_role(Role.COORDINATOR)
    url = f"/admin/demo/review/participation/{gate.consultation_id}"
    response = submit(
        coordinator,
        url,
        {
            "label": "Parents de l’école élémentaire",
            "channel_id": gate.id,
            "audience": "parent",
            "target": 40,
        },
    )
    assert response.status_code == 302
    assert db.session.scalars(select(ParticipationTarget)).one().target == 40
    for _ in range(2):
        _parent_answers(client, {"strength": "Bien"})
    # Two people: too few to show, even against a target.
    page = coordinator.get(url).get_data(as_text=True)
    assert "moins de 5 personnes sur 40" in page and 'max="40" value="2"' not in page
    for _ in range(3):
        _parent_answers(client, {"strength": "Bien"})
    page = coordinator.get(url).get_data(as_text=True)
    assert 'max="40" value="5"' in page


def test_a_facilitator_sees_but_cannot_set_targets(as_role, demo_territory, app_context):
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    facilitator = as_role(Role.FACILITATOR)
    url = f"/admin/demo/review/participation/{gate.consultation_id}"
    assert facilitator.get(url).status_code == 200
    response = submit(
        facilitator, url, {"label": "X", "channel_id": 0, "audience": "", "target": 3}
    )
    assert response.status_code == 403
